"""Small text helpers shared by the shape checkers: one message in the learner's language(s)."""
from __future__ import annotations

from collections.abc import Callable

from .. import pages
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


def html_table(header: list[str], rows: list[list[str]], classes: list[list[str]] | None = None,
               row_classes: list[str] | None = None, caption: str | None = None) -> str:
    """An HTML table (kerastutor/templates/shape_table.html.j2); cells are plain text (escaped),
    newlines become <br>."""
    body = [{"cls": row_classes[r] if row_classes else "",
             "cells": list(zip(row, classes[r] if classes else [""] * len(row)))} for r, row in enumerate(rows)]
    return pages.render("shape_table.html.j2", header=header, rows=body, caption=caption)
