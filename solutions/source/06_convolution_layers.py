# %% [markdown]
# <!-- zh -->
# # 练习 6　卷积层
#
# 配合**第 6 课　卷积层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`conv_output_length`、`separable_params` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 6 · Convolution layers
#
# Goes with **Lesson 6 · Convolution layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`conv_output_length`, `separable_params`, …) and
# do not reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("06")

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　卷积的输出长度
#
# 写一个函数 `conv_output_length(n, kernel_size, strides=1, padding="valid", dilation_rate=1)`，
# 不运行 Keras，返回卷积层沿一个轴的输出长度（一个整数）。`n` 是这个轴上输入的长度，`padding` 是
# `"valid"`、`"same"` 或 `"causal"`。步长和膨胀率不会同时大于 1。
#
# 例如 `conv_output_length(28, 3)` 是 26，`conv_output_length(28, 3, 2, "same")` 是 14。
# <!-- en -->
# ## Question 1 (3 points) · The output length of a convolution
#
# Write a function `conv_output_length(n, kernel_size, strides=1, padding="valid", dilation_rate=1)`
# that returns, without running Keras, a convolution layer's output length along one axis (an
# integer). `n` is the input's length along that axis; `padding` is `"valid"`, `"same"` or
# `"causal"`. Strides and dilation rate are never both greater than 1.
#
# For example, `conv_output_length(28, 3)` is 26 and `conv_output_length(28, 3, 2, "same")` is 14.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def conv_output_length(n, kernel_size, strides=1, padding="valid", dilation_rate=1):
    ### BEGIN SOLUTION
    window = dilation_rate * (kernel_size - 1) + 1
    if padding == "valid":
        return (n - window) // strides + 1
    return (n - 1) // strides + 1
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex06 import keras_conv_length as _keras_length

for _args in [(10, 3, 1, "valid", 2), (17, 4, 3, "valid", 1), (9, 5, 1, "same", 1), (7, 2, 4, "same", 1),
              (12, 3, 1, "same", 3), (11, 3, 2, "causal", 1), (6, 4, 1, "causal", 1), (32, 1, 2, "valid", 1)]:
    _expected = _keras_length(*_args)
    assert conv_output_length(*_args) == _expected, kt.pick(
        f"q1：padding={_args[3]!r}{'、有 dilation' if _args[4] > 1 else ''}{'、有步长' if _args[2] > 1 else ''} 时，结果与 Keras 不同。",
        f"q1: with padding={_args[3]!r}{', a dilation' if _args[4] > 1 else ''}{', a stride' if _args[2] > 1 else ''}, "
        "the result differs from Keras's.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　可分离卷积的参数个数
#
# 写一个函数 `separable_params(kernel_size, in_channels, filters, depth_multiplier=1)`，返回
# `SeparableConv2D(filters, kernel_size, depth_multiplier=depth_multiplier)`（带偏置）作用在
# `in_channels` 个通道的输入上时的参数个数。`kernel_size` 可以是一个整数（正方形窗口），也可以是
# `(行, 列)` 两个整数。例如 `separable_params(3, 16, 32)` 是 688。
# <!-- en -->
# ## Question 2 (2 points) · The parameters of a separable convolution
#
# Write a function `separable_params(kernel_size, in_channels, filters, depth_multiplier=1)` returning
# the number of parameters of `SeparableConv2D(filters, kernel_size, depth_multiplier=depth_multiplier)`
# (with its bias) on an input with `in_channels` channels. `kernel_size` is either one integer (a
# square window) or two, `(rows, cols)`. For example, `separable_params(3, 16, 32)` is 688.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def separable_params(kernel_size, in_channels, filters, depth_multiplier=1):
    ### BEGIN SOLUTION
    rows, cols = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    depthwise = rows * cols * in_channels * depth_multiplier
    pointwise = in_channels * depth_multiplier * filters
    return depthwise + pointwise + filters
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
for _k, _c, _f, _m in [(5, 3, 8, 2), ((3, 5), 4, 6, 1), (1, 10, 1, 3), ((2, 2), 7, 5, 2)]:
    _layer = keras.layers.SeparableConv2D(_f, _k, depth_multiplier=_m)
    _layer.build((None, 9, 9, _c))
    try:
        _got = separable_params(_k, _c, _f, _m)
    except Exception:  # e.g. a kernel_size pair treated as an integer
        _got = None
    assert _got == _layer.count_params(), kt.pick(
        f"q2：kernel_size 为{'元组' if isinstance(_k, tuple) else '整数'}、depth_multiplier{'大于 1' if _m > 1 else '为 1'} 时，参数个数不对。",
        f"q2: the parameter count is wrong with kernel_size as {'a tuple' if isinstance(_k, tuple) else 'an integer'} "
        f"and depth_multiplier {'above 1' if _m > 1 else 'of 1'}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　把 Keras 1 的 Convolution2D 改写成 Keras 3
#
# 旧代码里常见 `Convolution2D(nb_filter, nb_row, nb_col, border_mode=…, subsample=…, dim_ordering=…)`。
# 写一个函数 `modern_conv2d(nb_filter, nb_row, nb_col, border_mode="valid", subsample=(1, 1), dim_ordering="tf")`，
# 返回与之等价的 Keras 3 `keras.layers.Conv2D` 层：
#
# - `nb_filter` 个卷积核，窗口 `nb_row` 行 `nb_col` 列；
# - `border_mode` 是 `"valid"` 或 `"same"`；
# - `subsample` 是两个方向的步长；
# - `dim_ordering` 是 `"tf"`（通道在后）或 `"th"`（通道在前）。
#
# 例如 `modern_conv2d(64, 3, 3, border_mode="same")` 作用在 `keras.Input((32, 32, 3))` 上，输出 `(None, 32, 32, 64)`。
# <!-- en -->
# ## Question 3 (3 points) · Keras 1's Convolution2D, rewritten for Keras 3
#
# Old code often has `Convolution2D(nb_filter, nb_row, nb_col, border_mode=…, subsample=…, dim_ordering=…)`.
# Write a function `modern_conv2d(nb_filter, nb_row, nb_col, border_mode="valid", subsample=(1, 1), dim_ordering="tf")`
# returning the equivalent Keras 3 `keras.layers.Conv2D` layer:
#
# - `nb_filter` filters, with a window of `nb_row` rows and `nb_col` columns;
# - `border_mode` is `"valid"` or `"same"`;
# - `subsample` holds the strides along the two axes;
# - `dim_ordering` is `"tf"` (channels last) or `"th"` (channels first).
#
# For example, `modern_conv2d(64, 3, 3, border_mode="same")` on `keras.Input((32, 32, 3))` gives
# `(None, 32, 32, 64)`.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def modern_conv2d(nb_filter, nb_row, nb_col, border_mode="valid", subsample=(1, 1), dim_ordering="tf"):
    ### BEGIN SOLUTION
    data_format = {"tf": "channels_last", "th": "channels_first"}[dim_ordering]
    return keras.layers.Conv2D(nb_filter, kernel_size=(nb_row, nb_col), strides=subsample, padding=border_mode,
                               data_format=data_format)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
_layer = modern_conv2d(16, 5, 3, border_mode="valid", subsample=(2, 1), dim_ordering="th")
assert isinstance(_layer, keras.layers.Conv2D), kt.pick("q3：应返回一个 Conv2D 层。", "q3: a Conv2D layer should be returned.")
assert (_layer.filters, tuple(_layer.kernel_size), tuple(_layer.strides), _layer.padding, _layer.data_format) == (
    16, (5, 3), (2, 1), "valid", "channels_first"), kt.pick(
    "q3：窗口不是正方形、步长不相等、dim_ordering=\"th\" 时，卷积核个数、窗口、步长、填充或数据格式不对。",
    "q3: with a non-square window, unequal strides and dim_ordering=\"th\", the filters, window, strides, padding or data format are wrong.")
assert tuple(_layer(keras.Input(shape=(3, 20, 20))).shape) == (None, 16, 8, 18), kt.pick(
    "q3：在通道在前的输入上，输出形状不对。", "q3: on a channels-first input, the output shape is wrong.")
_layer = modern_conv2d(8, 1, 4, subsample=(1, 2))
assert (tuple(_layer.kernel_size), tuple(_layer.strides), _layer.padding, _layer.data_format) == (
    (1, 4), (1, 2), "valid", "channels_last"), kt.pick(
    "q3：默认参数应对应 valid 和 channels_last。", "q3: the defaults should mean valid and channels_last.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　用转置卷积把特征图放大一倍
#
# 写一个函数 `build_upsampler(height, width, channels, filters)`，每次调用都新建并返回一个模型：
#
# - 输入：`height × width`、`channels` 个通道的特征图（`channels_last`）；
# - 只有**一个**带权重的层：`Conv2DTranspose`，卷积核 3×3，`filters` 个输出通道；
# - 输出的行数和列数都是输入的两倍：形状 `(None, 2·height, 2·width, filters)`。
#
# 例如 `build_upsampler(7, 7, 8, 4)` 的输出形状是 `(None, 14, 14, 4)`。
# <!-- en -->
# ## Question 4 (2 points) · Doubling a feature map with a transposed convolution
#
# Write a function `build_upsampler(height, width, channels, filters)` that builds and returns a new
# model each time it is called:
#
# - input: a `height × width` feature map with `channels` channels (`channels_last`);
# - **one** layer with weights only: a `Conv2DTranspose` with a 3×3 kernel and `filters` output
#   channels;
# - the output has twice the input's rows and twice its columns: shape
#   `(None, 2·height, 2·width, filters)`.
#
# For example, `build_upsampler(7, 7, 8, 4)` has output shape `(None, 14, 14, 4)`.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def build_upsampler(height, width, channels, filters):
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(height, width, channels)),
        keras.layers.Conv2DTranspose(filters, 3, strides=2, padding="same"),
    ])
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
_m1, _m2 = build_upsampler(5, 9, 3, 2), build_upsampler(5, 9, 3, 2)
assert _m1 is not _m2, kt.pick("q4：每次调用都应返回一个新模型。", "q4: each call should return a new model.")
assert _m1.output_shape == (None, 10, 18, 2), kt.pick(
    "q4：对一个高宽不等的输入，输出形状不对。", "q4: for an input whose height and width differ, the output shape is wrong.")
assert _m1.count_params() == 3 * 3 * 2 * 3 + 2, kt.pick(
    "q4：参数个数应正好是一个 3×3 转置卷积的。", "q4: the parameter count should be exactly that of one 3×3 transposed convolution.")
assert tuple(_m1(np.zeros((2, 5, 9, 3), "float32")).shape) == (2, 10, 18, 2), kt.pick(
    "q4：真正运行模型时，输出形状不对。", "q4: when the model really runs, the output shape is wrong.")
assert build_upsampler(1, 1, 1, 1).output_shape == (None, 2, 2, 1), kt.pick(
    "q4：1×1 的输入也应放大成 2×2。", "q4: a 1×1 input should also become 2×2.")
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
