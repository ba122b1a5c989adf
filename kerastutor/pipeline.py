"""Every derived notebook is built by one pipeline: source → language version → student copy.

A `Stage` turns the files of one kind (lesson sources, exercise sources, teacher copies) into the
notebooks derived from them, one per target folder, by running a chain of small transforms — nbconvert
preprocessors, as nbgrader builds its student versions:

    lessons/source/NN_x.py    --LanguageVersion-->  lessons/zh|en|zh-en/NN_x.ipynb
    solutions/source/NN_x.py  --LanguageVersion-->  solutions/zh|en/NN_x.ipynb        (teacher copies)
    solutions/zh|en/NN_x.ipynb --CheckGradeCells, CheckQuestions, StripSolutions,
                                 StripHiddenTests, ClearOutputPreprocessor, MarkStudent-->
                                                    exercises/zh|en/NN_x.ipynb        (student copies)

The stages themselves (which folders) are in `kerastutor.layout`; the exercise transforms in
`kerastutor.grading.release`. Every stage has one staleness rule: a derived notebook is stale when it
is missing, differs from what its source gives now, or is orphaned (no source gives it any more);
`build` writes the first two and removes the third, so after `build` nothing is stale.
"""
from __future__ import annotations

import dataclasses
import pathlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat takes seconds to import: `kerastutor env` and `--help` do without it
    import nbformat
    from nbconvert.preprocessors import Preprocessor


class UnknownSelection(ValueError):
    """A lesson or exercise asked for by a number or name that none has."""


def select(names: list[str] | None, known: list[str], what: str = "lesson") -> list[str]:
    """The stems in `known` chosen by number ("2", "02") or name ("02_initializers"), in the order of
    `known`; all of them when no name is given. An unknown name is an error naming the known ones."""
    if not names:
        return list(known)
    chosen = set()
    for name in names:
        hits = {s for s in known if s == name or (name.isdigit() and s.split("_", 1)[0] == name.zfill(2))}
        if not hits:
            raise UnknownSelection(f"no {what} {name!r}; the {what}s are: {', '.join(known)}")
        chosen |= hits
    return [s for s in known if s in chosen]


def dumps(nb: nbformat.NotebookNode) -> str:
    """Sorted keys, one-space indent, Chinese as UTF-8, final newline: the form every derived
    notebook is written in, so that a rebuild changes nothing and git diffs stay small."""
    import nbformat

    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def run(nb: nbformat.NotebookNode, transforms: list[Preprocessor], name: str) -> nbformat.NotebookNode:
    """`nb` through each transform in turn; `name` (the source's path) goes to them as resources."""
    resources = {"name": name}
    for transform in transforms:
        nb, resources = transform.preprocess(nb, resources)
    return nb


@dataclasses.dataclass
class Stage:
    """Sources of one kind and the notebooks derived from them, one per target folder.

    `sources_by_key` maps each target key (a language) to the folder and suffix of its sources: lesson
    versions all come from one source folder, student copies each from the teacher copy in their
    language. `transforms(key, stem)` gives the chain for one target. A source is named (in
    messages and in the lesson notebooks' metadata) by its path relative to `names_from`.
    """

    name: str
    names_from: pathlib.Path
    sources_by_key: dict[str, tuple[pathlib.Path, str]]  # key -> (source folder, suffix)
    out_dirs: dict[str, pathlib.Path]  # key -> target folder
    read: Callable[[pathlib.Path], nbformat.NotebookNode]
    transforms: Callable[[str, str], list[Preprocessor]]

    def stems(self) -> list[str]:
        """Every source's stem ("03_constraints_and_regularizers"), in order."""
        return sorted({p.stem for folder, suffix in self.sources_by_key.values()
                       for p in folder.glob(f"[0-9][0-9]_*{suffix}")})

    def sources(self, only: list[str] | None = None) -> list[pathlib.Path]:
        """The distinct source files, in order; `only`: of these stems."""
        return sorted({folder / f"{stem}{suffix}" for stem in self._chosen(only)
                       for folder, suffix in self.sources_by_key.values()
                       if (folder / f"{stem}{suffix}").exists()})

    def targets(self, source: pathlib.Path | str) -> dict[str, pathlib.Path]:
        """key -> derived notebook, for a source file or a stem (keys whose source exists)."""
        stem = pathlib.Path(source).stem
        return {key: self.out_dirs[key] / f"{stem}.ipynb"
                for key, (folder, suffix) in self.sources_by_key.items() if (folder / f"{stem}{suffix}").exists()}

    def rendered(self, source: pathlib.Path | str) -> dict[str, str]:
        """key -> the canonical JSON text each notebook derived from `source` (a file or a stem) should have."""
        stem = pathlib.Path(source).stem
        import nbformat

        parsed: dict[pathlib.Path, nbformat.NotebookNode] = {}
        out = {}
        for key in self.targets(stem):
            folder, suffix = self.sources_by_key[key]
            path = folder / f"{stem}{suffix}"
            if path not in parsed:
                parsed[path] = self.read(path)
            name = path.relative_to(self.names_from).as_posix()
            # each chain gets its own copy: a transform may change the notebook it is given
            out[key] = dumps(run(nbformat.from_dict(parsed[path]), self.transforms(key, stem), name))
        return out

    def orphans(self) -> list[pathlib.Path]:
        """Derived notebooks that no source gives any more."""
        expected = {path for stem in self.stems() for path in self.targets(stem).values()}
        return [p for folder in self.out_dirs.values() for p in sorted(folder.glob("*.ipynb"))
                if p not in expected]

    def stale(self, only: list[str] | None = None) -> list[pathlib.Path]:
        """Derived notebooks missing, out of date or orphaned; `only`: these stems (orphans always)."""
        out = []
        for stem in self._chosen(only):
            for key, text in self.rendered(stem).items():
                target = self.targets(stem)[key]
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    out.append(target)
        return out + self.orphans()

    def build(self, only: list[str] | None = None, errors: list[str] | None = None) -> list[pathlib.Path]:
        """Write every derived notebook whose text changed and remove the orphans; return the files
        written or removed. A source that breaks the rules (a ValueError naming file and cell) is
        reported in `errors` when given and skipped, so one unfinished source stops no other."""
        changed = []
        for stem in self._chosen(only):
            try:
                rendered = self.rendered(stem)
            except ValueError as exc:
                if errors is None:
                    raise
                errors.append(str(exc))
                continue
            for key, text in rendered.items():
                target = self.targets(stem)[key]
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                    changed.append(target)
        for orphan in self.orphans():
            orphan.unlink()
            changed.append(orphan)
        return changed

    def _chosen(self, only: list[str] | None) -> list[str]:
        stems = self.stems()
        return stems if only is None else [s for s in stems if s in only]


def update(stages: list[Stage], names: list[str] | None, check: bool, command: str,
           what: str = "lesson") -> int:
    """What `kerastutor build` and `kerastutor release` do: with `check`, name each stale notebook
    and the command that fixes it (exit 1 if any); else build. 2: a source breaks the rules, or a
    name is unknown (UnknownSelection is raised for the caller to report)."""
    known = sorted({stem for stage in stages for stem in stage.stems()})
    only = select(names, known, what) if names else None
    errors: list[str] = []
    if check:
        stale = []
        for stage in stages:
            try:
                stale += stage.stale(only)
            except ValueError as exc:
                errors.append(str(exc))
        for path in stale:
            print(f"stale: {path}")
    else:
        for stage in stages:
            for path in stage.build(only, errors):
                print(f"{'wrote' if path.exists() else 'removed'} {path}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        return 2
    if check and stale:
        print(f"{len(stale)} derived notebook(s) are stale (missing, out of date or orphaned): "
              f"run `{command}`.")
        return 1
    return 0
