"""Small text helpers shared by the shape checkers: one message in the learner's language(s)."""
from __future__ import annotations

import html
from collections.abc import Callable

from ..errors import KerastutorError
from ..i18n import get_language


def both(render: Callable[[str], str]) -> str:
    """Run render(lang) in the current language; in "zh-en" show the Chinese, then the English."""
    lang = get_language()
    if lang != "zh-en":
        return render(lang)
    zh, en = render("zh"), render("en")
    if zh == en:
        return zh
    return f"{zh}\n{en}" if ("\n" in zh or "\n" in en or len(zh) + len(en) > 100) else f"{zh} / {en}"


class ShapeError(KerastutorError):
    """A KerastutorError whose text is assembled from several catalogue messages."""

    def __init__(self, key: str, render: Callable[[str], str], **values):
        self.key, self.values = key, values
        ValueError.__init__(self, both(render))


def fmt_shape(shape) -> str:
    """(None, 28, 28, 1) as Python prints it; a list of shapes as [(…), (…)]."""
    if isinstance(shape, list):
        return "[" + ", ".join(fmt_shape(s) for s in shape) + "]"
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k!r}: {fmt_shape(v)}" for k, v in shape.items()) + "}"
    return repr(tuple(shape))


_CSS = (
    "<style>.kt-table{border-collapse:collapse;font-size:13px;margin:4px 0}"
    ".kt-table th,.kt-table td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
    ".kt-table th{background:#f2f2f2}.kt-table td.kt-num{text-align:right}"
    ".kt-table .kt-math{font-family:'DejaVu Sans Mono',monospace;white-space:pre;color:#1a4f8b}"
    ".kt-table tr.kt-bad td{background:#fde8e8}.kt-table tr.kt-total td{font-weight:bold;background:#fafafa}"
    ".kt-note{color:#8a5a00}.kt-hint{color:#1b6e20}</style>"
)


def html_table(header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None,
               row_classes: list[str] | None = None, caption: str | None = None) -> str:
    """An HTML table; cells are plain text (escaped here), newlines become <br>."""
    def cell(tag, text, cls=""):
        body = html.escape(text).replace("\n", "<br>")
        attr = f' class="{cls}"' if cls else ""
        return f"<{tag}{attr}>{body}</{tag}>"

    parts = [_CSS, '<table class="kt-table">']
    if caption:
        parts.append(f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>")
    parts.append("<tr>" + "".join(cell("th", h) for h in header) + "</tr>")
    for r, row in enumerate(rows):
        rc = f' class="{row_classes[r]}"' if row_classes and row_classes[r] else ""
        cls = classes[r] if classes else [""] * len(row)
        parts.append(f"<tr{rc}>" + "".join(cell("td", c, k) for c, k in zip(row, cls)) + "</tr>")
    parts.append("</table>")
    return "".join(parts)
