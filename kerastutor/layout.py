"""The bilingual collections of the course: where sources live and where their versions go."""
from __future__ import annotations

import pathlib

from .notebooks import Collection

ROOT = pathlib.Path(__file__).resolve().parents[1]


def lessons(root: pathlib.Path = ROOT) -> Collection:
    return Collection(root / "lessons" / "source",
                      {lang: root / "lessons" / lang for lang in ("zh", "en", "zh-en")})


def solutions(root: pathlib.Path = ROOT) -> Collection:
    """Teacher copies of the exercises (student copies are made from these by `release`)."""
    return Collection(root / "solutions" / "source",
                      {lang: root / "solutions" / lang for lang in ("zh", "en")})


def all_collections(root: pathlib.Path = ROOT) -> dict[str, Collection]:
    return {"lessons": lessons(root), "solutions": solutions(root)}
