"""Sphinx configuration of the course book (`kerastutor book`, `make book`).

The pages are staged by kerastutor/book.py into build/book-src/ (executed lessons in 中文, English
and 中英对照, and the exercises' student copies); this folder holds only configuration, templates
and styles. Everything the pages load is local: MathJax 3 comes from the `sphinx-mathjax-offline`
package, the theme's fonts and scripts from the theme package; no CDN, no widget scripts.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib

project = "kerastutor"
author = "kerastutor"
copyright = "kerastutor authors"
html_title = "kerastutor · Keras 层，好好学一遍"
language = "zh_CN"

extensions = ["myst_nb"]

# --- notebooks: already executed by `kerastutor run`; never executed here -----------------------
nb_execution_mode = "off"
nb_ipywidgets_js = {}          # no require.js / widget manager from a CDN: widgets show their PNG
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure",
                     "myst.xref_missing", "toc.not_included"]
exclude_patterns = ["**.ipynb_checkpoints"]

# --- formulas: MathJax 3 shipped with sphinx-mathjax-offline, SVG output (no web fonts) ----------
_mathjax = pathlib.Path(importlib.util.find_spec("sphinx-mathjax-offline").origin).parent / "static"
mathjax_path = "mathjax/tex-svg.js"
# Sphinx leaves pages with no formula without MathJax; every lesson page gets it (outputs may hold TeX).

# --- look and navigation --------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
templates_path = ["_templates"]
html_static_path = ["_static", str(_mathjax)]
html_css_files = ["kerastutor-book.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_show_search_summary = False  # a summary would fetch each page, which file:// pages may not
html_theme_options = {
    "article_header_start": ["toggle-primary-sidebar.html", "kt-lang-switch.html"],
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": True,
    "home_page_in_toc": False,
    "show_navbar_depth": 1,
}

# --- search: one index for both languages; Chinese cut into words by jieba, with the course's terms
html_search_language = "zh"
_terms = os.environ.get("KERASTUTOR_BOOK_TERMS")
if _terms and pathlib.Path(_terms).is_file():
    html_search_options = {"dict": _terms}


def setup(app):
    """Sphinx 9.0 writes `window.Stemmer = ChineseStemmer` for zh while shipping the English
    stemmer (Chinese words are not stemmed; Latin words are, by the English rules): name the class
    it ships, or the search page stops with "ChineseStemmer is not defined"."""
    from sphinx import search
    from sphinx.search.zh import SearchChinese

    if getattr(SearchChinese, "js_stemmer_rawcode", "") == "english-stemmer.js":
        search.languages["zh"] = type("SearchChineseEnglishStemmer", (SearchChinese,),
                                      {"language_name": "English"})

try:  # jieba announces its dictionary on stderr at every build
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
except ImportError:
    pass
