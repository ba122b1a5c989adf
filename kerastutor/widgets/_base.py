"""The shared base of the course's widgets: a pure core drives a matplotlib figure, ipywidgets
controls change the core's state, and the object displays itself.

Live (JupyterLab): controls + a text line + the figure as an ipywidgets.Image, redrawn in place.
Without a front end (nbval, papermill, HTML export): `_repr_mimebundle_` also carries an
image/png of the figure and a text/plain line, so the saved notebook keeps a static picture.
"""
from __future__ import annotations

import base64
import html
import struct
import warnings
import zlib

import numpy as np

from ..errors import KerastutorError
from ..i18n import t


def _figure(figsize):
    """A figure that belongs to no pyplot state: never shown twice, never counted as 'open'."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .. import plotting

    plotting.configure()
    from ._textcache import TextCache

    fig = Figure(figsize=figsize, dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text_cache = TextCache(canvas.get_renderer()).install()
    return fig


class Explorer:
    """Subclasses set `core` (a module with DEFAULTS, normalize(state), compute(state)) and implement
    setup_figure(), update_figure(result), build_controls(), text_lines(result)."""

    core = None
    figsize = (6.4, 3.6)
    title_key = ""

    def __init__(self, **state):
        unknown = set(state) - set(self.core.DEFAULTS)
        if unknown:
            raise KerastutorError("widgets.unknown_option", got=", ".join(sorted(unknown)),
                                  allowed=", ".join(sorted(self.core.DEFAULTS)))
        self.state = self.core.normalize({**self.core.DEFAULTS, **state})
        self.result = self.core.compute(self.state)
        self.fig = _figure(self.figsize)
        self._background, self._background_key, self.full_draws = None, None, 0
        self._layers: dict = {}
        self.warnings: list = []  # anything matplotlib warned about (tests require it to stay empty)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.setup_figure()
            self.update_figure(self.result)
            self._png = self._render_png()
        self.warnings += [str(w.message) for w in caught]
        self._box = None
        self._syncing = False
        self.controls: dict = {}
        self.message = ""  # the last problem with a control value, shown under the controls

    # ---------------------------------------------------------------- the pure side
    def set(self, **changes):
        """Change the state (as a control would), recompute and redraw. Returns self."""
        state = self.core.normalize({**self.state, **changes})
        self.result = self.core.compute(state)
        self.state = state
        with warnings.catch_warnings(record=True) as caught:  # never let a warning reach stderr
            warnings.simplefilter("always")
            self.update_figure(self.result)
            self._png = self._render_png()
        self.warnings += [str(w.message) for w in caught]
        self.message = ""
        self._refresh_widgets()
        return self

    def text(self) -> str:
        """What the widget says in words (formula with numbers, key figures), in the learner's language."""
        return "\n".join(self.text_lines(self.result))

    def png(self) -> bytes:
        """PNG of the figure as it is now."""
        return self._png

    def _render_png(self) -> bytes:
        """Draw and encode. The static parts (axes, ticks, labels) are drawn once into a cached
        background; on each change only the artists that move are drawn on top of it (blitting).
        The background is redrawn only when the layout (axis limits, colour limits) changes.
        Overlays (legends: they do not change, but lie on top of what moves) are drawn once into
        a transparent layer and laid over each picture."""
        canvas = self.fig.canvas
        dynamic = [a for a in self.dynamic_artists() if a is not None]
        overlays = [a for a in self.overlay_artists() if a is not None]
        key = self.layout_key()
        if self._background is None or key != self._background_key:
            for artist in dynamic + overlays:
                artist.set_animated(True)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
            self._layers = {}
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in dynamic:
            if artist.get_visible():
                artist.draw(renderer)
        pixels = np.asarray(canvas.buffer_rgba())
        for artist in overlays:
            if artist.get_visible():
                _lay_over(pixels, self._layer(artist))
        return _encode_png(pixels)

    def _layer(self, artist):
        """The artist alone on a transparent canvas: (top, left, RGBA crop), kept until the layout changes."""
        if id(artist) not in self._layers:
            from matplotlib.backends.backend_agg import RendererAgg

            renderer = self.fig.canvas.get_renderer()
            layer = RendererAgg(int(renderer.width), int(renderer.height), renderer.dpi)
            artist.draw(layer)
            rgba = np.asarray(layer.buffer_rgba())
            ink = rgba[..., 3] > 0
            rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            crop = None
            if rows.size:
                crop = (rows[0], cols[0], rgba[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].copy())
            self._layers[id(artist)] = (artist, crop)  # the artist is kept so its id stays its own
        return self._layers[id(artist)][1]

    def dynamic_artists(self) -> list:
        """The artists that change from one state to the next (override); the rest is background."""
        return []

    def overlay_artists(self) -> list:
        """Artists that never change between two layouts but cover the moving ones (override)."""
        return []

    def layout_key(self):
        """What the background depends on: every axis's limits, plus static_key()."""
        return tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.fig.axes) + (self.static_key(),)

    def static_key(self):
        return None

    # ---------------------------------------------------------------- the ipywidgets side
    @property
    def widget(self):
        """The ipywidgets box (built on first use)."""
        if self._box is None:
            self._build_box()
        return self._box

    def _build_box(self):
        import ipywidgets as W

        self.controls = self.build_controls()
        for name, control in self.controls.items():
            control.observe(self._on_change(name), names="value")
        self._title = W.HTML(f"<b>{html.escape(t(self.title_key))}</b>")
        self._text = W.HTML(self._text_html())
        self._image = W.Image(value=self._png, format="png", layout=W.Layout(max_width="100%"))
        rows = self.control_rows()
        self._box = W.VBox([self._title] + rows + [self._text, self._image])
        self._sync()

    def control_rows(self):
        import ipywidgets as W

        items = list(self.controls.values())
        return [W.HBox(items[i:i + 3]) for i in range(0, len(items), 3)]

    def _on_change(self, name):
        def handler(change):
            if self._syncing:  # a control adjusted by sync_controls(), not by the learner
                return
            try:
                self.set(**{name: self.control_value(name, change["new"])})
            except KerastutorError as err:  # an impossible combination: say so, keep the last picture
                self.message = str(err)
                self._refresh_widgets()
        return handler

    def control_value(self, name, value):
        """Translate a control's value into the core's (e.g. "None" → None)."""
        return value

    def sync_controls(self):
        """Show only the controls that matter for the current state (override)."""

    def _sync(self):
        self._syncing = True
        try:
            self.sync_controls()
        finally:
            self._syncing = False

    def _text_html(self) -> str:
        body = "<br>".join(html.escape(line) for line in self.text_lines(self.result))
        if self.message:
            body += f"<br><span style='color:#b00020'>{html.escape(self.message)}</span>"
        return f"<div style='font-family:monospace;font-size:13px'>{body}</div>"

    def _refresh_widgets(self):
        if self._box is None:
            return
        self._sync()
        self._text.value = self._text_html()
        self._image.value = self._png

    # ---------------------------------------------------------------- display
    def _repr_mimebundle_(self, include=None, exclude=None):
        data = dict(self.widget._repr_mimebundle_() or {})
        data["image/png"] = base64.b64encode(self._png).decode("ascii")
        data["text/plain"] = f"{t(self.title_key)}\n{self.text()}"
        width, height = (int(v * self.fig.dpi) for v in self.figsize)
        return data, {"image/png": {"width": width, "height": height}}

    def __repr__(self) -> str:
        return f"{t(self.title_key)}\n{self.text()}"

    # ---------------------------------------------------------------- for subclasses
    def setup_figure(self):
        raise NotImplementedError

    def update_figure(self, result):
        raise NotImplementedError

    def build_controls(self) -> dict:
        raise NotImplementedError

    def text_lines(self, result) -> list[str]:
        raise NotImplementedError


def _lay_over(pixels: np.ndarray, layer) -> None:
    """Alpha-composite a (top, left, RGBA) layer onto the opaque canvas pixels, in place."""
    if layer is None:
        return
    top, left, rgba = layer
    region = pixels[top:top + rgba.shape[0], left:left + rgba.shape[1], :3]
    alpha = rgba[..., 3:4].astype(np.float32) / 255.0
    region[...] = np.rint(rgba[..., :3] * alpha + region * (1.0 - alpha)).astype(np.uint8)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def _encode_png(pixels: np.ndarray) -> bytes:
    """An RGB PNG of the canvas's RGBA pixels. Each row is stored as the difference from the row
    above (PNG filter "Up": figures are mostly flat areas and vertical edges) and deflated at
    level 1: about 40 % less time than Pillow's encoder, whose adaptive filter tries every filter
    on every row, for pictures of about the same size."""
    height, width = pixels.shape[:2]
    rows = np.ascontiguousarray(pixels[..., :3]).reshape(height, width * 3)
    filtered = np.empty((height, width * 3 + 1), np.uint8)
    filtered[:, 0] = 2  # filter type Up
    filtered[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # modulo 256, as PNG wants
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(filtered.tobytes(), 1)) + _png_chunk(b"IEND", b""))


def slider(description, value, lo, hi, step=None, integer=False, **kw):
    import ipywidgets as W

    cls = W.IntSlider if integer else W.FloatSlider
    args = dict(value=value, min=lo, max=hi, description=description, continuous_update=False,
                style={"description_width": "initial"}, **kw)
    if step is not None:
        args["step"] = step
    return cls(**args)


def dropdown(description, options, value):
    import ipywidgets as W

    return W.Dropdown(options=options, value=value, description=description,
                      style={"description_width": "initial"})


def check_number(name, value, lo=None, hi=None, integer=False, allow_none=False, lo_open=False, hi_open=False):
    """Validate one numeric control value; raise a KerastutorError the learner can read."""
    import numbers

    if value is None and allow_none:
        return None
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok and integer:
        ok = float(value).is_integer()
    if ok and lo is not None:
        ok = value > lo if lo_open else value >= lo
    if ok and hi is not None:
        ok = value < hi if hi_open else value <= hi
    if not ok:
        lo_s = "−∞" if lo is None else f"{lo:g}"
        hi_s = "∞" if hi is None else f"{hi:g}"
        rng = ("(" if lo_open else "[") + f"{lo_s}, {hi_s}" + (")" if hi_open else "]")
        raise KerastutorError("widgets.bad_number", name=name, got=repr(value), range=rng)
    return int(value) if integer else float(value)


def check_choice(name, value, allowed):
    if value not in allowed:
        raise KerastutorError("widgets.unknown_choice", what=name, got=repr(value),
                              allowed=", ".join(map(str, allowed)))
    return value


def nice_ceil(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ value (for axis limits that do not jitter)."""
    import math

    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * 10**exp >= value * (1 - 1e-12):
            return m * 10**exp
    return 10.0 ** (exp + 1)


def stable_top(current: float | None, needed: float, shrink: float = 2.5) -> float:
    """An upper limit that changes only when it must: grow when `needed` exceeds it, shrink when
    `needed` falls below current/shrink; otherwise keep it (so the background can be reused)."""
    if current is None or needed > current or needed < current / shrink:
        return nice_ceil(needed)
    return current


def stable_range(current: tuple | None, lo: float, hi: float, shrink: float = 2.5) -> tuple[float, float]:
    """Axis limits covering [lo, hi] on a grid of 'nice' steps, kept while they still fit well."""
    import math

    if current is not None:
        c_lo, c_hi = current
        if c_lo <= lo and hi <= c_hi and (hi - lo) * shrink >= (c_hi - c_lo):
            return current
    step = nice_ceil(max(hi - lo, 1e-12) / 4)
    return (math.floor(lo / step) * step, math.ceil(hi / step) * step)


def lean_axis(ax, nbins: int = 5):
    """Fewer ticks, and tick labels in one font (digits need no CJK fallback): a full redraw of
    the axes costs about a third less."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins))
    ax.yaxis.set_major_locator(MaxNLocator(nbins))
    ax.tick_params(labelfontfamily="DejaVu Sans", labelsize=9)
