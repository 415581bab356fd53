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

# Build the event table from seeds/ into data/, then serve the dashboard (once dashboard.py exists).
build: install
	$(BIN)/events extract seeds -o data/events.csv

run: build
	@if [ -f dashboard.py ]; then \
		$(BIN)/streamlit run dashboard.py --server.address 127.0.0.1 --server.port $(PORT); \
	else \
		echo "no dashboard yet: the tables are in data/"; \
	fi

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/timeml.py --shared $(SHARED)
	$(BIN)/python bench/events.py --shared $(SHARED)
	$(BIN)/python bench/dashboard.py

clean:
	rm -rf $(VENV) data/*.csv data/*.parquet bench/out
