# %% [markdown]
# <!-- zh -->
# # 练习 5　常用层和层的方法
#
# 配合**第 5 课　常用层和层的方法**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。它会马上告诉你
# **公开测试通过**，或者哪里不对、该往哪里想。老师批改时还会运行你看不到的隐藏测试，
# 所以公开测试通过并不等于满分：请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`timestep_dropout`、`flat_length` ……），并且不要在后面的单元格里
# 改写这些名字。
# <!-- en -->
# # Exercise 5 · Core layers and layer methods
#
# Goes with **Lesson 5 · Core layers and layer methods**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. It tells you at once that the **public tests passed**, or what is
# wrong and where to look. Your teacher's grading also runs hidden tests you cannot see, so passing
# the public tests is not yet full marks: answer everything the question asks.
#
# Give each answer the name the question asks for (`timestep_dropout`, `flat_length`, …) and do not
# reuse those names for something else further down.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("05")

import keras
import numpy as np
from keras import ops

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　按时间步共享的 Dropout
#
# 序列数据的形状是 `(批次, 时间步, 特征)`。写一个函数 `timestep_dropout(rate, features)`，返回一个
# `keras.layers.Dropout` 层，要求：
#
# - 丢弃概率是 `rate`；
# - 训练时，同一个样本在**所有时间步上丢掉同样的特征**（不同样本可以不同）；
# - 对任意批次大小、任意时间步数的输入都能用（每步的特征数是 `features`）。
#
# 推理时它应原样输出，训练时留下的值应乘以 $1/(1-\text{rate})$：这两点 Dropout 自己就会做到。
# <!-- en -->
# ## Question 1 (3 points) · Dropout shared across timesteps
#
# Sequence data has shape `(batch, timesteps, features)`. Write a function
# `timestep_dropout(rate, features)` that returns a `keras.layers.Dropout` layer such that
#
# - it drops with probability `rate`;
# - in training, each sample **drops the same features at every timestep** (samples may differ);
# - it works for any batch size and any number of timesteps (with `features` features per step).
#
# In inference it should pass its input through, and in training the kept values should be
# multiplied by $1/(1-\text{rate})$: Dropout does both by itself.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def timestep_dropout(rate, features):
    ### BEGIN SOLUTION
    return keras.layers.Dropout(rate, noise_shape=(None, 1, features))
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(3)
for _rate, _features, _shape in [(0.25, 3, (2, 7, 3)), (0.6, 4, (5, 2, 4)), (0.5, 2, (1, 9, 2))]:
    _layer = timestep_dropout(_rate, _features)
    _x = np.ones(_shape, "float32")
    assert abs(float(_layer.rate) - _rate) < 1e-9, kt.pick(
        "q1：对另一个丢弃率，层的 rate 不对。", "q1: for another dropout rate, the layer's rate is wrong.")
    try:
        _out = keras.ops.convert_to_numpy(_layer(_x, training=True))
    except Exception:  # e.g. a noise_shape fixed to one batch size
        _out = np.zeros(0)
    assert _out.shape == _shape and np.all(_out == _out[:, :1, :]), kt.pick(
        "q1：另一种形状的输入应能通过（任意批次大小），并且每个样本在所有时间步上丢掉同样的特征。",
        "q1: an input of another shape should go through (any batch size), each sample dropping the same features at every timestep.")
    assert np.allclose(_out[_out != 0], 1 / (1 - _rate)), kt.pick(
        "q1：训练时留下的值应乘以 1/(1−rate)。", "q1: in training, a kept value should be multiplied by 1/(1−rate).")
    assert np.array_equal(keras.ops.convert_to_numpy(_layer(_x)), _x), kt.pick(
        "q1：推理时应原样输出。", "q1: in inference the input should pass through unchanged.")
_big = keras.ops.convert_to_numpy(timestep_dropout(0.25, 50)(np.ones((200, 3, 50), "float32"), training=True))
assert abs(float(np.mean(_big == 0)) - 0.25) < 0.03, kt.pick(
    "q1：rate=0.25 时大约四分之一的特征应被丢弃。", "q1: with rate=0.25 about a quarter of the features should be dropped.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　Flatten 之后有多长
#
# 第 5 课的勘误说明了文档 001 的例子为什么算错。写一个函数 `flat_length(image_shape, filters)`：
# 模型的输入是 `keras.Input(shape=image_shape)`，后面接 `Conv2D(filters, 3, padding="same")`
# （默认的数据格式 `channels_last`），再接 `Flatten()`。函数不运行 Keras，直接返回 Flatten 输出的长度（一个整数）。
# 例如 `flat_length((32, 32, 3), 64)` 是 65536。注意：`image_shape` 不一定是“通道在后”的本意写法，
# Keras 总是把最后一个轴当作通道。
# <!-- en -->
# ## Question 2 (2 points) · How long after Flatten
#
# Lesson 5's erratum showed why document 001's example gets its numbers wrong. Write a function
# `flat_length(image_shape, filters)`: the model's input is `keras.Input(shape=image_shape)`, followed
# by `Conv2D(filters, 3, padding="same")` (default data format, `channels_last`) and `Flatten()`.
# Without running Keras, return the length of Flatten's output (an integer). For example,
# `flat_length((32, 32, 3), 64)` is 65536. Careful: `image_shape` is not always written channels
# last as its author meant; Keras always takes the last axis as the channels.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def flat_length(image_shape, filters):
    ### BEGIN SOLUTION
    rows, cols, _channels = image_shape
    return rows * cols * filters
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
for _shape, _filters in [((3, 32, 32), 64), ((28, 28, 1), 8), ((5, 7, 2), 3), ((10, 4, 9), 1)]:
    _model = keras.Sequential([keras.Input(shape=_shape), keras.layers.Conv2D(_filters, 3, padding="same"),
                               keras.layers.Flatten()])
    _expected = _model.output_shape[1]
    assert flat_length(_shape, _filters) == _expected, kt.pick(
        "q2：对另一种输入形状和卷积核个数，结果不对。", "q2: the result is wrong for another input shape and number of filters.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（3 分）　用 keras.ops 写 antirectifier
#
# 文档 001 用后端函数 `K.` 写了一个 antirectifier，Keras 3 里这些函数已经没有了。写一个函数
# `antirectifier(x)`，只用 `keras.ops`（已导入为 `ops`），对形状 `(批次, 特征)` 的张量做：
#
# 1. 每个样本减去自己的均值；
# 2. 把每个样本缩放成 L2 范数为 1；
# 3. 把正的部分 `relu(x)` 和负的部分 `relu(-x)` 沿特征轴拼接起来。
#
# 输出形状是 `(批次, 2 × 特征)`。它要能放进 `keras.layers.Lambda`，而且不给 `output_shape` 时 Keras 也能推断出输出形状。
# <!-- en -->
# ## Question 3 (3 points) · The antirectifier with keras.ops
#
# Document 001 writes an antirectifier with the backend functions `K.`, which Keras 3 no longer has.
# Write a function `antirectifier(x)` that uses only `keras.ops` (imported as `ops`) and, on a tensor
# of shape `(batch, features)`,
#
# 1. subtracts each sample's own mean;
# 2. scales each sample to unit L2 norm;
# 3. concatenates the positive part `relu(x)` and the negative part `relu(-x)` along the features.
#
# The output has shape `(batch, 2 × features)`. It must work inside `keras.layers.Lambda`, with Keras
# inferring the output shape when no `output_shape` is given.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def antirectifier(x):
    ### BEGIN SOLUTION
    x = x - ops.mean(x, axis=1, keepdims=True)
    x = ops.normalize(x, axis=1, order=2)
    return ops.concatenate([ops.relu(x), ops.relu(-x)], axis=1)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex05 import antirectifier_reference as _reference

for _width in (2, 7):
    _model = keras.Sequential([keras.Input(shape=(_width,)), keras.layers.Lambda(antirectifier)])
    assert _model.output_shape == (None, 2 * _width), kt.pick(
        "q3：对另一个输入宽度，Lambda 推断出的输出形状不对（应是输入宽度的两倍）。",
        "q3: for another input width, the Lambda's inferred output shape is wrong (it should be twice the input's).")
    _x = np.random.default_rng(_width).normal(size=(6, _width)).astype("float32")
    _out = keras.ops.convert_to_numpy(_model(_x))
    assert np.allclose(_out, _reference(_x), atol=1e-4), kt.pick(
        "q3：对另一个输入宽度，输出与定义不符。", "q3: for another input width, the output does not match the definition.")
    assert np.allclose(np.linalg.norm(_out, axis=1), 1.0, atol=1e-4), kt.pick(
        "q3：输出每一行的 L2 范数应为 1。", "q3: every output row should have unit L2 norm.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　复制一个层
#
# 写一个函数 `copy_dense(layer)`：参数是一个**已经构建好**的 `keras.layers.Dense` 层；返回一个新的
# `Dense` 层，它和原层的设置（配置）相同、权重相同，但和原层**相互独立**：以后改动原层的权重，副本不受影响。
# 提示：第 5 课第 12.2 节。
# <!-- en -->
# ## Question 4 (2 points) · Copying a layer
#
# Write a function `copy_dense(layer)` that takes a `keras.layers.Dense` layer that is **already built**
# and returns a new `Dense` layer with the same settings (config) and the same weights, yet
# **independent** of the original: changing the original's weights later must not affect the copy.
# Hint: lesson 5, section 12.2.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def copy_dense(layer):
    ### BEGIN SOLUTION
    copy = keras.layers.Dense.from_config(layer.get_config())
    copy.build((None, layer.kernel.shape[0]))
    copy.set_weights(layer.get_weights())
    return copy
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
for _units, _width, _kwargs in [(5, 7, dict(activation="relu", use_bias=False)),
                                (2, 3, dict(activation="sigmoid", kernel_initializer="he_normal",
                                            bias_initializer="random_normal"))]:
    _original = keras.layers.Dense(_units, **_kwargs)
    _original.build((None, _width))
    try:
        _copy = copy_dense(_original)
    except Exception:
        _copy = None
    assert isinstance(_copy, keras.layers.Dense) and _copy is not _original, kt.pick(
        f"q4：复制一个{'不带偏置' if not _kwargs.get('use_bias', True) else '有自定义初始化器'}的 Dense 层，应返回一个新的 Dense 层。",
        f"q4: copying a Dense layer {'without a bias' if not _kwargs.get('use_bias', True) else 'with its own initializers'} "
        "should return a new Dense layer.")
    assert (_copy.units, _copy.use_bias, _copy.activation.__name__) == (
        _original.units, _original.use_bias, _original.activation.__name__), kt.pick(
        f"q4：{'不带偏置' if not _kwargs.get('use_bias', True) else '有自定义初始化器'}的 Dense 层的副本，设置应与原层相同。",
        f"q4: the copy of a Dense layer {'without a bias' if not _kwargs.get('use_bias', True) else 'with its own initializers'} "
        "should have the original's settings.")
    _x = np.random.default_rng(_units).normal(size=(3, _width)).astype("float32")
    _before = keras.ops.convert_to_numpy(_original(_x))
    assert np.allclose(keras.ops.convert_to_numpy(_copy(_x)), _before, atol=1e-6), kt.pick(
        "q4：副本应给出与原层相同的输出。", "q4: the copy should give the same output as the original.")
    _original.set_weights([_w + 1.0 for _w in _original.get_weights()])
    assert np.allclose(keras.ops.convert_to_numpy(_copy(_x)), _before, atol=1e-6), kt.pick(
        "q4：改动原层的权重后，副本不应受影响。", "q4: changing the original's weights should not affect the copy.")
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
