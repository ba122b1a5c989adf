"""kerastutor: the helper package of the bilingual Keras course.

Importing it is cheap (no TensorFlow); `setup()` prepares a lesson's kernel.
"""
import os as _os

# Before TensorFlow loads: keep its C++ start-up chatter (INFO and WARNING lines) out of the
# learner's cells while still letting real errors through (level 2 keeps ERROR). TensorFlow's
# numerics are left as a learner has them (oneDNN stays at TensorFlow's default), so the lessons
# compare floats with tolerances, never bit for bit.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
_os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from . import messages as _messages  # noqa: E402,F401  (fills the catalogue)
from .errors import KerastutorError  # noqa: E402
from .i18n import LANGUAGES, get_language, pick, set_language, t  # noqa: E402
from .session import setup  # noqa: E402
from .verify import expect_error, expect_warning, verify_close, verify_equal, verify_true  # noqa: E402

__version__ = "0.1.0"

# Loaded on first use, so that `import kerastutor` stays light: kt.check / kt.check_all in
# exercises, kt.shapes / kt.widgets in lessons.
_LAZY = {"check": "exercises", "check_all": "exercises", "start": "exercises",
         "shapes": None, "widgets": None, "exercises": None}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'kerastutor' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f".{_LAZY[name] or name}", __name__)
    return module if _LAZY[name] is None else getattr(module, name)

__all__ = [
    "LANGUAGES", "KerastutorError", "expect_error", "expect_warning", "get_language", "pick",
    "set_language", "setup", "t", "verify_close", "verify_equal", "verify_true",
]
