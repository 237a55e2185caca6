# Kizuna: `make run` sets up everything and serves on http://127.0.0.1:$(PORT); `make test` sets up and tests.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KIZUNA := $(BIN)/kizuna
export UV_PYTHON_DOWNLOADS := never
export KIZUNA_DEV ?= 1
# Links in mail (invitations) point at the port being served.
export KIZUNA_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test setup system-packages venv assets messages db demo serve lint bench bench-jet screenshots clean

run: setup db demo serve

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0 tests/core" runs a part in one process.
PYTEST_ARGS ?= -n auto
test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: system-packages venv assets messages

# Debian packages: fonts and libraries for PDFs, Chromium for browser tests, gettext, poppler for reading PDFs.
system-packages:
	@scripts/system-packages.sh

venv: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install --quiet --disable-pip-version-check --user uv 2>/dev/null || PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@UV=$$(command -v uv || echo "$$($(PYTHON) -m site --user-base)/bin/uv"); \
	  [ -x $(BIN)/python ] || $$UV venv --quiet --python $(PYTHON) $(VENV); \
	  $$UV sync --quiet --frozen --extra dev --python $(BIN)/python
	@touch $@

assets: build/static/vendor/versions.json

build/static/vendor/versions.json: package.json package-lock.json scripts/build-assets.mjs
	npm ci --no-audit --no-fund --silent
	node scripts/build-assets.mjs

messages: venv
	@cd kizuna && ../$(KIZUNA) compilemessages --verbosity 0 --ignore '.venv'

db: setup
	@mkdir -p var
	$(KIZUNA) migrate --verbosity 0
	$(KIZUNA) createcachetable
	$(KIZUNA) load_reference_data
	$(KIZUNA) load_plan
	$(KIZUNA) load_grant_schemes
	$(KIZUNA) load_signage
	$(KIZUNA) seed_demo

demo: db

# collectstatic compresses every file (gzip and brotli, ~30 s): only when a static source changed.
STATIC_STAMP := var/.static-collected
STATIC_SOURCES := $(shell find kizuna -path '*/static/*' -type f 2>/dev/null)

$(STATIC_STAMP): $(VENV)/.synced build/static/vendor/versions.json $(STATIC_SOURCES)
	@mkdir -p var
	@echo "Collecting and compressing the static files (about 30 s, only when they changed)…"
	@$(KIZUNA) collectstatic --noinput --verbosity 0
	@touch $@

serve: $(STATIC_STAMP)
	@scripts/serve.sh $(PORT)

lint: venv
	$(BIN)/ruff check kizuna tests bench
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-jet: setup
	$(BIN)/python bench/jet.py $(BENCH_ARGS)

# docs/screenshots: the main pages of every kind of user at a desk and on a phone, photographed in Chromium.
screenshots: setup
	KIZUNA_UPDATE_DOCS=1 $(BIN)/python -m pytest -n 0 -q tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) node_modules build var
