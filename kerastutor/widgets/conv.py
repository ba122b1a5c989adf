"""Convolution / pooling shape calculator: input length, kernel, stride, padding, dilation →
output length with the arithmetic, and a drawing of where the window lands."""
from __future__ import annotations

import textwrap

import numpy as np

from ..i18n import t
from . import conv_core as core
from ._base import Explorer, dropdown, slider

IN_Y, OUT_Y = 1.0, 0.0
C_REAL, C_PAD, C_OUT, C_HIT, C_HIT_OUT = "#a6c8e8", "#eeeeee", "#b8e0b0", "#e6862e", "#2f8f3a"


class ConvShapeCalculator(Explorer):
    core = core
    title_key = "widgets.conv.title"
    figsize = (7.2, 2.8)

    def setup_figure(self):
        ax = self.ax = self.fig.add_subplot(1, 1, 1)
        self.fig.subplots_adjust(left=0.02, right=0.98, bottom=0.04, top=0.8)
        ax.set_axis_off()
        from matplotlib.collections import LineCollection

        self.in_cells = ax.scatter([], [], marker="s", edgecolors="#555555", linewidths=0.6, zorder=3)
        self.out_cells = ax.scatter([], [], marker="s", edgecolors="#555555", linewidths=0.6, zorder=3)
        self.links = LineCollection([], colors=C_HIT, linewidths=1.2, zorder=2)
        ax.add_collection(self.links)
        self.in_label = ax.text(0, IN_Y + 0.45, "", fontsize=9, ha="left", va="bottom")
        self.out_label = ax.text(0, OUT_Y - 0.45, "", fontsize=9, ha="left", va="top")
        self.title = ax.set_title("", fontsize=10, y=1.0, pad=6)

    def update_figure(self, r):
        s = self.state
        if not r["ok"]:
            self.in_cells.set_offsets(np.empty((0, 2)))
            self.out_cells.set_offsets(np.empty((0, 2)))
            self.links.set_segments([])
            self.in_label.set_text("")
            self.out_label.set_text("")
            cjk = any("\u4e00" <= ch <= "\u9fff" for ch in r["error"])
            self.title.set_text("\n".join(textwrap.fill(part, 36 if cjk else 70) for part in r["error"].split("\n")))
            return
        n, (left, right) = r["n"], r["pad"]
        if r["kind"] == "transpose":
            in_idx = np.arange(n)
            out_len = r["value"]
            # each input sits above the centre of the outputs it writes to
            in_x = np.array([np.mean(taps) for taps in r["taps"]])
            out_x = np.arange(out_len)
            in_colors = [C_HIT if i == r["position"] else C_REAL for i in in_idx]
            out_colors = [C_HIT_OUT if o in r["selected"] else C_OUT for o in out_x]
            segs = [[(in_x[r["position"]], IN_Y - 0.3), (o, OUT_Y + 0.3)] for o in r["selected"]]
            span = (min(in_x.min(), 0) - 1, max(in_x.max(), out_len - 1) + 1)
        else:
            in_idx = np.arange(-left, n + right)
            in_x = in_idx.astype(float)
            count = r["count"]
            # each output sits under the centre of its window
            out_x = np.array([np.mean(w) for w in r["windows"]])
            hit = set(r["selected"])
            in_colors = [C_HIT if i in hit else (C_REAL if 0 <= i < n else C_PAD) for i in in_idx]
            out_colors = [C_HIT_OUT if k == r["position"] else C_OUT for k in range(count)]
            segs = [[(i, IN_Y - 0.3), (out_x[r["position"]], OUT_Y + 0.3)] for i in r["selected"]]
            span = (in_x.min() - 1, in_x.max() + 1)
        self.ax.set_xlim(*span)
        self.ax.set_ylim(-0.9, 1.9)
        width_pt = self.fig.get_figwidth() * 0.96 * 72 / max(span[1] - span[0], 1)
        size = (0.8 * min(width_pt, 28)) ** 2
        self.in_cells.set_offsets(np.column_stack([in_x, np.full(len(in_x), IN_Y)]))
        self.in_cells.set_facecolors(in_colors)
        self.in_cells.set_sizes([size])
        self.out_cells.set_offsets(np.column_stack([out_x, np.full(len(out_x), OUT_Y)]))
        self.out_cells.set_facecolors(out_colors)
        self.out_cells.set_sizes([size])
        self.links.set_segments(segs)
        self.in_label.set_position((span[0] + 0.3, IN_Y + 0.4))
        self.out_label.set_position((span[0] + 0.3, OUT_Y - 0.4))
        self.in_label.set_text(t("widgets.conv.input", n=n, left=left, right=right))
        self.out_label.set_text(t("widgets.conv.output", value=r["value"]))
        self.title.set_text(r["text"])

    def dynamic_artists(self):
        return [self.in_cells, self.out_cells, self.links, self.in_label, self.out_label, self.title]

    def layout_key(self):
        """The axes are off: nothing static is drawn where the limits matter, so the background
        (the empty figure) never depends on them and a move of n or the kernel never redraws it."""
        return None

    def text_lines(self, r):
        s = self.state
        if not r["ok"]:
            return [r["error"]]
        kind = t(f"widgets.conv.kind.{r['kind']}")
        lines = [t("widgets.conv.result", kind=kind, n=s["n"], value=r["value"], text=r["text"]),
                 t("widgets.conv.formula", formula=r["formula"])]
        if r["kind"] == "transpose":
            lines.append(t("widgets.conv.taps", position=r["position"], outputs=r["selected"]))
        else:
            lines.append(t("widgets.conv.window", position=r["position"], inputs=r["selected"]))
            if r["pad"] != (0, 0):
                lines.append(t("widgets.conv.padding", left=r["pad"][0], right=r["pad"][1]))
        return lines

    def build_controls(self):
        s = self.state
        kinds = [(t(f"widgets.conv.kind.{k}"), k) for k in core.KINDS]
        return {
            "kind": dropdown(t("widgets.conv.kind"), kinds, s["kind"]),
            "n": slider(t("widgets.conv.n"), s["n"], 1, max(40, s["n"]), integer=True),
            "kernel_size": slider("kernel_size", s["kernel_size"], 1, max(9, s["kernel_size"]), integer=True),
            "strides": slider("strides", s["strides"], 1, max(5, s["strides"]), integer=True),
            "padding": dropdown("padding", self._paddings(), s["padding"]),
            "dilation_rate": slider("dilation_rate", s["dilation_rate"], 1, max(5, s["dilation_rate"]), integer=True),
            "output_padding": dropdown("output_padding", [("None", None), ("0", 0), ("1", 1), ("2", 2), ("3", 3)],
                                       s["output_padding"]),
            "position": slider(t("widgets.conv.position"), self.result["position"], 0,
                               max(self.result["count"] - 1, 1), integer=True),
        }

    def set(self, **changes):
        if changes.get("kind") in ("pool", "transpose") and self.state["padding"] == "causal":
            changes.setdefault("padding", "valid")  # causal padding exists for Conv1D only
        return super().set(**changes)

    def sync_controls(self):
        c = self.controls
        if not c:
            return
        kind = self.state["kind"]
        c["dilation_rate"].layout.display = "none" if kind == "pool" else None
        c["output_padding"].layout.display = None if kind == "transpose" else "none"
        options = self._paddings()
        if list(c["padding"].options) != options:
            c["padding"].options = options
        c["padding"].value = self.state["padding"]
        top = max(self.result["count"] - 1, 1)
        if c["position"].max != top:
            c["position"].max = top
        c["position"].value = self.result["position"]

    def _paddings(self):
        return ["valid", "same", "causal"] if self.state["kind"] == "conv" else ["valid", "same"]


def conv_shape_calculator(n: int = 12, kernel_size: int = 3, strides: int = 1, padding: str = "valid",
                          dilation_rate: int = 1, kind: str = "conv", **options):
    """Output length of a convolution ("conv"), pooling ("pool") or transposed convolution
    ("transpose") along one axis, with the arithmetic and a drawing of the windows.
    Options: output_padding (transpose), position (which output/input to highlight)."""
    return ConvShapeCalculator(n=n, kernel_size=kernel_size, strides=strides, padding=padding,
                               dilation_rate=dilation_rate, kind=kind, **options)
