"""The course as students use it: JupyterLab in a real browser, with live widgets.

One JupyterLab server and one Chromium for the whole module (fixtures in conftest.py), so under
`pytest -n 2 --dist loadfile` these scenarios run together on one worker. Every scenario saves
screenshots to build/screenshots/<scenario>--NN-<step>.png; a failing step says which step failed
and keeps build/screenshots/<scenario>--FAILED--<step>.png.

1. lesson 02 in Chinese: Run All, no error output; move a slider of the initializer explorer and
   see its plot change.
2. lesson 02 in English: the headings are English.
3. exercise 01: check("q1") on the stub says "not answered"; type a correct answer into the
   answer cell, run it and the check again: "public tests passed".
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from e2e_support import REPO, unexpected_stderr

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("jupyterlab-e2e")]

LESSON = "02_initializers.ipynb"
EXERCISE_GLOB = "01_*.ipynb"
RUN_ALL_TIMEOUT = 240  # s; lesson 02 runs in well under a minute of kernel time
LIVE_IMAGE = '[data-e2e="explorer"] img.widget-image'  # the live ipywidgets Image, not a static PNG
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# What the exercise system prints (kerastutor/messages/exercises.py), as the spec of this test:
# written out here on purpose, so a broken message catalogue makes the scenario fail.
NOT_ANSWERED = {"zh": "你还没有作答", "en": "you have not answered q1 yet"}
PASSED = {"zh": "✓ q1：公开测试通过", "en": "✓ q1: public tests passed"}
Q1_ANSWER = ('first_layer = keras.layers.Dense(32, kernel_initializer="he_uniform", '
             'kernel_regularizer=keras.regularizers.L2(0.001), '
             'kernel_constraint=keras.constraints.MaxNorm(max_value=2.0), activation="relu")')

# Helpers installed in every page; they read JupyterLab's own models (the server is started with
# --LabApp.expose_app_in_browser, which gives window.jupyterapp).
HELPERS = r"""
window.__e2e = {
  panel(path) {
    if (!window.jupyterapp) return null;
    return Array.from(jupyterapp.shell.widgets('main'))
      .find(w => w.context && w.context.path === path && w.content && w.content.widgets) || null;
  },
  ready(path) {
    const p = this.panel(path);
    if (!p || !p.context.isReady) return false;
    const k = p.sessionContext.session && p.sessionContext.session.kernel;
    return !!k && k.status === 'idle' && p.content.widgets.length > 0;
  },
  state(path) {
    const p = this.panel(path);
    if (!p) return null;
    const k = p.sessionContext.session && p.sessionContext.session.kernel;
    return {
      kernel: k ? k.status : 'none',
      cells: p.content.widgets.map((cell, i) => {
        const m = cell.model;
        const prompt = cell.node.querySelector('.jp-InputPrompt');
        return {
          index: i,
          type: m.type,
          source: m.sharedModel.getSource(),
          nbgrader: (m.getMetadata && m.getMetadata('nbgrader')) || null,
          count: m.type === 'code' ? m.executionCount : null,
          prompt: prompt ? prompt.textContent.trim() : '',
          outputs: m.type === 'code' ? m.outputs.toJSON() : [],
        };
      }),
    };
  },
  mark(path, index, label) {
    const p = this.panel(path);
    const cell = p.content.widgets[index];
    cell.node.setAttribute('data-e2e', label);
    return true;
  },
  activate(path) {
    const p = this.panel(path);
    jupyterapp.shell.activateById(p.id);
    return jupyterapp.shell.currentWidget === p;
  },
  async imageDigest(selector) {
    const imgs = Array.from(document.querySelectorAll(selector)).filter(img => img.src);
    if (!imgs.length) return null;
    const parts = [];
    for (const img of imgs) {
      const buf = await (await fetch(img.src)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
      parts.push(Array.from(digest.slice(0, 8), b => b.toString(16).padStart(2, '0')).join('') + ':' + buf.byteLength);
    }
    return parts.join(',');
  },
};
"""


# ------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------
def open_notebook(scenario, lab, path: str, workspace: str):
    """Open `path` (relative to the course root) in a fresh workspace; wait for its kernel."""
    page = scenario.page
    page.add_init_script(HELPERS)
    page.goto(lab.url(f"/lab/workspaces/{workspace}/tree/{path}?reset"))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function("p => window.__e2e.ready(p)", arg=path, timeout=90_000, polling=250)
    assert page.evaluate("p => window.__e2e.activate(p)", path), "the notebook is not the current widget"


def notebook_state(page, path: str) -> dict:
    state = page.evaluate("p => window.__e2e.state(p)", path)
    assert state is not None, f"{path} is not open"
    return state


def kernel_state_via_rest(lab, path: str) -> str:
    for session in lab.api("GET", "/api/sessions"):
        if session.get("path") == path or session.get("notebook", {}).get("path") == path:
            return lab.api("GET", f"/api/kernels/{session['kernel']['id']}")["execution_state"]
    return "no session"


def wait_until_idle(page, lab, path: str, timeout: float, done=None) -> dict:
    """Wait until no cell is queued or running ([*]), the kernel is idle (in the page and in the
    REST API), and `done(state)` holds; twice in a row, half a second apart."""
    deadline = time.monotonic() + timeout
    stable = 0
    state = None
    while time.monotonic() < deadline:
        state = notebook_state(page, path)
        busy = [c["index"] for c in state["cells"] if c["prompt"].startswith("[*]")]
        ok = (state["kernel"] == "idle" and not busy and (done is None or done(state))
              and kernel_state_via_rest(lab, path) == "idle")
        stable = stable + 1 if ok else 0
        if stable >= 2:
            return state
        time.sleep(0.5)
    busy = [c["index"] for c in (state or {"cells": []})["cells"] if c["prompt"].startswith("[*]")]
    raise AssertionError(f"{path}: still running after {timeout:.0f} s (kernel {state and state['kernel']}, "
                         f"cells queued or running: {busy})")


def problems(cell: dict) -> list[str]:
    """Error outputs (kerastutor's one-line ❌/✗ errors among them), unexpected stderr, and ❌
    lines printed to stdout, of one cell."""
    found = []
    for out in cell["outputs"]:
        if out.get("output_type") == "error":
            found.append(f"{out.get('ename')}: {out.get('evalue')}")
        text = out.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        if out.get("output_type") == "stream" and "❌" in text:
            found.append(text.strip())
    lines = unexpected_stderr([{**o, "text": "".join(o["text"]) if isinstance(o.get("text"), list) else o.get("text", "")}
                               for o in cell["outputs"] if o.get("output_type") == "stream"])
    found += [f"stderr: {line}" for line in lines]
    return found


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def output_text(cell: dict) -> str:
    """The cell's outputs as the learner reads them (an error output: its traceback text)."""
    parts = []
    for out in cell["outputs"]:
        if "text" in out:
            parts.append("".join(out["text"]) if isinstance(out["text"], list) else out["text"])
        elif out.get("output_type") == "error":
            parts.append(ANSI.sub("", "\n".join(out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"])))
        else:
            parts.append(str(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def dom_problems(page) -> list[str]:
    """What the learner sees as an error in the rendered outputs."""
    found = []
    for loc in page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all():
        text = loc.text_content() or ""
        # (JupyterLab renders error outputs with this mime type too)
        lines = unexpected_stderr([{"output_type": "stream", "name": "stderr", "text": text}])
        found += [f"stderr/error output: {line}" for line in lines]
    for loc in page.locator(".jp-OutputArea-output").all():
        text = loc.text_content() or ""
        if "Error displaying widget" in text or "Failed to load model class" in text:
            found.append(text.strip()[:200])
    return found


def cell_index(state: dict, predicate, what: str) -> int:
    matches = [c["index"] for c in state["cells"] if predicate(c)]
    assert matches, f"no cell {what}"
    return matches[0]


def mark(page, path: str, index: int, label: str):
    page.evaluate("([p, i, l]) => window.__e2e.mark(p, i, l)", [path, index, label])
    loc = page.locator(f'[data-e2e="{label}"]')
    loc.scroll_into_view_if_needed()
    return loc


def run_cell(page, lab, path: str, index: int, label: str, timeout: float = 120) -> dict:
    """Select cell `index` (click its prompt: command mode) and run it with Shift+Enter, as a
    learner does; return the cell once it has run."""
    before = notebook_state(page, path)["cells"][index]["count"]
    cell = mark(page, path, index, label)
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Shift+Enter")
    state = wait_until_idle(page, lab, path, timeout,
                            done=lambda s: s["cells"][index]["count"] not in (None, before))
    return state["cells"][index]


def wait_for_image(page, predicate, timeout: float, failure: str) -> str | None:
    """Poll the digest of the explorer's live image (sha256 prefix:bytes of each img) until
    `predicate(digest)` holds. (page.wait_for_function does not await a promise, so poll here.)"""
    deadline = time.monotonic() + timeout
    while True:
        digest = page.evaluate("s => window.__e2e.imageDigest(s)", LIVE_IMAGE)
        if predicate(digest):
            return digest
        if time.monotonic() > deadline:
            raise AssertionError(f"{failure} after {timeout:.0f} s")
        time.sleep(0.5)


def headings_of(notebook: Path) -> list[str]:
    """The markdown headings of a notebook file, as text (what JupyterLab renders as h1…h6)."""
    heads = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and re.match(r"^#{1,6} ", line):
                heads.append(re.sub(r"`|\*\*", "", line.lstrip("#").strip()))
    return heads


def lesson_path(lang: str) -> str:
    path = REPO / "lessons" / lang / LESSON
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing (run `kerastutor build`)", pytrace=False)
    return f"lessons/{lang}/{LESSON}"


# ------------------------------------------------------------------------------------------------
# Scenarios
# ------------------------------------------------------------------------------------------------
def test_lesson02_zh_run_all_and_explorer(scenario, lab):
    page, path = scenario.page, lesson_path("zh")

    with scenario.step("open lesson 02 (zh)"):
        open_notebook(scenario, lab, path, "lesson02-zh")

    with scenario.step("run all cells"):
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        state = wait_until_idle(page, lab, path, RUN_ALL_TIMEOUT,
                                done=lambda s: all(c["count"] is not None for c in s["cells"] if c["type"] == "code")
                                or any(problems(c) for c in s["cells"]))

    with scenario.step("no error output"):
        errors = {f'cell {c["index"]} ({c["source"].splitlines()[0][:60] if c["source"] else ""})': problems(c)
                  for c in state["cells"] if problems(c)}
        assert not errors, f"cells with errors: {errors}"
        not_run = [c["index"] for c in state["cells"] if c["type"] == "code" and c["count"] is None]
        assert not not_run, f"code cells that did not run: {not_run}"
        assert not dom_problems(page), dom_problems(page)

    with scenario.step("find the initializer explorer"):
        index = cell_index(state, lambda c: c["type"] == "code" and "initializer_explorer(" in c["source"],
                           "calling kerastutor.widgets.initializer_explorer(…)")
        explorer = mark(page, path, index, "explorer")
        explorer.locator(".widget-slider").first.wait_for(state="attached", timeout=30_000)
        # the first slider the learner can see and use (hidden ones have display: none)
        label = page.evaluate("""() => {
            const s = Array.from(document.querySelectorAll('[data-e2e="explorer"] .widget-slider'))
              .find(e => e.offsetParent !== null && !e.querySelector('.noUi-target[disabled]'));
            if (!s) return null;
            s.setAttribute('data-e2e-slider', '1');
            const d = s.querySelector('.widget-label');
            return d ? d.textContent : '?';
        }""")
        assert label, "the explorer shows no usable slider"
        slider = explorer.locator('[data-e2e-slider="1"]')
        handle = slider.locator(".noUi-handle")
        readout = slider.locator(".widget-readout")
        before_image = wait_for_image(page, lambda digest: digest is not None, 60, "the explorer shows no image")
        before_value = readout.text_content()
        slider.scroll_into_view_if_needed()

    with scenario.step("move a slider"):
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([sel, v]) => document.querySelector(sel).textContent !== v",
                               arg=['[data-e2e-slider="1"] .widget-readout', before_value], timeout=15_000)
        print(f"  slider {label!r}: {before_value} -> {readout.text_content()}")

    with scenario.step("the plot changed"):
        after_image = wait_for_image(page, lambda digest: digest not in (None, before_image), 60,
                                     f"the explorer's image did not change (still {before_image})")
        print(f"  image {before_image} -> {after_image}")
        wait_until_idle(page, lab, path, 60)
        after = notebook_state(page, path)["cells"][index]
        assert not problems(after), problems(after)
        assert not dom_problems(page), dom_problems(page)
        page.locator(LIVE_IMAGE).first.scroll_into_view_if_needed()


def test_lesson02_en_headings(scenario, lab):
    page, path = scenario.page, lesson_path("en")
    expected = headings_of(REPO / path)
    chinese = set(headings_of(REPO / "lessons" / "zh" / LESSON))

    with scenario.step("open lesson 02 (en)"):
        open_notebook(scenario, lab, path, "lesson02-en")
        page.wait_for_selector(".jp-RenderedMarkdown h1", timeout=30_000)

    with scenario.step("headings are English"):
        assert expected, f"{path} has no headings"
        selector = ".jp-Notebook .jp-RenderedMarkdown :is(h1, h2, h3, h4, h5, h6)"
        page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n",
                               arg=[selector, len(expected)], timeout=30_000)
        shown = [t.replace("¶", "").strip() for t in page.locator(selector).all_text_contents()]
        assert len(shown) == len(expected), f"rendered headings {shown} != the notebook's {expected}"
        chinese_shown = [h for h in shown if CJK.search(h)]
        assert not chinese_shown, f"headings with Chinese in the English lesson: {chinese_shown}"
        assert not set(shown) & chinese, f"headings of the Chinese lesson: {set(shown) & chinese}"
        assert shown[0].startswith("Lesson 2"), f"title heading is {shown[0]!r}"
        params = notebook_state(page, path)["cells"]
        assert any('LANG = "en"' in c["source"] for c in params if c["type"] == "code"), "LANG is not en"


@pytest.mark.parametrize("lang", ["zh"])
def test_exercise01_check(scenario, lab, lang):
    page = scenario.page
    found = sorted((REPO / "exercises" / lang).glob(EXERCISE_GLOB))
    assert found, f"no exercises/{lang}/{EXERCISE_GLOB}"
    path = f"exercises/{lang}/{found[0].name}"

    with scenario.step(f"open exercise 01 ({lang})"):
        open_notebook(scenario, lab, path, f"exercise01-{lang}")
        state = notebook_state(page, path)
        answer = cell_index(state, lambda c: (c["nbgrader"] or {}).get("grade_id") == "q1_answer", "q1_answer")
        check = cell_index(state, lambda c: (c["nbgrader"] or {}).get("grade_id") == "q1", "q1 (the check)")
        assert "NotImplementedError" in state["cells"][answer]["source"], "the q1 answer cell is not the stub"

    with scenario.step("run all: stops at the stub"):
        page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
        state = wait_until_idle(page, lab, path, 120, done=lambda s: s["cells"][answer]["count"] is not None)
        before = {c["index"]: problems(c) for c in state["cells"][:answer] if problems(c)}
        assert not before, f"errors before the first answer cell: {before}"
        assert "NotImplementedError" in output_text(state["cells"][answer]), output_text(state["cells"][answer])

    with scenario.step("check q1 on the stub: not answered"):
        cell = run_cell(page, lab, path, check, "check")
        text = output_text(cell)
        assert NOT_ANSWERED[lang] in text, f"check('q1') printed {text!r}; expected it to say {NOT_ANSWERED[lang]!r}"
        assert PASSED[lang] not in text
        assert "Traceback" not in text, f"check('q1') showed a traceback: {text!r}"

    with scenario.step("type a correct answer into the answer cell"):
        cell = mark(page, path, answer, "answer")
        editor = cell.locator(".cm-content").first
        editor.click()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Delete")
        page.keyboard.type(Q1_ANSWER)
        page.keyboard.press("Escape")  # back to command mode
        source = notebook_state(page, path)["cells"][answer]["source"]
        assert source.strip() == Q1_ANSWER, f"the answer cell holds {source!r}"

    with scenario.step("run the answer"):
        cell = run_cell(page, lab, path, answer, "answer")
        assert not problems(cell), problems(cell)

    with scenario.step("check q1 again: public tests passed"):
        cell = run_cell(page, lab, path, check, "check")
        text = output_text(cell)
        assert PASSED[lang] in text, f"check('q1') printed {text!r}; expected {PASSED[lang]!r}"
        assert not problems(cell), problems(cell)
