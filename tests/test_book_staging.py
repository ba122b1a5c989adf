"""The book's staging (kerastutor/book.py) and the side-by-side cell format (kerastutor/notebooks.py),
without a browser: tests/e2e/test_book.py reads the built site."""
from __future__ import annotations

import os
import re

import nbformat

from kerastutor import book
from kerastutor.notebooks import Prose, side_by_side

ZH = "引言\n\n## 1. 层\n\n正文 `Dense`\n\n```python\n# 不是标题\n```\n\n> **勘误** 文档写错了。\n> 第二行。\n\n### 1.1 小节\n\n更多"
EN = "Intro\n\n## 1. Layers `Dense`\n\nBody\n\n```python\n# not a heading\n```\n\n> **Erratum** The document is wrong.\n> Second line.\n\n### 1.1 Part\n\nMore"


def test_side_by_side_one_grid_row_per_section_english_headings_skipped_by_toc():
    html = side_by_side(Prose(zh=ZH, en=EN))
    columns = re.findall(r'<div class="kt-(zh|en)"', html)
    assert columns == ["zh", "en"] * 3  # intro, section 1, section 1.1: one row each
    assert "## 1. 层" in html and "### 1.1 小节" in html  # Chinese headings stay Markdown
    assert '<h2 class="tocSkip">1. Layers <code>Dense</code></h2>' in html
    assert '<h3 class="tocSkip">1.1 Part</h3>' in html
    assert "# not a heading" in html and "tocSkip\">not a heading" not in html  # code is not cut
    assert "<table" not in html and "display:grid" in html


def test_callouts_turn_marked_boxes_into_admonitions_and_leave_other_quotes():
    text = book.callouts("前文\n\n> **版本变化（Keras 3）** 新写法。\n> 续行\n\n> 普通引用\n")
    assert text.splitlines()[2:7] == [
        "::::{admonition} 版本变化（Keras 3）", ":class: kt-keras3", "", "新写法。", "续行"]
    assert "> 普通引用" in text
    assert ":class: kt-erratum" in book.callouts("> **Erratum** wrong")


def test_book_side_by_side_real_heading_beside_english_and_two_columns():
    text = book.book_side_by_side(ZH, EN)
    lines = text.splitlines()
    assert "## 1. 层" in lines and "### 1.1 小节" in lines
    assert '<p class="kt-en-heading kt-h2" lang="en" role="heading" aria-level="2">1. Layers <code>Dense</code></p>' in lines
    assert text.count('<div class="kt-pair">') == 3
    assert text.count("::::{admonition} 勘误") == 1 and text.count("::::{admonition} Erratum") == 1
    title = book.book_side_by_side("# 第 2 课　初始化器\n\n文", "# Lesson 2 · Initializers\n\nText")
    assert title.splitlines()[0] == "# 第 2 课　初始化器 · Lesson 2 · Initializers"


def test_book_notebook_hides_injected_cell_and_keeps_widget_picture():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("SEED = 1", metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_code_cell("w", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBOR", "text/plain": "w",
                                  "application/vnd.jupyter.widget-view+json": {"model_id": "x"}})]),
    ])
    nb.metadata["widgets"] = {"state": {}}
    out = book.book_notebook(nb, "zh")
    assert "remove-cell" in out.cells[0].metadata.tags
    assert set(out.cells[1].outputs[0].data) == {"image/png", "text/plain"}
    assert "widgets" not in out.metadata and "widgets" in nb.metadata  # the input is not changed


def test_stale_runs_missing_and_older_executed_notebooks(tmp_path):
    root, build = tmp_path / "repo", tmp_path / "build"
    (root / "lessons" / "source").mkdir(parents=True)
    (root / "lessons" / "source" / "01_x.py").write_text("", encoding="utf-8")
    for version in book.LESSON_VERSIONS:
        (root / "lessons" / version).mkdir()
        (root / "lessons" / version / "01_x.ipynb").write_text("{}", encoding="utf-8")
        (build / version).mkdir(parents=True)
        (build / version / "01_x.ipynb").write_text("{}", encoding="utf-8")
    assert book.stale_runs(build, root) == []
    os.utime(build / "en" / "01_x.ipynb", (1, 1))  # older than its lesson
    (build / "zh-en" / "01_x.ipynb").unlink()
    assert book.stale_runs(build, root) == [("01_x", "en"), ("01_x", "zh-en")]


def test_search_terms_come_from_the_glossary():
    terms = book.search_terms().splitlines()
    assert "初始化器 100000" in terms and "正则化器 100000" in terms
