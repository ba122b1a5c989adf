"""The batch grader on a class of awkward submissions (tests/submissions/make.py).

One graded batch of exercise 01 (every failure mode, two jobs, sandboxed) is shared by most tests
through a session fixture; a second, smaller batch is killed half way and resumed.
"""
from __future__ import annotations

import csv
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import pytest

from kerastutor.grading import feedback as fb
from kerastutor.grading.sandbox import bwrap_works

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from submissions import make  # noqa: E402

PYTHON = sys.executable
ROOT = make.ROOT
TIMEOUTS = ["--timeout", "10", "--submission-timeout", "40"]
SANDBOXED = bwrap_works()[0]
needs_bwrap = pytest.mark.skipif(not SANDBOXED, reason="bubblewrap is not available here")


def grade_cmd(submissions: pathlib.Path, out: pathlib.Path, *extra: str, assignment: str = "01") -> list[str]:
    return [PYTHON, "-m", "kerastutor", "grade", "--assignment", assignment, str(submissions), "--out", str(out),
            "--lang", "en", *TIMEOUTS, *extra]


def run(cmd, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def read_sheet(path: pathlib.Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def batch(tmp_path_factory):
    """Exercise 01, every scenario, graded once with two jobs."""
    base = tmp_path_factory.mktemp("batch")
    folder, sheet = base / "submissions", base / "out" / "grades.csv"
    scenarios = make.write_scenarios(folder, sheet)
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "correct_en-checkpoint.ipynb").write_bytes(make.correct())
    start = time.monotonic()
    proc = run(grade_cmd(folder, sheet, "--jobs", "2"))
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {r["submission"]: r for r in read_sheet(sheet)}
    return dict(base=base, folder=folder, sheet=sheet, scenarios=scenarios, rows=rows, proc=proc, elapsed=elapsed,
                feedback=sheet.with_name("grades_feedback"))


def test_every_file_has_one_row(batch):
    assert sorted(batch["rows"]) == sorted(s.name for s in batch["scenarios"])
    text = batch["sheet"].read_text(encoding="utf-8")
    assert text.splitlines()[0] == "submission,q1,q2,q3,q4,total,max,status,message"
    names = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert names == sorted(names), "the finished sheet is sorted by submission"


@pytest.mark.parametrize("scenario", make.SCENARIOS_01, ids=lambda s: s.name)
def test_status_and_points(batch, scenario):
    row = batch["rows"][scenario.name]
    assert row["status"] == scenario.status, row
    assert float(row["total"]) == scenario.total, row
    assert float(row["max"]) == 10
    if scenario.points is not None:
        assert {q: float(row[q]) for q in scenario.points} == scenario.points, row


def test_messages_say_what_happened(batch):
    rows = batch["rows"]
    # cells are named the way the student sees them (Jupyter shows no cell numbers)
    assert "a code cell after q2's answer ran longer than 10 s" in rows["infinite_loop.ipynb"]["message"]
    assert "a code cell after q1's answer ran longer than 10 s and would not stop" in rows["stubborn_loop.ipynb"]["message"]
    assert "q2 答案之后的一个代码单元格内存不足" in rows["memory_bomb.ipynb"]["message"]  # in the student's language
    assert "a code cell after q2's answer ended the kernel (exit code 3); the notebook was run again without it" \
        in rows["killer.ipynb"]["message"]
    assert "cell " not in rows["killer.ipynb"]["message"].replace("code cell ", "")  # no cell numbers
    assert "ended the kernel (signal SIGKILL)" in rows["killer.ipynb"]["message"]
    assert "sys.exit()" in rows["sys_exit.ipynb"]["message"]
    assert "took longer than 40 s" in rows["slow.ipynb"]["message"]
    assert "tried to interfere with grading" in rows["kernel_patch.ipynb"]["message"]
    assert "tried to interfere with grading" in rows["kernel_patch_selective.ipynb"]["message"]
    assert "not valid JSON" in rows["not_json.ipynb"]["message"]
    assert "not a Jupyter notebook" in rows["json_not_notebook.ipynb"]["message"]
    # a short reason per failed question, readable by a teacher in the CSV
    assert rows["partial.ipynb"]["message"] == PARTIAL_MESSAGE
    # harmless warnings on stderr are not even mentioned
    assert rows["stderr_warnings.ipynb"]["message"] == ""


PARTIAL_MESSAGE = ("q3: public test failed: The model should have 3 Dense layers; it has 2.; "
                   "q4: hidden test failed: for samples with 1 axes, the input tensor has the wrong type or shape.")


def test_terminal_output(batch):
    err = batch["proc"].stderr
    if SANDBOXED:
        assert "Sandbox: bubblewrap" in err
    else:
        assert "UNSANDBOXED" in err
    assert "grading:" in err and "100%" in err  # the progress bar
    assert f"Done: {len(batch['scenarios'])} submission(s)" in err
    assert "checkpoint" not in batch["sheet"].read_text()


@pytest.mark.parametrize("scenario", make.SCENARIOS_01, ids=lambda s: s.name)
def test_feedback_file_in_the_students_language(batch, scenario):
    page = (batch["feedback"] / fb.file_name(scenario.name)).read_text(encoding="utf-8")
    zh, en = "练习 01 批改反馈" in page, "Exercise 01 · feedback" in page
    if scenario.lang == "zh":
        assert zh and not en
    elif scenario.lang == "en":
        assert en and not zh
    else:  # not a readable notebook: both languages
        assert "练习 01 批改反馈 / Exercise 01 · feedback" in page
    total = f"{scenario.total:g} / 10"
    assert total in page


def test_feedback_explains_without_revealing_hidden_tests(batch):
    page = (batch["feedback"] / "partial.html").read_text(encoding="utf-8")
    assert "hidden test failed: for samples with 1 axes, the input tensor has the wrong type or shape." in page
    assert "public test failed: The model should have 3 Dense layers; it has 2." in page
    teacher = (ROOT / "solutions" / "en" / "01_models_and_layers.ipynb").read_text(encoding="utf-8")
    for secret in ("_tensor = input_for(_batch)", "BEGIN HIDDEN TESTS", "_m1, _m2 = build_model()", "(None, 28, 28, 3)"):
        assert secret in teacher
        assert secret not in page
    page = (batch["feedback"] / "unanswered.html").read_text(encoding="utf-8")
    assert "你还没有作答" in page and "Traceback" not in page


def test_tests_cannot_be_dodged(batch):
    """Deleted test cells are restored; edited or markdown tests and patched helpers count for nothing."""
    rows = batch["rows"]
    assert rows["tests_deleted.ipynb"]["total"] == "10"
    for name in ("tests_edited.ipynb", "tests_markdown.ipynb", "monkeypatch.ipynb", "wrong.ipynb"):
        assert rows[name]["total"] == "0", rows[name]
        assert rows[name]["message"].count("public test failed") == 4


@needs_bwrap
def test_cheat_cannot_read_solutions_or_write_the_sheet(batch):
    row = batch["rows"]["cheat.ipynb"]
    assert row["total"] == "0" and row["status"] == "ok"
    text = batch["sheet"].read_text(encoding="utf-8")
    assert "cheat.ipynb,3,2,3,2,10,10" not in text
    assert text.count("cheat.ipynb") == 1
    page = (batch["feedback"] / "cheat.html").read_text(encoding="utf-8")
    assert "cheat.ipynb,3,2" not in page and page.startswith("<!DOCTYPE html>")


def test_grades_are_deterministic_and_resume_after_a_kill(batch, tmp_path):
    """A smaller batch, killed hard half way, then started again: nothing graded is lost or graded
    twice, and every row equals the first batch's (same submissions, same grades)."""
    names = ["correct_en.ipynb", "unanswered.ipynb", "partial.ipynb", "wrong.ipynb", "tests_deleted.ipynb",
             "not_json.ipynb", "binary.ipynb", "json_not_notebook.ipynb"]
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((batch["folder"] / name).read_bytes())
    before = set(pathlib.Path("/tmp").glob("ktg-*"))
    proc = subprocess.Popen(grade_cmd(folder, sheet, "--jobs", "2"), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:  # 3 unreadable files are graded at once, then the kernels
        if sheet.exists() and len(sheet.read_text(encoding="utf-8").splitlines()) >= 1 + 4:
            break
        assert proc.poll() is None, "the batch finished before it could be killed"
        time.sleep(0.2)
    # this grader's kernel folders (other graders on the machine have theirs, with their pid)
    ours = {d for d in set(pathlib.Path("/tmp").glob("ktg-*")) - before if _grader_pid(d) == proc.pid}
    proc.kill()
    proc.wait()
    done = {r["submission"]: r for r in read_sheet(sheet)}
    assert 4 <= len(done) < len(names)
    # the kernels die with the grader (bubblewrap --die-with-parent)
    assert ours
    time.sleep(1)
    leftover = [p for p in _processes() if any(str(d) in p for d in ours)]
    assert leftover == []

    resumed = run(grade_cmd(folder, sheet, "--jobs", "2"))
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"{len(done)} submission(s) already graded, {len(names) - len(done)} to go" in resumed.stderr
    assert f"Done: {len(names) - len(done)} submission(s)" in resumed.stderr
    final = {r["submission"]: r for r in read_sheet(sheet)}
    assert sorted(final) == sorted(names)
    for name, row in done.items():
        assert final[name] == row
    for name in names:
        assert final[name] == batch["rows"][name], name


def _grader_pid(folder: pathlib.Path) -> int | None:
    try:
        return int((folder / "grader.pid").read_text())
    except (OSError, ValueError):
        return None


def _processes() -> list[str]:
    out = []
    for proc in pathlib.Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                out.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                pass
    return out


def test_exercise_02_with_a_process_per_kernel(tmp_path):
    """Another exercise, and the other kernel mode: a new sandbox and process per submission."""
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    folder.mkdir()
    (folder / "correct.ipynb").write_bytes(make.correct_02("en"))
    (folder / "partial.ipynb").write_bytes(make.partial_02("zh"))
    proc = run(grade_cmd(folder, sheet, "--jobs", "2", "--kernels", "spawn", assignment="2"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["submission"]: r for r in read_sheet(sheet)}
    assert rows["correct.ipynb"]["total"] == "9" and rows["correct.ipynb"]["status"] == "ok"
    assert [rows["partial.ipynb"][q] for q in ("q1", "q2", "q3", "q4")] == ["0", "0", "2", "0"]
    page = (tmp_path / "grades_feedback" / "partial.html").read_text(encoding="utf-8")
    assert "练习 02 批改反馈" in page and "信号几乎消失" in page


def test_unsandboxed_mode_says_so_and_still_grades(tmp_path):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    folder.mkdir()
    (folder / "correct.ipynb").write_bytes(make.correct("zh"))
    (folder / "not_json.ipynb").write_bytes(make.not_json())
    proc = run(grade_cmd(folder, sheet, "--sandbox", "none", "--jobs", "1", "--quiet"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "WARNING: running UNSANDBOXED" in proc.stderr and "grading:" not in proc.stderr
    rows = {r["submission"]: r for r in read_sheet(sheet)}
    assert rows["correct.ipynb"]["total"] == "10" and rows["not_json.ipynb"]["status"] == "invalid_json"


def test_ctrl_c_keeps_what_is_done(tmp_path):
    folder, sheet = tmp_path / "subs", tmp_path / "grades.csv"
    folder.mkdir()
    (folder / "binary.ipynb").write_bytes(make.binary())
    (folder / "slow.ipynb").write_bytes(make.slow())
    # a teacher's terminal delivers Ctrl-C; a shell's background job would have SIGINT ignored
    proc = subprocess.Popen(grade_cmd(folder, sheet, "--jobs", "1", "--quiet"), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    while not (sheet.exists() and "binary.ipynb" in sheet.read_text()) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert "Interrupted: 1 row(s) are saved" in err
    assert [r["submission"] for r in read_sheet(sheet)] == ["binary.ipynb"]


def test_bad_arguments_and_mismatched_sheet(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(make.not_json())
    proc = run([PYTHON, "-m", "kerastutor", "grade", "--assignment", "77", str(folder), "--out", str(tmp_path / "g.csv")])
    assert proc.returncode == 2
    assert "No teacher copy for exercise 77" in proc.stderr or "找不到练习 77" in proc.stderr
    sheet = tmp_path / "other.csv"
    sheet.write_text("submission,x,total,max,status,message\n", encoding="utf-8")
    proc = run(grade_cmd(folder, sheet))
    assert proc.returncode == 2 and "does not fit this exercise" in proc.stderr
    proc = run(grade_cmd(folder, sheet, "--restart", "--quiet"))
    assert proc.returncode == 0
    assert read_sheet(sheet)[0]["status"] == "invalid_json"


def test_console_script_and_help():
    exe = pathlib.Path(PYTHON).parent / "kerastutor"
    proc = run([str(exe), "grade", "--help"])
    assert proc.returncode == 0
    for option in ("--assignment", "--out", "--jobs", "--timeout", "--submission-timeout", "--sandbox"):
        assert option in proc.stdout
    assert re.search(r"--memory-mb", proc.stdout)
    assert os.access(exe, os.X_OK)


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    """Exercise 08: notebooks that answer q3 and q4 honestly and forge q1 and q2 (tests/submissions/make.py)."""
    base = tmp_path_factory.mktemp("forged")
    folder, sheet = base / "submissions", base / "grades.csv"
    folder.mkdir()
    for scenario in make.SCENARIOS_08:
        (folder / scenario.name).write_bytes(scenario.make())
    proc = run(grade_cmd(folder, sheet, "--jobs", "2", assignment="08"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(rows={r["submission"]: r for r in read_sheet(sheet)}, sheet=sheet,
                feedback=sheet.with_name("grades_feedback"))


@pytest.mark.parametrize("scenario", make.SCENARIOS_08, ids=lambda s: s.name)
def test_a_forged_verdict_earns_nothing(forged, scenario):
    """Patching math, numpy, builtins, keras or kerastutor, or returning a value that lies about
    equality: the forged questions score 0, the row says tampered, the honest answers still score."""
    row = forged["rows"][scenario.name]
    assert row["status"] == scenario.status, row
    assert {q: float(row[q]) for q in scenario.points} == scenario.points, row
    assert float(row["total"]) == scenario.total, row


def test_feedback_does_not_give_away_hidden_cases(forged):
    """A failed hidden test says what kind of case failed, never its inputs or expected value
    (the issue's example: GRU(units=7, reset_after=False) has 210 parameters; neither may appear)."""
    rows = forged["rows"]
    assert rows["ignores_reset_after.ipynb"]["message"] == \
        "q1: hidden test failed: the parameter count of a GRU with reset_after=False is wrong."
    assert "q1: your code returned an object that redefines how it compares" in rows["forge_issue.ipynb"]["message"]
    assert "q2: public test failed: simple_rnn_steps disagrees" in rows["forge_issue.ipynb"]["message"]
    assert "forged value" in rows["forge_int_subclass.ipynb"]["message"]
    assert "builtins.abs" in rows["forge_builtins.ipynb"]["message"]
    assert "Layer.count_params" in rows["forge_keras.ipynb"]["message"]
    assert "Exercise.run" in rows["forge_kerastutor.ipynb"]["message"]
    for name, row in rows.items():
        page = (forged["feedback"] / fb.file_name(name)).read_text(encoding="utf-8")
        for text in (row["message"], page):
            assert "units=7" not in text and "210" not in text and "(3, 8, 2)" not in text, name
