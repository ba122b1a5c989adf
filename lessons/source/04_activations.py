# %% [markdown]
# <!-- zh -->
# # 第 4 课　激活函数
#
# 一个神经元先把输入按权重加起来、加上偏置，再把这个和送进**激活函数**。
# 没有激活函数，再多的 Dense 层叠在一起也只是一次线性变换。
# 这一课把文档 002 列出的 11 个激活函数逐个写成公式，画出函数和导数，
# 再用 NumPy 和自动求导分别核验 Keras 的实现。
#
# 学完后你能够：
# - 写出 linear、elu、selu、relu、softmax、softplus、softsign、tanh、sigmoid、hard_sigmoid、exponential
#   的公式和导数，并用 `tf.GradientTape` 核验导数；
# - 手算一个 Dense 层的 `activation(Σ 输入·权重 + 偏置)`，和 Keras 的结果对照；
# - 说清 softmax 为什么和其他激活函数不一样，知道 Keras 3 的 hard_sigmoid 改了什么；
# - 用 `Activation` 层把激活函数单独放进模型。
#
# 对应原文：文档 002 的 Activations 一节，文档 001 的 Activation 层。
# <!-- en -->
# # Lesson 4 · Activations
#
# A neuron adds up its inputs times their weights, adds a bias, and passes that sum through an
# **activation** function. Without activation functions, any number of Dense layers stacked together
# is still a single linear map. This lesson writes each of the 11 activations that document 002
# lists as a formula, plots the function and its derivative, and checks Keras's implementation
# against NumPy and against automatic differentiation.
#
# By the end you will be able to:
# - write down linear, elu, selu, relu, softmax, softplus, softsign, tanh, sigmoid, hard_sigmoid and
#   exponential with their derivatives, and check the derivatives with `tf.GradientTape`;
# - compute `activation(Σ input·weight + bias)` for a Dense layer by hand and compare with Keras;
# - say why softmax is unlike the other activations, and what Keras 3 changed in hard_sigmoid;
# - put an activation into a model as a layer of its own with `Activation`.
#
# Follows: document 002, section Activations; document 001, the Activation layer.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from kerastutor import activations as A

# %% [markdown]
# <!-- zh -->
# ## 1. 一个神经元：先求加权和，再过激活函数
#
# 文档 002 把一个神经元的输出写成 `result = Activation(SUMOF(input * weight) + bias)`。
# 对 Dense 层的第 j 个神经元，就是
#
# $$\text{result}_j = f\Big(\sum_i \text{input}_i \cdot w_{ij} + b_j\Big)$$
#
# 其中 $f$ 是激活函数。文档说激活函数“用于发现特定的神经元是否被激活”，这只是一个比喻：
# 激活函数就是一个固定的函数，作用在加权和上。下面用 Python 的循环按公式逐项相加，
# 和 `Dense(4, activation="tanh")` 的输出比较。
# <!-- en -->
# ## 1. One neuron: a weighted sum, then the activation
#
# Document 002 writes a neuron's output as `result = Activation(SUMOF(input * weight) + bias)`. For
# unit j of a Dense layer that is
#
# $$\text{result}_j = f\Big(\sum_i \text{input}_i \cdot w_{ij} + b_j\Big)$$
#
# where $f$ is the activation function. The document says an activation function "finds out whether
# a particular neuron is activated"; that is only a figure of speech: an activation is a fixed
# function applied to the weighted sum. Below, plain Python loops add the terms up as the formula
# says, and the result is compared with the output of `Dense(4, activation="tanh")`.

# %%
rng = np.random.default_rng(SEED)
x = rng.normal(size=(2, 3)).astype("float32")

layer = keras.layers.Dense(4, activation="tanh", bias_initializer=keras.initializers.RandomNormal(seed=SEED))
keras_out = keras.ops.convert_to_numpy(layer(x))
weights, bias = layer.get_weights()

result = np.zeros((2, 4))
for sample in range(2):
    for j in range(4):
        weighted_sum = sum(x[sample, i] * weights[i, j] for i in range(3)) + bias[j]
        result[sample, j] = np.tanh(weighted_sum)

print(result.round(4))
kt.verify_close(kt.pick("Dense 的输出等于 tanh(Σ 输入·权重 + 偏置)", "Dense's output equals tanh(Σ input·weight + bias)"),
                keras_out, result, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 为什么非要有激活函数？如果两个 Dense 层都不用激活函数（即 linear），第二层的输出是
# $(xW_1 + b_1)W_2 + b_2 = x(W_1W_2) + (b_1W_2 + b_2)$，和**一个** Dense 层没有区别。
# 中间加上 relu 之后，这个等式就不成立了。
# <!-- en -->
# Why have an activation at all? If two Dense layers both use none (that is, linear), the second
# layer's output is $(xW_1 + b_1)W_2 + b_2 = x(W_1W_2) + (b_1W_2 + b_2)$: no different from **one**
# Dense layer. Put a relu in between and the identity no longer holds.

# %%
def two_layers(activation):
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential([keras.Input(shape=(3,)),
                              keras.layers.Dense(5, activation=activation, bias_initializer="random_normal"),
                              keras.layers.Dense(2, bias_initializer="random_normal")])
    (w1, b1), (w2, b2) = model.layers[0].get_weights(), model.layers[1].get_weights()
    one_layer = x @ (w1 @ w2) + (b1 @ w2 + b2)
    return keras.ops.convert_to_numpy(model(x)), one_layer


stacked, single = two_layers("linear")
kt.verify_close(kt.pick("两个 linear 层合起来等于一个线性层", "two linear layers together equal one linear layer"), stacked, single, rtol=1e-5, atol=1e-6)
stacked, single = two_layers("relu")
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("中间有 relu 时，两层仍等于一个线性层", "with a relu in between, the two layers still equal one linear layer"),
                    stacked, single, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 2. 十一个激活函数
#
# 文档 002 列出的 11 个激活函数，按今天 Keras 3 的定义（$\sigma$ 是 sigmoid）：
#
# | 名称 | $f(x)$ | $f'(x)$ |
# |---|---|---|
# | `linear` | $x$ | $1$ |
# | `elu` | $x$（$x>0$）；$\alpha(e^x-1)$（$x\le 0$），$\alpha=1$ | $1$；$\alpha e^x$ |
# | `selu` | $\lambda x$（$x>0$）；$\lambda\alpha(e^x-1)$（$x\le 0$） | $\lambda$；$\lambda\alpha e^x$ |
# | `relu` | $\max(0, x)$ | $1$（$x>0$）；$0$（$x<0$） |
# | `softmax` | $e^{x_i} / \sum_k e^{x_k}$（作用在整个向量上） | $s_i(\delta_{ij} - s_j)$ |
# | `softplus` | $\ln(1 + e^x)$ | $\sigma(x)$ |
# | `softsign` | $x / (1 + \lvert x\rvert)$ | $1 / (1 + \lvert x\rvert)^2$ |
# | `tanh` | $(e^x - e^{-x}) / (e^x + e^{-x})$ | $1 - \tanh^2 x$ |
# | `sigmoid` | $\sigma(x) = 1 / (1 + e^{-x})$ | $\sigma(x)(1 - \sigma(x))$ |
# | `hard_sigmoid` | $\operatorname{clip}(x/6 + 1/2,\ 0,\ 1)$ | $1/6$（$-3<x<3$）；$0$ |
# | `exponential` | $e^x$ | $e^x$ |
#
# selu 的两个常数是 $\lambda \approx 1.0507$、$\alpha \approx 1.6733$。除了 softmax，其余 10 个都是
# **逐元素**的：每个数单独算，互不影响。
#
# 课程包里的 `kerastutor.activations`（下面记作 `A`）用 NumPy 把这张表写了一遍。
# 先在 −5 到 5 之间取 200 个点，让 Keras 的每个激活函数和 NumPy 版本逐点比较。
# softmax 作用在向量上，这里把每个点 $x$ 和一个 0 拼成二元向量 $[x, 0]$，取第一个分量
# （它恰好等于 $\sigma(x)$）。
# <!-- en -->
# ## 2. Eleven activations
#
# The 11 activations that document 002 lists, as Keras 3 defines them today ($\sigma$ is the
# sigmoid):
#
# | name | $f(x)$ | $f'(x)$ |
# |---|---|---|
# | `linear` | $x$ | $1$ |
# | `elu` | $x$ ($x>0$); $\alpha(e^x-1)$ ($x\le 0$), $\alpha=1$ | $1$; $\alpha e^x$ |
# | `selu` | $\lambda x$ ($x>0$); $\lambda\alpha(e^x-1)$ ($x\le 0$) | $\lambda$; $\lambda\alpha e^x$ |
# | `relu` | $\max(0, x)$ | $1$ ($x>0$); $0$ ($x<0$) |
# | `softmax` | $e^{x_i} / \sum_k e^{x_k}$ (on the whole vector) | $s_i(\delta_{ij} - s_j)$ |
# | `softplus` | $\ln(1 + e^x)$ | $\sigma(x)$ |
# | `softsign` | $x / (1 + \lvert x\rvert)$ | $1 / (1 + \lvert x\rvert)^2$ |
# | `tanh` | $(e^x - e^{-x}) / (e^x + e^{-x})$ | $1 - \tanh^2 x$ |
# | `sigmoid` | $\sigma(x) = 1 / (1 + e^{-x})$ | $\sigma(x)(1 - \sigma(x))$ |
# | `hard_sigmoid` | $\operatorname{clip}(x/6 + 1/2,\ 0,\ 1)$ | $1/6$ ($-3<x<3$); $0$ |
# | `exponential` | $e^x$ | $e^x$ |
#
# selu's two constants are $\lambda \approx 1.0507$ and $\alpha \approx 1.6733$. All but softmax work
# **element by element**: each number is computed on its own, unaffected by the others.
#
# The course package's `kerastutor.activations` (`A` below) writes this table out in NumPy. First,
# 200 points between −5 and 5, and every Keras activation compared with its NumPy version point by
# point. Softmax works on vectors, so each point $x$ is paired with a 0 into the vector $[x, 0]$ and
# the first component is kept (it happens to equal $\sigma(x)$).

# %%
grid = np.linspace(-5, 5, 200).astype("float32")


def keras_curve(name, values):
    """Keras's activation `name` on each value (softmax: the first component of softmax([x, 0]))."""
    fn = keras.activations.get(name)
    if name == "softmax":
        pairs = keras.ops.stack([values, keras.ops.zeros_like(values)], axis=-1)
        return fn(pairs)[:, 0]
    return fn(values)


def numpy_curve(name, values):
    """The same curve from the NumPy formulas in kerastutor.activations."""
    return A.apply(name, values, curve=True) if name == "softmax" else A.apply(name, values)


for name in A.NAMES:
    kt.verify_close(kt.pick(f"{name}：Keras 与 NumPy 的结果一致", f"{name}: Keras agrees with NumPy"),
                    keras.ops.convert_to_numpy(keras_curve(name, grid)),
                    numpy_curve(name, grid), rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 文档 002 给每个激活函数配了一个示例 `Dense(512, activation='…', input_shape=(784,))`。
# 激活函数用名字（字符串）指定，Keras 会换成对应的函数。
#
# > **版本变化（Keras 3）** 这些示例都在层里写 `input_shape=(784,)`。Keras 3 仍然接受，但会警告，
# > 建议在模型最前面放 `keras.Input(shape=(784,))`。下面先原样运行文档的 `linear` 示例，再用今天的写法。
# <!-- en -->
# Document 002 gives each activation a sample, `Dense(512, activation='…', input_shape=(784,))`. The
# activation is named by a string, which Keras replaces with the matching function.
#
# > **Changed in Keras 3** These samples pass `input_shape=(784,)` to the layer. Keras 3 still
# > accepts it but warns, recommending a `keras.Input(shape=(784,))` at the front of the model. First
# > document 002's `linear` sample as written, then today's form.

# %%
from keras.layers import Dense
from keras.models import Sequential

with kt.expect_warning(UserWarning, match="input_shape"):
    model = Sequential()
    model.add(Dense(512, activation="linear", input_shape=(784,)))

# %% [markdown]
# <!-- zh -->
# 今天的写法，11 个示例一起跑：每个模型都接收 784 个数、输出 512 个数，层里存着的正是那个激活函数。
# 然后把每个模型的输出和手算的 `f(x·kernel + bias)` 比较。
# <!-- en -->
# Today's form, all 11 samples at once: each model takes 784 numbers and gives 512, and the layer
# holds exactly the named activation function. Then each model's output is compared with
# `f(x·kernel + bias)` computed by hand.

# %%
x_784 = rng.normal(size=(4, 784)).astype("float32") * 0.2
for name in A.NAMES:
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(512, activation=name)])
    dense = model.layers[0]
    kernel, bias = dense.get_weights()
    by_hand = A.apply(name, x_784 @ kernel + bias)
    kt.verify_close(kt.pick(f"Dense(512, activation={name!r}) 与手算的结果一致",
                            f"Dense(512, activation={name!r}) matches the hand computation"),
                    keras.ops.convert_to_numpy(model(x_784)), by_hand, rtol=1e-4, atol=1e-5)
    assert dense.activation is keras.activations.get(name)

# %% [markdown]
# <!-- zh -->
# ## 3. 导数：自动求导和公式对照
#
# 训练靠的是梯度，而梯度要经过激活函数的导数。`tf.GradientTape` 记录前向计算，再自动求出导数。
# 对逐元素的函数，对输出求和再求梯度，得到的正是每个点上的 $f'(x)$。把它和表里的公式
# （`A.derivative`）比较。网格上没有 0、±3 这些折点，relu 和 hard_sigmoid 在那里没有导数。
# <!-- en -->
# ## 3. Derivatives: autodiff against the formulas
#
# Training runs on gradients, and gradients pass through the activation's derivative.
# `tf.GradientTape` records the forward computation and works out the derivative automatically. For
# an element-wise function, the gradient of the summed output is exactly $f'(x)$ at each point. It is
# compared with the table's formula (`A.derivative`). The grid avoids the kinks at 0 and ±3, where
# relu and hard_sigmoid have no derivative.

# %%
def autodiff(name, values):
    values = tf.constant(values)
    with tf.GradientTape() as tape:
        tape.watch(values)
        outputs = keras_curve(name, values)
    return tape.gradient(outputs, values).numpy()


kt.verify_true(kt.pick("网格上没有 0、−3、3 这三个折点", "the grid avoids the kinks at 0, −3 and 3"),
               not np.any(np.isin(grid, [0.0, -3.0, 3.0])))
derivatives = {}
for name in A.NAMES:
    derivatives[name] = autodiff(name, grid)
    kt.verify_close(kt.pick(f"{name}：自动求导与公式一致", f"{name}: autodiff agrees with the formula"), derivatives[name],
                    A.derivative(name, grid), rtol=1e-4, atol=1e-6)

# %%
fig, axes = plt.subplots(4, 3, figsize=(11, 11))
for ax, name in zip(axes.flat, A.NAMES):
    ax.plot(grid, keras.ops.convert_to_numpy(keras_curve(name, grid)), lw=2, label="f(x)")
    ax.plot(grid, derivatives[name], "--", lw=1.5, label=kt.pick("f′(x)，自动求导", "f′(x), autodiff"))
    ax.plot(grid[::12], A.derivative(name, grid[::12]), "k.", ms=4, label=kt.pick("f′(x)，公式", "f′(x), formula"))
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    title = name
    if name == "exponential":
        ax.set_yscale("log")
        title += kt.pick("（对数纵轴，f′ = f）", " (log y-axis, f′ = f)")
    ax.set_title(f"{title}\n{A.TEX[name]}", fontsize=9)
axes.flat[-1].axis("off")
axes.flat[-1].legend(*axes.flat[0].get_legend_handles_labels(), loc="center", fontsize=11)
fig.suptitle(kt.pick("十一个激活函数和它们的导数", "The eleven activations and their derivatives"))
fig.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# ### 动手试一试
#
# 激活函数探索器可以把任意几个激活函数和它们的导数画在一起，并给出在某一点 `x0` 上的函数值和导数值。
# 在 JupyterLab 里，可以从列表中选几个函数、移动 `x0`、改 elu 的 `alpha` 或 relu 的参数；静态页面里是它的初始状态。
# 下面核验它在 `x0 = -1` 处给出的数和 Keras 一致。
# <!-- en -->
# ### Try it yourself
#
# The activation explorer plots any few activations together with their derivatives, and gives their
# values and slopes at a point `x0`. In JupyterLab you can select functions in the list, move `x0`,
# and change elu's `alpha` or relu's parameters; a static page shows the initial state. Below, its
# numbers at `x0 = -1` are checked against Keras.

# %%
from kerastutor import widgets

explorer = widgets.activation_explorer(["relu", "elu", "selu", "hard_sigmoid"], x0=-1.0)
explorer

# %%
probe = np.array([-1.0], dtype="float32")
for name, curve in explorer.result["curves"].items():
    kt.verify_close(kt.pick(f"探索器给出的 {name}(−1) 与 Keras 一致", f"the explorer's {name}(−1) matches Keras"), curve["y0"],
                    float(keras_curve(name, probe)[0]), rtol=1e-5, atol=1e-7)
    kt.verify_close(kt.pick(f"探索器给出的 {name}′(−1) 与自动求导一致", f"the explorer's {name}′(−1) matches autodiff"), curve["dy0"],
                    float(autodiff(name, probe)[0]), rtol=1e-5, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# ## 4. 逐个看一看
#
# ### linear：什么也不做
#
# 文档说 linear “不进行任何操作”，确实如此：$f(x) = x$。Dense 层不写 `activation` 时用的就是它。
# <!-- en -->
# ## 4. A closer look, one by one
#
# ### linear: does nothing
#
# The document says linear "does nothing", and indeed $f(x) = x$. It is what a Dense layer uses
# when no `activation` is given.

# %%
kt.verify_true(kt.pick("Dense 不写 activation 时用的就是 linear", "a Dense without an activation uses linear"),
               keras.layers.Dense(3).activation is keras.activations.linear)
kt.verify_equal("linear(x) = x", keras.ops.convert_to_numpy(keras.activations.linear(grid)), grid)

# %% [markdown]
# <!-- zh -->
# ### relu、elu、selu：负半轴怎么处理
#
# relu 把负数全变成 0，负半轴的导数也是 0；elu 在负半轴平滑地趋向 $-\alpha$；selu 是放大了 $\lambda$ 倍的
# elu（$\alpha \approx 1.6733$）。selu 的两个常数是专门算出来的：输入服从标准正态分布时，
# 输出的均值正好是 0、方差正好是 1（“自归一化”）。下面用数值积分核验这一点：
# $\int f(z)\,\varphi(z)\,dz = 0$、$\int f(z)^2\,\varphi(z)\,dz = 1$，$\varphi$ 是标准正态分布的密度。
# <!-- en -->
# ### relu, elu, selu: what happens below zero
#
# relu turns every negative number into 0, and its derivative there is 0 too; elu approaches
# $-\alpha$ smoothly on the negative side; selu is elu (with $\alpha \approx 1.6733$) scaled by
# $\lambda$. selu's two constants are chosen on purpose: for a standard normal input, the output has
# mean exactly 0 and variance exactly 1 ("self-normalizing"). Numerical integration verifies it:
# $\int f(z)\,\varphi(z)\,dz = 0$ and $\int f(z)^2\,\varphi(z)\,dz = 1$, with $\varphi$ the standard
# normal density.

# %%
kt.verify_close(kt.pick("selu(x) = λ·elu(x, α)", "selu(x) = λ·elu(x, α)"),
                keras.ops.convert_to_numpy(keras.activations.selu(grid)),
                A.SELU_SCALE * keras.ops.convert_to_numpy(keras.activations.elu(grid, alpha=A.SELU_ALPHA)), rtol=1e-5, atol=1e-6)

# zh: SciPy 的梯形积分（NumPy 1.x 没有 np.trapezoid）
# en: SciPy's trapezoidal rule (NumPy 1.x has no np.trapezoid)
from scipy.integrate import trapezoid

z = np.linspace(-12, 12, 24001)
density = np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)
selu_z = keras.ops.convert_to_numpy(keras.activations.selu(z))
mean = trapezoid(selu_z * density, z)
second_moment = trapezoid(selu_z**2 * density, z)
print(kt.pick("selu 的均值：", "selu's mean:"), f"{mean:.2e}")
kt.verify_true(kt.pick("标准正态输入下 selu 的均值为 0（|均值| < 1e-6）", "selu's mean on a standard normal input is 0 (|mean| < 1e-6)"),
               abs(mean) < 1e-6)
kt.verify_close(kt.pick("标准正态输入下 selu 的方差为 1", "selu's variance on a standard normal input is 1"), second_moment - mean**2, 1.0, rtol=1e-5)
relu_z = keras.ops.convert_to_numpy(keras.activations.relu(z))
print(kt.pick("作为对照，relu 的均值和方差：", "For comparison, relu's mean and variance:"),
      f"{trapezoid(relu_z * density, z):.4f}",
      f"{trapezoid(relu_z**2 * density, z) - trapezoid(relu_z * density, z) ** 2:.4f}")

# %% [markdown]
# <!-- zh -->
# ### sigmoid、tanh、softsign、softplus：一家子 S 形曲线
#
# tanh 就是平移、拉伸过的 sigmoid：$\tanh(x) = 2\sigma(2x) - 1$。softsign 的形状和 tanh 相似，
# 但两端趋向 ±1 的速度慢得多（多项式而不是指数）。softplus 是 relu 的平滑版，它的导数正好是 sigmoid
# （第 3 节已经核验过）。
# <!-- en -->
# ### sigmoid, tanh, softsign, softplus: a family of S-shapes
#
# tanh is a shifted, stretched sigmoid: $\tanh(x) = 2\sigma(2x) - 1$. softsign looks like tanh but
# approaches ±1 far more slowly (polynomially, not exponentially). softplus is a smooth relu, and its
# derivative is exactly the sigmoid (verified in section 3).

# %%
sigmoid_2x = keras.ops.convert_to_numpy(keras.activations.sigmoid(2 * grid))
kt.verify_close("tanh(x) = 2σ(2x) − 1", keras.ops.convert_to_numpy(keras.activations.tanh(grid)), 2 * sigmoid_2x - 1,
                rtol=1e-5, atol=1e-6)
at_5 = {name: float(keras.activations.get(name)(np.float32(5.0))) for name in ("tanh", "softsign")}
print(kt.pick("x = 5 时离 1 还差：", "distance from 1 at x = 5:"), {name: f"{1 - v:.4g}" for name, v in at_5.items()})
kt.verify_true(kt.pick("x = 5 时 softsign 离 1 比 tanh 远得多", "at x = 5 softsign is much farther from 1 than tanh"),
               1 - at_5["softsign"] > 100 * (1 - at_5["tanh"]))

# %% [markdown]
# <!-- zh -->
# ### exponential：没有上限
#
# $e^x$ 增长极快：float32 能表示的最大数约为 $3.4\times10^{38}$，$x$ 超过约 88.7 时结果就成了无穷大。
# 它很少用在隐藏层里。
# <!-- en -->
# ### exponential: no upper bound
#
# $e^x$ grows extremely fast: the largest float32 is about $3.4\times10^{38}$, so for $x$ beyond
# about 88.7 the result is infinite. It is rarely used in hidden layers.

# %%
values = keras.ops.convert_to_numpy(keras.activations.exponential(np.array([88.0, 89.0], dtype="float32")))
print("exponential([88, 89]) =", values)
kt.verify_true(kt.pick("float32 下 e^88 有限、e^89 溢出为 inf", "in float32 e^88 is finite and e^89 overflows to inf"),
               np.isfinite(values[0]) and np.isinf(values[1]))

# %% [markdown]
# <!-- zh -->
# ## 5. hard_sigmoid：Keras 3 换了定义
#
# hard_sigmoid 是 sigmoid 的分段线性近似，计算更便宜。
#
# > **版本变化（Keras 3）** 文档 002 写作时（Keras 2），hard_sigmoid 是 $\operatorname{clip}(0.2x + 0.5,\ 0,\ 1)$：
# > 斜率 0.2，在 ±2.5 处饱和。Keras 3 改成了 $\operatorname{relu6}(x + 3)/6 = \operatorname{clip}(x/6 + 1/2,\ 0,\ 1)$：
# > 斜率 1/6，在 ±3 处饱和。同一个名字 `'hard_sigmoid'`，在两个版本里给出不同的数。
# > 下面把 Keras 2 的公式当作命题来检验，它不再成立；然后核验今天的公式。
# <!-- en -->
# ## 5. hard_sigmoid: Keras 3 changed the definition
#
# hard_sigmoid is a piecewise linear approximation of the sigmoid, cheaper to compute.
#
# > **Changed in Keras 3** When document 002 was written (Keras 2), hard_sigmoid was
# > $\operatorname{clip}(0.2x + 0.5,\ 0,\ 1)$: slope 0.2, flat beyond ±2.5. Keras 3 changed it to
# > $\operatorname{relu6}(x + 3)/6 = \operatorname{clip}(x/6 + 1/2,\ 0,\ 1)$: slope 1/6, flat beyond
# > ±3. The same name, `'hard_sigmoid'`, gives different numbers in the two versions. Below, the
# > Keras 2 formula is tested as a claim and fails; then today's formula is verified.

# %%
hard = keras.ops.convert_to_numpy(keras.activations.hard_sigmoid(grid))
keras2_formula = np.clip(0.2 * grid + 0.5, 0, 1)
keras3_formula = np.clip(grid / 6 + 0.5, 0, 1)
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("hard_sigmoid = clip(0.2x + 0.5)（Keras 2）", "hard_sigmoid = clip(0.2x + 0.5) (Keras 2)"),
                    hard, keras2_formula, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("hard_sigmoid = clip(x/6 + 1/2)（Keras 3）", "hard_sigmoid = clip(x/6 + 1/2) (Keras 3)"),
                hard, keras3_formula, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("hard_sigmoid(x) = relu6(x + 3) / 6", "hard_sigmoid(x) = relu6(x + 3) / 6"),
                hard, keras.ops.convert_to_numpy(keras.activations.relu6(grid + 3)) / 6, rtol=1e-5, atol=1e-6)

# %%
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.plot(grid, A.sigmoid(grid), color="gray", lw=3, alpha=0.5, label="sigmoid")
ax.plot(grid, keras2_formula, "--", label=kt.pick("Keras 2：clip(0.2x + 0.5)", "Keras 2: clip(0.2x + 0.5)"))
ax.plot(grid, hard, label=kt.pick("Keras 3：relu6(x + 3) / 6", "Keras 3: relu6(x + 3) / 6"))
ax.set_xlabel("x")
ax.set_title(kt.pick("同名的 hard_sigmoid，两个版本两种定义", "One name, hard_sigmoid, two definitions"))
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# ## 6. softmax：作用在整个向量上
#
# softmax 把一个向量变成一组和为 1 的正数，常用来表示各类别的概率。它默认作用在**最后一个轴**
# （`axis=-1`）上：形状 `(2, 3, 4)` 的张量，每组 4 个数各自归一化。需要别的轴时用 `axis` 参数
# （`keras.activations.softmax(x, axis=1)`，或 `keras.layers.Softmax(axis=1)`）。
# <!-- en -->
# ## 6. softmax: it works on the whole vector
#
# softmax turns a vector into positive numbers that add up to 1, usually read as the probabilities
# of classes. By default it works along the **last axis** (`axis=-1`): in a tensor of shape
# `(2, 3, 4)`, each group of 4 numbers is normalized on its own. For another axis, pass `axis`
# (`keras.activations.softmax(x, axis=1)`, or `keras.layers.Softmax(axis=1)`).

# %%
logits = rng.normal(size=(2, 3, 4)).astype("float32")
last = keras.ops.convert_to_numpy(keras.activations.softmax(logits))
middle = keras.ops.convert_to_numpy(keras.activations.softmax(logits, axis=1))
kt.verify_close(kt.pick("默认的 softmax 沿最后一个轴求和为 1", "by default softmax sums to 1 along the last axis"),
                last.sum(axis=-1), np.ones((2, 3)), rtol=1e-6)
kt.verify_close(kt.pick("默认的 softmax 与 NumPy 版本一致", "the default softmax matches the NumPy version"),
                last, A.softmax(logits, axis=-1), rtol=1e-5)
kt.verify_close(kt.pick("axis=1 时 softmax 沿第 1 个轴求和为 1", "with axis=1 softmax sums to 1 along axis 1"),
                middle.sum(axis=1), np.ones((2, 4)), rtol=1e-6)
kt.verify_close(kt.pick("Softmax(axis=1) 层与函数的结果一致", "the Softmax(axis=1) layer matches the function"),
                keras.ops.convert_to_numpy(keras.layers.Softmax(axis=1)(logits)), middle, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 因为每个输出都依赖整个向量，softmax 的导数是一个矩阵（雅可比矩阵）：
# $\partial s_i / \partial x_j = s_i(\delta_{ij} - s_j)$，即 $\operatorname{diag}(s) - s s^\top$。
# 非对角元不为 0：改变一个输入，所有输出都会变。`tape.jacobian` 可以把整个矩阵算出来。
# <!-- en -->
# Because every output depends on the whole vector, softmax's derivative is a matrix (the Jacobian):
# $\partial s_i / \partial x_j = s_i(\delta_{ij} - s_j)$, that is $\operatorname{diag}(s) - s s^\top$.
# The off-diagonal entries are not 0: change one input and every output moves. `tape.jacobian`
# computes the whole matrix.

# %%
vector = tf.constant([1.0, 2.0, 0.5, -1.0])
with tf.GradientTape() as tape:
    tape.watch(vector)
    s = keras.activations.softmax(vector)
jacobian = tape.jacobian(s, vector).numpy()
s = s.numpy()
print(jacobian.round(4))
kt.verify_close(kt.pick("softmax 的雅可比矩阵等于 diag(s) − s sᵀ", "softmax's Jacobian equals diag(s) − s sᵀ"),
                jacobian, np.diag(s) - np.outer(s, s), rtol=1e-5, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 002 的公式 `result = Activation(SUMOF(input * weight) + bias)` 说的是**单个**神经元：
# > 它的输出只取决于它自己的加权和。另外 10 个激活函数确实如此，softmax 却不是：每个神经元的输出取决于
# > 这一层**所有**神经元的加权和。文档的示例 `Dense(512, activation = 'softmax', input_shape = (784,))`
# > 把 softmax 当作普通的隐藏层激活来用：512 个输出被压成一个和为 1 的分布，平均每个只有 1/512。
# > softmax 应该放在分类模型的**输出层**，神经元数等于类别数。
# >
# > 下面检验“神经元 0 的偏置只影响神经元 0 的输出”：对 tanh 成立，对 softmax 不成立。
# <!-- en -->
# > **Erratum** Document 002's formula `result = Activation(SUMOF(input * weight) + bias)` describes
# > **one** neuron: its output depends on its own weighted sum only. That holds for the other 10
# > activations, not for softmax: each unit's output depends on the weighted sums of **all** units
# > of the layer. The document's sample `Dense(512, activation = 'softmax', input_shape = (784,))`
# > uses softmax like an ordinary hidden-layer activation: its 512 outputs are squeezed into one
# > distribution that sums to 1, 1/512 each on average. softmax belongs in the **output layer** of
# > a classifier, with one unit per class.
# >
# > Below, "unit 0's bias affects only unit 0's output" is tested: true for tanh, false for softmax.

# %%
def others_after_bias_change(activation):
    keras.utils.set_random_seed(SEED)
    dense = keras.layers.Dense(5, activation=activation)
    before = keras.ops.convert_to_numpy(dense(x))
    dense.bias.assign(dense.bias.numpy() + np.array([3.0, 0, 0, 0, 0], dtype="float32"))
    after = keras.ops.convert_to_numpy(dense(x))
    return before[:, 1:], after[:, 1:]


kt.verify_close(kt.pick("tanh：其他神经元不受神经元 0 的偏置影响", "tanh: the other units ignore unit 0's bias"),
                *others_after_bias_change("tanh"), rtol=1e-6, atol=1e-7)
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("softmax：其他神经元不受神经元 0 的偏置影响", "softmax: the other units ignore unit 0's bias"),
                    *others_after_bias_change("softmax"), rtol=1e-3)

# %%
doc_like = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(512, activation="softmax")])
hidden = keras.ops.convert_to_numpy(doc_like(x_784))
kt.verify_close(kt.pick("512 个 softmax 输出之和为 1", "the 512 softmax outputs sum to 1"), hidden.sum(axis=1), np.ones(4), rtol=1e-5)
kt.verify_close(kt.pick("平均每个输出只有 1/512", "the mean output is 1/512"), hidden.mean(), 1 / 512, rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# 正确的用法：隐藏层用 relu 之类的逐元素激活，输出层用 softmax，神经元数等于类别数（这里是 10 类）。
# <!-- en -->
# The right use: an element-wise activation such as relu in the hidden layer, softmax in the output
# layer with one unit per class (10 classes here).

# %%
classifier = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
probabilities = keras.ops.convert_to_numpy(classifier(x_784))
print(kt.pick("第一个样本属于各类的概率：", "class probabilities of the first sample:"), probabilities[0].round(3))
kt.verify_close(kt.pick("每个样本的 10 个概率之和为 1", "each sample's 10 probabilities sum to 1"),
                probabilities.sum(axis=1), np.ones(4), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 7. Activation 层
#
# 文档 001 介绍了 `Activation` 层：它没有权重，只对输入逐元素（softmax 则是按最后一个轴）施加激活函数，
# 输出形状和输入相同。`Dense(…, activation="relu")` 和“不带激活的 Dense 后面接 `Activation("relu")`”
# 算的是同一个东西。文档 001 的 Sequential 示例就是这样写的。
#
# > **版本变化（Keras 3）** 文档 001 的示例用 `Dense(32, input_dim=784)` 声明输入，Keras 3 会警告，
# > 应改用 `keras.Input(shape=(784,))`。
# <!-- en -->
# ## 7. The Activation layer
#
# Document 001 introduces the `Activation` layer: it has no weights and applies an activation
# function to its input element by element (softmax: along the last axis), so the output has the
# input's shape. `Dense(…, activation="relu")` and "a Dense without activation followed by
# `Activation("relu")`" compute the same thing. Document 001's Sequential sample is written that way.
#
# > **Changed in Keras 3** Document 001's sample declares its input with `Dense(32, input_dim=784)`;
# > Keras 3 warns, and `keras.Input(shape=(784,))` is the form to use.

# %%
from keras.layers import Activation

with kt.expect_warning(UserWarning, match="input_dim"):
    model = Sequential([
        Dense(32, input_dim=784),
        Activation("relu"),
        Dense(10),
        Activation("softmax"),
    ])

# %%
keras.utils.set_random_seed(SEED)
separate = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(32),
    keras.layers.Activation("relu"),
    keras.layers.Dense(10),
    keras.layers.Activation("softmax"),
])
keras.utils.set_random_seed(SEED)
combined = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
kt.verify_close(kt.pick("Dense 加 Activation 层等于带 activation 的 Dense",
                        "a Dense followed by an Activation layer equals a Dense with that activation"),
                keras.ops.convert_to_numpy(separate(x_784)), keras.ops.convert_to_numpy(combined(x_784)), rtol=1e-5, atol=1e-7)
kt.verify_equal(kt.pick("两个模型的参数个数相同", "the two models have the same number of parameters"),
                separate.count_params(), combined.count_params())
relu_layer = separate.layers[1]
kt.verify_equal(kt.pick("Activation 层没有权重", "the Activation layer has no weights"), len(relu_layer.weights), 0)
kt.verify_equal(kt.pick("Activation 层的输出形状等于输入形状", "the Activation layer's output shape equals its input shape"),
                tuple(relu_layer.output.shape), tuple(relu_layer.input.shape))

# %% [markdown]
# <!-- zh -->
# 文档 001 还说，`activation` 参数可以是预定义的激活函数名，也可以是“一个 Tensorflow/Theano 的函数”，
# 并且写出完整路径 `keras.layers.core.Activation`。
#
# > **版本变化（Keras 3）** Theano 早已停止维护，Keras 3 也不再支持它；Keras 2 时代常见的
# > `from keras import backend as K` 再用 `K.relu`、`K.exp` 之类写激活函数，在 Keras 3 里也不行了，
# > `keras.backend` 只剩下少数配置函数。`keras.layers.core` 这个模块也没有了。今天自定义激活函数用
# > `keras.ops` 写（这样在 TensorFlow、JAX、PyTorch 后端上都能跑），层从 `keras.layers` 直接取。
# <!-- en -->
# Document 001 also says that `activation` may be the name of a predefined activation or "a
# Tensorflow/Theano function", and gives the full path `keras.layers.core.Activation`.
#
# > **Changed in Keras 3** Theano is long unmaintained and Keras 3 no longer supports it; the
# > Keras 2 habit of `from keras import backend as K` and then writing activations with `K.relu`,
# > `K.exp` and the like no longer works either: `keras.backend` keeps only a few configuration
# > functions. The module `keras.layers.core` is gone as well. Today a custom activation is written
# > with `keras.ops` (so it runs on the TensorFlow, JAX and PyTorch backends), and layers come
# > straight from `keras.layers`.

# %%
from keras import backend as K

with kt.expect_error(AttributeError):
    keras.layers.Activation(lambda t: K.relu(t) + 0.1 * K.minimum(t, 0.0))(x)
with kt.expect_error(ModuleNotFoundError):
    import keras.layers.core  # noqa: F401

# %%
def leaky(t):
    # zh: 正数原样保留，负数乘以 0.1
    # en: positives unchanged, negatives times 0.1
    return keras.ops.relu(t) + 0.1 * keras.ops.minimum(t, 0.0)


custom = keras.layers.Activation(leaky)
kt.verify_close(kt.pick("用 keras.ops 写的自定义激活与 NumPy 的结果一致", "the custom activation written with keras.ops matches NumPy"),
                keras.ops.convert_to_numpy(custom(grid)), np.where(grid > 0, grid, 0.1 * grid), rtol=1e-6, atol=1e-7)
kt.verify_close(kt.pick("这个自定义激活和 Keras 自带的 leaky_relu 一样", "the custom activation equals Keras's own leaky_relu"),
                keras.ops.convert_to_numpy(custom(grid)),
                keras.ops.convert_to_numpy(keras.activations.leaky_relu(grid, negative_slope=0.1)), rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# ## 8. Keras 3 里还有更多
#
# 文档列出的 11 个之外，Keras 3 还有不少激活函数，比如 `gelu`（Transformer 里常用）、`silu`（也叫 swish）、
# `leaky_relu`、`relu6`、`mish`、`log_softmax`。它们都可以用名字传给 `activation=`，用法完全一样。
# <!-- en -->
# ## 8. More in Keras 3
#
# Beyond the 11 in the document, Keras 3 has many more activations, such as `gelu` (common in
# Transformers), `silu` (also called swish), `leaky_relu`, `relu6`, `mish` and `log_softmax`. Each
# can be passed to `activation=` by name, exactly as before.

# %%
extra = sorted(name for name in dir(keras.activations)
               if not name.startswith("_") and name not in A.NAMES + ("get", "serialize", "deserialize"))
print(kt.pick(f"文档之外还有 {len(extra)} 个：", f"{len(extra)} more beyond the document:"), ", ".join(extra))
kt.verify_true(kt.pick("gelu、silu、mish 都能按名字使用", "gelu, silu and mish can all be used by name"),
               all(keras.layers.Dense(2, activation=name).activation is getattr(keras.activations, name)
                   for name in ("gelu", "silu", "mish")))

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 一个神经元的输出是 $f(\sum_i \text{input}_i w_{ij} + b_j)$；没有非线性激活，叠多少层都等于一层线性变换。
# - 11 个激活函数的公式和导数都用 NumPy 和 `tf.GradientTape` 核验过了。linear 是恒等函数，
#   也是 Dense 的默认值；selu 的常数让标准正态输入的输出保持均值 0、方差 1；$\tanh(x) = 2\sigma(2x) - 1$；
#   exponential 在 float32 下 $x > 88.7$ 就溢出。
# - Keras 3 的 hard_sigmoid 是 $\operatorname{relu6}(x+3)/6$，不再是 Keras 2 的 $\operatorname{clip}(0.2x+0.5)$。
# - softmax 作用在整个向量上（默认最后一个轴），输出和为 1；它属于分类模型的输出层，而不是 512 个神经元的隐藏层。
# - `Activation` 层没有权重，`Dense + Activation` 等于带 `activation` 的 Dense；自定义激活函数用 `keras.ops` 写。
#
# 练习：`exercises/zh/04_activations.ipynb`。下一课：**第 5 课　常用层和层的方法**。
# <!-- en -->
# ## Summary
#
# - A unit's output is $f(\sum_i \text{input}_i w_{ij} + b_j)$; without a non-linear activation,
#   any number of layers equals one linear map.
# - The formulas and derivatives of the 11 activations were verified with NumPy and
#   `tf.GradientTape`. linear is the identity and Dense's default; selu's constants keep a standard
#   normal input at mean 0 and variance 1; $\tanh(x) = 2\sigma(2x) - 1$; exponential overflows in
#   float32 once $x > 88.7$.
# - Keras 3's hard_sigmoid is $\operatorname{relu6}(x+3)/6$, no longer Keras 2's
#   $\operatorname{clip}(0.2x+0.5)$.
# - softmax works on the whole vector (the last axis by default) and its outputs sum to 1; it
#   belongs in a classifier's output layer, not in a hidden layer of 512 units.
# - The `Activation` layer has no weights; `Dense + Activation` equals a Dense with `activation`;
#   custom activations are written with `keras.ops`.
#
# Exercise: `exercises/en/04_activations.ipynb`. Next: **Lesson 5 · Core layers and layer methods**.
