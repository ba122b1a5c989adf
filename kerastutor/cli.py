"""`kerastutor` / `python -m kerastutor`: run the course, rebuild notebooks, grade, check the setup."""
from __future__ import annotations

import argparse
import importlib
import sys

# Sub-commands that live in their own modules: name -> "module:function", each function taking
# the remaining argv and returning an exit code.
EXTERNAL = {
    "grade": "kerastutor.grading.cli:grade_main",
    "release": "kerastutor.grading.cli:release_main",
    "book": "kerastutor.book:main",
}


def _run(args: argparse.Namespace) -> int:
    from .course import run_course

    return run_course(lessons=args.lessons, langs=args.lang, jobs=args.jobs, out=args.out,
                      fast=not args.full, seed=args.seed, html=not args.no_html)


def _build(args: argparse.Namespace) -> int:
    from .layout import all_collections

    stale_total, errors = 0, []
    for name, collection in all_collections().items():
        if args.check:
            stale = collection.stale()
            stale_total += len(stale)
            for path in stale:
                print(f"stale: {path}")
        else:
            for path in collection.build(only=args.only or None, errors=errors):
                print(f"wrote {path}")
    for error in errors:
        print(f"error: {error}")
    if errors:
        return 2
    if args.check and stale_total:
        print(f"{stale_total} derived notebook(s) are out of date: run `kerastutor build`.")
        return 1
    return 0


def _env(args: argparse.Namespace) -> int:
    from .envcheck import report

    return 0 if report(lang=args.lang) else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in EXTERNAL:
        module, func = EXTERNAL[argv[0]].split(":")
        return int(getattr(importlib.import_module(module), func)(argv[1:]) or 0)

    parser = argparse.ArgumentParser(prog="kerastutor", description="The bilingual Keras course.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute lessons with papermill into an output folder")
    run.add_argument("lessons", nargs="*", help="lesson numbers or names (default: all), e.g. 00 02")
    run.add_argument("--lang", nargs="+", default=["zh", "en", "zh-en"], choices=["zh", "en", "zh-en"])
    run.add_argument("--jobs", "-j", type=int, default=2, help="notebooks run at once (default 2)")
    run.add_argument("--out", default="build", help="output folder (default build/)")
    run.add_argument("--full", action="store_true", help="full training (FAST=False); default is FAST")
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--no-html", action="store_true", help="skip the HTML export and index")
    run.set_defaults(func=_run)

    build = sub.add_parser("build", help="regenerate the zh / en / zh-en notebooks from their sources")
    build.add_argument("only", nargs="*", help="only these numbers or names, e.g. 03 04 (default: all)")
    build.add_argument("--check", action="store_true", help="only report stale notebooks (exit 1 if any)")
    build.set_defaults(func=_build)

    env = sub.add_parser("env", help="check Python, TensorFlow and Keras versions")
    env.add_argument("--lang", default="zh-en", choices=["zh", "en", "zh-en"])
    env.set_defaults(func=_env)

    for name in EXTERNAL:
        sub.add_parser(name, help=f"see `kerastutor {name} --help`")

    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
