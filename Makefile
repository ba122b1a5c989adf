# kerastutor — each target sets up what it needs (a virtual environment in .venv) by itself.
#   make course   run every lesson in every language into build/ (HTML index: build/index.html)
#   make test     the test suite: unit tests, nbval over every lesson notebook, grading, browser
#   make lab      open JupyterLab on the course
#   make book     the course as a static site to read offline: build/book/index.html
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
FULL   ?=

.PHONY: install system-deps course book test lab notebooks check-notebooks bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "kerastutor needs Python 3.11 (found %d.%d); set PYTHON=/path/to/python3.11" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m kerastutor.warm_kernel install
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use (bubblewrap sandboxes graded kernels, chromium runs the browser
# tests). Installed when missing and when we may; the tests say plainly what they skip otherwise.
system-deps:
	@bash tools/system-deps.sh

course: $(STAMP)
	$(BIN)/kerastutor run --jobs $(JOBS) $(if $(FULL),--full,)

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-kernel-name kerastutor-warm \
		--nbval-cell-timeout 900 tests lessons/zh lessons/en lessons/zh-en

# The book: runs the lessons whose executed notebook is missing or stale, then builds the site.
book: $(STAMP)
	$(BIN)/kerastutor book --jobs $(JOBS)

lab: $(STAMP)
	$(BIN)/jupyter lab lessons/

# Regenerate the zh / en / zh-en notebooks and the student copies from their sources.
notebooks: $(STAMP)
	$(BIN)/kerastutor build
	$(BIN)/kerastutor release

bench: $(STAMP)
	$(BIN)/python bench/course.py

clean:
	rm -rf build
