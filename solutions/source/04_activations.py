# %% [markdown]
# <!-- zh -->
# # 练习 4　激活函数
#
# 配合**第 4 课　激活函数**。共 4 题，满分 10 分。
#
# 做法和前面的练习一样：把 `# YOUR CODE HERE` 下面的 `raise NotImplementedError()` 换成你的代码，
# 运行答案单元格，再运行它后面的检查单元格。公开测试只试一两个例子，隐藏测试会换别的输入，
# 所以请写出对任何输入都成立的函数。
#
# 第 1、2、4 题只用 NumPy（`np` 已经导入），请按公式自己写，不要调用 Keras 或 `kerastutor.activations`；
# 第 3 题用 Keras 搭一个模型。每个答案用自己的名字，后面的单元格不要再给这些名字赋值：
# 批改时会先运行你的全部代码，再运行所有测试。
# <!-- en -->
# # Exercise 4 · Activations
#
# Goes with **Lesson 4 · Activations**. 4 questions, 10 points.
#
# As in the earlier exercises: replace the `raise NotImplementedError()` under `# YOUR CODE HERE`
# with your code, run the answer cell, then the check cell after it. The public tests try one or two
# examples; the hidden tests try other inputs, so write functions that are right for any input.
#
# Questions 1, 2 and 4 need only NumPy (`np` is already imported): write the formulas yourself
# rather than calling Keras or `kerastutor.activations`. Question 3 builds a model with Keras. Each
# answer has its own name; do not assign to these names again in later cells: grading runs all of
# your code first and every test afterwards.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("04")

import math

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　六个导数
#
# 写一个函数 `derivative(name, x)`：`x` 是一个 NumPy 数组，返回同样形状的数组，
# 即激活函数 `name` 在每个点上的导数。`name` 是下面六个之一（都是 Keras 3 的定义，elu 的 α = 1）：
#
# `"sigmoid"`、`"tanh"`、`"softplus"`、`"softsign"`、`"elu"`、`"hard_sigmoid"`
#
# `x` 里不会出现 0、−3、3 这几个折点。
# <!-- en -->
# ## Question 1 (3 points) · Six derivatives
#
# Write a function `derivative(name, x)`: `x` is a NumPy array, and the result is an array of the
# same shape holding the derivative of activation `name` at each point. `name` is one of these six
# (Keras 3's definitions, with α = 1 for elu):
#
# `"sigmoid"`, `"tanh"`, `"softplus"`, `"softsign"`, `"elu"`, `"hard_sigmoid"`
#
# `x` never contains the kinks 0, −3 and 3.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def derivative(name, x):
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    sigmoid = 1 / (1 + np.exp(-x))
    if name == "sigmoid":
        return sigmoid * (1 - sigmoid)
    if name == "tanh":
        return 1 - np.tanh(x) ** 2
    if name == "softplus":
        return sigmoid
    if name == "softsign":
        return 1 / (1 + np.abs(x)) ** 2
    if name == "elu":
        return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))
    if name == "hard_sigmoid":
        return np.where(np.abs(x) < 3, 1 / 6, 0.0)
    raise ValueError(name)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
import tensorflow as _tf

_x = np.linspace(-6, 6, 50)
for _name in ["sigmoid", "tanh", "softplus", "softsign", "elu", "hard_sigmoid"]:
    _v = _tf.constant(_x)
    with _tf.GradientTape() as _tape:
        _tape.watch(_v)
        _y = keras.activations.get(_name)(_v)
    _want = _tape.gradient(_y, _v).numpy()
    _got = np.asarray(derivative(_name, _x.copy()), dtype=float)
    assert _got.shape == _x.shape and np.allclose(_got, _want, rtol=1e-5, atol=1e-7), kt.pick(
        f"q1：{_name} 的导数与 Keras 的自动求导不一致。", f"q1: the derivative of {_name} disagrees with Keras's autodiff.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　手算一个 Dense 层
#
# 写一个函数 `dense_forward(x, kernel, bias, activation)`，用 NumPy 算出 `Dense` 层的输出
# `activation(x · kernel + bias)`。
#
# - `x` 的形状是 `(..., 输入数)`，最后一个轴是特征，前面可以有任意多个轴（例如 `(批次, 时间步, 特征)`）；
# - `kernel` 的形状是 `(输入数, 神经元数)`，`bias` 的形状是 `(神经元数,)`；
# - `activation` 是 `"linear"`、`"relu"`、`"tanh"`、`"sigmoid"`、`"softmax"` 之一；
#   softmax 和 Keras 一样沿最后一个轴计算。
# <!-- en -->
# ## Question 2 (3 points) · A Dense layer by hand
#
# Write a function `dense_forward(x, kernel, bias, activation)` that computes a `Dense` layer's
# output `activation(x · kernel + bias)` with NumPy.
#
# - `x` has shape `(..., inputs)`: the last axis holds the features, with any number of axes before
#   it (for example `(batch, time steps, features)`);
# - `kernel` has shape `(inputs, units)` and `bias` has shape `(units,)`;
# - `activation` is one of `"linear"`, `"relu"`, `"tanh"`, `"sigmoid"`, `"softmax"`; softmax works
#   along the last axis, as in Keras.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def dense_forward(x, kernel, bias, activation):
    ### BEGIN SOLUTION
    z = np.asarray(x, dtype=float) @ kernel + bias
    if activation == "linear":
        return z
    if activation == "relu":
        return np.maximum(z, 0)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if activation == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(activation)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(5)
_x3 = _rng.normal(size=(2, 5, 3)).astype("float32")
for _act in ["linear", "relu", "tanh", "sigmoid", "softmax"]:
    _layer = keras.layers.Dense(4, activation=_act, bias_initializer="random_normal")
    _want = keras.ops.convert_to_numpy(_layer(_x3))
    _k, _b = _layer.get_weights()
    _got = np.asarray(dense_forward(_x3.copy(), _k, _b, _act), dtype=float)
    assert _got.shape == _want.shape and np.allclose(_got, _want, rtol=1e-4, atol=1e-6), kt.pick(
        f"q2：输入形状 (2, 5, 3)、activation=\"{_act}\" 时与 Keras 的 Dense 不一致。",
        f"q2: with an input of shape (2, 5, 3) and activation=\"{_act}\" the result disagrees with Keras's Dense.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　用 Activation 层搭一个分类器
#
# 写一个函数 `classifier(input_dim, hidden_units, classes)`，每次调用都新建并返回一个模型，
# 按文档 001 的写法把激活函数放在单独的 `Activation` 层里：
#
# 1. 输入：长度为 `input_dim` 的向量（用 `keras.Input`）；
# 2. `Dense(hidden_units)`，不带激活函数；
# 3. `Activation("relu")`；
# 4. `Dense(classes)`，不带激活函数；
# 5. `Activation("softmax")`。
#
# 这样每个样本的输出是 `classes` 个加起来等于 1 的概率。
# <!-- en -->
# ## Question 3 (2 points) · A classifier with Activation layers
#
# Write a function `classifier(input_dim, hidden_units, classes)` that builds and returns a new model
# each time it is called, with the activations in `Activation` layers of their own, as document 001
# writes it:
#
# 1. input: vectors of length `input_dim` (use `keras.Input`);
# 2. `Dense(hidden_units)` without an activation;
# 3. `Activation("relu")`;
# 4. `Dense(classes)` without an activation;
# 5. `Activation("softmax")`.
#
# Each sample's output is then `classes` probabilities that add up to 1.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def classifier(input_dim, hidden_units, classes):
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(hidden_units),
        keras.layers.Activation("relu"),
        keras.layers.Dense(classes),
        keras.layers.Activation("softmax"),
    ])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(0)
_m1, _m2 = classifier(784, 32, 10), classifier(784, 32, 10)
assert _m1 is not _m2, kt.pick("q3：每次调用都应返回一个新模型。", "q3: each call should return a new model.")
assert _m1.count_params() == 784 * 32 + 32 + 32 * 10 + 10, kt.pick(
    "q3：classifier(784, 32, 10) 的参数个数不对。", "q3: classifier(784, 32, 10) has the wrong number of parameters.")
_p = keras.ops.convert_to_numpy(_m1(np.random.default_rng(1).normal(size=(3, 784)).astype("float32")))
assert _p.shape == (3, 10) and np.allclose(_p.sum(axis=1), 1, atol=1e-5) and _p.min() >= 0, kt.pick(
    "q3：classifier(784, 32, 10) 的输出应是每行和为 1 的 10 个概率。",
    "q3: classifier(784, 32, 10) should output 10 probabilities per row that add up to 1.")
_h = keras.ops.convert_to_numpy(_m1.layers[1](_m1.layers[0](np.ones((1, 784), dtype="float32") * -1)))
assert _h.min() >= 0, kt.pick("q3：第二层应是 relu。", "q3: the second layer should be relu.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　softmax 的雅可比矩阵
#
# 写一个函数 `softmax_jacobian(logits)`：`logits` 是长度为 n 的一维数组，返回 n×n 的数组，
# 第 i 行第 j 列是 $\partial s_i / \partial x_j$，其中 $s = \operatorname{softmax}(x)$。
# 函数对很大的 logits（例如 `[1000, 1001]`）也要给出正确的有限数值。
# <!-- en -->
# ## Question 4 (2 points) · The Jacobian of softmax
#
# Write a function `softmax_jacobian(logits)`: `logits` is a 1-D array of length n, and the result
# is an n×n array whose entry in row i, column j is $\partial s_i / \partial x_j$, where
# $s = \operatorname{softmax}(x)$. The function must also give correct, finite values for large
# logits (such as `[1000, 1001]`).

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def softmax_jacobian(logits):
    ### BEGIN SOLUTION
    logits = np.asarray(logits, dtype=float)
    e = np.exp(logits - logits.max())
    s = e / e.sum()
    return np.diag(s) - np.outer(s, s)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
import tensorflow as _tf

for _logits in [np.array([0.3, -0.2]), np.random.default_rng(4).normal(size=7) * 3, np.array([500.0, 0.0, 499.0])]:
    _v = _tf.constant(_logits)
    with _tf.GradientTape() as _tape:
        _tape.watch(_v)
        _s = keras.activations.softmax(_v)
    _want = _tape.jacobian(_s, _v).numpy()
    with np.errstate(all="ignore"):
        _got = np.asarray(softmax_jacobian(_logits.copy()), dtype=float)
    assert _got.shape == _want.shape and np.allclose(_got, _want, rtol=1e-5, atol=1e-8), kt.pick(
        f"q4：{'有很大的 logits 时' if np.abs(_logits).max() > 100 else '普通的 logits'}，雅可比矩阵与 Keras 的自动求导不一致。",
        f"q4: the Jacobian disagrees with Keras's autodiff for {'very large' if np.abs(_logits).max() > 100 else 'ordinary'} logits.")
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
