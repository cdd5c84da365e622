# YouthVoice: `make run` serves the site, `make test` runs every test. Nothing else is needed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Chromium flags that keep a headless browser off the (closed) network; read by tests/e2e.
CHROMIUM ?= /usr/bin/chromium

# The machine's default python3 may be 3.11 and pyenv shims may exist without working, so every
# candidate is *run*, not just looked up. Django 6 needs Python >= 3.12.
find_python = $(shell for c in python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[3-9]*/bin/python3 2>/dev/null) \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3 2>/dev/null) \
	python3; do \
	  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	    command -v "$$c" 2>/dev/null || echo "$$c"; break; \
	  fi; done)

.PHONY: help run test test-unit test-browser install install-dev lint format check-deploy lock chromium clean messages

help:
	@echo "make run            serve the demo site on http://$(HOST):$(PORT) (HTTP and WebSockets)"
	@echo "make test           unit and integration tests, then browser tests (Chromium)"
	@echo "make lint           ruff"
	@echo "make check-deploy   Django's deployment checklist under production settings"
	@echo "make lock           re-pin requirements/*.txt (with hashes) from pyproject.toml"
	@echo "make messages       extract every translatable string into locale/*/ and compile (docs/i18n.md)"

$(PY):
	@py="$(call find_python)"; \
	if [ -z "$$py" ]; then \
	  echo "error: YouthVoice needs Python >= 3.12 and none was found that runs." >&2; \
	  echo "       Tried python3.13, python3.12, pyenv's versions and python3." >&2; \
	  echo "       Install one (e.g. 'pyenv install 3.13') and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$($$py --version))"; \
	"$$py" -m venv $(VENV)

# Installs are exact pins with hashes; the stamp files re-run them only when a lock file changes.
$(VENV)/.installed-base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

run: install
	DJANGO_SETTINGS_MODULE=youthvoice.settings.dev $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=youthvoice.settings.dev $(PY) manage.py seed_demo --if-empty
	@echo "Serving YouthVoice on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DJANGO_SETTINGS_MODULE=youthvoice.settings.dev $(VENV)/bin/uvicorn youthvoice.asgi:application \
		--host $(HOST) --port $(PORT) --ws websockets-sansio

test: test-unit test-browser

# Unit and integration tests: SQLite and the in-memory layer by default, PostgreSQL and Redis when
# DATABASE_URL / REDIS_URL are set.
test-unit: install-dev
	$(PY) -m pytest -m "not browser"

# Browser tests run in a pytest process of their own: Playwright's sync API leaves an event loop
# behind that breaks asyncio tests run after it in the same process.
test-browser: install-dev chromium
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -m browser tests/e2e

chromium:
	@if ! "$(CHROMIUM)" --version >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Chromium is missing: installing Debian's chromium package"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "error: the browser tests need Chromium at $(CHROMIUM)." >&2; \
	    echo "       Install it (Debian: 'sudo apt-get install chromium') or set CHROMIUM=/path/to/chromium." >&2; \
	    exit 1; \
	  fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: install
	DJANGO_SETTINGS_MODULE=youthvoice.settings.production \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=youthvoice.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.12 -q -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.12 -q -o requirements/dev.txt

# Interface languages (settings.LANGUAGES) as locale directories. Extraction skips what is not ours;
# tests/i18n extracts the same way to find strings that no catalogue has yet.
LOCALES := en fr ru sr_Latn sq bs mk kk ky
MESSAGES_IGNORE := --ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles --ignore=node_modules --ignore=screenshots

# Locations without line numbers (--add-location=file): an edit elsewhere in a file does not touch
# every catalogue. compilemessages walks the whole tree, so it needs the same --ignore flags.
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) -d django --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) -d djangojs --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages $(addprefix -l ,$(LOCALES)) $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .test-media staticfiles
