# The README names these targets. Each creates and uses .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUTPUT ?= data

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: ingest sample_feeds/ into data/ and query the result with DuckDB
demo: $(STAMP)
	$(BIN)/wirestream ingest sample_feeds --output $(OUTPUT)
	$(BIN)/wirestream query $(OUTPUT) "SELECT lang, date, date_source AS from_, coalesce(title, lede) AS title, \
	    byline, len(captions) AS captions, len(updates) AS updates, source_kind AS kind FROM articles ORDER BY lang, date, title"
	$(BIN)/wirestream query $(OUTPUT) "SELECT lang, count(*) AS articles FROM articles GROUP BY lang ORDER BY lang"
	$(BIN)/wirestream report $(OUTPUT) --out $(OUTPUT)/report.html

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff (lint + format check) and mypy on the three packages
lint: $(STAMP)
	$(BIN)/ruff check schemas connectors pipelines tests bench
	$(BIN)/ruff format --check schemas connectors pipelines tests bench
	$(BIN)/mypy

## bench: the benchmarks in bench/ (figures, not pass/fail)
bench: $(STAMP)
	$(BIN)/python bench/bench_language.py
	$(BIN)/python bench/throughput.py 2000
	$(BIN)/python bench/dedup_quality.py --quick
	$(BIN)/python bench/bench_fetch.py --feeds 1000 --hosts 100 --run

clean:
	rm -rf $(VENV) $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache
