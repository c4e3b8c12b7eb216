# The whole dev loop. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench eval reader clean

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
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

# Retrain the reader of needs and offers (issue 15); embeddings are cached outside the repository.
reader: $(STAMP)
	$(BIN)/python -m altruist.understand.training --examples data/understand/train \
		--dev ../shared/data/needs-offers-hn-dev \
		--out src/altruist/understand/reader_weights.npz --cache /tmp/altruist-reader-cache.npz

eval: $(STAMP)
	$(BIN)/altruist eval understand --data data/understand
	$(BIN)/altruist eval intros --data ../shared/data
	$(BIN)/altruist eval questions --data ../shared/data
	$(BIN)/altruist eval routing --data ../shared/data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
