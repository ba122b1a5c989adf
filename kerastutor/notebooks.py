"""One source, three notebooks: build the Chinese, English and side-by-side (中英对照) versions.

A lesson's source is a jupytext "percent" script in `lessons/source/`. Prose cells hold both
languages, each part opened by a marker line:

    # %% [markdown]
    # <!-- zh -->
    # ## 1. 层是什么
    # <!-- en -->
    # ## 1. What a layer is

Code exists once. A comment line starting with `zh:` or `en:` is kept only in its language, and the
`LANG = …` line of the cell tagged `parameters` is set to the version's language. Nothing else may
differ between versions; `check_consistency()` and the tests hold the sources to that.
"""
from __future__ import annotations

import dataclasses
import pathlib
import re

import jupytext
import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

VERSIONS = ("zh", "en", "zh-en")
MARKER = re.compile(r"^\s*<!--\s*(zh|en)\s*-->\s*$")
LANG_COMMENT = re.compile(r"^(\s*)#\s?(zh|en):\s?(.*)$")
LANG_LINE = re.compile(r"^LANG\s*=.*$", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
# Marked boxes for the source documents' slips and Keras-3 changes: one per language, in pairs.
BOX_MARKERS = {"zh": ("**勘误**", "**版本变化"), "en": ("**Erratum**", "**Changed in Keras 3")}

# Cell metadata carried from a source to its versions besides tags (anything else is dropped).
KEPT_METADATA = ("nbgrader",)

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class SourceError(ValueError):
    """A lesson source breaks the one-source rules (named file and cell)."""


@dataclasses.dataclass
class Prose:
    zh: str
    en: str


def split_prose(text: str, where: str) -> Prose:
    """Split a bilingual markdown cell into its Chinese and English parts."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = MARKER.match(line)
        if m:
            current = m.group(1)
            if current in parts:
                raise SourceError(f"{where}: the marker <!-- {current} --> appears twice")
            parts[current] = []
        elif current is None:
            if line.strip():
                raise SourceError(f"{where}: text before the first <!-- zh --> / <!-- en --> marker")
        else:
            parts[current].append(line)
    missing = [lang for lang in ("zh", "en") if not "\n".join(parts.get(lang, [])).strip()]
    if missing:
        raise SourceError(f"{where}: prose cell has no {' and no '.join(missing)} text")
    return Prose(zh="\n".join(parts["zh"]).strip(), en="\n".join(parts["en"]).strip())


FENCE = re.compile(r"^\s*(```|~~~)")
HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def sections(text: str) -> list[tuple[str | None, str]]:
    """`text` cut before each heading: [(heading line or None, the text under it)]. Lines inside
    fenced code blocks are never headings."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and HEADING_LINE.match(line):
            parts.append((line, []))
        else:
            parts[-1][1].append(line)
    out = [(head, "\n".join(body).strip()) for head, body in parts]
    return out[1:] if out[0] == (None, "") else out


def html_heading(line: str, css_class: str = "tocSkip") -> str:
    """A Markdown heading line as an HTML heading that tables of contents skip (JupyterLab honours
    `tocSkip` and `jp-toc-ignore`), its inline Markdown (code, emphasis) rendered."""
    from markdown_it import MarkdownIt

    level, title = HEADING_LINE.match(line).groups()
    inner = MarkdownIt("commonmark").renderInline(title)
    return f'<h{len(level)} class="{css_class}">{inner}</h{len(level)}>'


# The side-by-side layout is inline CSS: a notebook carries no style sheet, and JupyterLab's
# sanitizer keeps these properties. A grid row per section keeps the two headings on one line.
GRID = ('<div class="kt-bilingual" style="display:grid;grid-template-columns:1fr 1fr;'
        'column-gap:2em;align-items:start">')
COLUMN = '<div class="kt-{lang}" lang="{tag}" style="min-width:0">\n\n{text}\n\n</div>'


def side_by_side(prose: Prose) -> str:
    """Two columns, Chinese left and English right, one grid row per section so that each pair of
    headings stands on one line and the columns are top-aligned. The English headings are HTML with
    `tocSkip`, so a table of contents lists each section once (by its Chinese heading). Blank lines
    around each part let the Markdown inside render (CommonMark ends an HTML block at a blank line)."""
    zh, en = sections(prose.zh), sections(prose.en)
    if [h is None for h, _ in zh] != [h is None for h, _ in en] or len(zh) != len(en):
        zh, en = [(None, prose.zh)], [(None, prose.en)]  # check_consistency reports such a cell
    columns = []
    for (zh_head, zh_body), (en_head, en_body) in zip(zh, en):
        zh_text = "\n\n".join(t for t in (zh_head, zh_body) if t)
        en_text = "\n\n".join(t for t in (en_head and html_heading(en_head), en_body) if t)
        columns.append(COLUMN.format(lang="zh", tag="zh-CN", text=zh_text))
        columns.append(COLUMN.format(lang="en", tag="en", text=en_text))
    return GRID + "\n" + "\n".join(columns) + "\n</div>"


def localise_code(source: str, lang: str) -> str:
    """Keep the comment lines of `lang` (both for zh-en), drop the other language's."""
    out = []
    for line in source.splitlines():
        m = LANG_COMMENT.match(line)
        if not m:
            out.append(line)
        elif lang == "zh-en" or m.group(2) == lang:
            out.append(f"{m.group(1)}# {m.group(3)}".rstrip())
    return "\n".join(out)


def code_skeleton(source: str) -> str:
    """The code without whole-line comments (the only place a language may show) and with the
    LANG value blanked: equal across the versions of one source."""
    kept = [line for line in source.splitlines() if not line.lstrip().startswith("#")]
    return LANG_LINE.sub("LANG = …", "\n".join(kept))


def read_source(path: pathlib.Path) -> nbformat.NotebookNode:
    return jupytext.read(path, fmt="py:percent")


def build_version(source_nb: nbformat.NotebookNode, lang: str, source_name: str) -> nbformat.NotebookNode:
    """The notebook of one version (zh, en or zh-en) from a parsed source."""
    if lang not in VERSIONS:
        raise ValueError(f"unknown version {lang!r}, expected one of {VERSIONS}")
    cells = []
    for index, cell in enumerate(source_nb.cells):
        where = f"{source_name}, cell {index + 1}"
        tags = list(cell.get("metadata", {}).get("tags", []))
        metadata = {"tags": tags} if tags else {}
        for key in KEPT_METADATA:  # e.g. nbgrader's grade_id / points / locked / solution
            if key in cell.get("metadata", {}):
                metadata[key] = cell.metadata[key]
        if cell.cell_type == "markdown":
            prose = split_prose(cell.source, where)
            text = {"zh": prose.zh, "en": prose.en}.get(lang) or side_by_side(prose)
            new = nbformat.v4.new_markdown_cell(text, metadata=metadata)
        elif cell.cell_type == "code":
            code = localise_code(cell.source, lang)
            if "parameters" in tags:
                if not LANG_LINE.search(code):
                    raise SourceError(f"{where}: the parameters cell needs a LANG = … line")
                code = LANG_LINE.sub(f'LANG = "{lang}"', code)
            new = nbformat.v4.new_code_cell(code, metadata=metadata)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=metadata)
        new["id"] = f"c{index:03d}"  # stable ids: regenerating changes nothing
        cells.append(new)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "kerastutor": {"lang": lang, "source": source_name},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


class LanguageVersion(Preprocessor):
    """A bilingual source as the notebook of one version (zh, en or zh-en): kerastutor.notebooks.
    The notebook's metadata names its source (resources["name"])."""

    lang = Unicode()

    def preprocess(self, nb, resources):
        return build_version(nb, self.lang, resources["name"]), resources



def check_consistency(source: pathlib.Path) -> list[str]:
    """Problems that would let the two languages drift apart; empty when the source is sound."""
    problems = []
    nb = read_source(source)
    for index, cell in enumerate(nb.cells):
        where = f"{source.name}, cell {index + 1}"
        if cell.cell_type == "markdown":
            try:
                prose = split_prose(cell.source, where)
            except SourceError as exc:
                problems.append(str(exc))
                continue
            zh_heads = [len(h) for h in HEADING.findall(prose.zh)]
            en_heads = [len(h) for h in HEADING.findall(prose.en)]
            if zh_heads != en_heads:
                problems.append(f"{where}: headings differ (zh {zh_heads}, en {en_heads})")
            for (zh_box, en_box) in zip(*BOX_MARKERS.values()):
                if prose.zh.count(zh_box) != prose.en.count(en_box):
                    problems.append(f"{where}: box {zh_box} / {en_box} in one language only")
            if prose.zh.count("```") != prose.en.count("```"):
                problems.append(f"{where}: code blocks differ between the languages")
            if prose.zh.count("$$") != prose.en.count("$$"):
                problems.append(f"{where}: display formulas differ between the languages")
        elif cell.cell_type == "code":
            langs = [m.group(2) for m in map(LANG_COMMENT.match, cell.source.splitlines()) if m]
            if langs.count("zh") != langs.count("en"):
                problems.append(f"{where}: {langs.count('zh')} zh: comment(s) but {langs.count('en')} en:")
    return problems
