# %% [markdown]
# <!-- zh -->
# # 练习 12　子类化模型和层
#
# 配合**第 12 课　子类化模型和层**。共 4 题，满分 10 分。
#
# 做法：在每个答案单元格里找到 `# YOUR CODE HERE`，把下面那行 `raise NotImplementedError()`
# 换成你的代码，运行这个单元格，再运行紧跟着的检查单元格 `check("q1")`。公开测试只试一个例子，
# 老师批改时还会用别的尺寸和数据运行隐藏测试。
#
# 每题的答案用题目给定的名字（`MLP`、`Scale` ……），不要在后面的单元格里改写这些名字。
# `keras`、`numpy`（`np`）、`tensorflow`（`tf`）和 `keras.ops`（`ops`）都已经导入。
# <!-- en -->
# # Exercise 12 · Subclassing models and layers
#
# Goes with **Lesson 12 · Subclassing models and layers**. 4 questions, 10 points.
#
# How it works: in each answer cell, find `# YOUR CODE HERE`, replace the
# `raise NotImplementedError()` line below it with your code, run the cell, then run the check cell
# right after it, `check("q1")`. The public tests try one example; your teacher's grading also runs
# hidden tests with other sizes and data.
#
# Give each answer the name the question asks for (`MLP`, `Scale`, …) and do not reuse those names
# further down. `keras`, `numpy` (`np`), `tensorflow` (`tf`) and `keras.ops` (`ops`) are imported
# already.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)
from kerastutor.exercises import check, check_all, start

start("12")

import keras
import numpy as np
import tensorflow as tf
from keras import ops

# %% [markdown]
# <!-- zh -->
# ## 第 1 题（3 分）　一个 `keras.Model` 子类
#
# 写一个类 `MLP`，继承 `keras.Model`：
#
# - `__init__(self, hidden, outputs)`：先调用 `super().__init__()`，再创建两个层：
#   `Dense(hidden, activation="relu")` 和 `Dense(outputs)`（不加激活函数）；
# - `call(self, inputs)`：输入先经过第一个层，再经过第二个层，返回结果。
#
# 不要在 `__init__` 里指定输入形状：权重应在第一次调用时按输入的特征数创建。
# <!-- en -->
# ## Question 1 (3 points) · A `keras.Model` subclass
#
# Write a class `MLP` that inherits from `keras.Model`:
#
# - `__init__(self, hidden, outputs)`: call `super().__init__()` first, then create two layers,
#   `Dense(hidden, activation="relu")` and `Dense(outputs)` (no activation);
# - `call(self, inputs)`: pass the inputs through the first layer, then the second, and return the
#   result.
#
# Do not give the input shape in `__init__`: the weights should be created at the first call, from
# the number of input features.

# %% nbgrader={"grade": false, "grade_id": "q1_answer", "locked": false, "schema_version": 3, "solution": true}
class MLP(keras.Model):
    def __init__(self, hidden, outputs):
        super().__init__()
        ### BEGIN SOLUTION
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(outputs)
        ### END SOLUTION

    def call(self, inputs):
        ### BEGIN SOLUTION
        return self.out(self.hidden(inputs))
        ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q1", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q1")
### BEGIN HIDDEN TESTS
keras.utils.set_random_seed(3)
_net = MLP(4, 2)
_x = np.random.default_rng(4).normal(size=(6, 9)).astype("float32")
_y = keras.ops.convert_to_numpy(_net(_x))
assert _y.shape == (6, 2), kt.pick("q1：另一种大小的 MLP 输出形状不对。", "q1: an MLP of other sizes gives the wrong output shape.")
assert _net.count_params() == 9 * 4 + 4 + 4 * 2 + 2, kt.pick(
    "q1：另一种大小的 MLP 参数个数不对。", "q1: an MLP of other sizes has the wrong parameter count.")
_net.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", run_eagerly=True)
_before = [_w.copy() for _w in _net.get_weights()]
_net.train_on_batch(_x, np.ones((6, 2), "float32"))
assert any(not np.allclose(_u, _v) for _u, _v in zip(_before, _net.get_weights())), kt.pick(
    "q1：MLP 应能用 compile/train_on_batch 训练。", "q1: MLP should train with compile/train_on_batch.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 2 题（3 分）　一个自定义层
#
# 写一个层 `Scale`，继承 `keras.layers.Layer`：它把输入的每个特征乘以一个可训练的系数，
# 即 `outputs = inputs * w`，`w` 的形状是 `(特征数,)`。
#
# - `__init__(self, **kwargs)`：调用 `super().__init__(**kwargs)`，不创建权重；
# - `build(self, input_shape)`：用 `self.add_weight` 创建 `w`，形状 `(input_shape[-1],)`，初始值全为 1；
# - `call(self, inputs)`：返回 `inputs * w`。
# <!-- en -->
# ## Question 2 (3 points) · A custom layer
#
# Write a layer `Scale` that inherits from `keras.layers.Layer`: it multiplies each feature of its
# input by a trainable factor, `outputs = inputs * w`, with `w` of shape `(features,)`.
#
# - `__init__(self, **kwargs)`: call `super().__init__(**kwargs)`; create no weight here;
# - `build(self, input_shape)`: create `w` with `self.add_weight`, of shape `(input_shape[-1],)`,
#   starting at all ones;
# - `call(self, inputs)`: return `inputs * w`.

# %% nbgrader={"grade": false, "grade_id": "q2_answer", "locked": false, "schema_version": 3, "solution": true}
class Scale(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def build(self, input_shape):
        ### BEGIN SOLUTION
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        ### END SOLUTION

    def call(self, inputs):
        ### BEGIN SOLUTION
        return inputs * self.w
        ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q2", "locked": true, "points": 3, "schema_version": 3, "solution": false}
check("q2")
### BEGIN HIDDEN TESTS
_layer = Scale(name="scale_test")
_img = np.random.default_rng(5).normal(size=(2, 4, 4, 3)).astype("float32")
assert keras.ops.convert_to_numpy(_layer(_img)).shape == (2, 4, 4, 3) and tuple(_layer.weights[0].shape) == (3,), kt.pick(
    "q2：作用在图像形状的输入上，权重应每个通道一个，输出形状不变。",
    "q2: on an image-shaped input, the weight should have one value per channel and the output keep the shape.")
_flat = Scale()
_flat(np.ones((2, 6), "float32"))
assert _flat.count_params() == 6, kt.pick("q2：在平的输入上，参数个数应等于特征数。",
                                          "q2: on a flat input, the parameter count should equal the number of features.")
assert len(_layer.trainable_weights) == 1, kt.pick("q2：w 应是可训练的。", "q2: w should be trainable.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 3 题（2 分）　最小范数的最小二乘解
#
# 文档 003 的线性回归只有 2 个样本、4 个参数，有无穷多组解能让损失为 0。写一个函数
# `min_norm_solution(X, y)`：`X` 形状 (样本数, 特征数)，`y` 形状 (样本数, 1)；返回使
# $Xw + b = y$ 在最小二乘意义下最好、并且 $(w, b)$ 整体范数最小的那组解，形式为元组 `(w, b)`，
# `w` 形状 (特征数, 1)，`b` 形状 (1,)。（从 0 出发的梯度下降最终会走到这组解。）
# <!-- en -->
# ## Question 3 (2 points) · The minimum-norm least-squares solution
#
# Document 003's linear regression has only 2 samples and 4 parameters, so infinitely many solutions
# make the loss 0. Write a function `min_norm_solution(X, y)`: `X` has shape (samples, features) and
# `y` shape (samples, 1); return the solution of $Xw + b = y$ that is best in the least-squares sense
# and whose $(w, b)$ taken together has the smallest norm, as a tuple `(w, b)` with `w` of shape
# (features, 1) and `b` of shape (1,). (Gradient descent from zero ends up at this solution.)

# %% nbgrader={"grade": false, "grade_id": "q3_answer", "locked": false, "schema_version": 3, "solution": true}
def min_norm_solution(X, y):
    ### BEGIN SOLUTION
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.pinv(A) @ y
    return theta[:-1], theta[-1]
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q3", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q3")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex12 import reference_min_norm as _ref

_rng = np.random.default_rng(11)
for _n, _f in [(3, 5), (2, 2), (10, 3)]:
    _X, _Y = _rng.normal(size=(_n, _f)), _rng.normal(size=(_n, 1))
    _w, _b = min_norm_solution(_X, _Y)
    _wr, _br = _ref(_X, _Y)
    assert np.allclose(np.ravel(_w), _wr.ravel(), atol=1e-6) and np.allclose(np.ravel(_b), _br.ravel(), atol=1e-6), kt.pick(
        f"q3：{'样本比特征少' if _n < _f else '样本不比特征少'}时，解不对。",
        f"q3: wrong solution with {'fewer samples than features' if _n < _f else 'at least as many samples as features'}.")
### END HIDDEN TESTS

# %% [markdown]
# <!-- zh -->
# ## 第 4 题（2 分）　`GradientTape` 训练循环
#
# 写一个函数 `gradient_descent(X, y, steps, learning_rate)`，照文档 003 的做法训练线性回归：
#
# - 模型是一个 `keras.Model` 子类，里面一个 `Dense(1)`，核和偏置都初始化为 0（每次调用函数都新建）；
# - 每一步在 `tf.GradientTape` 里算损失 `0.5 * mean((ŷ − y)²)`，求出对 `model.trainable_variables`
#   的梯度，用学习率为 `learning_rate` 的 `keras.optimizers.SGD` 更新；
# - 返回 `(w, b, losses)`：训练后的核（形状 (特征数, 1)）、偏置（形状 (1,)），以及每一步
#   **更新之前**的损失组成的列表（`steps` 个数）。
#
# 例如文档的数据训练 100 步，第一个损失是 125。
# <!-- en -->
# ## Question 4 (2 points) · A `GradientTape` training loop
#
# Write a function `gradient_descent(X, y, steps, learning_rate)` that trains the linear regression
# the way document 003 does:
#
# - the model is a `keras.Model` subclass holding one `Dense(1)`, kernel and bias initialized to 0
#   (a new one at every call of the function);
# - each step computes the loss `0.5 * mean((ŷ − y)²)` inside a `tf.GradientTape`, takes its
#   gradient with respect to `model.trainable_variables`, and updates with a `keras.optimizers.SGD`
#   of learning rate `learning_rate`;
# - return `(w, b, losses)`: the trained kernel (shape (features, 1)), bias (shape (1,)), and the list
#   of each step's loss **before** its update (`steps` numbers).
#
# For example, 100 steps on the document's data start with a loss of 125.

# %% nbgrader={"grade": false, "grade_id": "q4_answer", "locked": false, "schema_version": 3, "solution": true}
def gradient_descent(X, y, steps, learning_rate):
    ### BEGIN SOLUTION
    class Linear(keras.Model):
        def __init__(self):
            super().__init__(name="linear")
            self.dense = keras.layers.Dense(1, kernel_initializer="zeros", bias_initializer="zeros")

        def call(self, inputs):
            return self.dense(inputs)

    model = Linear()
    optimizer = keras.optimizers.SGD(learning_rate=learning_rate)
    X, y = tf.constant(X, dtype="float32"), tf.constant(y, dtype="float32")
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = 0.5 * tf.reduce_mean(tf.square(model(X) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))
    w, b = model.get_weights()
    return w, b, losses
    ### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q4", "locked": true, "points": 2, "schema_version": 3, "solution": false}
check("q4")
### BEGIN HIDDEN TESTS
from kerastutor.exercises.ex12 import reference_gd as _gd

_rng = np.random.default_rng(12)
_X, _Y = _rng.normal(size=(5, 2)).astype("float32"), _rng.normal(size=(5, 1)).astype("float32")
_w, _b, _l = gradient_descent(_X, _Y, 30, 0.05)
_wr, _br, _lr = _gd(_X, _Y, 30, 0.05)
assert len(_l) == 30 and np.allclose(_l, _lr, rtol=1e-4, atol=1e-5), kt.pick(
    "q4：另一组数据上，每步的损失不对。", "q4: on other data, the losses per step are wrong.")
assert np.allclose(np.ravel(_w), _wr.ravel(), atol=1e-4) and np.allclose(np.ravel(_b), _br.ravel(), atol=1e-4), kt.pick(
    "q4：另一组数据上，30 步之后的 (w, b) 不对。", "q4: on other data, (w, b) after 30 steps is wrong.")
_w1, _b1, _l1 = gradient_descent(_X, _Y, 1, 0.05)
assert np.allclose(_l1[0], _lr[0], rtol=1e-5), kt.pick(
    "q4：每次调用都应从 0 权重重新开始。", "q4: every call should start again from zero weights.")
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
