# Segmint: `make serve` runs the service locally, `make test` runs the tests.
# Needs Python 3.12 (the Lambda runtime). Found, in order: $(PYTHON), a pyenv 3.12.x,
# python3.12 on PATH. Everything else is installed into .venv from requirements*.txt.

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

PYTHON ?= $(shell \
  for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12 2>/dev/null | sort -V -r) \
           $$(command -v python3.12 2>/dev/null); do \
    if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then echo "$$p"; break; fi; \
  done)

.PHONY: help venv dev serve test lint typecheck check bench bench-encode soak fidelity clean

help:
	@echo "make serve   run Segmint on http://127.0.0.1:$(PORT) with an embedded S3 (moto)"
	@echo "make test    install dev requirements and run lint, types and the test suite"
	@echo "make bench   render benchmarks against @vercel/og (needs node + npm)"
	@echo "make bench-encode  PNG encoders (filters, deflate libraries, levels) on our designs"
	@echo "make fidelity  side-by-side sheets: Satori vs Segmint (vs Chromium if installed)"
	@echo "make soak    RSS over N renders (default 10,000): make soak N=2000"
	@echo "make check   validate every segment under segments/"

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it (pyenv install 3.12) or pass PYTHON=/path/to/python3.12" >&2; exit 1; }
	@test -x $(PY) || "$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.runtime
dev: $(VENV)/.dev

serve: $(VENV)/.dev
	$(PY) -m handler serve --port $(PORT)

check: $(VENV)/.runtime
	$(PY) -m handler check

lint: $(VENV)/.dev
	$(PY) -m ruff check handler tests segments benchmarks
	$(PY) -m ruff format --check handler tests segments benchmarks

typecheck: $(VENV)/.dev
	$(PY) -m mypy

test: $(VENV)/.dev lint typecheck
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m benchmarks

bench-encode: $(VENV)/.dev
	$(PY) -m benchmarks.encode_png

fidelity: $(VENV)/.dev
	$(PY) -m benchmarks.fidelity

soak: $(VENV)/.dev
	$(PY) -m benchmarks.soak $(N)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
