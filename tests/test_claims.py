"""Every lesson lists its claims and the checks that prove them (docs/claims/NN_name.md), and every
check the list names is really in the lesson: a claim whose check was deleted or renamed turns this red.

A claims file holds Markdown tables; in a table whose header has a `check` column, each row's check
cell names one or more code fragments in backticks, each of which must occur verbatim in the code of
the lesson's source."""
import pathlib
import re

import pytest

from kerastutor import layout
from kerastutor.notebooks import read_source

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "docs" / "claims"
SOURCES = layout.lessons().sources()


def tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of `text`, each a list of rows, each a list of cells (pipes inside
    backticks, and escaped ones, do not split a cell)."""
    found, current = [], []
    for line in text.splitlines() + [""]:
        if line.lstrip().startswith("|"):
            cells = re.findall(r"(?:`[^`]*`|\\\||[^|`])+|(?<=\|)(?=\|)", line.strip().strip("|"))
            current.append([c.strip() for c in cells])
        elif current:
            found.append(current)
            current = []
    return found


def check_fragments(text: str) -> list[tuple[str, list[str]]]:
    """(row label, code fragments) for every row of every table with a `check` column."""
    rows = []
    for table in tables(text):
        header = [h.lower() for h in table[0]]
        if "check" not in header:
            continue
        column = header.index("check")
        for row in table[2:]:                     # header, separator, rows
            if column < len(row):
                rows.append((row[0], re.findall(r"`([^`]+)`", row[column])))
    return rows


def lesson_code(source: pathlib.Path) -> str:
    return "\n".join(cell.source for cell in read_source(source).cells if cell.cell_type == "code")


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_lesson_lists_its_claims_and_their_checks(source):
    claims = CLAIMS / f"{source.stem}.md"
    assert claims.exists(), f"{claims.relative_to(ROOT)} is missing: list the lesson's claims and checks"
    rows = check_fragments(claims.read_text(encoding="utf-8"))
    assert rows, f"{claims.name} has no table with a `check` column"
    code = lesson_code(source)
    unchecked = [label for label, fragments in rows if not fragments]
    assert unchecked == [], f"rows without a check in backticks: {unchecked}"
    missing = [(label, f) for label, fragments in rows for f in fragments if f not in code]
    assert missing == [], f"checks named in {claims.name} that are not in the lesson's code: {missing}"


def test_the_lookup_can_fail():
    text = "| # | claim | check | how |\n|---|---|---|---|\n| 1 | x | `kt.verify_true(\"a | b\", ok)` | y |\n"
    assert check_fragments(text) == [("1", ['kt.verify_true("a | b", ok)'])]
    escaped = "| # | claim | check |\n|---|---|---|\n| 2 | l1·Σ\\|w\\| | `f(w)` |\n"
    assert check_fragments(escaped) == [("2", ["f(w)"])]
    assert "kt.verify_true(\"a | b\", ok)" not in lesson_code(SOURCES[0])
