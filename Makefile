# Newsroom — the two commands: `make run` (app with demo content) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Links in mails, feeds, the API and robots.txt point where `make run` serves (`make run PORT=8310`).
# (Listening on every interface, 0.0.0.0, links name this machine's loopback address instead.)
SITE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=docs

.PHONY: install catalogues run test test-postgres lint format bench messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel "setuptools<81"
	# XStatic-Bootstrap is published only as an sdist whose setup.py needs
	# pkg_resources, so it is built against the venv's own setuptools.
	$(BIN)/pip install -q --no-build-isolation "XStatic-Bootstrap>=5.3,<5.4"
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)
	$(MAKE) catalogues

# Compiled catalogues (.mo) are not kept in git: polib builds them, no gettext tools needed.
catalogues:
	DEBUG=1 $(BIN)/python manage.py compile_catalogues

run: install catalogues
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py move_originals_private --verbosity 0
	DEBUG=1 $(BIN)/python manage.py load_demo
	# The scheduler publishes due pieces every 30 s beside the server (production: cron, see README) and
	# stops with it: the trap kills it when the server ends, and it stops by itself when this shell is gone.
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install catalogues
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install catalogues
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} $(BIN)/pytest --create-db $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py

# Re-extract every marked string (needs xgettext: apt-get install gettext), then list what lacks German.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l de --no-obsolete $(MESSAGES_IGNORE)
	DEBUG=1 $(BIN)/python manage.py compile_catalogues --check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
