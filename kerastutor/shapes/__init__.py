"""Shape checkers for the course: formulas, `expect_shape`, `trace`, `diagnose`.

Importing this package does not import Keras; the functions that need Keras import it themselves.
"""
from .diagnosis import Report, diagnose
from .expect import expect_shape
from .formulas import Length, conv_length, conv_transpose_length, effective_kernel, pool_length, window_positions
from .rows import Row
from .tracing import Trace, trace

explain = trace  # the name some lessons prefer

__all__ = [
    "Length", "Report", "Row", "Trace", "conv_length", "conv_transpose_length", "diagnose",
    "effective_kernel", "expect_shape", "explain", "pool_length", "trace", "window_positions",
]
