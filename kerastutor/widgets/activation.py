"""Activation explorer: the chosen activations and their derivatives, with the formulas, and a
probe point x0 whose values are printed with the numbers."""
from __future__ import annotations

import numpy as np

from .. import activations as A
from ..i18n import t
from . import activation_core as core
from ._base import Explorer, lean_axis, slider, stable_range

COLORS = dict(zip(A.NAMES, ["#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                            "#e377c2", "#17becf", "#bcbd22", "#000000"]))


class ActivationExplorer(Explorer):
    core = core
    title_key = "widgets.act.title"
    figsize = (7.2, 3.6)

    def setup_figure(self):
        self.ax_f, self.ax_d = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
        self.ax_f.set_title(t("widgets.act.function"), fontsize=10, y=1.0, pad=6)
        self.ax_d.set_title(t("widgets.act.derivative"), fontsize=10, y=1.0, pad=6)
        self.lines, self.dlines = {}, {}
        for name in A.NAMES:  # one line per activation, made once; selection only toggles visibility
            (self.lines[name],) = self.ax_f.plot([], [], color=COLORS[name], lw=1.8, label=name)
            (self.dlines[name],) = self.ax_d.plot([], [], color=COLORS[name], lw=1.8, label=name)
        for ax in (self.ax_f, self.ax_d):
            ax.axhline(0, color="#999999", lw=0.6)
            ax.axvline(0, color="#999999", lw=0.6)
            ax.set_xlabel("x")
            lean_axis(ax)
        self.probe = self.ax_f.axvline(0, color="#444444", ls=":", lw=1)
        self.dprobe = self.ax_d.axvline(0, color="#444444", ls=":", lw=1)
        (self.dots,) = self.ax_f.plot([], [], "o", color="#222222", ms=4)
        (self.ddots,) = self.ax_d.plot([], [], "o", color="#222222", ms=4)
        self.legend, self._legend_names, self._ylim = None, None, [None, None]

    def update_figure(self, r):
        x = r["x"]
        ys, dys = [], []
        for name in A.NAMES:
            on = name in r["curves"]
            for line, key in ((self.lines[name], "y"), (self.dlines[name], "dy")):
                line.set_visible(on)
                if on:
                    line.set_data(x, r["curves"][name][key])
            if on:
                ys.append(r["curves"][name]["y"])
                dys.append(r["curves"][name]["dy"])
        for k, (ax, vals) in enumerate(((self.ax_f, ys), (self.ax_d, dys))):
            ax.set_xlim(x[0], x[-1])
            if vals:
                v = np.concatenate(vals)
                v = v[np.isfinite(v)]
                lo, hi = float(np.min(v)), float(np.max(v))
                hi = min(hi, max(lo + 1.0, 10.0)) if hi > 10 else hi  # exponential: keep the others readable
                pad = 0.08 * (hi - lo if hi > lo else 1.0)
                self._ylim[k] = stable_range(self._ylim[k], lo - pad, hi + pad)
                ax.set_ylim(*self._ylim[k])
        x0 = r["x0"]
        self.probe.set_xdata([x0, x0])
        self.dprobe.set_xdata([x0, x0])
        names = list(r["curves"])
        self.dots.set_data([x0] * len(names), [r["curves"][n]["y0"] for n in names])
        self.ddots.set_data([x0] * len(names), [r["curves"][n]["dy0"] for n in names])
        if names != self._legend_names:
            if self.legend is not None:
                self.legend.remove()
            handles = [self.lines[n] for n in names]
            self.legend = self.ax_f.legend(handles=handles, loc="upper left", fontsize=8) if handles else None
            if self.legend is not None:
                self.legend.set_animated(True)
            self._legend_names = names

    def dynamic_artists(self):
        return [*self.lines.values(), *self.dlines.values(), self.probe, self.dprobe, self.dots, self.ddots]

    def overlay_artists(self):
        return [self.legend]

    def text_lines(self, r):
        lines = []
        for name, c in r["curves"].items():
            f, df = c["formula"]
            lines.append(f"{name}: {f}   |   {df}")
            lines.append("    " + t("widgets.act.probe", name=name, x0=f"{r['x0']:g}", y0=f"{c['y0']:.4g}",
                                    dy0=f"{c['dy0']:.4g}"))
        if not r["curves"]:
            lines.append(t("widgets.act.none"))
        return lines

    def build_controls(self):
        import ipywidgets as W

        s = self.state
        return {
            "names": W.SelectMultiple(options=list(A.NAMES), value=tuple(s["names"]), rows=6,
                                      description=t("widgets.act.choose"), style={"description_width": "initial"}),
            "x0": slider("x0", s["x0"], -10.0, 10.0, 0.1),
            "xmax": slider(t("widgets.act.range"), s["xmax"], 1.0, 20.0, 0.5),
            "alpha": slider("elu α", s["alpha"], 0.0, 3.0, 0.1),
            "negative_slope": slider("relu negative_slope", s["negative_slope"], 0.0, 1.0, 0.05),
            "threshold": slider("relu threshold", s["threshold"], -3.0, 3.0, 0.1),
        }

    def control_value(self, name, value):
        return tuple(value) if name == "names" else value

    def set(self, **changes):
        if "xmax" in changes and "xmin" not in changes:  # the range slider is symmetric: [−xmax, xmax]
            changes["xmin"] = -changes["xmax"]
        return super().set(**changes)

    def sync_controls(self):
        names = set(self.state["names"])
        visible = {"alpha": "elu" in names, "negative_slope": "relu" in names, "threshold": "relu" in names}
        for key, on in visible.items():
            if key in self.controls:
                self.controls[key].layout.display = None if on else "none"

    def control_rows(self):
        import ipywidgets as W

        c = self.controls
        return [W.HBox([c["names"], W.VBox([c["x0"], c["xmax"], c["alpha"], c["negative_slope"], c["threshold"]])])]


def activation_explorer(names=("relu", "sigmoid", "tanh"), **options):
    """Plot activations and their derivatives; `names` from linear, elu, selu, relu, softmax,
    softplus, softsign, tanh, sigmoid, hard_sigmoid, exponential. Options: xmin, xmax, x0 (probe),
    alpha (elu), negative_slope, max_value, threshold (relu)."""
    return ActivationExplorer(names=names, **options)
