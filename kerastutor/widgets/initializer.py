"""Initializer explorer: choose an initializer and its fans → histogram of a sampled kernel, the
theoretical density, and the formula with the numbers filled in."""
from __future__ import annotations

import numpy as np

from ..i18n import t
from . import initializer_core as core
from ._base import Explorer, lean_axis, dropdown, slider, stable_range, stable_top


class InitializerExplorer(Explorer):
    core = core
    title_key = "widgets.init.title"

    def setup_figure(self):
        ax = self.ax = self.fig.add_subplot(1, 1, 1)
        self.fig.subplots_adjust(left=0.1, right=0.97, bottom=0.15, top=0.86)
        r = self.result
        self.hist = ax.stairs(r["density"], r["edges"], fill=True, alpha=0.45, color="#4c72b0",
                              label=t("widgets.init.samples"))
        (self.pdf_line,) = ax.plot([], [], color="#c44e52", lw=2, label=t("widgets.init.density"))
        self.bounds = [ax.axvline(0, color="#55a868", ls="--", lw=1.2) for _ in range(2)]
        self.bounds[0].set_label(t("widgets.init.bounds"))
        ax.set_xlabel(t("widgets.init.xlabel"))
        ax.set_ylabel(t("widgets.init.ylabel"))
        self.legend = ax.legend(loc="upper right", fontsize=8)
        self.title = ax.set_title("", fontsize=10, y=1.0, pad=6)
        lean_axis(ax)
        self._xlim, self._ytop = None, None

    def update_figure(self, r):
        self.hist.set_data(r["density"], r["edges"])
        if r["pdf"] is not None:
            self.pdf_line.set_data(r["x"], r["pdf"])
            self.pdf_line.set_visible(True)
        else:
            self.pdf_line.set_visible(False)
        for line, value in zip(self.bounds, (r["low"], r["high"])):
            visible = value is not None and r["spread"].family in ("uniform", "truncated_normal")
            line.set_visible(visible)
            if visible:
                line.set_xdata([value, value])
        # limits on a grid of nice values, kept while the data still fit: most changes then reuse
        # the drawn axes and only the histogram, the curve and the title are redrawn
        self._xlim = stable_range(self._xlim, float(r["edges"][0]), float(r["edges"][-1]))
        self.ax.set_xlim(*self._xlim)
        top = float(np.max(r["density"])) if r["density"].size else 1.0
        if r["pdf"] is not None:
            top = max(top, float(np.max(r["pdf"])))
        self._ytop = stable_top(self._ytop, top * 1.1 if top > 0 else 1.0)
        self.ax.set_ylim(0, self._ytop)
        self.title.set_text(f"{r['name']}  {r['shape']}:  {r['formula']}")

    def dynamic_artists(self):
        return [self.hist, self.pdf_line, *self.bounds, self.title]

    def overlay_artists(self):
        return [self.legend]

    def text_lines(self, r):
        lines = [t("widgets.init.fans", fan_in=r["fan_in"], fan_out=r["fan_out"], shape=r["shape"]),
                 t("widgets.init.formula", formula=r["formula"])]
        lines.append(t("widgets.init.stats", n=r["n"], mean=f"{r['mean']:.4g}", std=f"{r['std']:.4g}",
                       theory=f"{r['theory_std']:.4g}", lo=f"{r['min']:.4g}", hi=f"{r['max']:.4g}"))
        if r["pdf"] is None:
            lines.append(t("widgets.init.no_density", family=r["spread"].family))
        return lines

    def build_controls(self):
        s = self.state
        return {
            "initializer": dropdown(t("widgets.init.initializer"), list(core.NAMES), s["initializer"]),
            "fan_in": slider("fan_in", s["fan_in"], 1, max(1024, s["fan_in"]), integer=True),
            "fan_out": slider("fan_out", s["fan_out"], 1, max(1024, s["fan_out"]), integer=True),
            "scale": slider("scale", s["scale"], 0.1, max(4.0, s["scale"]), 0.1),
            "mode": dropdown("mode", ["fan_in", "fan_out", "fan_avg"], s["mode"]),
            "distribution": dropdown("distribution", list(core.DISTRIBUTIONS), s["distribution"]),
            "mean": slider("mean", s["mean"], -1.0, 1.0, 0.01),
            "stddev": slider("stddev", s["stddev"], 0.0, max(1.0, s["stddev"]), 0.01),
            "minval": slider("minval", s["minval"], -1.0, 1.0, 0.01),
            "maxval": slider("maxval", s["maxval"], -1.0, 1.0, 0.01),
            "value": slider("value", s["value"], -2.0, 2.0, 0.1),
            "gain": slider("gain", s["gain"], 0.1, max(3.0, s["gain"]), 0.1),
            "seed": slider("seed", s["seed"], 0, max(99, s["seed"]), integer=True),
        }

    def sync_controls(self):
        wanted = {"initializer", "fan_in", "fan_out", "seed", *core.ARGS.get(self.state["initializer"], ())}
        for name, control in self.controls.items():
            control.layout.display = None if name in wanted else "none"

    def control_rows(self):
        import ipywidgets as W

        c = self.controls
        return [W.HBox([c["initializer"], c["fan_in"], c["fan_out"]]),
                W.HBox([c[k] for k in ("scale", "mode", "distribution", "mean", "stddev", "minval", "maxval",
                                       "value", "gain")]),
                W.HBox([c["seed"]])]


def initializer_explorer(initializer: str = "glorot_uniform", fan_in: int = 256, fan_out: int = 128, **options):
    """Explore an initializer: histogram of a sampled (fan_in, fan_out) kernel, the density the
    formula predicts, and the formula with the numbers filled in. Options: scale, mode,
    distribution (variance_scaling), mean, stddev, minval, maxval, value, gain, seed."""
    return InitializerExplorer(initializer=initializer, fan_in=fan_in, fan_out=fan_out, **options)
