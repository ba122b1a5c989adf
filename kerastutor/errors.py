"""Errors that speak the learner's language, shown in a notebook without a deep traceback."""
from __future__ import annotations

from .i18n import t


class KerastutorError(ValueError):
    """An error whose message was written for the learner (already in their language)."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(t(key, **values))


def _show_learner_error(shell, etype, value, tb, tb_offset=None):
    # The message instead of a traceback: it already says what was expected and what arrived.
    # Published through the shell's own error channel (in a kernel, an "error" output with our
    # one-entry traceback), so the cell still fails for nbval, papermill and JupyterLab.
    text = str(value)
    stb = [text if text.startswith("✗") else f"❌ {text}"]
    shell._showtraceback(etype, value, stb)
    return stb


def install_notebook_handler() -> bool:
    """In IPython, show KerastutorError as its message only. Returns True when installed."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((KerastutorError,), _show_learner_error)
    return True
