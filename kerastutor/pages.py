"""HTML pages from the Jinja2 templates in kerastutor/templates/ (package data), escaped by default:
a value put into a page is text, whatever it holds (a student's output with `<script>` included)."""
from __future__ import annotations

import functools

import jinja2
import markupsafe


def lines(text) -> markupsafe.Markup:
    """Plain text with its line breaks kept: escaped, each newline as <br>."""
    return markupsafe.Markup("<br>").join(markupsafe.escape(line) for line in str(text).split("\n"))


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kerastutor", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["lines"] = lines
    return env


def render(template: str, **values) -> str:
    """The page `template` (a file name in kerastutor/templates/) filled with `values`."""
    return environment().get_template(template).render(**values)
