# %% [markdown]
# <!-- zh -->
# # 第 12 课　子类化模型和层
#
# `Sequential` 和函数式 API 用“搭积木”的方式描述模型。还有第三种方式：写一个 Python 类，
# 继承 `keras.Model`，在 `__init__` 里创建层，在 `call` 里写前向计算。这就是**子类化**。
# 它最灵活：`call` 里可以有任何 Python 代码。同样，也可以继承 `keras.layers.Layer` 写自己的层。
#
# 学完后你能够：
# - 写一个 `keras.Model` 子类（`__init__` + `call`），说清它的变量什么时候创建；
# - 用 `GradientTape` 和 SGD 自己写训练循环，训练文档 003 的线性回归，并说清 100 步梯度下降到达了哪里、
#   为什么它会走向**最小范数**的最小二乘解；
# - 写一个带 `build` 和 `add_weight` 的自定义层；
# - 在自己的循环里使用 Keras 的损失（`keras.losses`）、优化器（`apply_gradients` 和 `apply`）和指标（`keras.metrics`）。
#
# 对应原文：文档 003 全文（模型和层的介绍、`Model` 子类的模板、用 `Model` 搭线性回归）。
# <!-- en -->
# # Lesson 12 · Subclassing models and layers
#
# `Sequential` and the functional API describe a model by putting blocks together. There is a third
# way: write a Python class that inherits from `keras.Model`, create the layers in `__init__` and
# write the forward computation in `call`. That is **subclassing**. It is the most flexible way, since
# `call` can contain any Python code. In the same way you can inherit from `keras.layers.Layer` to
# write a layer of your own.
#
# By the end you will be able to:
# - write a `keras.Model` subclass (`__init__` + `call`) and say when its variables are created;
# - write a training loop yourself with `GradientTape` and SGD, train document 003's linear
#   regression, and explain where 100 steps of gradient descent get to, and why they head for the
#   **minimum-norm** least-squares solution;
# - write a custom layer with `build` and `add_weight`;
# - use Keras losses (`keras.losses`), optimizers (`apply_gradients` and `apply`) and metrics
#   (`keras.metrics`) in a loop of your own.
#
# Follows: all of document 003 (models and layers, the template of a `Model` subclass, a linear
# regression built with `Model`).

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import builtins
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import ops
from kerastutor import graph
from kerastutor.shapes import expect_shape

# %% [markdown]
# <!-- zh -->
# ## 1. `keras.Model` 的子类：`__init__` 和 `call`
#
# 子类化一个模型只要两个方法：
#
# - `__init__`：先调用 `super().__init__()`，再创建 `call` 里要用的层，存成属性（`self.dense = …`）；
# - `call(self, inputs)`：拿到输入，依次调用这些层，返回输出。
#
# 文档 003 给出了这样一个模板，但它不能运行：
#
# > **勘误** 文档 003 的模板里，`call` 最后 `return output`，而 `output` 从来没有赋值（中间只有注释）。
# > 照抄这个类，第一次调用模型就会得到 `NameError`。模板必须至少真的算出 `output`。
# <!-- en -->
# ## 1. A `keras.Model` subclass: `__init__` and `call`
#
# Subclassing a model takes two methods:
#
# - `__init__`: call `super().__init__()` first, then create the layers `call` will use and keep
#   them as attributes (`self.dense = …`);
# - `call(self, inputs)`: take the inputs, call the layers in turn, return the output.
#
# Document 003 gives a template like this, but it cannot run:
#
# > **Erratum** In document 003's template, `call` ends with `return output`, but `output` is never
# > assigned (there are only comments before it). Copy the class as it stands and the first call of
# > the model gives a `NameError`. A template has to compute `output` for real.

# %%
class TemplateAsWritten(keras.Model):
    def __init__(self):
        super().__init__()

    def call(self, input):  # noqa: A002  (kept as document 003 writes it; see section 3)
        return output  # noqa: F821


with kt.expect_error(NameError, match="output"):
    TemplateAsWritten()(np.zeros((1, 3), dtype="float32"))

# %% [markdown]
# <!-- zh -->
# 一个能运行的最小模板：两个 `Dense` 层，`call` 把输入依次交给它们。
# <!-- en -->
# A minimal template that runs: two `Dense` layers, with `call` passing the inputs through them in
# turn.

# %%
class TwoLayers(keras.Model):
    def __init__(self, hidden=8, units_out=1):
        super().__init__()
        # zh: 在 __init__ 里创建 call 要用的层
        # en: create the layers call will use, in __init__
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(units_out)

    def call(self, inputs):
        # zh: 前一层的结果作为下一层的输入
        # en: each layer's result is the next layer's input
        x = self.hidden(inputs)
        return self.out(x)


two = TwoLayers()
kt.verify_equal(kt.pick("第一次调用之前的变量个数", "the number of variables before the first call"), len(two.variables), 0)
result = two(np.ones((5, 3), dtype="float32"))
expect_shape(result, (5, 1))
print(kt.pick("第一次调用之后：", "after the first call:"), [v.path for v in two.variables])
kt.verify_equal(kt.pick("变量的形状：核、偏置、核、偏置", "variable shapes: kernel, bias, kernel, bias"),
                [tuple(v.shape) for v in two.variables], [(3, 8), (8,), (8, 1), (1,)])

# %% [markdown]
# <!-- zh -->
# 注意变量是**第一次调用时**才创建的：创建模型时它还不知道输入有几个特征（这里是 3），
# 所以还造不出核。这和第 1 课讲的层的“构建”是同一回事。
#
# 子类化模型的结构写在 `call` 的 Python 代码里，不是一张事先画好的层图，所以没法像函数式模型那样
# 画出来，`get_config`/`from_config` 也需要你自己补上。课程的画图工具会直接说明这一点：
# <!-- en -->
# Note that the variables appear **at the first call**: when the model is created it does not yet
# know how many features the input has (3 here), so it cannot make the kernel. This is the same
# *building* lesson 1 described for layers.
#
# A subclassed model's structure lives in the Python code of `call`, not in a layer graph drawn in
# advance, so it cannot be drawn the way a functional model can, and `get_config`/`from_config` are
# yours to write. The course's drawing tool says so plainly:

# %%
with kt.expect_error(kt.KerastutorError):
    graph.model_graph(two)

# %% [markdown]
# <!-- zh -->
# ## 2. `tf.keras` 和 `keras`
#
# 文档 003 写的是 `tf.keras.Model`、`tf.keras.layers.Dense`。
#
# > **版本变化（Keras 3）** 从 TensorFlow 2.16 起，Keras 是独立的包 `keras`（Keras 3），
# > `tf.keras` 只是指向它的一个入口：`tf.keras.Model` 和 `keras.Model` 是**同一个类**。
# > 课程里一律写 `import keras`。（只有设置了环境变量 `TF_USE_LEGACY_KERAS=1` 并装了 `tf_keras`
# > 包时，`tf.keras` 才会变成旧的 Keras 2。）
# <!-- en -->
# ## 2. `tf.keras` and `keras`
#
# Document 003 writes `tf.keras.Model` and `tf.keras.layers.Dense`.
#
# > **Changed in Keras 3** Since TensorFlow 2.16, Keras is a package of its own, `keras` (Keras 3),
# > and `tf.keras` is just a way in to it: `tf.keras.Model` and `keras.Model` are **the same class**.
# > The course always writes `import keras`. (Only with the environment variable
# > `TF_USE_LEGACY_KERAS=1` and the `tf_keras` package installed does `tf.keras` turn back into the
# > old Keras 2.)

# %%
print("tensorflow", tf.__version__, "| keras", keras.__version__, "| tf.keras →", tf.keras.__name__)
kt.verify_true(kt.pick("tf.keras 里的类就是 keras 里的类", "the classes in tf.keras are the classes in keras"),
               tf.keras.Model is keras.Model and tf.keras.layers.Dense is keras.layers.Dense
               and tf.keras.optimizers.SGD is keras.optimizers.SGD)

# %% [markdown]
# <!-- zh -->
# ## 3. 文档 003 的线性回归
#
# 数据只有两个样本，每个 3 个特征：
#
# $$X = \begin{pmatrix}1 & 2 & 3\\ 4 & 5 & 6\end{pmatrix},\qquad y = \begin{pmatrix}10\\ 20\end{pmatrix}$$
#
# 模型是一个只有 1 个神经元、没有激活函数的 `Dense` 层：$\hat y = Xw + b$，$w$ 有 3 个数，$b$ 有 1 个，
# 核和偏置都初始化为 0。
#
# > **勘误** 文档 003 的讲解里反复说“dance”（“这个 dance 代表什么呢”“使用 dance 就可以”），
# > 指的是全连接层 `Dense`。Keras 里没有叫 Dance 的层。
# <!-- en -->
# ## 3. Document 003's linear regression
#
# The data is just two samples of 3 features:
#
# $$X = \begin{pmatrix}1 & 2 & 3\\ 4 & 5 & 6\end{pmatrix},\qquad y = \begin{pmatrix}10\\ 20\end{pmatrix}$$
#
# The model is a `Dense` layer of 1 unit with no activation: $\hat y = Xw + b$, with 3 numbers in $w$
# and 1 in $b$, kernel and bias both initialized to 0.
#
# > **Erratum** Document 003's explanation keeps saying "dance" ("what does this dance stand for",
# > "just use dance"); it means the fully connected layer `Dense`. Keras has no layer called Dance.

# %%
with kt.expect_error(AttributeError, match="Dance"):
    keras.layers.Dance(units=1)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档说“全连接层只有一个神经元的时候，就代表了一个逻辑回归或者一个线性回归”。
# > 没有激活函数的 `Dense(1)` 是**线性回归**，输出 $Xw+b$ 可以是任何实数；
# > 只有加上 `activation="sigmoid"`，输出 $\sigma(Xw+b) = 1/(1+e^{-(Xw+b)})$ 落在 0 和 1 之间，
# > 才是**逻辑回归**。下面用同一组权重对比两者。
# <!-- en -->
# > **Erratum** The document says "a fully connected layer with a single neuron is a logistic
# > regression or a linear regression". `Dense(1)` with no activation is a **linear regression**:
# > its output $Xw+b$ can be any real number. Only with `activation="sigmoid"`, whose output
# > $\sigma(Xw+b) = 1/(1+e^{-(Xw+b)})$ lies between 0 and 1, is it a **logistic regression**. Below,
# > the two side by side with the same weights.

# %%
X = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
y = tf.constant([[10.0], [20.0]])

# zh: 两个层用同一组（随手选的）权重
# en: both layers get the same (arbitrarily chosen) weights
w_ = np.array([[0.5], [-0.25], [1.0]], dtype="float32")
b_ = np.array([-1.0], dtype="float32")
linear_unit = keras.layers.Dense(1)
logistic_unit = keras.layers.Dense(1, activation="sigmoid")
for unit in (linear_unit, logistic_unit):
    unit.build(X.shape)
    unit.set_weights([w_, b_])
linear_out = ops.convert_to_numpy(linear_unit(X))
logistic_out = ops.convert_to_numpy(logistic_unit(X))
print("Dense(1):          ", linear_out.ravel())
print("Dense(1, sigmoid): ", logistic_out.ravel())
kt.verify_close(kt.pick("Dense(1) = Xw + b（线性回归）", "Dense(1) = Xw + b (linear regression)"),
                linear_out, X.numpy() @ w_ + b_, rtol=1e-6)
kt.verify_close(kt.pick("Dense(1, sigmoid) = σ(Xw + b)（逻辑回归）", "Dense(1, sigmoid) = σ(Xw + b) (logistic regression)"),
                logistic_out, 1 / (1 + np.exp(-(X.numpy() @ w_ + b_))), rtol=1e-6)
kt.verify_true(kt.pick("只有 sigmoid 的输出在 (0, 1) 之内", "only the sigmoid output lies in (0, 1)"),
               np.all((logistic_out > 0) & (logistic_out < 1)) and not np.all((linear_out > 0) & (linear_out < 1)))

# %% [markdown]
# <!-- zh -->
# ### `tf.zeros_initializer()` 和 `keras.initializers.Zeros`
#
# 文档用 `tf.zeros_initializer()` 把核和偏置初始化为 0。它是 **TensorFlow 的**初始化器，不是 Keras 的；
# Keras 3 接受它，只是因为它是一个可以按形状生成张量的可调用对象。Keras 自己的写法是
# `keras.initializers.Zeros()`，或者字符串 `"zeros"`；它在 Keras 的每种后端（TensorFlow、JAX、PyTorch）
# 上都能用。两者生成的都是全 0。
# <!-- en -->
# ### `tf.zeros_initializer()` and `keras.initializers.Zeros`
#
# The document initializes the kernel and bias to 0 with `tf.zeros_initializer()`. That is a
# **TensorFlow** initializer, not a Keras one; Keras 3 accepts it only because it is a callable that
# makes a tensor of a given shape. The Keras way is `keras.initializers.Zeros()`, or the string
# `"zeros"`, which works on every Keras backend (TensorFlow, JAX, PyTorch). Both give all zeros.

# %%
tf_init, keras_init = tf.zeros_initializer(), keras.initializers.Zeros()
print(type(tf_init).__module__, type(tf_init).__name__, "|", type(keras_init).__module__, type(keras_init).__name__)
kt.verify_true(kt.pick("tf.zeros_initializer 不是 Keras 的初始化器", "tf.zeros_initializer is not a Keras initializer"),
               not isinstance(tf_init, keras.initializers.Initializer) and isinstance(keras_init, keras.initializers.Initializer))
as_document = keras.layers.Dense(units=1, kernel_initializer=tf.zeros_initializer(), bias_initializer=tf.zeros_initializer())
as_document.build((None, 3))
kt.verify_equal(kt.pick("Keras 3 的 Dense 接受 tf.zeros_initializer：核和偏置全是 0",
                        "Keras 3's Dense accepts tf.zeros_initializer: kernel and bias are all zeros"),
                [int(np.count_nonzero(w)) for w in as_document.get_weights()], [0, 0])
kt.verify_equal(kt.pick("两者都生成全 0", "both give all zeros"),
                (int(np.count_nonzero(tf_init(shape=(3, 1)))), int(np.count_nonzero(ops.convert_to_numpy(keras_init(shape=(3, 1)))))),
                (0, 0))

# %% [markdown]
# <!-- zh -->
# 现在按文档写出线性回归模型，只改两处：初始化器用 Keras 的，`call` 的参数叫 `inputs`。
#
# > **勘误** 文档写 `def call(self, input):`。`input` 是 Python 的内置函数名，这样写会在 `call` 里
# > 把它**遮住**：在这个方法里 `input` 不再是内置函数，而是数据。代码照样能运行，但容易让人糊涂；
# > Keras 自己的层都把这个参数叫 `inputs`。
# <!-- en -->
# Now the linear regression model as the document writes it, with two changes: Keras's initializer,
# and the argument of `call` named `inputs`.
#
# > **Erratum** The document writes `def call(self, input):`. `input` is the name of a Python
# > built-in function, and this **shadows** it inside `call`: within that method, `input` is no longer
# > the built-in but the data. The code still runs, but it invites confusion; Keras's own layers name
# > this argument `inputs`.

# %%
class Shadowing(keras.Model):
    def call(self, input):  # noqa: A002  (as document 003 writes it)
        self.saw_builtin = input is builtins.input
        return input


shadow = Shadowing()
shadow(X)
kt.verify_equal(kt.pick("在 call(self, input) 里，input 还是内置函数吗", "inside call(self, input), is input still the built-in"),
                shadow.saw_builtin, False)
kt.verify_equal(kt.pick("Keras 的 Dense.call 的第一个参数名", "name of the first argument of Keras's Dense.call"),
                list(inspect.signature(keras.layers.Dense.call).parameters)[1], "inputs")

# %%
class Linear(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(
            units=1,
            activation=None,
            kernel_initializer=keras.initializers.Zeros(),
            bias_initializer=keras.initializers.Zeros(),
        )

    def call(self, inputs):
        return self.dense(inputs)


# %% [markdown]
# <!-- zh -->
# ## 4. 用 `GradientTape` 训练 100 步
#
# 损失是文档的 $L = \frac{1}{2}\cdot\frac{1}{n}\sum_i(\hat y_i - y_i)^2$，优化器是学习率 0.01 的 SGD。
# 每一步：在 `tf.GradientTape` 里算出预测和损失，`tape.gradient` 求出损失对 `model.variables` 的梯度，
# `optimizer.apply_gradients` 沿负梯度更新变量。开始时权重全是 0，预测全是 0，所以第一步的损失是
# $\frac{1}{2}\cdot\frac{10^2+20^2}{2} = 125$。
# <!-- en -->
# ## 4. Training for 100 steps with `GradientTape`
#
# The loss is the document's $L = \frac{1}{2}\cdot\frac{1}{n}\sum_i(\hat y_i - y_i)^2$ and the optimizer
# SGD with learning rate 0.01. At each step: compute the predictions and the loss inside a
# `tf.GradientTape`, get the gradient of the loss with respect to `model.variables` with
# `tape.gradient`, and let `optimizer.apply_gradients` move the variables against the gradient. The
# weights start at 0, so the predictions start at 0 and the first loss is
# $\frac{1}{2}\cdot\frac{10^2+20^2}{2} = 125$.

# %%
model = Linear()
optimizer = keras.optimizers.SGD(learning_rate=0.01)
losses = []
for step in range(100):
    with tf.GradientTape() as tape:
        y_pred = model(X)
        loss = 0.5 * tf.reduce_mean(tf.square(y_pred - y))
    # zh: model.variables 就是模型里所有的变量：核和偏置
    # en: model.variables holds every variable of the model: the kernel and the bias
    grads = tape.gradient(loss, model.variables)
    optimizer.apply_gradients(grads_and_vars=zip(grads, model.variables))
    losses.append(float(loss))

print(model.variables)
kt.verify_close(kt.pick("第一步的损失", "loss at the first step"), losses[0], 125.0, rtol=1e-7)
kt.verify_equal(kt.pick("优化器走过的步数", "steps the optimizer took"), int(optimizer.iterations.numpy()), 100)

# %% [markdown]
# <!-- zh -->
# ## 5. 100 步走到了哪里？
#
# 两个方程、四个未知数（$w_1, w_2, w_3, b$）：方程比未知数少，有**无穷多**组解能让损失恰好为 0。
# 把偏置并进矩阵，记 $A = [X \;\; \mathbf{1}]$（2×4），$\theta = (w, b)$，要解的就是 $A\theta = y$。
# 最小二乘的“闭式解”这时不唯一；通常说的是其中**范数最小**的那一个：
#
# $$\theta^\ast = A^{+} y$$
#
# （$A^{+}$ 是伪逆；`np.linalg.lstsq` 给出的正是它。）再看梯度下降：损失的梯度是
# $\nabla L = \frac{1}{2}A^\top(A\theta - y)$，总是 $A$ 的行的线性组合。从 $\theta_0 = 0$ 出发，每一步
# 都只在 $A$ 的行空间里移动，永远不会沿零空间（让 $A\theta$ 不变的方向）走一步。行空间里只有一个精确解，
# 就是 $\theta^\ast$，所以梯度下降从 0 出发，最终走向最小范数解。误差 $e_k = \theta_k - \theta^\ast$
# 每一步乘以 $I - \eta H$（$H = \frac{1}{2}A^\top A$，$\eta = 0.01$），于是
#
# $$\theta_k = \theta^\ast - (I - \eta H)^k\,\theta^\ast .$$
#
# 先算出 $\theta^\ast$，确认它确实让损失为 0，并且比另一组精确解的范数小：
# <!-- en -->
# ## 5. Where did 100 steps get to?
#
# Two equations, four unknowns ($w_1, w_2, w_3, b$): with fewer equations than unknowns there are
# **infinitely many** solutions with a loss of exactly 0. Fold the bias into the matrix, with
# $A = [X \;\; \mathbf{1}]$ (2×4) and $\theta = (w, b)$; the system is $A\theta = y$. The least-squares
# "closed-form answer" is then not unique; the one usually meant is the solution of **smallest
# norm**:
#
# $$\theta^\ast = A^{+} y$$
#
# ($A^{+}$ is the pseudo-inverse; `np.linalg.lstsq` returns exactly this.) Now gradient descent: the
# gradient of the loss, $\nabla L = \frac{1}{2}A^\top(A\theta - y)$, is always a combination of the
# rows of $A$. Starting from $\theta_0 = 0$, every step moves within the row space of $A$ and never
# along the null space (the directions that leave $A\theta$ unchanged). The row space holds exactly
# one exact solution, $\theta^\ast$, so gradient descent from 0 heads for the minimum-norm solution.
# The error $e_k = \theta_k - \theta^\ast$ is multiplied by $I - \eta H$ at every step (with
# $H = \frac{1}{2}A^\top A$ and $\eta = 0.01$), so
#
# $$\theta_k = \theta^\ast - (I - \eta H)^k\,\theta^\ast .$$
#
# First $\theta^\ast$: check that it makes the loss 0, and that another exact solution has a larger
# norm.

# %%
A = np.hstack([X.numpy(), np.ones((2, 1))]).astype("float64")
target = y.numpy().astype("float64")
theta_star = np.linalg.lstsq(A, target, rcond=None)[0]
print("θ* = (w, b) =", theta_star.ravel().round(4))
kt.verify_close(kt.pick("lstsq 的解就是伪逆解 A⁺y", "lstsq's answer is the pseudo-inverse solution A⁺y"),
                theta_star, np.linalg.pinv(A) @ target, rtol=1e-9, atol=1e-12)
kt.verify_close(kt.pick("θ* 精确拟合：Aθ* = y", "θ* fits exactly: Aθ* = y"), A @ theta_star, target, rtol=1e-9)

null_direction = np.linalg.svd(A)[2][-1].reshape(4, 1)
other_solution = theta_star + 3.0 * null_direction
kt.verify_close(kt.pick("另一组解 θ* + 3·n 也精确拟合", "another solution θ* + 3·n fits exactly too"),
                A @ other_solution, target, rtol=1e-9)
kt.verify_true(kt.pick("但它的范数更大", "but its norm is larger"),
               np.linalg.norm(other_solution) > np.linalg.norm(theta_star))

# %% [markdown]
# <!-- zh -->
# 再把 Keras 训练 100 步的结果和上面的公式对比，并确认它在零空间方向上的分量是 0：
# <!-- en -->
# Now Keras's result after 100 steps against the formula, and a check that it has no component along
# the null space:

# %%
def theta_of(linear_model):
    """(w, b) of a Linear model as one column (4, 1)."""
    kernel, bias = (ops.convert_to_numpy(v) for v in linear_model.variables)
    return np.vstack([kernel, bias.reshape(1, 1)]).astype("float64")


eta = 0.01
H = 0.5 * A.T @ A
theta_100 = theta_of(model)
formula_100 = theta_star - np.linalg.matrix_power(np.eye(4) - eta * H, 100) @ theta_star
print("θ_100 (Keras)   =", theta_100.ravel().round(4))
print("θ_100 (formula) =", formula_100.ravel().round(4))
kt.verify_close(kt.pick("Keras 的 θ₁₀₀ = θ* − (I − ηH)¹⁰⁰ θ*", "Keras's θ₁₀₀ = θ* − (I − ηH)¹⁰⁰ θ*"),
                theta_100, formula_100, rtol=1e-4, atol=1e-5)
along_null = (null_direction.T @ theta_100).item()
print(kt.pick("零空间方向上的分量：", "component along the null space:"), f"{along_null:.1e}")
kt.verify_true(kt.pick("θ₁₀₀ 在零空间方向上没有分量（|分量| < 1e-5，float32 的舍入）",
                       "θ₁₀₀ has no component along the null space (|component| < 1e-5, float32 rounding)"),
               abs(along_null) < 1e-5)

# %% [markdown]
# <!-- zh -->
# 100 步之后还没有到：预测已经接近 10 和 20，但权重离 $\theta^\ast$ 还差得远。原因是 $H$ 在行空间里的
# 两个特征值相差约 100 倍：大的方向几步就收敛了，小的方向每步只缩小约 $1 - 0.01 \times 0.44$，
# 100 步后还剩约 64%。
# <!-- en -->
# After 100 steps it is not there yet: the predictions are close to 10 and 20, but the weights are
# still far from $\theta^\ast$. The reason is that the two eigenvalues of $H$ on the row space differ
# by a factor of about 100: the steep direction converges in a few steps, the shallow one shrinks by
# only about $1 - 0.01 \times 0.44$ per step, and about 64% of it is left after 100 steps.

# %%
predictions_100 = ops.convert_to_numpy(model(X))
print(kt.pick("100 步后的预测：", "predictions after 100 steps:"), predictions_100.ravel().round(3),
      kt.pick("　目标：", "   targets:"), y.numpy().ravel())
print(kt.pick("离 θ* 的距离：", "distance to θ*:"), round(float(np.linalg.norm(theta_100 - theta_star)), 4))

eigenvalues = np.linalg.eigvalsh(0.5 * A @ A.T)
print(kt.pick("行空间里 H 的特征值：", "eigenvalues of H on the row space:"), eigenvalues.round(4))
slow_left = (1 - eta * eigenvalues.min()) ** 100
kt.verify_close(kt.pick("100 步后小特征值方向剩下的比例", "share left along the shallow direction after 100 steps"),
                slow_left, 0.644, rtol=1e-2)
kt.verify_close(kt.pick("100 步后的预测误差 Aθ₁₀₀ − y（公式）", "prediction error Aθ₁₀₀ − y after 100 steps (formula)"),
                predictions_100 - y.numpy(), A @ formula_100 - target, rtol=1e-4, atol=1e-4)

# %% [markdown]
# <!-- zh -->
# 接着训练下去，看它是不是真的走到 $\theta^\ast$。为了快一点，把一步训练包进 `tf.function`
# （TensorFlow 把它编译成图，计算完全一样）。一共训练 3000 步（`FAST=True` 时 2000 步），
# 同时记录损失和离 $\theta^\ast$ 的距离；理论上距离每步乘以 $1 - \eta\lambda_\min$。
# <!-- en -->
# Train on and see whether it really reaches $\theta^\ast$. To go faster, one training step is wrapped
# in `tf.function` (TensorFlow compiles it into a graph; the arithmetic is the same). 3000 steps in all
# (2000 with `FAST=True`), recording the loss and the distance to $\theta^\ast$; in theory the distance
# is multiplied by $1 - \eta\lambda_\min$ at every step.

# %%
total_steps = 2000 if FAST else 3000


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = 0.5 * tf.reduce_mean(tf.square(model(X) - y))
    grads = tape.gradient(loss, model.variables)
    optimizer.apply_gradients(zip(grads, model.variables))
    return loss


distances = [float(np.linalg.norm(theta_of(model) - theta_star))]
for step in range(100, total_steps):
    losses.append(float(train_step()))
    if (step + 1) % 50 == 0:
        distances.append(float(np.linalg.norm(theta_of(model) - theta_star)))

theta_final = theta_of(model)
print("θ_final =", theta_final.ravel().round(4), "  θ* =", theta_star.ravel().round(4))
kt.verify_close(kt.pick(f"{total_steps} 步后，θ 到达最小范数解 θ*", f"after {total_steps} steps, θ reaches the minimum-norm θ*"),
                theta_final, theta_star, rtol=1e-3, atol=5e-4)

# %%
steps_axis = np.arange(1, len(losses) + 1)
distance_steps = np.arange(100, total_steps + 1, 50)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.4))
ax1.semilogy(steps_axis, losses)
ax1.axvline(100, color="gray", ls=":", lw=1)
ax1.text(105, losses[0] / 3, kt.pick("文档的 100 步", "the document's 100 steps"), fontsize=8)
ax1.set_xlabel(kt.pick("步数", "step"))
ax1.set_ylabel(kt.pick("损失（对数坐标）", "loss (log scale)"))
ax1.set_title(kt.pick("损失：先快后慢", "loss: fast first, then slow"))
theory = distances[0] * (1 - eta * eigenvalues.min()) ** (distance_steps - 100)
ax2.semilogy(distance_steps, distances, marker=".", label="Keras")
ax2.semilogy(distance_steps, theory, ls="--", label=kt.pick("理论：×(1 − ηλ_min) 每步", "theory: ×(1 − ηλ_min) per step"))
ax2.set_xlabel(kt.pick("步数", "step"))
ax2.set_ylabel("‖θ − θ*‖")
ax2.set_title(kt.pick("离最小范数解的距离", "distance to the minimum-norm solution"))
ax2.legend(fontsize=8)
plt.tight_layout()
plt.show()
kt.verify_close(kt.pick("距离按理论的速度缩小（第 1000 步）", "the distance shrinks at the theoretical rate (step 1000)"),
                distances[(1000 - 100) // 50], theory[(1000 - 100) // 50], rtol=0.02)

# %% [markdown]
# <!-- zh -->
# ## 6. 自定义层：`build` 和 `add_weight`
#
# 模型可以子类化，层也可以。继承 `keras.layers.Layer`，通常写三个方法：
#
# - `__init__`：记下设置（这里是神经元数 `units`）；
# - `build(input_shape)`：第一次调用时，Keras 把输入形状交给它，在这里用 `self.add_weight` 创建权重
#   ——这时才知道核应该有几行；
# - `call(inputs)`：用这些权重计算输出。
#
# 下面自己写一个线性层，代替 `Dense`，放进同样的模型里训练 100 步：结果和用 `Dense` 时一模一样。
# <!-- en -->
# ## 6. A custom layer: `build` and `add_weight`
#
# Models can be subclassed, and so can layers. Inherit from `keras.layers.Layer` and write, as a rule,
# three methods:
#
# - `__init__`: keep the settings (here the number of units);
# - `build(input_shape)`: at the first call Keras hands it the input shape, and this is where
#   `self.add_weight` creates the weights — only now is it known how many rows the kernel needs;
# - `call(inputs)`: compute the output with those weights.
#
# Below, a linear layer of our own replaces `Dense` in the same model and trains for 100 steps: the
# result is exactly the one `Dense` gave.

# %%
class MyLinear(keras.layers.Layer):
    def __init__(self, units=1, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="zeros", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return ops.matmul(inputs, self.kernel) + self.bias


class LinearWithMyLayer(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = MyLinear(units=1)

    def call(self, inputs):
        return self.dense(inputs)


layer = MyLinear(units=1)
print(kt.pick("build 之前已构建：", "built before build:"), layer.built)
expect_shape(layer(X), (2, 1))
print(kt.pick("调用之后已构建：", "built after the call:"), layer.built, [tuple(w.shape) for w in layer.weights])
kt.verify_equal(kt.pick("build 按输入的最后一维创建核", "build made the kernel from the input's last axis"),
                tuple(layer.kernel.shape), (3, 1))


def train_100(linear_model, learning_rate=0.01):
    """Document 003's loop: 100 SGD steps on 0.5·mean(square(ŷ − y)); returns the losses."""
    opt = keras.optimizers.SGD(learning_rate=learning_rate)
    recorded = []
    for _ in range(100):
        with tf.GradientTape() as tape:
            loss = 0.5 * tf.reduce_mean(tf.square(linear_model(X) - y))
        grads = tape.gradient(loss, linear_model.trainable_variables)
        opt.apply_gradients(zip(grads, linear_model.trainable_variables))
        recorded.append(float(loss))
    return recorded


mine = LinearWithMyLayer()
train_100(mine)
kt.verify_close(kt.pick("自定义层训练 100 步 = Dense 训练 100 步", "custom layer after 100 steps = Dense after 100 steps"),
                theta_of(mine), theta_100, rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# ## 7. 循环里的损失、优化器和指标
#
# 文档 003 开头说，除了模型和层，还要用到损失（`losses`）、优化器（`optimizer`）和指标（`metrics`）。
# 在自己写的循环里它们是这样用的：
#
# - **损失**：`keras.losses.MeanSquaredError()` 计算 $\frac{1}{n}\sum(\hat y - y)^2$，**没有**文档的 $\frac{1}{2}$。
#   所以它的梯度是文档损失梯度的 2 倍：学习率取 0.005 时，训练轨迹和文档的（0.01）完全一样。
# - **优化器**：`apply_gradients(zip(grads, vars))` 接受（梯度, 变量）对；Keras 3 还有更直接的
#   `apply(grads, vars)`，两者做的是同一件事。`optimizer.iterations` 记录走了几步。
# - **指标**：`keras.metrics.Mean()` 累计一串数的平均值：每步 `update_state(loss)`，需要时 `result()`，
#   一个阶段结束后 `reset_state()` 清零。
# <!-- en -->
# ## 7. Losses, optimizers and metrics in the loop
#
# Document 003 opens by saying that besides models and layers you need losses (`losses`), optimizers
# (`optimizer`) and metrics (`metrics`). In a loop of your own they are used like this:
#
# - **Loss**: `keras.losses.MeanSquaredError()` computes $\frac{1}{n}\sum(\hat y - y)^2$, **without**
#   the document's $\frac{1}{2}$. Its gradient is therefore twice the document's: with a learning rate
#   of 0.005 the training path is exactly the document's (at 0.01).
# - **Optimizer**: `apply_gradients(zip(grads, vars))` takes (gradient, variable) pairs; Keras 3 also
#   has the more direct `apply(grads, vars)`, which does the same thing. `optimizer.iterations` counts
#   the steps taken.
# - **Metric**: `keras.metrics.Mean()` keeps a running average: `update_state(loss)` at each step,
#   `result()` when you want it, `reset_state()` to start again after a stage.

# %%
mse = keras.losses.MeanSquaredError()
start_pred = np.array([[1.0], [3.0]], dtype="float32")
kt.verify_close(kt.pick("MeanSquaredError = mean((ŷ − y)²)", "MeanSquaredError = mean((ŷ − y)²)"),
                float(mse(y, start_pred)), np.mean((start_pred - y.numpy()) ** 2), rtol=1e-6)


def train_with(linear_model, opt, use_apply, steps=100):
    """100 steps on keras.losses.MeanSquaredError, tracking the loss with keras.metrics.Mean."""
    mean_loss = keras.metrics.Mean()
    per_stage = []
    for step in range(steps):
        with tf.GradientTape() as tape:
            loss = mse(y, linear_model(X))
        grads = tape.gradient(loss, linear_model.trainable_variables)
        if use_apply:
            opt.apply(grads, linear_model.trainable_variables)
        else:
            opt.apply_gradients(zip(grads, linear_model.trainable_variables))
        mean_loss.update_state(loss)
        if (step + 1) % 25 == 0:
            per_stage.append(float(mean_loss.result()))
            mean_loss.reset_state()
    return per_stage


with_apply_gradients, with_apply = Linear(), Linear()
opt_a, opt_b = keras.optimizers.SGD(learning_rate=0.005), keras.optimizers.SGD(learning_rate=0.005)
stages = train_with(with_apply_gradients, opt_a, use_apply=False)
train_with(with_apply, opt_b, use_apply=True)
print(kt.pick("每 25 步的平均 MSE：", "mean MSE over each 25 steps:"), np.round(stages, 3))

kt.verify_close(kt.pick("MSE 配学习率 0.005 = 文档损失配 0.01", "MSE at learning rate 0.005 = document's loss at 0.01"),
                theta_of(with_apply_gradients), theta_100, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("apply 和 apply_gradients 结果相同", "apply and apply_gradients give the same result"),
                theta_of(with_apply), theta_of(with_apply_gradients), rtol=1e-7, atol=1e-8)
kt.verify_equal(kt.pick("两个优化器各走了 100 步", "each optimizer took 100 steps"),
                (int(opt_a.iterations.numpy()), int(opt_b.iterations.numpy())), (100, 100))
kt.verify_true(kt.pick("每个阶段的平均损失都比上一个阶段小", "each stage's mean loss is below the previous one"),
               all(later < earlier for earlier, later in zip(stages, stages[1:])))

# %% [markdown]
# <!-- zh -->
# `keras.metrics.Mean` 算的就是普通的平均值：把同样的数交给它，和 `np.mean` 对比。
# <!-- en -->
# `keras.metrics.Mean` computes a plain average: give it some numbers and compare with `np.mean`.

# %%
meter = keras.metrics.Mean()
for value in losses[:10]:
    meter.update_state(value)
kt.verify_close(kt.pick("Mean 指标 = np.mean", "the Mean metric = np.mean"), float(meter.result()), np.mean(losses[:10]), rtol=1e-6)
meter.reset_state()
kt.verify_equal(kt.pick("reset_state 之后的结果", "result after reset_state"), float(meter.result()), 0.0)

# %% [markdown]
# <!-- zh -->
# ## 8. `compile` + `fit` 做的是同一个循环
#
# 子类化模型也能直接 `compile` 和 `fit`。把文档的损失写成一个函数交给 `compile`，每批 2 个样本、
# 不打乱顺序，`fit` 在每一批上做的正是我们手写的那一步。把两个样本重复 100 遍、训练 1 轮，
# 就是 100 步：结果与手写循环相同。
# <!-- en -->
# ## 8. `compile` + `fit` run the same loop
#
# A subclassed model can also `compile` and `fit` directly. Give `compile` the document's loss as a
# function; with batches of 2 samples and no shuffling, `fit` takes on each batch exactly the step we
# wrote by hand. Repeat the two samples 100 times and train for 1 epoch: that is 100 steps, and the
# result matches the hand-written loop.

# %%
def half_mse(y_true, y_pred):
    return 0.5 * ops.mean(ops.square(y_pred - y_true))


fitted = Linear()
fitted.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss=half_mse)
fitted.fit(np.tile(X.numpy(), (100, 1)), np.tile(y.numpy(), (100, 1)), batch_size=2, epochs=1, shuffle=False, verbose=0)
kt.verify_equal(kt.pick("fit 走的步数", "steps fit took"), int(fitted.optimizer.iterations.numpy()), 100)
kt.verify_close(kt.pick("fit 的结果 = 手写 GradientTape 循环的结果", "fit's result = the hand-written GradientTape loop's"),
                theta_of(fitted), theta_100, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 子类化模型：继承 `keras.Model`，在 `__init__` 里创建层，在 `call(self, inputs)` 里写前向计算；
#   变量在第一次调用时创建。文档的模板 `return output` 前从没算出 `output`；参数名 `input` 会遮住内置函数。
# - `tf.keras` 今天就是 Keras 3（同一批类）；课程写 `import keras`。`tf.zeros_initializer()` 是 TensorFlow 的
#   初始化器，Keras 的写法是 `keras.initializers.Zeros()` 或 `"zeros"`。
# - `Dense(1)` 没有激活函数时是线性回归，加上 sigmoid 才是逻辑回归；文档的“dance”是 `Dense`。
# - 文档的线性回归有 2 个方程、4 个未知数：从 0 出发的梯度下降只在行空间里移动，走向最小范数解
#   $\theta^\ast = A^+y$；100 步时预测已接近目标，但权重只走了一部分，因为小特征值方向收敛很慢。
#   我们核验了 $\theta_k = \theta^\ast - (I-\eta H)^k\theta^\ast$，并训练到 $\theta^\ast$。
# - 自定义层：`build` 里用 `add_weight` 按输入形状创建权重。
# - 循环里：`keras.losses.MeanSquaredError`（没有 ½）、`optimizer.apply_gradients` 或 `apply`、
#   `keras.metrics.Mean`；`compile` + `fit` 做的是同一件事。
#
# 练习：`exercises/zh/12_subclassing.ipynb`。
# <!-- en -->
# ## Summary
#
# - A subclassed model inherits from `keras.Model`, creates its layers in `__init__` and computes
#   the forward pass in `call(self, inputs)`; its variables are created at the first call. The
#   document's template returns an `output` it never computed, and an argument named `input` shadows
#   the built-in.
# - `tf.keras` is Keras 3 today (the same classes); the course writes `import keras`.
#   `tf.zeros_initializer()` is a TensorFlow initializer; the Keras way is
#   `keras.initializers.Zeros()` or `"zeros"`.
# - `Dense(1)` without an activation is a linear regression; only with a sigmoid is it a logistic
#   regression. The document's "dance" is `Dense`.
# - The document's linear regression has 2 equations and 4 unknowns: gradient descent from 0 moves
#   only within the row space and heads for the minimum-norm solution $\theta^\ast = A^+y$; after 100
#   steps the predictions are close to the targets but the weights have gone only part of the way,
#   because the direction of the small eigenvalue converges slowly. We verified
#   $\theta_k = \theta^\ast - (I-\eta H)^k\theta^\ast$ and trained all the way to $\theta^\ast$.
# - A custom layer creates its weights in `build` with `add_weight`, from the input shape.
# - In a loop: `keras.losses.MeanSquaredError` (no ½), `optimizer.apply_gradients` or `apply`,
#   `keras.metrics.Mean`; `compile` + `fit` do the same thing.
#
# Exercise: `exercises/en/12_subclassing.ipynb`.
