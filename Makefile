# caitien: `make run` starts the app, `make test` runs the whole suite; both set up .venv first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Models and indexes are rebuilt here when missing (never committed); drafts stay in the user folder.
export CAITIEN_CACHE_DIR ?= $(CURDIR)/.cache
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# The mutation fuzz run: 2,000 cases locally (about a minute); CI runs the full 10,000.
export CAITIEN_FUZZ_CASES ?= 2000

.PHONY: run test prepare install lint bench browser-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,llm]"
	@touch $(STAMP)

install: $(STAMP)

prepare: $(STAMP)
	$(BIN)/caitien prepare

run: prepare
	@echo "caitien: mở http://localhost:$(PORT) trong trình duyệt"
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) \
		--server.address 127.0.0.1 --browser.gatherUsageStats false

test: prepare
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/mypy

bench: prepare
	$(BIN)/python -m benchmarks

# Debian packages for the real-browser test and the LibreOffice rendering check (CI installs them).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

clean:
	rm -rf .cache .pytest_cache
