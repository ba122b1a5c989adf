"""Teacher side of the exercises: releasing student copies and grading a class's submissions.

Modules: release (student copies), sandbox (bubblewrap + resource limits), pool + launchers + kernel_client (warm,
isolated kernels), cgroups (whole-slot limits), runner (one submission in one fresh kernel), sheet (the CSV grade sheet, written
as rows finish, resumable), feedback (one file per student, in their language), cli (commands).
"""
