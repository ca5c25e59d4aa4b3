# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install lint seed worker beat clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Serve the demo college at http://127.0.0.1:$(PORT) with no services needed (SQLite,
# in-process Celery) unless DATABASE_URL / REDIS_URL say otherwise.
run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo "Serving the demo college at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

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
