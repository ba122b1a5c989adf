"""Dropout explorer: the rate decides which units are dropped; the others are scaled by
1/(1 − rate) in training; at inference the layer passes its input through unchanged."""
from __future__ import annotations

from ..i18n import t
from . import dropout_core as core
from ._base import Explorer, slider, stable_top


class DropoutExplorer(Explorer):
    core = core
    title_key = "widgets.drop.title"
    figsize = (6.4, 3.2)

    def setup_figure(self):
        self.ax_x, self.ax_y = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.03, right=0.9, bottom=0.05, top=0.8, wspace=0.15)
        r = self.result
        kw = dict(cmap="viridis", vmin=0, vmax=2.0, interpolation="nearest")
        self.im_x = self.ax_x.imshow(r["x"], **kw)
        self.im_y = self.ax_y.imshow(r["y"], **kw)
        for ax in (self.ax_x, self.ax_y):
            ax.set_xticks([])
            ax.set_yticks([])
        self.ax_x.set_title(t("widgets.drop.input"), fontsize=10, y=1.0, pad=6)
        self.t_y = self.ax_y.set_title("", fontsize=10, y=1.0, pad=6)
        cax = self.fig.add_axes([0.92, 0.1, 0.02, 0.65])
        self.fig.colorbar(self.im_y, cax=cax)
        self.title = self.fig.suptitle("", fontsize=10)
        self._top = None

    def update_figure(self, r):
        self._top = stable_top(self._top, max(2.0, float(r["y"].max()) * 1.05), shrink=4)
        top = self._top
        self.im_x.set_data(r["x"])
        self.im_y.set_data(r["y"])
        self.im_x.set_clim(0, top)
        self.im_y.set_clim(0, top)
        mode = t("widgets.drop.training") if r["training"] else t("widgets.drop.inference")
        self.t_y.set_text(t("widgets.drop.output", mode=mode))
        self.title.set_text(f"rate = {r['rate']:g}:  1 / (1 − {r['rate']:g}) = {r['scale']:.4g}")

    def dynamic_artists(self):
        return [self.im_x, self.im_y, self.t_y, self.title]

    def static_key(self):
        return self.im_y.get_clim()  # the colour bar's ticks are in the background

    def text_lines(self, r):
        if not r["training"]:
            return [t("widgets.drop.inference_text"), t("widgets.drop.means", mean_x=f"{r['mean_x']:.4g}",
                                                          mean_y=f"{r['mean_y']:.4g}")]
        return [t("widgets.drop.counts", dropped=r["dropped"], total=r["total"], kept=r["kept"],
                  share=f"{r['dropped'] / r['total']:.0%}", rate=f"{r['rate']:.0%}"),
                t("widgets.drop.scale", rate=f"{r['rate']:g}", scale=f"{r['scale']:.4g}"),
                t("widgets.drop.means", mean_x=f"{r['mean_x']:.4g}", mean_y=f"{r['mean_y']:.4g}")]

    def build_controls(self):
        import ipywidgets as W

        s = self.state
        return {
            "rate": slider("rate", s["rate"], 0.0, 0.95, 0.05),
            "training": W.ToggleButtons(options=[(t("widgets.drop.training"), True), (t("widgets.drop.inference"), False)],
                                        value=s["training"]),
            "inputs": W.ToggleButtons(options=[(t("widgets.drop.ones"), "ones"), (t("widgets.drop.random"), "random")],
                                      value=s["inputs"]),
            "seed": slider("seed", s["seed"], 0, max(99, s["seed"]), integer=True),
        }


def dropout_explorer(rate: float = 0.5, training: bool = True, **options):
    """Which units Dropout(rate) drops, and the 1/(1 − rate) scaling of the others; training vs
    inference. Options: rows, cols (the grid of units), seed, inputs ("ones" or "random")."""
    return DropoutExplorer(rate=rate, training=training, **options)
