# %% [markdown]
# <!-- zh -->
# # 练习 2　初始化器
#
# 配合**第 2 课　初始化器**。共 4 题，满分 9 分。
#
# 做法和练习 1 一样：把 `# YOUR CODE HERE` 下面的 `raise NotImplementedError()` 换成你的代码，
# 运行答案单元格，再运行它后面的检查单元格。公开测试只检查一两个例子，隐藏测试会换别的形状和参数，
# 所以请写出对任何输入都成立的函数，而不是只对例子成立的函数。
#
# 这几题只用加减乘除和 `math.sqrt` 就能做（`math` 已经导入）。请自己推导公式，
# 不要调用 `kerastutor.initializers`。
# <!-- en -->
# # Exercise 2 · Initializers
#
# Goes with **Lesson 2 · Initializers**. 4 questions, 9 points.
#
# Same as exercise 1: replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your
# code, run the answer cell, then run the check cell after it. The public tests try one or two
# examples; the hidden tests try other shapes and settings, so write functions that are right for
# any input, not just for the examples.
#
# Arithmetic and `math.sqrt` are all you need (`math` is already imported). Derive the formulas
# yourself rather than calling `kerastutor.initializers`.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("02")

import math

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（2 分）　fan_in 和 fan_out
#
# 写一个函数 `fans(kernel_shape)`，返回元组 `(fan_in, fan_out)`。`kernel_shape` 可能是
#
# - Dense 的核：`(输入数, 输出数)`；
# - 卷积核：`(*窗口, 输入通道, 输出通道)`，窗口可以是一维、二维或三维的，
#   例如 `Conv2D(32, 3)` 作用在 16 通道输入上时，核的形状是 `(3, 3, 16, 32)`。
# <!-- en -->
# ## Question 1 (2 points) · fan_in and fan_out
#
# Write a function `fans(kernel_shape)` that returns the tuple `(fan_in, fan_out)`. `kernel_shape`
# is either
#
# - a Dense kernel: `(inputs, outputs)`, or
# - a convolution kernel: `(*window, in_channels, out_channels)`, with a window of one, two or three
#   dimensions; `Conv2D(32, 3)` on a 16-channel input, for instance, has a kernel of shape
#   `(3, 3, 16, 32)`.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def fans(kernel_shape):
    ### BEGIN SOLUTION
    receptive = math.prod(kernel_shape[:-2])
    return kernel_shape[-2] * receptive, kernel_shape[-1] * receptive
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
for _shape, _expected in [((5, 7), (5, 7)), ((5, 10, 20), (50, 100)), ((3, 3, 3, 8, 4), (216, 108)),
                          ((1, 1, 64, 128), (64, 128))]:
    assert tuple(fans(_shape)) == _expected, kt.pick(
        f"q1：{len(_shape)} 维的核形状时结果不对。", f"q1: the result is wrong for a kernel shape with {len(_shape)} axes.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　VarianceScaling 的 stddev 和 limit
#
# `VarianceScaling(scale, mode, distribution)` 按 mode 选出 n（`"fan_in"`、`"fan_out"` 或
# `"fan_avg"`，即两者的平均），然后
#
# - 正态分布（`"truncated_normal"` 或 `"untruncated_normal"`）：权重的标准差 stddev = √(scale / n)；
# - 均匀分布（`"uniform"`）：权重取自 [−limit, limit]，limit = √(3 · scale / n)。
#
# 写一个函数 `spread(kernel_shape, scale, mode, distribution)`：正态分布时返回 stddev，
# 均匀分布时返回 limit。可以调用你在第 1 题写的 `fans`。
# <!-- en -->
# ## Question 2 (3 points) · VarianceScaling's stddev and limit
#
# `VarianceScaling(scale, mode, distribution)` picks n by its mode (`"fan_in"`, `"fan_out"` or
# `"fan_avg"`, the average of the two), then
#
# - for the normal distributions (`"truncated_normal"`, `"untruncated_normal"`), the weights have
#   standard deviation stddev = √(scale / n);
# - for `"uniform"`, the weights are drawn from [−limit, limit] with limit = √(3 · scale / n).
#
# Write a function `spread(kernel_shape, scale, mode, distribution)` that returns the stddev for
# the normal distributions and the limit for the uniform one. Your `fans` from question 1 may help.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def spread(kernel_shape, scale, mode, distribution):
    ### BEGIN SOLUTION
    fan_in, fan_out = fans(kernel_shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    if distribution == "uniform":
        return math.sqrt(3 * scale / n)
    return math.sqrt(scale / n)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
for _args, _expected in [(((3, 3, 16, 32), 1.0, "fan_in", "uniform"), math.sqrt(3 / 144)),
                         (((3, 3, 16, 32), 2.0, "fan_out", "truncated_normal"), math.sqrt(2 / 288)),
                         (((100, 300), 1.0, "fan_avg", "uniform"), math.sqrt(6 / 400)),
                         (((100, 300), 0.5, "fan_out", "untruncated_normal"), math.sqrt(0.5 / 300))]:
    assert math.isclose(spread(*_args), _expected, rel_tol=1e-6), kt.pick(
        f"q2：mode={_args[2]!r}、distribution={_args[3]!r} 时结果不对。",
        f"q2: the result is wrong with mode={_args[2]!r} and distribution={_args[3]!r}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　Keras 3 的 "normal" 到底采样什么
#
# 在 Keras 3 里，`he_normal`、`glorot_normal`、`lecun_normal`，以及
# `VarianceScaling(distribution="normal")`，采样的都是**截断**正态分布：超出 ±2 个标准差的值会被
# 重新抽取。截断让分布变窄，所以 Keras 交给采样器的标准差比公式给出的 stddev 要大，
# 大到截断之后剩下的值的标准差正好等于 stddev。
#
# 写一个函数 `sampler_stddev(stddev)`，返回 Keras 交给截断正态采样器的那个标准差。
# 提示：在 ±2 处截断的标准正态分布，标准差是多少？可以用 `scipy.stats.truncnorm(-2, 2).std()`
# 算出来，也可以在第 2 课里找到。
# <!-- en -->
# ## Question 3 (2 points) · What Keras 3's "normal" really samples
#
# In Keras 3, `he_normal`, `glorot_normal`, `lecun_normal` and `VarianceScaling(distribution="normal")`
# all sample a **truncated** normal: values beyond ±2 standard deviations are drawn again. Cutting
# the tails makes the distribution narrower, so Keras hands the sampler a standard deviation larger
# than the formula's stddev, just large enough that what survives the cut has exactly that stddev.
#
# Write a function `sampler_stddev(stddev)` that returns the standard deviation Keras hands its
# truncated-normal sampler. Hint: what is the standard deviation of a standard normal cut at ±2?
# `scipy.stats.truncnorm(-2, 2).std()` computes it, and lesson 2 has it too.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def sampler_stddev(stddev):
    ### BEGIN SOLUTION
    return stddev / 0.87962566103423978
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
for _stddev in [0.05, math.sqrt(2 / 784), 3.0]:
    assert math.isclose(sampler_stddev(_stddev), _stddev / 0.87962566103423978, rel_tol=1e-3), kt.pick(
        "q3：对另一个标准差，结果不对。", "q3: the result is wrong for another standard deviation.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　给 relu 深层网络选初始化器
#
# 写一个函数 `relu_stack(depth, width, input_dim)`，返回一个 `keras.Sequential` 模型：输入是长度为
# `input_dim` 的向量，后面接 `depth` 个 `Dense(width, activation="relu")` 层。为这些层选一个初始化器，
# 让信号穿过很多层之后既不消失也不爆炸：检查会把标准正态的输入送进 10 层的网络，看最后一层
# 激活值的均方是否还和输入差不多。
# <!-- en -->
# ## Question 4 (2 points) · The initializer for a deep relu stack
#
# Write a function `relu_stack(depth, width, input_dim)` that returns a `keras.Sequential` model
# taking vectors of length `input_dim` through `depth` layers `Dense(width, activation="relu")`.
# Choose these layers' initializer so that a signal neither dies out nor blows up on its way
# through many layers: the check feeds standard-normal inputs through 10 layers and looks whether
# the mean square of the last layer's activations is still about that of the input.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def relu_stack(depth, width, input_dim):
    ### BEGIN SOLUTION
    layers = [keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal")
              for _ in range(depth)]
    return keras.Sequential([keras.Input(shape=(input_dim,))] + layers)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex02 import activation_ratio as _ratio

keras.utils.set_random_seed(1)
_deep = relu_stack(30, 128, 32)
for _layer in _deep.layers:
    _init = _layer.kernel_initializer
    assert isinstance(_init, keras.initializers.VarianceScaling) and _init.scale == 2.0 and _init.mode == "fan_in", kt.pick(
        "q4：relu 网络应使用 He 初始化（scale=2，mode=\"fan_in\"）。",
        "q4: a relu stack should use He initialization (scale=2, mode=\"fan_in\").")
assert 0.2 < _ratio(_deep, 32) < 5, kt.pick(
    "q4：30 层之后信号不应消失或爆炸。", "q4: after 30 layers the signal should neither vanish nor explode.")
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
