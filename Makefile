# Familjecentralsguiden – set-up and the two main jobs.
#   make site   installs everything, builds the site and serves it on http://127.0.0.1:8000
#   make test   installs everything (Python packages, Chromium, LibreOffice) and runs all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site build serve test check system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/fcguide build
	$(BIN)/fcguide serve

build: $(STAMP)
	$(BIN)/fcguide build

serve: $(STAMP)
	$(BIN)/fcguide serve

check: $(STAMP)
	$(BIN)/fcguide check

# Debian packages the browser and document tests need (installed only when missing): Chromium,
# LibreOffice with Carlito (Calibri's metrics, so a PDF breaks pages as Word does), and cairo
# for cairosvg (the figures in the Word documents).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! fc-list | grep -q Carlito \
	    || ! ldconfig -p | grep -q libcairo.so.2; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends chromium libreoffice-writer-nogui \
	    fonts-dejavu-core fonts-crosextra-carlito libcairo2; \
	fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site build drafts .pytest_cache
