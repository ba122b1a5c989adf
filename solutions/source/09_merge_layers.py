# %% [markdown]
# <!-- zh -->
# # 练习 9　合并层
#
# 配合**第 9 课　合并层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`merge_layer`、`dot_output_shape` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 9 · Merge layers
#
# Goes with **Lesson 9 · Merge layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`merge_layer`, `dot_output_shape`, …) and do not
# reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("09")

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　Keras 1 的 `Merge(mode=…)` 今天是哪个层
#
# Keras 1 只有一个 `Merge` 层，用 `mode` 选择合并方式。写一个函数 `merge_layer(mode)`，对 Keras 1 的每种
# `mode` 返回一个新建的、今天做同样计算的 Keras 3 合并层：
#
# - `mode` 是 `'sum'`、`'mul'`、`'ave'`、`'max'`、`'concat'`、`'dot'`、`'cos'` 之一；
# - 输入是两个形状为 `(批次, n)` 的张量；`'concat'` 沿最后一个轴拼接，`'dot'` 是每个样本的点积，
#   `'cos'` 是每个样本的余弦相似度（后两者输出形状 `(批次, 1)`）。
# <!-- en -->
# ## Question 1 (3 points) · Which layer is Keras 1's `Merge(mode=…)` today
#
# Keras 1 had a single `Merge` layer whose `mode` chose how to merge. Write a function
# `merge_layer(mode)` that, for each Keras 1 `mode`, returns a new Keras 3 merge layer computing the
# same thing:
#
# - `mode` is one of `'sum'`, `'mul'`, `'ave'`, `'max'`, `'concat'`, `'dot'`, `'cos'`;
# - the inputs are two tensors of shape `(batch, n)`; `'concat'` joins along the last axis, `'dot'` is
#   each sample's dot product and `'cos'` each sample's cosine similarity (both of shape `(batch, 1)`).

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def merge_layer(mode):
    ### BEGIN SOLUTION
    if mode == "sum":
        return keras.layers.Add()
    if mode == "mul":
        return keras.layers.Multiply()
    if mode == "ave":
        return keras.layers.Average()
    if mode == "max":
        return keras.layers.Maximum()
    if mode == "concat":
        return keras.layers.Concatenate(axis=-1)
    if mode == "dot":
        return keras.layers.Dot(axes=-1)
    if mode == "cos":
        return keras.layers.Dot(axes=-1, normalize=True)
    raise ValueError(mode)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex09 import EXPECTED_CLASS as _classes, old_merge as _old_merge

_x = np.random.default_rng(4).normal(size=(3, 5)).astype("float32")
_y = np.random.default_rng(5).normal(size=(3, 5)).astype("float32")
for _mode in ("sum", "mul", "ave", "max", "concat", "dot", "cos"):
    _layer = merge_layer(_mode)
    assert _layer.__class__.__name__ == _classes[_mode], kt.pick(
        f"q1：mode={_mode!r} 今天对应 {_classes[_mode]}。", f"q1: mode={_mode!r} is {_classes[_mode]} today.")
    _got = keras.ops.convert_to_numpy(_layer([_x, _y]))
    assert _got.shape == _old_merge(_mode, _x, _y).shape and np.allclose(_got, _old_merge(_mode, _x, _y), atol=1e-5), \
        kt.pick(f"q1：mode={_mode!r} 在另外两个张量上的结果不对。",
                f"q1: mode={_mode!r} gives the wrong result on two other tensors.")
assert merge_layer("sum") is not merge_layer("sum"), kt.pick("q1：每次调用都应新建一个层。",
                                                             "q1: each call should create a new layer.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　`Dot` 的输出形状
#
# 写一个函数 `dot_output_shape(shape_a, shape_b, axes)`，不运行 Keras，返回
# `keras.layers.Dot(axes=axes)([a, b])` 的输出形状（一个元组），其中 `a`、`b` 的形状是 `shape_a`、`shape_b`：
#
# - 两个形状的第 0 轴都是批次轴（可能是 `None`），批次轴不参与点积；
# - `axes` 是一个整数（两个输入用同一个轴），或者一对整数 `(轴1, 轴2)`；轴号可以是负数；
# - 被点积掉的轴消失；剩下的轴先排第一个输入的、再排第二个输入的，前面放一个批次轴；
#   如果除了批次轴什么都不剩，结果是 `(批次, 1)`。
#
# 例如 `dot_output_shape((None, 3, 4), (None, 5, 4), 2)` 是 `(None, 3, 5)`。
# <!-- en -->
# ## Question 2 (2 points) · The output shape of `Dot`
#
# Write a function `dot_output_shape(shape_a, shape_b, axes)` that returns, without running Keras, the
# output shape (a tuple) of `keras.layers.Dot(axes=axes)([a, b])` for `a`, `b` of shapes `shape_a`,
# `shape_b`:
#
# - axis 0 of both shapes is the batch axis (possibly `None`), which takes no part in the product;
# - `axes` is one integer (the same axis for both inputs) or a pair `(axis1, axis2)`; axes may be
#   negative;
# - the axes summed over disappear; the remaining axes come first from the first input, then from the
#   second, behind one batch axis; if nothing but the batch axis remains, the result is `(batch, 1)`.
#
# For example, `dot_output_shape((None, 3, 4), (None, 5, 4), 2)` is `(None, 3, 5)`.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def dot_output_shape(shape_a, shape_b, axes):
    ### BEGIN SOLUTION
    axis_a, axis_b = (axes, axes) if isinstance(axes, int) else axes
    axis_a %= len(shape_a)
    axis_b %= len(shape_b)
    rest = [d for i, d in enumerate(shape_a) if i not in (0, axis_a)]
    rest += [d for i, d in enumerate(shape_b) if i not in (0, axis_b)]
    return (shape_a[0], *rest) if rest else (shape_a[0], 1)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
for _a, _b, _axes in [((None, 3, 4), (None, 3, 5), (1, 1)), ((None, 3, 4), (None, 5, 4), -1),
                      ((2, 6), (2, 6), -1), ((None, 2, 3, 4), (None, 4, 7), (3, 1)), ((None, 5, 2), (None, 5), (1, 1))]:
    _expected = tuple(keras.layers.Dot(axes=_axes).compute_output_shape([_a, _b]))
    assert tuple(dot_output_shape(_a, _b, _axes)) == _expected, kt.pick(
        f"q2：axes 为{'一对' if isinstance(_axes, tuple) else '一个整数'}、输入分别有 {len(_a)} 和 {len(_b)} 个轴时，结果不对。",
        f"q2: the result is wrong with axes as {'a pair' if isinstance(_axes, tuple) else 'one integer'} and inputs "
        f"of {len(_a)} and {len(_b)} axes.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　残差块
#
# 残差连接把一个层的输入直接加到它的输出上：$y = x + f(x)$。写一个函数 `build_residual_block(features)`，
# 用函数式 API 返回一个模型：
#
# - 输入形状 `(features,)`；
# - $f$ 是一个 `Dense(features, activation="relu")`；
# - 输出是输入与 $f$ 的输出之和，用 `Add` 层（或 `keras.layers.add`）相加，形状 `(None, features)`。
# <!-- en -->
# ## Question 3 (3 points) · A residual block
#
# A residual connection adds a layer's input straight onto its output: $y = x + f(x)$. Write a function
# `build_residual_block(features)` that returns a model built with the functional API:
#
# - input shape `(features,)`;
# - $f$ is a `Dense(features, activation="relu")`;
# - the output is the sum of the input and $f$'s output, added with an `Add` layer (or
#   `keras.layers.add`), of shape `(None, features)`.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def build_residual_block(features):
    ### BEGIN SOLUTION
    x = keras.Input(shape=(features,))
    y = keras.layers.Dense(features, activation="relu")(x)
    return keras.Model(x, keras.layers.Add()([x, y]))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(3)
_block = build_residual_block(3)
_dense = [_l for _l in _block.layers if isinstance(_l, keras.layers.Dense)]
assert len(_dense) == 1 and _dense[0].units == 3 and _dense[0].activation is keras.activations.relu, kt.pick(
    "q3：应有一个 Dense(features, activation=\"relu\")。", "q3: there should be one Dense(features, activation=\"relu\").")
_x = np.random.default_rng(6).normal(size=(4, 3)).astype("float32")
_kernel, _bias = _dense[0].get_weights()
assert np.allclose(keras.ops.convert_to_numpy(_block(_x)), _x + np.maximum(_x @ _kernel + _bias, 0), atol=1e-5), kt.pick(
    "q3：输出应为 x + relu(x·kernel + bias)。", "q3: the output should be x + relu(x·kernel + bias).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　合并两个 Sequential 模型
#
# 文档 001 说可以“通过 merge 将两个 Sequential 模型合并”。用今天的函数式 API 写一个函数
# `join_models(first, second)`：
#
# - `first`、`second` 是两个已经建好的 Sequential 模型，各有一个输入（形状可以从 `first.inputs[0].shape` 读出）；
# - 返回一个有两个输入 `[a, b]` 的模型，输出是 `first(a)` 和 `second(b)` 沿最后一个轴的拼接；
# - 直接复用两个模型（把它们当作层来调用），不要新建带权重的层。
# <!-- en -->
# ## Question 4 (2 points) · Merging two Sequential models
#
# Document 001 says that "two Sequential models can be merged with merge". With today's functional API,
# write a function `join_models(first, second)`:
#
# - `first` and `second` are two ready-built Sequential models with one input each (its shape can be
#   read from `first.inputs[0].shape`);
# - return a model with two inputs `[a, b]` whose output is `first(a)` and `second(b)` joined along the
#   last axis;
# - reuse the two models as they are (call them like layers); create no new layers with weights.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def join_models(first, second):
    ### BEGIN SOLUTION
    a = keras.Input(shape=first.inputs[0].shape[1:])
    b = keras.Input(shape=second.inputs[0].shape[1:])
    return keras.Model([a, b], keras.layers.Concatenate()([first(a), second(b)]))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(4)
_first = keras.Sequential([keras.Input(shape=(2, 3)), keras.layers.Flatten(), keras.layers.Dense(4)])
_second = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="sigmoid")])
_joined = join_models(_first, _second)
assert _joined.count_params() == _first.count_params() + _second.count_params(), kt.pick(
    "q4：合并后的模型不应有两个模型之外的参数。", "q4: the merged model should have no parameters beyond the two models'.")
_xa = np.random.default_rng(7).normal(size=(5, 2, 3)).astype("float32")
_xb = np.random.default_rng(8).normal(size=(5, 1)).astype("float32")
_expected = np.concatenate([keras.ops.convert_to_numpy(_first(_xa)), keras.ops.convert_to_numpy(_second(_xb))], axis=-1)
assert np.allclose(keras.ops.convert_to_numpy(_joined([_xa, _xb])), _expected, atol=1e-5), kt.pick(
    "q4：对另外两个输入形状不同的模型，输出应为两者输出的拼接。",
    "q4: for two other models with differently shaped inputs, the output should be their outputs joined.")
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
