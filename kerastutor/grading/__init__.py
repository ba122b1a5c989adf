"""Teacher side of the exercises: releasing student copies and grading a class's submissions.

Modules: release (student copies), sandbox (bubblewrap + resource limits), pool + launchers +
kernel_client (warm, isolated kernels), cgroups (whole-slot limits), runner (one submission in one
fresh kernel), sheet (the CSV grade sheet, written as rows finish, resumable), feedback (one file
per student, in their language), api (`grade`: a batch, on an engine), engines (where a batch
runs: "local" threads, a "dask" cluster), cli (commands).

    from kerastutor.grading import Assignment, grade
    grade(Assignment.load(root, "01"), "submissions/", sheet="grades.csv", executor="local")
"""
import importlib

# Re-exported lazily (PEP 562): the kernels import kerastutor.grading.serve/proxy/wire, which must
# not pull the grader (ZeroMQ clients, engines) in with them.
_EXPORTS = {"grade": "api", "find_submissions": "api", "Plan": "api", "Summary": "api", "Options": "runner",
            "Result": "runner", "Limits": "sandbox", "Assignment": "submission"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
