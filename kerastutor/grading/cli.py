"""`kerastutor grade` (registered in kerastutor.cli)."""
from __future__ import annotations

import argparse


def grade_main(argv: list[str]) -> int:
    from .batch import main

    return main(argv)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Until grade's options move here, batch.parse_args reads them: they are passed through."""
    parser.add_argument("options", nargs=argparse.REMAINDER,
                        help="SUBMISSIONS --assignment NN [--out grades.csv] [--jobs N] … (see below)")
    parser.epilog = "The options: `kerastutor grade -- --help`."


def command(args: argparse.Namespace) -> int:
    return grade_main(args.options)
