"""Constraint and regularizer explorer: a weight matrix before and after NonNeg / UnitNorm /
MaxNorm / MinMaxNorm, the norms along the chosen axis, and the L1 / L2 / L1L2 penalty."""
from __future__ import annotations

import numpy as np

from .. import constraints as C
from .. import regularizers as R
from ..i18n import t
from . import constraint_core as core
from ._base import Explorer, lean_axis, dropdown, slider, stable_top


class ConstraintExplorer(Explorer):
    core = core
    title_key = "widgets.cons.title"
    figsize = (7.6, 3.2)

    def setup_figure(self):
        self.ax_b, self.ax_a, self.ax_n = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 1.3]})
        self.fig.subplots_adjust(left=0.04, right=0.98, bottom=0.16, top=0.84, wspace=0.3)
        r = self.result
        kw = dict(cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
        self.im_b = self.ax_b.imshow(r["before"], **kw)
        self.im_a = self.ax_a.imshow(r["after"], **kw)
        self.ax_b.set_title(t("widgets.cons.before"), fontsize=10, y=1.0, pad=6)
        self.ax_a.set_title(t("widgets.cons.after"), fontsize=10, y=1.0, pad=6)
        for ax in (self.ax_b, self.ax_a):
            ax.set_xticks([])
            ax.set_yticks([])
        self.bars_b = self.bars_a = None
        self.max_line = self.ax_n.axhline(0, color="#c44e52", ls="--", lw=1, label="max_value")
        self.min_line = self.ax_n.axhline(0, color="#55a868", ls="--", lw=1, label="min_value")
        self.ax_n.set_xlabel(t("widgets.cons.vector"))
        lean_axis(self.ax_n)
        self.title = self.fig.suptitle("", fontsize=10)
        self._bar_count, self._ytop = None, None

    def _bars(self, count):
        if self._bar_count == count:
            return
        for bars in (self.bars_b, self.bars_a):
            if bars is not None:
                bars.remove()
        idx = np.arange(count)
        self.bars_b = self.ax_n.bar(idx - 0.2, np.zeros(count), 0.4, color="#9ab8d8", label=t("widgets.cons.norm_before"))
        self.bars_a = self.ax_n.bar(idx + 0.2, np.zeros(count), 0.4, color="#2b5d8a", label=t("widgets.cons.norm_after"))
        self.ax_n.set_xticks(idx)
        self.ax_n.set_xlim(-0.7, count - 0.3)
        self.legend = self.ax_n.legend(handles=[self.bars_b, self.bars_a], fontsize=7, loc="upper right")
        self._bar_count = count

    def update_figure(self, r):
        lim = max(float(np.max(np.abs(r["before"]))), 1e-9)
        for im, data in ((self.im_b, r["before"]), (self.im_a, r["after"])):
            im.set_data(data)
            im.set_clim(-lim, lim)
        self._bars(len(r["norms_before"]))
        for rect, h in zip(self.bars_b, r["norms_before"]):
            rect.set_height(h)
        for rect, h in zip(self.bars_a, r["norms_after"]):
            rect.set_height(h)
        top = max(float(np.max(r["norms_before"])), float(np.max(r["norms_after"])), 1e-9) * 1.1
        if "max_value" in r["args"]:
            top = max(top, r["args"]["max_value"] * 1.1)
        self._ytop = stable_top(self._ytop, top)
        self.ax_n.set_ylim(0, self._ytop)
        args = r["args"]
        self.max_line.set_visible("max_value" in args)
        self.min_line.set_visible("min_value" in args)
        if "max_value" in args:
            self.max_line.set_ydata([args["max_value"]] * 2)
        if "min_value" in args:
            self.min_line.set_ydata([args["min_value"]] * 2)
        self.ax_n.set_title(t("widgets.cons.norms", axis=r["axis"]), fontsize=10, y=1.0, pad=6)
        self.title.set_text(f"{self.state['constraint']}({', '.join(f'{k}={v:g}' for k, v in args.items())})")

    def dynamic_artists(self):
        return [self.im_b, self.im_a, *self.bars_b, *self.bars_a, self.max_line, self.min_line, self.title,
                self.ax_n.title]

    def overlay_artists(self):
        return [self.legend]

    def text_lines(self, r):
        s = self.state
        lines = [t("widgets.cons.rule." + s["constraint"]),
                 t("widgets.cons.norm_values", axis=r["axis"],
                   before=np.array2string(r["norms_before"], precision=3),
                   after=np.array2string(r["norms_after"], precision=3)),
                 t("widgets.cons.penalty", name=r["regularizer"], before=r["penalty_text_before"],
                   after=r["penalty_text_after"])]
        return lines

    def build_controls(self):
        s = self.state
        return {
            "constraint": dropdown(t("widgets.cons.constraint"), list(C.NAMES), s["constraint"]),
            "axis": dropdown("axis", [0, 1], s["axis"]),
            "max_value": slider("max_value", s["max_value"], 0.0, max(3.0, s["max_value"]), 0.1),
            "min_value": slider("min_value", s["min_value"], 0.0, max(3.0, s["min_value"]), 0.1),
            "rate": slider("rate", s["rate"], 0.0, 1.0, 0.05),
            "weight_scale": slider(t("widgets.cons.scale"), s["weight_scale"], 0.1, max(3.0, s["weight_scale"]), 0.1),
            "regularizer": dropdown(t("widgets.cons.regularizer"), list(R.NAMES), s["regularizer"]),
            "l1": slider("l1", s["l1"], 0.0, max(0.1, s["l1"]), 0.001, readout_format=".3f"),
            "l2": slider("l2", s["l2"], 0.0, max(0.1, s["l2"]), 0.001, readout_format=".3f"),
            "seed": slider("seed", s["seed"], 0, max(99, s["seed"]), integer=True),
        }

    def sync_controls(self):
        c = self.controls
        if not c:
            return
        args = core.constraint_args(self.state)
        for key in ("axis", "max_value", "min_value", "rate"):
            c[key].layout.display = None if key in args else "none"
        reg = self.state["regularizer"]
        c["l1"].layout.display = None if reg in ("l1", "l1_l2") else "none"
        c["l2"].layout.display = None if reg in ("l2", "l1_l2") else "none"


def constraint_explorer(constraint: str = "max_norm", **options):
    """A random weight matrix before and after a constraint (non_neg, unit_norm, max_norm,
    min_max_norm), its norms along `axis`, and an L1/L2/L1L2 penalty. Options: rows, cols,
    weight_scale, seed, max_value, min_value, rate, axis, regularizer, l1, l2."""
    return ConstraintExplorer(constraint=constraint, **options)
