# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test bench soak screenshots install install-dev lock lint migrate seed messages clean

# Everything installs from the lock files, every version and hash pinned; pyproject.toml keeps
# the ranges they were resolved from. `make lock` resolves them again (see the README).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe $(ARGS)

# `make lock` after changing a range in pyproject.toml; `make lock ARGS=--upgrade` for the newest
# versions the ranges allow; `make lock ARGS="--upgrade-package django"` for one package.
lock: install-dev
	$(COMPILE) --output-file requirements.txt pyproject.toml
	$(COMPILE) --extra dev --constraint requirements.txt --output-file requirements-dev.txt pyproject.toml

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_seed_report

# uvicorn, as `make serve` runs it, so that live updates work here too; reloaded on each change.
run: seed
	$(BIN)/uvicorn coflight.asgi:application --host $(HOST) --port $(PORT) --reload --reload-dir coflight --reload-dir templates --reload-dir static

# Production settings behind gunicorn: needs COFLIGHT_SECRET_KEY and COFLIGHT_ALLOWED_HOSTS.
serve: export COFLIGHT_ENV = production
serve: install
	$(BIN)/python manage.py check --deploy --fail-level ERROR
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn --config python:coflight.gunicorn_conf coflight.asgi

# Editors, importers and wrong passwords against make serve, for a bounded time; not part of CI.
# On PostgreSQL by default; `make soak SOAK_DATABASE=sqlite` on a SQLite file.
soak: install-dev
	SOAK_DATABASE=$(SOAK_DATABASE) $(BIN)/python bench/soak.py

screenshots: install-dev
	$(BIN)/python docs/take_screenshots.py

# After changing a user-facing string: the catalogues gain it (translate it in locale/*/django.po),
# and the compiled .mo files, committed so that no machine needs gettext, are written again.
messages: install-dev
	$(BIN)/python manage.py makemessages -l fr -i ".venv/*" -i "tests/*" -i "bench/*" -i "docs/*" -i "staticfiles/*"
	$(BIN)/python manage.py compilemessages -i .venv

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto

bench: install-dev
	$(BIN)/python bench/parse_minutes.py
	$(BIN)/python bench/import_corpus.py
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/search.py && $(BIN)/python bench/saves.py && $(BIN)/python bench/live.py && $(BIN)/python bench/pages.py; \
	else echo "PostgreSQL is not reachable at 127.0.0.1:5432: the search and page benchmarks need it."; fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
