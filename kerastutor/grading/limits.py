"""Fallback for systems without `prlimit`: set resource limits, then exec the kernel.

    python -m kerastutor.grading.limits MEMORY_MB FILE_MB OPEN_FILES NPROC -- command …   (NPROC 0: unset)
"""
import os
import resource
import sys


def main(argv: list[str]) -> None:
    memory_mb, file_mb, open_files, nproc, sep, *command = argv
    if sep != "--" or not command:
        raise SystemExit("usage: limits MEMORY_MB FILE_MB OPEN_FILES NPROC -- command …")
    if int(nproc):
        resource.setrlimit(resource.RLIMIT_NPROC, (int(nproc),) * 2)
    resource.setrlimit(resource.RLIMIT_AS, (int(memory_mb) << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(file_mb) << 20,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (int(open_files),) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
