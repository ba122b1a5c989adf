"""Widget latency as the learner feels it: a real JupyterLab and a real Chromium (the e2e tests'
set-up), each explorer's main slider moved one step at a time, 30 times, and the time measured in
the page from the key press to the moment the explorer shows its new picture (the kernel's redraw,
the image's trip over the websocket and the browser putting it on screen, all included).

    .venv/bin/python bench/widgets_browser.py [--moves 30]

Goal: median < 120 ms and p95 < 300 ms per widget. Prints a table; exit code 1 if a move never
showed a new picture.

A second table splits each move (medians, ms) on one clock (the kernel's time.time() and the
page's performance.timeOrigin + now() are both the machine's wall clock):
  key→sent     the key press until the page's websocket sends the new value
  sent→kernel  until the kernel starts handling the comm message (server hop, kernel queue)
  kernel       the kernel's handling: recompute, redraw, PNG, messages sent (and its CPU time)
  kernel→recv  until the image message arrives over the page's websocket (server hop)
  recv→shown   until the <img> has the new picture decoded and painted
and the PNG bytes per picture.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
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

# Recorded in the page: every websocket frame's time and size (before JupyterLab opens its socket).
WS_TRACE = """
(() => {
  window.__wsFrames = [];
  const now = () => performance.timeOrigin + performance.now();
  const size = (d) => typeof d === 'string' ? d.length : (d.byteLength !== undefined ? d.byteLength : (d.size || 0));
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    window.__wsFrames.push({t: now(), dir: 'out', n: size(data)});
    return send.call(this, data);
  };
  const Native = WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => window.__wsFrames.push({t: now(), dir: 'in', n: size(e.data)}));
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

# Recorded in the kernel: when a comm message starts being handled, and each redraw (Explorer.set):
# start, end, CPU time, PNG bytes; one JSON line per event in a file the bench reads afterwards.
KERNEL_TRACE = """
import json as _json, time as _time
import ipywidgets as _ipw
from kerastutor.widgets import _base as _wb
_trace = open({path!r}, "a")
def _log(**event):
    _trace.write(_json.dumps(event) + "\\n"); _trace.flush()
_handle_msg = _ipw.Widget._handle_msg
def _traced_handle_msg(self, msg):
    _log(event="msg", t=_time.time() * 1000)
    return _handle_msg(self, msg)
_ipw.Widget._handle_msg = _traced_handle_msg
_set = _wb.Explorer.set
def _traced_set(self, **changes):
    t, cpu = _time.time() * 1000, _time.process_time()
    try:
        return _set(self, **changes)
    finally:
        _log(event="set", t=t, end=_time.time() * 1000, cpu=(_time.process_time() - cpu) * 1000,
             png=len(self.png()))
_wb.Explorer.set = _traced_set
"""

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
  const epoch = () => performance.timeOrigin + performance.now();
  return await new Promise(resolve => {
    const t0 = performance.now(), e0 = epoch();
    let eSrc = null;
    const done = (ms) => { observer.disconnect(); clearTimeout(timer);
                           resolve({ms, t0: e0, src: eSrc, shown: epoch()}); };
    const observer = new MutationObserver(() => {
      if (img.src !== before && eSrc === null) {
        eSrc = epoch();
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


def notebook(trace_path: str) -> nbformat.NotebookNode:
    cells = [KERNEL_TRACE.format(path=trace_path),
             "import kerastutor as kt\nkt.setup(lang='en', seed=42, banner=False)\nfrom kerastutor import widgets as W"]
    cells += [code for _, code in WIDGETS]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def measure(page, cell: int, moves: int) -> tuple[str, list[dict], int]:
    """Move the cell's slider `moves` times; each move's page-side times and websocket frames."""
    info = page.evaluate(SLIDER_INFO, cell)
    if info is None:
        raise SystemExit(f"cell {cell}: no visible slider and live image")
    done, misses, key = [], 0, "ArrowRight"
    page.evaluate(MOVE, [cell, key, 10_000])      # one move to warm the path up, not counted
    for _ in range(moves):
        info = page.evaluate(SLIDER_INFO, cell)
        if info["now"] >= info["max"]:
            key = "ArrowLeft"
        elif info["now"] <= info["min"]:
            key = "ArrowRight"
        page.evaluate("() => { window.__wsFrames = []; }")
        move = page.evaluate(MOVE, [cell, key, 10_000])
        if move["ms"] < 0:
            misses += 1
        else:
            move["frames"] = page.evaluate("() => window.__wsFrames")
            done.append(move)
        time.sleep(0.05)     # a learner's next step comes after the picture
    return info["label"], done, misses


def split(move: dict, events: list[dict]) -> dict | None:
    """One move's stages (ms) from the page's and the kernel's timestamps; None if they do not fit."""
    sent = next((f["t"] for f in move["frames"] if f["dir"] == "out" and f["t"] >= move["t0"]), None)
    redraw = next((e for e in events if e["event"] == "set" and move["t0"] <= e["t"] <= move["shown"]), None)
    if sent is None or redraw is None or move["src"] is None:
        return None
    arrived = [f for f in move["frames"] if f["dir"] == "in" and redraw["t"] <= f["t"] <= move["src"]]
    if not arrived:
        return None
    image = max(arrived, key=lambda f: f["n"])
    handled = next((e["t"] for e in events if e["event"] == "msg" and sent <= e["t"] <= redraw["t"]), redraw["t"])
    return {"key→sent": sent - move["t0"], "sent→kernel": handled - sent, "kernel": redraw["end"] - handled,
            "kernel cpu": redraw["cpu"], "kernel→recv": image["t"] - redraw["end"],
            "recv→shown": move["shown"] - image["t"], "png bytes": redraw["png"]}


STAGES = ["key→sent", "sent→kernel", "kernel", "kernel cpu", "kernel→recv", "recv→shown", "png bytes"]


def read_events(path: pathlib.Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    fixtures = _e2e_fixtures()
    executable, why = fixtures.chromium_executable()
    if not executable:
        raise SystemExit(why)
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        trace = pathlib.Path(tmp) / "kernel-trace.jsonl"
        lab = fixtures.LabServer(pathlib.Path(tmp))
        lab.prepare()
        nbformat.write(notebook(str(trace)), lab.root / "widgets_bench.ipynb")
        lab.start()
        rows, failed = [], False
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                                     args=fixtures.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.add_init_script(WS_TRACE)
                page.goto(lab.url("/lab/tree/widgets_bench.ipynb"))
                page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
                page.wait_for_function("() => window.jupyterapp && jupyterapp.shell.currentWidget"
                                       " && jupyterapp.shell.currentWidget.sessionContext"
                                       " && jupyterapp.shell.currentWidget.sessionContext.session", timeout=60_000)
                page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
                for index, (name, _) in enumerate(WIDGETS, start=2):
                    page.wait_for_function(
                        "(i) => { const a = document.querySelectorAll('.jp-Notebook .jp-Cell')[i];"
                        " return a && a.querySelector('img.widget-image') && a.querySelector('.widget-slider'); }",
                        arg=index, timeout=180_000)
                    label, moves, misses = measure(page, index, args.moves)
                    failed |= misses > 0 or not moves
                    rows.append((name, label.strip(), moves, misses))
                browser.close()
        finally:
            lab.stop()
        events = read_events(trace)
    load_after = os.getloadavg()

    print(f"{os.cpu_count()} CPUs; load average (1/5/15 min) {'/'.join(f'{v:.1f}' for v in load_before)} before, "
          f"{'/'.join(f'{v:.1f}' for v in load_after)} after")
    print(f"{'widget':<24} {'control':<16} {'moves':>5} {'median ms':>10} {'p95 ms':>8} {'worst ms':>9}  goal")
    for name, label, moves, misses in rows:
        if not moves:
            print(f"{name:<24} {label:<16} {0:>5}  no picture changed")
            continue
        times = [m["ms"] for m in moves]
        median, p95 = statistics.median(times), percentile(times, 0.95)
        goal = "met" if median < 120 and p95 < 300 else "MISSED"
        print(f"{name:<24} {label[:16]:<16} {len(times):>5} {median:>10.1f} {p95:>8.1f} {max(times):>9.1f}  {goal}"
              + (f"  ({misses} moves showed no new picture)" if misses else ""))
    print("\ngoal: median < 120 ms, p95 < 300 ms (key press on the slider → new picture on screen)")

    print("\nwhere a move's time goes (medians over the moves, ms; see the module's docstring)")
    print(f"{'widget':<24}" + "".join(f"{stage:>13}" for stage in STAGES))
    for name, _, moves, _ in rows:
        parts = [p for p in (split(m, events) for m in moves) if p is not None]
        if not parts:
            print(f"{name:<24}  (no kernel trace matched)")
            continue
        print(f"{name:<24}" + "".join(f"{statistics.median(p[stage] for p in parts):>13.1f}" for stage in STAGES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
