# Rainfall Medicine site. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NODE_BIN := node_modules/.bin
NODE_STAMP := node_modules/.installed
# The front-end files the lint reads: tracked CSS and JavaScript.
CSS_FILES = $$(git ls-files '*.css')
FRONTEND_FILES = $$(git ls-files '*.css' '*.js')
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_SETTINGS := clinic_site.settings.dev
# make test runs in this many processes (pytest-xdist), each on its own test
# database (<name>_gw0, <name>_gw1); TEST_WORKERS=0 runs in one process.
# Tests go out in collection order, so each process runs the transactional
# tests (which empty its database) after the others, as pytest-django orders
# them; tests marked with one xdist_group go to one process together (the
# production-settings server's, built once).
TEST_WORKERS ?= 2
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)
TEST_SETTINGS := clinic_site.settings.test
# Bytecode kept between runs (__pycache__/, ignored by git): a shell that sets
# PYTHONDONTWRITEBYTECODE would have every process of the suite (pytest's
# workers, each manage.py and gunicorn it starts) compile the project and
# rewrite the test modules again.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS)

.PHONY: help
help: ## List the targets with one-line descriptions
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (Python 3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock changes: a second `make run` is fast.
$(STAMP): requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade "pip>=25"
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(STAMP)

# The front-end lint tools (stylelint, prettier), again only when their lock
# changes. Only lint and format need them (Node.js with npm): `make run` and
# `make test` need Python alone, and the production image no Node at all.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the front-end lint (Node.js 20.19 or newer with npm; see README)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

.PHONY: install
install: $(STAMP) $(NODE_STAMP) ## Create .venv and node_modules/ with the locked dependencies

.PHONY: run
run: $(STAMP) ## Serve the site with demo content and the worker at http://127.0.0.1:8000/ (SQLite; VERBOSE=1 shows the log)
	@DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_dev.py

.PHONY: check-db
check-db: $(STAMP) ## Stop with a clear message when PostgreSQL does not answer
	@DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py wait_for_db --timeout 3 \
		--hint "make test runs on PostgreSQL. Start one with:  docker compose up -d db  (or set DATABASE_URL)."

.PHONY: test
test: check-db $(NODE_STAMP) ## Run the whole suite on PostgreSQL, browser tests included
	$(TEST_ENV) $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: check-db $(NODE_STAMP) ## Run the suite without the browser tests
	$(TEST_ENV) $(BIN)/pytest $(XDIST) -m "not e2e" $(PYTEST_ARGS)

.PHONY: test-e2e
test-e2e: check-db ## Run only the browser tests (Debian's Chromium: apt-get install chromium)
	$(TEST_ENV) $(BIN)/pytest tests/e2e $(PYTEST_ARGS)

.PHONY: test-servers
test-servers: check-db ## Two gunicorn app servers on one PostgreSQL + Redis: fresh pages, forms stored once
	$(PY) scripts/two_servers.py

.PHONY: test-chaos
test-chaos: check-db ## Redis down/hanging, mail server hanging, database drill, against gunicorn (~2 min)
	$(PY) scripts/chaos.py

.PHONY: test-scale
test-scale: check-db ## SeaweedFS (S3) media, two app servers behind Varnish: purges, private documents, backups, a fault drill (~2 min)
	$(PY) scripts/scale.py

.PHONY: screenshots
screenshots: check-db ## Full-page PNGs of the main pages at 390 and 1280 px into screenshots/ (production settings)
	$(PY) scripts/screenshots.py $(SHOTS_ARGS)

.PHONY: bench
bench: check-db ## Benchmark every page type cached/uncached against a static file (a few minutes, loopback)
	$(PY) scripts/bench.py $(BENCH_ARGS)

.PHONY: bench-booking
bench-booking: check-db ## Free times of every demo appointment type (4 weeks) in ms and queries, with 500 more bookings; the booking page's cached hits
	$(PY) scripts/bench_booking.py $(BENCH_ARGS)

.PHONY: lint
lint: $(STAMP) $(NODE_STAMP) ## Ruff, the import layers (lint-imports), djhtml on templates, stylelint and prettier
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check $$(git ls-files '*.html')
	$(NODE_BIN)/stylelint $(CSS_FILES)
	$(NODE_BIN)/prettier --check $(FRONTEND_FILES)

.PHONY: format
format: $(STAMP) $(NODE_STAMP) ## Apply ruff format/fixes, djhtml indentation, prettier and stylelint fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files '*.html')
	$(NODE_BIN)/prettier --write $(FRONTEND_FILES)
	$(NODE_BIN)/stylelint --fix $(CSS_FILES)

.PHONY: check
check: $(STAMP) ## Django system checks and missing-migration check
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py makemigrations --check --dry-run

.PHONY: messages
messages: $(STAMP) ## Compile locale/*/LC_MESSAGES/django.po (the templates' Spanish words) into .mo
	$(PY) scripts/compile_messages.py

.PHONY: lock
lock: $(PY) ## Re-resolve requirements/*.txt (with hashes) from pyproject.toml
	$(PY) -m pip install --quiet "pip-tools==7.6.2"
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev -o requirements/dev.txt pyproject.toml

.PHONY: check-deploy
check-deploy: $(STAMP) ## Django's deployment checks with production settings (fails on any warning)
	DJANGO_SETTINGS_MODULE=clinic_site.settings.production \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=www.example.org SITE_URL=https://www.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

# Fails on a known vulnerability; only warns when the vulnerability database
# cannot be reached (offline CI) and some packages could not be checked.
.PHONY: audit
audit: $(STAMP) ## Report known vulnerabilities in the locked dependencies (pip-audit)
	@out="$$($(BIN)/pip-audit --strict --disable-pip --no-deps -r requirements/dev.txt --progress-spinner off 2>&1)"; rc=$$?; \
	echo "$$out" | grep -v "^WARNING:pip_audit._cli" | tail -n 40; \
	if [ $$rc -eq 0 ]; then exit 0; fi; \
	if echo "$$out" | grep -qE "Found [0-9]+ known vulnerabilit"; then echo "pip-audit: known vulnerabilities (above)."; exit 1; fi; \
	echo "WARNING: pip-audit could not check every locked dependency (vulnerability database unreachable?); not failing."

# Backups hold every consultation request: keep them encrypted (README).
.PHONY: backup
backup: $(STAMP) ## Dated archive in backups/: pg_dump (custom format) of DATABASE_URL plus the media folder
	$(PY) manage.py backup_site --directory backups

.PHONY: restore
restore: $(STAMP) ## Restore FILE=backups/clinic-backup-....tar.gz into the EMPTY database of DATABASE_URL
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/clinic-backup-<date>.tar.gz"; exit 2; }
	$(PY) manage.py restore_site "$(FILE)"

.PHONY: demo
demo: $(STAMP) ## Load the demo content into DATABASE_URL (idempotent)
	$(PY) manage.py load_demo_content

.PHONY: clean
clean: ## Remove the local SQLite database, media and collected static files
	rm -rf db.sqlite3 media staticfiles
