"""`kerastutor release` and `kerastutor grade` (dispatched from kerastutor.cli)."""
from __future__ import annotations

import argparse
import pathlib
import sys

from ..layout import ROOT


def release_main(argv: list[str]) -> int:
    from .release import Release, ReleaseError

    parser = argparse.ArgumentParser(
        prog="kerastutor release",
        description="Write the student copies exercises/zh|en from the teacher copies solutions/zh|en.")
    parser.add_argument("--check", action="store_true", help="only report stale student copies (exit 1 if any)")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    release = Release(args.root)
    try:
        if args.check:
            stale = release.stale()
            for path in stale:
                print(f"stale: {path}")
            if stale:
                print(f"{len(stale)} student notebook(s) are out of date: run `kerastutor release`.")
                return 1
            return 0
        for path in release.build():
            print(f"{'removed' if not path.exists() else 'wrote'} {path}")
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    return 0


def grade_main(argv: list[str]) -> int:
    from .batch import main

    return main(argv)
