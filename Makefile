# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install lint seed worker beat clean bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Serve the demo college at http://127.0.0.1:$(PORT) with no services needed (SQLite,
# in-process Celery) unless DATABASE_URL / REDIS_URL say otherwise. With no REDIS_URL the
# scheduled jobs run beside the server (`manage.py run_jobs`); Ctrl+C stops both. With
# REDIS_URL, run `make worker` and `make beat` in two more terminals instead.
# Links in emails and calendar files point at this address unless SITE_URL says otherwise.
run: export SITE_URL := $(or $(SITE_URL),http://127.0.0.1:$(PORT))
run: export DEBUG := $(or $(DEBUG),1)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving the demo college at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	@if [ -n "$$REDIS_URL" ]; then \
		exec $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	fi; \
	$(PY) manage.py run_jobs & jobs=$$!; \
	trap 'kill $$jobs 2>/dev/null; wait $$jobs 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite. With DATABASE_URL and REDIS_URL set it runs against PostgreSQL and
# Redis and the PostgreSQL-only and Celery-worker tests run too.
test: install
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

seed: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo

worker: install
	$(VENV)/bin/celery -A recovery_college worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A recovery_college beat --loglevel=INFO --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var/db.sqlite3 var/staticfiles .pytest_cache

# The benchmark (README "Performance"): the app against a bare Django project in one run,
# with PostgreSQL and Redis on localhost and wrk installed. BENCH_QUICK=1 for a short run;
# BENCH_REBUILD=1 rebuilds the benchmark college.
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)
