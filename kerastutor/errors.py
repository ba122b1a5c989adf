"""Errors that speak the learner's language, shown in a notebook without a deep traceback."""
from __future__ import annotations

from .i18n import t


class KerastutorError(ValueError):
    """An error whose message was written for the learner (already in their language)."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(t(key, **values))


def _show_learner_error(shell, etype, value, tb, tb_offset=None):
    # One clear line instead of a traceback: the message already says what was expected and what
    # arrived. The cell still counts as failed (nbval/papermill see an error reply).
    print(f"❌ {value}")
    return None


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
