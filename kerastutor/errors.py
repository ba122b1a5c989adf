"""Errors that speak the learner's language, shown in a notebook without a deep traceback."""
from __future__ import annotations

import re
import sys

from .i18n import t


class KerastutorError(ValueError):
    """An error whose message was written for the learner (already in their language)."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(t(key, **values))


# Keras 1 keyword arguments and their names today: the tables of lessons 5 (Dense), 6 (Convolution2D)
# and 8 (the recurrent layers) in one place. A value that changed too is shown with the new name.
KERAS1_KEYWORDS = {
    "output_dim": "units",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "inner_activation": "recurrent_activation",
    "forget_bias_init": "unit_forget_bias=True",
    "W_regularizer": "kernel_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "U_constraint": "recurrent_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "dim_ordering": "data_format ('tf' → 'channels_last', 'th' → 'channels_first')",
    "p": "rate",
}

_UNRECOGNIZED = re.compile(r"Unrecognized keyword arguments? passed to (\w+): \{(.*)\}", re.S)


def keras1_keywords(exc: BaseException) -> KerastutorError | None:
    """Keras's "Unrecognized keyword arguments passed to Conv2D: {'border_mode': …}" as a message in
    the learner's language naming today's argument, when the keyword is a Keras 1 one; else None."""
    found = _UNRECOGNIZED.search(str(exc))
    if not found:
        return None
    names = re.findall(r"'(\w+)'\s*:", found.group(2))
    old = [name for name in names if name in KERAS1_KEYWORDS]
    if not old:
        return None
    pairs = ", ".join(f"{name} → {KERAS1_KEYWORDS[name]}" for name in old)
    return KerastutorError("errors.keras1_keyword", layer=found.group(1), old=", ".join(old), pairs=pairs)


def _show_learner_error(shell, etype, value, tb, tb_offset=None):
    # The message instead of a traceback: it already says what was expected and what arrived.
    # Published through the shell's own error channel (in a kernel, an "error" output with our
    # one-entry traceback), so the cell still fails for nbval, papermill and JupyterLab.
    if not isinstance(value, KerastutorError):
        translated = keras1_keywords(value)
        if translated is None:  # any other ValueError keeps its normal traceback
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
            return None
        # recorded as IPython records a failed cell (check() reads it to say why an answer is missing)
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
        if sys.version_info >= (3, 12):
            sys.last_exc = value
        value = translated
    text = str(value)
    stb = [text if text.startswith("✗") else f"❌ {text}"]
    shell._showtraceback(etype, value, stb)
    return stb


def install_notebook_handler() -> bool:
    """In IPython, show KerastutorError as its message only, and a Keras 1 keyword argument as
    today's name. Returns True when installed."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((ValueError,), _show_learner_error)
    return True
