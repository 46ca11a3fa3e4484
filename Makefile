# The two commands: `make demo` and `make test` (each sets everything up from a fresh clone).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
EXTRAS ?= dev

.PHONY: demo test test-system bench lint install lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change; the constraints file pins every version.
# The desk alone (what `make demo` needs), and the desk with the developers' tools.
$(VENV)/.installed-desk: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	touch $@

$(INSTALLED): $(BIN)/python pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[$(EXTRAS)]"
	echo "$(EXTRAS)" > $(INSTALLED)
	touch $(VENV)/.installed-desk

install: $(INSTALLED)

# `make demo POLICY=soho-apps` for another of the bundled policies (`tiquetera policy presets`).
POLICY ?= jq-systems
demo: $(VENV)/.installed-desk
	DEBUG=true $(BIN)/tiquetera demo --policy $(POLICY)

# The suite in parallel: pytest-xdist, TEST_WORKERS processes (`auto`: one per core), each with a
# database of its own (docs/testing.md). `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

# The multi-process system test (tests/system/, docs/testing.md): needs DATABASE_URL=postgres://…
test-system: install
	$(BIN)/pytest -m system tests/system

bench: install
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[dev,bench]"
	$(BIN)/python bench/bench_calendars.py
	@case "$$DATABASE_URL" in postgres*) $(BIN)/python bench/bench_desk.py && $(BIN)/python bench/bench_api.py && $(BIN)/python bench/bench_pages.py && $(BIN)/python bench/bench_search.py --cases 1000000 && $(BIN)/python bench/bench_simulate.py ;; \
	  *) echo "bench_desk.py skipped: set DATABASE_URL=postgres://… (see bench/README.md)"; $(BIN)/python bench/bench_search.py --cases 100000 && $(BIN)/python bench/bench_peer.py ;; esac

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=true $(BIN)/mypy tiquetera

# Regenerate the pins after changing a range in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements/constraints.txt

# Extract new UI strings into the Spanish catalogue and compile it (needs GNU gettext).
messages: install
	cd tiquetera && DEBUG=true ../$(BIN)/tiquetera makemessages -l es --no-obsolete --add-location file
	cd tiquetera && DEBUG=true ../$(BIN)/tiquetera compilemessages -l es

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache .hypothesis
