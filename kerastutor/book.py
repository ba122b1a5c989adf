"""The course as a book: a static site of the executed lessons, built with Sphinx + MyST-NB.

`kerastutor book` (and `make book`):
1. runs the lessons whose executed notebook in build/<version>/ is missing or older than the
   notebook in lessons/<version>/ (`kerastutor run`, FAST, 2 at a time);
2. stages the pages in build/book-src/: each executed lesson in 中文, English and 中英对照, and the
   exercises' student copies, with papermill's injected-parameters cell hidden, the erratum /
   Keras-3 boxes as callouts, widgets left with their static picture, and the side-by-side prose
   in a layout the site's style sheet puts in two columns;
3. runs Sphinx with the configuration in book/ into build/book/ (open build/book/index.html).

Only files whose text changed are rewritten, so a second build is incremental.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys
import time

import nbformat

from .layout import ROOT, lessons
from .notebooks import HEADING_LINE, VERSIONS, read_source, sections, split_prose
from .pipeline import dumps

LESSON_VERSIONS = VERSIONS  # zh, en, zh-en
EXERCISE_VERSIONS = ("zh", "en")
VERSION_TITLES = {"zh": "中文", "en": "English", "zh-en": "中英对照 · Side by side"}
EXERCISE_TITLES = {"zh": "练习（学生版）", "en": "Exercises (student copies)"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# A marked box: a block quote opened by the bold box title (see docs/AUTHORING.md).
BOX = re.compile(r"^>\s?\*\*(勘误|版本变化[^*]*|Erratum|Changed in Keras 3[^*]*)\*\*[:：]?\s*(.*)$")
BOX_CLASS = {"勘误": "kt-erratum", "Erratum": "kt-erratum"}  # the others: kt-keras3
CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


# --------------------------------------------------------------------------------------------
# 1. executed notebooks
# --------------------------------------------------------------------------------------------
def stale_runs(build: pathlib.Path, root: pathlib.Path = ROOT) -> list[tuple[str, str]]:
    """(stem, version) whose executed notebook is missing or older than its lesson notebook."""
    stale = []
    for stem in lessons(root).stems():
        for version in LESSON_VERSIONS:
            lesson, executed = root / "lessons" / version / f"{stem}.ipynb", build / version / f"{stem}.ipynb"
            if not executed.exists() or executed.stat().st_mtime < lesson.stat().st_mtime:
                stale.append((stem, version))
    return stale


def run_stale(build: pathlib.Path, jobs: int, root: pathlib.Path = ROOT) -> int:
    """Run the course for what is stale (only those lessons and versions); 0 when all passed."""
    from .course import run_course

    stale = stale_runs(build, root)
    if not stale:
        return 0
    stems = sorted({s for s, _ in stale})
    versions = [v for v in LESSON_VERSIONS if any(v == w for _, w in stale)]
    print(f"kerastutor book: running {len(stems)} lesson(s) in {', '.join(versions)} first "
          f"(executed notebooks missing or older than the lessons)", flush=True)
    return run_course(lessons=stems, langs=versions, jobs=jobs, out=str(build), fast=True,
                      html=False, root=root)


# --------------------------------------------------------------------------------------------
# 2. staging: notebooks and section pages in build/book-src
# --------------------------------------------------------------------------------------------
def callouts(markdown: str) -> str:
    """Each marked box (a block quote opened by **勘误** / **Erratum** / **版本变化…** / **Changed in
    Keras 3…**) as a MyST admonition, which the theme draws as a callout."""
    lines, out, i = markdown.splitlines(), [], 0
    while i < len(lines):
        match = BOX.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        title, first = match.groups()
        body = [first]
        i += 1
        while i < len(lines) and lines[i].startswith(">"):
            body.append(lines[i][1:].removeprefix(" "))
            i += 1
        css = BOX_CLASS.get(title, "kt-keras3")
        out += [f"::::{{admonition}} {title}", f":class: {css}", "", *body, "::::"]
    return "\n".join(out)


def book_side_by_side(zh: str, en: str) -> str:
    """The side-by-side prose for the book: each Chinese heading a real heading (one entry per
    section in the page's table of contents and in the sidebar), the English heading beside it,
    then the two texts in two columns. book/_static/kerastutor-book.css lays it out."""
    zh_parts, en_parts = sections(zh), sections(en)
    if [h is None for h, _ in zh_parts] != [h is None for h, _ in en_parts] or len(zh_parts) != len(en_parts):
        zh_parts, en_parts = [(None, zh)], [(None, en)]
    out = []
    for (zh_head, zh_body), (en_head, en_body) in zip(zh_parts, en_parts):
        if zh_head:
            level, zh_title = HEADING_LINE.match(zh_head).groups()
            en_title = HEADING_LINE.match(en_head).group(2)
            if len(level) == 1:  # the page title: both languages in the one title
                out.append(f"# {zh_title} · {en_title}")
            else:
                out.append(zh_head)
                from markdown_it import MarkdownIt

                inner = MarkdownIt("commonmark").renderInline(en_title)
                out.append(f'<p class="kt-en-heading kt-h{len(level)}" lang="en" role="heading" '
                           f'aria-level="{len(level)}">{inner}</p>')
        if zh_body or en_body:
            out.append(f'<div class="kt-pair">\n<div class="kt-zh" lang="zh-CN">\n\n{callouts(zh_body)}\n\n'
                       f'</div>\n<div class="kt-en" lang="en">\n\n{callouts(en_body)}\n\n</div>\n</div>')
    return "\n\n".join(out)


def source_cell(source_cells, cell):
    """The source cell a derived cell came from (derived cells are numbered c000, c001, …)."""
    match = re.fullmatch(r"c(\d{3})", cell.get("id", ""))
    if source_cells and match and int(match.group(1)) < len(source_cells):
        return source_cells[int(match.group(1))]
    return None


def book_notebook(nb: nbformat.NotebookNode, version: str,
                  source: pathlib.Path | None = None) -> nbformat.NotebookNode:
    """An executed (or student) notebook made ready for the book; `source` is the lesson source,
    from which the side-by-side version takes its prose again."""
    nb = nbformat.from_dict(nb)
    nb.metadata.pop("widgets", None)  # live widgets would need a widget manager from a CDN
    prose = None
    if version == "zh-en" and source is not None:  # the prose in the book's two-column form
        prose = read_source(source).cells
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")  # papermill's injected cell
        if cell.cell_type == "markdown":
            src = source_cell(prose, cell)
            if src is not None and src.cell_type == "markdown":
                parts = split_prose(src.source, f"{source.name}, cell {index + 1}")
                cell.source = book_side_by_side(parts.zh, parts.en)
            else:
                cell.source = callouts(cell.source)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data")
                if data and WIDGET_MIME in data and len(data) > 1:
                    del data[WIDGET_MIME]  # keep the static picture / text the widget left
    return nb


def write_if_changed(path: pathlib.Path, text: str, written: set[pathlib.Path]) -> None:
    written.add(path)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def section_page(title: str, intro: str, entries: list[str]) -> str:
    toc = "\n".join(entries)
    return f"# {title}\n\n{intro}\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n"


INDEX = """# kerastutor · Keras 层，好好学一遍 · Learn Keras layers properly

这是 kerastutor 课程的书本版：每一课都已经运行过，图、公式和核验结果都在页面里。
每页顶部可以切换到同一课的 **中文**、**English** 或 **中英对照** 版本；左边是目录，右上角可以搜索。
要自己动手运行，请在 JupyterLab 里打开 `lessons/`（`make lab`）。

This is the kerastutor course as a book: every lesson has been run, and its plots, formulas and
checks are on the page. The switch at the top of each page goes to the same lesson in **中文**,
**English** or **中英对照** (side by side); the sidebar lists the lessons, and search is at the top.
To run the lessons yourself, open `lessons/` in JupyterLab (`make lab`).

```{{toctree}}
:maxdepth: 1

{entries}
```
"""


def search_terms(root: pathlib.Path = ROOT) -> str:
    """A jieba user dictionary: the Chinese terms of lessons/GLOSSARY.md (so that 初始化器 is one
    word in the search index rather than 初始化 + 器)."""
    words = []
    glossary = root / "lessons" / "GLOSSARY.md"
    if glossary.is_file():
        for line in glossary.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2:
                words += [w for w in CJK_WORD.findall(cells[1]) if w not in words]
    return "".join(f"{w} 100000\n" for w in words)


def stage(build: pathlib.Path, src: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    """Write build/book-src; return problems (a lesson with no executed notebook)."""
    problems, written = [], set()
    src.mkdir(parents=True, exist_ok=True)
    for version in LESSON_VERSIONS:
        entries = []
        for stem in lessons(root).stems():
            executed = build / version / f"{stem}.ipynb"
            if not executed.exists():
                problems.append(f"no executed notebook {executed}")
                continue
            nb = book_notebook(nbformat.read(executed, as_version=4), version,
                               root / "lessons" / "source" / f"{stem}.py")
            write_if_changed(src / version / f"{stem}.ipynb", dumps(nb), written)
            entries.append(stem)
        write_if_changed(src / version / "index.md",
                         section_page(VERSION_TITLES[version], "", entries), written)
    for version in EXERCISE_VERSIONS:
        entries = []
        for path in sorted((root / "exercises" / version).glob("[0-9][0-9]_*.ipynb")):
            nb = book_notebook(nbformat.read(path, as_version=4), version)
            write_if_changed(src / "exercises" / version / path.name, dumps(nb), written)
            entries.append(path.stem)
        write_if_changed(src / "exercises" / version / "index.md",
                         section_page(EXERCISE_TITLES[version], "", entries), written)
    sections_ = [f"{v}/index" for v in LESSON_VERSIONS] + [f"exercises/{v}/index" for v in EXERCISE_VERSIONS]
    write_if_changed(src / "index.md", INDEX.format(entries="\n".join(sections_)), written)
    write_if_changed(src / "_search_terms.txt", search_terms(root), written)
    for path in src.rglob("*"):  # pages of lessons that no longer exist
        if path.is_file() and path not in written:
            path.unlink()
    return problems


# --------------------------------------------------------------------------------------------
# 3. Sphinx
# --------------------------------------------------------------------------------------------
def sphinx_build(src: pathlib.Path, out: pathlib.Path, doctrees: pathlib.Path, jobs: int,
                 root: pathlib.Path = ROOT) -> int:
    import os

    env = dict(os.environ, KERASTUTOR_BOOK_TERMS=str(src / "_search_terms.txt"))
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(max(1, jobs)),
           "-c", str(root / "book"), "-d", str(doctrees), str(src), str(out)]
    return subprocess.run(cmd, env=env).returncode


def build_book(build: str = "build", jobs: int = 2, run: bool = True, root: pathlib.Path = ROOT) -> int:
    build_dir = pathlib.Path(build).resolve()
    start = time.perf_counter()
    if run and run_stale(build_dir, jobs, root) != 0:
        print("kerastutor book: some lessons failed; the book shows them as far as they ran.")
    problems = stage(build_dir, build_dir / "book-src", root)
    for problem in problems:
        print(f"kerastutor book: {problem}")
    code = sphinx_build(build_dir / "book-src", build_dir / "book", build_dir / ".book-doctrees", jobs, root)
    index = build_dir / "book" / "index.html"
    if code == 0:
        print(f"kerastutor book: built in {time.perf_counter() - start:.0f} s — open {index}")
    else:
        print(f"kerastutor book: Sphinx failed (exit {code})")
    return code or (1 if problems else 0)


# --- the `kerastutor book` command --------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="build", help="build folder (default build/; the site goes to OUT/book)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="processes for the course run and Sphinx")
    parser.add_argument("--no-run", action="store_true",
                        help="do not run stale lessons first (use the executed notebooks as they are)")


def command(args: argparse.Namespace) -> int:
    return build_book(args.out, args.jobs, run=not args.no_run)
