"""Parts of the grader on their own: sheet, submission parsing, sandbox command, kernel pool."""
from __future__ import annotations

import json
import pathlib
import sys
import time

import nbformat
import pytest

from kerastutor.grading import feedback as fb
from kerastutor.grading.api import find_submissions
from kerastutor.grading.kernel_client import LaunchError
from kerastutor.grading.launchers import ProcessKernel
from kerastutor.grading.pool import KernelPool
from kerastutor.grading.sandbox import Limits, Sandbox, bwrap_prefix, bwrap_works, choose
from kerastutor.grading.sheet import Sheet, SheetMismatch
from kerastutor.grading.submission import Assignment, BadSubmission, read_submission
from kerastutor.layout import ROOT

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from submissions import make  # noqa: E402

QS = ["q1", "q2"]


def test_sheet_appends_resumes_and_sorts(tmp_path):
    path = tmp_path / "g.csv"
    sheet = Sheet(path, QS)
    sheet.add("b.ipynb", {"q1": 1, "q2": 0.5}, 1.5, 3, "ok", "")
    sheet.add("a.ipynb", {"q1": 0}, 0, 3, "error", "the grader itself failed")
    sheet.add("c.ipynb", {"q1": 2, "q2": 1}, 3, 3, "timeout", 'cell 4, "quoted"')
    sheet.close()
    lines = path.read_text().splitlines()
    assert lines[0] == "submission,q1,q2,total,max,status,message"
    assert lines[1:] == ["b.ipynb,1,0.5,1.5,3,ok,", "a.ipynb,0,0,0,3,error,the grader itself failed",
                         'c.ipynb,2,1,3,3,timeout,"cell 4, ""quoted"""']
    # a kill tears the last row
    path.write_text(path.read_text() + "d.ipynb,2,1,3", encoding="utf-8")
    again = Sheet(path, QS)
    assert again.done("b.ipynb") and again.done("c.ipynb")
    assert not again.done("a.ipynb"), "the grader's own errors are graded again"
    assert not again.done("d.ipynb"), "a torn row is graded again"
    again.add("a.ipynb", {"q1": 1, "q2": 1}, 2, 3, "ok", "")
    again.finalize()
    names = [line.split(",")[0] for line in path.read_text().splitlines()[1:]]
    assert names == ["a.ipynb", "b.ipynb", "c.ipynb"]
    with pytest.raises(SheetMismatch):
        Sheet(path, ["q1", "q2", "q3"])
    assert Sheet(path, ["q1", "q2", "q3"], restart=True).rows == {}


def test_find_submissions_skips_hidden_checkpoints_and_outputs(tmp_path):
    (tmp_path / "alice.ipynb").write_text("{}")
    (tmp_path / "group" / "bob").mkdir(parents=True)
    (tmp_path / "group" / "bob" / "ex.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a notebook")
    (tmp_path / ".hidden.ipynb").write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "alice-checkpoint.ipynb").write_text("{}")
    (tmp_path / "grades.csv").write_text("x")
    (tmp_path / "grades_feedback").mkdir()
    (tmp_path / "grades_feedback" / "alice.html").write_text("x")
    found = [name for name, _ in find_submissions(tmp_path, [tmp_path / "grades.csv", tmp_path / "grades_feedback"])]
    assert found == ["alice.ipynb", "group/bob/ex.ipynb", "notes.txt"]


def test_read_submission_leaves_test_cells_out(tmp_path):
    assignment = Assignment.load(ROOT, "01")
    assert assignment.questions == ["q1", "q2", "q3", "q4"] and assignment.max_points == 10
    nb = nbformat.reads(make.correct("zh").decode(), as_version=4)
    nb.metadata["kerastutor"]["lang"] = "zh"
    # a test cell stripped of its metadata is still known by its id; a new cell runs
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q2")
    test.metadata = {}
    nb.cells.append(nbformat.v4.new_code_cell("extra = 1"))
    path = tmp_path / "s.ipynb"
    path.write_text(nbformat.writes(nb))
    sub = read_submission(path, "s.ipynb", assignment.test_ids, assignment.test_grade_ids)
    assert sub.lang == "zh"
    sources = [c.source for c in sub.cells]
    assert not any(s.startswith("check(") for s in sources)
    assert sources[-1] == "extra = 1"
    assert sub.cells[-1].number == len(nb.cells)
    # feedback names cells the way the notebook does: by question, never by a number
    places = [c.place for c in sub.cells]
    assert places[0] == "before" and places[-1] == "after:q4"
    assert [p for p in places if p.startswith("answer:")] == ["answer:q1", "answer:q2", "answer:q3", "answer:q4"]
    for raw, status in [(b"\xff\xfe", "invalid_json"), (b"[]", "not_notebook"), (b'{"cells": []}', "not_notebook"),
                        (json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}).encode(), "not_notebook")]:
        path.write_bytes(raw)
        with pytest.raises(BadSubmission) as info:
            read_submission(path, "s", set(), set())
        assert info.value.status == status


def test_sandbox_shows_only_an_allow_list(tmp_path):
    args = bwrap_prefix(tmp_path)
    shown = {args[i + 2] for i, a in enumerate(args) if a in ("--ro-bind", "--ro-bind-try", "--bind")}
    for secret in (ROOT, ROOT / "solutions", ROOT / "exercises", ROOT / "tests", pathlib.Path.home(), pathlib.Path("/work")):
        assert str(secret) not in shown
    assert str(ROOT / "kerastutor") in shown and str(tmp_path) in shown
    writable = [args[i + 2] for i, a in enumerate(args) if a == "--bind"]
    assert writable == [str(tmp_path)]
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--unshare-user"):
        assert flag in args
    assert args[args.index("--cap-drop") + 1] == "ALL"
    assert Limits(memory_mb=100).prlimit()[1:2] == [f"--as={100 * 1024 * 1024}"]
    assert choose("none").mode == "none"


def test_feedback_file_names_are_safe():
    assert fb.file_name("group1/alice.ipynb") == "group1__alice.html"
    name = fb.file_name("../../etc/passwd")
    assert "/" not in name and not name.startswith(".")


def _sandbox():
    return choose("auto")


def test_sandbox_is_there_in_ci():
    """Locally a missing bubblewrap means the sandbox tests are skipped; in CI it is a failure."""
    import os

    works, why = bwrap_works()
    if os.environ.get("CI") and not works:
        pytest.fail(f"bubblewrap sandbox unavailable in CI: {why} (apt-get install bubblewrap)")
    if not works:
        pytest.skip(f"bubblewrap unavailable: {why}")


@pytest.mark.parametrize("mode", ["fork", "spawn"])
def test_pool_starts_many_kernels_at_once_without_port_races(mode):
    """IPC transport: Unix sockets in each kernel's scratch folder, no TCP ports to race for."""
    start = time.monotonic()
    with KernelPool(_sandbox(), 6, "import json", mode=mode) as pool:
        kernels = [pool.take(timeout=120) for _ in range(6)]
        try:
            for k in kernels:
                info = json.loads(k.connection_file.read_text())
                assert info["transport"] == "ipc"
                assert k.execute("x = 1 + 1", timeout=30).status == "ok"
            assert len({k.scratch for k in kernels}) == 6
        finally:
            for k in kernels:
                k.kill()
        assert pool.launch_failures == 0
    assert all(not k.scratch.exists() for k in kernels)
    assert time.monotonic() - start < 120


@pytest.mark.parametrize("mode", ["fork", "spawn"])
def test_launch_timeouts_are_retried_then_reported(mode):
    with KernelPool(_sandbox(), 1, "x = 1", launch_timeout=0.001, retries=2, mode=mode) as pool:
        with pytest.raises(LaunchError):
            pool.take(timeout=60)
        assert pool.launch_failures >= 2


def test_fork_mode_leaves_nothing_for_the_next_submission():
    """Kernels forked in one slot, one after the other: the second sees no file, no process and
    no variable of the first."""
    with KernelPool(_sandbox(), 1, "import json", mode="fork") as pool:
        first = pool.take(timeout=120)
        code = ("import subprocess, os\nsecret = 42\nopen('mine.txt', 'w').write('x')\n"
                "open('../next.txt', 'w').write('x')\n"
                "open('/tmp/left.txt', 'w').write('x')\nsubprocess.Popen(['sleep', '600'], start_new_session=True)")
        assert first.execute(code, timeout=30).status == "ok"
        first_dir = first.scratch
        first.kill()
        assert not first_dir.exists()
        seen = set()
        for _ in range(3):  # whichever slot the next kernel comes from
            k = pool.take(timeout=120)
            seen.add(k.zygote)
            probe = ("import os\nassert 'secret' not in globals()\nassert not os.path.exists('/tmp/left.txt')\n"
                     "assert 'mine.txt' not in os.listdir('.'), os.listdir('.')\n"
                     "assert not os.path.exists('../next.txt')\n"
                     "cmds = [open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc') if p.isdigit()]\n"
                     "assert not any('sleep' in c for c in cmds), cmds")
            reply = k.execute(probe, timeout=30)
            k.kill()
            if _sandbox().isolated:
                assert reply.status == "ok", reply


def test_a_kept_kernel_is_taken_again_until_it_dies_and_close_kills_it():
    """keep()/take_kept(): the teacher's kernel of one submission serves the next (the same
    process, its state still there: emptying it is proxy.empty's job); a dead one is never handed
    out, and one kept when the pool closes is killed."""
    with KernelPool(_sandbox(), 1, "import json", mode="fork") as pool:
        assert pool.take_kept() is None
        kernel = pool.take(timeout=120)
        assert kernel.execute("kept = 7", timeout=30).status == "ok"
        pool.keep(kernel)
        again = pool.take_kept()
        assert again is kernel and pool.take_kept() is None
        assert again.execute("assert kept == 7", timeout=30).status == "ok"
        again.kill()
        pool.keep(again)
        assert pool.take_kept() is None  # dead: dropped
        last = pool.take(timeout=120)
        pool.keep(last)
    assert not last.alive()


def test_kernel_interrupts_kills_and_replies(tmp_path):
    kernel = ProcessKernel(_sandbox(), tmp_path, "k")
    try:
        kernel.wait_ready(60)
        assert kernel.execute("import time\ntime.sleep(30)", timeout=1).status == "timeout"
        reply = kernel.execute("1/0", timeout=10)
        assert (reply.status, reply.ename) == ("error", "ZeroDivisionError")
        assert kernel.execute("print('x' * 100)", timeout=10).status == "ok"
        stubborn = "while True:\n    try:\n        time.sleep(0.1)\n    except KeyboardInterrupt:\n        pass"
        assert kernel.execute(stubborn, timeout=1, grace=1).status == "hung"
        kernel.kill()
        assert kernel.execute("1", timeout=5).status == "died"
    finally:
        kernel.kill()


@pytest.mark.skipif(not bwrap_works()[0], reason="bubblewrap is not available here")
def test_sandboxed_kernel_is_confined(tmp_path):
    kernel = ProcessKernel(Sandbox("bwrap"), tmp_path, "k")
    try:
        kernel.wait_ready(60)
        probes = {
            "solutions": f"open({str(ROOT / 'solutions' / 'en' / '01_models_and_layers.ipynb')!r}).read()",
            "repo": f"import os; assert os.listdir({str(ROOT)!r}) == ['.venv', 'kerastutor'] or sorted(os.listdir({str(ROOT)!r})) == ['.venv', 'kerastutor'], os.listdir({str(ROOT)!r}); raise PermissionError",
            "network": "import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)",
            "package_write": f"open({str(ROOT / 'kerastutor' / 'x.txt')!r}, 'w')",
            "root": "import os; os.setuid(0)",
        }
        for what, code in probes.items():
            reply = kernel.execute(code, timeout=20)
            assert reply.status == "error", (what, reply)
        assert kernel.execute("open('mine.txt', 'w').write('ok')", timeout=10).status == "ok"
        assert not (kernel.scratch / "mine.txt").exists()  # the working directory is a private tmpfs
        fill = ("import errno\nchunk = b'0' * (1 << 20)\ntry:\n    with open('big', 'wb') as f:\n"
                "        for _ in range(2048):\n            f.write(chunk)\n            f.flush()\n"
                "except OSError as e:\n    assert e.errno in (errno.ENOSPC, errno.EFBIG), e\nelse:\n"
                "    raise AssertionError('2 GB written')")
        assert kernel.execute(fill, timeout=60).status == "ok"
        reply = kernel.execute("import os; assert os.getpid() < 10 and os.getuid() == 65534", timeout=10)
        assert reply.status == "ok", reply
    finally:
        kernel.kill()


# --- the verdict: plain data across, comparisons on the teacher's side ---------------------------

def test_wire_sends_plain_values_of_exact_types_and_refuses_liars():
    import numpy as np

    from kerastutor.grading import wire

    encode = wire.Encoder(lambda obj: {"$r": 1, "c": []})
    for value in [3, 2.5, float("inf"), "s", None, True, (1, (2.0, "x")), [1, [2]], {"a": (1,), 2: None},
                  np.arange(6, dtype="float32").reshape(2, 3), np.array(2.0), np.int64(7), np.float32(0.5)]:
        back = wire.decode(json.loads(json.dumps(encode(value))))
        assert type(back) is type(value)
        if isinstance(value, np.ndarray):
            assert back.shape == value.shape and back.dtype == value.dtype and np.array_equal(back, value)
        else:
            assert back == value

    class Always(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    class LyingArray(np.ndarray):
        def __eq__(self, other):
            return np.ones(self.shape, bool)

    for liar in (Always(1), np.zeros(3).view(LyingArray), [1, Always(2)]):
        with pytest.raises(wire.Forged):
            encode(liar)

    class Plain(int):  # a subclass that redefines nothing is just its value
        pass

    assert type(wire.decode(encode(Plain(4)))) is int
    for bad in ({"$a": "|O8", "s": [1], "b": ""}, {"$g": "os:system"}, {"$f": "1e999"}, [1, 2], {"$x": 1}):
        with pytest.raises(wire.Unsupported):
            wire.decode(bad)


@pytest.fixture
def in_process(monkeypatch):
    """The two sides of a grading request in one process: the teacher's proxy asks the student's
    serve module directly (in a real grading, the grader relays between two kernels)."""
    from kerastutor.grading import proxy, serve

    student: dict = {}
    monkeypatch.setattr(serve, "_user_ns", lambda: student)
    monkeypatch.setattr(proxy.builtins, "input", lambda prompt: serve.handle(prompt[len(proxy.PROMPT):]))
    return student


def test_teacher_side_sees_values_and_handles(in_process):
    import keras
    import numpy as np

    from kerastutor.grading import proxy

    exec("import keras\n"
         "def build(units):\n    return keras.layers.Dense(units, activation='relu')\n"
         "def shape_of(x):\n    return x.shape\n"
         "def fails():\n    raise NotImplementedError()\n"
         "def broken():\n    raise AssertionError('passed, honest')\n"
         "answer = 42\nweights = [1.5, 2.5]\n", in_process)
    teacher = {"keras": keras}
    assert proxy.bind(teacher) == ["answer", "broken", "build", "fails", "shape_of", "weights"]
    assert "keras" in teacher and teacher["keras"] is keras  # the teacher's own names stay
    assert teacher["answer"] == 42 and teacher["weights"] == [1.5, 2.5]
    layer = teacher["build"](7)
    assert isinstance(layer, keras.layers.Dense) and proxy.is_remote(layer) and type(layer).__name__ == "Dense"
    assert layer.units == 7 and layer.activation is keras.activations.relu
    out = layer(np.ones((2, 3), "float32"))
    assert type(out) is np.ndarray and out.shape == (2, 7)
    assert teacher["shape_of"](keras.Input((5,))) == (None, 5)
    with pytest.raises(NotImplementedError):
        teacher["fails"]()
    with pytest.raises(proxy.StudentError) as info:  # never the teacher's own AssertionError
        teacher["broken"]()
    assert type(info.value).__name__ == "AssertionError" and not isinstance(info.value, AssertionError)
    # a Keras model the teacher built travels by value; what the student's code did to it comes back
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    exec("def zero(model):\n    model.set_weights([w * 0 for w in model.get_weights()])\n    return len(model.layers)\n",
         in_process)
    proxy.bind(teacher)
    assert teacher["zero"](model) == 1
    assert all(not w.any() for w in model.get_weights())


def test_a_lying_answer_is_reported(in_process):
    from kerastutor.grading import proxy

    exec("class Always(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n"
         "def count(n):\n    return Always(n)\n", in_process)
    teacher = {}
    proxy.bind(teacher)
    with pytest.raises(proxy.ForgedValue):
        teacher["count"](3)


def test_an_emptied_teacher_namespace_keeps_only_what_a_new_kernel_had(in_process, monkeypatch):
    """proxy.empty between two submissions in one teacher's kernel: the first student's values,
    the tests' own variables and imports are gone, the kernel's own names stay, and Keras names
    layers from the start again (as in a new kernel)."""
    import keras

    from kerastutor.grading import proxy

    monkeypatch.setattr(proxy, "_fresh", set())
    teacher = {"__name__": "__main__", "get_ipython": print}
    proxy.empty(teacher)  # a new kernel: its names are noted, nothing removed
    assert sorted(teacher) == ["__name__", "get_ipython"]
    exec("answer = 42\ndef build():\n    return 1\n", in_process)
    teacher["keras"] = keras
    proxy.bind(teacher)
    teacher["expected"] = [1, 2]  # a variable of a test cell
    keras.layers.Dense(2), keras.layers.Dense(2)
    assert keras.layers.Dense(2).name != "dense"
    proxy.empty(teacher)
    assert sorted(teacher) == ["__name__", "get_ipython"]
    assert keras.layers.Dense(2).name == "dense"  # the first Dense of a new kernel
    in_process.clear()
    exec("other = 1\n", in_process)
    assert proxy.bind(teacher) == ["other"]
    assert "answer" not in teacher and "expected" not in teacher
