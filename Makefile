# Every task of the project is one target here. `make run` and `make test` are the set-up.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The suite runs against PostgreSQL; pytest-django creates test_<name> on this server.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/advocacy)

.PHONY: help install install-dev lock messages run seed test test-sqlite lint format browser bench search-top search-reindex superuser clean

help:
	@echo "make run          install, migrate, load the seed knowledge base, serve on http://127.0.0.1:8000"
	@echo "make test         the whole suite against PostgreSQL, then the SQLite smoke part"
	@echo "make superuser    create an admin user"
	@echo "make bench        the search and export benchmark (reports figures)"
	@echo "make search-top   PostgreSQL: store the best rows of each frequent word (after large imports)"
	@echo "make search-reindex  rebuild every stored search document, with progress and rows per second"
	@echo "make lint/format  ruff"
	@echo "make lock         re-pin every dependency with hashes after editing requirements*.txt"

# requirements*.txt name what the project uses; the .lock files pin every package they pull in,
# with the hashes of its files, and are what gets installed (pip refuses anything else).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url

lock: install-dev
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# The Arabic interface catalogue is compiled here, not committed as .mo.
messages: install
	$(MANAGE) compilemessages --locale ar --ignore '.venv/*' -v 0

run: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed --if-empty
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

seed: install
	$(MANAGE) load_seed

superuser: install
	$(MANAGE) createsuperuser

# PostgreSQL only: exact first pages for very common words (docs/architecture.md, Search).
search-top: install
	$(MANAGE) search_refresh_top

# After a change of the normalizer, or rows loaded around the ORM (COPY, raw SQL).
search-reindex: install
	$(MANAGE) search_reindex

# Debian's Chromium drives the browser tests; Playwright cannot download its own here.
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-dev messages browser lint
	mkdir -p var
	$(MANAGE) makemigrations --check --dry-run --settings advocacy.settings.sqlite_test
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest
	$(MAKE) test-sqlite

# The smoke part on the embedded SQLite default: migrate, load_seed, every admin page renders.
test-sqlite: install-dev
	$(BIN)/pytest -m smoke --ds advocacy.settings.sqlite_test -p no:cacheprovider

bench: install-dev
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/staticfiles var/test.sqlite3 locale/*/LC_MESSAGES/*.mo
