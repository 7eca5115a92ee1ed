# Familjecentralsguiden – set-up and the two main jobs.
#   make site   installs what the site needs, builds it once and serves it on http://127.0.0.1:8000
#               (search, figures and Word files work there as in the built site/)
#   make test   installs everything (test tools too, Chromium, LibreOffice) and runs all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-site
TSTAMP := $(VENV)/.installed-test

.PHONY: site build serve test check system-deps site-deps bench clean FORCE

# A venv whose interpreter was removed or replaced (an upgraded python3) is made anew,
# whatever the stamps say.
ifneq ($(shell $(BIN)/python -c 'print(1)' 2>/dev/null),1)
$(STAMP): FORCE
endif

$(STAMP): pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TSTAMP)

# fcguide serve generates and builds once (search index included) and rebuilds on every saved change.
site: $(STAMP) site-deps
	$(BIN)/fcguide serve

build: $(STAMP) site-deps
	$(BIN)/fcguide build

serve: $(STAMP)
	$(BIN)/fcguide serve

check: $(STAMP)
	$(BIN)/fcguide check

# Debian packages the browser and document tests need (installed only when missing): Chromium,
# LibreOffice with Carlito (Calibri's metrics, so a PDF breaks pages as Word does), cairo for
# cairosvg (the figures in the Word documents) and Node (the form engine's parity test).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null || ! command -v pdfinfo >/dev/null \
	    || ! command -v node >/dev/null \
	    || ! fc-list 2>/dev/null | grep -q Carlito || ! ldconfig -p | grep -q libcairo.so.2; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends chromium libreoffice-writer-nogui \
	    fonts-dejavu-core fonts-crosextra-carlito libcairo2 poppler-utils nodejs; \
	fi

# The one Debian package the site itself needs: cairo, for the figures in the Word files.
site-deps:
	@if ! ldconfig -p | grep -q libcairo.so.2; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends libcairo2; \
	fi

test: $(TSTAMP) system-deps
	$(BIN)/python -m pytest -q

bench: $(TSTAMP)
	$(BIN)/python bench/run.py

FORCE:

clean:
	rm -rf site build drafts .pytest_cache
