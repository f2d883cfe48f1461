# The two front-door commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

.PHONY: run test test-postgres migrate check-migrations venv clean bench bench-pages bench-stats load-faults tools assets

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# HOST and PORT also reach the settings (as DEV_HOST, DEV_PORT): SITE_URL follows them.
run: migrate
	DEV_HOST=$(HOST) DEV_PORT=$(PORT) $(PY) manage.py demo
	@echo ""
	@echo "Trang công khai: http://$(HOST):$(PORT)/"
	@echo "Trang quản trị:  http://$(HOST):$(PORT)/admin/"
	DEV_HOST=$(HOST) DEV_PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The same suite on PostgreSQL (pytest-django creates and drops test_newsroom).
test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest

# Test tools from the npm registry, for tests/test_html_quality.py (they skip without them):
# the Nu Html Checker (vnu.jar, run by Java) and axe-core (run in Chromium).
tools: var/tools/.installed

var/tools/.installed:
	mkdir -p var/tools
	npm install --prefix var/tools --no-audit --no-fund --ignore-scripts vnu-jar@26.9.27 axe-core@4.14.1
	touch $@

# The body editor (articles/editor/, ProseMirror bundled by esbuild) into
# articles/static/articles/editor/: editor.js and editor.css, committed. Needs Node.js and npm.
assets:
	npm ci --prefix articles/editor --no-audit --no-fund
	npm run build --prefix articles/editor

check-migrations: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# Side by side with the Wagtail reference (../shared/wagtail_ref), as ratios from one run:
# installs wrk and nginx as root and the reference's virtualenv (../wagtail-venv) when missing,
# builds the corpora when missing (2,000 articles; LARGE=100000 for lists and search at scale,
# half an hour the first time; LARGE=0 skips it). Writes bench/results/ and the README table.
LARGE ?= 100000
ROUNDS ?= 3
bench: $(VENV)/.installed-dev
	$(PY) bench/ratios.py --large-articles $(LARGE) --rounds $(ROUNDS)

# The older per-page benchmark (absolute figures, nginx micro-cache), then the statistics page's line.
ARTICLES ?= 10000
bench-pages: $(VENV)/.installed-dev
	$(PY) bench/run.py --articles $(ARTICLES)
	$(PY) bench/stats_bench.py --write

# The admin statistics page at 100,000 articles with a year of daily views (PostgreSQL, its own database).
bench-stats: $(VENV)/.installed-dev
	$(PY) bench/stats_bench.py --write

# Load (64 connections, 60 s) and a PostgreSQL restart against the bench corpus. Stops PostgreSQL briefly!
load-faults: $(VENV)/.installed-dev
	$(PY) bench/load_faults.py

# Production serving (docs/operators.md, "Deployment"). Needs SECRET_KEY, ALLOWED_HOSTS and, for
# a real site, DATABASE_URL (PostgreSQL) and REDIS_URL in the environment.
# Run `make migrate-prod` once per release (from one server), then
# `make serve-prod` on every app server.
.PHONY: serve-prod migrate-prod
serve-prod: $(VENV)/.installed
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_ENV=production $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py

migrate-prod: $(VENV)/.installed
	DJANGO_ENV=production $(PY) manage.py migrate --noinput
