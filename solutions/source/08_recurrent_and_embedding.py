# %% [markdown]
# <!-- zh -->
# # 练习 8　循环层和嵌入层
#
# 配合**第 8 课　循环层和嵌入层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`recurrent_params`、`simple_rnn_steps` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 8 · Recurrent and embedding layers
#
# Goes with **Lesson 8 · Recurrent and embedding layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`recurrent_params`, `simple_rnn_steps`, …) and do
# not reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("08")

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（2 分）　循环层的参数个数
#
# 写一个函数 `recurrent_params(kind, units, features, reset_after=True)`，不建层，用公式返回一个循环层
# 的参数个数（一个整数）：
#
# - `kind` 是 `"SimpleRNN"`、`"LSTM"` 或 `"GRU"`，都带偏置；
# - `units` 是神经元数，`features` 是输入每一步的特征数；
# - `reset_after` 只对 GRU 有意义（Keras 的默认值是 `True`）。
#
# 例如 `recurrent_params("SimpleRNN", 4, 3)` 是 32。
# <!-- en -->
# ## Question 1 (2 points) · Parameters of a recurrent layer
#
# Write a function `recurrent_params(kind, units, features, reset_after=True)` that returns, from the
# formulas and without building a layer, the number of parameters (an integer) of a recurrent layer:
#
# - `kind` is `"SimpleRNN"`, `"LSTM"` or `"GRU"`, each with biases;
# - `units` is the number of units, `features` the number of features per input step;
# - `reset_after` matters only for GRU (Keras's default is `True`).
#
# For example, `recurrent_params("SimpleRNN", 4, 3)` is 32.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def recurrent_params(kind, units, features, reset_after=True):
    ### BEGIN SOLUTION
    base = units * (units + features + 1)
    if kind == "SimpleRNN":
        return base
    if kind == "LSTM":
        return 4 * base
    return 3 * base + (3 * units if reset_after else 0)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
for _kind, _units, _features, _extra in [("SimpleRNN", 32, 10, {}), ("LSTM", 1, 1, {}), ("LSTM", 64, 300, {}),
                                         ("GRU", 7, 2, {}), ("GRU", 7, 2, {"reset_after": False}),
                                         ("GRU", 128, 50, {"reset_after": False})]:
    _layer = getattr(keras.layers, _kind)(_units, **_extra)
    _layer.build((None, 5, _features))
    assert recurrent_params(_kind, _units, _features, **_extra) == _layer.count_params(), kt.pick(
        f"q1：{_kind}{'（reset_after=False）' if _extra else ''}的参数个数不对。",
        f"q1: the parameter count of a {_kind}{' with reset_after=False' if _extra else ''} is wrong.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　手算 SimpleRNN 的每一步
#
# 写一个函数 `simple_rnn_steps(x, kernel, recurrent_kernel, bias)`，只用 NumPy，返回
# `SimpleRNN(units, return_sequences=True)` 的输出，也就是每一步的状态：
#
# - `x` 的形状是 `(样本数, 时间步, 特征数)`；
# - `kernel`、`recurrent_kernel`、`bias` 就是 `layer.get_weights()` 给出的三个数组，形状分别为
#   `(特征数, units)`、`(units, units)`、`(units,)`；
# - 激活函数是 `tanh`，初始状态为 0；
# - 返回形状为 `(样本数, 时间步, units)` 的 NumPy 数组。
# <!-- en -->
# ## Question 2 (3 points) · Every step of a SimpleRNN, by hand
#
# Write a function `simple_rnn_steps(x, kernel, recurrent_kernel, bias)` that, with NumPy only, returns
# the output of `SimpleRNN(units, return_sequences=True)`, that is, the state at every step:
#
# - `x` has shape `(samples, steps, features)`;
# - `kernel`, `recurrent_kernel` and `bias` are the three arrays `layer.get_weights()` gives, of shapes
#   `(features, units)`, `(units, units)` and `(units,)`;
# - the activation is `tanh` and the initial state is 0;
# - return a NumPy array of shape `(samples, steps, units)`.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def simple_rnn_steps(x, kernel, recurrent_kernel, bias):
    ### BEGIN SOLUTION
    h = np.zeros((x.shape[0], recurrent_kernel.shape[0]))
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t, :] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return np.stack(states, axis=1)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(5)
for _samples, _steps, _features, _units in [(1, 1, 1, 1), (3, 8, 2, 5), (4, 3, 6, 2)]:
    _layer = keras.layers.SimpleRNN(_units, return_sequences=True, bias_initializer="random_normal")
    _x = np.random.default_rng(_steps).normal(size=(_samples, _steps, _features)).astype("float32")
    _expected = keras.ops.convert_to_numpy(_layer(_x))
    _got = np.asarray(simple_rnn_steps(_x, *_layer.get_weights()))
    assert _got.shape == _expected.shape and np.allclose(_got, _expected, atol=1e-4), kt.pick(
        f"q2：{'只有一步、一个特征时' if _steps == 1 else '另一种输入形状和 units 时'}，结果与 SimpleRNN(return_sequences=True) 不同。",
        f"q2: {'with a single step and feature' if _steps == 1 else 'for another input shape and units'}, the result "
        "differs from SimpleRNN(return_sequences=True)'s.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　把 Keras 1 的 LSTM 改写成今天的写法
#
# 按文档 001 的写法，一个 LSTM 层是这样创建的（Keras 1）：
#
# ```python
# LSTM(output_dim=16, init='he_normal', inner_init='orthogonal', forget_bias_init='one',
#      activation='tanh', inner_activation='hard_sigmoid', W_regularizer=l2(0.01),
#      U_regularizer=None, b_regularizer=None, dropout_W=0.2, dropout_U=0.1, return_sequences=True)
# ```
#
# 写一个函数 `modern_lstm()`，每次调用都返回一个新的 `keras.layers.LSTM`，它的每一项设置都和上面相同，
# 只是用今天的参数名写。注意 `inner_activation` 的默认值变了，所以要明确写出来。
# <!-- en -->
# ## Question 3 (3 points) · A Keras 1 LSTM, written for today
#
# In document 001's style, an LSTM layer is created like this (Keras 1):
#
# ```python
# LSTM(output_dim=16, init='he_normal', inner_init='orthogonal', forget_bias_init='one',
#      activation='tanh', inner_activation='hard_sigmoid', W_regularizer=l2(0.01),
#      U_regularizer=None, b_regularizer=None, dropout_W=0.2, dropout_U=0.1, return_sequences=True)
# ```
#
# Write a function `modern_lstm()` that returns a new `keras.layers.LSTM` on every call, with every
# setting as above, written with today's argument names. Note that the default of `inner_activation`
# has changed, so spell it out.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def modern_lstm():
    ### BEGIN SOLUTION
    return keras.layers.LSTM(
        units=16,
        kernel_initializer="he_normal",
        recurrent_initializer="orthogonal",
        unit_forget_bias=True,
        activation="tanh",
        recurrent_activation="hard_sigmoid",
        kernel_regularizer=keras.regularizers.L2(0.01),
        recurrent_regularizer=None,
        bias_regularizer=None,
        dropout=0.2,
        recurrent_dropout=0.1,
        return_sequences=True,
    )
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
_l1, _l2 = modern_lstm(), modern_lstm()
assert _l1 is not _l2, kt.pick("q3：每次调用都应返回一个新层。", "q3: each call should return a new layer.")
_cell = _l1.cell
assert _l1.return_sequences is True, kt.pick("q3：应返回整个序列（return_sequences=True）。",
                                             "q3: the layer should return the whole sequence (return_sequences=True).")
assert abs(_cell.dropout - 0.2) < 1e-9 and abs(_cell.recurrent_dropout - 0.1) < 1e-9, kt.pick(
    "q3：dropout_W=0.2 和 dropout_U=0.1 今天分别叫 dropout 和 recurrent_dropout。",
    "q3: dropout_W=0.2 and dropout_U=0.1 are called dropout and recurrent_dropout today.")
assert isinstance(_cell.kernel_regularizer, keras.regularizers.L2) and abs(_cell.kernel_regularizer.l2 - 0.01) < 1e-9, \
    kt.pick("q3：W_regularizer=l2(0.01) 今天是 kernel_regularizer=L2(0.01)。",
            "q3: W_regularizer=l2(0.01) is kernel_regularizer=L2(0.01) today.")
assert _cell.recurrent_regularizer is None and _cell.bias_regularizer is None, kt.pick(
    "q3：循环核和偏置不加正则化器。", "q3: the recurrent kernel and the bias get no regularizer.")
assert _cell.activation is keras.activations.tanh, kt.pick("q3：激活函数应为 tanh。", "q3: the activation should be tanh.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　不受补齐影响的编码器
#
# 写一个函数 `build_masked_encoder(vocab_size)`，返回一个模型：
#
# - 输入是长度不固定的整数序列：`keras.Input(shape=(None,), dtype="int32")`；词的编号是 1 到 `vocab_size`，
#   0 表示补齐；
# - 接着一个 `Embedding`，输出 8 维向量，并把 0 当作补齐遮住；
# - 最后一个 `LSTM(16)`，只输出最后一步，模型输出形状是 `(None, 16)`。
#
# 要求：在一个序列的末尾补任意多个 0，模型的输出都不变。
# <!-- en -->
# ## Question 4 (2 points) · An encoder that padding does not affect
#
# Write a function `build_masked_encoder(vocab_size)` that returns a model:
#
# - its input is an integer sequence of any length, `keras.Input(shape=(None,), dtype="int32")`; word
#   ids run from 1 to `vocab_size`, and 0 means padding;
# - then an `Embedding` with 8-dimensional vectors that masks 0 as padding;
# - last, an `LSTM(16)` returning only its last step, so the model's output has shape `(None, 16)`.
#
# Required: padding a sequence with any number of zeros at the end leaves the model's output unchanged.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def build_masked_encoder(vocab_size):
    ### BEGIN SOLUTION
    ids = keras.Input(shape=(None,), dtype="int32")
    vectors = keras.layers.Embedding(input_dim=vocab_size + 1, output_dim=8, mask_zero=True)(ids)
    return keras.Model(ids, keras.layers.LSTM(16)(vectors))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(2)
_encoder = build_masked_encoder(50)
_emb = [_l for _l in _encoder.layers if isinstance(_l, keras.layers.Embedding)][0]
assert _emb.output_dim == 8 and _emb.mask_zero, kt.pick(
    "q4：Embedding 应输出 8 维向量，并设置 mask_zero=True。", "q4: the Embedding should give 8-dimensional vectors with mask_zero=True.")
_alone_a = keras.ops.convert_to_numpy(_encoder(np.array([[50, 4, 9]])))
_alone_b = keras.ops.convert_to_numpy(_encoder(np.array([[12, 1, 33, 2, 7]])))
_batch = keras.ops.convert_to_numpy(_encoder(np.array([[50, 4, 9, 0, 0, 0], [12, 1, 33, 2, 7, 0]])))
assert np.allclose(_batch, np.concatenate([_alone_a, _alone_b]), atol=1e-5), kt.pick(
    "q4：把长短不同的两个序列补齐成一批后，每个序列的输出应与它单独输入时相同。",
    "q4: two sequences of different lengths padded into one batch should each give the output they give alone.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 全部检查一遍
#
# 交作业之前，运行下面的单元格，一次检查所有题目的公开测试。
# <!-- en -->
# ## Check everything
#
# Before you hand in, run the cell below: it runs every question's public tests at once.

# %%
check_all()
