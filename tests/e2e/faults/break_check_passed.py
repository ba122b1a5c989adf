"""Fault for docs/E2E.md: check() no longer says that the public tests passed.

Copied into the test kernels' IPython startup dir when KERASTUTOR_E2E_KERNEL_STARTUP points here;
scenario 3 must then fail at "check q1 again: public tests passed". Never loaded otherwise.
"""
import kerastutor.exercises  # noqa: F401  (registers the exercise messages)
from kerastutor.i18n import CATALOGUE

CATALOGUE["ex.passed"] = {"zh": "{qid}", "en": "{qid}"}
