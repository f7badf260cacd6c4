# Segmint: `make serve` runs the service locally, `make test` runs the tests.
# Needs Python 3.12 (the Lambda runtime). Found, in order: $(PYTHON), a pyenv 3.12.x,
# python3.12 on PATH. Everything else is installed into .venv from requirements*.txt, and
# Segmint itself (editable) for its pytest plugin.

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Deploy tooling (osls = the open-source Serverless Framework v3, serverless-offline), pinned in
# infra/node/package-lock.json and installed there by `npm ci`: never globally.
NODE_DIR := infra/node
OSLS := $(NODE_DIR)/node_modules/.bin/osls
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
STAGE ?= dev
REGION ?= us-east-1
FRONT_DOOR ?= http
OFFLINE_PORT ?= 3000
OSLS_ARGS = --stage $(STAGE) --region $(REGION) --param frontDoor=$(FRONT_DOOR)
STACK_DIR := build/stack

PYTHON ?= $(shell \
  for p in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12 2>/dev/null | sort -V -r) \
           $$(command -v python3.12 2>/dev/null); do \
    if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then echo "$$p"; break; fi; \
  done)

.PHONY: help venv dev node serve offline package deploy destroy test fuzz lint typecheck check bench bench-encode bench-lambda soak fidelity conformance unicode-sweep clean

help:
	@echo "make serve   run Segmint on http://127.0.0.1:$(PORT) with an embedded S3 (moto)"
	@echo "make test    install dev requirements and run lint, types and the test suite"
	@echo "make fuzz    10,000 generated requests through the app (make test runs 1,000)"
	@echo "make bench   render benchmarks against @vercel/og (needs node + npm)"
	@echo "make bench-lambda  cold start of the Lambda package (import, first hit, first card miss);"
	@echo "                   AGAINST=other.zip measures another build in turn, INSTRUCTIONS=1"
	@echo "                   counts instructions too (valgrind)"
	@echo "make bench-encode  PNG encoders (filters, deflate libraries, levels) on our designs"
	@echo "make fidelity  side-by-side sheets: Satori vs Segmint (vs Chromium if installed)"
	@echo "make conformance  Segmint against Satori's test suite (../shared/satori-suite or SUITE=dir)"
	@echo "make soak    RSS over N renders (default 10,000): make soak N=2000"
	@echo "make check   validate every segment under segments/"
	@echo "make offline the deployed shape on http://127.0.0.1:$(OFFLINE_PORT): serverless-offline + embedded S3"
	@echo "make package build/segmint-lambda.zip + the CloudFormation template (osls package, cfn-lint)"
	@echo "make deploy  package, then deploy: make deploy STAGE=prod REGION=eu-west-1 [FRONT_DOOR=rest]"
	@echo "make destroy empty the cache prefix, then remove the stack (same STAGE/REGION)"
	@echo "make unicode-sweep  render all 1,112,064 code points (make test renders a sample)"

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it (pyenv install 3.12) or pass PYTHON=/path/to/python3.12" >&2; exit 1; }
	@test -x $(PY) || "$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# Segmint itself, editable and without dependencies (the pins above are the dependencies):
# its entry point registers the pytest plugin (handler/testing/plugin.py) that the tests use.
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt pyproject.toml
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm not found: install Node.js 20.19+ (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	@echo "installing osls and serverless-offline into $(NODE_DIR)/node_modules (npm ci, ~30 s) ..."
	cd $(NODE_DIR) && npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(VENV)/.runtime
dev: $(VENV)/.dev
node: $(NODE_STAMP)

serve: $(VENV)/.dev
	$(PY) -m handler serve --port $(PORT)

offline: $(VENV)/.dev $(NODE_STAMP)
	$(PY) scripts/offline.py --port $(OFFLINE_PORT) --front-door $(FRONT_DOOR)

package: $(VENV)/.dev $(NODE_STAMP)
	@echo "package needs: Python 3.12 (.venv), pip reaching PyPI (Lambda's wheels), apt-get for Debian's libfribidi0 of the target architecture, node + npm (osls)"
	@echo "[1/3] build/segmint-lambda.zip (scripts/package_lambda.sh)"
	scripts/package_lambda.sh
	@echo "[2/3] CloudFormation template: osls package $(OSLS_ARGS) -> $(STACK_DIR)/"
	$(OSLS) package $(OSLS_ARGS) --package $(STACK_DIR)
	@echo "[3/3] cfn-lint $(STACK_DIR)/cloudformation-template-update-stack.json"
	$(VENV)/bin/cfn-lint --regions $(REGION) -- $(STACK_DIR)/cloudformation-template-update-stack.json
	@$(PY) scripts/stack_summary.py $(STACK_DIR)/cloudformation-template-update-stack.json

deploy: package
	$(OSLS) deploy $(OSLS_ARGS) --package $(STACK_DIR)

destroy: $(VENV)/.dev $(NODE_STAMP)
	$(PY) scripts/empty_prefix.py --stack segmint-$(STAGE) --region $(REGION)
	$(OSLS) remove $(OSLS_ARGS)

check: $(VENV)/.runtime
	$(PY) -m handler check

lint: $(VENV)/.dev
	$(PY) -m ruff check handler tests segments benchmarks scripts
	$(PY) -m ruff format --check handler tests segments benchmarks scripts

typecheck: $(VENV)/.dev
	$(PY) -m mypy

# The node tooling too: tests/test_infra.py runs `osls package`, tests/test_offline.py
# serverless-offline.
test: $(VENV)/.dev $(NODE_STAMP) lint typecheck
	$(PY) -m pytest

fuzz: $(VENV)/.dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10000} $(PY) -m pytest tests/test_fuzz.py -q -s

bench: $(VENV)/.dev
	$(PY) -m benchmarks

# The package make package builds, for this machine's architecture (an arm64 zip cannot run on
# an x86_64 host), unzipped and started in fresh `python -I -S` processes.
BENCH_ZIP := build/segmint-lambda-$(shell uname -m).zip
bench-lambda: $(VENV)/.dev
	ARCH=$(shell uname -m) OUT=$(BENCH_ZIP) scripts/package_lambda.sh
	$(PY) -m benchmarks.lambda_cold --zip $(BENCH_ZIP) $(if $(RUNS),--runs $(RUNS)) \
	  $(if $(AGAINST),--against $(AGAINST)) $(if $(INSTRUCTIONS),--instructions)

bench-encode: $(VENV)/.dev
	$(PY) -m benchmarks.encode_png

fidelity: $(VENV)/.dev
	$(PY) -m benchmarks.fidelity

conformance: $(VENV)/.dev
	$(PY) -m benchmarks.conformance --failures $(SUITE)

soak: $(VENV)/.dev
	$(PY) -m benchmarks.soak $(N)

unicode-sweep: $(VENV)/.dev
	SEGMINT_UNICODE_SWEEP=full $(PY) -m pytest tests/test_unicode.py -k every_code_point -s

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(NODE_DIR)/node_modules build
