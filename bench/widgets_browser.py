"""Widget latency as the learner feels it: a real JupyterLab and a real Chromium (the e2e tests'
set-up), each explorer's main slider moved one step at a time, 30 times, and the time measured in
the page from the key press to the moment the explorer shows its new picture (the kernel's redraw,
the image's trip over the websocket and the browser putting it on screen, all included).

    .venv/bin/python bench/widgets_browser.py [--moves 30]

Goal: median < 120 ms and p95 < 300 ms per widget. Prints a table; exit code 1 if a move never
showed a new picture.
"""
from __future__ import annotations

import argparse
import importlib.util
import pathlib
import statistics
import sys
import tempfile
import time

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
E2E = ROOT / "tests" / "e2e"
sys.path.insert(0, str(E2E))


def _e2e_fixtures():
    """The e2e tests' JupyterLab server and Chromium flags (tests/e2e/conftest.py), as a module."""
    spec = importlib.util.spec_from_file_location("_kerastutor_e2e_conftest", E2E / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (name, code that shows it): the explorers as the lessons call them.
WIDGETS = [
    ("initializer_explorer", 'W.initializer_explorer("he_uniform", 784, 512)'),
    ("activation_explorer", 'W.activation_explorer(["relu", "sigmoid", "tanh"])'),
    ("conv_shape_calculator", "W.conv_shape_calculator(28, 3)"),
    ("constraint_explorer", 'W.constraint_explorer("max_norm")'),
    ("dropout_explorer", "W.dropout_explorer(0.5)"),
]

# One move: a key press on the slider's handle (as a learner's keyboard or a drag by one step),
# then wait until the widget's live image has a new source. Returns the milliseconds, or -1.
MOVE = """
async ([cell, key, timeout]) => {
  const area = document.querySelectorAll('.jp-Notebook .jp-Cell')[cell];
  const slider = Array.from(area.querySelectorAll('.widget-slider'))
      .find(e => e.offsetParent !== null && !e.querySelector('.noUi-target[disabled]'));
  const handle = slider.querySelector('.noUi-handle');
  const img = area.querySelector('img.widget-image');
  const before = img.src;
  return await new Promise(resolve => {
    const t0 = performance.now();
    const done = (ms) => { observer.disconnect(); clearTimeout(timer); resolve(ms); };
    const observer = new MutationObserver(() => {
      if (img.src !== before) {
        // the new picture decoded and on screen, not only its address set
        img.decode().catch(() => null).then(() =>
          requestAnimationFrame(() => done(performance.now() - t0)));
      }
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
    const timer = setTimeout(() => done(-1), timeout);
    handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  });
}
"""

SLIDER_INFO = """
(cell) => {
  const area = document.querySelectorAll('.jp-Notebook .jp-Cell')[cell];
  const slider = Array.from(area.querySelectorAll('.widget-slider'))
      .find(e => e.offsetParent !== null && !e.querySelector('.noUi-target[disabled]'));
  const img = area.querySelector('img.widget-image');
  if (!slider || !img) return null;
  const label = slider.querySelector('.widget-label');
  const handle = slider.querySelector('.noUi-handle');
  return {label: label ? label.textContent : '?', now: Number(handle.getAttribute('aria-valuenow')),
          min: Number(handle.getAttribute('aria-valuemin')), max: Number(handle.getAttribute('aria-valuemax'))};
}
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def notebook() -> nbformat.NotebookNode:
    cells = ["import kerastutor as kt\nkt.setup(lang='en', seed=42, banner=False)\nfrom kerastutor import widgets as W"]
    cells += [code for _, code in WIDGETS]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def measure(page, cell: int, moves: int) -> tuple[str, list[float], int]:
    info = page.evaluate(SLIDER_INFO, cell)
    if info is None:
        raise SystemExit(f"cell {cell}: no visible slider and live image")
    times, misses, key = [], 0, "ArrowRight"
    page.evaluate(MOVE, [cell, key, 10_000])      # one move to warm the path up, not counted
    for _ in range(moves):
        info = page.evaluate(SLIDER_INFO, cell)
        if info["now"] >= info["max"]:
            key = "ArrowLeft"
        elif info["now"] <= info["min"]:
            key = "ArrowRight"
        ms = page.evaluate(MOVE, [cell, key, 10_000])
        if ms < 0:
            misses += 1
        else:
            times.append(ms)
        time.sleep(0.05)     # a learner's next step comes after the picture
    return info["label"], times, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    fixtures = _e2e_fixtures()
    executable, why = fixtures.chromium_executable()
    if not executable:
        raise SystemExit(why)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        lab = fixtures.LabServer(pathlib.Path(tmp))
        lab.prepare()
        nbformat.write(notebook(), lab.root / "widgets_bench.ipynb")
        lab.start()
        rows, failed = [], False
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                                     args=fixtures.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(lab.url("/lab/tree/widgets_bench.ipynb"))
                page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
                page.wait_for_function("() => window.jupyterapp && jupyterapp.shell.currentWidget"
                                       " && jupyterapp.shell.currentWidget.sessionContext"
                                       " && jupyterapp.shell.currentWidget.sessionContext.session", timeout=60_000)
                page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
                for index, (name, _) in enumerate(WIDGETS, start=1):
                    page.wait_for_function(
                        "(i) => { const a = document.querySelectorAll('.jp-Notebook .jp-Cell')[i];"
                        " return a && a.querySelector('img.widget-image') && a.querySelector('.widget-slider'); }",
                        arg=index, timeout=180_000)
                    label, times, misses = measure(page, index, args.moves)
                    failed |= misses > 0 or not times
                    rows.append((name, label.strip(), times, misses))
                browser.close()
        finally:
            lab.stop()

    print(f"{'widget':<24} {'control':<16} {'moves':>5} {'median ms':>10} {'p95 ms':>8} {'worst ms':>9}  goal")
    for name, label, times, misses in rows:
        if not times:
            print(f"{name:<24} {label:<16} {0:>5}  no picture changed")
            continue
        median, p95 = statistics.median(times), percentile(times, 0.95)
        goal = "met" if median < 120 and p95 < 300 else "MISSED"
        print(f"{name:<24} {label[:16]:<16} {len(times):>5} {median:>10.1f} {p95:>8.1f} {max(times):>9.1f}  {goal}"
              + (f"  ({misses} moves showed no new picture)" if misses else ""))
    print("\ngoal: median < 120 ms, p95 < 300 ms (key press on the slider → new picture on screen)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
