# The two commands: `make run` and `make test`. Everything else is a step of theirs or of CI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in e-mailed links; a SITE_URL set in the environment wins (e.g. behind a tunnel).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format migrations-check messages compilemessages ci install seed e2e-deps po-merge

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compiled catalogues (.mo) are committed, so a machine without gettext still runs in Swedish;
# where msgfmt exists they are rebuilt from the .po files.
compilemessages: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo files"; fi

# Refresh the .po files after changing strings (needs gettext).
messages: install
	$(PY) manage.py makemessages -l sv --no-location --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench -v 0
	$(PY) manage.py makemessages -d djangojs -l sv --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules -v 0 || true

run: compilemessages
	$(PY) manage.py migrate --noinput -v 0
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

seed: install
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo

# The suite in parallel (pytest-xdist), then the real-broker tests on their own: they purge the
# broker's queues and start Celery workers, so two at once would take each other's tasks.
# (They skip without CELERY_BROKER_URL; exit code 5, "no tests ran", counts as a pass there.)
test: compilemessages
	$(PY) -m pytest -q -n auto -m "not broker"
	$(PY) -m pytest -q -m broker || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

# After a merge (the .po files merge as a union, see .gitattributes): drop entries both sides
# added, then rebuild the .mo files.
po-merge: install
	for f in $$(git ls-files '*.po'); do msguniq --use-first -o $$f $$f; done
	$(PY) manage.py compilemessages --ignore=.venv -v 0
