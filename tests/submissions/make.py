"""Submissions for the grader's tests and benchmark, made from the released student copies.

Each scenario is a function returning the file's bytes; SCENARIOS_01 lists them with what the
grader must say (status and points). Built from exercises/ and solutions/ at test time, so they
follow the exercises as they change.

    python tests/submissions/make.py OUT_DIR   # write the exercise-01 scenarios to look at them
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import pathlib
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kerastutor.grading import release as rel  # noqa: E402
from kerastutor.pipeline import dumps  # noqa: E402


def student_copy(number: str, lang: str) -> nbformat.NotebookNode:
    teacher = rel.teacher_copy(ROOT, number, lang)
    return nbformat.read(ROOT / "exercises" / lang / teacher.name, as_version=4)


def solutions(number: str, lang: str) -> dict[str, str]:
    """grade_id -> the teacher's answer cell without the solution markers."""
    nb = nbformat.read(rel.teacher_copy(ROOT, number, lang), as_version=4)
    out = {}
    for cell in nb.cells:
        if rel.is_solution_cell(cell):
            lines = [line for line in cell.source.splitlines()
                     if not (rel.BEGIN_SOLUTION.match(line) or rel.END_SOLUTION.match(line))]
            out[rel.nbgrader_meta(cell)["grade_id"]] = "\n".join(lines)
    return out


def _index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if rel.nbgrader_meta(c).get("grade_id") == grade_id)


def answered(number: str, lang: str, answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The student copy with the teacher's answers, then `answers` (grade_id -> code) on top."""
    nb = student_copy(number, lang)
    for gid, code in {**solutions(number, lang), **(answers or {})}.items():
        nb.cells[_index(nb, gid)].source = code
    return nb


def insert_after(nb, grade_id: str, *sources: str) -> nbformat.NotebookNode:
    at = _index(nb, grade_id) + 1
    for offset, source in enumerate(sources):
        cell = nbformat.v4.new_code_cell(source)
        cell["id"] = hashlib.sha1(f"{grade_id}/{offset}/{source}".encode()).hexdigest()[:8]
        nb.cells.insert(at + offset, cell)
    return nb


def encode(nb) -> bytes:
    return dumps(nb).encode("utf-8")


# --- exercise 01 -------------------------------------------------------------------------------

WRONG_01 = {  # every answer wrong
    "q1_answer": "first_layer = keras.layers.Dense(8)",
    "q2_answer": "def dense_output_shape(input_shape, units):\n    return (units,)",
    "q3_answer": "def build_model():\n    return keras.Sequential([keras.Input((16,)), keras.layers.Dense(8)])",
    "q4_answer": "def input_for(batch):\n    return keras.Input(shape=batch.shape)",
}
PARTIAL_01 = {  # q1, q2 right; q3 wrong; q4 passes the public test but not the hidden ones
    "q3_answer": "def build_model():\n    return keras.Sequential([keras.Input((16,)), keras.layers.Dense(32, activation='relu'),"
                 " keras.layers.Dense(8)])",
    "q4_answer": "def input_for(batch):\n    return keras.Input(shape=(4, 2))",
}


def correct(lang="en"):
    return encode(answered("01", lang))


def unanswered(lang="zh"):
    return encode(student_copy("01", lang))


def partial(lang="en"):
    return encode(answered("01", lang, PARTIAL_01))


def wrong(lang="en"):
    return encode(answered("01", lang, WRONG_01))


def infinite_loop():
    return encode(insert_after(answered("01", "en"), "q2_answer", "while True:\n    pass"))


def stubborn_loop():
    """Catches the interrupt: the kernel has to be killed and the notebook replayed without it."""
    code = "import time\nwhile True:\n    try:\n        time.sleep(0.2)\n    except KeyboardInterrupt:\n        pass"
    return encode(insert_after(answered("01", "en"), "q1_answer", code))


def memory_bomb():
    code = ("import numpy as np\ndef _bomb():\n    hog = []\n    while True:\n        hog.append(np.empty(50_000_000))\n"
            "_bomb()")
    return encode(insert_after(answered("01", "zh"), "q2_answer", code))


def killer():
    return encode(insert_after(answered("01", "en"), "q2_answer", "import os\nos._exit(3)",
                               "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))


def server_killer():
    """Kills its kernel's parent (in fork mode, the slot's fork server) and leaves a file in the
    slot's folder for whoever comes next."""
    code = ("import os, signal\nopen('../left_for_the_next.txt', 'w').write('boo')\n"
            "os.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(5)")
    return encode(insert_after(answered("01", "en"), "q2_answer", code))


def sys_exit():
    return encode(insert_after(answered("01", "en"), "q3_answer", "import sys\nsys.exit('I am done')"))


def flood():
    code = "for _i in range(100_000):\n    print('spam ' * 40)\nimport sys\nsys.stdout.write('x' * 20_000_000)"
    return encode(insert_after(answered("01", "en"), "q1_answer", code))


def stderr_warnings():
    code = ("import sys, warnings\nwarnings.warn('careful now')\nsys.stderr.write('a warning on stderr\\n')\n"
            "keras.layers.Dense(3, input_shape=(2,))")
    return encode(insert_after(answered("01", "en"), "q4_answer", code))


def not_json():
    return b"I wrote my answers in Word, sorry\n"


def binary():
    return bytes(range(256)) * 16


def json_not_notebook():
    return b'{"cells": "my answers", "nbformat": 4}'


def tests_deleted():
    nb = answered("01", "en")
    nb.cells = [c for c in nb.cells if not rel.is_test_cell(c)]
    return encode(nb)


def tests_edited():
    nb = answered("01", "en", WRONG_01)
    for cell in nb.cells:
        if rel.is_test_cell(cell):
            qid = rel.nbgrader_meta(cell)["grade_id"]
            cell.source = f"print('✓ {qid}: public tests passed')"
    return encode(nb)


def tests_markdown():
    nb = answered("01", "en", WRONG_01)
    for i, cell in enumerate(nb.cells):
        if rel.is_test_cell(cell):
            md = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
            md["id"] = cell["id"]
            nb.cells[i] = md
    return encode(nb)


MONKEYPATCH = '''\
import builtins, os, sys, pathlib
import kerastutor, kerastutor.exercises, kerastutor.exercises.framework as fw
_ok = lambda *a, **k: print("✓ public tests passed")
kerastutor.exercises.check = kerastutor.exercises.check_all = _ok
check = check_all = _ok
fw.Exercise.run = lambda self, qid, ns: "✓"
fw.Answers.expect = fw.Answers.equal = fw.Answers.close = fw.Answers.shape = lambda *a, **k: None
kerastutor.verify_true = kerastutor.verify_equal = lambda *a, **k: None
# a fake kerastutor that shadows the real one, first on sys.path
fake = pathlib.Path("shadow/kerastutor/exercises")
fake.mkdir(parents=True, exist_ok=True)
(fake.parent / "__init__.py").write_text("def set_language(*a): pass\\n")
(fake / "__init__.py").write_text("def start(*a, **k): pass\\ncheck = check_all = lambda *a, **k: None\\n")
sys.path.insert(0, str(fake.parent.parent.resolve()))
sys.path.insert(0, "shadow")
'''


def monkeypatch():
    return encode(insert_after(answered("01", "en", WRONG_01), "q4_answer", MONKEYPATCH))


KERNEL_PATCH = '''\
import inspect
_kernel = get_ipython().kernel
_real = _kernel.do_execute
if inspect.iscoroutinefunction(_real):
    async def _forged(*args, **kwargs):
        reply = await _real(*args, **kwargs)
        reply["status"] = "ok"
        return reply
else:
    def _forged(*args, **kwargs):
        reply = _real(*args, **kwargs)
        reply["status"] = "ok"
        return reply
_kernel.do_execute = _forged
'''


def kernel_patch():
    return encode(insert_after(answered("01", "en", WRONG_01), "q4_answer", KERNEL_PATCH))


def kernel_patch_selective():
    """Forges only what looks like a test cell, hoping to let a plain canary through."""
    code = KERNEL_PATCH.replace(
        'reply["status"] = "ok"',
        'if "check(" in str(kwargs.get("code", args[:1])):\n            reply["status"] = "ok"')
    return encode(insert_after(answered("01", "en", WRONG_01), "q4_answer", code))


def cheat(sheet: pathlib.Path, submissions: pathlib.Path):
    teacher = rel.teacher_copy(ROOT, "01", "en")
    code = f'''\
import glob, json, pathlib
found = []
for path in [{str(teacher)!r}, {str(ROOT / "solutions" / "source" / teacher.with_suffix(".py").name)!r}]:
    try:
        source = json.loads(pathlib.Path(path).read_text()) if path.endswith(".ipynb") else None
        for cell in source["cells"]:
            if "BEGIN SOLUTION" in "".join(cell["source"]):
                exec("".join(cell["source"]))
                found.append(path)
    except Exception as exc:
        print("cannot read", path, exc)
for other in glob.glob({str(submissions)!r} + "/*.ipynb"):
    found.append(other)
for target in [{str(sheet)!r}, {str(sheet.with_name(sheet.stem + "_feedback") / "cheat.html")!r}]:
    try:
        with open(target, "a") as out:
            out.write("cheat.ipynb,3,2,3,2,10,10,ok,\\n")
    except Exception as exc:
        print("cannot write", target, exc)
'''
    nb = student_copy("01", "en")
    nb.cells[_index(nb, "q1_answer")].source = code
    return encode(nb)


def slow():
    nb = student_copy("01", "en")
    return encode(insert_after(nb, "q1_answer", *["import time\ntime.sleep(9)"] * 5))


@dataclasses.dataclass
class Scenario:
    name: str
    make: object
    status: str
    points: dict[str, float] | None  # None: check only the total
    total: float
    lang: str | None = None  # the language the feedback must be in


FULL = {"q1": 3, "q2": 2, "q3": 3, "q4": 2}
ZERO = {"q1": 0, "q2": 0, "q3": 0, "q4": 0}

SCENARIOS_01 = [
    Scenario("correct_en.ipynb", correct, "ok", FULL, 10, "en"),
    Scenario("correct_zh.ipynb", lambda: correct("zh"), "ok", FULL, 10, "zh"),
    Scenario("unanswered.ipynb", unanswered, "ok", ZERO, 0, "zh"),
    Scenario("partial.ipynb", partial, "ok", {"q1": 3, "q2": 2, "q3": 0, "q4": 0}, 5, "en"),
    Scenario("wrong.ipynb", wrong, "ok", ZERO, 0, "en"),
    Scenario("infinite_loop.ipynb", infinite_loop, "cell_timeout", FULL, 10, "en"),
    Scenario("stubborn_loop.ipynb", stubborn_loop, "cell_timeout", FULL, 10, "en"),
    Scenario("memory_bomb.ipynb", memory_bomb, "memory", FULL, 10, "zh"),
    Scenario("killer.ipynb", killer, "kernel_died", FULL, 10, "en"),
    Scenario("server_killer.ipynb", server_killer, "kernel_died", FULL, 10, "en"),
    Scenario("sys_exit.ipynb", sys_exit, "sys_exit", FULL, 10, "en"),
    Scenario("flood.ipynb", flood, "ok", FULL, 10, "en"),
    Scenario("stderr_warnings.ipynb", stderr_warnings, "ok", FULL, 10, "en"),
    Scenario("not_json.ipynb", not_json, "invalid_json", ZERO, 0, None),
    Scenario("binary.ipynb", binary, "invalid_json", ZERO, 0, None),
    Scenario("json_not_notebook.ipynb", json_not_notebook, "not_notebook", ZERO, 0, None),
    Scenario("tests_deleted.ipynb", tests_deleted, "ok", FULL, 10, "en"),
    Scenario("tests_edited.ipynb", tests_edited, "ok", ZERO, 0, "en"),
    Scenario("tests_markdown.ipynb", tests_markdown, "ok", ZERO, 0, "en"),
    Scenario("monkeypatch.ipynb", monkeypatch, "tampered", ZERO, 0, "en"),
    Scenario("kernel_patch.ipynb", kernel_patch, "tampered", ZERO, 0, "en"),
    Scenario("kernel_patch_selective.ipynb", kernel_patch_selective, "tampered", ZERO, 0, "en"),
    Scenario("slow.ipynb", slow, "timeout", ZERO, 0, "en"),
]


def write_scenarios(folder: pathlib.Path, sheet: pathlib.Path | None = None, with_cheat: bool = True) -> list[Scenario]:
    """Write SCENARIOS_01 (and the cheat, which needs the sheet's path) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    scenarios = list(SCENARIOS_01)
    if with_cheat:
        sheet = sheet or folder.parent / "grades.csv"
        scenarios.append(Scenario("cheat.ipynb", lambda: cheat(sheet, folder), "ok", ZERO, 0, "en"))
    for s in scenarios:
        (folder / s.name).write_bytes(s.make())
    return scenarios


# --- exercise 02 -------------------------------------------------------------------------------

PARTIAL_02 = {  # q1 right for Dense only; q2 ignores the mode; q3 right; q4 glorot
    "q1_answer": "def fans(kernel_shape):\n    return kernel_shape[-2], kernel_shape[-1]",
    "q2_answer": "def spread(kernel_shape, scale, mode, distribution):\n    fan_in, fan_out = fans(kernel_shape)\n"
                 "    limit = math.sqrt(3 * scale / fan_in)\n    return limit if distribution == 'uniform' else limit / math.sqrt(3)",
    "q4_answer": "def relu_stack(depth, width, input_dim):\n    return keras.Sequential([keras.Input((input_dim,))] + "
                 "[keras.layers.Dense(width, activation='relu') for _ in range(depth)])",
}


def correct_02(lang="en"):
    return encode(answered("02", lang))


def partial_02(lang="zh"):
    return encode(answered("02", lang, PARTIAL_02))


# --- exercise 08: forged verdicts ------------------------------------------------------------------
# Each notebook answers q3 and q4 honestly (6 points) and forges q1 and q2 in one way. None of the
# forgeries may earn anything; the row says "tampered"; q3 and q4 still score.

LIAR = """
class _Always(int):
    def __eq__(self, other):
        return True
    __hash__ = int.__hash__
"""
FORGE_Q2 = ("def simple_rnn_steps(x, kernel, recurrent_kernel, bias):\n"
            "    return np.zeros((x.shape[0], x.shape[1], kernel.shape[1]), dtype='float32')")
FORGERIES_08 = {
    # the submission: math.isclose, np.allclose and np.max always agree; an int whose == is always true
    "forge_issue": {
        "q1_answer": "import math\nmath.isclose = lambda *a, **k: True\n" + LIAR +
                     "def recurrent_params(kind, units, features, reset_after=True):\n    return _Always(1)",
        "q2_answer": "np.allclose = lambda *a, **k: True\nnp.max = lambda *a, **k: 0.0\n" + FORGE_Q2,
    },
    "forge_int_subclass": {
        "q1_answer": LIAR + "def recurrent_params(kind, units, features, reset_after=True):\n    return _Always(7)",
        "q2_answer": LIAR + "class _Lying(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(self.shape, bool)\n"
                     + FORGE_Q2.replace("return np.zeros", "return np.zeros") + ".view(_Lying)",
    },
    "forge_builtins": {
        "q1_answer": "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.round = lambda *a, **k: 0\n"
                     "builtins.pow = lambda *a, **k: 0\n"
                     "def recurrent_params(kind, units, features, reset_after=True):\n    return 0",
        "q2_answer": FORGE_Q2,
    },
    "forge_keras": {
        "q1_answer": "keras.layers.Layer.count_params = lambda self: 0\nkeras.Model.count_params = lambda self: 0\n"
                     "def recurrent_params(kind, units, features, reset_after=True):\n    return 0",
        "q2_answer": "keras.ops.convert_to_numpy = lambda x: np.zeros(np.shape(x), 'float32')\n" + FORGE_Q2,
    },
    "forge_kerastutor": {
        "q1_answer": "import kerastutor, kerastutor.exercises, kerastutor.exercises.framework as _fw\n"
                     "_fw.Exercise.run = lambda self, qid, ns: 'ok'\n"
                     "kerastutor.exercises.check = check = lambda *a, **k: None\n"
                     "kt.pick = lambda zh, en, lang=None: en\n"
                     "def recurrent_params(kind, units, features, reset_after=True):\n    return 0",
        "q2_answer": FORGE_Q2,
    },
}


def forged_08(name: str, lang: str = "en"):
    return encode(answered("08", lang, FORGERIES_08[name]))


HONEST_08 = {"q1": 0, "q2": 0, "q3": 3, "q4": 2}
SCENARIOS_08 = [Scenario(f"{name}.ipynb", lambda name=name: forged_08(name), "tampered", HONEST_08, 5, "en")
                for name in FORGERIES_08]
SCENARIOS_08.append(Scenario("correct_08.ipynb", lambda: encode(answered("08", "zh")), "ok",
                             {"q1": 2, "q2": 3, "q3": 3, "q4": 2}, 10, "zh"))
# passes q1's public check, but ignores reset_after: a hidden test fails (its message must not give the case away)
IGNORES_RESET_AFTER = {"q1_answer": "def recurrent_params(kind, units, features, reset_after=True):\n"
                                    "    base = units * (units + features + 1)\n"
                                    "    return {'SimpleRNN': base, 'LSTM': 4 * base}.get(kind, 3 * base + 3 * units)"}
SCENARIOS_08.append(Scenario("ignores_reset_after.ipynb", lambda: encode(answered("08", "en", IGNORES_RESET_AFTER)),
                             "ok", {"q1": 0, "q2": 3, "q3": 3, "q4": 2}, 8, "en"))


if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/submissions")
    for s in write_scenarios(out / "01"):
        print(out / "01" / s.name, s.status, s.total)
    (out / "02").mkdir(parents=True, exist_ok=True)
    (out / "02" / "correct.ipynb").write_bytes(correct_02())
    (out / "02" / "partial.ipynb").write_bytes(partial_02())
    print(json.dumps({"02": ["correct.ipynb", "partial.ipynb"]}))
