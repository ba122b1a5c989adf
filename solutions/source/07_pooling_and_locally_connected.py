# %% [markdown]
# <!-- zh -->
# # 练习 7　池化层和局部连接层
#
# 配合**第 7 课　池化层和局部连接层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`pool_output_shape`、`max_pool_2d` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 7 · Pooling and locally connected layers
#
# Goes with **Lesson 7 · Pooling and locally connected layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`pool_output_shape`, `max_pool_2d`, …) and do not
# reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("07")

import keras
import numpy as np
from kerastutor.layers_extra import LocallyConnected1D

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（2 分）　一维池化的输出形状
#
# 写一个函数 `pool_output_shape(input_shape, pool_size, strides=None, padding="valid")`，不运行 Keras，
# 直接返回 `MaxPooling1D(pool_size, strides, padding)` 作用在形状为 `input_shape` 的输入上时，
# 输出的形状（一个元组）。
#
# - `input_shape` 是 `(批次, 时间步, 特征数)`，批次可能是 `None`；
# - `strides=None` 表示步长等于 `pool_size`；
# - `padding` 是 `"valid"` 或 `"same"`。
#
# 例如 `pool_output_shape((None, 7, 2), 2)` 应为 `(None, 3, 2)`。
# <!-- en -->
# ## Question 1 (2 points) · The output shape of 1D pooling
#
# Write a function `pool_output_shape(input_shape, pool_size, strides=None, padding="valid")` that
# returns, without running Keras, the shape (a tuple) of what `MaxPooling1D(pool_size, strides,
# padding)` gives for an input of shape `input_shape`.
#
# - `input_shape` is `(batch, steps, features)`; the batch may be `None`;
# - `strides=None` means the stride equals `pool_size`;
# - `padding` is `"valid"` or `"same"`.
#
# For example, `pool_output_shape((None, 7, 2), 2)` should be `(None, 3, 2)`.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def pool_output_shape(input_shape, pool_size, strides=None, padding="valid"):
    ### BEGIN SOLUTION
    batch, steps, features = input_shape
    s = pool_size if strides is None else strides
    if padding == "valid":
        out = (steps - pool_size) // s + 1
    else:
        out = -(-steps // s)
    return (batch, out, features)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
for _args, _expected in [(((None, 8, 3), 2), (None, 4, 3)), (((5, 9, 1), 2, None, "same"), (5, 5, 1)),
                         (((None, 10, 2), 4, 1), (None, 7, 2)), (((None, 10, 2), 3, 3, "same"), (None, 4, 2)),
                         (((2, 6, 7), 6), (2, 1, 7)), (((None, 11, 4), 2, 5, "valid"), (None, 2, 4))]:
    assert tuple(pool_output_shape(*_args)) == _expected, kt.pick(
        f"q1：{'strides 为 None' if len(_args) < 3 or _args[2] is None else '给定 strides'}、"
        f"padding={(_args[3] if len(_args) > 3 else 'valid')!r} 时，结果不对。",
        f"q1: the result is wrong with {'strides=None' if len(_args) < 3 or _args[2] is None else 'given strides'} and "
        f"padding={(_args[3] if len(_args) > 3 else 'valid')!r}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　手算二维最大池化
#
# 写一个函数 `max_pool_2d(x, pool_size)`，只用 NumPy，算出与 `keras.layers.MaxPooling2D(pool_size=pool_size)`
# 完全相同的结果：
#
# - `x` 是形状为 `(样本, 行, 列, 通道)` 的 NumPy 数组（`channels_last`）；
# - `pool_size` 是一对整数 `(ph, pw)`；窗口互不重叠（`strides` 等于 `pool_size`），`padding="valid"`，
#   所以多出来、凑不满一个窗口的行和列被丢掉；
# - 返回一个 NumPy 数组，每个通道单独池化。
# <!-- en -->
# ## Question 2 (3 points) · 2D max pooling by hand
#
# Write a function `max_pool_2d(x, pool_size)` that, with NumPy only, computes exactly what
# `keras.layers.MaxPooling2D(pool_size=pool_size)` computes:
#
# - `x` is a NumPy array of shape `(samples, rows, cols, channels)` (`channels_last`);
# - `pool_size` is a pair of integers `(ph, pw)`; the windows do not overlap (`strides` equals
#   `pool_size`) and `padding="valid"`, so rows and columns left over that cannot fill a window are
#   dropped;
# - return a NumPy array; each channel is pooled on its own.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def max_pool_2d(x, pool_size):
    ### BEGIN SOLUTION
    ph, pw = pool_size
    rows, cols = x.shape[1] // ph, x.shape[2] // pw
    out = np.zeros((x.shape[0], rows, cols, x.shape[3]), dtype=x.dtype)
    for i in range(rows):
        for j in range(cols):
            out[:, i, j, :] = x[:, i * ph:(i + 1) * ph, j * pw:(j + 1) * pw, :].max(axis=(1, 2))
    return out
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(3)
for _shape, _pool in [((1, 6, 6, 1), (3, 2)), ((3, 5, 7, 2), (2, 2)), ((2, 8, 4, 3), (4, 1)), ((1, 2, 2, 5), (2, 2))]:
    _x = _rng.normal(size=_shape).astype("float32")
    _expected = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=_pool)(_x))
    _got = np.asarray(max_pool_2d(_x, _pool))
    assert _got.shape == _expected.shape and np.allclose(_got, _expected), kt.pick(
        f"q2：{'窗口不是正方形' if _pool[0] != _pool[1] else '正方形窗口'}时，结果与 MaxPooling2D 不同（形状或数值）。",
        f"q2: with a {'non-square' if _pool[0] != _pool[1] else 'square'} window, the result differs from MaxPooling2D's "
        "(shape or values).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　局部连接层的参数个数
#
# 写一个函数 `local1d_params(steps, channels, kernel_size, filters, strides=1)`，返回一个带偏置的
# `LocallyConnected1D(filters, kernel_size, strides)` 层，作用在 `steps` 个时间步、`channels` 个通道的
# 输入上时，有多少个参数（一个整数）。不要建层，用公式算。
#
# 例如第 7 课里的 `local1d_params(10, 3, 3, 4)` 是 320。
# <!-- en -->
# ## Question 3 (2 points) · Parameters of a locally connected layer
#
# Write a function `local1d_params(steps, channels, kernel_size, filters, strides=1)` that returns
# how many parameters (an integer) a `LocallyConnected1D(filters, kernel_size, strides)` layer with
# biases has on an input of `steps` steps and `channels` channels. Do not build a layer: use the
# formula.
#
# For example, lesson 7's `local1d_params(10, 3, 3, 4)` is 320.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def local1d_params(steps, channels, kernel_size, filters, strides=1):
    ### BEGIN SOLUTION
    positions = (steps - kernel_size) // strides + 1
    return positions * (kernel_size * channels * filters + filters)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
for _steps, _channels, _k, _filters, _s in [(20, 1, 5, 8, 1), (7, 2, 7, 3, 1), (12, 4, 3, 2, 2), (9, 3, 2, 5, 4)]:
    _probe = LocallyConnected1D(_filters, _k, strides=_s)
    _probe.build((None, _steps, _channels))
    assert local1d_params(_steps, _channels, _k, _filters, strides=_s) == _probe.count_params(), kt.pick(
        f"q3：{'步长大于 1' if _s > 1 else '步长为 1'}时，参数个数不对。",
        f"q3: the parameter count is wrong with {'a stride above 1' if _s > 1 else 'a stride of 1'}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（3 分）　让局部连接层算出卷积层的结果
#
# 第 7 课说：`Conv1D` 就是“所有位置共享同一组权重”的局部连接层。写一个函数 `tied_local(conv, steps)`：
#
# - `conv` 是一个已经构建好的 `keras.layers.Conv1D`（`padding="valid"`，带偏置）；
#   它的设置在 `conv.filters`、`conv.kernel_size[0]`、`conv.strides[0]` 里，权重用 `conv.get_weights()` 取出；
# - 返回一个**已经构建好、放好权重**的 `LocallyConnected1D`（已在上面从 `kerastutor.layers_extra` 导入），
#   它和 `conv` 的 `filters`、`kernel_size`、`strides` 相同，并且在任何 `steps` 个时间步的输入上，
#   输出都和 `conv` 相同。
#
# 提示：`LocallyConnected1D` 的核形状是 `(输出位置数, kernel_size·通道数, filters)`，偏置是 `(输出位置数, filters)`。
# <!-- en -->
# ## Question 4 (3 points) · A locally connected layer that computes a convolution
#
# Lesson 7 says that `Conv1D` is "the locally connected layer whose positions all share one set of
# weights". Write a function `tied_local(conv, steps)`:
#
# - `conv` is a built `keras.layers.Conv1D` (`padding="valid"`, with a bias); its settings are in
#   `conv.filters`, `conv.kernel_size[0]` and `conv.strides[0]`, and `conv.get_weights()` gives its
#   weights;
# - return a `LocallyConnected1D` (imported above from `kerastutor.layers_extra`), **built and with its
#   weights in place**, with the same `filters`, `kernel_size` and `strides` as `conv`, whose output on
#   any input of `steps` steps equals `conv`'s.
#
# Hint: a `LocallyConnected1D` kernel has shape `(positions, kernel_size·channels, filters)` and its
# bias `(positions, filters)`.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def tied_local(conv, steps):
    ### BEGIN SOLUTION
    kernel, bias = conv.get_weights()
    k, channels, filters = kernel.shape
    local = LocallyConnected1D(filters, k, strides=conv.strides[0])
    local.build((None, steps, channels))
    positions = local.kernel.shape[0]
    local.set_weights([np.tile(kernel.reshape(1, k * channels, filters), (positions, 1, 1)),
                       np.tile(bias, (positions, 1))])
    return local
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
from kerastutor.layers_extra import LocallyConnected1D as _LC

keras.utils.set_random_seed(1)
for _filters, _k, _s, _steps, _channels in [(2, 4, 2, 11, 5), (3, 1, 1, 6, 2), (1, 5, 3, 14, 1)]:
    _conv = keras.layers.Conv1D(_filters, _k, strides=_s, bias_initializer="random_normal")
    _x = np.random.default_rng(_steps).normal(size=(3, _steps, _channels)).astype("float32")
    _expected = keras.ops.convert_to_numpy(_conv(_x))
    _local = tied_local(_conv, _steps)
    assert isinstance(_local, _LC) and (_local.kernel_size, _local.strides) == (_k, _s), kt.pick(
        "q4：对另一个 Conv1D，应返回窗口和步长与它相同的 LocallyConnected1D。",
        "q4: for another Conv1D, return a LocallyConnected1D with its window and strides.")
    assert np.allclose(keras.ops.convert_to_numpy(_local(_x)), _expected, atol=1e-4), kt.pick(
        f"q4：{'步长大于 1' if _s > 1 else '步长为 1'}时，输出与 Conv1D 不同。",
        f"q4: with {'a stride above 1' if _s > 1 else 'a stride of 1'}, the output differs from the Conv1D's.")
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
