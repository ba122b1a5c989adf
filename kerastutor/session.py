"""`setup()`: the first code cell of every lesson and exercise."""
from __future__ import annotations

import random
import sys

from . import errors, plotting
from .i18n import pick, set_language, t

# Decided at import: our environment switches only work if TensorFlow was not loaded before us.
_TF_BEFORE_US = "tensorflow" in sys.modules


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and the Keras backend.

    On the CPU this is enough for outputs that repeat run after run on one machine, up to the last
    digits of a float (TensorFlow's default oneDNN kernels may sum in another order):
    tests/test_determinism.py checks it with tolerances. TensorFlow's enable_op_determinism() is
    not used: it makes tf.data log a spurious C++ error on the first fit().
    """
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    import keras

    keras.utils.set_random_seed(seed)


def setup(lang: str = "zh", seed: int = 42, fast: bool = False, banner: bool = True) -> None:
    """Prepare a lesson: language, seeds, quiet TensorFlow, plots that can show Chinese."""
    set_language(lang)
    seed_everything(seed)
    plotting.configure()
    errors.install_notebook_handler()
    if _TF_BEFORE_US:
        print(t("setup.tf_first"))
    if banner:
        import keras

        print(t("setup.banner", keras=keras.__version__, backend=keras.config.backend(), seed=seed,
                fast=t("setup.fast") if fast else pick("", "")))
