"""Plain-text helpers for terminals and messages: a table that lines up Chinese text, and shortening.

A Chinese character takes two terminal columns; `wcwidth` (the library prompt_toolkit and IPython
use for the same job) says how many each character takes.
"""
from __future__ import annotations

from wcwidth import wcwidth


def width(text: str) -> int:
    """Columns `text` takes in a terminal (Chinese characters two, combining marks none)."""
    return sum(max(0, wcwidth(ch)) for ch in text)


def pad(text: str, n: int, align: str = "<") -> str:
    """`text` filled with spaces to `n` columns, on the right ("<") or on the left (">")."""
    fill = " " * max(0, n - width(text))
    return fill + text if align == ">" else text + fill


def text_table(header: list[str], rows: list[list[str]], align: str | None = None, rule: str = "─") -> str:
    """A plain-text table, columns two spaces apart and a rule under the header; cells may hold
    several lines. `align`: one "<" (left, the default) or ">" (right) per column, e.g. "<<><"."""
    align = align or "<" * len(header)
    split = [[str(cell).split("\n") for cell in row] for row in [header] + rows]
    widths = [max(width(line) for row in split for line in row[i]) for i in range(len(header))]
    out = []
    for r, row in enumerate(split):
        for k in range(max(len(cell) for cell in row)):
            parts = [pad(cell[k] if k < len(cell) else "", widths[i], align[i]) for i, cell in enumerate(row)]
            out.append("  ".join(parts).rstrip())
        if r == 0:
            out.append("  ".join(rule * w for w in widths))
    return "\n".join(out)


def shorten(text, limit: int, *, one_line: bool = True) -> str:
    """`text` cut to at most `limit` characters with "…" at the end when it was longer; with
    `one_line` (the default) first put on one line (runs of white space as one space)."""
    text = " ".join(str(text).split()) if one_line else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
