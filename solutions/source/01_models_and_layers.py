# %% [markdown]
# <!-- zh -->
# # 练习 1　模型和层
#
# 配合**第 1 课　模型和层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`first_layer`、`build_model` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 1 · Models and layers
#
# Goes with **Lesson 1 · Models and layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`first_layer`, `build_model`, …) and do not
# reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("01")

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　一个层的五项设置
#
# 文档 002 说，一个层需要六样东西：输入形状、神经元个数、初始化器、正则化器、约束和激活函数。
# 输入形状要等这个层放进模型时才给出；其余五样现在就写进层里。
#
# 创建一个 `keras.layers.Dense` 层，赋给 `first_layer`，要求：
#
# - 32 个神经元；
# - 核初始化器 `he_uniform`；
# - 核正则化器 L2，系数 0.001；
# - 核约束 `MaxNorm`，`max_value=2.0`；
# - 激活函数 `relu`。
# <!-- en -->
# ## Question 1 (3 points) · Five settings of a layer
#
# Document 002 says a layer needs six things: an input shape, a number of units, an initializer, a
# regularizer, a constraint and an activation. The input shape comes when the layer is put into a
# model; the other five go into the layer now.
#
# Create a `keras.layers.Dense` layer and bind it to `first_layer`, with
#
# - 32 units;
# - the kernel initializer `he_uniform`;
# - an L2 kernel regularizer with factor 0.001;
# - a `MaxNorm` kernel constraint with `max_value=2.0`;
# - the `relu` activation.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
# zh: 把你的层赋给 first_layer
# en: Bind your layer to first_layer
### BEGIN SOLUTION
first_layer = keras.layers.Dense(
    32,
    kernel_initializer="he_uniform",
    kernel_regularizer=keras.regularizers.L2(0.001),
    kernel_constraint=keras.constraints.MaxNorm(max_value=2.0),
    activation="relu",
)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
assert isinstance(first_layer.kernel_regularizer, keras.regularizers.L2), kt.pick(
    "q1：核正则化器应为 L2。", "q1: the kernel regularizer should be L2.")
assert abs(first_layer.kernel_regularizer.l2 - 0.001) < 1e-9, kt.pick(
    "q1：L2 的系数应为 0.001。", "q1: the L2 factor should be 0.001.")
assert isinstance(first_layer.kernel_constraint, keras.constraints.MaxNorm), kt.pick(
    "q1：核约束应为 MaxNorm。", "q1: the kernel constraint should be MaxNorm.")
assert abs(first_layer.kernel_constraint.max_value - 2.0) < 1e-9, kt.pick(
    "q1：MaxNorm 的 max_value 应为 2.0。", "q1: MaxNorm's max_value should be 2.0.")
assert first_layer.use_bias and first_layer.bias_regularizer is None, kt.pick(
    "q1：偏置保持默认设置。", "q1: leave the bias at its defaults.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　Dense 的输出形状
#
# 第 1 课里我们把形状为 (4, 2) 和 (3, 4, 2) 的 NumPy 数组送进了 Dense 层。写一个函数
# `dense_output_shape(input_shape, units)`，不运行 Keras，直接返回 `Dense(units)` 作用在
# 形状为 `input_shape` 的输入上时，输出的形状（一个元组）。`input_shape` 可能是任意维数，
# 其中也可能有 `None`。
# <!-- en -->
# ## Question 2 (2 points) · The output shape of Dense
#
# In lesson 1 we fed NumPy arrays of shape (4, 2) and (3, 4, 2) to a Dense layer. Write a function
# `dense_output_shape(input_shape, units)` that returns, without running Keras, the shape (a tuple)
# of what `Dense(units)` gives for an input of shape `input_shape`. The input may have any number of
# axes, and some of them may be `None`.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def dense_output_shape(input_shape, units):
    ### BEGIN SOLUTION
    return tuple(input_shape[:-1]) + (units,)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
for _shape, _units, _expected in [((3, 4, 2), 8, (3, 4, 8)), ((None, 16), 32, (None, 32)),
                                  ((2, 5, 7, 3), 4, (2, 5, 7, 4)), ([6, 1], 1, (6, 1))]:
    assert dense_output_shape(_shape, _units) == _expected, kt.pick(
        f"q2：输入形状有 {len(_shape)} 个轴（{type(_shape).__name__}）时，结果不对。",
        f"q2: the result is wrong for an input shape with {len(_shape)} axes (given as a {type(_shape).__name__}).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　用 keras.Input 搭出文档 002 的模型
#
# 文档 002 的例子把 `input_shape=(16,)` 写进了第一个 Dense 层，Keras 3 会为此发出警告。
# 写一个函数 `build_model()`，每次调用都新建并返回同一个模型，但改用 `keras.Input`：
#
# 1. 输入：每个样本是长度为 16 的向量；
# 2. `Dense(32)`：初始化器 `he_uniform`，约束 `MaxNorm(2.0)`，激活函数 `relu`；
# 3. `Dense(16)`：激活函数 `relu`；
# 4. `Dense(8)`：不加激活函数。
#
# 用 `keras.Sequential` 或函数式 API 都可以。
# <!-- en -->
# ## Question 3 (3 points) · Document 002's model, with keras.Input
#
# Document 002's example writes `input_shape=(16,)` into the first Dense layer, and Keras 3 warns
# about it. Write a function `build_model()` that builds and returns a new copy of that model each
# time it is called, with a `keras.Input` instead:
#
# 1. input: each sample is a vector of length 16;
# 2. `Dense(32)` with the `he_uniform` initializer, a `MaxNorm(2.0)` constraint and `relu`;
# 3. `Dense(16)` with `relu`;
# 4. `Dense(8)`, with no activation.
#
# `keras.Sequential` and the functional API are both fine.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def build_model():
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(16,)),
        keras.layers.Dense(32, kernel_initializer="he_uniform",
                           kernel_constraint=keras.constraints.MaxNorm(2.0), activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(8),
    ])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
_m1, _m2 = build_model(), build_model()
assert _m1 is not _m2, kt.pick("q3：每次调用都应返回一个新模型。", "q3: each call should return a new model.")
_dense = [_l for _l in _m1.layers if isinstance(_l, keras.layers.Dense)]
assert [_l.activation.__name__ for _l in _dense] == ["relu", "relu", "linear"], kt.pick(
    "q3：三个层的激活函数应依次为 relu、relu、无（linear）。",
    "q3: the three layers' activations should be relu, relu and none (linear).")
assert isinstance(_dense[0].kernel_initializer, keras.initializers.HeUniform), kt.pick(
    "q3：第一个 Dense 层应使用 he_uniform。", "q3: the first Dense layer should use he_uniform.")
assert isinstance(_dense[0].kernel_constraint, keras.constraints.MaxNorm) and abs(
    _dense[0].kernel_constraint.max_value - 2.0) < 1e-9, kt.pick(
    "q3：第一个 Dense 层应有约束 MaxNorm(2.0)。", "q3: the first Dense layer should have the MaxNorm(2.0) constraint.")
assert _dense[1].kernel_constraint is None and _dense[2].kernel_constraint is None, kt.pick(
    "q3：只有第一个 Dense 层有约束。", "q3: only the first Dense layer has a constraint.")
assert tuple(_m1(np.zeros((5, 16), dtype="float32")).shape) == (5, 8), kt.pick(
    "q3：5 个样本进去，应得到形状 (5, 8) 的输出。", "q3: 5 samples in should give an output of shape (5, 8).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　批次维 None
#
# 一批数据的第一个轴是样本的个数，其余的轴才是一个样本的形状。写一个函数 `input_for(batch)`：
# 参数是一个 NumPy 数组，表示一批样本；返回一个与之配套的 `keras.Input`，也就是能接收这批样本
# 的模型的输入张量。例如 `input_for(np.zeros((3, 4, 2)))` 的形状应为 `(None, 4, 2)`：
# Keras 不关心一批有多少个样本，所以批次维是 `None`。
# <!-- en -->
# ## Question 4 (2 points) · The batch dimension None
#
# A batch's first axis counts the samples; the axes after it are the shape of one sample. Write a
# function `input_for(batch)` that takes a NumPy array holding a batch of samples and returns the
# `keras.Input` to go with it, the input tensor of a model that accepts such batches. For example,
# `input_for(np.zeros((3, 4, 2)))` should have shape `(None, 4, 2)`: Keras does not care how many
# samples a batch holds, so the batch dimension is `None`.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def input_for(batch):
    ### BEGIN SOLUTION
    return keras.Input(shape=batch.shape[1:])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
for _batch, _expected in [(np.zeros((5, 16)), (None, 16)), (np.zeros((1, 28, 28, 3)), (None, 28, 28, 3)),
                          (np.zeros((4, 2)), (None, 2))]:
    _tensor = input_for(_batch)
    assert isinstance(_tensor, keras.KerasTensor) and tuple(_tensor.shape) == _expected, kt.pick(
        f"q4：每个样本有 {_batch.ndim - 1} 个轴时，输入张量的类型或形状不对。",
        f"q4: for samples with {_batch.ndim - 1} axes, the input tensor has the wrong type or shape.")
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
