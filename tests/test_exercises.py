"""Exercise notebooks: teacher copies pass, student copies are fresh, stubbed and leak nothing,
and check() says the right thing, in both languages. Every solutions/source/NN_*.py is covered."""
from __future__ import annotations

import contextlib
import io
import pathlib
import re
import shutil
import time

import nbformat
import pytest

import kerastutor as kt
from kerastutor.exercises import ExerciseFailed, get
from kerastutor.grading import release as rel
from kerastutor.grading.cli import release_main
from kerastutor.layout import ROOT, solutions

SOURCES = sorted((ROOT / "solutions" / "source").glob("[0-9][0-9]_*.py"))
NUMBERS = [p.name[:2] for p in SOURCES]
LANGS = ("zh", "en")
CASES = [(n, lang) for n in NUMBERS for lang in LANGS]


def teacher(number: str, lang: str) -> pathlib.Path:
    return rel.teacher_copy(ROOT, number, lang)


def student(number: str, lang: str) -> pathlib.Path:
    return ROOT / "exercises" / lang / teacher(number, lang).name


@pytest.fixture(autouse=True)
def _keep_language():
    before = kt.get_language()
    yield
    kt.set_language(before)


def code_cells(path: pathlib.Path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def run_in_process(cells, namespace=None, stop_before=None):
    """Execute code cells in one namespace (the test process), like a kernel would.
    Returns (namespace, {grade_id: exception or None}, stdout)."""
    ns = {"__name__": "__main__"} if namespace is None else namespace
    results, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out):
        for index, cell in enumerate(cells):
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if stop_before is not None and gid == stop_before:
                break
            try:
                exec(compile(cell.source, f"<cell {index}>", "exec"), ns)
                results[gid] = None
            except Exception as exc:  # noqa: BLE001 - collected for the assertions
                results[gid] = exc
    return ns, results, out.getvalue()


def test_there_are_exercises():
    assert {"01", "02"} <= set(NUMBERS)


def test_sources_are_consistent_and_built():
    from kerastutor.notebooks import check_consistency

    for source in SOURCES:
        assert check_consistency(source) == [], source.name
    assert solutions().stale() == [], "run `kerastutor build`"


def test_exercises_are_released():
    assert rel.Release(ROOT).stale() == [], "run `kerastutor release`"


def test_release_check_detects_stale_and_orphans(tmp_path, capsys):
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    assert release_main(["--check", "--root", str(tmp_path)]) == 0
    target = tmp_path / "exercises" / "en" / teacher("01", "en").name
    target.write_text(target.read_text(encoding="utf-8").replace("YOUR CODE HERE", "my answer"), encoding="utf-8")
    (tmp_path / "exercises" / "zh" / "99_gone.ipynb").write_text("{}", encoding="utf-8")
    assert release_main(["--check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "01_" in out and "99_gone" in out
    assert release_main(["--root", str(tmp_path)]) == 0
    assert release_main(["--check", "--root", str(tmp_path)]) == 0
    assert not (tmp_path / "exercises" / "zh" / "99_gone.ipynb").exists()


def secret_lines(nb) -> tuple[set[str], set[str]]:
    """Lines of answers and hidden tests worth looking for, and the lines shown anyway."""
    secret, public = set(), set()
    for cell in nb.cells:
        src = cell.source
        regions = rel.solution_regions(src) + (rel.hidden_regions(src) if rel.is_test_cell(cell) else [])
        inside = {line.strip() for region in regions for line in region.splitlines()}
        secret |= {line for line in inside if len(line) >= 8 and not line.startswith("#")}
        public |= {line.strip() for line in rel.strip_hidden(rel.strip_solutions(src, cell.cell_type)).splitlines()}
    return secret - public, public


@pytest.mark.parametrize("number,lang", CASES)
def test_student_copy_leaks_nothing(number, lang):
    teacher_nb = nbformat.read(teacher(number, lang), as_version=4)
    text = student(number, lang).read_text(encoding="utf-8")
    secret, _ = secret_lines(teacher_nb)
    assert secret, "the teacher copy should have answers and hidden tests"
    student_nb = nbformat.reads(text, as_version=4)
    sources = "\n".join(c.source for c in student_nb.cells)
    leaked = [line for line in secret if line in sources]
    assert leaked == []
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in text
    for cell in student_nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert student_nb.metadata["kerastutor"]["lang"] == lang
    # every answer cell was stubbed
    stubs = [c for c in student_nb.cells if rel.is_solution_cell(c)]
    assert stubs and all("raise NotImplementedError()" in c.source and "# YOUR CODE HERE" in c.source for c in stubs)


def test_release_rules():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    assert rel.strip_solutions(src, "code") == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert rel.strip_hidden("check('q1')\n### BEGIN HIDDEN TESTS\nassert f(2) == 2\n### END HIDDEN TESTS") == "check('q1')"
    with pytest.raises(rel.ReleaseError, match="without END"):
        rel.strip_solutions("### BEGIN SOLUTION\nx = 1\n", "code")
    with pytest.raises(rel.ReleaseError, match="without BEGIN"):
        rel.strip_hidden("### END HIDDEN TESTS")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")])
    with pytest.raises(rel.ReleaseError, match="solution: true"):
        rel.student_copy(nb)
    # nbgrader's rule: a solution cell without markers is replaced whole
    nb.cells[0].source = "x = 1"
    nb.cells[0].metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "a"}
    assert rel.student_copy(nb).cells[0].source == "# YOUR CODE HERE\nraise NotImplementedError()"


@pytest.mark.parametrize("number", NUMBERS)
def test_test_cells_match_registered_checks(number):
    exercise = get(number)
    for lang in LANGS:
        nb = nbformat.read(teacher(number, lang), as_version=4)
        tests = [c for c in nb.cells if rel.is_test_cell(c)]
        answers = [c for c in nb.cells if rel.is_solution_cell(c)]
        ids = [rel.nbgrader_meta(c)["grade_id"] for c in tests]
        assert ids == list(exercise.questions), lang
        assert 3 <= len(ids) <= 5
        for cell, qid in zip(tests, ids):
            meta = rel.nbgrader_meta(cell)
            assert isinstance(meta.get("points"), int) and meta["points"] > 0
            assert meta.get("locked") is True and meta.get("schema_version") == 3
            assert cell.source.startswith(f'check("{qid}")')
            assert rel.hidden_regions(cell.source), f"{qid} has no hidden tests"
        assert [rel.nbgrader_meta(c)["grade_id"] for c in answers] == [f"{q}_answer" for q in ids]
        assert nb.metadata["kerastutor"]["lang"] == lang
        setup = next(c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
        assert setup.source.startswith("import kerastutor as kt") and f'start("{number}")' in setup.source


@pytest.mark.parametrize("number,lang", CASES)
def test_teacher_copy_passes_every_test(number, lang):
    start = time.perf_counter()
    _, results, out = run_in_process(code_cells(teacher(number, lang)))
    elapsed = time.perf_counter() - start
    failed = {gid: repr(exc) for gid, exc in results.items() if exc is not None}
    assert failed == {}
    for qid in get(number).questions:
        assert f"✓ {qid}" in out
    passed_word = "公开测试通过" if lang == "zh" else "public tests passed"
    assert out.count(passed_word) >= len(get(number).questions)
    assert elapsed < 20


@pytest.mark.parametrize("number,lang", CASES)
def test_student_copy_says_not_answered(number, lang):
    cells = code_cells(student(number, lang))
    _, results, _ = run_in_process(cells)
    for qid in get(number).questions:
        exc = results[qid]
        assert isinstance(exc, ExerciseFailed) and exc.reason == "ex.not_answered", (qid, exc)
        expected = f"还没有作答" if lang == "zh" else f"you have not answered {qid} yet"
        assert expected in str(exc)
        assert "Traceback" not in str(exc)


@pytest.mark.parametrize("number", NUMBERS)
def test_real_kernel_run(number):
    """The teacher copy in a real kernel: clean, nothing on stderr, in time."""
    from nbclient import NotebookClient

    nb = nbformat.read(teacher(number, "en"), as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert time.perf_counter() - start < 45  # includes starting the kernel (TensorFlow's import)
    stderr = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"]
    assert stderr == []


def test_learner_sees_one_line_not_a_traceback():
    """A failed check in a real kernel: the cell fails (an error output), shown as one sentence."""
    from nbclient import NotebookClient

    nb = nbformat.read(student("01", "en"), as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    q1 = next(c for c in nb.cells if rel.nbgrader_meta(c).get("grade_id") == "q1")
    shown = [o.get("text", "") for o in q1.outputs] + [line for o in q1.outputs for line in o.get("traceback", [])]
    assert any("you have not answered q1 yet" in s for s in shown)
    errors = [o for o in q1.outputs if o.output_type == "error"]  # the cell fails, in one line
    assert all(len(o.traceback) == 1 and "Traceback" not in o.traceback[0] for o in errors)


# (exercise, question, code that replaces the answer, reason the check must give)
WRONG_ANSWERS = [
    ("01", "q1", "first_layer = keras.layers.Conv1D(32, 3)", "ex01.q1.not_dense"),
    ("01", "q1", "first_layer = keras.layers.Dense(16, activation='relu')", "ex01.q1.units"),
    ("01", "q1", "first_layer = keras.layers.Dense(32, kernel_initializer='he_uniform')", "ex01.q1.activation"),
    ("01", "q1", "first_layer = keras.layers.Dense(32, activation='relu')", "ex01.q1.initializer"),
    ("01", "q2", "def dense_output_shape(s, u):\n    return [*s[:-1], u]", "ex01.q2.not_tuple"),
    ("01", "q2", "def dense_output_shape(s, u):\n    return (u,)", "ex.not_equal"),
    ("01", "q2", "def dense_output_shape(s, u):\n    return s[5]", "ex.raised"),
    ("01", "q3", "def build_model():\n    return keras.Sequential([keras.layers.Dense(32, input_shape=(16,)),"
                 " keras.layers.Dense(16), keras.layers.Dense(8)])", "ex01.q3.input_shape_arg"),
    ("01", "q3", "def build_model():\n    return keras.Sequential([keras.Input((16,)), keras.layers.Dense(32),"
                 " keras.layers.Dense(8)])", "ex01.q3.dense_count"),
    ("01", "q3", "def build_model():\n    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(32),"
                 " keras.layers.Dense(16), keras.layers.Dense(8)])", "shapes.mismatch"),
    ("01", "q3", "def build_model():\n    return 'model'", "ex01.q3.not_model"),
    ("01", "q4", "def input_for(batch):\n    return keras.Input(shape=batch.shape)", "shapes.mismatch"),
    ("01", "q4", "def input_for(batch):\n    return batch", "ex01.q4.not_input"),
    ("02", "q1", "def fans(k):\n    return k[-2], k[-1]", "ex.not_equal"),
    ("02", "q1", "def fans(k):\n    return [k[-2], k[-1]]", "ex02.q1.not_pair"),
    ("02", "q2", "def spread(k, s, m, d):\n    return math.sqrt(s / k[0])", "ex.not_close"),
    ("02", "q2", "def spread(k, s, m, d):\n    return 'sqrt(6/784)'", "ex.not_number"),
    ("02", "q3", "def sampler_stddev(s):\n    return s", "ex.not_close"),
    ("02", "q3", "sampler_stddev = 1.1368", "ex.not_callable"),
    ("02", "q4", "def relu_stack(d, w, i):\n    return keras.Sequential([keras.Input((i,))] + [keras.layers.Dense("
                 "w, activation='relu') for _ in range(d)])", "ex02.q4.scale"),
    ("02", "q4", "def relu_stack(d, w, i):\n    return keras.Sequential([keras.Input((i,))] + [keras.layers.Dense("
                 "w, activation='tanh', kernel_initializer='he_normal') for _ in range(d)])", "ex02.q4.structure"),
]


@pytest.mark.parametrize("number,qid,code,reason", WRONG_ANSWERS,
                         ids=[f"{n}-{q}-{r}-{i}" for i, (n, q, _, r) in enumerate(WRONG_ANSWERS)])
def test_wrong_answer_messages(number, qid, code, reason):
    messages = {}
    for lang in LANGS:
        cells = code_cells(teacher(number, lang))
        ns, results, _ = run_in_process(cells, stop_before=f"{qid}_answer")
        exec(compile(code, "<answer>", "exec"), ns)
        with pytest.raises(ExerciseFailed) as info:
            with contextlib.redirect_stdout(io.StringIO()):
                ns["check"](qid, ns)
        assert info.value.reason == reason
        messages[lang] = str(info.value)
        assert "Traceback" not in messages[lang]
    assert re.search(r"[\u4e00-\u9fff]", messages["zh"])
    assert not re.search(r"[\u4e00-\u9fff]", messages["en"])
