"""Where the course's files live, and `kerastutor build`: the lesson and teacher-copy stages of the
notebook pipeline (kerastutor.pipeline) as folders. The student copies' stage is
`kerastutor.grading.release.exercises` (`kerastutor release`).
"""
from __future__ import annotations

import argparse
import pathlib

from .pipeline import Stage, update

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _versions(name: str, folder: pathlib.Path, langs: tuple[str, ...]) -> Stage:
    """Bilingual sources in folder/source/ -> one notebook per language in folder/<lang>/, each
    naming its source as "source/NN_x.py"."""
    from .notebooks import LanguageVersion, read_source

    return Stage(name, folder, {lang: (folder / "source", ".py") for lang in langs},
                 {lang: folder / lang for lang in langs}, read_source,
                 lambda lang, stem: [LanguageVersion(lang=lang)])


def lessons(root: pathlib.Path = ROOT) -> Stage:
    return _versions("lessons", root / "lessons", ("zh", "en", "zh-en"))


def solutions(root: pathlib.Path = ROOT) -> Stage:
    """Teacher copies of the exercises (`kerastutor release` makes the student copies from these)."""
    return _versions("solutions", root / "solutions", ("zh", "en"))


def all_collections(root: pathlib.Path = ROOT) -> dict[str, Stage]:
    """The stages of `kerastutor build`: lessons and the teacher copies."""
    return {"lessons": lessons(root), "solutions": solutions(root)}


# --- the `kerastutor build` command -------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Regenerate the zh / en / zh-en lesson notebooks and the teacher copies "
                          "from their sources, and remove notebooks no source gives any more.")
    parser.add_argument("only", nargs="*", help="only these numbers or names, e.g. 03 04 (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="only report stale (missing, out of date or orphaned) notebooks (exit 1 if any)")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)


def command(args: argparse.Namespace) -> int:
    return update(list(all_collections(args.root).values()), args.only, args.check, "kerastutor build")
