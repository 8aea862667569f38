# make report: create .venv, install, render the bundled study to reports/index.html
# make test:   install the test extra and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: report test validate check docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

report: $(STAMP)
	$(BIN)/tracing validate .
	$(BIN)/tracing report . --out reports

validate: $(STAMP)
	$(BIN)/tracing validate .

check: $(STAMP)
	$(BIN)/tracing check .

test: $(TSTAMP)
	$(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/python -m tracing.reading.diagnostics > docs/diagnostics.md

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) reports/index.html .pytest_cache
