"""Production settings pass Django's deployment checks, and the container start command serves."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from website.settings.secret_key import SECRET_KEY_IS_PLACEHOLDER, SECRET_KEY_PLACEHOLDER, SECRET_KEY_TOO_SHORT

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kb.example.org,127.0.0.1",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        **extra,
    )
    # Set for the browser tests in this process; a deployment never has them.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def test_check_deploy_prints_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def start_with_secret_key(value):
    env = production_env()
    env["SECRET_KEY"] = value
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_refuses_a_short_secret_key():
    result = start_with_secret_key("x" * 49)
    assert result.returncode != 0
    assert SECRET_KEY_TOO_SHORT in result.stderr
    assert start_with_secret_key(secrets.token_urlsafe(38)).returncode == 0  # 51 characters


def test_production_refuses_the_placeholder_of_the_example_environment():
    lines = (ROOT / ".env.example").read_text().splitlines()
    example = dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    assert example["SECRET_KEY"] == SECRET_KEY_PLACEHOLDER
    result = start_with_secret_key(example["SECRET_KEY"])
    assert result.returncode != 0
    assert SECRET_KEY_IS_PLACEHOLDER in result.stderr


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, **headers):
    request = urllib.request.Request(url, headers={"Host": "kb.example.org", **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db
def test_the_container_start_command_migrates_collects_static_and_serves(tmp_path):
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    port = free_port()
    server = subprocess.Popen(
        ["sh", "docker/start.sh"],
        cwd=ROOT,
        env=production_env(DATABASE_URL=url, PORT=str(port), WEB_CONCURRENCY="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read().decode()
            try:
                if get(f"{base}/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer in 120 s"
            time.sleep(0.2)

        # Plain HTTP is sent to HTTPS, except the health check.
        redirect = get(f"{base}/admin/login/")
        assert redirect.status == 301 and redirect.headers["Location"].startswith("https://")

        # The home page's counts are kept in the cache table start.sh made.
        home = get(f"{base}/en/", **{"X-Forwarded-Proto": "https"})
        assert home.status == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM advocacy_cache WHERE cache_key LIKE %s", ["%home-summary"])
            assert cursor.fetchone() == (1,)

        manifest = json.loads((Path(settings.BASE_DIR) / "var/staticfiles/staticfiles.json").read_text())
        hashed = manifest["paths"]["admin/css/base.css"]
        assert hashed != "admin/css/base.css"
        static = get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"})
        assert static.status == 200
        assert static.headers["Content-Encoding"] == "gzip"
        assert "immutable" in static.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
