# kerastutor — each target sets up what it needs (a virtual environment in .venv) by itself.
#   make course   run every lesson in every language into build/ (HTML index: build/index.html)
#   make test     the test suite: unit tests, nbval over every lesson notebook, grading, browser
#   make lab      open JupyterLab on the course
#   make book     the course as a static site to read offline: build/book/index.html
#   make matrix-oldest / matrix-newest   the version matrix (constraints/*.txt): its own venv, unit
#                 tests and nbval over lessons/en, on the oldest (Python 3.11) and newest (3.13) sets
# Supported Python: 3.11, 3.12, 3.13 (pyproject.toml's requires-python). PYTHON defaults to python3
# when it is one of them, else the first of 3.11, 3.12, 3.13 found (tools/find-python.sh).
ifndef PYTHON
PYTHON := $(or $(shell tools/find-python.sh 3.11 3.12 3.13),python3)
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
FULL   ?=

.PHONY: install system-deps course book test lab notebooks check-notebooks bench clean matrix-oldest matrix-newest

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else "kerastutor needs Python 3.11, 3.12 or 3.13 (found %d.%d); set PYTHON=/path/to/python3.13" % sys.version_info[:2])'
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

# The version matrix. A cell = an interpreter + a constraints file; each builds its own venv
# (.venv-oldest, .venv-newest) and runs the reduced suite: every unit test and exercise test, nbval
# over lessons/en (the code cells are the same in zh and zh-en). Left out, as they do not depend on
# the versions of the course's dependencies: the browser tests (tests/e2e), the batch grader
# (tests/test_grading.py; its units in tests/test_grading_units.py and the Dask grading tests do run),
# the whole-slot limits (tests/test_grading_limits.py, tests/test_grading_nonroot.py: the kernel's cgroups
# and /proc, not a library), and the two tests that
# re-run lessons to prove their checks can fail and repeat (test_lesson_checks_can_fail.py,
# test_determinism.py): nbval over lessons/en already runs every lesson on each version set.
MATRIX_PY_oldest := 3.11
MATRIX_PY_newest := 3.13
MATRIX_TESTS := tests lessons/en --ignore=tests/e2e --ignore=tests/test_grading.py \
	--ignore=tests/test_grading_limits.py --ignore=tests/test_grading_nonroot.py \
	--ignore=tests/test_lesson_checks_can_fail.py --ignore=tests/test_determinism.py
.PRECIOUS: .venv-%/.installed

.venv-%/.installed: constraints/%.txt pyproject.toml
	@py=$$(tools/find-python.sh $(MATRIX_PY_$*)) || { echo "matrix-$*: needs Python $(MATRIX_PY_$*) (python$(MATRIX_PY_$*) on PATH or pyenv)"; exit 1; }; \
	rm -rf .venv-$* && echo "$$py -m venv .venv-$*" && $$py -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --upgrade pip
	.venv-$*/bin/python -m pip install --quiet -c constraints/$*.txt -e '.[test]'
	.venv-$*/bin/python -m kerastutor.warm_kernel install
	@touch $@

# (explicit rules: make looks for no pattern rule for a .PHONY target)
matrix-oldest matrix-newest: matrix-%: .venv-%/.installed
	.venv-$*/bin/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-kernel-name kerastutor-warm \
		--nbval-cell-timeout 900 $(MATRIX_TESTS)

clean:
	rm -rf build
