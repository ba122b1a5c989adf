# %% [markdown]
# <!-- zh -->
# # 第 1 课　模型和层
#
# Keras 里只有两个核心概念：**层**（layer）和**模型**（model）。这一课讲清楚它们各是什么，
# 一个层需要哪六样东西才能工作，以及输入形状、批次维度和 `keras.Input` 的用法。
#
# 学完后你能够：
# - 说出层和模型的分工，并亲手验证 Dense 层的计算；
# - 读懂并写出一个带初始化器、约束和激活函数的 Sequential 模型；
# - 看懂 `(None, 16)` 里的 `None`，并用 `keras.Input` 给模型声明输入形状。
#
# 对应原文：文档 003 的开头（模型与层的介绍）和文档 002 的开头（层需要什么、输入形状）。
# <!-- en -->
# # Lesson 1 · Models and layers
#
# Keras rests on two ideas: the **layer** and the **model**. This lesson makes clear what each one
# is, the six things a layer needs in order to work, and how input shapes, the batch dimension and
# `keras.Input` fit together.
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
# 核的形状是 `(4, 3)`：4 来自输入的最后一维，3 是我们要的单元数。下面用 NumPy 按公式算一遍，
# 和层的输出比较。这里没有指定激活函数，所以 activation 就是恒等函数。偏置默认从 0 开始，
# 那样的话验证就看不出偏置有没有加上，所以上面让它从 1 开始（`bias_initializer="ones"`）。
# <!-- en -->
# The kernel is `(4, 3)`: 4 comes from the input's last dimension, 3 is the number of units we
# asked for. Below, NumPy computes the formula by hand and we compare it with the layer's output.
# No activation was given, so the activation is the identity. The bias starts at 0 by default, and
# then the check could not tell whether it was added at all; so above it starts at 1
# (`bias_initializer="ones"`).

# %%
kernel, bias = layer.get_weights()
by_hand = x @ kernel + bias
kt.verify_close(kt.pick("Dense 的输出 = x·kernel + bias", "Dense output = x·kernel + bias"),
                keras.ops.convert_to_numpy(y), by_hand, rtol=1e-6, atol=1e-6)

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
# 参数个数可以手算：一个 Dense 层有 输入宽度 × 单元数 个核权重，再加上 单元数 个偏置。
# <!-- en -->
# The parameter counts can be worked out by hand: a Dense layer has inputs × units kernel weights
# plus units biases.

# %%
expected_counts = [16 * 32 + 32, 32 * 16 + 16, 16 * 8 + 8]
kt.verify_equal(kt.pick("每层的参数个数", "parameters per layer"),
                [layer.count_params() for layer in model.layers], expected_counts)
kt.verify_equal(kt.pick("模型的参数总数", "parameters of the model"), model.count_params(), sum(expected_counts))

# %% [markdown]
# <!-- zh -->
# ## 3. 一个层需要的六样东西
#
# 文档 002 列出了创建一个完整的层所需的最少信息。对照上面模型的第一层逐项来看：
#
# | | 需要什么 | 第一层里的写法 | 作用 |
# |---|---|---|---|
# | 1 | 输入形状 | `keras.Input(shape=(16,))` | 告诉第一层每个样本的样子 |
# | 2 | 单元数 | `32` | 输出有多少个数（神经元个数） |
# | 3 | 初始化器 | `kernel_initializer="he_uniform"` | 训练开始前权重的初始值从哪里来 |
# | 4 | 正则化器 | `kernel_regularizer=None` | 训练时给损失加上的权重惩罚项（这里没有） |
# | 5 | 约束 | `kernel_constraint="MaxNorm"` | 每次更新后把权重拉回允许的范围 |
# | 6 | 激活函数 | `activation="relu"` | 对 `input·kernel + bias` 做的非线性变换 |
#
# 层会把这些设置记下来，我们可以直接读出来检查。
# <!-- en -->
# ## 3. The six things a layer needs
#
# Document 002 lists the minimum a complete layer needs. Here they are on the first layer of the
# model above:
#
# | | what | in the first layer | what it does |
# |---|---|---|---|
# | 1 | input shape | `keras.Input(shape=(16,))` | tells the first layer what one sample looks like |
# | 2 | units | `32` | how many numbers come out (the number of neurons) |
# | 3 | initializer | `kernel_initializer="he_uniform"` | where the weights' starting values come from |
# | 4 | regularizer | `kernel_regularizer=None` | a weight penalty added to the loss in training (none here) |
# | 5 | constraint | `kernel_constraint="MaxNorm"` | pulls the weights back into bounds after each update |
# | 6 | activation | `activation="relu"` | the non-linear function applied to `input·kernel + bias` |
#
# The layer keeps these settings, so we can read them back and check them.

# %%
first = model.layers[0]
settings = {
    kt.pick("输入形状", "input shape"): tuple(model.inputs[0].shape),
    kt.pick("单元数", "units"): first.units,
    kt.pick("初始化器", "initializer"): type(first.kernel_initializer).__name__,
    kt.pick("正则化器", "regularizer"): first.kernel_regularizer,
    kt.pick("约束", "constraint"): f"{type(first.kernel_constraint).__name__}({first.kernel_constraint.get_config()})",
    kt.pick("激活函数", "activation"): first.activation.__name__,
}
for name, value in settings.items():
    print(f"{name:<14} {value}")

kt.verify_equal(kt.pick("第一层的设置", "the first layer's settings"),
                (first.units, type(first.kernel_initializer).__name__, first.kernel_regularizer,
                 type(first.kernel_constraint).__name__, first.activation.__name__),
                (32, "HeUniform", None, "MaxNorm", "relu"))

# %% [markdown]
# <!-- zh -->
# 字符串 `"MaxNorm"` 被换成了一个 `MaxNorm` 对象，默认 `max_value=2`、`axis=0`：核的每一列
# （连到同一个单元的所有权重）的 L2 范数不超过 2。初始化器、约束和正则化器在第 2、3 课里会逐个细讲。
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
# `(4, 2)` 是 4 行 2 列的矩阵。
# <!-- en -->
# ## 4. Input shape: data as arrays
#
# Text, images and sound all become arrays of numbers before they reach a model. An array's shape is
# a tuple of integers: `(4, 2)` is a matrix with 4 rows and 2 columns.

# %%
matrix = np.zeros((4, 2))
print(matrix)
kt.verify_equal(kt.pick("(4, 2) 的行数和列数", "rows and columns of (4, 2)"),
                (len(matrix), len(matrix[0])), (4, 2))

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
stack = np.zeros((3, 4, 2))
print(stack)
kt.verify_equal(kt.pick("矩阵个数、每个的行数、列数", "matrices, rows each, columns each"),
                (len(stack), len(stack[0]), len(stack[0][0])), (3, 4, 2))

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
outputs = keras.layers.Dense(3)(inputs)
shapes.expect_shape(inputs, (None, 4, 2))
shapes.expect_shape(outputs, (None, 4, 3))

matrix_model = keras.Model(inputs, outputs)
# zh: 就是第 4 节的 (3, 4, 2)：一批 3 个 4×2 矩阵
# en: the (3, 4, 2) of section 4: a batch of three 4×2 matrices
batch_of_matrices = np.zeros((3, 4, 2))
shapes.expect_shape(matrix_model.predict(batch_of_matrices, verbose=0), (3, 4, 3))

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
#   `activation(input·kernel + bias)`，我们用 NumPy 验证了这一点。
# - **模型**把层组装起来；`Sequential` 是最简单的一种，参数个数可以逐层手算。
# - 一个层需要六样东西：输入形状、单元数、初始化器、正则化器、约束、激活函数。
#   约束不参与初始化，只在每次更新后起作用。
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
# - A layer needs six things: input shape, units, initializer, regularizer, constraint, activation.
#   A constraint plays no part in initialization; it acts after each update.
# - The shape `(3, 4, 2)` is three matrices of 4 rows and 2 columns; a model's input shape has an
#   extra batch dimension, `None`, in front.
# - Declare inputs with `keras.Input(shape=…)`, not with `input_shape=` on a layer.
#
# Exercise: `exercises/en/01_models_and_layers.ipynb`. Next: **Lesson 2 · Initializers**.
