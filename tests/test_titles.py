"""A lesson is cited the way its title cell names it: **第 N 课　标题** / **Lesson N · Title**.

Every place where lesson prose, an exercise or a document quotes a lesson's title must quote it
exactly (the title cell of `lessons/source/NN_*.py` is the reference); a lesson cited by its number
alone is written 第 N 课 / lesson N (no leading zero, ASCII spaces). Exercise titles
(练习 N　标题 / Exercise N · Title) carry the title of their lesson."""
from __future__ import annotations

import pathlib
import re

import pytest

from kerastutor import layout
from kerastutor.notebooks import read_source, split_prose

ROOT = pathlib.Path(__file__).resolve().parents[1]
IDEOGRAPHIC_SPACE = "\u3000"

ZH_TITLE = re.compile(rf"^#\s+第 (\d+) 课{IDEOGRAPHIC_SPACE}(\S.*?)\s*$", re.M)
EN_TITLE = re.compile(r"^#\s+Lesson (\d+) · (\S.*?)\s*$", re.M)

# 第 N 课 / 练习 N, then what follows it on the line (a title, when it starts with a space)
ZH_CITATION = re.compile(r"(第\s*(\d+)\s*课|练习\s*(\d+))([ \t\u3000]*)")
ZH_NUMERALS = re.compile(r"第[一二三四五六七八九十]+课")
# Lesson N / lessons N / exercise N, then a title separator if one follows (a colon only before a
# capital: "Lesson 3: Constraints …" quotes a title, "the matrix of lesson 3: 4 inputs" does not)
EN_CITATION = re.compile(r"\b([Ll]essons?|[Ee]xercises?)\s+(\d+)(\s*·\s*|:\s+(?=[A-Z]))?")
# A quoted title ends the bold, the line, or the heading (claims files: "Title — claims")
TITLE_END = r"(?=\*\*|[ \t]+—|[ \t]*(?:\n|$))"


def lesson_titles(root: pathlib.Path = ROOT) -> dict[int, tuple[str, str]]:
    """{N: (Chinese title, English title)} from each lesson's title cell."""
    titles = {}
    for source in layout.lessons(root).sources():
        first = next(cell for cell in read_source(source).cells if cell.cell_type == "markdown")
        prose = split_prose(first.source, source.name)
        zh, en = ZH_TITLE.search(prose.zh), EN_TITLE.search(prose.en)
        assert zh and en and zh.group(1) == en.group(1), f"{source.name}: title cell is not 第 N 课　… / Lesson N · …"
        titles[int(zh.group(1))] = (zh.group(2), en.group(2))
    return titles


def _title_follows(text: str, at: int, title: str) -> bool:
    """True when `title` starts at `at` (an English title may wrap at its spaces) and ends there."""
    pattern = r"\s+".join(re.escape(word) for word in title.split(" ")) + TITLE_END
    return re.compile(pattern).match(text, at) is not None


def wrong_citations(text: str, titles: dict[int, tuple[str, str]]) -> list[str]:
    """Every citation of a lesson in `text` that does not match the cited lesson's title cell."""
    return _wrong_chinese(text, titles) + _wrong_english(text, titles)


def _wrong_chinese(text: str, titles: dict[int, tuple[str, str]]) -> list[str]:
    wrong = [f"{m.group(0)!r}: write 第 N 课 with an Arabic number" for m in ZH_NUMERALS.finditer(text)]
    for m in ZH_CITATION.finditer(text):
        cited, number, gap = m.group(1), int(m.group(2) or m.group(3)), m.group(4)
        expected = f"第 {number} 课" if m.group(2) else f"练习 {number}"
        if cited != expected:
            wrong.append(f"{cited!r}: write {expected!r}")
        after = text[m.end():m.end() + 1]
        # 第 N 课 is followed directly by its sentence, so a space there opens a title; after 练习 N
        # an ASCII space is ordinary spacing ("做法和练习 1 一样"), only U+3000 opens a title.
        quotes_title = IDEOGRAPHIC_SPACE in gap or (m.group(2) and gap and re.match(r"[\u4e00-\u9fff]", after))
        if quotes_title and number not in titles:
            wrong.append(f"{cited!r}: there is no lesson {number}")
        elif quotes_title and (gap != IDEOGRAPHIC_SPACE or not _title_follows(text, m.end(), titles[number][0])):
            wrong.append(f"{(cited + gap + text[m.end():m.end() + 20])!r}: write "
                         f"{expected + IDEOGRAPHIC_SPACE + titles[number][0]!r}")
    return wrong


def _wrong_english(text: str, titles: dict[int, tuple[str, str]]) -> list[str]:
    wrong = []
    for m in EN_CITATION.finditer(text):
        word, number_text, separator = m.group(1), m.group(2), m.group(3)
        number = int(number_text)
        if number_text != str(number):
            wrong.append(f"{m.group(0).strip()!r}: write {word} {number} (no leading zero)")
        if separator is None:
            continue
        label = "Exercise" if word.lower().startswith("exercise") else "Lesson"
        if number not in titles:
            wrong.append(f"{m.group(0)!r}: there is no lesson {number}")
        elif word not in ("Lesson", "Exercise") or separator != " · " \
                or not _title_follows(text, m.end(), titles[number][1]):
            wrong.append(f"{text[m.start():m.end() + 30]!r}: write {label} {number} · {titles[number][1]}")
    return wrong


def _source_text(path: pathlib.Path) -> str:
    """The cells of a jupytext source, without the comment markers of the percent format."""
    return "\n\n".join(cell.source for cell in read_source(path).cells)


def cited_files(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    sources = [path for collection in layout.all_collections(root).values() for path in collection.sources()]
    docs = sorted((root / "docs").glob("*.md"))
    docs += sorted((root / "docs" / "claims").glob("*.md"))
    return sources + docs + [root / "README.md", root / "lessons" / "GLOSSARY.md"]


TITLES = lesson_titles()
FILES = cited_files()


def test_every_lesson_has_a_title():
    assert sorted(TITLES) == list(range(len(layout.lessons().sources())))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_citation_matches_the_title_cell(path):
    text = _source_text(path) if path.suffix == ".py" else path.read_text(encoding="utf-8")
    assert wrong_citations(text, TITLES) == []


def test_readme_table_names_each_lesson_by_its_titles():
    rows = re.findall(r"^\| (\d\d) \| (.+?) · (.+?) \|", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    assert {int(n): (zh, en) for n, en, zh in rows} == TITLES


RIGHT = [
    "下一课：**第 5 课　常用层和层的方法**。",
    "Next: **Lesson 12 · Subclassing models and\nlayers**.",
    "（见第 1 课）第 5 课 Flatten 一节的例子，第 3 课会细讲正则化器。",
    "(see lesson 1); Lesson 3 covers regularizers; lessons 2 and 3; lesson 5's erratum",
    "# Lesson 2 · Initializers — claims and their checks",
    "# 练习 2　初始化器\n配合**第 2 课　初始化器**。做法和练习 1 一样。",
    "the weight matrix of lesson 3: 4 inputs, 3 units",
]
WRONG = [
    "下一课：**第 5 课　核心层和层的方法**。",          # the old name of lesson 5
    "Next: **Lesson 12 · Subclassing**.",                 # a title cut short
    "Next: **Lesson 5 · Core layers**.",
    "下一课：**第 3 课 约束和正则化器**。",               # ASCII space instead of U+3000
    "下一课：**第3课　约束和正则化器**。",                # no spaces around the number
    "下一课：**第 3 课　约束和正则化器们**。",            # words run on after the title
    "Next: **Lesson 3: Constraints and regularizers**.",  # a colon instead of ·
    "Next: **lesson 3 · Constraints and regularizers**.",
    "**Lesson 02 in Chinese**",                           # a leading zero
    "见第三课。",
    "下面借练习 01 的第 2 题演示一下。",
    "question 2 of exercise 01",
    "# Exercise 2 · Activations",                         # an exercise with another lesson's title
    "**Lesson 42 · Nothing**",
]


@pytest.mark.parametrize("text", RIGHT)
def test_the_checker_accepts_right_citations(text):
    assert wrong_citations(text, TITLES) == []


@pytest.mark.parametrize("text", WRONG)
def test_the_checker_refuses_a_wrong_citation(text):
    assert wrong_citations(text, TITLES) != []
