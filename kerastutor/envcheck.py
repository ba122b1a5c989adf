"""The environment check of lesson 00: Python, TensorFlow, Keras and friends, in range or not."""
from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata as metadata
import platform

from packaging.requirements import Requirement
from packaging.version import Version

from .i18n import t

# What a lesson needs at run time; the ranges are read from the installed kerastutor's metadata
# (that is, pyproject.toml), so there is one place that says them.
CHECKED = ("tensorflow", "keras", "numpy", "matplotlib", "ipywidgets", "scipy")
PYTHON_RANGE = ">=3.11,<3.14"  # pyproject.toml's requires-python (tests/test_envcheck.py)


@dataclasses.dataclass
class Finding:
    name: str
    wanted: str
    version: str | None
    ok: bool

    def message(self, lang: str | None = None) -> str:
        if self.version is None:
            return t("env.missing", lang=lang, name=self.name, wanted=self.wanted)
        key = "env.ok" if self.ok else "env.wrong"
        return t(key, lang=lang, name=self.name, version=self.version, wanted=self.wanted)


def wanted_ranges() -> dict[str, str]:
    try:
        reqs = [Requirement(r) for r in metadata.requires("kerastutor") or []]
    except metadata.PackageNotFoundError:
        reqs = []
    ranges = {}
    for r in reqs:
        try:
            applies = r.marker is None or r.marker.evaluate({"extra": ""})
        except Exception:
            applies = False
        if applies:  # tensorflow-cpu on Linux, tensorflow elsewhere: both are "tensorflow" here
            ranges[r.name.lower().removesuffix("-cpu")] = str(r.specifier)
    return {name: ranges.get(name, "") for name in CHECKED}


def installed_version(name: str) -> str | None:
    candidates = ["tensorflow-cpu", "tensorflow"] if name == "tensorflow" else [name]
    for candidate in candidates:
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return None


def check(python_version: str | None = None, versions: dict[str, str | None] | None = None,
          ranges: dict[str, str] | None = None) -> list[Finding]:
    """Findings for Python and each package; the arguments let tests simulate a broken machine."""
    from packaging.specifiers import SpecifierSet

    python_version = python_version or platform.python_version()
    ranges = ranges if ranges is not None else wanted_ranges()
    findings = [Finding("Python", PYTHON_RANGE, python_version,
                        Version(python_version) in SpecifierSet(PYTHON_RANGE))]
    for name, wanted in ranges.items():
        version = versions.get(name) if versions is not None else installed_version(name)
        ok = version is not None and (not wanted or Version(version) in SpecifierSet(wanted))
        label = {"tensorflow": "TensorFlow", "keras": "Keras", "numpy": "NumPy"}.get(name, name)
        findings.append(Finding(label, wanted or "any", version, ok))
    return findings


def report(lang: str | None = None, findings: list[Finding] | None = None) -> bool:
    """Print one line per finding and a summary; True when everything is in range."""
    findings = findings if findings is not None else check()
    for f in findings:
        print(f.message(lang))
    bad = [f for f in findings if not f.ok]
    print(t("env.summary_bad", lang=lang, count=len(bad)) if bad else t("env.summary_ok", lang=lang))
    return not bad


# --- the `kerastutor env` command ---------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="zh-en", choices=["zh", "en", "zh-en"])


def command(args: argparse.Namespace) -> int:
    return 0 if report(lang=args.lang) else 1
