"""The real HTTP stack for the benchmark: gunicorn with the production settings, and a small client.

gunicorn runs as the deployment runs it (docker/start.sh: the cache table made, then gthread
workers), here 2 processes of 4 threads, as issue 10's figures were measured. The client uses
http.client with one keep-alive connection per thread, and reads each response to its end.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import percentiles

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
THREADS = 4


def free_port():
    """Return a TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url):
    """Return the environment the production settings need, pointed at the benchmark database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback: no proxy in front terminates TLS here.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        # Downloads run one after the other; the default per-client limit stays.
    )
    return env


class Server:
    """gunicorn serving the site on a free loopback port; use as a context manager."""

    def __init__(self, database_url, workers=WORKERS, threads=THREADS):
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.process = None
        self.log = None

    def __enter__(self):
        env = production_environment(self.database_url)
        python = Path(sys.executable)
        for command in (["createcachetable"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                python.parent / "gunicorn",
                "website.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--timeout",
                "300",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {Path(self.log.name).read_text()[-2000:]}")
            try:
                status, _body, _first, _total = Client(self.port).get("/healthz")
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def worker_pids(self):
        """Return the process ids of gunicorn's workers (the master's children)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []


def rss_mb(pid):
    """Return the resident set size of a process in MB, read from /proc, or 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssWatch:
    """Poll the workers' RSS from outside the processes while a block runs; keep the peak of each."""

    def __init__(self, server, every=0.05):
        self.server, self.every = server, every
        self.peak = {}
        self.before = {}
        self._stop = threading.Event()

    def __enter__(self):
        self.before = {pid: rss_mb(pid) for pid in self.server.worker_pids()}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            for pid in self.server.worker_pids():
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))
            self._stop.wait(self.every)

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()

    @property
    def peak_mb(self):
        return max(self.peak.values(), default=0.0)

    @property
    def before_mb(self):
        return max(self.before.values(), default=0.0)


class Client:
    """One keep-alive HTTP connection to the server."""

    def __init__(self, port, timeout=600):
        self.port, self.timeout = port, timeout
        self.connection = None

    def get(self, path, sink=None):
        """GET path; return (status, body or bytes read, ms to the first byte, ms in all).

        With sink, the body is not kept: each block read is passed to sink and its size counted.
        """
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "en"})
                response = self.connection.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: open a new one once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            first = (time.perf_counter() - start) * 1000
            if sink is None:
                body = response.read()
            else:
                body = 0
                while block := response.read(1 << 16):
                    body += len(block)
                    sink(block)
            total = (time.perf_counter() - start) * 1000
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status, body, first, total
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()


def cpu_seconds():
    """Return (seconds of CPU the whole machine spent busy, seconds this process spent) so far.

    The machine's from /proc/stat (every process: the server's workers, PostgreSQL and this client),
    this process's from os.times(), so the client's own share can be taken out.
    """
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    # user, nice, system, idle, iowait, irq, softirq, steal: busy is all but idle and iowait.
    busy = sum(fields[:8]) - fields[3] - fields[4]
    own = os.times()
    return busy / os.sysconf("SC_CLK_TCK"), own.user + own.system


def load(port, paths, *, threads, seconds, rng):
    """Request paths drawn at random from `threads` threads for `seconds`; return throughput figures."""
    durations, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(seed):
        client = Client(port, timeout=60)
        local = rng.__class__(seed)
        mine, failed = [], []
        while time.perf_counter() < deadline:
            path = local.choice(paths)
            try:
                status, _body, _first, total = client.get(path)
            except OSError as error:
                failed.append(f"{path}: {error}")
                client.close()
                client = Client(port, timeout=60)
                continue
            if status != 200:
                failed.append(f"{path}: HTTP {status}")
            mine.append(total)
        client.close()
        with lock:
            durations.extend(mine)
            errors.extend(failed)

    start, (machine_before, client_before) = time.perf_counter(), cpu_seconds()
    pool = [threading.Thread(target=worker, args=(rng.random(),)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    machine_after, client_after = cpu_seconds()
    # CPU the server and the database spent per request: the machine's busy time less this client's.
    served = (machine_after - machine_before) - (client_after - client_before)
    p50, p95 = percentiles(durations) if durations else (0.0, 0.0)
    return {
        "threads": threads,
        "seconds": round(elapsed, 1),
        "requests": len(durations),
        "requests_per_second": round(len(durations) / elapsed, 1),
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "errors": len(errors),
        "error_examples": errors[:5],
        "cpu_ms_per_request": round(1000 * served / len(durations), 1) if durations else None,
        "cpus": os.cpu_count(),
    }
