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

THEME_NAME := $(or $(THEME),default)
OUT        := build$(if $(THEME),/$(THEME))
SOURCES    := $(wildcard source/*.md)
DOCS       := $(basename $(notdir $(SOURCES)))
PDFS       := $(DOCS:%=$(OUT)/%.pdf)
DECKS      := $(DOCS:%=$(OUT)/%.pptx)
PRESS_PDFS := $(DOCS:%=$(OUT)/%-press.pdf)

# Everything an artifact depends on besides its own source: pictures, code, themes,
# and the build options (rewritten only when they change, so nothing goes stale).
ASSETS  := $(shell find source -mindepth 2 -type f 2>/dev/null)
CODE    := $(shell find scripts/publish -name '*.py' 2>/dev/null)
THEMES  := $(shell find themes -type f 2>/dev/null)
OPTIONS := $(OUT)/.options
DEPS    := $(ASSETS) $(CODE) $(THEMES) $(OPTIONS) | $(INSTALLED) $(BYTECODE)
FLAGS   := --theme $(THEME_NAME) $(if $(PAPER),--paper $(PAPER)) $(if $(STRICT),--strict)

ifeq ($(filter clean help,$(MAKECMDGOALS)),)
$(shell mkdir -p $(OUT) && echo '$(FLAGS)' | cmp -s - $(OPTIONS) || echo '$(FLAGS)' > $(OPTIONS))
endif

.DEFAULT_GOAL := all
.PHONY: all pdf slides press watch check preview test test-all lint bench setup clean help
.DELETE_ON_ERROR:

# ---------------------------------------------------------------- artifacts
all: pdf slides ## Set up (first run) and build the PDF and the deck of every source/*.md

pdf: $(PDFS) ## Build build/<doc>.pdf for every source

slides: $(DECKS) ## Build build/<doc>.pptx for every source

press: $(PRESS_PDFS) ## Build build/<doc>-press.pdf: 3 mm bleed, crop marks, TrimBox/BleedBox

$(OUT)/%.pdf: source/%.md $(DEPS)
	@$(PUBLISH) $< -o $@ $(FLAGS)

$(OUT)/%-press.pdf: source/%.md $(DEPS)
	@$(PUBLISH) $< -o $@ $(FLAGS) --press

$(OUT)/%.pptx: source/%.md $(DEPS)
	@$(PUBLISH) $< -o $@ $(FLAGS)

watch: $(INSTALLED) ## Stay up and rebuild what a change to source/, its pictures or the theme affects
	@$(PY) -m publish.tools.watch source --out $(OUT) $(FLAGS)

# ---------------------------------------------------------------- setup
setup: $(INSTALLED) ## Install what building needs: system packages (apt-get, as root), the venv, pinned packages

$(INSTALLED): pyproject.toml constraints.txt scripts/setup-system.sh
	@PYTHON="$(PYTHON)" bash scripts/setup-system.sh build
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) -e .
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
check: $(PDFS) $(DECKS) | $(TOOLS) ## Is every artifact fit to send? Lists each problem (artifact: problem), fails if any
	@$(PY) -m publish.tools.check $(PDFS) $(DECKS)

preview: $(PDFS) $(DECKS) | $(TOOLS) ## PNG of every page and slide, contact sheets, review page build/preview/<doc>.html
	@$(PY) -m publish.tools.preview $(PDFS) $(DECKS)

test: lint | $(TOOLS) ## The fast specification: lint, types and every test but the slow ones (under 3 minutes)
	$(PY) -m pytest -q -n auto --dist loadfile -m "not slow"

test-all: lint | $(TOOLS) ## Every test, the slow LibreOffice, large-document and property tests too
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
