"""A lesson's checks must be able to fail: break a formula or a code cell and nbval turns red;
write to stderr and the conftest rule turns it red; TensorFlow's start-up lines do not."""
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_nbval(notebook: pathlib.Path, first_failure: bool = False) -> subprocess.CompletedProcess:
    """nbval over `notebook` in a new pytest; `first_failure`: stop at the first red cell (-x)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", *(["-x"] if first_failure else []), str(notebook)],
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
    ("00_course_guide", '"keras": None}', '"keras": "3.12.0"}'),    # envcheck would miss a missing Keras
    ("00_course_guide", "math.sqrt(2) ** 2", "math.sqrt(2) * 2"),    # a false claim behind a ✓ line

    # --- lesson 01 ---
    ("01_models_and_layers", "16 * 32 + 32", "16 * 32"),    # a wrong parameter-count formula
    ("01_models_and_layers", "x @ kernel + bias", "x @ kernel"),    # a wrong Dense formula
    ("01_models_and_layers", "shapes.expect_shape(fixed, (1, 8))", "shapes.expect_shape(fixed, (1, 9))"),  # a changed shape
    ("01_models_and_layers", 'Dense(32, kernel_initializer="he_uniform"', 'Dense(32, kernel_initializer="glorot_uniform"'),  # another initializer
    ("01_models_and_layers", "np.arange(24).reshape(3, 4, 2)", "np.arange(24).reshape(3, 2, 4)"),  # the erratum's reading of (3, 4, 2)

    # --- lesson 02 ---
    ("02_initializers", "conv.build((None, 32, 32, 64))", "conv.build((None, 32, 32, 32))"),    # fans would have to change
    ("02_initializers", '"random_normal": keras.initializers.RandomNormal(seed=SEED)', '"random_normal": keras.initializers.RandomNormal(stddev=0.06, seed=SEED)'),  # another std

    # --- lesson 03 ---
    ("03_constraints_and_regularizers", "by_hand = np.maximum(W, 0)", "by_hand = np.maximum(W, -0.1)"),  # a wrong NonNeg formula
    ("03_constraints_and_regularizers", "desired = rate * np.clip(n, lo, hi) + (1 - rate) * n", "desired = np.clip(n, lo, hi)"),  # MinMaxNorm without rate
    ("03_constraints_and_regularizers", "ACTIVITY_DIVISOR = batch_size if KERAS_VERSION >= (3, 14) else 1", "ACTIVITY_DIVISOR = batch_size if KERAS_VERSION < (3, 14) else 1"),  # the other version's rule

    # --- lesson 04 ---
    ("04_activations", "np.tanh(weighted_sum)", "np.tanh(weighted_sum - bias[j])"),  # a Dense formula without the bias
    ("04_activations", 'keras3_formula = np.clip(grid / 6 + 0.5, 0, 1)', 'keras3_formula = np.clip(0.2 * grid + 0.5, 0, 1)'),  # the Keras 2 hard_sigmoid

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
    ("07_pooling_and_locally_connected", "pooled = pool1d_by_hand(flat, p, s, padding, reduce)",
     "pooled = pool1d_by_hand(flat, p, p, padding, reduce)"),    # axis-by-axis pooling that ignores strides
    ("07_pooling_and_locally_connected", "for i in range(rows) for j in range(cols)",
     "for j in range(cols) for i in range(rows)"),    # LocallyConnected2D pairing windows with the wrong kernels

    # --- lesson 08 ---
    ("08_recurrent_and_embedding", "h = activation(x[:, t, :] @ W + h @ U + b)",
     "h = activation(x[:, t, :] @ W + b)"),    # a SimpleRNN by hand without the recurrent term
    ("08_recurrent_and_embedding", "return 4 * base", "return 3 * base"),    # a wrong LSTM parameter formula

    # --- lesson 09 ---
    ("09_merge_layers", "running_sum([running_sum([in_a, in_b]), in_c])",
     "running_sum([running_sum([in_a, in_b]), in_a])"),    # a shared Add layer wired to the wrong input
    ("09_merge_layers", "keras.layers.Concatenate(axis=1)([p, r])",
     "keras.layers.Concatenate(axis=-1)([p, r])"),    # concatenation on the wrong axis

    # --- lesson 10 ---
    ("10_models_and_methods", "split_at = math.floor(len(x_train) * (1 - 0.2))",
     "split_at = math.floor(len(x_train) * 0.2)"),    # validation_split taken as the first part
    ("10_models_and_methods", "by_hand_weighted = np.mean(weight_of_sample * cross_entropy_per_sample(",
     "by_hand_weighted = (1 / weight_of_sample.mean()) * np.mean(weight_of_sample * cross_entropy_per_sample("),
    # ^ weighted loss divided by the sum of the weights instead of n
    ("10_models_and_methods", "yb_changed[s == 0] += 100.0", "yb_changed[s == 1] += 100.0"),  # zero weight

    # --- lesson 11 ---
    ("11_functional_api", "both_codes = keras.Model([tweet_a, tweet_b], [encoded_a, encoded_b])",
     "both_codes = keras.Model([tweet_a, tweet_b], [encoded_a, encoded_a])"),    # the wrong call kept
    ("11_functional_api", 'lstm_calls = reloaded.get_layer("both_codes").input',
     'lstm_calls = [reloaded.get_layer("shared_lstm").output] * 2'),    # .output: the first call only
    ("11_functional_api", "np.maximum(codes @ w1 + b1, 0)", "(codes @ w1 + b1)"),    # relu left out by hand

    # --- lesson 12 ---
    ("12_subclassing", "        loss = 0.5 * tf.reduce_mean(tf.square(y_pred - y))",
     "        loss = tf.reduce_mean(tf.square(y_pred - y))"),    # the document's ½ dropped
    ("12_subclassing", "return ops.matmul(inputs, self.kernel) + self.bias", "return ops.matmul(inputs, self.kernel)"),
    # ^ a custom layer without its bias

]


@pytest.mark.parametrize("lesson,old,new", MUTATIONS,
                         ids=[f"{lesson[:2]}-{i}" for i, (lesson, _, _) in enumerate(MUTATIONS)])
def test_breaking_a_lesson_turns_nbval_red(tmp_path, lesson, old, new):
    result = run_nbval(mutated(tmp_path, f"{lesson}.ipynb", old, new), first_failure=True)
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
