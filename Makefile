# vanban — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///vanban.db

.PHONY: run test eval bench lint fuzz clean postgres

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## ingest the bundled corpus into ./vanban.db and print a summary
run: $(STAMP)
	$(BIN)/vanban ingest corpus/ --db $(DB)

## run the test suite (the store tests run on SQLite and on a throwaway PostgreSQL server)
test: $(STAMP) postgres
	$(BIN)/python -m pytest

## PostgreSQL server binaries for the store tests: Debian's `postgresql` where missing (needs root + apt)
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	       && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	       || echo "note: PostgreSQL not installed; the PostgreSQL store tests will be skipped"; }

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
