# vanban — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///vanban.db

.PHONY: run test eval bench lint fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## ingest the bundled corpus into ./vanban.db and print a summary
run: $(STAMP)
	$(BIN)/vanban ingest corpus/ --db $(DB)

## run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## precision / recall / F1 per field against the gold files
eval: $(STAMP)
	$(BIN)/vanban eval corpus/

## throughput, measured against baselines in the same run
bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check extract tests bench

clean:
	rm -rf $(VENV) vanban.db vanban.db-wal vanban.db-shm .pytest_cache .ruff_cache
