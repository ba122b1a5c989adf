"""Fault for docs/E2E.md: check()'s "not answered" message speaks English to a Chinese notebook.

Copied into the test kernels' IPython startup dir when KERASTUTOR_E2E_KERNEL_STARTUP points here;
scenario 3 must then fail at "check q1 on the stub: not answered". Never loaded otherwise.
"""
import kerastutor.exercises  # noqa: F401  (registers the exercise messages)
from kerastutor.i18n import CATALOGUE

CATALOGUE["ex.not_answered"] = {"zh": CATALOGUE["ex.not_answered"]["en"], "en": CATALOGUE["ex.not_answered"]["en"]}
