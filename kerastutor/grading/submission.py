"""Reading a submitted file without trusting it, and what the teacher's copy says to run.

A submission is whatever file a student handed in. It may be a fine notebook, a notebook with its
test cells deleted, edited or turned into markdown, a notebook in another language, a file that is
not JSON, or JSON that is not a notebook. Nothing here executes anything.
"""
from __future__ import annotations

import dataclasses
import json
import pathlib
import re

import nbformat

from .release import is_test_cell, nbgrader_meta, teacher_copy

MAX_BYTES = 20 * 1024 * 1024
ANSWER_ID = re.compile(r"^(q\w+?)_answer$")
LANGS = ("zh", "en")


class BadSubmission(Exception):
    """The file cannot be graded at all; `status` says why ("invalid_json", "not_notebook" …)."""

    def __init__(self, status: str, detail: str = ""):
        super().__init__(f"{status}: {detail}")
        self.status, self.detail = status, detail


@dataclasses.dataclass
class StudentCell:
    number: int  # 1-based position among all of the notebook's cells
    source: str
    place: str = "before"  # how feedback names it: "answer:q3", "after:q2" or "before" (the first question)


@dataclasses.dataclass
class Submission:
    name: str
    lang: str | None  # from metadata.kerastutor.lang; None when absent or unknown
    cells: list[StudentCell]  # the student's code cells, test cells left out


def _source(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    raise BadSubmission("not_notebook", "a cell's source is neither text nor a list of lines")


def read_submission(path: pathlib.Path, name: str, test_ids: set[str], test_grade_ids: set[str]) -> Submission:
    """Parse a submitted file; BadSubmission when it is not a gradable notebook.

    The student's code cells are every code cell except the test cells: those marked as tests in
    their nbgrader metadata, or carrying a test cell's id or grade_id. The grader never runs a
    student's version of a test cell; it runs the teacher's.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadSubmission("too_large", f"{size} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadSubmission("unreadable", str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadSubmission("invalid_json", "not UTF-8 text") from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadSubmission("invalid_json", str(exc)[:200]) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise BadSubmission("not_notebook", "no list of cells")
    if data.get("nbformat") != 4:
        raise BadSubmission("not_notebook", f"nbformat {data.get('nbformat')!r}, expected 4")
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    kt_meta = metadata.get("kerastutor") if isinstance(metadata.get("kerastutor"), dict) else {}
    lang = kt_meta.get("lang") if kt_meta.get("lang") in LANGS else None
    cells = []
    last = None  # the question of the last answer or test cell seen
    for number, cell in enumerate(data["cells"], start=1):
        if not isinstance(cell, dict):
            raise BadSubmission("not_notebook", f"cell {number} is not an object")
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        nbg = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        grade_id = nbg.get("grade_id") if isinstance(nbg.get("grade_id"), str) else ""
        answer = ANSWER_ID.match(grade_id)
        if cell.get("cell_type") != "code":
            last = answer.group(1) if answer else last
            continue
        if (nbg.get("grade") and not nbg.get("solution")) or cell.get("id") in test_ids \
                or grade_id in test_grade_ids:
            last = grade_id if grade_id in test_grade_ids else last
            continue
        if answer:
            last, place = answer.group(1), f"answer:{answer.group(1)}"
        else:
            place = f"after:{last}" if last else "before"
        cells.append(StudentCell(number, _source(cell.get("source", "")), place))
    return Submission(name, lang, cells)


@dataclasses.dataclass
class TestCell:
    qid: str
    points: float
    source: str  # the teacher's: public check and hidden tests


@dataclasses.dataclass
class Assignment:
    """The teacher's copies of one exercise, in each language."""

    number: str
    tests: dict[str, list[TestCell]]  # lang -> test cells in notebook order
    test_ids: set[str]
    test_grade_ids: set[str]
    setup: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # lang -> the setup cells' code

    @property
    def questions(self) -> list[str]:
        return [t.qid for t in next(iter(self.tests.values()))]

    @property
    def points(self) -> dict[str, float]:
        return {t.qid: t.points for t in next(iter(self.tests.values()))}

    @property
    def max_points(self) -> float:
        return sum(self.points.values())

    @classmethod
    def load(cls, root: pathlib.Path, number: str) -> Assignment:
        tests, ids, grade_ids, setup = {}, set(), set(), {}
        for lang in LANGS:
            nb = nbformat.read(teacher_copy(root, number, lang), as_version=4)
            cells = []
            setup[lang] = setup_cells(nb)
            for cell in nb.cells:
                if is_test_cell(cell):
                    meta = nbgrader_meta(cell)
                    cells.append(TestCell(meta["grade_id"], float(meta.get("points", 0)), cell.source))
                    if cell.get("id"):
                        ids.add(cell["id"])
                    grade_ids.add(meta["grade_id"])
            tests[lang] = cells
        qids = {lang: [c.qid for c in cells] for lang, cells in tests.items()}
        if len({tuple(q) for q in qids.values()}) != 1 or not qids["en"]:
            raise ValueError(f"assignment {number}: the zh and en teacher copies have different test cells: {qids}")
        return cls(number, tests, ids, grade_ids, setup)


def setup_cells(nb) -> list[str]:
    """The teacher copy's code cells before the first question (imports, kt.setup, start("NN")),
    without the parameters cell."""
    out = []
    for cell in nb.cells:
        if is_test_cell(cell) or nbgrader_meta(cell).get("solution"):
            break
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            out.append(cell.source)
    return out
