# The two commands of the README: `make demo` and `make test`.
# Both create .venv on first use and reinstall when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/netraven-tui demo

test: $(STAMP)
	./tests/postgres/ensure-postgres.sh
	./tests/serve/ensure-chromium.sh
	$(BIN)/ruff check netraven_tui tests alembic
	$(BIN)/ruff format --check netraven_tui tests alembic
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check netraven_tui tests alembic
	$(BIN)/ruff format --check netraven_tui tests alembic
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format netraven_tui tests alembic
	$(BIN)/ruff check --fix netraven_tui tests alembic

bench: $(STAMP)
	@for f in tests/benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
