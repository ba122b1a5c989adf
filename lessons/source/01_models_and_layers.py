# %% [markdown]
# <!-- zh -->
# # 第 1 课　模型和层
#
# Keras 里只有两个核心概念：**层**（layer）和**模型**（model）。这一课讲清楚它们各是什么，
# 文档 002 列出的一个层的六样设置里哪些必须给、哪些有默认值，以及输入形状、批次维度和 `keras.Input` 的用法。
#
# 学完后你能够：
# - 说出层和模型的分工，并亲手核验 Dense 层的计算；
# - 读懂并写出一个带初始化器、约束和激活函数的 Sequential 模型；
# - 看懂 `(None, 16)` 里的 `None`，并用 `keras.Input` 给模型声明输入形状。
#
# 对应原文：文档 003 的开头（模型与层的介绍）和文档 002 的开头（层需要什么、输入形状）。
# <!-- en -->
# # Lesson 1 · Models and layers
#
# Keras rests on two ideas: the **layer** and the **model**. This lesson makes clear what each one
# is, which of the six settings of a layer listed by document 002 you must give and which have
# defaults, and how input shapes, the batch dimension and `keras.Input` fit together.
#
# By the end you will be able to:
# - tell what a layer does and what a model does, and check a Dense layer's computation yourself;
# - read and write a Sequential model with an initializer, a constraint and an activation;
# - understand the `None` in `(None, 16)` and declare a model's input shape with `keras.Input`.
#
# Follows: the opening of document 003 (models and layers) and of document 002 (what a layer needs,
# input shape).

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import keras
import numpy as np
from kerastutor import shapes

# %% [markdown]
# <!-- zh -->
# ## 1. 层：一次计算加上它的权重
#
# 层把一种计算和这种计算需要的变量（权重）打包在一起。卷积层、池化层、全连接层都已经写好，
# 放在 `keras.layers` 里，直接拿来用就行。
#
# 以全连接层 `Dense` 为例。它的计算是
#
# $$\text{output} = \text{activation}(\text{input} \cdot \text{kernel} + \text{bias})$$
#
# 其中 `kernel` 是权重矩阵（核），`bias` 是偏置向量。创建层的时候它还不知道输入有多宽，
# 所以还没有权重；第一次拿数据调用它时，它才根据输入的最后一维创建权重。这一步叫做“构建”（build）。
# <!-- en -->
# ## 1. A layer: a computation plus its weights
#
# A layer packages a computation together with the variables (weights) that computation needs.
# Convolution, pooling and fully connected layers are ready-made in `keras.layers`; you just use
# them.
#
# Take the fully connected layer, `Dense`. It computes
#
# $$\text{output} = \text{activation}(\text{input} \cdot \text{kernel} + \text{bias})$$
#
# where `kernel` is the weight matrix and `bias` the bias vector. When you create the layer it does
# not yet know how wide its input is, so it has no weights; the first call on real data makes it
# create them from the input's last dimension. That step is called *building* the layer.

# %%
layer = keras.layers.Dense(3, bias_initializer="ones")
print(kt.pick("调用前已构建：", "built before the call:"), layer.built)

# zh: 2 个样本，每个 4 个特征
# en: 2 samples with 4 features each
x = np.arange(8, dtype="float32").reshape(2, 4)
y = layer(x)

print(kt.pick("调用后已构建：", "built after the call:"), layer.built)
print("kernel:", layer.kernel.shape, " bias:", layer.bias.shape, " output:", y.shape)

# %% [markdown]
# <!-- zh -->
# 核的形状是 `(4, 3)`：4 来自输入的最后一维，3 是我们要的神经元数（`units`）。下面用 NumPy 按公式算一遍，
# 和层的输出比较。这里没有指定激活函数，所以 activation 就是恒等函数（输出里有负数，说明没有 relu 之类的截断）。
# 偏置默认从 0 开始，那样的话核验就看不出偏置有没有加上，所以上面让它从 1 开始（`bias_initializer="ones"`）。
# <!-- en -->
# The kernel is `(4, 3)`: 4 comes from the input's last dimension, 3 is the number of units we
# asked for. Below, NumPy computes the formula by hand and we compare it with the layer's output.
# No activation was given, so the activation is the identity (the output has negative numbers: nothing
# like relu cut them off). The bias starts at 0 by default, and
# then the check could not tell whether it was added at all; so above it starts at 1
# (`bias_initializer="ones"`).

# %%
kernel, bias = layer.get_weights()
by_hand = x @ kernel + bias
kt.verify_close(kt.pick("Dense 的输出 = x·kernel + bias", "Dense output = x·kernel + bias"),
                keras.ops.convert_to_numpy(y), by_hand, rtol=1e-5, atol=1e-5)
kt.verify_true(kt.pick("输出里有负数（默认激活是恒等函数）", "the output has negative values (the default activation is the identity)"),
               by_hand.min() < 0)

# %% [markdown]
# <!-- zh -->
# ## 2. 模型：把层组装起来
#
# 模型把若干层按顺序（或按图）连起来，并负责训练、评估和预测。最简单的模型是 `Sequential`：
# 前一层的输出就是后一层的输入。文档 002 用下面这个三层模型来说明一个层需要哪些东西。
#
# > **版本变化（Keras 3）** 文档 002 在第一层里写 `input_shape=(16,)`。Keras 3 仍然接受，
# > 但会发出警告，建议改为把 `keras.Input(shape=(16,))` 放在模型的最前面。
# > 下面先运行原来的写法，看看今天会发生什么。
# <!-- en -->
# ## 2. A model: layers put together
#
# A model connects layers in sequence (or as a graph) and takes care of training, evaluation and
# prediction. The simplest model is `Sequential`: each layer's output is the next layer's input.
# Document 002 uses the three-layer model below to show what a layer needs.
#
# > **Changed in Keras 3** Document 002 passes `input_shape=(16,)` to the first layer. Keras 3
# > still accepts it but warns, and recommends putting `keras.Input(shape=(16,))` at the front of
# > the model instead. First, the old form, to see what happens today.

# %%
with kt.expect_warning(UserWarning, match="input_shape"):
    old_style = keras.Sequential()
    old_style.add(keras.layers.Dense(32, input_shape=(16,), kernel_initializer="he_uniform",
                                     kernel_regularizer=None, kernel_constraint="MaxNorm",
                                     activation="relu"))

# %% [markdown]
# <!-- zh -->
# 今天的写法：先放一个 `keras.Input`，再放各层。其余参数和文档 002 完全一样。
# <!-- en -->
# Today's form: a `keras.Input` first, then the layers. Every other argument is as in document 002.

# %%
model = keras.Sequential([
    keras.Input(shape=(16,)),
    keras.layers.Dense(32, kernel_initializer="he_uniform", kernel_regularizer=None,
                       kernel_constraint="MaxNorm", activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(8),
])
model.summary()

# %% [markdown]
# <!-- zh -->
# 参数个数可以手算：一个 Dense 层有 输入宽度 × 神经元数 个核权重，再加上 神经元数 个偏置。
# <!-- en -->
# The parameter counts can be worked out by hand: a Dense layer has inputs × units kernel weights
# plus units biases.

# %%
expected_counts = [16 * 32 + 32, 32 * 16 + 16, 16 * 8 + 8]
kt.verify_equal(kt.pick("每层的参数个数", "the number of parameters of each layer"),
                [layer.count_params() for layer in model.layers], expected_counts)
kt.verify_equal(kt.pick("模型的参数总数", "the number of parameters of the model"), model.count_params(), sum(expected_counts))

# %% [markdown]
# <!-- zh -->
# ## 3. 一个层的六样设置：哪些必须给，哪些有默认值
#
# 文档 002 说，创建一个完整的层需要六样“最低细节信息”。对照上面模型的第一层逐项来看：
#
# | | 设置 | 第一层里的写法 | 作用 | 不写时 Keras 3 的 `Dense` 用什么 |
# |---|---|---|---|---|
# | 1 | 输入形状 | `keras.Input(shape=(16,))` | 告诉第一层每个样本的样子 | 不必在建层时给：第一次调用时从数据的最后一维得到 |
# | 2 | 神经元数（`units`） | `32` | 输出有多少个数 | **必须给**，没有默认值 |
# | 3 | 初始化器 | `kernel_initializer="he_uniform"` | 训练开始前权重的初始值从哪里来 | `"glorot_uniform"`（偏置 `"zeros"`） |
# | 4 | 正则化器 | `kernel_regularizer=None` | 训练时给损失加上的权重惩罚项 | `None`：没有惩罚 |
# | 5 | 约束 | `kernel_constraint="MaxNorm"` | 每次更新后把权重拉回允许的范围 | `None`：没有约束 |
# | 6 | 激活函数 | `activation="relu"` | 对 `input·kernel + bias` 做的非线性变换 | `None`：恒等函数（linear） |
#
# > **勘误** 文档 002 把这六样都说成“最低”要求，可它自己的示例紧接着就写了 `Dense(8)`，
# > 只给了神经元数。真正必须给的只有 `units`；输入形状可以等第一次调用时再定，
# > 其余四样都有默认值。第 1 节的 `Dense(3, …)` 也没有给激活函数，用的就是默认的恒等函数。
#
# 下面先核验这张表的最后一列：`Dense()` 不给 `units` 会报错；默认值直接从 Keras 的函数签名里读出来，
# 和表里写的比较。
# <!-- en -->
# ## 3. A layer's six settings: which you must give, which have defaults
#
# Document 002 says a complete layer needs "at least" six things. Here they are on the first layer
# of the model above:
#
# | | setting | in the first layer | what it does | what Keras 3's `Dense` uses when it is left out |
# |---|---|---|---|---|
# | 1 | input shape | `keras.Input(shape=(16,))` | tells the first layer what one sample looks like | not needed when the layer is created: the first call takes it from the data's last dimension |
# | 2 | units | `32` | how many numbers come out (the number of neurons) | **required**, no default |
# | 3 | initializer | `kernel_initializer="he_uniform"` | where the weights' starting values come from | `"glorot_uniform"` (`"zeros"` for the bias) |
# | 4 | regularizer | `kernel_regularizer=None` | a weight penalty added to the loss in training | `None`: no penalty |
# | 5 | constraint | `kernel_constraint="MaxNorm"` | pulls the weights back into bounds after each update | `None`: no constraint |
# | 6 | activation | `activation="relu"` | the non-linear function applied to `input·kernel + bias` | `None`: the identity (linear) |
#
# > **Erratum** Document 002 calls all six the "minimum", yet its own sample goes on to write
# > `Dense(8)`, giving only the number of units. Only `units` is required: the input shape can wait
# > for the first call, and the other four have defaults. The `Dense(3, …)` of section 1 gave no
# > activation either, and got the default identity.
#
# First, the last column of the table: `Dense()` without `units` fails, and the defaults, read from
# Keras's own signature, are compared with what the table says.

# %%
import inspect

with kt.expect_error(TypeError):
    keras.layers.Dense()

table_defaults = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros", "kernel_regularizer": None,
                  "kernel_constraint": None, "activation": None}
signature = inspect.signature(keras.layers.Dense.__init__).parameters
kt.verify_equal(kt.pick("Dense 的默认值和表里写的一样", "Dense's defaults are the ones in the table"),
                {name: signature[name].default for name in table_defaults}, table_defaults)
kt.verify_true(kt.pick("units 没有默认值", "units has no default"),
               signature["units"].default is inspect.Parameter.empty)

# %% [markdown]
# <!-- zh -->
# 再看第一层真的照这些设置工作：先用 NumPy 按 relu 公式算出第一层的输出，和 Keras 的输出比较；
# 再看 he_uniform 的取值范围。he_uniform 从 $[-\sqrt{6/\text{fan\_in}},\ \sqrt{6/\text{fan\_in}}]$ 均匀取值，
# 这里 fan_in = 16，上限约 0.61；默认的 glorot_uniform 上限是 $\sqrt{6/(16+32)} \approx 0.35$。
# 512 个权重里最大的绝对值应当落在 0.35 和 0.61 之间，这就把两种初始化器区分开了（第 2 课细讲）。
# <!-- en -->
# Next, the first layer really works with these settings: NumPy computes its output with the relu
# formula and we compare with Keras; then the range of he_uniform. he_uniform draws uniformly from
# $[-\sqrt{6/\text{fan\_in}},\ \sqrt{6/\text{fan\_in}}]$; here fan_in = 16, a limit of about
# 0.61, whereas the default glorot_uniform has the limit $\sqrt{6/(16+32)} \approx 0.35$. The
# largest magnitude among 512 weights should lie between 0.35 and 0.61, which tells the two
# initializers apart (lesson 2 has the details).

# %%
first = model.layers[0]
w1, b1 = first.get_weights()
probe = np.random.default_rng(SEED).normal(size=(5, 16)).astype("float32")
first_output = keras.ops.convert_to_numpy(first(probe))
kt.verify_close(kt.pick("第一层的输出 = relu(x·kernel + bias)", "the first layer's output = relu(x·kernel + bias)"),
                first_output, np.maximum(probe @ w1 + b1, 0), rtol=1e-5, atol=1e-5)

he_limit, glorot_limit = np.sqrt(6 / 16), np.sqrt(6 / (16 + 32))
print(kt.pick("最大的 |权重|：", "largest |weight|:"), f"{np.abs(w1).max():.3f}",
      f"  he_uniform: {he_limit:.3f}   glorot_uniform: {glorot_limit:.3f}")
kt.verify_true(kt.pick("核的取值落在 he_uniform 的范围里，而且超出了 glorot_uniform 的范围",
                       "the kernel lies within he_uniform's range and goes beyond glorot_uniform's"),
               glorot_limit < np.abs(w1).max() <= he_limit)

# %% [markdown]
# <!-- zh -->
# 字符串 `"MaxNorm"` 被换成了一个 `MaxNorm` 对象，默认 `max_value=2`、`axis=0`：核的每一列
# （连到同一个神经元的所有权重）的 L2 范数不超过 2。初始化器、约束和正则化器在第 2、3 课里会逐个细讲。
#
# > **勘误** 文档 002 说约束“限制输入数据权重的生成范围”，好像约束决定了权重怎么生成。
# > 其实权重由初始化器生成，约束并不参与；约束只在训练中**每次更新权重之后**起作用，
# > 把权重投影回允许的范围。
#
# 下面用一个很紧的约束 `MaxNorm(0.5)` 来看清这一点：初始化之后，列范数明显超过 0.5；
# 只训练一步之后，所有列范数都不超过 0.5。
# <!-- en -->
# The string `"MaxNorm"` became a `MaxNorm` object with `max_value=2` and `axis=0` by default: the
# L2 norm of each column of the kernel (all weights feeding one unit) is kept at most 2. Initializers,
# constraints and regularizers each get their own lesson (lessons 2 and 3).
#
# > **Erratum** Document 002 says a constraint "limits the range in which the weights are
# > generated", as if the constraint shaped the initial weights. The initializer generates the
# > weights and the constraint plays no part in that; a constraint acts during training, **after each
# > weight update**, projecting the weights back into bounds.
#
# A tight constraint, `MaxNorm(0.5)`, makes this visible: right after initialization the column
# norms are well above 0.5; after a single training step, none is.

# %%
# zh: 第一层的 MaxNorm()：把核放大 3 倍再投影，每列的范数应当变成 min(原范数, 2)
# en: the first layer's MaxNorm(): scale the kernel by 3 and project; each column norm should become min(norm, 2)
stretched = 3 * w1
projected = keras.ops.convert_to_numpy(first.kernel_constraint(stretched))
kt.verify_close(kt.pick("MaxNorm() 的默认值：每列（axis=0）范数不超过 2", "MaxNorm()'s defaults: each column (axis=0) has norm at most 2"),
                np.linalg.norm(projected, axis=0), np.minimum(np.linalg.norm(stretched, axis=0), 2.0), rtol=1e-5)

tight = keras.Sequential([
    keras.Input(shape=(16,)),
    keras.layers.Dense(32, kernel_initializer="he_uniform",
                       kernel_constraint=keras.constraints.MaxNorm(0.5)),
])
norms_before = np.linalg.norm(tight.layers[0].get_weights()[0], axis=0)

rng = np.random.default_rng(SEED)
tight.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
tight.fit(rng.normal(size=(32, 16)), rng.normal(size=(32, 32)), epochs=1, batch_size=32, verbose=0)
norms_after = np.linalg.norm(tight.layers[0].get_weights()[0], axis=0)

print(kt.pick("初始化后最大列范数：", "largest column norm after initialization:"), f"{norms_before.max():.3f}")
print(kt.pick("训练一步后最大列范数：", "largest column norm after one step:"), f"{norms_after.max():.3f}")
kt.verify_true(kt.pick("初始化后有列范数超过 0.5（约束没有参与初始化）",
                       "some column norm exceeds 0.5 after initialization (the constraint did not shape it)"),
               norms_before.max() > 0.5)
kt.verify_true(kt.pick("一步训练后所有列范数 ≤ 0.5", "after one step every column norm is ≤ 0.5"),
               norms_after.max() <= 0.5 + 1e-6)

# %% [markdown]
# <!-- zh -->
# ## 4. 输入形状：把数据看成数组
#
# 文字、图像、声音进入模型之前都要先变成数字数组。数组的形状用一个整数元组描述：
# `(4, 2)` 是 4 行 2 列的矩阵。NumPy 按行排列数字，所以把 0 到 7 排成 `(4, 2)`，每行是相邻的两个数。
# <!-- en -->
# ## 4. Input shape: data as arrays
#
# Text, images and sound all become arrays of numbers before they reach a model. An array's shape is
# a tuple of integers: `(4, 2)` is a matrix with 4 rows and 2 columns. NumPy fills an array row by
# row, so 0 to 7 laid out in shape `(4, 2)` give rows of two neighbouring numbers.

# %%
# zh: 把 0..7 按形状 (4, 2) 排好，再和手写的 4 行 2 列矩阵比较
# en: lay out 0..7 in shape (4, 2) and compare with a 4-row, 2-column matrix written by hand
matrix = np.arange(8).reshape(4, 2)
print(matrix)
kt.verify_equal(kt.pick("形状 (4, 2) 是 4 行 2 列", "shape (4, 2) is 4 rows of 2 columns"),
                matrix.tolist(), [[0, 1], [2, 3], [4, 5], [6, 7]])

# %% [markdown]
# <!-- zh -->
# `(3, 4, 2)` 则是 3 个 4×2 矩阵叠在一起。
#
# > **勘误** 文档 002 说 `(3, 4, 2)` 是“三个 4x2 矩阵集合（两行和四列）”。括号里的说法反了：
# > 每个矩阵是 **4 行 2 列**。形状元组从外到内读，最后一个数是最内层的长度，也就是列数。
# <!-- en -->
# `(3, 4, 2)` is three 4×2 matrices stacked together.
#
# > **Erratum** Document 002 calls `(3, 4, 2)` "a set of three 4x2 matrices (two rows and four
# > columns)". The part in brackets is backwards: each matrix has **4 rows and 2 columns**. A shape
# > tuple is read from the outside in; its last number is the length of the innermost axis, the
# > number of columns.

# %%
# zh: 0..23 按 (3, 4, 2) 排好：每个矩阵都应当是手写的 4 行 2 列，依次加 8
# en: 0..23 laid out in shape (3, 4, 2): each matrix should be the 4-row, 2-column one written by hand, plus 8 each time
stack = np.arange(24).reshape(3, 4, 2)
print(stack)
kt.verify_equal(kt.pick("(3, 4, 2) 是 3 个 4 行 2 列的矩阵", "(3, 4, 2) is three matrices of 4 rows and 2 columns"),
                [m.tolist() for m in stack],
                [[[8 * k + 2 * r + c for c in range(2)] for r in range(4)] for k in range(3)])

# %% [markdown]
# <!-- zh -->
# ## 5. 批次维度 `None`
#
# 模型一次处理的是**一批**样本。所以模型的输入形状比单个样本多出最前面一维，也就是批次维度。
# 声明模型时批次有多大还不知道，Keras 用 `None` 表示“任意大小”。
# 上面的模型输入是 `(None, 16)`：任意多个样本，每个 16 个数。
# <!-- en -->
# ## 5. The batch dimension `None`
#
# A model processes a **batch** of samples at a time, so its input shape has one more dimension
# than a single sample, in front: the batch dimension. When the model is declared the batch size is
# not known yet, and Keras writes `None` for "any size". The model above takes `(None, 16)`: any
# number of samples with 16 numbers each.

# %%
print("model input:", model.inputs[0].shape, "  model output:", model.outputs[0].shape)
for batch in (1, 5, 100):
    out = model.predict(np.zeros((batch, 16)), verbose=0)
    shapes.expect_shape(out, (batch, 8))

# %% [markdown]
# <!-- zh -->
# 一个很常见的错误是把**单个样本** `(16,)` 直接交给模型，忘了批次维度。Keras 会报一长串错误；
# 课程的形状检查器 `shapes.expect_shape` 会把数组和模型要求的形状对比，直接说出哪里不对，以及怎么改。
# <!-- en -->
# A very common mistake is handing the model a **single sample** `(16,)` and forgetting the batch
# dimension. Keras answers with a long error. The course's shape checker, `shapes.expect_shape`,
# compares the array with the shape the model expects and says what is wrong and how to fix it.

# %%
one_sample = np.zeros(16)
with kt.expect_error(ValueError):
    model(one_sample)

with kt.expect_error(kt.KerastutorError):
    shapes.expect_shape(one_sample, model.inputs[0].shape)

# %%
# zh: 加上批次维度：(16,) → (1, 16)
# en: add the batch dimension: (16,) → (1, 16)
fixed = model(one_sample[np.newaxis, :])
shapes.expect_shape(fixed, (1, 8))

# %% [markdown]
# <!-- zh -->
# ## 6. 用 `keras.Input` 声明输入
#
# `keras.Input(shape=…)` 里写的是**单个样本**的形状，不含批次维度；它返回一个符号张量
# （`KerasTensor`），形状前面自动补上 `None`。
#
# 如果每个样本本身就是一个 `(4, 2)` 的矩阵呢？`Dense` 只作用在最后一维上：它把每一行的 2 个数
# 变成 `units` 个数，前面的维度原样保留。
# <!-- en -->
# ## 6. Declaring the input with `keras.Input`
#
# `keras.Input(shape=…)` takes the shape of **one sample**, without the batch dimension; it returns
# a symbolic tensor (a `KerasTensor`) whose shape has `None` added in front.
#
# What if each sample is itself a `(4, 2)` matrix? `Dense` acts on the last dimension only: it turns
# the 2 numbers of each row into `units` numbers and leaves the leading dimensions as they are.

# %%
inputs = keras.Input(shape=(4, 2))
print(inputs)
row_layer = keras.layers.Dense(3)
outputs = row_layer(inputs)
shapes.expect_shape(outputs, (None, 4, 3))

matrix_model = keras.Model(inputs, outputs)
# zh: 就是第 4 节的 (3, 4, 2)：一批 3 个 4×2 矩阵
# en: the (3, 4, 2) of section 4: a batch of three 4×2 matrices
batch_of_matrices = stack.astype("float32")
predicted = matrix_model.predict(batch_of_matrices, verbose=0)
shapes.expect_shape(predicted, (3, 4, 3))
row_kernel, row_bias = row_layer.get_weights()
kt.verify_close(kt.pick("Dense 对每个矩阵的每一行分别做 行·kernel + bias", "Dense applies row·kernel + bias to every row of every matrix"),
                predicted, np.einsum("mrc,cu->mru", batch_of_matrices, row_kernel) + row_bias, rtol=1e-5, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# `shapes.trace` 逐层列出输出形状、参数个数，以及形状是怎么算出来的。
# <!-- en -->
# `shapes.trace` lists each layer's output shape, its parameter count and how the shape came about.

# %%
shapes.trace(model)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - **层** = 一次计算 + 它的权重；权重在第一次调用时按输入的最后一维创建。`Dense` 计算
#   `activation(input·kernel + bias)`，我们用 NumPy 核验了这一点。
# - **模型**把层组装起来；`Sequential` 是最简单的一种，参数个数可以逐层手算。
# - 文档 002 列出层的六样设置：输入形状、神经元数、初始化器、正则化器、约束、激活函数。
#   `Dense` 只有 `units` 必须给；输入形状可以等第一次调用时确定；其余四样有默认值
#   （glorot_uniform、无正则化、无约束、恒等激活）。约束不参与初始化，只在每次更新后起作用。
# - 形状 `(3, 4, 2)` 是 3 个 4 行 2 列的矩阵；模型的输入形状最前面多一个批次维度 `None`。
# - 用 `keras.Input(shape=…)` 声明输入，不再在层里写 `input_shape=`。
#
# 练习：`exercises/zh/01_models_and_layers.ipynb`。下一课：**第 2 课　初始化器**。
# <!-- en -->
# ## Summary
#
# - A **layer** is a computation plus its weights; the weights are created on the first call, from
#   the input's last dimension. `Dense` computes `activation(input·kernel + bias)`, which we checked
#   with NumPy.
# - A **model** puts layers together; `Sequential` is the simplest kind, and its parameter counts
#   can be worked out layer by layer.
# - Document 002 lists six settings of a layer: input shape, units, initializer, regularizer,
#   constraint, activation. `Dense` requires only `units`; the input shape can wait for the first
#   call; the other four have defaults (glorot_uniform, no regularizer, no constraint, the identity
#   activation). A constraint plays no part in initialization; it acts after each update.
# - The shape `(3, 4, 2)` is three matrices of 4 rows and 2 columns; a model's input shape has an
#   extra batch dimension, `None`, in front.
# - Declare inputs with `keras.Input(shape=…)`, not with `input_shape=` on a layer.
#
# Exercise: `exercises/en/01_models_and_layers.ipynb`. Next: **Lesson 2 · Initializers**.
