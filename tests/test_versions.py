"""The supported versions are what the matrix runs.

pyproject.toml declares the ranges; constraints/oldest.txt pins every lower bound (`make
matrix-oldest`), constraints/newest.txt the newest tested versions (`make matrix-newest`); the
Makefile's matrix interpreters are the ends of requires-python; the README's "Tested with" line
names exactly those versions.
"""
from __future__ import annotations

import pathlib
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CELLS = ("oldest", "newest")
# The versions the README's "Tested with" line names, in its order.
NAMED = {"keras": "Keras", "tensorflow-cpu": "TensorFlow", "numpy": "NumPy", "scipy": "SciPy",
         "matplotlib": "Matplotlib"}


def requirements() -> list[Requirement]:
    reqs = PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["test"]
    return [Requirement(r) for r in reqs]


def lower_bound(spec: SpecifierSet) -> Version:
    (low,) = [Version(s.version) for s in spec if s.operator == ">="]
    return low


def pins(cell: str) -> dict[str, Version]:
    found = {}
    for line in (ROOT / "constraints" / f"{cell}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[canonicalize_name(name)] = Version(version)
    return found


def python_range() -> tuple[str, str]:
    """The first and last minor version requires-python allows, as "3.X"."""
    spec = SpecifierSet(PYPROJECT["requires-python"])
    allowed = [f"3.{minor}" for minor in range(30) if Version(f"3.{minor}") in spec]
    return allowed[0], allowed[-1]


def makefile_python(cell: str) -> str:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^MATRIX_PY_{cell}\s*:?=\s*(\S+)", text, re.M).group(1)


def readme_line(oldest: dict[str, Version], newest: dict[str, Version]) -> str:
    """The README line, built from what the matrix runs."""
    low, high = python_range()
    names = ", ".join(f"{label} {oldest[name]}–{newest[name]}" for name, label in NAMED.items())
    return (f"Tested with Python {low}–{high} and {names} (CPU): the oldest set on Python {low} "
            f"(`make matrix-oldest`, constraints/oldest.txt), the newest on Python {high} "
            f"(`make matrix-newest`, constraints/newest.txt).")


@pytest.mark.parametrize("cell", CELLS)
def test_constraints_pin_every_direct_dependency_and_nothing_else(cell):
    assert set(pins(cell)) == {canonicalize_name(r.name) for r in requirements()}


def test_oldest_pins_are_exactly_the_lower_bounds():
    oldest = pins("oldest")
    for req in requirements():
        assert oldest[canonicalize_name(req.name)] == lower_bound(req.specifier), req


def test_newest_pins_are_inside_the_ranges_and_not_below_the_oldest():
    oldest, newest = pins("oldest"), pins("newest")
    for req in requirements():
        name = canonicalize_name(req.name)
        assert req.specifier.contains(newest[name], prereleases=False), req
        assert newest[name] >= oldest[name], req


def test_the_matrix_runs_the_ends_of_requires_python():
    assert (makefile_python("oldest"), makefile_python("newest")) == python_range()
    assert python_range() == ("3.11", "3.13")


def test_readme_readme_line_names_what_the_matrix_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in readme.splitlines() if ln.startswith("Tested with")]
    assert lines == [readme_line(pins("oldest"), pins("newest"))]


def test_the_readme_line_follows_the_constraints():
    """The README check can fail: another newest Keras gives another line."""
    oldest, newest = pins("oldest"), pins("newest")
    line = readme_line(oldest, {**newest, "keras": Version("9.9.9")})
    assert f"Keras {oldest['keras']}–9.9.9," in line and line != readme_line(oldest, newest)
