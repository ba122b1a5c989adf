"""`kerastutor` / `python -m kerastutor`: run the course, rebuild notebooks, grade, check the setup.

Each command lives in its own module, which gives its options (`add_arguments(parser)`) and runs it
(`command(args) -> exit code`) by calling that module's library function, as papermill's command
line maps its options onto `execute_notebook`.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .pipeline import UnknownSelection

# command -> (module, one-line help)
COMMANDS = {
    "run": ("kerastutor.course", "execute lessons with papermill into an output folder"),
    "build": ("kerastutor.layout", "regenerate the zh / en / zh-en notebooks from their sources"),
    "release": ("kerastutor.grading.release", "write the student copies exercises/ from solutions/"),
    "grade": ("kerastutor.grading.cli", "grade a folder of submitted exercise notebooks"),
    "book": ("kerastutor.book", "build the course as a static site in build/book/"),
    "env": ("kerastutor.envcheck", "check Python, TensorFlow and Keras versions"),
}


def make_parser(names=COMMANDS) -> argparse.ArgumentParser:
    """The `kerastutor` parser: one subparser per command in `names`; its help lists each command's
    usage. Each command's module is imported to add its options (some load nbformat: seconds)."""
    parser = argparse.ArgumentParser(prog="kerastutor", description="The bilingual Keras course.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    usages = []
    for name in names:
        module_name, help_text = COMMANDS[name]
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(func=module.command)
        usage = " ".join(command.format_usage().removeprefix("usage: ").split())
        usages.append(f"  {usage}\n      {help_text}")
    parser.epilog = ("every command and its options (`kerastutor COMMAND --help` explains them):\n"
                     + "\n".join(usages))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `kerastutor env` needs only env's module; the overall help needs every command's
    names = [argv[0]] if argv and argv[0] in COMMANDS else COMMANDS
    args = make_parser(names).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UnknownSelection as exc:
        print(f"kerastutor {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
