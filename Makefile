# Eventline: the two set-up commands are `make run` and `make test`; both create the virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
SHARED ?= ../shared

.PHONY: run test bench install clean build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.txt
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Ingest seeds/ into the store data/events.duckdb (again: adds nothing), then serve the dashboard on it.
build: install
	$(BIN)/events ingest seeds --db data/events.duckdb

run: build
	$(BIN)/events serve --db data/events.duckdb --port $(PORT)

# The layers of the package (pyproject.toml's import-linter contracts), then every test.
test: install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/timeml.py --shared $(SHARED)
	$(BIN)/python bench/speed.py --shared $(SHARED)
	$(BIN)/python bench/events.py --shared $(SHARED)
	$(BIN)/python bench/stories.py --shared $(SHARED)
	$(BIN)/python bench/dashboard.py

clean:
	rm -rf $(VENV) data/*.csv data/*.parquet data/*.duckdb bench/out
