# %% [markdown]
# <!-- zh -->
# # 练习 3　约束和正则化器
#
# 配合**第 3 课　约束和正则化器**。共 4 题，满分 9 分。
#
# 做法和前面的练习一样：把 `# YOUR CODE HERE` 下面的 `raise NotImplementedError()` 换成你的代码，
# 运行答案单元格，再运行它后面的检查单元格。公开测试只试一两个例子，隐藏测试会换别的形状和系数，
# 所以请写出对任何输入都成立的函数。
#
# 第 1、2、4 题只用 NumPy 就能做（`np` 已经导入），请自己按公式写，不要调用 Keras 的约束和正则化器；
# 第 3 题用 Keras 搭一个层。每个答案用自己的名字，后面的单元格不要再给这些名字赋值：
# 批改时会先运行你的全部代码，再运行所有测试。
# <!-- en -->
# # Exercise 3 · Constraints and regularizers
#
# Goes with **Lesson 3 · Constraints and regularizers**. 4 questions, 9 points.
#
# As in the earlier exercises: replace the `raise NotImplementedError()` under `# YOUR CODE HERE`
# with your code, run the answer cell, then the check cell after it. The public tests try one or two
# examples; the hidden tests try other shapes and factors, so write functions that are right for any
# input.
#
# Questions 1, 2 and 4 need only NumPy (`np` is already imported): write the formulas yourself
# rather than calling Keras's constraints and regularizers. Question 3 builds a layer with Keras.
# Each answer has its own name; do not assign to these names again in later cells: grading runs all
# of your code first and every test afterwards.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("03")

import math

import keras
import numpy as np

# zh: 第 3 课里的示例矩阵：4 个输入、3 个神经元
# en: the example matrix of lesson 3: 4 inputs, 3 units
W = np.array([[0.9, -0.2, 1.5],
              [-1.2, 0.1, 0.5],
              [0.4, -0.3, -2.0],
              [0.8, 0.2, 1.0]], dtype="float32")

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（2 分）　手写 MaxNorm
#
# 写一个函数 `max_norm(w, max_value, axis=0)`，返回一个和 `w` 形状相同的 NumPy 数组：
# 也就是 `keras.constraints.MaxNorm(max_value, axis)` 对 `w` 做的投影。
#
# - 沿 `axis` 求 L2 范数（`axis` 可能是一个整数，也可能是整数组成的元组，例如卷积核常用的 `(0, 1, 2)`）；
# - 范数不超过 `max_value` 的向量保持不变，超过的按比例缩短到正好 `max_value`；
# - 和 Keras 一样，除以范数时先加上 `epsilon = 1e-7`，这样全是 0 的向量仍然是 0，不会变成 `nan`。
#
# 例如 `max_norm(W, 2.0)` 只缩短 `W` 的第三列（它的范数约为 2.74）。
# <!-- en -->
# ## Question 1 (2 points) · MaxNorm by hand
#
# Write a function `max_norm(w, max_value, axis=0)` that returns a NumPy array of `w`'s shape: the
# projection that `keras.constraints.MaxNorm(max_value, axis)` applies to `w`.
#
# - Take L2 norms along `axis` (an integer, or a tuple of integers such as the `(0, 1, 2)` common
#   for convolution kernels);
# - vectors with a norm of at most `max_value` stay as they are; longer ones are scaled down to
#   exactly `max_value`;
# - like Keras, add `epsilon = 1e-7` to the norm before dividing by it, so that a vector of zeros
#   stays zeros instead of turning into `nan`.
#
# For example, `max_norm(W, 2.0)` shortens only `W`'s third column (its norm is about 2.74).

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def max_norm(w, max_value, axis=0):
    ### BEGIN SOLUTION
    norms = np.sqrt(np.sum(np.square(w), axis=axis, keepdims=True))
    return w * (np.minimum(norms, max_value) / (1e-7 + norms))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(0)
_T = np.random.default_rng(0).normal(size=(3, 3, 2, 4)).astype("float32")
_Z = np.concatenate([W, np.zeros((4, 1), dtype="float32")], axis=1)
for _w, _max, _axis in [(_T, 1.0, (0, 1, 2)), (_T, 0.5, 3), (W, 10.0, 0), (_Z, 1.0, 0), (W.T, 1.0, 1)]:
    _got = np.asarray(max_norm(_w.copy(), _max, axis=_axis), dtype=float)
    _want = keras.ops.convert_to_numpy(keras.constraints.MaxNorm(_max, axis=list(np.atleast_1d(_axis)))(_w))
    assert _got.shape == _w.shape and np.allclose(_got, _want, rtol=1e-5, atol=1e-6), kt.pick(
        f"q1：{_w.ndim} 维的权重、axis 为{'元组' if isinstance(_axis, tuple) else '整数'}时，结果与 Keras 的 MaxNorm 不同。",
        f"q1: for {_w.ndim}-axis weights with axis given as {'a tuple' if isinstance(_axis, tuple) else 'an integer'}, "
        "the result differs from Keras's MaxNorm.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　L1L2 惩罚项
#
# 写一个函数 `penalty(w, l1, l2)`，返回一个数：正则化器 `keras.regularizers.L1L2(l1=l1, l2=l2)`
# 对权重 `w` 给出的惩罚项。`w` 可以是任意形状的数组。例如 `penalty(W, 0.01, 0.02)` 约为 0.3056。
# <!-- en -->
# ## Question 2 (2 points) · The L1L2 penalty
#
# Write a function `penalty(w, l1, l2)` that returns a number: the penalty that the regularizer
# `keras.regularizers.L1L2(l1=l1, l2=l2)` gives for the weights `w`. `w` may be an array of any shape.
# For example, `penalty(W, 0.01, 0.02)` is about 0.3056.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def penalty(w, l1, l2):
    ### BEGIN SOLUTION
    return float(l1 * np.sum(np.abs(w)) + l2 * np.sum(np.square(w)))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(1)
for _w, _l1, _l2 in [(_rng.normal(size=(5, 7)).astype("float32"), 0.003, 0.0),
                     (_rng.normal(size=(3, 3, 4, 2)).astype("float32"), 0.0, 0.5),
                     (_rng.normal(size=(6,)).astype("float32"), 0.1, 0.2)]:
    _want = float(keras.regularizers.L1L2(l1=_l1, l2=_l2)(_w))
    assert math.isclose(float(penalty(_w, _l1, _l2)), _want, rel_tol=1e-4), kt.pick(
        f"q2：{_w.ndim} 维的权重{'、只有 L1' if not _l2 else '、只有 L2' if not _l1 else '、L1 和 L2 都有'}时，惩罚项不对。",
        f"q2: the penalty is wrong for {_w.ndim}-axis weights with "
        f"{'L1 only' if not _l2 else 'L2 only' if not _l1 else 'both L1 and L2'}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　搭一个带约束和正则化器的层
#
# 写一个函数 `regularized_dense(units, l1, l2)`，每次调用都新建并返回一个 `keras.layers.Dense` 层：
#
# - `units` 个神经元，激活函数 `relu`；
# - 核的正则化器给出 `l1 · Σ|w| + l2 · Σw²` 的惩罚项（用函数的参数 `l1`、`l2`）；
# - 偏置和输出都不加正则化器；
# - 核的约束让权重在训练中始终非负。
# <!-- en -->
# ## Question 3 (3 points) · A layer with a constraint and a regularizer
#
# Write a function `regularized_dense(units, l1, l2)` that builds and returns a new
# `keras.layers.Dense` layer each time it is called, with
#
# - `units` units and the `relu` activation;
# - a kernel regularizer whose penalty is `l1 · Σ|w| + l2 · Σw²` (with the function's `l1` and `l2`);
# - no regularizer on the bias or on the output;
# - a kernel constraint that keeps the weights non-negative throughout training.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def regularized_dense(units, l1, l2):
    ### BEGIN SOLUTION
    return keras.layers.Dense(units, activation="relu",
                              kernel_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2),
                              kernel_constraint=keras.constraints.NonNeg())
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(0)
_a, _b = regularized_dense(5, 0.0, 0.3), regularized_dense(5, 0.0, 0.3)
assert _a is not _b, kt.pick("q3：每次调用都应返回一个新层。", "q3: each call should return a new layer.")
assert _a.bias_regularizer is None and _a.activity_regularizer is None, kt.pick(
    "q3：偏置和输出不加正则化器。", "q3: no regularizer on the bias or the output.")
_layer = regularized_dense(5, 0.02, 0.3)
_layer.build((None, 6))
_k = np.asarray(_layer.kernel)
assert math.isclose(float(_layer.kernel_regularizer(_k)), 0.02 * np.abs(_k).sum() + 0.3 * (_k**2).sum(), rel_tol=1e-4), kt.pick(
    "q3：l1、l2 都不为 0 时，核的惩罚项不对。", "q3: with both l1 and l2 non-zero, the kernel's penalty is wrong.")
_signed = np.random.default_rng(2).normal(size=(6, 5)).astype("float32")
assert np.asarray(_layer.kernel_constraint(_signed)).min() >= 0, kt.pick(
    "q3：核的约束应让负权重变为 0。", "q3: the kernel's constraint should turn negative weights into 0.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　激活惩罚是多少
#
# 一个层带有 `activity_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2)`（或者后面接着
# `ActivityRegularization(l1, l2)` 层）。它这一批的输出是数组 `outputs`，第一个轴是批次维度。
# 写一个函数 `activity_penalty(outputs, l1, l2)`，返回这一次调用加进 `model.losses` 的那个数。
# 想一想第 3 课第 8 节里 Keras 对激活惩罚多做的那一步。
# <!-- en -->
# ## Question 4 (2 points) · How large is the activity penalty?
#
# A layer has `activity_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2)` (or is followed by an
# `ActivityRegularization(l1, l2)` layer). Its output for one batch is the array `outputs`, whose
# first axis is the batch dimension. Write a function `activity_penalty(outputs, l1, l2)` that
# returns the number this call adds to `model.losses`. Remember the extra step Keras takes for
# activity penalties, from section 8 of lesson 3.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def activity_penalty(outputs, l1, l2):
    ### BEGIN SOLUTION
    return float((l1 * np.sum(np.abs(outputs)) + l2 * np.sum(np.square(outputs))) / outputs.shape[0])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(3)
for _out, _l1, _l2 in [(_rng.normal(size=(2, 5, 3)).astype("float32"), 0.01, 0.0),
                       (_rng.normal(size=(32, 10)).astype("float32"), 0.0, 0.05),
                       (_rng.normal(size=(1, 4)).astype("float32"), 0.2, 0.1)]:
    _layer = keras.layers.ActivityRegularization(l1=_l1, l2=_l2)
    _layer(_out)
    _want = float(_layer.losses[0])
    assert math.isclose(float(activity_penalty(_out, _l1, _l2)), _want, rel_tol=1e-4), kt.pick(
        f"q4：{_out.ndim} 维的输出{'、只有 L1' if not _l2 else '、只有 L2' if not _l1 else '、L1 和 L2 都有'}时，结果不对。",
        f"q4: the result is wrong for a {_out.ndim}-axis output with "
        f"{'L1 only' if not _l2 else 'L2 only' if not _l1 else 'both L1 and L2'}.")
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
