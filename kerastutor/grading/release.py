"""`kerastutor release`: student copies (exercises/zh|en) from the teacher copies (solutions/zh|en).

The teacher copies follow nbgrader's conventions, so the same files work in nbgrader:

- an answer is written between `### BEGIN SOLUTION` and `### END SOLUTION` (in a code cell, or a
  markdown cell); the student copy gets `# YOUR CODE HERE` + `raise NotImplementedError()` instead
  (`YOUR ANSWER HERE` in markdown), at the same indentation;
- hidden tests sit between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` and are removed;
- cells carry nbgrader metadata: answer cells `solution: true`, test cells `grade: true` with a
  `grade_id` (the question id, e.g. "q1") and `points`.

Outputs are cleared and the JSON is written canonically (kerastutor.notebooks.dumps), so
`release --check` can tell when exercises/ is stale.
"""
from __future__ import annotations

import copy
import dataclasses
import pathlib
import re

import nbformat

from ..notebooks import dumps

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


def student_copy(teacher: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The student's notebook: answers stubbed, hidden tests gone, outputs cleared."""
    nb = copy.deepcopy(teacher)
    seen_ids: set[str] = set()
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index + 1}"
        meta = nbgrader_meta(cell)
        source = cell.source
        has_solution = bool(_regions(source.splitlines(), BEGIN_SOLUTION, END_SOLUTION, where, "SOLUTION"))
        has_hidden = bool(_regions(source.splitlines(), BEGIN_HIDDEN, END_HIDDEN, where, "HIDDEN TESTS"))
        if has_solution and not meta.get("solution"):
            raise ReleaseError(f"{where}: BEGIN SOLUTION in a cell without nbgrader solution: true")
        if has_hidden and not is_test_cell(cell):
            raise ReleaseError(f"{where}: hidden tests outside a test cell (nbgrader grade: true)")
        if meta.get("grade") and not meta.get("grade_id"):
            raise ReleaseError(f"{where}: a graded cell needs an nbgrader grade_id")
        if meta.get("grade_id"):
            if meta["grade_id"] in seen_ids:
                raise ReleaseError(f"{where}: grade_id {meta['grade_id']!r} used twice")
            seen_ids.add(meta["grade_id"])
        if meta.get("solution"):
            if has_solution:
                source = strip_solutions(source, cell.cell_type, where)
            else:  # nbgrader's rule: a solution cell without markers is replaced as a whole
                source = "\n".join(CODE_STUB) if cell.cell_type == "code" else MARKDOWN_STUB
        if has_hidden:
            source = strip_hidden(source, where)
        cell.source = source
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.setdefault("kerastutor", {})["role"] = "student"
    return nb


@dataclasses.dataclass
class Release:
    """Teacher copies in solutions/<lang>/ and the student copies made from them."""

    root: pathlib.Path
    langs: tuple[str, ...] = ("zh", "en")

    def pairs(self) -> list[tuple[pathlib.Path, pathlib.Path]]:
        out = []
        for lang in self.langs:
            for teacher in sorted((self.root / "solutions" / lang).glob("[0-9][0-9]_*.ipynb")):
                out.append((teacher, self.root / "exercises" / lang / teacher.name))
        return out

    def rendered(self, teacher: pathlib.Path) -> str:
        nb = nbformat.read(teacher, as_version=4)
        return dumps(student_copy(nb, teacher.relative_to(self.root).as_posix()))

    def build(self) -> list[pathlib.Path]:
        written = []
        for teacher, student in self.pairs():
            text = self.rendered(teacher)
            if not student.exists() or student.read_text(encoding="utf-8") != text:
                student.parent.mkdir(parents=True, exist_ok=True)
                student.write_text(text, encoding="utf-8")
                written.append(student)
        for extra in self.orphans():
            extra.unlink()
            written.append(extra)
        return written

    def orphans(self) -> list[pathlib.Path]:
        expected = {student for _, student in self.pairs()}
        out = []
        for lang in self.langs:
            out += [p for p in sorted((self.root / "exercises" / lang).glob("*.ipynb")) if p not in expected]
        return out

    def stale(self) -> list[pathlib.Path]:
        out = []
        for teacher, student in self.pairs():
            if not student.exists() or student.read_text(encoding="utf-8") != self.rendered(teacher):
                out.append(student)
        return out + self.orphans()


def teacher_copy(root: pathlib.Path, assignment: str, lang: str) -> pathlib.Path:
    """solutions/<lang>/NN_*.ipynb for assignment "NN"."""
    matches = sorted((root / "solutions" / lang).glob(f"{assignment}_*.ipynb"))
    if len(matches) != 1:
        raise FileNotFoundError(f"solutions/{lang}/{assignment}_*.ipynb: found {len(matches)} notebooks")
    return matches[0]
