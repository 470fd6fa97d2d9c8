# Two commands: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install install-test demo test test-sqlite test-postgres lint postgres chromium graphviz pango docs-cli clean

install: $(VENV)/.installed graphviz pango  ## create .venv with redline and its pinned dependencies, Graphviz's dot and Pango

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

install-test: $(VENV)/.installed-test chromium graphviz pango

chromium:  ## Debian's chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

graphviz:  ## Debian's graphviz (the dot layout engine) for safety-case diagrams
	@command -v dot >/dev/null || { \
	  echo "installing Debian's graphviz"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq graphviz >/dev/null; }

pango:  ## Debian's Pango, the text layout WeasyPrint draws PDFs with (transparency reports, documents)
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  echo "installing Debian's pango"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

postgres:  ## start the local PostgreSQL cluster when it is installed but stopped
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  for v in $$(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect $$v main start; done; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

demo: install  ## load the demo data into .redline/ and serve it on $(PORT)
	PORT=$(PORT) $(BIN)/redline demo --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests

test-sqlite: install-test
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

test-postgres: install-test postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

test: install-test postgres lint  ## lint, then the whole suite on SQLite and on PostgreSQL
	@echo "== suite on SQLite"; start=$$(date +%s); \
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS) || exit $$?; \
	echo "== suite on PostgreSQL"; \
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS) || exit $$?; \
	echo "make test: both databases passed in $$(( $$(date +%s) - start )) s"

docs-cli: install  ## regenerate docs/cli.md from the CLI's --help
	$(BIN)/python -m redline.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) .redline
