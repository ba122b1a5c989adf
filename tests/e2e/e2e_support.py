"""Shared by conftest.py and the tests of this folder (a plain module: `conftest` is not
importable by name, since every folder's conftest.py has that name)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"


def _load_root_conftest():
    spec = importlib.util.spec_from_file_location("_kerastutor_root_conftest", REPO / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The stderr rule of the nbval tests (root conftest.py): any stderr line counts as a problem,
# except TensorFlow's start-up chatter.
unexpected_stderr = _load_root_conftest().unexpected_stderr
