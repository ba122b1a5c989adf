"""Matplotlib set-up shared by lessons and widgets: a font that can show Chinese, steady output."""
from __future__ import annotations

import pathlib

FONT_FILE = pathlib.Path(__file__).parent / "fonts" / "NotoSansSC-kerastutor.otf"
FONT_FAMILY = "Noto Sans CJK SC"
_done = {"configured": False}


def configure() -> None:
    """Register the CJK font as a fallback after DejaVu Sans, PNG figures at a fixed size."""
    if _done["configured"]:
        return
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_FILE))
    matplotlib.rcParams.update({
        # DejaVu Sans draws Latin, Greek and maths; the CJK font fills in the Chinese glyphs.
        "font.family": ["DejaVu Sans", FONT_FAMILY],
        "axes.unicode_minus": False,
        "figure.figsize": (6.4, 3.6),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "svg.hashsalt": "kerastutor",
    })
    try:  # inside IPython: inline PNG plots, no "<Figure …>" noise
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.run_line_magic("matplotlib", "inline")
    except Exception:
        pass
    _done["configured"] = True
