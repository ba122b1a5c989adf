"""`kerastutor release`: student copies (exercises/zh|en) from the teacher copies (solutions/zh|en).

The teacher copies follow nbgrader's conventions, so the same files work in nbgrader:

- an answer is written between `### BEGIN SOLUTION` and `### END SOLUTION` (in a code cell, or a
  markdown cell); the student copy gets `# YOUR CODE HERE` + `raise NotImplementedError()` instead
  (`YOUR ANSWER HERE` in markdown), at the same indentation;
- hidden tests sit between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` and are removed;
- cells carry nbgrader metadata: answer cells `solution: true`, test cells `grade: true` with a
  `grade_id` (the question id, e.g. "q1") and `points`.

The student copy is made by the transforms below, run by kerastutor.pipeline (outputs cleared,
JSON canonical), which also says when exercises/ is stale. Release and the grader both check that
the test cells are the questions the exercise declares (`check_assignment`).
"""
from __future__ import annotations

import argparse
import pathlib
import re

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, Preprocessor
from traitlets import Unicode

from ..layout import ROOT
from ..pipeline import Stage, run, update

BEGIN_SOLUTION = re.compile(r"^(\s*)#+\s*BEGIN SOLUTION\s*$")
END_SOLUTION = re.compile(r"^\s*#+\s*END SOLUTION\s*$")
BEGIN_HIDDEN = re.compile(r"^\s*#+\s*BEGIN HIDDEN TESTS\s*$")
END_HIDDEN = re.compile(r"^\s*#+\s*END HIDDEN TESTS\s*$")
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
MARKDOWN_STUB = "YOUR ANSWER HERE"


class ReleaseError(ValueError):
    """A teacher copy breaks the solution / hidden-test conventions (named file and cell)."""


def nbgrader_meta(cell) -> dict:
    return dict(cell.get("metadata", {}).get("nbgrader", {}) or {})


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution_cell(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def _regions(lines: list[str], begin: re.Pattern, end: re.Pattern, where: str, what: str):
    """(start, stop) line index pairs of the marked regions, markers included."""
    out, start = [], None
    for i, line in enumerate(lines):
        if begin.match(line):
            if start is not None:
                raise ReleaseError(f"{where}: BEGIN {what} inside another BEGIN {what}")
            start = i
        elif end.match(line):
            if start is None:
                raise ReleaseError(f"{where}: END {what} without BEGIN {what}")
            out.append((start, i))
            start = None
    if start is not None:
        raise ReleaseError(f"{where}: BEGIN {what} without END {what}")
    return out


def solution_regions(source: str, where: str = "cell") -> list[str]:
    lines = source.splitlines()
    return ["\n".join(lines[a + 1:b]) for a, b in _regions(lines, BEGIN_SOLUTION, END_SOLUTION, where, "SOLUTION")]


def hidden_regions(source: str, where: str = "cell") -> list[str]:
    lines = source.splitlines()
    return ["\n".join(lines[a + 1:b]) for a, b in _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where, "HIDDEN TESTS")]


def strip_solutions(source: str, cell_type: str, where: str = "cell") -> str:
    lines = source.splitlines()
    regions = _regions(lines, BEGIN_SOLUTION, END_SOLUTION, where, "SOLUTION")
    out, pos = [], 0
    for a, b in regions:
        out += lines[pos:a]
        indent = BEGIN_SOLUTION.match(lines[a]).group(1)
        out += [indent + s for s in CODE_STUB] if cell_type == "code" else [indent + MARKDOWN_STUB]
        pos = b + 1
    out += lines[pos:]
    return "\n".join(out)


def strip_hidden(source: str, where: str = "cell") -> str:
    lines = source.splitlines()
    regions = _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where, "HIDDEN TESTS")
    out, pos = [], 0
    for a, b in regions:
        out += lines[pos:a]
        pos = b + 1
    out += lines[pos:]
    return "\n".join(out).rstrip()


class CheckGradeCells(Preprocessor):
    """Refuse a teacher copy that breaks nbgrader's conventions: unbalanced markers, an answer
    outside an answer cell, hidden tests outside a test cell, a graded cell without a grade_id, a
    grade_id used twice."""

    def preprocess(self, nb, resources):
        seen: set[str] = set()
        for index, cell in enumerate(nb.cells):
            where = f"{resources.get('name', 'notebook')}, cell {index + 1}"
            meta = nbgrader_meta(cell)
            lines = cell.source.splitlines()
            if _regions(lines, BEGIN_SOLUTION, END_SOLUTION, where, "SOLUTION") and not meta.get("solution"):
                raise ReleaseError(f"{where}: BEGIN SOLUTION in a cell without nbgrader solution: true")
            if _regions(lines, BEGIN_HIDDEN, END_HIDDEN, where, "HIDDEN TESTS") and not is_test_cell(cell):
                raise ReleaseError(f"{where}: hidden tests outside a test cell (nbgrader grade: true)")
            if meta.get("grade") and not meta.get("grade_id"):
                raise ReleaseError(f"{where}: a graded cell needs an nbgrader grade_id")
            if meta.get("grade_id"):
                if meta["grade_id"] in seen:
                    raise ReleaseError(f"{where}: grade_id {meta['grade_id']!r} used twice")
                seen.add(meta["grade_id"])
        return nb, resources


def question_problems(grade_ids: list[str], number: str) -> list[str]:
    """Where the test cells' grade_ids (in notebook order) differ from the questions exercise
    `number` declares in kerastutor/exercises/exNN.py; empty when they match."""
    from ..exercises import get

    declared = list(get(number).questions)
    if grade_ids == declared:
        return []
    return [f"exercise {number}: the test cells are {grade_ids}, the exercise declares {declared}"]


class CheckQuestions(Preprocessor):
    """Refuse a teacher copy whose test cells are not, in order, the exercise's declared questions."""

    number = Unicode()

    def preprocess(self, nb, resources):
        ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if is_test_cell(c)]
        problems = question_problems(ids, self.number)
        if problems:
            raise ReleaseError(f"{resources.get('name', 'notebook')}: {problems[0]}")
        return nb, resources


def check_assignment(assignment) -> None:
    """The grader's check, before it grades anything: the teacher copies' test cells (an
    `Assignment` from kerastutor.grading.submission) are the questions the exercise declares."""
    problems = question_problems(assignment.questions, assignment.number)
    if problems:
        raise ReleaseError(problems[0])


class StripSolutions(Preprocessor):
    """An answer cell's solution regions become the stub (a cell without markers: all of it)."""

    def preprocess_cell(self, cell, resources, index):
        if nbgrader_meta(cell).get("solution"):
            where = f"{resources.get('name', 'notebook')}, cell {index + 1}"
            if _regions(cell.source.splitlines(), BEGIN_SOLUTION, END_SOLUTION, where, "SOLUTION"):
                cell.source = strip_solutions(cell.source, cell.cell_type, where)
            else:  # nbgrader's rule: a solution cell without markers is replaced as a whole
                cell.source = "\n".join(CODE_STUB) if cell.cell_type == "code" else MARKDOWN_STUB
        return cell, resources


class StripHiddenTests(Preprocessor):
    """A test cell loses its hidden tests (the markers included)."""

    def preprocess_cell(self, cell, resources, index):
        where = f"{resources.get('name', 'notebook')}, cell {index + 1}"
        if _regions(cell.source.splitlines(), BEGIN_HIDDEN, END_HIDDEN, where, "HIDDEN TESTS"):
            cell.source = strip_hidden(cell.source, where)
        return cell, resources


class MarkStudent(Preprocessor):
    """The notebook says it is a student copy (metadata kerastutor.role)."""

    def preprocess(self, nb, resources):
        nb.metadata.setdefault("kerastutor", {})["role"] = "student"
        return nb, resources


def student_transforms(number: str | None = None) -> list[Preprocessor]:
    """Teacher copy -> student copy; with `number`, also hold the test cells to the exercise's questions."""
    checks = [CheckGradeCells()] + ([CheckQuestions(number=number)] if number else [])
    return checks + [StripSolutions(), StripHiddenTests(), ClearOutputPreprocessor(), MarkStudent()]


def student_copy(teacher: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The student's notebook: answers stubbed, hidden tests gone, outputs cleared."""
    return run(nbformat.from_dict(teacher), student_transforms(), name)


def teacher_copy(root: pathlib.Path, assignment: str, lang: str) -> pathlib.Path:
    """solutions/<lang>/NN_*.ipynb for assignment "NN"."""
    matches = sorted((root / "solutions" / lang).glob(f"{assignment}_*.ipynb"))
    if len(matches) != 1:
        raise FileNotFoundError(f"solutions/{lang}/{assignment}_*.ipynb: found {len(matches)} notebooks")
    return matches[0]


def exercises(root: pathlib.Path) -> Stage:
    """The student copies' stage: exercises/<lang>/NN_x.ipynb from solutions/<lang>/NN_x.ipynb."""
    langs = ("zh", "en")
    return Stage("exercises", root, {lang: (root / "solutions" / lang, ".ipynb") for lang in langs},
                 {lang: root / "exercises" / lang for lang in langs},
                 lambda path: nbformat.read(path, as_version=4),
                 lambda lang, stem: student_transforms(number=stem[:2]))


# --- the `kerastutor release` command -----------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "Write the student copies exercises/zh|en from the teacher copies solutions/zh|en."
    parser.add_argument("only", nargs="*", help="only these exercise numbers or names, e.g. 01 (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="only report stale (missing, out of date or orphaned) student copies (exit 1 if any)")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)


def command(args: argparse.Namespace) -> int:
    return update([exercises(args.root)], args.only, args.check, "kerastutor release", "exercise")
