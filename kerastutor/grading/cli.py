"""`kerastutor grade` (registered in kerastutor.cli)."""
from __future__ import annotations

import argparse


def grade_main(argv: list[str]) -> int:
    from .batch import main

    return main(argv)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Stopgap until grade's options are declared here: everything after `grade`, --help included,
    goes as it is to batch.parse_args (this parser takes no option of its own)."""
    parser.prefix_chars = "\0"
    parser.add_argument("options", nargs=argparse.REMAINDER,
                        help="SUBMISSIONS --assignment NN [--out grades.csv] [--jobs N] …: see `kerastutor grade --help`")


def command(args: argparse.Namespace) -> int:
    return grade_main(args.options)
