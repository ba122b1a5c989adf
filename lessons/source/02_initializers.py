# %% [markdown]
# <!-- zh -->
# # 第 2 课　初始化器
#
# 训练开始之前，每个权重都得有一个初始值。**初始化器**决定这些值从哪里来：全是 0、全是同一个常数，
# 还是从某个分布里随机采样；如果是随机的，分布有多宽。这一课把文档 002 列出的每一个初始化器
# 都跑一遍：先推导公式，再采样一个很大的核，用经验标准差和最大值去核验公式，并画出直方图和理论密度。
# 最后用一个 30 层的深网络说明：初始化器选错了，信号会在网络里消失或爆炸。
#
# 对应原文：文档 002 的 Initializers 一节。
# <!-- en -->
# # Lesson 2 · Initializers
#
# Before training starts, every weight needs a value. An **initializer** decides where those values
# come from: all zeros, one constant, or random samples from a distribution — and, if random, how
# wide that distribution is. This lesson runs every initializer that document 002 lists: it derives
# each formula, samples a large kernel, checks the formula against the sample's standard deviation
# and maximum, and draws the histogram next to the theoretical density. Finally a 30-layer network
# shows what a poor choice does: the signal vanishes or explodes on its way through.
#
# Follows: the Initializers section of document 002.

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
from kerastutor import initializers as kinit


def sample(initializer, shape):
    """Draw one kernel from a Keras initializer, as a NumPy array."""
    return keras.ops.convert_to_numpy(initializer(shape))

# %% [markdown]
# <!-- zh -->
# ## 1. 怎样给层指定初始化器
#
# 一个层有几组权重，就有几个初始化器参数：`Dense` 有 `kernel_initializer` 和 `bias_initializer`。
# 可以写名字（字符串），也可以传一个初始化器对象（可以带参数）。什么都不写时，`Dense` 的核用
# `glorot_uniform`，偏置用 `zeros`。
# <!-- en -->
# ## 1. How a layer is given an initializer
#
# A layer has one initializer argument per group of weights: `Dense` has `kernel_initializer` and
# `bias_initializer`. You can give a name (a string) or an initializer object (with arguments).
# When you give nothing, `Dense` initializes its kernel with `glorot_uniform` and its bias with
# `zeros`.

# %%
by_default = keras.layers.Dense(4)
by_name = keras.layers.Dense(4, kernel_initializer="he_uniform")
by_object = keras.layers.Dense(4, kernel_initializer=keras.initializers.RandomNormal(stddev=0.01))

for layer in (by_default, by_name, by_object):
    print(type(layer.kernel_initializer).__name__, "/", type(layer.bias_initializer).__name__)

kt.verify_equal(kt.pick("Dense 默认的初始化器是 GlorotUniform 和 Zeros", "Dense's default initializers are GlorotUniform and Zeros"),
                (type(by_default.kernel_initializer).__name__, type(by_default.bias_initializer).__name__),
                ("GlorotUniform", "Zeros"))

# %% [markdown]
# <!-- zh -->
# 文档 002 的每个例子都是同一个模式：建一个初始化器 `my_init`，再交给 `Dense(512, input_shape=(784,))`。
# 本课沿用 784 → 512 这个尺寸，但改用今天的写法 `keras.Input(shape=(784,))`（见**第 1 课　模型和层**）。
#
# > **勘误** 文档 002 的示例代码有几处照抄就跑不起来：Ones 和后面几个示例直接调用 `model.add`，
# > 却没有先创建 `model`；TruncatedNormal 的示例少了一个右括号；VarianceScaling 的示例把参数名
# > 写成了 `skernel_initializer`。下面分别运行这三处原来的写法。
# <!-- en -->
# Every example in document 002 follows one pattern: make an initializer `my_init`, then hand it to
# `Dense(512, input_shape=(784,))`. This lesson keeps the 784 → 512 size but uses today's form,
# `keras.Input(shape=(784,))` (see **Lesson 1 · Models and layers**).
#
# > **Erratum** Several of document 002's samples do not run as written: the Ones sample and some
# > after it call `model.add` without ever creating `model`; the TruncatedNormal sample is missing a
# > closing parenthesis; the VarianceScaling sample misspells the argument as
# > `skernel_initializer`. The three old forms run below.

# %%
with kt.expect_error(NameError):
    exec("my_init = keras.initializers.Ones()\n"
         "model_without_creation.add(keras.layers.Dense(512, kernel_initializer=my_init))",
         {"keras": keras})

with kt.expect_error(SyntaxError):
    compile("my_init = initializers.TruncatedNormal(mean = 0.0, stddev = 0.05, seed = None\n"
            "model.add(Dense(512, activation = 'relu', input_shape = (784,),\n"
            "   kernel_initializer = my_init))\n", "<document 002>", "exec")

with kt.expect_error(ValueError, match="skernel_initializer"):
    keras.layers.Dense(512, activation="relu", skernel_initializer=keras.initializers.VarianceScaling())

# %% [markdown]
# <!-- zh -->
# 正确的写法：先创建模型，并把参数名写对。
# <!-- en -->
# The right form: create the model first, and spell the argument correctly.

# %%
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(512, activation="relu",
                       kernel_initializer=keras.initializers.VarianceScaling(scale=1.0, mode="fan_in",
                                                                             distribution="normal")),
])
print(kt.pick("核的形状：", "kernel shape:"), tuple(model.layers[0].kernel.shape))

# %% [markdown]
# <!-- zh -->
# ## 2. fan_in 和 fan_out
#
# 随机初始化器的公式里反复出现两个数：`fan_in`（一个神经元接收多少个输入连接）和 `fan_out`
# （一个输入连到多少个神经元）。
#
# - `Dense` 的核形状是 `(输入宽度, 神经元数)`，所以 `fan_in = 输入宽度`，`fan_out = 神经元数`。
# - 卷积核的形状是 `(*窗口大小, 输入通道, 输出通道)`。一个输出值看到的是整个窗口里的所有输入通道，
#   所以两个数都要乘上窗口大小（感受野）：
#
# $$\text{fan\_in} = k_1 k_2 \cdot C_\text{in}, \qquad \text{fan\_out} = k_1 k_2 \cdot C_\text{out}$$
#
# `kerastutor.initializers.fans` 就是这条规则。下面分别取一个 Dense 层和一个 Conv2D 层的真实核形状，
# 和手算的结果比较。
# <!-- en -->
# ## 2. fan_in and fan_out
#
# Two numbers keep coming back in the formulas of random initializers: `fan_in` (how many input
# connections one unit receives) and `fan_out` (how many units one input feeds).
#
# - A `Dense` kernel has shape `(input width, units)`, so `fan_in = input width` and
#   `fan_out = units`.
# - A convolution kernel has shape `(*window, input channels, output channels)`. One output value
#   sees every input channel across the whole window, so both numbers are multiplied by the window
#   size (the receptive field):
#
# $$\text{fan\_in} = k_1 k_2 \cdot C_\text{in}, \qquad \text{fan\_out} = k_1 k_2 \cdot C_\text{out}$$
#
# `kerastutor.initializers.fans` implements that rule. Below we take the real kernel shapes of a
# Dense layer and of a Conv2D layer and compare with the numbers worked out by hand.

# %%
dense_kernel = tuple(model.layers[0].kernel.shape)

conv = keras.layers.Conv2D(128, kernel_size=(3, 3))
conv.build((None, 32, 32, 64))
conv_kernel = tuple(conv.kernel.shape)
print("Dense kernel:", dense_kernel, "  Conv2D kernel:", conv_kernel)

kt.verify_equal(kt.pick("Dense 核的 (fan_in, fan_out) 是 (输入宽度, 神经元数)",
                        "the Dense kernel's (fan_in, fan_out) is (input width, units)"),
                kinit.fans(dense_kernel), (784, 512))
kt.verify_equal(kt.pick("Conv2D 核的 fan_in 和 fan_out 都乘上了窗口大小",
                        "the Conv2D kernel's fan_in and fan_out are both multiplied by the window size"),
                kinit.fans(conv_kernel), (3 * 3 * 64, 3 * 3 * 128))

# %% [markdown]
# <!-- zh -->
# ## 3. 常数初始化器：Zeros、Ones、Constant
#
# 最简单的三个：`Zeros` 全填 0，`Ones` 全填 1，`Constant(value)` 全填 `value`。文档 002 说
# Constant 生成“用户指定的常数值（例如 5）”，示例里却写的是 `value=0`；这里就用 5。
#
# 常数初始化适合偏置，不适合核：同一层的所有神经元从完全相同的权重出发，得到的梯度也完全相同，
# 训练永远无法让它们变得不同。
# <!-- en -->
# ## 3. Constant initializers: Zeros, Ones, Constant
#
# The simplest three: `Zeros` fills with 0, `Ones` with 1, `Constant(value)` with `value`.
# Document 002 describes Constant as producing "a user-given constant (e.g. 5)" but its sample
# passes `value=0`; here we use 5.
#
# Constant initialization suits biases, not kernels: all units of a layer start from identical
# weights, receive identical gradients, and training can never make them differ.

# %%
for initializer, value in [(keras.initializers.Zeros(), 0.0), (keras.initializers.Ones(), 1.0),
                           (keras.initializers.Constant(value=5), 5.0)]:
    kernel = sample(initializer, (784, 512))
    kt.verify_true(f"{type(initializer).__name__}: {kt.pick('每个值都等于', 'every value equals')} {value:g}",
                   np.all(kernel == value))

# %% [markdown]
# <!-- zh -->
# ## 4. 固定宽度的随机初始化器
#
# 接下来的三个从固定宽度的分布里采样，宽度和层的大小无关：
#
# | 初始化器 | 分布 | Keras 3 默认参数 | 采样值的标准差 |
# |---|---|---|---|
# | `RandomNormal` | 正态分布 $\mathcal N(\mu, \sigma^2)$ | mean=0, stddev=0.05 | $\sigma$ |
# | `RandomUniform` | 均匀分布 $U(a, b)$ | minval=−0.05, maxval=0.05 | $(b-a)/\sqrt{12}$ |
# | `TruncatedNormal` | 截断正态分布：$\mathcal N(\mu, \sigma^2)$ 只保留 $\mu \pm 2\sigma$ 以内的值 | mean=0, stddev=0.05 | $0.8796\,\sigma$ |
#
# 最后一行值得注意：截掉两侧的尾巴以后，剩下的值更集中，标准差只有 `stddev` 参数的 0.88 倍。
# 均匀分布的标准差来自它的方差 $(b-a)^2/12$。下面采样 784×512 个值，逐一核验。
# <!-- en -->
# ## 4. Random initializers of fixed width
#
# The next three sample from a distribution whose width does not depend on the layer's size:
#
# | initializer | distribution | Keras 3 defaults | std of the samples |
# |---|---|---|---|
# | `RandomNormal` | normal distribution $\mathcal N(\mu, \sigma^2)$ | mean=0, stddev=0.05 | $\sigma$ |
# | `RandomUniform` | uniform distribution $U(a, b)$ | minval=−0.05, maxval=0.05 | $(b-a)/\sqrt{12}$ |
# | `TruncatedNormal` | truncated normal: $\mathcal N(\mu, \sigma^2)$ keeping only values within $\mu \pm 2\sigma$ | mean=0, stddev=0.05 | $0.8796\,\sigma$ |
#
# The last row deserves attention: once both tails are cut off, the remaining values are more
# concentrated, and their standard deviation is only 0.88 times the `stddev` argument. The uniform
# distribution's standard deviation follows from its variance, $(b-a)^2/12$. Below we sample
# 784×512 values and check each claim.

# %%
fixed_width = {
    "random_normal": keras.initializers.RandomNormal(seed=SEED),
    "random_uniform": keras.initializers.RandomUniform(seed=SEED),
    "truncated_normal": keras.initializers.TruncatedNormal(seed=SEED),
}
for name, initializer in fixed_width.items():
    kernel = sample(initializer, dense_kernel)
    theory = kinit.spread(name, dense_kernel)
    kt.verify_close(kt.pick(f"{name} 的采样标准差符合表中的公式", f"the std of the {name} samples matches the table"),
                    kernel.std(), theory.std, rtol=0.01)
    if np.isfinite(theory.high):
        kt.verify_true(kt.pick(f"{name} 的所有值都在 [{theory.low:.3f}, {theory.high:.3f}] 以内",
                               f"every {name} value lies within [{theory.low:.3f}, {theory.high:.3f}]"),
                       kernel.min() >= theory.low and kernel.max() <= theory.high)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 002 的示例都写 `seed=None`，那时这意味着每次调用初始化器都得到新的随机数。
# > 在今天的 Keras 里，初始化器对象在**创建时**就定下了种子：同一个对象调用两次，得到完全相同的值。
# > 所以像文档那样把同一个 `my_init` 交给两个层，两个层的初始权重会一模一样。
# <!-- en -->
# > **Changed in Keras 3** Document 002's samples all pass `seed=None`, which back then meant fresh
# > random numbers on every call. In today's Keras an initializer object fixes its seed **when it
# > is created**: calling the same object twice gives exactly the same values. So handing one
# > `my_init` to two layers, as the document does, gives both layers identical initial weights.

# %%
my_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)
layer_a = keras.layers.Dense(8, kernel_initializer=my_init)
layer_b = keras.layers.Dense(8, kernel_initializer=my_init)
layer_a.build((None, 16))
layer_b.build((None, 16))
kt.verify_true(kt.pick("共用一个初始化器对象的两个层，初始核完全相同",
                       "two layers sharing one initializer object start with identical kernels"),
               np.array_equal(layer_a.get_weights()[0], layer_b.get_weights()[0]))

# %% [markdown]
# <!-- zh -->
# 想让每个层各不相同，就给每个层一个新的初始化器对象（或者直接写名字字符串，每个层会各自创建一个）：
# <!-- en -->
# To give each layer its own values, give each layer a new initializer object (or just a name
# string: each layer then creates its own):

# %%
layer_c = keras.layers.Dense(8, kernel_initializer=keras.initializers.RandomNormal(stddev=0.05))
layer_d = keras.layers.Dense(8, kernel_initializer=keras.initializers.RandomNormal(stddev=0.05))
layer_c.build((None, 16))
layer_d.build((None, 16))
kt.verify_true(kt.pick("各自的初始化器对象给出不同的初始核", "separate initializer objects give different kernels"),
               not np.array_equal(layer_c.get_weights()[0], layer_d.get_weights()[0]))

# %% [markdown]
# <!-- zh -->
# ## 5. VarianceScaling：宽度随层的大小变化
#
# 固定宽度有个问题：一个神经元的输出是 `fan_in` 个“输入 × 权重”之和。输入互相独立、权重方差为
# $\sigma^2$ 时，这个和的方差大约是 $\text{fan\_in}\cdot\sigma^2$ 乘以输入的方差。层越宽，输出越大。
# 要让信号的方差一层一层保持不变，权重的方差就应该和 `fan_in` 成反比。`VarianceScaling` 正是这样做的：
#
# $$\operatorname{Var}(w) = \frac{\text{scale}}{n}, \qquad n = \begin{cases}\text{fan\_in} & \text{mode="fan\_in"}\\ \text{fan\_out} & \text{mode="fan\_out"}\\ (\text{fan\_in}+\text{fan\_out})/2 & \text{mode="fan\_avg"}\end{cases}$$
#
# 由方差就得到两种分布的参数：
#
# - 正态分布：$\text{stddev} = \sqrt{\text{scale}/n}$；
# - 均匀分布 $U(-\text{limit}, \text{limit})$ 的方差是 $\text{limit}^2/3$，令它等于 $\text{scale}/n$，
#   得到 $\text{limit} = \sqrt{3\cdot\text{scale}/n}$。
#
# 这正是文档 002 给出的两个公式。`kerastutor.initializers.variance_scaling` 把它们写成了普通函数。
# 下面在 Conv2D 的核 `(3, 3, 64, 128)` 上，对三种 mode 和三种分布（九种组合）逐一采样核验。
# <!-- en -->
# ## 5. VarianceScaling: a width that follows the layer's size
#
# A fixed width has a problem. One unit's output is a sum of `fan_in` products input × weight. With
# independent inputs and weights of variance $\sigma^2$, that sum's variance is about
# $\text{fan\_in}\cdot\sigma^2$ times the inputs' variance: the wider the layer, the larger its
# outputs. To keep the signal's variance the same from layer to layer, the weights' variance should
# be inversely proportional to `fan_in`. That is what `VarianceScaling` does:
#
# $$\operatorname{Var}(w) = \frac{\text{scale}}{n}, \qquad n = \begin{cases}\text{fan\_in} & \text{mode="fan\_in"}\\ \text{fan\_out} & \text{mode="fan\_out"}\\ (\text{fan\_in}+\text{fan\_out})/2 & \text{mode="fan\_avg"}\end{cases}$$
#
# The variance gives each distribution's parameter:
#
# - normal: $\text{stddev} = \sqrt{\text{scale}/n}$;
# - the uniform distribution $U(-\text{limit}, \text{limit})$ has variance $\text{limit}^2/3$; setting
#   it equal to $\text{scale}/n$ gives $\text{limit} = \sqrt{3\cdot\text{scale}/n}$.
#
# These are exactly the two formulas of document 002. `kerastutor.initializers.variance_scaling`
# writes them as plain functions. Below, on the Conv2D kernel `(3, 3, 64, 128)`, we sample and
# check all three modes with all three distributions (nine combinations).

# %%
scale = 2.0
print(f"{'mode':<8} {'distribution':<19} {'n':>6} {'formula std':>12} {'sampled std':>12} {'max |w|':>9} {'bound':>9}")
for mode in kinit.MODES:
    for distribution in kinit.DISTRIBUTIONS:
        initializer = keras.initializers.VarianceScaling(scale=scale, mode=mode,
                                                         distribution=distribution, seed=SEED)
        kernel = sample(initializer, conv_kernel)
        theory = kinit.variance_scaling(conv_kernel, scale, mode, distribution)
        n = kinit.fan_n(conv_kernel, mode)
        print(f"{mode:<8} {distribution:<19} {n:>6g} {theory.std:>12.5f} {kernel.std():>12.5f} "
              f"{np.abs(kernel).max():>9.5f} {theory.high:>9.5f}")
        kt.verify_close(kt.pick(f"{mode}/{distribution}：采样标准差等于公式给出的值",
                                f"{mode}/{distribution}: the sampled std equals the formula's"),
                        kernel.std(), theory.std, rtol=0.02)
        if np.isfinite(theory.high):
            kt.verify_true(kt.pick(f"{mode}/{distribution}：所有 |w| ≤ {theory.high:.5f}",
                                   f"{mode}/{distribution}: every |w| is ≤ {theory.high:.5f}"),
                           np.abs(kernel).max() <= theory.high)

# %% [markdown]
# <!-- zh -->
# ## 6. “正态分布”在 Keras 3 里到底采样什么
#
# 文档 002 说 `distribution="normal"` 时“使用正态分布查找权重”。今天的 Keras 并不是这样：
#
# > **版本变化（Keras 3）** `distribution` 只接受 `"truncated_normal"`、`"untruncated_normal"`
# > 和 `"uniform"`。写 `"normal"` 时，Keras 会把它换成 `"truncated_normal"`：采样的是
# > **截断正态分布**，只保留均值两侧 2 个标准差以内的值。真正的（不截断的）正态分布要写
# > `"untruncated_normal"`。其他名字会报错。
#
# 截断会让标准差变小（第 4 节），所以 Keras 先把参数放大：把 $\sqrt{\text{scale}/n}$ 除以 0.8796
# 再去截断采样。结果是采样值的标准差仍然等于 $\sqrt{\text{scale}/n}$，文档里的公式在这个意义上仍然成立；
# 但所有值都落在 $\pm 2\sqrt{\text{scale}/n}/0.8796$ 以内，没有长尾。
# <!-- en -->
# ## 6. What "normal" really samples in Keras 3
#
# Document 002 says that with `distribution="normal"` the weights come from "a normal
# distribution". Today's Keras does something else:
#
# > **Changed in Keras 3** `distribution` accepts only `"truncated_normal"`,
# > `"untruncated_normal"` and `"uniform"`. When you write `"normal"`, Keras replaces it with
# > `"truncated_normal"`: the samples come from a **truncated normal distribution** that keeps only
# > values within 2 standard deviations of the mean. A true (untruncated) normal needs
# > `"untruncated_normal"`. Any other name is an error.
#
# Truncation shrinks the standard deviation (section 4), so Keras widens the parameter first: it
# divides $\sqrt{\text{scale}/n}$ by 0.8796 before sampling with the cut. As a result the samples'
# standard deviation is still $\sqrt{\text{scale}/n}$, so the document's formula holds in that sense;
# but every value lies within $\pm 2\sqrt{\text{scale}/n}/0.8796$, with no long tails.

# %%
as_normal = keras.initializers.VarianceScaling(distribution="normal")
kt.verify_equal(kt.pick('"normal" 被保存为 "truncated_normal"', '"normal" is stored as "truncated_normal"'),
                as_normal.get_config()["distribution"], "truncated_normal")

with kt.expect_error(ValueError):
    keras.initializers.VarianceScaling(distribution="gaussian")

kt.verify_close(kt.pick("在 ±2 处截断的标准正态分布，标准差是 0.8796", "a standard normal cut at ±2 has a std of 0.8796"),
                kinit.TRUNCATED_STD_FACTOR, 0.87962566103423978, rtol=1e-12)

# %% [markdown]
# <!-- zh -->
# 把 `"normal"`（截断）和 `"untruncated_normal"` 放在一起画：两者的标准差相同。截断版本的钟形更宽
# （参数被放大了），在 ±2×参数处被齐齐切断，中间反而更矮；不截断的版本中间更高，尾巴更长。
# 虚线是 `kerastutor` 按公式算出的理论密度。
# <!-- en -->
# Plotted side by side, `"normal"` (truncated) and `"untruncated_normal"` have the same standard
# deviation. The truncated one is a wider bell (its parameter was enlarged) cut off sharply at ±2×
# its parameter, and so it is actually lower in the middle; the untruncated one is taller in the
# middle and has long tails. The dashed lines are the theoretical densities `kerastutor` computes
# from the formulas.

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), sharey=True)
for ax, distribution in zip(axes, ["normal", "untruncated_normal"]):
    initializer = keras.initializers.VarianceScaling(scale=2.0, mode="fan_in",
                                                     distribution=distribution, seed=SEED)
    kernel = sample(initializer, dense_kernel).ravel()
    theory = kinit.variance_scaling(dense_kernel, 2.0, "fan_in", distribution)
    grid = np.linspace(-0.25, 0.25, 400)
    ax.hist(kernel, bins=120, range=(-0.25, 0.25), density=True, color="#9ecae1",
            label=kt.pick("采样直方图", "sampled histogram"))
    ax.plot(grid, theory.pdf(grid), "k--", lw=1.2, label=kt.pick("理论密度", "theoretical density"))
    ax.set_title(f'distribution="{distribution}"')
    ax.set_xlabel(kt.pick("权重值", "weight value"))
    print(f"{distribution:<19} std {kernel.std():.5f}  max |w| {np.abs(kernel).max():.5f}")
axes[0].legend(loc="upper left", fontsize=8)
plt.tight_layout()
plt.show()

peak = {d: kinit.variance_scaling(dense_kernel, 2.0, "fan_in", d).pdf(0.0)
        for d in ("truncated_normal", "untruncated_normal")}
kt.verify_true(kt.pick("截断版本在 0 处的密度更低", "the truncated density is the lower one at 0"),
               peak["truncated_normal"] < peak["untruncated_normal"])

# %% [markdown]
# <!-- zh -->
# ## 7. 六个有名字的特例
#
# `lecun_*`、`glorot_*`（又叫 Xavier）和 `he_*` 都是 `VarianceScaling` 换了参数而已。
# 把 scale 和 n 代入第 5 节的两个公式，就得到文档 002 列出的六个公式：
#
# | 名字 | scale | mode | 正态：stddev | 均匀：limit |
# |---|---|---|---|---|
# | `lecun_normal` / `lecun_uniform` | 1 | fan_in | $\sqrt{1/\text{fan\_in}}$ | $\sqrt{3/\text{fan\_in}}$ |
# | `glorot_normal` / `glorot_uniform` | 1 | fan_avg | $\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$ | $\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$ |
# | `he_normal` / `he_uniform` | 2 | fan_in | $\sqrt{2/\text{fan\_in}}$ | $\sqrt{6/\text{fan\_in}}$ |
#
# glorot 的 $n$ 是平均值 $(\text{fan\_in}+\text{fan\_out})/2$，所以 $1/n$ 变成了 $2/(\text{fan\_in}+\text{fan\_out})$。
# he 的 scale 是 2，原因在第 10 节：ReLU 把一半的值变成 0，方差也跟着减半，乘 2 正好补回来。
#
# 下面对 784 → 512 的 Dense 核，把每个公式和采样结果对照，并核验每个对象确实是参数相同的 VarianceScaling。
# <!-- en -->
# ## 7. Six named special cases
#
# `lecun_*`, `glorot_*` (also called Xavier) and `he_*` are all `VarianceScaling` with particular
# arguments. Putting their scale and n into the two formulas of section 5 gives the six formulas of
# document 002:
#
# | name | scale | mode | normal: stddev | uniform: limit |
# |---|---|---|---|---|
# | `lecun_normal` / `lecun_uniform` | 1 | fan_in | $\sqrt{1/\text{fan\_in}}$ | $\sqrt{3/\text{fan\_in}}$ |
# | `glorot_normal` / `glorot_uniform` | 1 | fan_avg | $\sqrt{2/(\text{fan\_in}+\text{fan\_out})}$ | $\sqrt{6/(\text{fan\_in}+\text{fan\_out})}$ |
# | `he_normal` / `he_uniform` | 2 | fan_in | $\sqrt{2/\text{fan\_in}}$ | $\sqrt{6/\text{fan\_in}}$ |
#
# For glorot, $n$ is the average $(\text{fan\_in}+\text{fan\_out})/2$, so $1/n$ becomes
# $2/(\text{fan\_in}+\text{fan\_out})$. He uses scale 2 for a reason shown in section 10: ReLU sets
# half of the values to zero and halves the variance with them; the factor 2 gives it back.
#
# Below, for the 784 → 512 Dense kernel, each formula is set against the sample, and each object
# is checked to be VarianceScaling with exactly those arguments.

# %%
fan_in, fan_out = kinit.fans(dense_kernel)
by_hand = {
    "lecun_normal": ("std", np.sqrt(1 / fan_in)),
    "lecun_uniform": ("limit", np.sqrt(3 / fan_in)),
    "glorot_normal": ("std", np.sqrt(2 / (fan_in + fan_out))),
    "glorot_uniform": ("limit", np.sqrt(6 / (fan_in + fan_out))),
    "he_normal": ("std", np.sqrt(2 / fan_in)),
    "he_uniform": ("limit", np.sqrt(6 / fan_in)),
}
samples = {}
for name, (kind, value) in by_hand.items():
    initializer = keras.initializers.get({"class_name": name, "config": {"seed": SEED}})
    kt.verify_equal(kt.pick(f"{name} 是 (scale, mode, distribution) 和表中一致的 VarianceScaling",
                            f"{name} is VarianceScaling with the (scale, mode, distribution) of the table"),
                    (initializer.scale, initializer.mode, initializer.distribution), kinit.NAMED[name])
    kernel = samples[name] = sample(initializer, dense_kernel)
    print("   ", kinit.formula_text(name, dense_kernel))
    if kind == "std":
        kt.verify_close(kt.pick(f"{name} 的采样标准差等于 stddev 公式", f"the std of the {name} samples equals the stddev formula"),
                        kernel.std(), value, rtol=0.01)
    else:
        kt.verify_close(kt.pick(f"{name} 的最大 |w| 等于 limit 公式", f"the largest |w| of {name} equals the limit formula"),
                        np.abs(kernel).max(), value, rtol=0.001)
        kt.verify_close(kt.pick(f"{name} 的采样标准差 = limit/√3", f"the std of the {name} samples is limit/√3"),
                        kernel.std(), value / np.sqrt(3), rtol=0.01)

# %% [markdown]
# <!-- zh -->
# 六个直方图和各自的理论密度放在一起看（横轴范围相同）：
# <!-- en -->
# Here are the six histograms with their theoretical densities, on the same horizontal range:

# %%
fig, axes = plt.subplots(2, 3, figsize=(10, 5), sharex=True)
grid = np.linspace(-0.2, 0.2, 400)
for ax, (name, kernel) in zip(axes.ravel(), samples.items()):
    theory = kinit.spread(name, dense_kernel)
    ax.hist(kernel.ravel(), bins=100, range=(-0.2, 0.2), density=True, color="#c6dbef")
    ax.plot(grid, theory.pdf(grid), "k--", lw=1.1)
    ax.set_title(name, fontsize=10)
    ax.set_yticks([])
fig.suptitle(kt.pick("784 → 512 的 Dense 核：采样直方图（蓝）与理论密度（虚线）",
                     "784 → 512 Dense kernel: sampled histograms (blue), theoretical densities (dashed)"),
             fontsize=10)
plt.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 002 的文字和代码在这一节有三处对不上：lecun_normal 和 he_normal 两段的示例代码
# > 实际创建的是 `RandomUniform(minval=-0.05, maxval=0.05)`；he_uniform 一段的示例代码创建的是
# > `he_normal`。照着示例运行，得到的根本不是标题里的那个初始化器。下面把“he_uniform”一段的示例
# > 代码原样跑一遍：它给出的值超出了 he_uniform 的界限 $\sqrt{6/\text{fan\_in}}$，而真正的
# > he_uniform 绝不会；lecun_normal 一段的示例的标准差是 $0.05/\sqrt 3 \approx 0.0289$，
# > 不是 $\sqrt{1/784} \approx 0.0357$。
# <!-- en -->
# > **Erratum** In this part of document 002 the text and the code disagree three times: the sample
# > code under lecun_normal and under he_normal actually creates
# > `RandomUniform(minval=-0.05, maxval=0.05)`, and the sample under he_uniform creates `he_normal`.
# > Run as printed, the samples do not create the initializers their headings name. Below, the
# > "he_uniform" sample runs as written: it produces values beyond he_uniform's bound
# > $\sqrt{6/\text{fan\_in}}$, which a real he_uniform never does; and the lecun_normal sample's
# > standard deviation is $0.05/\sqrt 3 \approx 0.0289$, not $\sqrt{1/784} \approx 0.0357$.

# %%
he_uniform_limit = np.sqrt(6 / fan_in)
documents_he_uniform = sample(keras.initializers.he_normal(seed=SEED), dense_kernel)
kt.verify_true(kt.pick("文档的“he_uniform”示例给出了超出 √(6/fan_in) 的值",
                       'the document\'s "he_uniform" sample gives values beyond √(6/fan_in)'),
               np.abs(documents_he_uniform).max() > he_uniform_limit)

documents_lecun_normal = sample(keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=SEED), dense_kernel)
kt.verify_close(kt.pick("文档的“lecun_normal”示例的标准差是 0.05/√3", 'the document\'s "lecun_normal" sample has a std of 0.05/√3'),
                documents_lecun_normal.std(), 0.05 / np.sqrt(3), rtol=0.01)

# %% [markdown]
# <!-- zh -->
# 正确的写法就是用名字对应的初始化器：
# <!-- en -->
# The right form simply uses the initializer the heading names:

# %%
right_he_uniform = sample(keras.initializers.HeUniform(seed=SEED), dense_kernel)
kt.verify_true(kt.pick("真正的 he_uniform 全部落在 ±√(6/fan_in) 以内", "a real he_uniform stays within ±√(6/fan_in)"),
               np.abs(right_he_uniform).max() <= he_uniform_limit)
right_lecun_normal = sample(keras.initializers.LecunNormal(seed=SEED), dense_kernel)
kt.verify_close(kt.pick("真正的 lecun_normal 的标准差是 √(1/fan_in)", "a real lecun_normal has a std of √(1/fan_in)"),
                right_lecun_normal.std(), np.sqrt(1 / fan_in), rtol=0.01)

# %% [markdown]
# <!-- zh -->
# ## 8. Orthogonal 和 Identity
#
# 这两个初始化器不是逐个独立采样的，而是直接给出一整个有结构的矩阵。
#
# `Orthogonal(gain)` 先采样一个随机矩阵，再用 QR 分解得到一个**正交**矩阵，最后乘上 `gain`。
# 对一个行数不少于列数的核 $W$（例如 256×128），各列两两正交、长度都是 `gain`，也就是
#
# $$W^\top W = \text{gain}^2\, I.$$
#
# 行数少于列数时，则是各行正交：$W W^\top = \text{gain}^2 I$。
# <!-- en -->
# ## 8. Orthogonal and Identity
#
# These two do not draw independent values one by one; they produce a whole structured matrix.
#
# `Orthogonal(gain)` samples a random matrix, turns it into an **orthogonal** matrix with a QR
# decomposition and multiplies by `gain`. For a kernel $W$ with at least as many rows as columns
# (say 256×128), the columns are mutually orthogonal and each has length `gain`, that is
#
# $$W^\top W = \text{gain}^2\, I.$$
#
# With fewer rows than columns it is the rows instead: $W W^\top = \text{gain}^2 I$.

# %%
gain = 1.5
tall = sample(keras.initializers.Orthogonal(gain=gain, seed=SEED), (256, 128))
wide = sample(keras.initializers.Orthogonal(gain=gain, seed=SEED), (128, 256))
kt.verify_close(kt.pick("256×128 的核满足 WᵀW = gain²·I", "the 256×128 kernel satisfies WᵀW = gain²·I"), tall.T @ tall, gain**2 * np.eye(128), rtol=0, atol=1e-4)
kt.verify_close(kt.pick("128×256 的核满足 WWᵀ = gain²·I", "the 128×256 kernel satisfies WWᵀ = gain²·I"), wide @ wide.T, gain**2 * np.eye(128), rtol=0, atol=1e-4)

# %% [markdown]
# <!-- zh -->
# `Identity(gain)` 给出单位矩阵乘以 `gain`。文档 002 的示例把它用在 784 → 512 的 Dense 层上，
# 这是一个不是方阵的核：今天的 Keras 接受它，对角线上是 `gain`，其余都是 0。单位矩阵只对二维的核有意义，
# 用在卷积核上会报错。
# <!-- en -->
# `Identity(gain)` gives the identity matrix times `gain`. Document 002 uses it on the 784 → 512 Dense
# layer, whose kernel is not square: today's Keras accepts that, with `gain` on the diagonal and 0
# elsewhere. An identity only makes sense for a 2-D kernel; on a convolution kernel it is an error.

# %%
identity = sample(keras.initializers.Identity(gain=2.0), dense_kernel)
kt.verify_equal(kt.pick("784×512 的 Identity(gain=2) 等于 2 乘以矩形单位矩阵",
                        "a 784×512 Identity(gain=2) is 2 times the rectangular identity"),
                identity, 2.0 * np.eye(784, 512, dtype=identity.dtype))

with kt.expect_error(ValueError):
    sample(keras.initializers.Identity(), conv_kernel)

# %% [markdown]
# <!-- zh -->
# ## 9. 动手试试：初始化器探索器
#
# 从下拉菜单里换初始化器、mode 和分布，拖动滑块改 fan_in、fan_out 和 scale，看直方图、理论密度和
# 代入数字后的公式一起变化。（在没有前端的环境里运行时，这里会留下初始状态的静态图。）
# <!-- en -->
# ## 9. Try it: the initializer explorer
#
# Pick the initializer, mode and distribution from the menus and move the sliders for fan_in,
# fan_out and scale: the histogram, the theoretical density and the formula with its numbers change
# together. (When the notebook runs without a front end, a static picture of the initial state is
# left here.)

# %%
from kerastutor.widgets import initializer_explorer

initializer_explorer(initializer="he_normal", fan_in=256, fan_out=128)

# %% [markdown]
# <!-- zh -->
# ## 10. 为什么初始化器的选择很重要
#
# 把 30 个宽度为 256 的 Dense 层（ReLU 激活，偏置为 0）叠起来，输入一批标准正态分布的数据，
# 记录每一层输出的均方值 $q_l$（也就是信号的“能量”）。对 ReLU 层有一个简单的递推：
#
# $$q_{l} = \tfrac{1}{2}\,\text{fan\_in}\cdot\operatorname{Var}(w)\cdot q_{l-1}$$
#
# 系数 $\tfrac12\,\text{fan\_in}\cdot\operatorname{Var}(w)$ 大于 1，信号逐层爆炸；小于 1，逐层消失；
# 只有等于 1 时才能保持。代入各个初始化器：
#
# | 初始化器 | $\operatorname{Var}(w)$ | 每层系数 |
# |---|---|---|
# | `RandomNormal(stddev=0.05)` | 0.0025 | 0.32 |
# | `glorot_uniform` | $2/(256+256)$ | 0.5 |
# | `he_normal` | $2/256$ | 1 |
# | `RandomNormal(stddev=0.15)` | 0.0225 | 2.88 |
#
# 下面实际跑一遍，把每一层测得的 $q_l$ 和递推公式的预测画在一起。
# <!-- en -->
# ## 10. Why the choice matters
#
# Stack 30 Dense layers of width 256 (ReLU activation, zero biases), feed them a batch of
# standard-normal data, and record the mean square $q_l$ of each layer's output — the signal's
# "energy". For ReLU layers there is a simple recursion:
#
# $$q_{l} = \tfrac{1}{2}\,\text{fan\_in}\cdot\operatorname{Var}(w)\cdot q_{l-1}$$
#
# If the factor $\tfrac12\,\text{fan\_in}\cdot\operatorname{Var}(w)$ is above 1 the signal explodes
# layer after layer; below 1 it vanishes; only at 1 does it hold steady. For each initializer:
#
# | initializer | $\operatorname{Var}(w)$ | factor per layer |
# |---|---|---|
# | `RandomNormal(stddev=0.05)` | 0.0025 | 0.32 |
# | `glorot_uniform` | $2/(256+256)$ | 0.5 |
# | `he_normal` | $2/256$ | 1 |
# | `RandomNormal(stddev=0.15)` | 0.0225 | 2.88 |
#
# Below the stack actually runs, and each layer's measured $q_l$ is plotted against the recursion's
# prediction.

# %%
depth, width = 30, 256
# zh: 每一层用自己的种子（SEED + i）：同一个种子会让 30 层的权重矩阵一模一样
# en: each layer gets its own seed (SEED + i): one shared seed would make all 30 matrices identical
candidates = {
    "RandomNormal(0.05)": (lambda i: keras.initializers.RandomNormal(stddev=0.05, seed=SEED + i), 0.05**2),
    "glorot_uniform": (lambda i: keras.initializers.GlorotUniform(seed=SEED + i), 2 / (width + width)),
    "he_normal": (lambda i: keras.initializers.HeNormal(seed=SEED + i), 2 / width),
    "RandomNormal(0.15)": (lambda i: keras.initializers.RandomNormal(stddev=0.15, seed=SEED + i), 0.15**2),
}
x0 = np.random.default_rng(SEED).standard_normal((512, width)).astype("float32")
measured, predicted = {}, {}
for name, (make, variance) in candidates.items():
    stack = keras.Sequential([keras.Input(shape=(width,))] + [
        keras.layers.Dense(width, activation="relu", kernel_initializer=make(i)) for i in range(depth)])
    extractor = keras.Model(stack.inputs, [layer.output for layer in stack.layers])
    outputs = extractor.predict(x0, verbose=0)
    measured[name] = np.array([np.mean(np.square(out)) for out in outputs])
    factor = 0.5 * width * variance
    predicted[name] = np.mean(np.square(x0)) * factor ** np.arange(1, depth + 1)
    print(f"{name:<20} {kt.pick('每层系数', 'factor per layer')} {factor:5.2f}   "
          f"q_1 = {measured[name][0]:.3g}   q_{depth} = {measured[name][-1]:.3g}")

# %%
fig, ax = plt.subplots(figsize=(7, 4))
layers_axis = np.arange(1, depth + 1)
for name in candidates:
    line, = ax.semilogy(layers_axis, measured[name], "o-", ms=3, label=name)
    ax.semilogy(layers_axis, predicted[name], "--", color=line.get_color(), lw=1)
ax.set_xlabel(kt.pick("层", "layer"))
ax.set_ylabel(kt.pick("输出的均方值 q（对数坐标）", "mean square of the output, q (log scale)"))
ax.set_title(kt.pick("30 层 ReLU 网络中的信号：实测（点）与递推预测（虚线）",
                     "Signal through 30 ReLU layers: measured (dots) vs the recursion (dashed)"), fontsize=10)
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# 核验图上看到的三件事：he_normal 让信号在 30 层后基本保持原样；glorot_uniform 和小的 RandomNormal
# 让它消失了好几个数量级；大的 RandomNormal 让它爆炸。并且每条实测曲线都和递推预测相差不到半个数量级。
# <!-- en -->
# The checks below confirm three things the plot shows: after 30 layers he_normal keeps the signal
# about where it started; glorot_uniform and the small RandomNormal make it vanish by orders of
# magnitude; the large RandomNormal makes it explode. And every measured curve stays within half an
# order of magnitude of the recursion's prediction.

# %%
q0 = np.mean(np.square(x0))
kt.verify_true(kt.pick("he_normal：30 层后 q 仍在初始值的 1/3 到 3 倍之间",
                       "he_normal: after 30 layers q is still between 1/3 and 3 times its start"),
               q0 / 3 < measured["he_normal"][-1] < 3 * q0)
kt.verify_true(kt.pick("glorot_uniform：30 层后 q 缩小到原来的万分之一以下",
                       "glorot_uniform: after 30 layers q has shrunk below 1/10 000 of its start"),
               measured["glorot_uniform"][-1] < q0 * 1e-4)
kt.verify_true(kt.pick("RandomNormal(0.15)：30 层后 q 放大了一百万倍以上",
                       "RandomNormal(0.15): after 30 layers q has grown more than a million times"),
               measured["RandomNormal(0.15)"][-1] > q0 * 1e6)
for name in candidates:
    gap = np.max(np.abs(np.log10(measured[name]) - np.log10(predicted[name])))
    kt.verify_true(kt.pick(f"{name}：实测与预测最多相差 {gap:.2f} 个数量级（< 0.5）",
                           f"{name}: measured and predicted q differ by at most {gap:.2f} orders of magnitude (< 0.5)"),
                   gap < 0.5)

# %% [markdown]
# <!-- zh -->
# 所以对 ReLU 网络，默认的 `glorot_uniform` 并不是好选择，应该用 `he_normal` 或 `he_uniform`；
# 对 tanh、sigmoid 这类在 0 附近近似线性、不会砍掉一半信号的激活函数，glorot 的假设更合适。
#
# ## 小结
#
# - 初始化器通过 `kernel_initializer` / `bias_initializer` 指定；Dense 默认用 `glorot_uniform` 和 `zeros`。
#   同一个初始化器对象每次调用给出相同的值。
# - `fan_in`、`fan_out` 对 Dense 核就是输入、输出宽度；对卷积核还要乘上窗口大小。
# - `VarianceScaling`：$\operatorname{Var}(w) = \text{scale}/n$，正态 $\text{stddev}=\sqrt{\text{scale}/n}$，
#   均匀 $\text{limit}=\sqrt{3\,\text{scale}/n}$；lecun、glorot、he 是它的特例。
# - Keras 3 的 `"normal"` 是截断正态分布，标准差仍是 $\sqrt{\text{scale}/n}$，但值不会超过 ±2×参数；
#   `TruncatedNormal(stddev)` 则不做修正，标准差只有 0.88×stddev。
# - Orthogonal 满足 $W^\top W = \text{gain}^2 I$；Identity 只用于二维核。
# - 对 ReLU 网络用 he 初始化器，信号才能穿过很深的网络。
#
# 练习：`exercises/zh/02_initializers.ipynb`。下一课：**第 3 课　约束和正则化器**。
# <!-- en -->
# So for ReLU networks the default `glorot_uniform` is not a good choice: use `he_normal` or
# `he_uniform`. For activations such as tanh and sigmoid, which are nearly linear around 0 and do
# not cut half of the signal away, glorot's assumption fits better.
#
# ## Summary
#
# - An initializer is given through `kernel_initializer` / `bias_initializer`; Dense defaults to
#   `glorot_uniform` and `zeros`. One initializer object gives the same values on every call.
# - `fan_in` and `fan_out` are the input and output widths for a Dense kernel; for a convolution
#   kernel both are multiplied by the window size.
# - `VarianceScaling`: $\operatorname{Var}(w) = \text{scale}/n$, normal $\text{stddev}=\sqrt{\text{scale}/n}$,
#   uniform $\text{limit}=\sqrt{3\,\text{scale}/n}$; lecun, glorot and he are special cases.
# - Keras 3's `"normal"` is a truncated normal distribution whose standard deviation is still
#   $\sqrt{\text{scale}/n}$ but whose values never pass ±2× its parameter; `TruncatedNormal(stddev)`
#   makes no such correction, and its standard deviation is only 0.88×stddev.
# - Orthogonal satisfies $W^\top W = \text{gain}^2 I$; Identity is for 2-D kernels only.
# - Use a he initializer for ReLU networks, so that the signal makes it through a deep stack.
#
# Exercise: `exercises/en/02_initializers.ipynb`. Next: **Lesson 3 · Constraints and regularizers**.
