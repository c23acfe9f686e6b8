# netbook: the two set-up commands (see README) and helpers. Needs only python3 (>= 3.11), pip, make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WORKSPACE ?= data

.PHONY: review test lint typecheck unit browser bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	@# Bytecode compiled once: with PYTHONDONTWRITEBYTECODE set, every command would otherwise
	@# compile polars, typer and the rest again (half a second of start-up).
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

## The main job: import the bundled sample into ./data and write its monthly review (HTML).
## The sample is a LinkedIn export plus the same network's address book, mail, chats and calendar.
OFF_LINKEDIN := data/sample/contacts/phone.vcf data/sample/mail/sample.mbox \
	data/sample/chats/whatsapp data/sample/chats/slack data/sample/calendar/work.ics
review: $(STAMP)
	$(BIN)/netbook import data/sample/linkedin $(OFF_LINKEDIN) --workspace $(WORKSPACE)
	$(BIN)/netbook doctor --workspace $(WORKSPACE)
	$(BIN)/netbook review --period month --as-of 2026-11-16 --workspace $(WORKSPACE)

## The whole test suite: lint, types, unit, notebook and browser tests.
test: lint typecheck browser unit

## Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/metrics_bench.py
	$(BIN)/python benchmarks/rituals_bench.py
	$(BIN)/python benchmarks/review_bench.py

## Regenerate the committed synthetic sample (deterministic).
sample: $(STAMP)
	rm -rf data/sample/linkedin data/sample/contacts data/sample/mail data/sample/chats data/sample/calendar
	$(BIN)/netbook sample data/sample/linkedin --seed 7 --off-linkedin data/sample

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
