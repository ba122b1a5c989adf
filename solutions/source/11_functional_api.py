# %% [markdown]
# <!-- zh -->
# # 练习 11　函数式 API
#
# 配合**第 11 课　函数式 API**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。公开测试只试一组尺寸，
# 老师批改时还会用别的尺寸运行隐藏测试，所以函数要对任何尺寸都成立。
#
# 每题的答案用题目给定的名字（`build_two_io`、`build_siamese` ……），不要在后面的单元格里改写这些名字。
# <!-- en -->
# # Exercise 11 · The functional API
#
# Goes with **Lesson 11 · The functional API**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. The public tests try one set of sizes; your teacher's grading also
# runs hidden tests with other sizes, so your functions must work for any sizes.
#
# Give each answer the name the question asks for (`build_two_io`, `build_siamese`, …) and do not
# reuse those names further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("11")

import keras
import numpy as np
from keras import layers

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　两个输入、两个输出
#
# 按下面的规格写一个函数 `build_two_io(vocab, length, n_extra)`，返回编译好的模型
# （它是第 11 课新闻标题模型的缩小版）：
#
# 1. 主输入 `keras.Input(shape=(length,), dtype="int32", name="main_input")`：`length` 个词的编号，
#    每个编号是 1 到 `vocab` 之间的整数（包括 `vocab`）；
# 2. `Embedding`，每个词变成 16 维的向量（想清楚 `input_dim` 该是多少）；
# 3. `LSTM(8)`；
# 4. 辅助输出：`Dense(1, activation="sigmoid", name="aux_output")`，接在 LSTM 后面；
# 5. 辅助输入 `keras.Input(shape=(n_extra,), name="aux_input")`，和 LSTM 的输出拼接；
# 6. `Dense(16, activation="relu")`，然后主输出 `Dense(1, activation="sigmoid", name="main_output")`；
# 7. `inputs=[主输入, 辅助输入]`，`outputs=[主输出, 辅助输出]`；
# 8. 编译：优化器 `"rmsprop"`，每个输出各用一个 `binary_crossentropy`，损失权重用**按输出名字的字典**：
#    主输出 1.0，辅助输出 0.2。
# <!-- en -->
# ## Question 1 (3 points) · Two inputs, two outputs
#
# Write a function `build_two_io(vocab, length, n_extra)` that returns a compiled model to this
# specification (a smaller version of lesson 11's headline model):
#
# 1. main input `keras.Input(shape=(length,), dtype="int32", name="main_input")`: `length` word ids,
#    each an integer from 1 to `vocab` (including `vocab`);
# 2. an `Embedding` that turns each word into a 16-dimensional vector (think about what `input_dim`
#    must be);
# 3. `LSTM(8)`;
# 4. auxiliary output: `Dense(1, activation="sigmoid", name="aux_output")` on the LSTM's output;
# 5. auxiliary input `keras.Input(shape=(n_extra,), name="aux_input")`, concatenated with the LSTM's
#    output;
# 6. `Dense(16, activation="relu")`, then the main output
#    `Dense(1, activation="sigmoid", name="main_output")`;
# 7. `inputs=[main input, auxiliary input]`, `outputs=[main output, auxiliary output]`;
# 8. compiled with the `"rmsprop"` optimizer, one `binary_crossentropy` per output, and loss weights
#    given as **a dictionary keyed by output name**: 1.0 for the main output, 0.2 for the auxiliary.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def build_two_io(vocab, length, n_extra):
    ### BEGIN SOLUTION
    main_input = keras.Input(shape=(length,), dtype="int32", name="main_input")
    x = layers.Embedding(input_dim=vocab + 1, output_dim=16)(main_input)
    lstm_out = layers.LSTM(8)(x)
    aux_output = layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
    aux_input = keras.Input(shape=(n_extra,), name="aux_input")
    x = layers.concatenate([lstm_out, aux_input])
    x = layers.Dense(16, activation="relu")(x)
    main_output = layers.Dense(1, activation="sigmoid", name="main_output")(x)
    model = keras.Model(inputs=[main_input, aux_input], outputs=[main_output, aux_output])
    model.compile(optimizer="rmsprop",
                  loss={"main_output": "binary_crossentropy", "aux_output": "binary_crossentropy"},
                  loss_weights={"main_output": 1.0, "aux_output": 0.2})
    return model
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
_m = build_two_io(500, 7, 5)
_emb = [_l for _l in _m.layers if isinstance(_l, keras.layers.Embedding)]
assert len(_emb) == 1 and _emb[0].input_dim == 501 and _emb[0].output_dim == 16, kt.pick(
    "q1：对另一个词表大小，嵌入层的 input_dim 或 output_dim 不对。",
    "q1: for another vocabulary size, the embedding's input_dim or output_dim is wrong.")
_lstm = [_l for _l in _m.layers if isinstance(_l, keras.layers.LSTM)]
assert len(_lstm) == 1 and _lstm[0].units == 8, kt.pick("q1：应有一个 LSTM(8)。", "q1: there should be one LSTM(8).")
assert tuple(_m.get_layer("main_input").output.shape) == (None, 7) and tuple(_m.get_layer("aux_input").output.shape) == (None, 5), kt.pick(
    "q1：对另一组长度，两个输入的形状不对。", "q1: for other lengths, the two inputs' shapes are wrong.")
_expected_params = 501 * 16 + 4 * (8 * (16 + 8) + 8) + (8 + 1) + ((8 + 5) * 16 + 16) + (16 + 1)
assert _m.count_params() == _expected_params, kt.pick(
    "q1：对另一组大小，模型的参数个数不对。", "q1: for other sizes, the model's parameter count is wrong.")
_cfg = _m.get_compile_config()
assert isinstance(_cfg["loss_weights"], dict) and _cfg["loss_weights"] == {"main_output": 1.0, "aux_output": 0.2}, kt.pick(
    "q1：损失权重应写成按输出名字的字典。", "q1: the loss weights should be a dictionary keyed by output name.")
_hist = _m.fit({"main_input": np.full((4, 7), 500), "aux_input": np.zeros((4, 5), "float32")},
               {"main_output": np.ones((4, 1)), "aux_output": np.ones((4, 1))}, epochs=1, verbose=0)
assert np.isfinite(_hist.history["loss"][0]), kt.pick(
    "q1：模型应能用按名字的字典数据训练。", "q1: the model should train on data given as dictionaries by name.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　共享一个 LSTM
#
# 写一个函数 `build_siamese(length, features, units)`，返回（不必编译）一个模型：
#
# - 两个输入 `keras.Input(shape=(length, features), name="left")` 和 `name="right"`，按这个顺序；
# - **一个** `LSTM(units)` 层，两个输入都经过它（共享层）；
# - 两个编码用 `concatenate` 拼接（左在前、右在后），再接 `Dense(1, activation="sigmoid")` 作为输出。
#
# 检查会确认：两个输入依次叫 left、right；模型里只有一个 LSTM（直接放在模型里，或放在一个子模型里都可以），
# 两个输入都经过它，参数只算一份；左右输入同一段序列时两边的编码相同；拼接结果的前一半是左边的编码。
# <!-- en -->
# ## Question 2 (3 points) · Sharing one LSTM
#
# Write a function `build_siamese(length, features, units)` that returns a model (no need to compile
# it) with
#
# - two inputs, `keras.Input(shape=(length, features), name="left")` and `name="right"`, in that
#   order;
# - **one** `LSTM(units)` layer through which both inputs go (a shared layer);
# - the two codes joined with `concatenate` (left first, then right), followed by
#   `Dense(1, activation="sigmoid")` as the output.
#
# The checks confirm that the inputs are named left and right, in that order; that the model holds a
# single LSTM (directly, or inside a sub-model) through which both inputs go and whose parameters
# count once; that the same sequence on both sides gives the same code on both sides; and that the
# left code comes first in the concatenation.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def build_siamese(length, features, units):
    ### BEGIN SOLUTION
    left = keras.Input(shape=(length, features), name="left")
    right = keras.Input(shape=(length, features), name="right")
    shared = layers.LSTM(units)
    merged = layers.concatenate([shared(left), shared(right)])
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex11 import lstm_layers as _lstm_layers, lstm_params as _lstm_params

keras.utils.set_random_seed(5)
_s = build_siamese(7, 3, 5)
assert [_t.name for _t in _s.inputs] == ["left", "right"], kt.pick(
    "q2：两个输入应依次叫 left 和 right。", "q2: the two inputs should be named left and right, in that order.")
assert _s.count_params() == _lstm_params(3, 5) + 2 * 5 + 1, kt.pick(
    "q2：对另一组大小，参数个数不对。", "q2: for other sizes, the parameter count is wrong.")
_lstm = _lstm_layers(_s)[0]   # wherever it sits, a nested model too
_head = next(_l for _l in _s.layers if isinstance(_l, keras.layers.Dense))
_xa = np.random.default_rng(6).normal(size=(2, 7, 3)).astype("float32")
_xb = np.random.default_rng(7).normal(size=(2, 7, 3)).astype("float32")
_kernel, _bias = _head.get_weights()
_codes = np.concatenate([keras.ops.convert_to_numpy(_lstm(_xa)), keras.ops.convert_to_numpy(_lstm(_xb))], axis=-1)
_want = 1 / (1 + np.exp(-(_codes @ _kernel + _bias)))
assert np.allclose(keras.ops.convert_to_numpy(_s([_xa, _xb])), _want, atol=1e-5), kt.pick(
    "q2：拼接的前一半应是左边的编码，后一半是右边的。", "q2: the first half of the concatenation should be the left code, the second the right.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　LSTM 有多少个参数
#
# 写一个函数 `lstm_param_count(input_dim, units)`，不运行 Keras，返回一个 `LSTM(units)` 层
# 作用在每步 `input_dim` 个特征的序列上时的参数个数（一个整数）。例如文档 000 的 `LSTM(32)`
# 接在 512 维的嵌入后面，有 69760 个参数。
# <!-- en -->
# ## Question 3 (2 points) · How many parameters does an LSTM have?
#
# Write a function `lstm_param_count(input_dim, units)` that returns, without running Keras, the
# number of parameters (an integer) of an `LSTM(units)` layer on sequences with `input_dim` features
# per step. For example, document 000's `LSTM(32)` after a 512-dimensional embedding has 69760.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def lstm_param_count(input_dim, units):
    ### BEGIN SOLUTION
    return 4 * (units * (input_dim + units) + units)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
for _d, _u in [(1, 1), (7, 3), (64, 16), (300, 128)]:
    _layer = keras.layers.LSTM(_u)
    _layer.build((None, 5, _d))
    assert lstm_param_count(_d, _u) == _layer.count_params(), kt.pick(
        f"q3：{'input_dim 和 units 都为 1' if _d == _u == 1 else '另一组 input_dim 和 units'}时，参数个数不对。",
        f"q3: the parameter count is wrong {'with input_dim and units both 1' if _d == _u == 1 else 'for other input_dim and units'}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　共享层每次调用的输出
#
# `get_output_at` 已经没有了。写一个函数 `two_codes(shared, input_a, input_b)`：`shared` 是一个层，
# `input_a`、`input_b` 是两个 `keras.Input`。把 `shared` 分别作用在两个输入上，返回一个模型，
# 它的输入是 `[input_a, input_b]`，两个输出依次是这两次调用的结果。不要创建新的层。
# <!-- en -->
# ## Question 4 (2 points) · The output of each call of a shared layer
#
# `get_output_at` is gone. Write a function `two_codes(shared, input_a, input_b)`: `shared` is a
# layer, `input_a` and `input_b` are two `keras.Input`s. Apply `shared` to each input and return a
# model whose inputs are `[input_a, input_b]` and whose two outputs are the results of those two
# calls, in order. Do not create any new layer.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def two_codes(shared, input_a, input_b):
    ### BEGIN SOLUTION
    code_a = shared(input_a)
    code_b = shared(input_b)
    return keras.Model([input_a, input_b], [code_a, code_b])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(8)
_shared = keras.layers.LSTM(4)
_ia, _ib = keras.Input((6, 2)), keras.Input((6, 2))
_tm = two_codes(_shared, _ia, _ib)
_a = np.random.default_rng(9).normal(size=(3, 6, 2)).astype("float32")
_b = np.random.default_rng(10).normal(size=(3, 6, 2)).astype("float32")
_ca, _cb = (keras.ops.convert_to_numpy(_o) for _o in _tm([_a, _b]))
assert np.allclose(_ca, keras.ops.convert_to_numpy(_shared(_a)), atol=1e-6) and np.allclose(
    _cb, keras.ops.convert_to_numpy(_shared(_b)), atol=1e-6), kt.pick(
    "q4：用 LSTM 作共享层时，两个输出应分别是两次调用的结果。",
    "q4: with an LSTM as the shared layer, the two outputs should be the two calls' results.")
assert len(_tm.weights) == 3, kt.pick(
    "q4：模型的权重应正是共享层的那 3 个变量（没有第二份）。",
    "q4: the model's weights should be just the shared layer's 3 variables (no second copy).")
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
