# %% [markdown]
# <!-- zh -->
# # 第 3 课　约束和正则化器
#
# 初始化器决定权重从哪里出发；训练开始以后，还有两样东西管着权重：**约束**在每次更新之后把权重
# 拉回允许的范围，**正则化器**在损失里加一个惩罚项，让优化器自己去避开过大的权重。
# 这一课把它们逐个拆开：先在一个小矩阵上手算，再和 Keras 的结果比较，最后看它们在训练中的表现。
#
# 学完后你能够：
# - 写出 NonNeg、UnitNorm、MaxNorm、MinMaxNorm 的投影公式，说清 `axis` 和 `rate` 的含义；
# - 手算 L1、L2、L1L2 惩罚项，并找到它们在 `model.losses` 和 `fit` 的损失里的位置；
# - 区分 `kernel_regularizer`、`bias_regularizer`、`activity_regularizer`，会用 `ActivityRegularization` 层。
#
# 对应原文：文档 002 的 Constraints、Regularizers 两节，文档 001 的 ActivityRegularization 层。
# <!-- en -->
# # Lesson 3 · Constraints and regularizers
#
# The initializer decides where the weights start. Once training runs, two more things keep an eye
# on them: a **constraint** pulls the weights back into an allowed set after every update, and a
# **regularizer** adds a penalty to the loss so that the optimizer itself steers away from large
# weights. This lesson takes them apart one by one: worked out by hand on a small matrix, compared
# with Keras, then watched during training.
#
# By the end you will be able to:
# - write down the projections of NonNeg, UnitNorm, MaxNorm and MinMaxNorm, and say what `axis` and
#   `rate` mean;
# - compute L1, L2 and L1L2 penalties by hand and find them in `model.losses` and in `fit`'s loss;
# - tell `kernel_regularizer`, `bias_regularizer` and `activity_regularizer` apart, and use the
#   `ActivityRegularization` layer.
#
# Follows: document 002, sections Constraints and Regularizers; document 001, the
# ActivityRegularization layer.

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

# %% [markdown]
# <!-- zh -->
# ## 1. 约束：每次更新之后的一次投影
#
# 约束是一个函数：输入一个权重张量，返回一个“合规”的权重张量。Keras 在优化器每更新一次权重之后
# 调用它，把结果写回权重。所以约束不参与梯度计算，也不改变损失；它只是在每一步之后把权重
# 投影回允许的集合。文档 002 介绍了四种：
#
# | 约束 | 允许的集合 |
# |---|---|
# | `NonNeg()` | 所有权重 ≥ 0 |
# | `UnitNorm(axis=0)` | 每个向量的 L2 范数 = 1 |
# | `MaxNorm(max_value=2, axis=0)` | 每个向量的 L2 范数 ≤ `max_value` |
# | `MinMaxNorm(min_value=0, max_value=1, rate=1, axis=0)` | 每个向量的 L2 范数在 `[min_value, max_value]` 里 |
#
# 下面用一个 4×3 的小矩阵 `W` 当作 Dense 层的核：4 个输入，3 个神经元。第 j 列就是连到第 j 个
# 神经元的全部权重。先算出每一列的 L2 范数，后面每个约束都拿它做对照。
# <!-- en -->
# ## 1. A constraint: one projection after every update
#
# A constraint is a function: it takes a weight tensor and returns a weight tensor that obeys the
# rule. Keras calls it after each optimizer update and writes the result back into the weight. So a
# constraint takes no part in the gradient and does not change the loss; after every step it simply
# projects the weights back into the allowed set. Document 002 introduces four:
#
# | constraint | allowed set |
# |---|---|
# | `NonNeg()` | every weight ≥ 0 |
# | `UnitNorm(axis=0)` | every vector has L2 norm 1 |
# | `MaxNorm(max_value=2, axis=0)` | every vector has L2 norm ≤ `max_value` |
# | `MinMaxNorm(min_value=0, max_value=1, rate=1, axis=0)` | every vector has an L2 norm in `[min_value, max_value]` |
#
# Below, a small 4×3 matrix `W` plays the kernel of a Dense layer: 4 inputs, 3 units. Column j holds
# every weight feeding unit j. First the L2 norm of each column; every constraint is compared
# against it.

# %%
W = np.array([[0.9, -0.2, 1.5],
              [-1.2, 0.1, 0.5],
              [0.4, -0.3, -2.0],
              [0.8, 0.2, 1.0]], dtype="float32")


def column_norms(w):
    # zh: 沿 axis=0 求和：每一列（每个神经元）一个范数
    # en: summed over axis=0: one norm per column (per unit)
    return np.sqrt(np.sum(w**2, axis=0))


EPS = keras.config.epsilon()
print(kt.pick("每列的 L2 范数：", "L2 norm of each column:"), column_norms(W).round(4))
print(kt.pick("Keras 的 epsilon：", "Keras's epsilon:"), EPS)

# %% [markdown]
# <!-- zh -->
# 三列的范数约为 1.75、0.42、2.74：一列居中，一列偏小，一列偏大，正好能看出每个约束对不同情况的处理。
# Keras 在除以范数的地方都加了一个很小的 `epsilon`（$10^{-7}$），防止除以 0；下面手算时也照样加上。
#
# 约束对象可以像函数一样直接调用：
# <!-- en -->
# The three column norms are about 1.75, 0.42 and 2.74: one in the middle, one small, one large,
# which shows how each constraint treats each case. Wherever Keras divides by a norm it adds a tiny
# `epsilon` ($10^{-7}$) to avoid dividing by zero; the hand computations below do the same.
#
# A constraint object can be called like a function:

# %%
def apply(constraint, w):
    return keras.ops.convert_to_numpy(constraint(w))


print(apply(keras.constraints.NonNeg(), W))

# %% [markdown]
# <!-- zh -->
# ## 2. NonNeg：把负权重变成 0
#
# $$w' = \max(w, 0)$$
#
# 逐元素取最大值，非负的权重原样保留。
# <!-- en -->
# ## 2. NonNeg: negative weights become 0
#
# $$w' = \max(w, 0)$$
#
# An element-wise maximum; weights that are already non-negative stay as they are.

# %%
by_hand = np.maximum(W, 0)
kt.verify_close("NonNeg(W) = max(W, 0)", apply(keras.constraints.NonNeg(), W), by_hand, rtol=0)
kt.verify_true(kt.pick("NonNeg 之后所有权重都 ≥ 0", "after NonNeg every weight is ≥ 0"),
               apply(keras.constraints.NonNeg(), W).min() >= 0)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 002 的 NonNeg 示例根本没有用到 NonNeg。它导入的是 `initializers`，创建的是
# > `initializers.Identity(gain = 1.0)`，把它当作 `kernel_initializer` 传给 Dense；全段没有
# > `kernel_constraint`，紧接着的说明却是“kernel_constraint 表示层中要使用的约束”。
# > 此外，`my_init = …` 和 `model.add(` 挤在同一行，而且 `model` 从没创建过，这段代码连语法检查都通不过。
# > 恒等初始化器只让权重**一开始**是 0 或 1，训练一步之后就会出现负数。
# <!-- en -->
# > **Erratum** Document 002's NonNeg sample never uses NonNeg. It imports `initializers`, creates
# > `initializers.Identity(gain = 1.0)` and hands it to Dense as `kernel_initializer`; there is no
# > `kernel_constraint` anywhere, yet the explanation below it reads "kernel_constraint is the
# > constraint the layer uses". Besides, `my_init = …` and `model.add(` share one line and `model` is
# > never created, so the code does not even pass Python's syntax check. The identity initializer
# > only makes the weights 0 or 1 **at the start**; one training step later some are negative.

# %%
DOC_002_NONNEG = """\
from keras.models import Sequential
from keras.layers import Activation, Dense
from keras import initializers

my_init = initializers.Identity(gain = 1.0) model.add(
   Dense(512, activation = 'relu', input_shape = (784,),
   kernel_initializer = my_init)
)
"""
with kt.expect_error(SyntaxError):
    compile(DOC_002_NONNEG, "<document 002>", "exec")

# %% [markdown]
# <!-- zh -->
# 就算把语法改好、补上模型，它也只是一个用恒等初始化器的层：没有约束，训练一步就出现负权重。
# 我们用随机数据训练一步来看。
# <!-- en -->
# Even with the syntax repaired and a model added, it is just a layer with an identity initializer:
# no constraint, and one training step produces negative weights. One step on random data shows it.

# %%
rng = np.random.default_rng(SEED)
x_784 = rng.normal(size=(64, 784)).astype("float32")
y_512 = rng.normal(size=(64, 512)).astype("float32")


def one_step_min_weight(kernel_constraint):
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu", kernel_initializer=keras.initializers.Identity(gain=1.0),
                           kernel_constraint=kernel_constraint),
    ])
    start = model.layers[0].kernel.numpy().min()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.train_on_batch(x_784, y_512)
    return start, model.layers[0].kernel.numpy().min()


start, after = one_step_min_weight(kernel_constraint=None)
print(kt.pick("文档的写法：初始最小权重", "the document's sample: smallest weight at the start"), start,
      kt.pick("，一步之后", ", after one step"), f"{after:.4f}")
with kt.expect_error(AssertionError):
    kt.verify_true(kt.pick("没有约束时，一步之后权重仍然都 ≥ 0", "without a constraint the weights are still ≥ 0 after a step"),
                   after >= 0)

# %% [markdown]
# <!-- zh -->
# 正确的写法是把 `NonNeg()` 传给 `kernel_constraint`（初始化器可以照旧，也可以不用）：
# <!-- en -->
# The right form passes `NonNeg()` as `kernel_constraint` (the initializer may stay, or go):

# %%
start, after = one_step_min_weight(kernel_constraint=keras.constraints.NonNeg())
print(kt.pick("kernel_constraint=NonNeg()：一步之后最小权重", "kernel_constraint=NonNeg(): smallest weight after one step"),
      f"{after:.4f}")
kt.verify_true(kt.pick("有 NonNeg 约束时，一步之后权重都 ≥ 0", "with NonNeg the weights are ≥ 0 after a step"), after >= 0)

# %% [markdown]
# <!-- zh -->
# ## 3. UnitNorm：每个神经元的权重向量长度为 1
#
# $$w'_{:,j} = \frac{w_{:,j}}{\epsilon + \lVert w_{:,j} \rVert_2}$$
#
# 每一列除以自己的范数，于是每一列的范数都变成 1（只差一个 epsilon），方向不变。
# <!-- en -->
# ## 3. UnitNorm: each unit's weight vector has length 1
#
# $$w'_{:,j} = \frac{w_{:,j}}{\epsilon + \lVert w_{:,j} \rVert_2}$$
#
# Each column is divided by its own norm, so every column ends up with norm 1 (up to epsilon) and
# keeps its direction.

# %%
by_hand = W / (EPS + column_norms(W))
unit = apply(keras.constraints.UnitNorm(axis=0), W)
kt.verify_close(kt.pick("UnitNorm(W) 与手算的结果一致", "UnitNorm(W) matches the hand computation"), unit, by_hand, rtol=1e-6)
kt.verify_close(kt.pick("UnitNorm 之后每列的范数都是 1", "after UnitNorm every column norm is 1"), column_norms(unit), np.ones(3), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 文档 002 从 UnitNorm 开始的示例都在第一层写 `input_shape = (784,)`。
#
# > **版本变化（Keras 3）** 在层里写 `input_shape=` 仍然能运行，但 Keras 3 会发出警告，
# > 建议在模型最前面放 `keras.Input(shape=(784,))`（见**第 1 课　模型和层**）。下面先原样运行文档的 UnitNorm 示例，
# > 再用今天的写法；本课后面的代码都用 `keras.Input`。
# <!-- en -->
# From UnitNorm on, document 002's samples write `input_shape = (784,)` on the first layer.
#
# > **Changed in Keras 3** Passing `input_shape=` to a layer still runs, but Keras 3 warns and
# > recommends a `keras.Input(shape=(784,))` at the front of the model (see
# > **Lesson 1 · Models and layers**). First document 002's UnitNorm sample as written, then
# > today's form; the rest of this lesson uses `keras.Input`.

# %%
from keras import constraints
from keras.layers import Dense
from keras.models import Sequential

with kt.expect_warning(UserWarning, match="input_shape"):
    my_constrain = constraints.UnitNorm(axis=0)
    model = Sequential()
    model.add(Dense(512, activation="relu", input_shape=(784,), kernel_constraint=my_constrain))

# %%
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(512, activation="relu", kernel_constraint=keras.constraints.UnitNorm(axis=0)),
])
print(model.layers[0].kernel_constraint.get_config())

# %% [markdown]
# <!-- zh -->
# ## 4. MaxNorm：范数超过上限就缩回上限
#
# $$w'_{:,j} = w_{:,j} \cdot \frac{\min(\lVert w_{:,j} \rVert_2,\ \text{max\_value})}{\epsilon + \lVert w_{:,j} \rVert_2}$$
#
# 范数不超过 `max_value` 的列几乎不动（只差 epsilon 带来的 $10^{-7}$ 量级），超过的列按比例缩短，
# 正好缩到 `max_value`。`W` 的三列范数约为 1.75、0.42、2.74，用默认的 `max_value=2`，
# 只有第三列会被缩短。
# <!-- en -->
# ## 4. MaxNorm: a norm above the cap is shrunk to the cap
#
# $$w'_{:,j} = w_{:,j} \cdot \frac{\min(\lVert w_{:,j} \rVert_2,\ \text{max\_value})}{\epsilon + \lVert w_{:,j} \rVert_2}$$
#
# Columns whose norm is at most `max_value` barely move (only by the $10^{-7}$ that epsilon brings);
# longer ones are scaled down to exactly `max_value`. `W`'s column norms are about 1.75, 0.42 and
# 2.74, so with the default `max_value=2` only the third column is shortened.

# %%
n = column_norms(W)
by_hand = W * (np.minimum(n, 2.0) / (EPS + n))
capped = apply(keras.constraints.MaxNorm(max_value=2, axis=0), W)
kt.verify_close(kt.pick("MaxNorm(2)(W) 与手算的结果一致", "MaxNorm(2)(W) matches the hand computation"), capped, by_hand, rtol=1e-6)
kt.verify_close(kt.pick("MaxNorm(2) 之后，只有第三列的范数变成了 2", "after MaxNorm(2) only the third column norm has become 2"), column_norms(capped),
                [n[0], n[1], 2.0], rtol=1e-6)
kt.verify_close(kt.pick("没超上限的两列几乎不变", "the two columns under the cap are almost unchanged"),
                capped[:, :2], W[:, :2], rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ### `axis`：沿哪个轴求范数
#
# 文档 002 对 `axis` 的解释是“要应用约束的维度”，并举例说在形状 `(2,3,4)` 里 axis 0 表示第一维。
# 更准确的说法是：`axis` 是**求范数时被加起来的那个轴**。这个轴被“消掉”，剩下的每个位置各有一个范数，
# 约束分别作用在每个范数上。
#
# - Dense 的核形状是 `(输入数, 神经元数)`，`axis=0` 把同一列的输入权重加在一起：**每个神经元一个范数**。
#   这正是 max-norm 正则化想要的效果，也是默认值。
# - `axis=1` 则是每个**输入**一个范数（每一行），意思完全不同。
# - 以文档里的 `(2, 3, 4)` 为例：`axis=0` 得到 3×4 = 12 个范数，每个由 2 个数算出；
#   卷积核 `(高, 宽, 输入通道, 输出通道)` 常用 `axis=[0, 1, 2]`，每个输出通道（每个卷积核）一个范数。
# <!-- en -->
# ### `axis`: which axis the norm runs along
#
# Document 002 explains `axis` as "the dimension the constraint is applied to", with the example that
# in shape `(2,3,4)` axis 0 is the first dimension. More precisely, `axis` is **the axis summed over
# when the norm is taken**. That axis disappears; every remaining position gets its own norm, and
# the constraint acts on each of those norms separately.
#
# - A Dense kernel has shape `(inputs, units)`; `axis=0` adds up the incoming weights of one column:
#   **one norm per unit**. That is what max-norm regularization is about, and it is the default.
# - `axis=1` gives one norm per **input** (per row), which means something else entirely.
# - With the document's `(2, 3, 4)`: `axis=0` gives 3×4 = 12 norms, each from 2 numbers; a
#   convolution kernel `(height, width, in_channels, out_channels)` usually takes `axis=[0, 1, 2]`,
#   one norm per output channel (per filter).

# %%
rows_capped = apply(keras.constraints.MaxNorm(max_value=1.5, axis=1), W)
row_norms = np.sqrt(np.sum(rows_capped**2, axis=1))
print(kt.pick("axis=1，max_value=1.5 之后每行的范数：", "row norms after axis=1, max_value=1.5:"), row_norms.round(4))
kt.verify_true(kt.pick("axis=1 时每一行的范数 ≤ 1.5", "with axis=1 every row norm is ≤ 1.5"), row_norms.max() <= 1.5 + 1e-6)

T = rng.normal(size=(2, 3, 4)).astype("float32") * 3
for axis, expected_norms in [(0, 12), (1, 8), (2, 6), ([0, 1, 2], 1), ([0, 1], 4)]:
    out = apply(keras.constraints.MaxNorm(max_value=1.0, axis=axis), T)
    norms = np.sqrt(np.sum(out**2, axis=tuple(np.atleast_1d(axis)), keepdims=True))
    kt.verify_true(kt.pick(f"形状 (2, 3, 4)、axis={axis} 时有 {norms.size} 个范数，都 ≤ 1",
                           f"shape (2, 3, 4) with axis={axis} has {norms.size} norm(s), all ≤ 1"),
                   norms.size == expected_norms and norms.max() <= 1 + 1e-6)

# %% [markdown]
# <!-- zh -->
# ## 5. MinMaxNorm：把范数拉进一个区间，`rate` 决定拉多少
#
# $$\text{desired} = \text{rate} \cdot \operatorname{clip}(\lVert w \rVert,\ \text{min},\ \text{max}) + (1 - \text{rate}) \cdot \lVert w \rVert,
# \qquad w' = w \cdot \frac{\text{desired}}{\epsilon + \lVert w \rVert}$$
#
# 文档 002 说 `rate` 是“应用权重约束的速率”。从公式看得更清楚：`rate=1` 一步就把范数放进区间；
# `rate<1` 每步只走 `rate` 那么多的路，新范数是“区间里最近的值”和“原来的范数”的加权平均。
# 下面取 `min_value=0.5`、`max_value=2`：偏小的第二列被放大到 0.5，偏大的第三列被缩到 2，中间的第一列不动。
# <!-- en -->
# ## 5. MinMaxNorm: pull the norm into an interval; `rate` says how far
#
# $$\text{desired} = \text{rate} \cdot \operatorname{clip}(\lVert w \rVert,\ \text{min},\ \text{max}) + (1 - \text{rate}) \cdot \lVert w \rVert,
# \qquad w' = w \cdot \frac{\text{desired}}{\epsilon + \lVert w \rVert}$$
#
# Document 002 calls `rate` "the rate at which the weight constraint is applied". The formula is
# clearer: `rate=1` puts the norm into the interval in one go; `rate<1` covers only that fraction of
# the way on each step, so the new norm is a weighted average of "the nearest value in the
# interval" and "the old norm". Below, `min_value=0.5` and `max_value=2`: the short second column is
# stretched to 0.5, the long third one shrunk to 2, and the first one in between is left alone.

# %%
def min_max_by_hand(w, lo, hi, rate):
    n = column_norms(w)
    desired = rate * np.clip(n, lo, hi) + (1 - rate) * n
    return w * (desired / (EPS + n))


for rate in (1.0, 0.5):
    keras_out = apply(keras.constraints.MinMaxNorm(min_value=0.5, max_value=2.0, rate=rate, axis=0), W)
    kt.verify_close(kt.pick(f"MinMaxNorm(0.5, 2, rate={rate}) 与手算的结果一致", f"MinMaxNorm(0.5, 2, rate={rate}) matches the hand computation"),
                    keras_out, min_max_by_hand(W, 0.5, 2.0, rate), rtol=1e-6)
    print("   ", kt.pick("每列的范数：", "column norms:"), column_norms(keras_out).round(4))

half = apply(keras.constraints.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.5, axis=0), W)
kt.verify_close(kt.pick("rate=0.5 时，每列的新范数是原范数和截到区间里的范数的平均",
                        "with rate=0.5 each new norm is the mean of the old norm and the clipped one"),
                column_norms(half), 0.5 * np.clip(n, 0.5, 2.0) + 0.5 * n, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 文档的示例 `MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0)` 下限是 0，其实就是 `MaxNorm(1.0)`；
# 反过来，`MinMaxNorm(1, 1)` 就是 `UnitNorm()`。这四个约束里，三个基于范数的都是同一个公式的特例。
# <!-- en -->
# The document's example `MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0)` has a lower bound of
# 0, so it is just `MaxNorm(1.0)`; in the other direction, `MinMaxNorm(1, 1)` is `UnitNorm()`. Of the
# four constraints, the three based on norms are special cases of one formula.

# %%
kt.verify_close("MinMaxNorm(0, 1) = MaxNorm(1)",
                apply(keras.constraints.MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0), W),
                apply(keras.constraints.MaxNorm(max_value=1.0, axis=0), W), rtol=1e-6)
kt.verify_close("MinMaxNorm(1, 1) = UnitNorm()",
                apply(keras.constraints.MinMaxNorm(min_value=1.0, max_value=1.0), W),
                apply(keras.constraints.UnitNorm(), W), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 6. 约束在训练中：每一步之后都投影一次
#
# 前面都是把约束直接作用在一个矩阵上。在层里，约束由优化器在每次更新之后调用。
# 下面训练三个一样的 Dense 层去拟合一个权重很大的线性映射：一个不加约束，一个用 `MaxNorm(2.0)`，
# 一个用 `UnitNorm()`，并用回调记下每一步之后核的最大列范数。初始的列范数约为 1.5。
# <!-- en -->
# ## 6. Constraints in training: a projection after every step
#
# So far the constraints were applied to a matrix directly. Inside a layer, the optimizer calls the
# constraint after every update. Below, three identical Dense layers learn a linear map with large
# weights: one without a constraint, one with `MaxNorm(2.0)`, one with `UnitNorm()`. A callback
# records the kernel's largest column norm after every step. The column norms start at about 1.5.

# %%
STEPS = 40 if FAST else 120
x_train = rng.normal(size=(32 * STEPS, 8)).astype("float32")
y_train = x_train @ (3.0 * rng.normal(size=(8, 4))).astype("float32")


def norms_per_step(kernel_constraint, learning_rate=0.02, kernel_initializer="glorot_uniform", steps=STEPS):
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential([keras.Input(shape=(8,)),
                              keras.layers.Dense(4, kernel_initializer=kernel_initializer,
                                                 kernel_constraint=kernel_constraint)])
    kernel = model.layers[0].kernel
    history = [column_norms(kernel.numpy())]
    record = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: history.append(column_norms(kernel.numpy())))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    model.fit(x_train[:32 * steps], y_train[:32 * steps], batch_size=32, epochs=1, shuffle=False,
              verbose=0, callbacks=[record])
    return np.array(history)


free = norms_per_step(None)
capped = norms_per_step(keras.constraints.MaxNorm(2.0))
unit = norms_per_step(keras.constraints.UnitNorm())

print(kt.pick("最后一步的最大列范数：", "largest column norm at the last step:"),
      kt.pick("无约束", "none"), f"{free[-1].max():.3f}", "| MaxNorm(2)", f"{capped[-1].max():.3f}",
      "| UnitNorm", f"{unit[-1].max():.3f}")
kt.verify_true(kt.pick("不加约束时，列范数会长到 2 以上", "without a constraint the column norms grow past 2"),
               free[-1].max() > 2.5)
kt.verify_true(kt.pick("MaxNorm(2)：每一步之后所有列范数 ≤ 2", "MaxNorm(2): after every step every column norm is ≤ 2"),
               capped[1:].max() <= 2 + 1e-5)
kt.verify_true(kt.pick("MaxNorm(2)：碰到上限之前，它和无约束的走法一样", "MaxNorm(2): until it reaches the cap, it moves like the free one"),
               np.allclose(capped[:3], free[:3], rtol=1e-5) and capped.max() > 1.99)
kt.verify_close(kt.pick("UnitNorm：每一步之后所有列范数 = 1", "UnitNorm: after every step every column norm is 1"),
                unit[1:], np.ones_like(unit[1:]), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# `rate` 的作用在训练中最容易看清。把学习率设为 0，梯度更新什么也不做，每一步只剩约束在起作用。
# 权重初始范数约为 2.8（标准差为 1 的正态分布，8 个输入），`MinMaxNorm(0.5, 1.0, rate)` 每步把超出上限的部分
# 去掉 `rate` 那么多，所以第 t 步之后
#
# $$\lVert w_t \rVert = 1 + (1 - \text{rate})^t\,(\lVert w_0 \rVert - 1)$$
#
# 也就是说，超出上限的部分按几何级数衰减。下面逐步核验这个公式，再把两个实验画出来。
# <!-- en -->
# `rate` is easiest to see in training. With a learning rate of 0 the gradient update does nothing,
# and all that acts on each step is the constraint. The weights start with norms of about 2.8 (a
# normal distribution with standard deviation 1, 8 inputs); `MinMaxNorm(0.5, 1.0, rate)` removes the
# fraction `rate` of the excess over the cap on each step, so after step t
#
# $$\lVert w_t \rVert = 1 + (1 - \text{rate})^t\,(\lVert w_0 \rVert - 1)$$
#
# The excess decays geometrically. Below, the formula is verified step by step, then both
# experiments are plotted.

# %%
big_start = keras.initializers.RandomNormal(stddev=1.0)
rates = (1.0, 0.5, 0.2)
slow = {rate: norms_per_step(keras.constraints.MinMaxNorm(0.5, 1.0, rate=rate), learning_rate=0.0,
                             kernel_initializer=big_start, steps=15) for rate in rates}
for rate, history in slow.items():
    t = np.arange(len(history))[:, None]
    formula = 1 + (1 - rate) ** t * (history[0] - 1)
    kt.verify_close(kt.pick(f"rate={rate}：每一步的列范数符合几何衰减", f"rate={rate}: the column norms follow the geometric decay"),
                    history, formula, rtol=1e-5)

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
left.plot(free.max(axis=1), label=kt.pick("无约束", "no constraint"))
left.plot(capped.max(axis=1), label="MaxNorm(2.0)")
left.plot(unit.max(axis=1), "--", label="UnitNorm()")
left.axhline(2.0, color="gray", lw=0.8, ls=":")
left.set_xlabel(kt.pick("训练步数", "training step"))
left.set_ylabel(kt.pick("核的最大列范数", "largest column norm of the kernel"))
left.set_title(kt.pick("每一步之后都投影回允许的集合", "projected back after every step"))
left.legend()
for rate, history in slow.items():
    right.plot(history.max(axis=1), marker="o", ms=3, label=f"rate={rate}")
right.axhspan(0.5, 1.0, color="green", alpha=0.1, label=kt.pick("允许的区间 [0.5, 1]", "allowed [0.5, 1]"))
right.set_xlabel(kt.pick("训练步数（学习率 = 0）", "training step (learning rate = 0)"))
right.set_ylabel(kt.pick("最大列范数", "largest column norm"))
right.set_title(kt.pick("MinMaxNorm 的 rate：每步走多远", "MinMaxNorm's rate: how far each step goes"))
right.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# 左图：不加约束的核一路变大；加了 `MaxNorm(2.0)` 的核一开始和它走得一样，碰到 2 就被压住；
# `UnitNorm` 的核从第一步起就始终是 1。
# 右图：`rate=1` 一步到位，`rate=0.5` 和 `0.2` 则一步步靠近区间的上沿。
#
# ## 7. 正则化器：加进损失里的惩罚项
#
# 正则化器不直接改权重，而是算出一个数（惩罚项）加到损失里；优化器为了让总损失变小，自然会把权重压小。
# 文档 002 介绍了三种：
#
# $$\text{L1: } \ell_1 \sum_i |w_i| \qquad \text{L2: } \ell_2 \sum_i w_i^2 \qquad \text{L1L2: } \ell_1 \sum_i |w_i| + \ell_2 \sum_i w_i^2$$
#
# 正则化器也是可以直接调用的对象：输入权重，输出惩罚项。
# <!-- en -->
# Left: the unconstrained kernel keeps growing; the `MaxNorm(2.0)` kernel moves with it at first and
# is held down once it reaches 2; the `UnitNorm` kernel is at 1 from the first step on. Right:
# `rate=1` gets there in one step, while `rate=0.5` and `0.2` close in on the top of the interval
# step by step.
#
# ## 7. Regularizers: a penalty added to the loss
#
# A regularizer does not touch the weights. It computes a number, the penalty, which is added to
# the loss; to make the total loss small, the optimizer then keeps the weights small on its own.
# Document 002 introduces three:
#
# $$\text{L1: } \ell_1 \sum_i |w_i| \qquad \text{L2: } \ell_2 \sum_i w_i^2 \qquad \text{L1L2: } \ell_1 \sum_i |w_i| + \ell_2 \sum_i w_i^2$$
#
# A regularizer is also an object you can call: weights in, penalty out.

# %%
l1_hand = 0.01 * np.sum(np.abs(W))
l2_hand = 0.02 * np.sum(W**2)
print(f"Σ|w| = {np.sum(np.abs(W)):.4f}   Σw² = {np.sum(W**2):.4f}")
kt.verify_close("L1(0.01)(W) = 0.01·Σ|w|", float(keras.regularizers.L1(0.01)(W)), l1_hand, rtol=1e-6)
kt.verify_close("L2(0.02)(W) = 0.02·Σw²", float(keras.regularizers.L2(0.02)(W)), l2_hand, rtol=1e-6)
kt.verify_close("L1L2(0.01, 0.02)(W) = L1 + L2", float(keras.regularizers.L1L2(l1=0.01, l2=0.02)(W)),
                l1_hand + l2_hand, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 小写的 `l1`、`l2`、`l1_l2` 就是这几个类的别名，`keras.regularizers.l1(0.01)` 就是 `L1(0.01)`。
#
# > **勘误** 文档 002 的 L1 示例写的是 `regularizers.l1(0.)`，L2 示例是 `regularizers.l2(0.)`。
# > 系数为 0，惩罚项恒为 0，这两个正则化器什么也不做，演示不出任何东西。
# > 不写系数时 Keras 的默认值是 0.01。
# <!-- en -->
# The lower-case `l1`, `l2` and `l1_l2` are aliases of the same classes: `keras.regularizers.l1(0.01)`
# is `L1(0.01)`.
#
# > **Erratum** Document 002's L1 sample uses `regularizers.l1(0.)` and its L2 sample
# > `regularizers.l2(0.)`. With a factor of 0 the penalty is always 0: these regularizers do nothing
# > and show nothing. Without an argument, Keras's default factor is 0.01.

# %%
big = rng.normal(size=(784, 512)).astype("float32") * 10
with kt.expect_error(AssertionError):
    kt.verify_true(kt.pick("l1(0.) 对很大的权重也有惩罚", "l1(0.) penalises even very large weights"),
                   float(keras.regularizers.l1(0.0)(big)) > 0)
kt.verify_equal(kt.pick("l1(0.) 和 l2(0.) 的惩罚项都是 0", "l1(0.) and l2(0.) both give a penalty of 0"),
                (float(keras.regularizers.l1(0.0)(big)), float(keras.regularizers.l2(0.0)(big))), (0.0, 0.0))
kt.verify_close(kt.pick("默认的 l1() 系数为 0.01", "the default l1() factor is 0.01"),
                float(keras.regularizers.l1()(W)), 0.01 * np.sum(np.abs(W)), rtol=1e-6)
kt.verify_close(kt.pick("默认的 l2() 系数为 0.01", "the default l2() factor is 0.01"),
                float(keras.regularizers.l2()(W)), 0.01 * np.sum(W**2), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 002 在 L1 示例后说“kernel_regularizer 表示应用权重约束的速率”。这句话有两处错：
# > `kernel_regularizer` 接收的是一个正则化器对象（或名字），不是速率；它也不是约束，
# > 它不改动权重，只往损失里加惩罚项。速率（`rate`）是 MinMaxNorm 约束的参数，把两者混在了一起。
# > 下面把“正则化器会把权重投影回去”当作命题来检验：结果是假的。
# <!-- en -->
# > **Erratum** After the L1 sample, document 002 says "kernel_regularizer is the rate at which the
# > weight constraint is applied". That is wrong twice: `kernel_regularizer` takes a regularizer
# > object (or its name), not a rate; and it is not a constraint: it never changes the weights, it
# > only adds a penalty to the loss. The rate (`rate`) belongs to the MinMaxNorm constraint; the
# > sentence mixes the two up. Below, "a regularizer projects the weights back" is tested as a
# > claim: it is false.

# %%
layer = keras.layers.Dense(3, kernel_regularizer=keras.regularizers.L1(0.01))
layer.build((None, 4))
layer.kernel.assign(W)
print(kt.pick("kernel_regularizer 是：", "kernel_regularizer is:"), type(layer.kernel_regularizer).__name__,
      layer.kernel_regularizer.get_config())
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("正则化器把核投影回去了", "the regularizer projected the kernel"),
                    layer.kernel.numpy(), apply(keras.constraints.MaxNorm(1.0), W), rtol=1e-3)
kt.verify_close(kt.pick("核保持不变", "the kernel is unchanged"), layer.kernel.numpy(), W, rtol=0)
kt.verify_equal(kt.pick("layer.losses 里有一个惩罚项", "layer.losses holds one penalty"), len(layer.losses), 1)
kt.verify_close(kt.pick("这个惩罚项等于 0.01·Σ|w|", "the penalty is 0.01·Σ|w|"), float(layer.losses[0]),
                0.01 * np.sum(np.abs(W)), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 002 标题为“L1 and L2 Regularizer”的示例用的仍是 `regularizers.l2(0.)`，
# > 和上一个 L2 示例一模一样，根本没有 L1 部分。同时含 L1 和 L2 的正则化器是
# > `regularizers.l1_l2(l1=…, l2=…)`（即 `L1L2` 类）。
# <!-- en -->
# > **Erratum** Document 002's sample titled "L1 and L2 Regularizer" still uses
# > `regularizers.l2(0.)`, exactly like the L2 sample before it, with no L1 part at all. The
# > regularizer with both is `regularizers.l1_l2(l1=…, l2=…)` (the `L1L2` class).

# %%
from keras import regularizers

my_regularizer = regularizers.l2(0.0)
with kt.expect_error(AssertionError):
    kt.verify_equal(kt.pick("“L1 and L2”示例建的是 L1L2 正则化器", "the \"L1 and L2\" sample builds an L1L2 regularizer"),
                    type(my_regularizer).__name__, "L1L2")

# %%
my_regularizer = regularizers.l1_l2(l1=0.01, l2=0.02)
kt.verify_equal(kt.pick("l1_l2(...) 建的是 L1L2 正则化器", "l1_l2(...) builds an L1L2 regularizer"), type(my_regularizer).__name__, "L1L2")
kt.verify_close(kt.pick("l1_l2(0.01, 0.02) 的惩罚项是 L1 与 L2 之和", "the penalty of l1_l2(0.01, 0.02) is L1 plus L2"),
                float(my_regularizer(W)), l1_hand + l2_hand, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 在 Keras 2 里，`regularizers.l1_l2()` 不写参数时 `l1` 和 `l2` 都默认 0.01，
# > 字符串 `"l1_l2"` 也能直接传给层。Keras 3 里 `l1_l2` 就是 `L1L2` 类，默认 `l1=0.0, l2=0.0`，
# > 不写参数就什么也不惩罚；字符串 `"l1_l2"` 则不再被认出。今天要写明两个系数。
# <!-- en -->
# > **Changed in Keras 3** In Keras 2, `regularizers.l1_l2()` without arguments meant `l1` and `l2`
# > of 0.01 each, and the string `"l1_l2"` could be passed to a layer. In Keras 3, `l1_l2` is the
# > `L1L2` class with defaults `l1=0.0, l2=0.0`, so without arguments it penalises nothing, and the
# > string `"l1_l2"` is no longer recognised. Today, write both factors.

# %%
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("l1_l2() 默认两个系数各为 0.01（Keras 2 的规则）", "l1_l2() defaults to 0.01 for each factor (the Keras 2 rule)"),
                    float(regularizers.l1_l2()(W)), 0.01 * np.sum(np.abs(W)) + 0.01 * np.sum(W**2), rtol=1e-6)
with kt.expect_error(ValueError):
    keras.layers.Dense(3, kernel_regularizer="l1_l2")

kt.verify_close(kt.pick("今天的写法 l1_l2(l1=0.01, l2=0.01) 给出各 0.01 的惩罚",
                        "today's form l1_l2(l1=0.01, l2=0.01) penalises with 0.01 each"),
                float(regularizers.l1_l2(l1=0.01, l2=0.01)(W)), 0.01 * np.sum(np.abs(W)) + 0.01 * np.sum(W**2),
                rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ### 动手试一试
#
# 下面的探索器随机生成一个权重矩阵，画出约束前后的矩阵和每个向量的范数，并写出所选正则化器的惩罚项
# （数字都代进公式）。在 JupyterLab 里可以从下拉菜单换约束和 `axis`，拖动滑块改 `rate` 和系数；
# 在静态页面里看到的是它的初始状态。它背后的计算和 Keras 一致，下面顺便核验一下。
# <!-- en -->
# ### Try it yourself
#
# The explorer below draws a random weight matrix, plots it before and after a constraint along
# with the norm of each vector, and writes out the chosen regularizer's penalty with the numbers
# filled in. In JupyterLab, pick the constraint and `axis` from the menus and move the sliders for
# `rate` and the factors; a static page shows its initial state. Its numbers agree with Keras, as
# verified below.

# %%
from kerastutor import widgets

explorer = widgets.constraint_explorer(constraint="min_max_norm", min_value=0.5, max_value=1.0, rate=0.5, axis=0,
                                       regularizer="l1_l2", l1=0.01, l2=0.01)
explorer

# %%
shown = explorer.result
kt.verify_close(kt.pick("探索器的“约束后”矩阵等于 Keras 的 MinMaxNorm 的结果", "the explorer's \"after\" matrix equals Keras's MinMaxNorm"),
                shown["after"], apply(keras.constraints.MinMaxNorm(0.5, 1.0, rate=0.5, axis=0), shown["before"].astype("float32")),
                rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("探索器的惩罚项等于 Keras 的 L1L2 的结果", "the explorer's penalty equals Keras's L1L2"), shown["penalty_after"],
                float(keras.regularizers.L1L2(l1=0.01, l2=0.01)(shown["after"].astype("float32"))), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 8. 惩罚谁：kernel、bias 和 activity
#
# Dense、卷积等层有三个正则化参数，惩罚的对象不同：
#
# | 参数 | 惩罚的对象 | 什么时候算 |
# |---|---|---|
# | `kernel_regularizer` | 核（权重矩阵） | 随时可以从当前权重算出 |
# | `bias_regularizer` | 偏置向量 | 随时可以从当前权重算出 |
# | `activity_regularizer` | 层的**输出**（激活值） | 每次调用层时算；从 Keras 3.14 起**除以批大小** |
#
# 最后一行的“除以批大小”文档里没有提到：它让激活的惩罚和批大小无关，和权重惩罚的比例保持稳定。
#
# > **版本变化（Keras 3.14）** Keras 2（`tf.keras`）一直除以批大小，Keras 的文档也这么写；
# > 可是 Keras 3.0 到 3.13 实际上没有除，加进损失的是整批数据的总和（批大小越大，惩罚越重）。
# > Keras 3.14 修正了这一点（keras-team/keras 的 issue #22018、PR #22021）。下面的核验按你装的版本选公式，
# > 并核验另一种算法**不**成立。
#
# 下面建一个三样都有的 Dense 层，手算每一项，和 `model.losses` 比较。
# <!-- en -->
# ## 8. Penalise what: kernel, bias and activity
#
# Dense, convolution and similar layers take three regularizer arguments, each penalising something
# else:
#
# | argument | penalises | computed when |
# |---|---|---|
# | `kernel_regularizer` | the kernel (weight matrix) | any time, from the current weights |
# | `bias_regularizer` | the bias vector | any time, from the current weights |
# | `activity_regularizer` | the layer's **output** (its activations) | at each call; **divided by the batch size** since Keras 3.14 |
#
# The division by the batch size in the last row is not in the documents: it keeps the activity
# penalty independent of the batch size, in a steady ratio to the weight penalties.
#
# > **Changed in Keras 3.14** Keras 2 (`tf.keras`) always divided by the batch size, and Keras's
# > documentation says so; yet Keras 3.0 to 3.13 did not divide: they added the sum over the whole
# > batch (the bigger the batch, the heavier the penalty). Keras 3.14 fixed it (keras-team/keras
# > issue #22018, PR #22021). The checks below pick the formula of the version you have installed,
# > and check that the other one does **not** hold.
#
# Below, a Dense layer has all three; each term is computed by hand and compared with
# `model.losses`.

# %%
x_small = rng.normal(size=(8, 4)).astype("float32")
y_small = rng.normal(size=(8, 3)).astype("float32")

keras.utils.set_random_seed(SEED)
model = keras.Sequential([
    keras.Input(shape=(4,)),
    keras.layers.Dense(3, bias_initializer=keras.initializers.Constant(0.5),
                       kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02),
                       bias_regularizer=keras.regularizers.L2(0.1),
                       activity_regularizer=keras.regularizers.L1(0.05)),
])
kernel, bias = model.layers[0].get_weights()
kernel_penalty = 0.01 * np.sum(np.abs(kernel)) + 0.02 * np.sum(kernel**2)
bias_penalty = 0.1 * np.sum(bias**2)

print(kt.pick("调用前 model.losses 有", "before any call model.losses holds"), len(model.losses),
      kt.pick("项", "terms"))
kt.verify_close(kt.pick("调用前，model.losses 里是核和偏置的惩罚项", "before a call, model.losses holds the kernel and bias penalties"),
                sorted(float(v) for v in model.losses), sorted([kernel_penalty, bias_penalty]), rtol=1e-6)

# %%
outputs = keras.ops.convert_to_numpy(model(x_small))
batch_size = len(x_small)
# zh: Keras 3.14 起除以批大小；3.0–3.13 不除
# en: divided by the batch size since Keras 3.14; not divided in 3.0–3.13
KERAS_VERSION = tuple(int(part) for part in keras.__version__.split(".")[:2])
ACTIVITY_DIVISOR = batch_size if KERAS_VERSION >= (3, 14) else 1
other_divisor = 1 if ACTIVITY_DIVISOR == batch_size else batch_size
print("Keras", keras.__version__, kt.pick("：激活惩罚除以", ": the activity penalty is divided by"), ACTIVITY_DIVISOR)
activity_penalty = 0.05 * np.sum(np.abs(outputs)) / ACTIVITY_DIVISOR

print(kt.pick("调用后 model.losses 有", "after a call model.losses holds"), len(model.losses), kt.pick("项", "terms"))
kt.verify_close(kt.pick("调用后，model.losses 里是核、偏置和激活三项惩罚", "after a call, model.losses holds the kernel, bias and activity penalties"),
                sorted(float(v) for v in model.losses),
                sorted([kernel_penalty, bias_penalty, activity_penalty]), rtol=1e-5)
with kt.expect_error(AssertionError):
    kt.verify_close(kt.pick("激活惩罚按另一组 Keras 版本的规则计算", "the activity penalty follows the other Keras versions' rule"),
                    sum(float(v) for v in model.losses),
                    kernel_penalty + bias_penalty + 0.05 * np.sum(np.abs(outputs)) / other_divisor, rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# 这些惩罚项在训练时被加到损失上。`fit` 报告的 `loss` 等于 `compile` 里的损失（这里是均方误差）
# **加上** `model.losses` 的总和；而作为指标的 `mse` 只有均方误差本身。用整批数据训练一轮，
# 报告的损失是用更新前的权重算的，正好可以手算对照。
# <!-- en -->
# During training these penalties are added to the loss. The `loss` that `fit` reports is the
# compiled loss (mean squared error here) **plus** the sum of `model.losses`; the `mse` metric is the
# mean squared error alone. Training one epoch on one full batch reports the loss computed with the
# weights before the update, so it can be checked by hand.

# %%
mse_hand = np.mean((outputs - y_small) ** 2)
penalties = kernel_penalty + bias_penalty + activity_penalty

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mse"])
history = model.fit(x_small, y_small, batch_size=batch_size, epochs=1, verbose=0).history
print(f"fit loss = {history['loss'][0]:.5f}   mse = {mse_hand:.5f}   Σ model.losses = {penalties:.5f}")
kt.verify_close(kt.pick("fit 的 loss 等于均方误差加上所有惩罚项", "fit's loss is the mean squared error plus every penalty"),
                history["loss"][0], mse_hand + penalties, rtol=1e-5)
kt.verify_close(kt.pick("指标 mse 里没有惩罚项", "the mse metric has no penalty in it"), history["mse"][0], mse_hand, rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 9. 惩罚项对训练结果的影响
#
# 用一个线性回归来看：20 个特征里只有前 3 个真正有用，训练三个不带偏置的 `Dense(1)` 层：不加正则化、
# 加 `L2(0.05)`、加 `L1(0.1)`。
#
# 对 L2 有一个可以手算的结果。损失是 $\frac1n\lVert Xw-y\rVert^2 + \lambda\lVert w\rVert^2$，
# 令梯度为 0 得到岭回归（ridge regression）的解
#
# $$w^\ast = \Big(\tfrac{1}{n}X^\top X + \lambda I\Big)^{-1}\tfrac{1}{n}X^\top y$$
#
# 训练足够多步之后，L2 模型的权重应该等于它。L1 没有这样的公式，但它的特点看得见：
# 没用的特征的权重被压到 0 附近；L2 则把大的权重按比例缩小一点，小的权重几乎不动。
# <!-- en -->
# ## 9. What the penalty does to training
#
# A linear regression shows it: of 20 features only the first 3 matter. Three `Dense(1)` layers
# without bias are trained: no regularizer, `L2(0.05)`, and `L1(0.1)`.
#
# For L2 there is a result to compute by hand. The loss is
# $\frac1n\lVert Xw-y\rVert^2 + \lambda\lVert w\rVert^2$; setting its gradient to 0 gives the
# ridge regression solution
#
# $$w^\ast = \Big(\tfrac{1}{n}X^\top X + \lambda I\Big)^{-1}\tfrac{1}{n}X^\top y$$
#
# After enough steps, the L2 model's weights should equal it. L1 has no such formula, but its mark is
# visible: the weights of useless features are pushed to about 0, whereas L2 shrinks the large
# weights by a similar factor and leaves the small ones almost where they were.

# %%
n_samples, n_features = 200, 20
X = rng.normal(size=(n_samples, n_features)).astype("float32")
w_true = np.zeros(n_features, dtype="float32")
w_true[:3] = [2.0, -1.5, 1.0]
y = (X @ w_true + 0.5 * rng.normal(size=n_samples)).astype("float32")[:, None]

FIT_STEPS = 150 if FAST else 300


def train_linear(regularizer):
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential([keras.Input(shape=(n_features,)),
                              keras.layers.Dense(1, use_bias=False, kernel_regularizer=regularizer)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    # zh: 把整批数据重复 FIT_STEPS 次：一轮里走 FIT_STEPS 步，每步都是整批梯度
    # en: the full batch repeated FIT_STEPS times: one epoch of FIT_STEPS full-batch steps
    model.fit(np.tile(X, (FIT_STEPS, 1)), np.tile(y, (FIT_STEPS, 1)), batch_size=n_samples, epochs=1,
              shuffle=False, verbose=0)
    return model.layers[0].get_weights()[0][:, 0]


trained = {name: train_linear(reg) for name, reg in
           [("none", None), ("L2(0.05)", keras.regularizers.L2(0.05)), ("L1(0.1)", keras.regularizers.L1(0.1))]}

lam = 0.05
ridge = np.linalg.solve(X.T @ X / n_samples + lam * np.eye(n_features), X.T @ y[:, 0] / n_samples)
kt.verify_close(kt.pick("用 L2 训练出的权重等于岭回归的解", "the weights trained with L2 equal the ridge solution"),
                trained["L2(0.05)"], ridge, rtol=1e-3, atol=1e-5)

useless = {name: np.mean(np.abs(w[3:])) for name, w in trained.items()}
print(kt.pick("无用特征权重的平均绝对值：", "mean |weight| of the useless features:"),
      {name: round(float(v), 4) for name, v in useless.items()})
kt.verify_true(kt.pick("L1 把无用特征的权重压到不加正则化时的一半以下", "L1 pushes the useless weights below half of the unregularized ones"),
               useless["L1(0.1)"] < 0.5 * useless["none"])

# %%
fig, (useful, rest) = plt.subplots(1, 2, figsize=(11, 3.6), gridspec_kw={"width_ratios": [1, 3]})
names = {"none": kt.pick("无正则化", "no regularizer"), "L2(0.05)": "L2(0.05)", "L1(0.1)": "L1(0.1)"}
for ax, features in ((useful, np.arange(3)), (rest, np.arange(3, n_features))):
    for offset, (name, w) in zip((-0.27, 0, 0.27), trained.items()):
        ax.bar(features + offset, w[features], width=0.27, label=names[name])
    ax.axhline(0, color="gray", lw=0.6)
    ax.set_xticks(features)
useful.plot(np.arange(3), w_true[:3], "k_", ms=16, mew=2, label=kt.pick("真实权重", "true weights"))
useful.set_title(kt.pick("有用的特征 0–2", "useful features 0–2"))
useful.set_ylabel(kt.pick("训练出的权重", "trained weight"))
rest.set_title(kt.pick("无用的特征 3–19（纵轴放大）：L1 把它们压向 0", "useless features 3–19 (zoomed): L1 pushes them to 0"))
rest.set_xlabel(kt.pick("特征编号", "feature"))
useful.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# ## 10. ActivityRegularization 层
#
# 文档 001 列出了一个专门做激活正则化的层：数据穿过它时不变，但它按经过的数值往损失里加一项
# $\big(\ell_1\sum|x| + \ell_2\sum x^2\big)/\text{批大小}$（Keras 3.0–3.13 不除以批大小，见第 8 节）。
# 它就是一个只有 `activity_regularizer=L1L2(l1, l2)` 的空层，可以插在模型的任何位置。
#
# > **勘误** 文档 001 把这一节的标题写成“ActivityRegularizer层”，但类名是 `ActivityRegularization`；
# > 照标题去找 `keras.layers.ActivityRegularizer` 是找不到的。
# <!-- en -->
# ## 10. The ActivityRegularization layer
#
# Document 001 lists a layer that does activity regularization and nothing else: data passes through
# it unchanged, but it adds $\big(\ell_1\sum|x| + \ell_2\sum x^2\big)/\text{batch size}$ to the loss,
# from the values that pass (Keras 3.0–3.13 do not divide by the batch size; see section 8). It is
# an empty layer with just `activity_regularizer=L1L2(l1, l2)`, and it can go anywhere in a model.
#
# > **Erratum** Document 001 titles this section "ActivityRegularizer layer", but the class is
# > `ActivityRegularization`; looking for `keras.layers.ActivityRegularizer`, as the title suggests,
# > finds nothing.

# %%
with kt.expect_error(AttributeError):
    keras.layers.ActivityRegularizer(l1=0.01)
print(keras.layers.ActivityRegularization(l1=0.01))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 写的完整路径是 `keras.layers.core.ActivityRegularization`。
# > Keras 3 没有 `keras.layers.core` 这个模块了，所有层都直接从 `keras.layers` 取。
# <!-- en -->
# > **Changed in Keras 3** Document 001 gives the full path `keras.layers.core.ActivityRegularization`.
# > Keras 3 has no `keras.layers.core` module any more; every layer comes straight from `keras.layers`.

# %%
with kt.expect_error(ModuleNotFoundError):
    import keras.layers.core  # noqa: F401

act_reg = keras.layers.ActivityRegularization(l1=0.01, l2=0.02)
print(type(act_reg).__name__, {"l1": act_reg.l1, "l2": act_reg.l2})

# %% [markdown]
# <!-- zh -->
# 下面核验关于它的两个说法：输出等于输入；加进 `losses` 的是 $(\ell_1\sum|x| + \ell_2\sum x^2)/\text{批大小}$
# （Keras 3.0–3.13 不除）。
# <!-- en -->
# Two claims about it are verified below: the output equals the input, and what goes into `losses` is
# $(\ell_1\sum|x| + \ell_2\sum x^2)/\text{batch size}$ (not divided in Keras 3.0–3.13).

# %%
activations = rng.normal(size=(5, 6)).astype("float32")
passed = keras.ops.convert_to_numpy(act_reg(activations))
kt.verify_equal(kt.pick("这个层的输出等于输入", "the layer's output equals its input"), passed, activations)
expected = (0.01 * np.sum(np.abs(activations)) + 0.02 * np.sum(activations**2)) / (len(activations) if KERAS_VERSION >= (3, 14) else 1)
kt.verify_equal(kt.pick("losses 里有一项", "losses holds one term"), len(act_reg.losses), 1)
kt.verify_close(kt.pick("加进 losses 的值符合公式", "the term in losses follows the formula"), float(act_reg.losses[0]), expected, rtol=1e-5)
kt.verify_equal(kt.pick("这个层没有权重", "the layer has no weights"), len(act_reg.weights), 0)

# %% [markdown]
# <!-- zh -->
# 放在模型里，它给前一层的输出加惩罚，效果和在前一层写 `activity_regularizer=L1L2(l1, l2)` 一样：
# 两个模型的 `fit` 损失相同。
# <!-- en -->
# Inside a model it penalises the previous layer's output, just like writing
# `activity_regularizer=L1L2(l1, l2)` on that layer: both models report the same `fit` loss.

# %%
def small_model(separate_layer):
    keras.utils.set_random_seed(SEED)
    regularizer = None if separate_layer else keras.regularizers.L1L2(l1=0.01, l2=0.02)
    layers = [keras.Input(shape=(4,)), keras.layers.Dense(6, activation="relu", activity_regularizer=regularizer)]
    if separate_layer:
        layers.append(keras.layers.ActivityRegularization(l1=0.01, l2=0.02))
    layers.append(keras.layers.Dense(3))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model.fit(x_small, y_small, batch_size=8, epochs=1, verbose=0).history["loss"][0]


with_layer, with_argument = small_model(separate_layer=True), small_model(separate_layer=False)
print(kt.pick("ActivityRegularization 层：", "ActivityRegularization layer:"), f"{with_layer:.5f}",
      kt.pick("  activity_regularizer 参数：", "  activity_regularizer argument:"), f"{with_argument:.5f}")
kt.verify_close(kt.pick("两种写法的 fit 损失相同", "both forms give the same fit loss"), with_layer, with_argument, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - **约束**在优化器每次更新之后把权重投影回允许的集合，不参与梯度，也不改变损失：
#   `NonNeg` 取 $\max(w, 0)$；`UnitNorm` 把每个向量除以自己的范数；`MaxNorm` 只缩短超过上限的向量；
#   `MinMaxNorm` 把范数按 `rate` 的比例拉进 `[min_value, max_value]`。
# - `axis` 是求范数时加起来的轴：Dense 的核用 `axis=0`，每个神经元一个范数。
# - **正则化器**往损失里加惩罚项：L1 是 $\ell_1\sum|w|$，L2 是 $\ell_2\sum w^2$，L1L2 两者相加。
#   `kernel_regularizer`、`bias_regularizer` 惩罚权重，`activity_regularizer` 惩罚输出（Keras 3.14 起除以批大小）；
#   它们都在 `model.losses` 里，`fit` 的损失 = 编译时的损失 + 它们的和。
# - 文档 002 的示例有几处要改：NonNeg 示例没有约束；`l1(0.)`、`l2(0.)` 不惩罚任何东西；
#   “L1 and L2” 应当用 `l1_l2(l1=…, l2=…)`，而且在 Keras 3 里要写明两个系数。
# - `ActivityRegularization(l1, l2)` 原样传出输入，只往损失里加激活惩罚。
#
# 练习：`exercises/zh/03_constraints_and_regularizers.ipynb`。下一课：**第 4 课　激活函数**。
# <!-- en -->
# ## Summary
#
# - A **constraint** projects the weights back into an allowed set after every optimizer update; it
#   takes no part in the gradient and leaves the loss alone: `NonNeg` takes $\max(w, 0)$; `UnitNorm`
#   divides each vector by its norm; `MaxNorm` shortens only the vectors over the cap; `MinMaxNorm`
#   pulls the norm into `[min_value, max_value]`, the fraction `rate` of the way.
# - `axis` is the axis summed over for the norm: a Dense kernel uses `axis=0`, one norm per unit.
# - A **regularizer** adds a penalty to the loss: L1 is $\ell_1\sum|w|$, L2 is $\ell_2\sum w^2$, L1L2
#   both. `kernel_regularizer` and `bias_regularizer` penalise weights, `activity_regularizer`
#   penalises the output (divided by the batch size since Keras 3.14); all of them are in `model.losses`, and `fit`'s
#   loss is the compiled loss plus their sum.
# - Document 002's samples need fixing: the NonNeg sample has no constraint; `l1(0.)` and `l2(0.)`
#   penalise nothing; "L1 and L2" should be `l1_l2(l1=…, l2=…)`, with both factors written out in
#   Keras 3.
# - `ActivityRegularization(l1, l2)` passes its input through and only adds an activity penalty to
#   the loss.
#
# Exercise: `exercises/en/03_constraints_and_regularizers.ipynb`. Next: **Lesson 4 · Activations**.
