# Every task of the project is one target here. `make run` and `make test` are the set-up.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The suite runs against PostgreSQL; pytest-django creates its test databases on this server.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/advocacy)
# make test's PostgreSQL suite runs in this many processes (pytest-xdist; auto: one per CPU),
# each on a test database of its own (test_<name>_gw0, ...). A test file stays in one process, and
# files go out in pytest-django's order, the transactional ones (which empty the database) last.
TEST_WORKERS ?= auto
# Where `make run` serves: `make run PORT=8001 HOST=0.0.0.0`. PORT may also come from the
# environment (.env.example); HOST only from the command line, as zsh and others set HOST to the
# machine's name.
HOST := 127.0.0.1
PORT ?= 8000
# runserver wants an IPv6 address in brackets.
ADDRPORT = $(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT)

.PHONY: help install install-dev lock messages run port-free seed release test test-sqlite lint format browser bench mutate search-top search-reindex superuser clean

# Lists every target with the text after its "##"; tests/foundation/test_setup.py checks none is missing.
help: ## this list
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "make %-15s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

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

install: $(VENV)/.installed ## create .venv and install the locked runtime requirements

install-dev: $(VENV)/.installed-dev ## the same with the development requirements (tests, lint)

PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url

lock: install-dev ## re-pin every dependency with hashes after editing requirements*.txt
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# The Arabic interface catalogue is compiled here, not committed as .mo.
messages: install ## compile the Arabic interface catalogue
	$(MANAGE) compilemessages --locale ar --ignore '.venv/*' -v 0

# The port is checked first: runserver would find it taken only after install and migrate.
run: port-free install messages ## install, migrate, load the seed knowledge base, serve on http://127.0.0.1:8000 (PORT=, HOST=)
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed --if-empty
	DEBUG=1 $(MANAGE) runserver $(ADDRPORT)

port-free: ## fail with a message when HOST:PORT is taken (make run does this first)
	@$(PYTHON) scripts/port_free.py $(HOST) $(PORT)

seed: install ## load or refresh the seed knowledge base
	$(MANAGE) load_seed

release: install ## write the next dataset release (a zip of the public records) into DATASET_RELEASE_DIR (VERSION=)
	$(MANAGE) release_dataset $(if $(VERSION),--release-version $(VERSION))

superuser: install ## create an admin user
	$(MANAGE) createsuperuser

# Slow, so not part of `make test`: run it before a release or after changing a guarded module
# (docs/testing.md). One mutant at a time, as they share the kept test database.
mutate: install-dev ## mutation testing of the modules that guard the public, with the killed share of each
	names="$$($(BIN)/python scripts/mutation_report.py --names)" && \
	set -f && DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/mutmut run --max-children 1 $$names
	$(BIN)/python scripts/mutation_report.py

# PostgreSQL only: exact first pages for very common words (docs/architecture.md, Search).
search-top: install ## PostgreSQL: store the best rows of each frequent word (after large imports)
	$(MANAGE) search_refresh_top

# After a change of the normalizer, or rows loaded around the ORM (COPY, raw SQL).
search-reindex: install ## rebuild every stored search document, with progress and rows per second
	$(MANAGE) search_reindex

# Debian's Chromium drives the browser tests; Playwright cannot download its own here.
browser: ## install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

lint: install-dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-dev messages browser lint ## the whole suite against PostgreSQL, then the SQLite smoke part
	mkdir -p var
	$(MANAGE) makemigrations --check --dry-run --settings website.settings.sqlite_test
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
	$(MAKE) test-sqlite

# The smoke part on the embedded SQLite default: migrate, load_seed, every admin page renders.
test-sqlite: install-dev ## the smoke part only, on SQLite
	$(BIN)/pytest -m smoke --ds website.settings.sqlite_test -p no:cacheprovider

# Builds adv_bench once (REBUILD=1 builds it again), serves it with gunicorn and the production
# settings, writes docs/benchmarks.md and docs/benchmarks.json.
bench: install-dev messages ## the benchmark through HTTP at 1M passages: writes docs/benchmarks.md (REBUILD=1, BENCH_PASSAGES=)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m bench $(if $(REBUILD),--rebuild)

# var/db.sqlite3, make run's database, holds what was edited in the admin and stays.
clean: ## remove the virtualenv, compiled and collected files, and what the tests wrote
	rm -rf $(VENV) mutants var/staticfiles var/test.sqlite3 locale/*/LC_MESSAGES/*.mo test-artifacts .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
