# vanban — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= sqlite:///vanban.db

.PHONY: run test eval bench fuzz lint clean debs models

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## ingest the bundled corpus into ./vanban.db and print a summary (the Debian packages first: corpus/forms-5 holds a
## scan, which needs Tesseract; without it that file is recorded as failed, with the reason)
run: $(STAMP) debs
	$(BIN)/vanban ingest corpus/ --db $(DB)

## run the test suite (the store tests run on SQLite and on a throwaway PostgreSQL server)
test: $(STAMP) debs
	$(BIN)/python -m pytest

## Debian packages the tests use where missing (needs root + apt; otherwise those tests skip, saying so):
## postgresql (the store tests' throwaway server), fonts-dejavu-core (Vietnamese PDFs made by the tests),
## tesseract-ocr + tesseract-ocr-vie (OCR of scanned PDFs — also what users need for scans)
## chromium + chromium-driver (the review app's browser test: headless Chromium driven by Playwright),
## libreoffice-calc-nogui (the task exports, XLSX and CSV, opened headless with their Vietnamese)
debs:
	@missing=""; \
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="postgresql"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$$missing libreoffice-calc-nogui"; \
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || missing="$$missing chromium chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	    && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	  || echo "note: could not install$$missing; the tests that need it will be skipped"; \
	fi

## the spaCy pipeline models/vanban-vi (blank vi + underthesea tokenizer + vanban_extract), built from
## rules/: rerun after editing rules/ (tests/test_models.py fails until then); a few KB, shipped
models: $(STAMP)
	$(BIN)/python -m extract.spacy_model models/vanban-vi

## precision / recall / F1 per field against the gold files
eval: $(STAMP)
	$(BIN)/vanban eval corpus/

## throughput, measured against baselines in the same run
bench: $(STAMP) debs
	$(BIN)/python bench/run.py

## throw >10,000 inputs at extraction (random seeds): mutated PDFs/DOCX, among them odd ones made by the tests,
## random and adversarial texts; each result checked for the invariants (spans, schema, same input same output)
fuzz: $(STAMP) debs
	VANBAN_FUZZ_EXAMPLES=2500 VANBAN_FUZZ_MIN=10000 VANBAN_FUZZ_RANDOM=1 $(BIN)/python -m pytest tests/test_fuzz.py \
	  -p no:cacheprovider -s

lint: $(STAMP)
	$(BIN)/ruff check extract tests bench

clean:
	rm -rf $(VENV) vanban.db vanban.db-wal vanban.db-shm .pytest_cache .ruff_cache
