"""Shared pytest set-up, including the rule that makes nbval strict about stderr.

nbval runs in lax mode (see README, "Testing"): a lesson's own verify cells decide correctness, so
a stored output never has to be byte-identical across Keras patch releases. What lax mode would
miss is a new warning: here any cell that writes to stderr fails, except TensorFlow's start-up
lines, which kerastutor silences anyway and which never say anything about the lesson.
"""
from __future__ import annotations

import re

import pytest

TF_STARTUP = re.compile(
    r"(All log messages before absl::InitializeLog|oneDNN custom operations are on|"
    r"This TensorFlow binary is optimized|To enable the following instructions|"
    r"cpu_feature_guard\.cc|port\.cc:\d+\])"
)


def unexpected_stderr(outputs) -> list[str]:
    """The stderr lines of a cell's outputs that are not TensorFlow start-up chatter."""
    lines = []
    for out in outputs or []:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            lines += [ln for ln in out.get("text", "").splitlines() if ln.strip() and not TF_STARTUP.search(ln)]
    return lines


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # re-raises when the cell itself failed
    outputs = getattr(item, "test_outputs", None)
    if outputs is None or type(item).__name__ != "IPyNbCell":
        return result
    lines = unexpected_stderr(outputs)
    if lines:
        pytest.fail("cell wrote to stderr (a warning or log line the learner would see):\n  "
                    + "\n  ".join(lines[:20]), pytrace=False)
    return result
