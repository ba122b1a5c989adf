"""A lesson's checks must be able to fail: break a formula or a code cell and nbval turns red;
write to stderr and the conftest rule turns it red; TensorFlow's start-up lines do not."""
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_nbval(notebook: pathlib.Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", str(notebook)],
        cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=600)


def mutated(tmp_path, lesson: str, old: str, new: str) -> pathlib.Path:
    nb = nbformat.read(ROOT / "lessons" / "en" / lesson, as_version=4)
    hits = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
    assert hits, f"{old!r} not found in {lesson}: update this test"
    hits[0].source = hits[0].source.replace(old, new)
    path = tmp_path / lesson
    nbformat.write(nb, path)
    return path


def test_unchanged_lesson_passes(tmp_path):
    result = run_nbval(mutated(tmp_path, "01_models_and_layers.ipynb", "expected_counts", "expected_counts"))
    assert result.returncode == 0, result.stdout[-2000:]


# (lesson, text in a code cell, what it becomes): every row must turn the lesson red.
# One block per lesson; each block names what the mutation breaks.
MUTATIONS = [
    # --- lesson 00 ---

    # --- lesson 01 ---
    ("01_models_and_layers", "16 * 32 + 32", "16 * 32"),    # a wrong parameter-count formula
    ("01_models_and_layers", "x @ kernel + bias", "x @ kernel"),    # a wrong Dense formula
    ("01_models_and_layers", "shapes.expect_shape(fixed, (1, 8))", "shapes.expect_shape(fixed, (1, 9))"),  # a changed shape

    # --- lesson 02 ---

    # --- lesson 03 ---

    # --- lesson 04 ---

    # --- lesson 05 ---
    ("05_core_layers", "by_hand = np.maximum(np.dot(x, kernel) + bias, 0.0)",
     "by_hand = np.maximum(np.dot(x, kernel), 0.0)"),    # a Dense formula without the bias
    ("05_core_layers", "to_last = layers.Permute((2, 3, 1))", "to_last = layers.Permute((3, 2, 1))"),  # rows and cols swapped
    ("05_core_layers", "activity_divisor = len(x) if keras_minor >= (3, 14) else 1",
     "activity_divisor = 1"),    # the activity penalty's batch-size rule of the wrong Keras version

    # --- lesson 06 ---
    ("06_convolution_layers", "return (n - 1) * s + (max(k_eff, s) if output_padding is None else k_eff + output_padding)",
     "return (n - 1) * s + (k_eff if output_padding is None else k_eff + output_padding)"),  # the old (n−1)·s + k
    ("06_convolution_layers", "return -(-n // s)  # ⌈n / s⌉", "return n // s  # ⌈n / s⌉"),  # floor instead of ceiling
    ("06_convolution_layers", 'start = 0 if padding == "valid" else max(k - s, 0) // 2',
     "start = 0"),    # `same` transposed convolution without its crop
    ("06_convolution_layers", '"TF_ENABLE_ONEDNN_OPTS": onednn', '"TF_ENABLE_ONEDNN_OPTS": "1"'),  # oneDNN never off

    # --- lesson 07 ---

    # --- lesson 08 ---

    # --- lesson 09 ---

    # --- lesson 10 ---

    # --- lesson 11 ---

    # --- lesson 12 ---

]


@pytest.mark.parametrize("lesson,old,new", MUTATIONS,
                         ids=[f"{lesson[:2]}-{i}" for i, (lesson, _, _) in enumerate(MUTATIONS)])
def test_breaking_a_lesson_turns_nbval_red(tmp_path, lesson, old, new):
    result = run_nbval(mutated(tmp_path, f"{lesson}.ipynb", old, new))
    assert result.returncode != 0
    assert "failed" in result.stdout


def test_a_new_warning_turns_nbval_red_but_tf_startup_lines_do_not(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import sys\nprint('I0000 port.cc:153] oneDNN custom operations are on.', file=sys.stderr)"),
        nbformat.v4.new_code_cell("print('fine')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    quiet = tmp_path / "quiet.ipynb"
    nbformat.write(nb, quiet)
    assert run_nbval(quiet).returncode == 0

    nb.cells.append(nbformat.v4.new_code_cell("import warnings\nwarnings.warn('something new', UserWarning)"))
    noisy = tmp_path / "noisy.ipynb"
    nbformat.write(nb, noisy)
    result = run_nbval(noisy)
    assert result.returncode != 0 and "cell wrote to stderr" in result.stdout and "something new" in result.stdout
