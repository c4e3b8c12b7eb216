# The whole dev loop. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench eval clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/altruist demo --if-empty
	$(BIN)/altruist today
	$(BIN)/altruist serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

eval: $(STAMP)
	$(BIN)/altruist eval intros --data ../shared/data
	$(BIN)/altruist eval questions --data ../shared/data
	$(BIN)/altruist eval routing --data ../shared/data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
