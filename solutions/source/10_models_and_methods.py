# %% [markdown]
# <!-- zh -->
# # 练习 10　模型和它的方法
#
# 配合**第 10 课　模型和它的方法**。共 5 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。公开测试只试一两个例子，
# 老师批改时还会用别的模型和数据运行隐藏测试，所以请按题目的完整要求作答。
#
# 每题的答案用题目给定的名字（`build_model`、`predict_classes` ……），不要在后面的单元格里改写这些名字。
# 需要写文件时，只写进函数收到的文件夹。
# <!-- en -->
# # Exercise 10 · Models and their methods
#
# Goes with **Lesson 10 · Models and their methods**. 5 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. The public tests try one or two examples; your teacher's grading
# also runs hidden tests with other models and data, so answer everything the question asks.
#
# Give each answer the name the question asks for (`build_model`, `predict_classes`, …) and do not
# reuse those names further down. When you write files, write them only into the folder your
# function is given.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("10")

import pathlib
import tempfile

import keras
import numpy as np

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（2 分）　文档 001 的 Sequential 模型
#
# 写一个函数 `build_model()`，每次调用都新建并返回文档 001 的那个模型，用 `add()` 一层一层搭，
# 但不写 `input_dim`，而是先 `add(keras.Input(shape=(784,)))`：
#
# 1. `Dense(32)`，2. `Activation("relu")`，3. `Dense(10)`，4. `Activation("softmax")`。
#
# 返回之前编译它：优化器 RMSprop，损失分类交叉熵，指标准确率。
# <!-- en -->
# ## Question 1 (2 points) · Document 001's Sequential model
#
# Write a function `build_model()` that builds and returns a new copy of document 001's model each
# time it is called, layer by layer with `add()`, but with `add(keras.Input(shape=(784,)))` first
# instead of `input_dim`:
#
# 1. `Dense(32)`, 2. `Activation("relu")`, 3. `Dense(10)`, 4. `Activation("softmax")`.
#
# Compile it before returning it: the RMSprop optimizer, the categorical cross-entropy loss and the
# accuracy metric.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
def build_model():
    ### BEGIN SOLUTION
    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(keras.layers.Dense(32))
    model.add(keras.layers.Activation("relu"))
    model.add(keras.layers.Dense(10))
    model.add(keras.layers.Activation("softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
_m1, _m2 = build_model(), build_model()
assert _m1 is not _m2, kt.pick("q1：每次调用都应返回一个新模型。", "q1: each call should return a new model.")
assert _m1.count_params() == 784 * 32 + 32 + 32 * 10 + 10, kt.pick(
    "q1：模型应有 25450 个参数。", "q1: the model should have 25450 parameters.")
_acts = [_l.activation.__name__ for _l in _m1.layers if isinstance(_l, keras.layers.Activation)]
assert _acts == ["relu", "softmax"], kt.pick(
    "q1：两个 Activation 层应依次是 relu 和 softmax。", "q1: the two Activation layers should be relu, then softmax.")
assert all(_l.activation.__name__ == "linear" for _l in _m1.layers if isinstance(_l, keras.layers.Dense)), kt.pick(
    "q1：激活函数放在单独的 Activation 层里，Dense 层本身不带激活函数。",
    "q1: the activations live in their own Activation layers; the Dense layers have none.")
_p = keras.ops.convert_to_numpy(_m1(np.ones((3, 784), dtype="float32")))
assert np.allclose(_p.sum(axis=1), 1, atol=1e-5), kt.pick(
    "q1：输出的每一行应是概率分布（和为 1）。", "q1: each output row should be a probability distribution (sum 1).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（2 分）　没有 `predict_classes` 怎么办
#
# Keras 3 取消了 `model.predict_classes`。写一个函数 `predict_classes(model, x)`：`model` 的输出是
# softmax 概率（每行一个样本，每列一个类别），返回每个样本概率最大的类别，形式是一维的整数 NumPy 数组。
# <!-- en -->
# ## Question 2 (2 points) · Life without `predict_classes`
#
# Keras 3 removed `model.predict_classes`. Write a function `predict_classes(model, x)`: `model`
# outputs softmax probabilities (one row per sample, one column per class); return the most probable
# class of each sample as a one-dimensional NumPy array of integers.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
def predict_classes(model, x):
    ### BEGIN SOLUTION
    return np.argmax(model.predict(x, verbose=0), axis=-1)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(1)
_m = keras.Sequential([keras.Input((7,)), keras.layers.Dense(5, activation="softmax")])
_x = np.random.default_rng(2).normal(size=(40, 7)).astype("float32")
_expected = np.argmax(keras.ops.convert_to_numpy(_m(_x)), axis=-1)
_got = predict_classes(_m, _x)
assert np.issubdtype(np.asarray(_got).dtype, np.integer) and np.array_equal(_got, _expected), kt.pick(
    "q2：对一个 5 类的模型和 40 个样本，类别不对。", "q2: for a 5-class model and 40 samples, the classes are wrong.")
assert predict_classes(_m, _x[:1]).shape == (1,), kt.pick(
    "q2：一个样本也应返回形状 (1,) 的数组。", "q2: a single sample should give an array of shape (1,).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　保存和读回整个模型
#
# 写一个函数 `save_and_reload(model, directory)`：把整个模型（结构、权重、编译设置）保存成
# `directory` 文件夹里的一个 `.keras` 文件，再从这个文件读回，返回读回的模型。
# 读回的模型要和原来的预测相同、配置相同，而且已经编译好。
# <!-- en -->
# ## Question 3 (2 points) · Saving and loading a whole model
#
# Write a function `save_and_reload(model, directory)`: save the whole model (structure, weights,
# compile settings) as a `.keras` file in the folder `directory`, read it back from that file, and
# return the model read back. It must predict the same as the original, have the same config, and
# already be compiled.

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def save_and_reload(model, directory):
    ### BEGIN SOLUTION
    path = pathlib.Path(directory) / "model.keras"
    model.save(path)
    return keras.models.load_model(path)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
import tempfile as _tempfile

keras.utils.set_random_seed(2)
_in = keras.Input((3,), name="x")
_h = keras.layers.Dense(4, activation="tanh", name="h")(_in)
_fm = keras.Model(_in, [keras.layers.Dense(1, name="a")(_h), keras.layers.Dense(2, name="b")(_h)])
_fm.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=["mse", "mse"], run_eagerly=True)
_xs = np.random.default_rng(4).normal(size=(6, 3)).astype("float32")
_fm.train_on_batch(_xs, [np.zeros((6, 1)), np.zeros((6, 2))])
with _tempfile.TemporaryDirectory() as _d:  # the grader makes the same empty folder on the student's side
    _back = save_and_reload(_fm, _d)
_same = all(np.allclose(keras.ops.convert_to_numpy(_u), keras.ops.convert_to_numpy(_v), atol=1e-6)
            for _u, _v in zip(_back(_xs), _fm(_xs)))
assert _same, kt.pick("q3：两个输出的函数式模型读回后预测不同。",
                      "q3: a functional model with two outputs predicts differently after loading.")
assert int(_back.optimizer.iterations.numpy()) == 1, kt.pick(
    "q3：读回的模型应保留优化器的状态（已走 1 步）。", "q3: the loaded model should keep the optimizer's state (1 step taken).")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　按名字复制权重
#
# `load_weights(…, by_name=True)` 在新的 `.weights.h5` 格式上不能用了。写一个函数
# `copy_by_name(source, target)`：对 `target` 的每个层，如果 `source` 里有**同名**的层，而且两者的
# **每个权重形状都相同**，就把 `source` 那一层的权重复制过去。没有权重的层（如 `Activation`）不算。
# 返回复制了权重的层名列表，按它们在 `target.layers` 里的顺序。
# <!-- en -->
# ## Question 4 (2 points) · Copying weights by name
#
# `load_weights(…, by_name=True)` no longer works with the new `.weights.h5` format. Write a function
# `copy_by_name(source, target)`: for each layer of `target`, if `source` has a layer with the **same
# name** and **every weight has the same shape** in both, copy that layer's weights from `source`.
# Layers without weights (such as `Activation`) do not count. Return the list of names of the layers
# whose weights were copied, in their order in `target.layers`.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def copy_by_name(source, target):
    ### BEGIN SOLUTION
    by_name = {layer.name: layer for layer in source.layers}
    copied = []
    for layer in target.layers:
        match = by_name.get(layer.name)
        if match is None or not layer.weights:
            continue
        if [w.shape for w in match.get_weights()] == [w.shape for w in layer.get_weights()]:
            layer.set_weights(match.get_weights())
            copied.append(layer.name)
    return copied
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(3)
_src_in = keras.Input((5,))
_s1 = keras.layers.Dense(3, name="enc")(_src_in)
_src = keras.Model(_src_in, keras.layers.Dense(2, name="dec")(keras.layers.Dense(4, name="mid")(_s1)))
_tgt = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, name="enc"), keras.layers.Dense(2, name="dec"),
                         keras.layers.Dense(4, name="other")])
assert copy_by_name(_src, _tgt) == ["enc"], kt.pick(
    "q4：只有 enc 的名字和形状都相同（dec 的核形状不同）。", "q4: only enc matches in both name and shapes (dec's kernel differs).")
_tgt2 = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, name="enc"), keras.layers.Dense(4, name="mid"),
                          keras.layers.Dense(2, name="dec")])
assert copy_by_name(_src, _tgt2) == ["enc", "mid", "dec"], kt.pick(
    "q4：三个层都应复制，并按 target.layers 的顺序列出。", "q4: all three layers should be copied, listed in target.layers order.")
assert all(np.array_equal(_u, _v) for _u, _v in zip(_tgt2.get_weights(), _src.get_weights())), kt.pick(
    "q4：复制之后权重应完全相同。", "q4: after copying, the weights should be identical.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 5 题（2 分）　`train_on_batch` 的一步
#
# 一个 `Dense(1)` 模型，损失是均方误差 $L = \frac{1}{n}\sum (x w + b - y)^2$，优化器是学习率为
# `learning_rate` 的 SGD。写一个函数 `one_sgd_step(w, b, x, y, learning_rate)`，只用 NumPy
# 算出 `train_on_batch(x, y)` 一步之后的核和偏置，返回元组 `(w_new, b_new)`。
# 形状：`w` 是 (特征数, 1)，`b` 是 (1,)，`x` 是 (样本数, 特征数)，`y` 是 (样本数, 1)。
# <!-- en -->
# ## Question 5 (2 points) · One step of `train_on_batch`
#
# A `Dense(1)` model, the mean squared error $L = \frac{1}{n}\sum (x w + b - y)^2$, and SGD with
# learning rate `learning_rate`. Write a function `one_sgd_step(w, b, x, y, learning_rate)` that
# computes with NumPy alone the kernel and bias after one `train_on_batch(x, y)`, and returns the
# tuple `(w_new, b_new)`. Shapes: `w` is (features, 1), `b` is (1,), `x` is (samples, features),
# `y` is (samples, 1).

# %% nbgrader={"grade": false, "grade_id": "q5_answer", "locked": false, "schema_version": 3, "solution": true}
def one_sgd_step(w, b, x, y, learning_rate):
    ### BEGIN SOLUTION
    r = x @ w + b - y
    n = len(x)
    return w - learning_rate * (2 / n) * x.T @ r, b - learning_rate * (2 / n) * r.sum(axis=0)
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q5", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q5")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex10 import keras_sgd_step as _keras_step

_rng = np.random.default_rng(7)
for _n, _f, _lr in [(5, 2, 0.05), (12, 4, 0.01), (1, 3, 0.2)]:
    _x, _y = _rng.normal(size=(_n, _f)), _rng.normal(size=(_n, 1))
    _w, _b = _rng.normal(size=(_f, 1)), _rng.normal(size=(1,))
    _mine = one_sgd_step(_w.copy(), _b.copy(), _x, _y, _lr)
    _theirs = _keras_step(_w, _b, _x, _y, _lr)
    assert all(np.allclose(np.reshape(_m, np.shape(_t)), _t, atol=1e-4) for _m, _t in zip(_mine, _theirs)), kt.pick(
        f"q5：{'只有一个样本' if _n == 1 else '另一组数据和学习率'}时，结果和 Keras 不一致。",
        f"q5: {'with a single sample' if _n == 1 else 'for other data and learning rate'}, the result differs from Keras.")
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
