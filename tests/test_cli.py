"""The `kerastutor` command line: one subparser per command module, a help that lists them all with
their options, one selection rule, and `--check` naming a command that really fixes what it reports."""
import argparse
import shutil
import subprocess
import sys

import pytest

from kerastutor import cli
from kerastutor.layout import ROOT

SOURCE = ROOT / "lessons" / "source" / "00_course_guide.py"


def option_strings(subparser: argparse.ArgumentParser) -> list[str]:
    return [s for a in subparser._actions if a.help != argparse.SUPPRESS for s in a.option_strings
            if s not in ("-h", "--help")]


def subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli.make_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_help_lists_every_command_with_its_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    found = subparsers()
    assert set(found) == set(cli.COMMANDS) == {"run", "build", "release", "grade", "book", "env"}
    usage_lines = {name: next(line for line in text.splitlines() if line.strip().startswith(f"kerastutor {name}"))
                   for name in found}
    for name, parser in found.items():
        for option in option_strings(parser):
            assert option in usage_lines[name], (name, option)
    assert "--check" in usage_lines["build"] and "--check" in usage_lines["release"]
    assert "--lang" in usage_lines["run"] and "--no-run" in usage_lines["book"]


def test_grade_help_works():
    done = subprocess.run([sys.executable, "-m", "kerastutor", "grade", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: kerastutor grade")


@pytest.mark.parametrize("command", ["run", "build"])
def test_unknown_lesson_is_a_clear_error(command, capsys):
    assert cli.main([command, "42"]) == 2
    err = capsys.readouterr().err
    assert f"kerastutor {command}: no lesson '42'; the lessons are: 00_course_guide, 01_models_and_layers" in err
    assert "Traceback" not in err


def test_unknown_exercise_is_a_clear_error(capsys):
    assert cli.main(["release", "--check", "00"]) == 2
    assert "no exercise '00'; the exercises are: 01_models_and_layers" in capsys.readouterr().err


def test_build_check_names_a_command_that_fixes_an_orphan(tmp_path, capsys):
    (tmp_path / "lessons" / "source").mkdir(parents=True)
    shutil.copy(SOURCE, tmp_path / "lessons" / "source")
    assert cli.main(["build", "--root", str(tmp_path)]) == 0
    assert cli.main(["build", "--check", "--root", str(tmp_path)]) == 0
    orphan = tmp_path / "lessons" / "en" / "07_gone.ipynb"
    orphan.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["build", "--check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"stale: {orphan}" in out and "run `kerastutor build`" in out
    assert cli.main(["build", "--root", str(tmp_path)]) == 0    # what the check said to run
    assert f"removed {orphan}" in capsys.readouterr().out
    assert cli.main(["build", "--check", "--root", str(tmp_path)]) == 0
    assert not orphan.exists()


def test_release_check_names_a_command_that_fixes_an_orphan(tmp_path, capsys):
    for lang in ("zh", "en"):
        (tmp_path / "solutions" / lang).mkdir(parents=True)
        shutil.copy(next((ROOT / "solutions" / lang).glob("01_*.ipynb")), tmp_path / "solutions" / lang)
    assert cli.main(["release", "--check", "--root", str(tmp_path)]) == 1   # missing
    assert cli.main(["release", "--root", str(tmp_path)]) == 0
    orphan = tmp_path / "exercises" / "zh" / "99_gone.ipynb"
    orphan.write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["release", "--check", "--root", str(tmp_path)]) == 1
    assert "run `kerastutor release`" in capsys.readouterr().out
    assert cli.main(["release", "--root", str(tmp_path)]) == 0
    assert cli.main(["release", "--check", "--root", str(tmp_path)]) == 0
    assert not orphan.exists()
    # the student copies are byte for byte those in git
    for lang in ("zh", "en"):
        built = next((tmp_path / "exercises" / lang).glob("01_*.ipynb"))
        assert built.read_bytes() == (ROOT / "exercises" / lang / built.name).read_bytes()


def test_release_refuses_test_cells_that_are_not_the_declared_questions(tmp_path, capsys):
    for lang in ("zh", "en"):
        (tmp_path / "solutions" / lang).mkdir(parents=True)
        shutil.copy(next((ROOT / "solutions" / lang).glob("01_*.ipynb")), tmp_path / "solutions" / lang)
    teacher = next((tmp_path / "solutions" / "en").glob("01_*.ipynb"))
    teacher.write_text(teacher.read_text(encoding="utf-8").replace('"grade_id": "q2"', '"grade_id": "q9"'),
                       encoding="utf-8")
    assert cli.main(["release", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "exercise 01" in err and "'q9'" in err and "declares" in err
    assert not (tmp_path / "exercises" / "en").exists() or not list((tmp_path / "exercises" / "en").iterdir())


def test_the_checks_in_git_are_clean(capsys):
    """The derived notebooks in git are what the pipeline gives (byte for byte), orphans included."""
    assert cli.main(["build", "--check"]) == 0
    assert cli.main(["release", "--check"]) == 0
