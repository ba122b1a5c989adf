"""The course as a book (build/book/, `kerastutor book`), read in a real browser from disk with the
network blocked, and the side-by-side (中英对照) layout in JupyterLab and in the book.

The module fixture builds the book once (`python -m kerastutor book`, which first runs the course,
FAST, 2 at a time, when build/ lacks an executed notebook or holds one older than its lesson; a
built book is brought up to date incrementally). Every page is opened as a file:// URL in a
context where each request that is not a file:// URL is aborted and recorded.
"""
from __future__ import annotations

import subprocess
import sys
import time
from urllib.parse import quote

import pytest

from e2e_support import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("book-e2e")]

BUILD = REPO / "build"
BOOK = BUILD / "book"
LESSON = "02_initializers"
LESSON_COUNT = 13
BUILD_TIMEOUT = 45 * 60  # s: a course run from nothing (~16 min on 2 cores) plus the site (~2 min)


@pytest.fixture(scope="module")
def book():
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kerastutor", "book", "--out", str(BUILD), "--jobs", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    print(f"kerastutor book: {time.monotonic() - start:.0f} s\n{done.stdout[-3000:]}", flush=True)
    assert done.returncode == 0, f"kerastutor book failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    assert (BOOK / "index.html").is_file()
    return BOOK


def page_url(path: str) -> str:
    return (BOOK / path).resolve().as_uri()


class Offline:
    """Abort and record every request that is not for a file:// URL; record failed loads too."""

    def __init__(self, page):
        self.left, self.failed = [], []
        page.context.route("**/*", self._route)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            self.left.append(url)
            route.abort()

    def check(self):
        assert not self.left, f"requests left the page: {self.left[:10]}"
        assert not self.failed, f"local files failed to load: {self.failed[:10]}"


def open_page(scenario, path: str) -> None:
    scenario.page.goto(page_url(path))
    scenario.page.wait_for_load_state("load")
    scenario.page.wait_for_selector("article.bd-article")


def typeset(page, timeout: float = 30_000) -> int:
    """Wait until MathJax has typeset the page; the number of typeset formulas."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=timeout)
    page.evaluate("() => MathJax.startup.promise")
    return page.locator("article mjx-container").count()


RAW_TEX = r"""() => {
  const text = document.querySelector('article.bd-article').innerText;
  const hits = [];
  for (const needle of ['$$', '\\frac', '\\text{', '\\operatorname']) {
    const at = text.indexOf(needle);
    if (at >= 0) hits.push(needle + ' … ' + text.slice(Math.max(0, at - 40), at + 40));
  }
  return hits;
}"""


# ------------------------------------------------------------------------------------------------
# The book from disk, offline
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["zh", "en", "zh-en"])
def test_book_lesson02_offline_typeset(page_scenario, book, version):
    scenario, page = page_scenario, page_scenario.page
    offline = Offline(page)
    with scenario.step(f"open {version}/{LESSON}.html from disk"):
        open_page(scenario, f"{version}/{LESSON}.html")
    with scenario.step("formulas typeset, no raw TeX visible"):
        count = typeset(page)
        assert count >= 5, f"only {count} typeset formulas on lesson 02"
        assert page.locator("article mjx-container svg").count() >= 5, "MathJax produced no SVG"
        assert page.evaluate(RAW_TEX) == [], page.evaluate(RAW_TEX)
    with scenario.step("plots in place, papermill's injected cell hidden, boxes as callouts"):
        images = page.evaluate("""() => Array.from(document.querySelectorAll('article img'))
            .map(img => [img.getAttribute('src'), img.complete && img.naturalWidth > 0])""")
        assert len(images) >= 3, f"lesson 02 shows {len(images)} pictures"
        assert all(ok for _, ok in images), f"pictures that did not load: {[s for s, ok in images if not ok]}"
        article = page.locator("article.bd-article").inner_text()
        assert "# Parameters" not in article, "papermill's injected-parameters cell is shown"
        assert page.locator("article .admonition.kt-erratum").count() >= 1
        assert page.locator("article .admonition.kt-keras3").count() >= 1
        assert page.locator("article blockquote:has-text('勘误'), article blockquote:has-text('Erratum')").count() == 0
    with scenario.step("no request left the page"):
        offline.check()


def test_book_navigation_and_language_switch(page_scenario, book):
    scenario, page = page_scenario, page_scenario.page
    offline = Offline(page)
    with scenario.step("open zh/02 from the index's sidebar"):
        open_page(scenario, "index.html")
        page.locator("nav.bd-docs-nav a", has_text="中文").first.click()
        page.wait_for_url("**/zh/index.html")
        page.locator("nav.bd-docs-nav a[href$='02_initializers.html']").first.click()
        page.wait_for_url(f"**/zh/{LESSON}.html")
    with scenario.step("the sidebar lists the 13 lessons of this version"):
        links = page.evaluate("""() => Array.from(document.querySelectorAll('nav.bd-docs-nav a'))
            .map(a => a.getAttribute('href') === '#' ? location.pathname.split('/').pop() : a.getAttribute('href'))
            .filter(h => /^(\\.\\/)?\\d\\d_[a-z_]+\\.html$/.test(h))""")
        assert len(set(links)) == LESSON_COUNT, links
    with scenario.step("next goes to lesson 03, previous back to lesson 02"):
        page.locator("a.right-next").click()
        page.wait_for_url("**/zh/03_*.html")
        assert page.locator("article h1").first.inner_text().startswith("第 3 课")
        page.locator("a.left-prev").click()
        page.wait_for_url(f"**/zh/{LESSON}.html")
    with scenario.step("language switch: English, then side by side, then 中文"):
        page.locator(".kt-lang-switch a[data-lang='en']").click()
        page.wait_for_url(f"**/en/{LESSON}.html")
        assert page.locator("article h1").first.inner_text().startswith("Lesson 2")
        page.locator(".kt-lang-switch a[data-lang='zh-en']").click()
        page.wait_for_url(f"**/zh-en/{LESSON}.html")
        title = page.locator("article h1").first.inner_text()
        assert "第 2 课" in title and "Lesson 2" in title, title
        page.locator(".kt-lang-switch a[data-lang='zh']").click()
        page.wait_for_url(f"**/zh/{LESSON}.html")
    with scenario.step("exercises: the student copy in the other language"):
        open_page(scenario, "exercises/zh/01_models_and_layers.html")
        page.locator(".kt-lang-switch a[data-lang='en']").click()
        page.wait_for_url("**/exercises/en/01_models_and_layers.html")
    with scenario.step("no request left the page"):
        offline.check()


@pytest.mark.parametrize("query, expected", [("Conv2DTranspose", "06_convolution_layers"),
                                             ("初始化器", "02_initializers")])
def test_book_search(page_scenario, book, query, expected):
    scenario, page = page_scenario, page_scenario.page
    offline = Offline(page)
    with scenario.step(f"search {query} from the search box"):
        open_page(scenario, f"en/{LESSON}.html")
        page.keyboard.press("Control+k")
        field = page.locator("input[name='q']:visible").first
        field.fill(query)
        field.press("Enter")
        page.wait_for_url("**/search.html?*")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=30_000)
    with scenario.step("the results name the lesson"):
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('#search-results li a')).map(a => a.getAttribute('href'))")
        assert any(expected in h for h in hrefs), hrefs
    with scenario.step("no request left the page"):
        offline.check()


# ------------------------------------------------------------------------------------------------
# Side by side: the two headings of a section on one line, in the book and in JupyterLab
# ------------------------------------------------------------------------------------------------
SAME_LINE_PX = 4


def test_book_side_by_side_headings(page_scenario, book):
    scenario, page = page_scenario, page_scenario.page
    offline = Offline(page)
    with scenario.step("open zh-en/02"):
        open_page(scenario, f"zh-en/{LESSON}.html")
        typeset(page)
    with scenario.step("each section's zh and en headings on one line, in two columns"):
        pairs = page.evaluate("""() => Array.from(document.querySelectorAll('article section > .kt-en-heading'))
            .map(en => { const zh = en.parentElement.querySelector(':scope > h2, :scope > h3');
                         const a = zh.getBoundingClientRect(), b = en.getBoundingClientRect();
                         return {zh: zh.innerText, en: en.innerText, dy: Math.abs(a.top - b.top),
                                 zhLeft: a.left, enLeft: b.left, width: en.parentElement.getBoundingClientRect().width}; })""")
        assert len(pairs) >= 8, pairs
        first = pairs[0]
        page.locator("article section > .kt-en-heading").first.scroll_into_view_if_needed()
        for pair in pairs:
            assert pair["dy"] <= SAME_LINE_PX, pair
            assert pair["enLeft"] - pair["zhLeft"] >= 0.4 * pair["width"], pair
    with scenario.step("the page's table of contents lists each section once"):
        toc = page.locator("#pst-page-toc-nav a").all_inner_texts()
        assert first["zh"].rstrip("#").strip() in [t.strip() for t in toc], (first, toc)
        assert not any(p["en"].strip() in toc for p in pairs), toc
        assert len(toc) == len(set(toc)), toc
    with scenario.step("no request left the page"):
        offline.check()


def test_jupyterlab_side_by_side_headings(scenario, lab):
    page = scenario.page
    path = f"lessons/zh-en/{LESSON}.ipynb"
    with scenario.step("open the side-by-side lesson 02 in JupyterLab"):
        page.goto(lab.url(f"/lab/workspaces/book-zh-en/tree/{path}?reset"))
        page.wait_for_selector(".jp-MarkdownCell .kt-bilingual h2", timeout=90_000)
        page.locator(".jp-MarkdownCell .kt-bilingual h2").first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
    with scenario.step("headings on one line, columns top-aligned and full width, no hover tint"):
        row = page.evaluate("""() => {
          const zh = document.querySelector('.jp-MarkdownCell .kt-bilingual .kt-zh > h2');
          const col = zh.parentElement, en = col.nextElementSibling.querySelector('h2');
          const grid = col.parentElement, cell = grid.closest('.jp-RenderedMarkdown');
          const r = el => el.getBoundingClientRect();
          return {zh: zh.innerText, en: en.innerText, enSkip: en.classList.contains('tocSkip'),
                  dy: Math.abs(r(zh).top - r(en).top), colDy: Math.abs(r(col).top - r(col.nextElementSibling).top),
                  gridWidth: r(grid).width, cellWidth: r(cell).width, display: getComputedStyle(grid).display,
                  enLeft: r(en).left, zhLeft: r(zh).left};
        }""")
        assert row["display"] == "grid", row
        assert row["dy"] <= SAME_LINE_PX and row["colDy"] <= SAME_LINE_PX, row
        assert row["gridWidth"] >= 0.95 * row["cellWidth"], row
        assert row["enLeft"] - row["zhLeft"] >= 0.4 * row["gridWidth"], row
        assert row["enSkip"], row
        grid = page.locator(".jp-MarkdownCell .kt-bilingual").nth(1)
        grid.hover()
        tints = page.evaluate("""() => { const g = document.querySelectorAll('.jp-MarkdownCell .kt-bilingual')[1];
            return [g, ...g.children].map(e => getComputedStyle(e).backgroundColor); }""")
        assert all(t in ("rgba(0, 0, 0, 0)", "transparent") for t in tints), tints
    with scenario.step("the table of contents lists the section once, by its Chinese heading"):
        page.evaluate("() => jupyterapp.shell.activateById('table-of-contents')")
        page.wait_for_selector(".jp-TableOfContents-content .jp-tocItem", timeout=30_000)
        items = [t.strip() for t in page.locator(".jp-TableOfContents-content .jp-tocItem").all_inner_texts()]
        assert any(row["zh"].strip() in t for t in items), (row, items)
        assert not any(row["en"].strip() in t for t in items), (row, items)
