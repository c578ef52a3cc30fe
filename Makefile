# The project's commands. `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint check install bench bench-import load backup restore clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Site de démonstration : http://127.0.0.1:8000  (administration : /admin/)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# CSV import timing (issue 3): 10,000 rows into a scratch PostgreSQL database lune_bench_import.
bench-import: $(STAMP)
	$(BIN)/python -m bench.importing $(IMPORT_ARGS)

# 50 visitors for 60 s against gunicorn and a scratch PostgreSQL database; zero errors required.
load: $(STAMP)
	$(BIN)/python -m bench.loadtest $(LOAD_ARGS)

backup: $(STAMP)
	$(MANAGE) backup_site --output backups

# make restore FILE=backups/lune-backup-YYYYMMDD-HHMMSS.tar
restore: $(STAMP)
	$(MANAGE) restore_site $(FILE)

clean:
	rm -rf $(VENV) db.sqlite3 static_collected
