"""Benchmark of the course widgets: time from a control change to a finished redraw.

Each widget is driven through its ipywidgets controls, as a learner would move them; a change is
finished when the core has recomputed, the artists are updated, the Agg canvas is drawn and the
PNG the widget shows is rendered. At least 50 changes per widget; prints median and worst.

    .venv/bin/python bench/widgets.py [--changes 60] [--lang zh]

Goal (2-core machine): median < 50 ms, worst < 150 ms.
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import kerastutor as kt  # noqa: E402
from kerastutor import activations as A  # noqa: E402
from kerastutor import widgets as W  # noqa: E402
from kerastutor.widgets import initializer_core  # noqa: E402

# (maker, [(control, [values to cycle through]), …]) — ordinary moves of each control
PLANS = {
    "initializer_explorer": (
        lambda: W.initializer_explorer("he_uniform", 784, 512),
        [("initializer", list(initializer_core.NAMES)), ("fan_in", [64, 128, 256, 512, 784, 1024]),
         ("fan_out", [10, 64, 128, 256, 512]), ("seed", list(range(10)))],
    ),
    "activation_explorer": (
        lambda: W.activation_explorer(["relu", "sigmoid", "tanh"]),
        [("names", [("relu",), ("elu", "selu"), tuple(A.NAMES), ("softmax", "softplus", "softsign"),
                    ("hard_sigmoid", "sigmoid"), ("exponential", "linear", "tanh")]),
         ("x0", [-3.0, -1.5, 0.0, 0.5, 2.0, 4.0]), ("alpha", [0.2, 0.5, 1.0, 1.5, 2.5]),
         ("xmax", [2.0, 5.0, 8.0, 12.0])],
    ),
    "conv_shape_calculator": (
        lambda: W.conv_shape_calculator(28, 3),
        [("n", [5, 12, 20, 28, 40]), ("kernel_size", [1, 2, 3, 5, 7]), ("strides", [1, 2, 3]),
         ("padding", ["valid", "same"]), ("position", [0, 2, 4, 1]), ("kind", ["conv", "pool", "transpose", "conv"])],
    ),
    "constraint_explorer": (
        lambda: W.constraint_explorer("max_norm"),
        [("max_value", [0.5, 1.0, 1.5, 2.0, 3.0]), ("constraint", ["non_neg", "unit_norm", "max_norm", "min_max_norm"]),
         ("rate", [0.0, 0.3, 0.7, 1.0]), ("axis", [0, 1]), ("regularizer", ["l1", "l2", "l1_l2"]),
         ("seed", list(range(6)))],
    ),
    "dropout_explorer": (
        lambda: W.dropout_explorer(0.5),
        [("rate", [0.0, 0.1, 0.25, 0.5, 0.75, 0.9]), ("training", [True, False]), ("inputs", ["ones", "random"]),
         ("seed", list(range(8)))],
    ),
}


def changes(plan, count):
    """count control moves, taking the controls in turn and each control's values in turn."""
    cycles = {name: itertools.cycle(values) for name, values in plan}
    names = itertools.cycle([name for name, _ in plan])
    out = []
    for name in names:
        out.append((name, next(cycles[name])))
        if len(out) == count:
            return out
    return out


def run(name, count):
    make, plan = PLANS[name]
    ex = make()
    ex.widget  # build the controls and the image, as a display would
    for control, value in changes(plan, 5):  # warm-up (first draws, caches)
        ex.controls[control].value = value
    times = []
    for control, value in changes(plan, count):
        widget = ex.controls[control]
        if widget.value == value or (isinstance(value, tuple) and tuple(widget.value) == value):
            # make it a real change: move elsewhere first (not timed)
            other = next(v for v in dict(plan)[control] if v != value)
            widget.value = other
        start, cpu = time.perf_counter(), time.process_time()
        widget.value = value  # the observer recomputes, redraws and renders the PNG
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert ex._image.value == ex.png() and not ex.message, (control, value, ex.message)
        times.append((elapsed * 1000, cpu * 1000, len(ex.png())))
    assert ex.warnings == [], ex.warnings
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args(argv)
    kt.set_language(args.lang)
    rows = []
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for name in PLANS:
        times = run(name, max(args.changes, 50))
        wall, cpu, size = ([row[i] for row in times] for i in range(3))
        rows.append((name, len(times), statistics.median(wall), max(wall), statistics.median(cpu), max(cpu),
                     statistics.median(size)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"widget redraw after a control change, in ms; {os.cpu_count()} CPUs, "
          f"load average {load_before:.1f} before / {load:.1f} after")
    print("wall = what the learner waits; cpu = CPU time of this process (other processes on the machine")
    print("inflate wall time, not cpu time). Goal on an idle machine: median < 50, worst < 150 (wall).")
    print(f"{'widget':<24}{'changes':>8}{'wall median':>13}{'wall worst':>12}{'cpu median':>12}{'cpu worst':>11}"
          f"{'PNG bytes':>11}")
    for name, n, med, worst, cmed, cworst, size in rows:
        print(f"{name:<24}{n:>8}{med:>13.1f}{worst:>12.1f}{cmed:>12.1f}{cworst:>11.1f}{size:>11.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
