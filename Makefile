# Exercises for Back Pain: build, preview and test the handbook.
# `make` sets everything up and builds the site and PDFs; `make test` runs every check.
# The variables below may be overridden, for example `make live PORT=8080`.

PYTHON     ?= python3
SOURCEDIR  ?= docs
VENV       ?= .venv
BUILDDIR   ?= build
PORT       ?= 8000
JOBS       ?= auto
SPHINXOPTS ?=
EXERCISES  ?=
PROGRAMME  ?=
DOSE       ?=
REVIEW     ?=
BUILD_UP   ?=
SITE_URL   ?=
OUT        ?=
PAPER      ?= a4
BASE_PATH  ?= /

# The Python that makes .venv must be 3.11 or newer; say so in one line, not a traceback.
PYVER      := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3]) if sys.version_info >= (3, 11) else print("old")' 2>/dev/null)
ifeq ($(filter clean help,$(MAKECMDGOALS))$(PYVER),)
$(error $(PYTHON) was not found: install Python 3.11 or newer, then run make PYTHON=python3.11 (or its full path))
endif
ifeq ($(filter clean help,$(MAKECMDGOALS))$(PYVER),old)
$(error $(PYTHON) is older than Python 3.11: install 3.11 or newer, then run make PYTHON=python3.11 (or its full path))
endif

BIN        := $(VENV)/bin
PY         := $(BIN)/python
# The stamp names the Python version, so a .venv made by another Python is made again.
STAMP      := $(VENV)/.installed-$(PYVER)
TEST_STAMP := $(VENV)/.installed-$(PYVER)-test
EDITION    := $(shell $(PYTHON) tools/site/edition.py label 2>/dev/null)
SPHINX     := $(BIN)/sphinx-build -n -W --keep-going -j $(JOBS) $(SPHINXOPTS)
DOCTREES   := $(BUILDDIR)/doctrees
# The book's PDFs, whose bookmarks must list every chapter; the rest of build/pdf
# are its printables (the red-flag cards, the diary), one page each.
BOOK_PDFS   = $(wildcard $(BUILDDIR)/pdf/exercises-for-back-pain-*.pdf)
PUBLISH     = $(PY) -m tools.site.publish --check $(BUILDDIR)/.staging/html $(BUILDDIR)/html --pdfs $(BUILDDIR)/pdf

.DEFAULT_GOAL := all
.PHONY: help all venv html site print pdf handout handout-usage check preflight live serve editions serve-editions release linkcheck bench test clean

help: ## List the targets, one line each.
	@echo "Exercises for Back Pain, edition $(EDITION)"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/; s/\$$\(PORT\)/$(PORT)/' | expand -t 16

all: $(STAMP) ## Set up .venv, then build the PDFs and the site that links to them (the default).
	@# The site's pages are made while the PDFs print; it is published once both are done.
	@$(MAKE) --no-print-directory -j2 pdf site
	$(PUBLISH)

venv: $(STAMP) ## Create .venv and install the pinned tools from requirements.lock.

$(STAMP): requirements.lock pyproject.toml
	@if [ -f $(VENV)/pyvenv.cfg ] && ! grep -Eq '^version(_info)? = $(PYVER)$$' $(VENV)/pyvenv.cfg; then \
		echo "$(VENV) was made by another Python: making it again with $(PYTHON) ($(PYVER))"; \
		rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	@# Only what building needs; `make test` adds the tests' own packages from the same lock.
	$(PYTHON) tools/site/lock.py requirements.lock pyproject.toml > $(VENV)/requirements-build.txt
	$(PY) -m pip install --require-hashes --no-deps --progress-bar on -r $(VENV)/requirements-build.txt
	rm -f $(VENV)/.installed*
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --require-hashes --progress-bar on -r requirements.lock
	touch $@

html: site ## Build the website into build/html (any warning fails the build).
	$(PUBLISH)

site: $(STAMP)
	$(SPHINX) -b html -d $(DOCTREES)/html $(SOURCEDIR) $(BUILDDIR)/.staging/html

print: $(STAMP) ## Build the single-page print HTML the PDFs are made from.
	$(SPHINX) -b singlehtml -t print -d $(DOCTREES)/print $(SOURCEDIR) $(BUILDDIR)/.staging/print
	$(PY) -m tools.site.publish $(BUILDDIR)/.staging/print $(BUILDDIR)/print

pdf: print ## Build the A4, US Letter and large-print (A4) PDFs, and one-page PDFs of the red-flag card and the diary, into build/pdf.
	$(PY) -m tools.pdf.build_pdf $(BUILDDIR)/print/index.html $(BUILDDIR)/pdf

handout: $(if $(strip $(EXERCISES)$(PROGRAMME)),print,handout-usage) ## Print a patient's programme: make handout EXERCISES="knee-rolls bridge" [DOSE="bridge=reps 8"] [REVIEW=YYYY-MM-DD] [PROGRAMME=file.toml] [PAPER=letter] [SITE_URL=...] [OUT=file.pdf].
	$(PY) -m tools.pdf.handout $(BUILDDIR)/print $(EXERCISES) --paper $(PAPER) --out-dir $(BUILDDIR)/handout \
		$(if $(PROGRAMME),--programme "$(PROGRAMME)") $(if $(DOSE),--dose "$(DOSE)") \
		$(if $(REVIEW),--review $(REVIEW)) $(if $(BUILD_UP),--build-up $(BUILD_UP)) \
		$(if $(SITE_URL),--site "$(SITE_URL)") $(if $(OUT),-o "$(OUT)")

handout-usage:
	@echo 'make handout: name the exercises, e.g. make handout EXERCISES="knee-rolls bridge", or PROGRAMME=file.toml' >&2; exit 2

check: all ## Check every link in the built site and PDFs, and the PDFs' accessibility (PDF/UA) and where the books break their pages.
	$(PY) -m tools.checks.check_html $(BUILDDIR)/html
	$(PY) -m tools.checks.check_pdf --html $(BUILDDIR)/print/index.html $(BOOK_PDFS)
	$(PY) -m tools.checks.check_page_breaks --html $(BUILDDIR)/print/index.html $(BOOK_PDFS)
	$(PY) -m tools.checks.check_pdf $(filter-out $(BOOK_PDFS),$(wildcard $(BUILDDIR)/pdf/*.pdf))
	$(PY) -m tools.checks.check_pdfua $(BUILDDIR)/pdf/*.pdf $(wildcard $(BUILDDIR)/handout/*.pdf)
	$(PY) -m tools.checks.check_content $(SOURCEDIR) $(BUILDDIR)/html

preflight: $(STAMP) ## Quick check before you send a change: build the site, print only the problems.
	@$(PY) -m tools.checks.preflight $(SOURCEDIR) $(BUILDDIR)/preflight

live: $(STAMP) ## Preview while you edit, at http://127.0.0.1:$(PORT), reloading on save.
	$(BIN)/sphinx-autobuild -n --keep-going --host 127.0.0.1 --port $(PORT) \
		-d $(DOCTREES)/live $(SOURCEDIR) $(BUILDDIR)/live

serve: html ## Serve build/html at http://127.0.0.1:$(PORT).
	$(PY) -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

editions: $(STAMP) ## Build every edition in docs/editions.toml and the work tree (as dev) into build/site [BASE_PATH=/path/].
	$(PY) -m tools.site.editions --out $(BUILDDIR)/site --base-path $(BASE_PATH)

serve-editions: editions ## Serve build/site, with its version switcher, at http://127.0.0.1:$(PORT) under BASE_PATH.
	$(PY) -m tools.site.editions --out $(BUILDDIR)/site --base-path $(BASE_PATH) --serve $(PORT)

release: $(STAMP) ## Release an edition after a full build and test, and record it in docs/editions.toml: make release EDITION=YYYY.N [DATE=YYYY-MM-DD].
	$(PY) -m tools.site.release $(EDITION) $(if $(DATE),--date $(DATE)) --check
	$(MAKE) --no-print-directory all test
	$(PY) -m tools.site.release $(EDITION) $(if $(DATE),--date $(DATE))

linkcheck: pdf ## Check every link's target: web addresses (needs the network; not part of `make test`) and the built PDFs.
	$(SPHINX) -b linkcheck -D handbook_pdf_dir=$(abspath $(BUILDDIR)/pdf) -d $(DOCTREES)/linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck

bench: $(TEST_STAMP) ## Time clean and one-page builds, measure PDF sizes and first visits on a slow phone.
	$(PY) -m tools.site.bench

test: $(TEST_STAMP) ## Run the whole test suite (it builds the handbook once itself).
	$(PY) -m pytest

clean: ## Remove build/ (keeps .venv).
	rm -rf $(BUILDDIR)
