import pathlib
import re

import yaml

import kerastutor as kt
from kerastutor import envcheck


def test_real_environment_passes(capsys):
    kt.set_language("en")
    assert envcheck.report() is True
    assert "Environment check passed" in capsys.readouterr().out


def test_missing_and_wrong_versions_are_explained_in_both_languages(capsys):
    findings = envcheck.check(python_version="3.10.4", versions={"keras": None, "tensorflow": "2.12.0"},
                              ranges={"keras": ">=3.10,<4", "tensorflow": ">=2.19,<3"})
    assert [f.ok for f in findings] == [False, False, False]
    assert envcheck.report(lang="zh", findings=findings) is False
    zh = capsys.readouterr().out
    assert "没有找到 Keras" in zh and "make install" in zh and "3 项有问题" in zh
    envcheck.report(lang="en", findings=findings)
    en = capsys.readouterr().out
    assert "Keras is not installed (needs >=3.10,<4)" in en and "TensorFlow is version 2.12.0" in en


def _pyproject_ranges():
    text = pathlib.Path("pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M).group(1)
    reqs = re.findall(r'"([^"]+)"', block)
    return {re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower(): r for r in reqs}


def _requires_python():
    text = pathlib.Path("pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^requires-python = "([^"]+)"', text, re.M).group(1).replace(" ", "")


def test_python_range_is_pyprojects():
    assert envcheck.PYTHON_RANGE == _requires_python()
    findings = envcheck.check(python_version="3.13.0", versions={}, ranges={})
    assert findings[0].ok and not envcheck.check(python_version="3.14.0", versions={}, ranges={})[0].ok
    assert not envcheck.check(python_version="3.10.13", versions={}, ranges={})[0].ok


def test_environment_yml_names_the_same_dependencies_and_ranges():
    env = yaml.safe_load(pathlib.Path("environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.removeprefix("python").replace(" ", "") == _requires_python()
    pip_section = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    pip_reqs = {re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower(): r for r in pip_section if not r.startswith("-e")}
    project = _pyproject_ranges()
    assert {k: v.replace(" ", "") for k, v in pip_reqs.items()} == {k: v.replace(" ", "") for k, v in project.items()}
    assert any(r.startswith("-e .") for r in pip_section), "installs the course package itself"
