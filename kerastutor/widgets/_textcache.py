"""A cache of rendered text for a widget's Agg renderer.

Matplotlib (3.11) lays out and renders every glyph of a text again on each draw: a 70-character
title costs about 15 ms, a three-entry legend about 20 ms, which is most of a widget's redraw. The
texts of a widget rarely change between two moves (legends, labels, titles of the other panel), so
the coverage (the grey-level image) of each text drawn at a given place is kept and, next time,
painted again with the text's colour by the same Agg call matplotlib uses for glyphs. A text not
seen before is rendered by matplotlib itself (into a scratch buffer) — what is shown is always
matplotlib's own rendering.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np


class TextCache:
    """Install on a RendererAgg with `TextCache(renderer).install()`."""

    def __init__(self, renderer, size: int = 256):
        from matplotlib.backends.backend_agg import RendererAgg

        self.renderer = renderer
        self.original = renderer.draw_text  # the bound method of the class
        self.scratch = RendererAgg(int(renderer.width), int(renderer.height), renderer.dpi)
        if hasattr(type(self.scratch), "_draw_text_glyphs_and_boxes"):  # matplotlib >= 3.11
            self.scratch._draw_text_glyphs_and_boxes = GlyphCache(self.scratch).draw
        self.entries: OrderedDict = OrderedDict()
        self.size = size
        self.hits = self.misses = 0

    def install(self) -> TextCache:
        self.renderer.draw_text = self.draw_text
        return self

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        try:
            self._draw_cached(gc, x, y, s, prop, angle, ismath, mtext)
        except Exception:  # noqa: BLE001 - a matplotlib whose internals differ: its own drawing
            self.renderer.draw_text = self.original
            self.original(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    def _draw_cached(self, gc, x, y, s, prop, angle, ismath, mtext):
        # font features and language exist on texts since matplotlib 3.10
        features = ((getattr(mtext, "get_fontfeatures", lambda: None)(), getattr(mtext, "get_language", lambda: None)())
                    if mtext is not None else None)
        key = (s, hash(prop), float(x), float(y), float(angle), ismath, bool(gc.get_antialiased()),
               features and (tuple(features[0] or ()), features[1]))
        entry = self.entries.get(key)
        if entry is None:
            entry = self._render(gc, x, y, s, prop, angle, ismath, mtext)
            self.entries[key] = entry
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
            self.misses += 1
        else:
            self.entries.move_to_end(key)
            self.hits += 1
        if entry is not None:
            coverage, left, bottom = entry
            self.renderer._renderer.draw_text_image(coverage, left, bottom, 0, gc)

    def _render(self, gc, x, y, s, prop, angle, ismath, mtext):
        """(coverage, left, bottom) of the text as matplotlib draws it, or None if it has no ink."""
        scratch = self.scratch
        scratch.clear()
        pen = scratch.new_gc()
        pen.copy_properties(gc)
        pen.set_clip_rectangle(None)
        pen.set_clip_path(None)
        pen.set_alpha(1.0)
        pen.set_foreground((0.0, 0.0, 0.0, 1.0))
        type(scratch).draw_text(scratch, pen, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        pen.restore()
        alpha = np.asarray(scratch.buffer_rgba())[..., 3]
        rows = np.flatnonzero(alpha.any(axis=1))
        if rows.size == 0:
            return None
        cols = np.flatnonzero(alpha.any(axis=0))
        top, bottom = rows[0], rows[-1] + 1
        left, right = cols[0], cols[-1] + 1
        return np.ascontiguousarray(alpha[top:bottom, left:right]), int(left), int(bottom)


class GlyphCache:
    """Glyph images for a renderer, kept between texts. Matplotlib 3.11 renders each glyph of a
    text with FreeType at its place; a glyph moved by whole pixels is the same image moved, so one
    image per (font, size, glyph, transform, sub-pixel position) serves every text that uses it.
    Texts with rules (mathtext fractions, roots) are left to matplotlib."""

    def __init__(self, renderer, size: int = 4096):
        self.renderer = renderer
        self.entries: OrderedDict = OrderedDict()
        self.size = size
        self.working = True

    def draw(self, gc, x, y, angle, glyphs, boxes):
        renderer = self.renderer
        if boxes or not self.working:
            return type(renderer)._draw_text_glyphs_and_boxes(renderer, gc, x, y, angle, glyphs, boxes)
        try:
            self._draw_glyphs(gc, x, y, angle, glyphs)
        except Exception:  # noqa: BLE001 - FreeType internals differ in this matplotlib: its own drawing
            self.working = False
            type(renderer)._draw_text_glyphs_and_boxes(renderer, gc, x, y, angle, glyphs, boxes)

    def _draw_glyphs(self, gc, x, y, angle, glyphs):
        import math

        from matplotlib.backends.backend_agg import get_hinting_flag

        renderer = self.renderer
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags, antialiased = get_hinting_flag(), bool(gc.get_antialiased())
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                      @ [[extend, extend * slant], [0, 1]]).round().astype(int)
            pen_x = round(0x40 * (x + dx * cos - dy * sin))
            pen_y = round(0x40 * (renderer.height - y + dx * sin + dy * cos))  # FreeType's y is upwards
            key = (font.fname, getattr(font, "face_index", 0), size, renderer.dpi, glyph_index,
                   matrix.tobytes(), flags, antialiased, pen_x & 63, pen_y & 63)
            entry = self.entries.get(key)
            if entry is None:
                entry = self._render(font, size, glyph_index, matrix, pen_x, pen_y, flags, antialiased)
                self.entries[key] = entry
                if len(self.entries) > self.size:
                    self.entries.popitem(last=False)
            buffer, left, top = entry
            left, top = left + (pen_x >> 6), top + (pen_y >> 6)
            # draw_text_image's y is downwards, at the bitmap's bottom side
            renderer._renderer.draw_text_image(buffer, left, int(renderer.height) - top + buffer.shape[0], 0, gc)

    def _render(self, font, size, glyph_index, matrix, pen_x, pen_y, flags, antialiased):
        from matplotlib.ft2font import RenderMode

        font.set_size(size, self.renderer.dpi)
        font._set_transform(matrix, [pen_x, pen_y])
        bitmap = font._render_glyph(glyph_index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
        buffer = np.array(bitmap.buffer, copy=True)
        if not antialiased:
            buffer *= 0xff
        return buffer, bitmap.left - (pen_x >> 6), bitmap.top - (pen_y >> 6)
