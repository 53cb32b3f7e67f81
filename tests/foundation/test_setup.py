"""A newcomer's set-up: make run's port and host, make help, make clean, .env.example, compose's port."""

import os
import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text()
COMPOSE = (ROOT / "docker-compose.yml").read_text()
NGINX_TEMPLATE = (ROOT / "docker" / "nginx" / "default.conf.template").read_text()


def make(*args, timeout=60):
    """Run make here with PORT's default, and not as a sub-make of `make test` with its flags and variables."""
    env = {
        name: value for name, value in os.environ.items() if name not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PORT"}
    }
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def targets():
    """Every target the Makefile defines by name (not file targets such as $(BIN)/python)."""
    return re.findall(r"^([a-z][a-z-]*):(?!=)", MAKEFILE, re.M)


def test_make_run_stops_before_installing_or_migrating_when_the_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A virtualenv and a database of its own show whether anything was installed or migrated.
        result = make(
            f"PORT={port}", f"VENV={tmp_path / 'venv'}", f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}", "run"
        )
    assert result.returncode != 0
    assert f"port {port} is already in use" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr
    assert not (tmp_path / "venv").exists()
    assert not (tmp_path / "db.sqlite3").exists()
    assert "migrate" not in result.stdout


def test_make_run_serves_on_the_port_and_host_given_after_checking_the_port_first(tmp_path):
    result = make("-n", "PORT=8123", "HOST=0.0.0.0", f"VENV={tmp_path / 'venv'}", "run")
    commands = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert commands[-1].endswith("manage.py runserver 0.0.0.0:8123")
    assert commands[0].endswith("scripts/port_free.py 0.0.0.0 8123")
    assert any("-m venv" in command for command in commands[1:])
    assert make("-n", "HOST=::1", "run").stdout.splitlines()[-1].endswith("runserver [::1]:8000")
    assert make("-n", "run").stdout.splitlines()[-1].endswith("runserver 127.0.0.1:8000")


def test_make_help_lists_every_target_and_every_target_is_phony():
    listed = re.findall(r"^make (\S+) ", make("help").stdout, re.M)
    assert listed == targets()
    phony = re.search(r"^\.PHONY: (.*)$", MAKEFILE, re.M).group(1).split()
    assert sorted(phony) == sorted(targets())


def test_make_clean_removes_what_the_tests_write_and_keeps_the_database_of_make_run():
    commands = make("-n", "clean").stdout
    # The browser tests' screenshots (tests/browser/), the start command test's collected static
    # files (test_deploy.py), the SQLite smoke database, and the caches of pytest and ruff.
    for path in (
        "test-artifacts",
        "var/staticfiles",
        "var/test.sqlite3",
        ".pytest_cache",
        ".ruff_cache",
        "__pycache__",
    ):
        assert path in commands
    assert "db.sqlite3 " not in commands.replace("test.sqlite3", "")
    assert not re.search(r"rm -rf[^\n]* var( |$)", commands, re.M)


def example_variables():
    """The variables .env.example sets, and those it names in a commented-out line."""
    text = (ROOT / ".env.example").read_text()
    active = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.M))
    commented = set(re.findall(r"^#([A-Z][A-Z0-9_]*)=", text, re.M))
    return active, commented


def settings_variables():
    text = "".join(path.read_text() for path in (ROOT / "website" / "settings").glob("*.py"))
    names = set(re.findall(r"(?:environ\.get|env_bool|env_list)\(\s*\"([A-Z][A-Z0-9_]*)\"", text))
    # dj_database_url.config() reads DATABASE_URL.
    if "dj_database_url.config(" in text:
        names.add("DATABASE_URL")
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_env_example_names_every_setting_and_only_what_the_settings_make_or_compose_read():
    active, commented = example_variables()
    deployment = (ROOT / "docker" / "start.sh").read_text() + COMPOSE
    read = settings_variables() | set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", deployment)) | {"PORT"}
    assert active | commented <= read
    assert settings_variables() <= active | commented
    assert "PORT" in re.findall(r"^([A-Z]+) \?=", MAKEFILE, re.M)


def test_env_example_leaves_make_run_on_sqlite():
    active, commented = example_variables()
    # A DATABASE_URL naming a PostgreSQL database nobody created would make `make run` fail.
    assert "DATABASE_URL" not in active
    assert "DATABASE_URL" in commented
    assert "DATABASE_URL: postgres://" in COMPOSE


def test_compose_publishes_serves_and_checks_health_on_port():
    # No setting of the compose file hard-codes gunicorn's or the host's port any more.
    settings = "\n".join(line for line in COMPOSE.splitlines() if not line.lstrip().startswith("#"))
    assert len(re.findall(r"\b8000\b", settings)) == len(re.findall(r"\$\{PORT:-8000\}", settings)) == 5
    assert '- "${PORT:-8000}:80"' in COMPOSE
    assert "http://127.0.0.1:${PORT:-8000}/healthz" in COMPOSE
    assert COMPOSE.count("PORT: ${PORT:-8000}") == 2  # gunicorn's container and nginx's
    assert "HTTP_PORT" not in COMPOSE
    assert '--bind "0.0.0.0:${PORT:-8000}"' in (ROOT / "docker" / "start.sh").read_text()


def test_nginx_template_passes_to_gunicorn_on_port_and_keeps_its_own_variables():
    assert "./docker/nginx/default.conf.template:/etc/nginx/templates/default.conf.template:ro" in COMPOSE
    assert "NGINX_ENVSUBST_FILTER: ^PORT$$" in COMPOSE
    # What the image's envsubst makes of it: PORT filled in, nginx's $variables untouched.
    rendered = NGINX_TEMPLATE.replace("${PORT}", "8123")
    assert "server web:8123;" in rendered
    assert "${" not in rendered
    assert "listen 80 default_server;" in rendered
