# Markdown in source/, a PDF guide and a training deck per document out in build/.
# `make` sets up everything and builds; `make test` runs the tests; `make help` lists targets.

# ---------------------------------------------------------------- configuration
THEME   ?=
PAPER   ?=
STRICT  ?=
PYTHON  ?= $(shell bash scripts/choose-python.sh)
ONLY    ?=
comma   := ,

VENV      := .venv
PUBLISH   := $(VENV)/bin/publish
PY        := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TOOLS     := $(VENV)/.tools-installed
TESTING   := $(VENV)/.test-installed
PIP       := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
BYTECODE  := $(VENV)/.bytecode
DIAGRAMS  := node_modules/.installed

THEME_NAME := $(or $(THEME),default)
OUT        := build$(if $(THEME),/$(THEME))

# THEME and PAPER reach the build as arguments; they are checked here, before any shell sees them.
THEME_NAMES := $(patsubst themes/%/theme.yaml,%,$(wildcard themes/*/theme.yaml))
ifneq ($(words $(THEME_NAME)) $(filter $(THEME_NAME),$(THEME_NAMES)),1 $(THEME_NAME))
$(error THEME must be the name of a folder under themes/ (one of: $(THEME_NAMES)))
endif
ifneq ($(PAPER),$(filter a4 letter,$(PAPER)))
$(error PAPER must be a4 or letter)
endif

# The documents are built by a Python driver that takes their names as arguments (any name works:
# spaces, non-ASCII letters, shell characters) and rebuilds what is older than its inputs.
BATCH := $(PY) -m publish.tools.batch source '$(OUT)' --theme '$(THEME_NAME)' $(if $(PAPER),--paper '$(PAPER)') \
         $(if $(STRICT),--strict)
FLAGS := --theme '$(THEME_NAME)' $(if $(PAPER),--paper '$(PAPER)') $(if $(STRICT),--strict)
CODE  := $(shell find scripts/publish -name '*.py' 2>/dev/null)

.DEFAULT_GOAL := all
.PHONY: all pdf slides press watch check preview test test-all lint bench setup clean help

# ---------------------------------------------------------------- artifacts
all: | $(INSTALLED) $(DIAGRAMS) $(BYTECODE) ## Set up (first run) and build the PDF and the deck of every document in source/
	@$(BATCH) --formats pdf,pptx

pdf: | $(INSTALLED) $(DIAGRAMS) $(BYTECODE) ## Build build/<doc>.pdf for every source
	@$(BATCH) --formats pdf

slides: | $(INSTALLED) $(DIAGRAMS) $(BYTECODE) ## Build build/<doc>.pptx for every source
	@$(BATCH) --formats pptx

press: | $(INSTALLED) $(DIAGRAMS) $(BYTECODE) ## Build build/<doc>-press.pdf: 3 mm bleed, crop marks, TrimBox/BleedBox
	@$(BATCH) --formats press

watch: $(INSTALLED) $(DIAGRAMS) ## Stay up and rebuild what a change to source/, its pictures or the theme affects
	@$(PY) -m publish.tools.watch source --out '$(OUT)' $(FLAGS)

# ---------------------------------------------------------------- setup
setup: $(INSTALLED) $(DIAGRAMS) ## Install what building needs: system packages (apt-get, as root), the venv, pinned packages, the diagram renderer

$(INSTALLED): pyproject.toml constraints.txt scripts/setup-system.sh
	@PYTHON="$(PYTHON)" bash scripts/setup-system.sh build
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) -e .
	@touch $@

# Mermaid's renderer, pinned in package-lock.json, run in Debian's Chromium (no browser is downloaded).
$(DIAGRAMS): package.json package-lock.json | $(INSTALLED)
	@PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# The checking tools (poppler, qpdf, LibreOffice, Chromium): only for the targets that use them.
$(TOOLS): scripts/setup-system.sh | $(INSTALLED)
	@bash scripts/setup-system.sh tools
	@touch $@

$(TESTING): pyproject.toml constraints.txt | $(INSTALLED)
	@$(PIP) -e '.[test]'
	@touch $@

# Compiled once here, so builds load bytecode even where PYTHONDONTWRITEBYTECODE stops
# Python from caching it (pip does this for installed packages, not for editable code).
$(BYTECODE): $(CODE) | $(INSTALLED)
	@$(PY) -m compileall -q scripts/publish
	@touch $@

# ---------------------------------------------------------------- checks
check: | $(TOOLS) $(DIAGRAMS) $(BYTECODE) ## Is every artifact fit to send? Lists each problem (artifact: problem), fails if any
	@$(BATCH) --formats pdf,pptx --check

preview: | $(TOOLS) $(DIAGRAMS) $(BYTECODE) ## PNG of every page and slide, contact sheets, review page build/preview/<doc>.html
	@$(BATCH) --formats pdf,pptx --preview

test: lint | $(TOOLS) $(DIAGRAMS) ## The fast specification: lint, types and every test but the slow ones (under 3 minutes)
	$(PY) -m pytest -q -n auto --dist loadfile -m "not slow"

test-all: lint | $(TOOLS) $(DIAGRAMS) ## Every test, the slow LibreOffice, large-document and property tests too
	$(PY) -m pytest -q -n auto --dist loadfile

lint: $(TESTING) ## ruff and mypy over the code
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/mypy

bench: $(VENV)/.bench-installed $(BYTECODE) ## Time the builds against the performance targets (about 10 minutes; ONLY=watch,... for some groups)
	@$(PY) -m publish.tools.bench $(foreach group,$(subst $(comma), ,$(ONLY)),--only $(group))

$(VENV)/.bench-installed: pyproject.toml constraints.txt | $(INSTALLED)
	@$(PIP) -e '.[bench]'
	@touch $@

clean: ## Remove build/ (the venv stays)
	rm -rf build

help: ## List the targets and variables
	@echo "Usage: make [target] [THEME=name] [PAPER=a4|letter] [STRICT=1]"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 12
	@echo
	@echo "Variables:"
	@echo "  THEME=name  theme under themes/ (outputs go to build/<name>/)"
	@echo "  PAPER=size  a4 (default) or letter"
	@echo "  STRICT=1    treat warnings as errors"
