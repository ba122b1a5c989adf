# %% [markdown]
# <!-- zh -->
# # 第 5 课　常用层和层的方法
#
# 这一课把 Keras 最常用的一组层逐个过一遍：`Dense`、`Activation`、`Dropout`、`Flatten`、`Reshape`、
# `Permute`、`RepeatVector`、`Lambda`、`ActivityRegularization` 和 `Masking`，然后讲每个层都有的方法：
# 读写权重、保存和重建配置、找到层的输入和输出。
#
# 学完后你能够：
# - 对每个层说出它做什么、输出形状怎么来，并用 NumPy 手算核验；
# - 说清 Dropout 在训练和推理时的不同，以及为什么保留下来的值要乘以 $1/(1-\text{rate})$；
# - 用 `keras.ops` 写 Lambda 层，用 `get_config` / `from_config` 重建层，用今天的写法拿到形状；
# - 把旧文档里的 Keras 1/2 写法（`output_dim`、`init`、`Dropout(p)`、`K.mean`、`layer_from_config`、
#   `get_output_at` ……）改写成 Keras 3 的写法。
#
# 对应原文：文档 001 第一部分开头（层的方法）和“常用网络层” 1.1–2.0 节；文档 002 层表格的第 1–7 行。
# <!-- en -->
# # Lesson 5 · Core layers and layer methods
#
# This lesson goes through the layers you will use most in Keras, one at a time: `Dense`,
# `Activation`, `Dropout`, `Flatten`, `Reshape`, `Permute`, `RepeatVector`, `Lambda`,
# `ActivityRegularization` and `Masking`. Then it covers the methods every layer has: reading and
# writing weights, saving a configuration and rebuilding from it, and finding a layer's input and
# output.
#
# By the end you will be able to:
# - say what each layer does and where its output shape comes from, and check it by hand with NumPy;
# - explain how Dropout behaves in training and in inference, and why the values it keeps are
#   multiplied by $1/(1-\text{rate})$;
# - write a Lambda layer with `keras.ops`, rebuild a layer with `get_config` / `from_config`, and get
#   shapes the way Keras 3 offers them;
# - turn the Keras 1/2 code of the old documents (`output_dim`, `init`, `Dropout(p)`, `K.mean`,
#   `layer_from_config`, `get_output_at` …) into Keras 3.
#
# Follows: the opening of part one of document 001 (layer methods) and its "core layers" sections
# 1.1–2.0; rows 1–7 of the layer table in document 002.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import importlib
import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, ops
from kerastutor import shapes

rng = np.random.default_rng(SEED)

# %% [markdown]
# <!-- zh -->
# ## 1. 层都放在哪里
#
# 文档 001 把 Keras 的层分成几大类：常用层（core）、卷积层、池化层、局部连接层、循环层、嵌入层、
# 高级激活层、规范化层、噪声层、包装层，另外还可以自己写层。这一课讲的是第一类“常用层”。
#
# > **版本变化（Keras 3）** 文档 001 按模块写出完整路径，例如 `keras.layers.core.Dense`、
# > `keras.layers.convolutional.Conv1D`。Keras 3 里这些子模块已经不存在，所有层都直接放在
# > `keras.layers` 下面：写 `keras.layers.Dense` 即可。
# <!-- en -->
# ## 1. Where the layers live
#
# Document 001 sorts Keras's layers into families: core, convolutional, pooling, locally connected,
# recurrent, embedding, advanced activations, normalization, noise and wrappers, plus the layers you
# write yourself. This lesson covers the first family, the core layers.
#
# > **Changed in Keras 3** Document 001 gives full module paths such as `keras.layers.core.Dense`
# > and `keras.layers.convolutional.Conv1D`. Those submodules are gone in Keras 3; every layer sits
# > directly in `keras.layers`, so you write `keras.layers.Dense`.

# %%
for old_module in ("keras.layers.core", "keras.layers.convolutional"):
    with kt.expect_error(ModuleNotFoundError):
        importlib.import_module(old_module)

# %%
core_layers = ["Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector",
               "Lambda", "ActivityRegularization", "Masking"]
kt.verify_true(kt.pick("这一课的 10 个层都在 keras.layers 里", "all 10 layers of this lesson are in keras.layers"),
               all(hasattr(keras.layers, name) for name in core_layers))

# %% [markdown]
# <!-- zh -->
# ## 2. Dense：全连接层
#
# `Dense` 计算
#
# $$\text{output} = \text{activation}(\text{dot}(\text{input}, \text{kernel}) + \text{bias})$$
#
# `kernel` 是 输入宽度 × `units` 的权重矩阵（核），`bias` 是长为 `units` 的偏置向量，`activation`
# 逐元素作用。下面用 `relu` 激活函数，在 3 个样本、每个 5 个特征的输入上，拿层的输出和 NumPy
# 按公式手算的结果比较。
# <!-- en -->
# ## 2. Dense: the fully connected layer
#
# `Dense` computes
#
# $$\text{output} = \text{activation}(\text{dot}(\text{input}, \text{kernel}) + \text{bias})$$
#
# where `kernel` is an (input width) × `units` weight matrix, `bias` a bias vector of length
# `units`, and `activation` acts element by element. Below, with a `relu` activation and an input
# of 3 samples with 5 features each, the layer's output is compared with the formula worked out
# by NumPy.

# %%
x = rng.normal(size=(3, 5)).astype("float32")
dense = layers.Dense(4, activation="relu", bias_initializer="random_normal")
y = keras.ops.convert_to_numpy(dense(x))

kernel, bias = dense.get_weights()
print("kernel:", kernel.shape, " bias:", bias.shape, " output:", y.shape)
# zh: 按公式手算：dot(input, kernel) + bias，再做 relu
# en: the formula by hand: dot(input, kernel) + bias, then relu
by_hand = np.maximum(np.dot(x, kernel) + bias, 0.0)
kt.verify_close(kt.pick("Dense 输出 = relu(dot(x, kernel) + bias)", "Dense output = relu(dot(x, kernel) + bias)"),
                y, by_hand, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# `use_bias=False` 时没有偏置，层只有一个权重，输出就是 `dot(input, kernel)`。
# <!-- en -->
# With `use_bias=False` there is no bias: the layer has a single weight and the output is just
# `dot(input, kernel)`.

# %%
no_bias = layers.Dense(4, use_bias=False)
y_nb = keras.ops.convert_to_numpy(no_bias(x))
kt.verify_equal(kt.pick("use_bias=False 时的权重个数", "the number of weights with use_bias=False"),
                len(no_bias.get_weights()), 1)
kt.verify_close(kt.pick("输出 = dot(x, kernel)", "output = dot(x, kernel)"),
                y_nb, x @ no_bias.get_weights()[0], rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 文档 001 列出的其余参数都还在，而且名字没变：`kernel_initializer` / `bias_initializer`（初始化器，第 2 课）、
# `kernel_regularizer` / `bias_regularizer` / `activity_regularizer`（正则化器：分别惩罚核、偏置和层的输出，第 3 课）、
# `kernel_constraint` / `bias_constraint`（约束，第 3 课）。
# <!-- en -->
# Every other argument document 001 lists is still there under the same name: `kernel_initializer` /
# `bias_initializer` (initializers, lesson 2), `kernel_regularizer` / `bias_regularizer` /
# `activity_regularizer` (regularizers penalising the kernel, the bias and the layer's output,
# lesson 3), `kernel_constraint` / `bias_constraint` (constraints, lesson 3).

# %%
dense_args = ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
              "kernel_regularizer", "bias_regularizer", "activity_regularizer",
              "kernel_constraint", "bias_constraint"]
kt.verify_true(kt.pick("文档 001 的 10 个 Dense 参数今天都还在", "the 10 Dense arguments of document 001 all exist today"),
               all(name in inspect.signature(layers.Dense).parameters for name in dense_args))

# %% [markdown]
# <!-- zh -->
# 下面把它们一次都设上，每个都取起作用的值，再逐一核验它们做了什么：
#
# - 核全为 1、偏置为 −1、激活为 relu：每个神经元的输出 = relu(5 个输入之和 − 1)；
# - 惩罚项 = $0.01\sum W^2 + 0.1\sum|b| + 0.001\sum y^2$（从 Keras 3.14 起，输出的惩罚还要除以批大小，见第 10 节）；
# - 约束在每一步训练之后生效：用很大的学习率训练一步，`MaxNorm(1)` 把核的每一列（一个神经元的 5 个权重）
#   的范数压到 1 以内（开始时是 $\sqrt 5$），`non_neg` 把偏置中的负数截成 0（开始时是 −1）。
# <!-- en -->
# Below, all of them are set at once, each to a value that acts, and each is checked for what it does:
#
# - a kernel of ones, a bias of −1 and relu: each neuron outputs relu(sum of the 5 inputs − 1);
# - the penalty is $0.01\sum W^2 + 0.1\sum|b| + 0.001\sum y^2$ (since Keras 3.14 the output's
#   penalty is also divided by the batch size, see section 10);
# - constraints act after each training step: one step with a very large learning rate, and
#   `MaxNorm(1)` brings the norm of every kernel column (one neuron's 5 weights) within 1 (it
#   starts at $\sqrt 5$), while `non_neg` cuts the negative biases to 0 (they start at −1).

# %%
acting = layers.Dense(3, activation="relu", use_bias=True, kernel_initializer="ones",
                      bias_initializer=keras.initializers.Constant(-1.0),
                      kernel_regularizer=keras.regularizers.L2(0.01), bias_regularizer=keras.regularizers.L1(0.1),
                      activity_regularizer=keras.regularizers.L2(0.001),
                      kernel_constraint=keras.constraints.MaxNorm(1.0), bias_constraint="non_neg")
acting_out = keras.ops.convert_to_numpy(acting(x))
kt.verify_close(kt.pick("每个神经元的输出 = relu(输入之和 − 1)", "each neuron's output = relu(sum of the inputs − 1)"),
                acting_out, np.repeat(np.maximum(x.sum(axis=1, keepdims=True) - 1.0, 0.0), 3, axis=1), rtol=1e-5, atol=1e-6)

keras_minor = tuple(int(part) for part in keras.__version__.split(".")[:2])
activity_divisor = len(x) if keras_minor >= (3, 14) else 1
acting_penalty = 0.01 * 5 * 3 + 0.1 * 3 * 1.0 + 0.001 * np.sum(acting_out ** 2) / activity_divisor
kt.verify_close(kt.pick("三个正则化器的惩罚项之和", "the penalty of the three regularizers"),
                float(sum(keras.ops.convert_to_numpy(loss) for loss in acting.losses)), acting_penalty, rtol=1e-5)

acting_model = keras.Sequential([keras.Input(shape=(5,)), acting])
acting_model.compile(optimizer=keras.optimizers.SGD(learning_rate=5.0), loss="mse")
acting_model.fit(x, np.full((3, 3), -4.0, "float32"), epochs=1, batch_size=3, verbose=0)
stepped_kernel, stepped_bias = acting.get_weights()
print(kt.pick("一步之后，核每一列的范数：", "after one step, the norm of each kernel column:"), np.linalg.norm(stepped_kernel, axis=0).round(4))
kt.verify_true(kt.pick("MaxNorm(1)：每一列的范数 ≤ 1（开始时是 √5）", "MaxNorm(1): every column's norm ≤ 1 (it started at √5)"),
               np.all(np.linalg.norm(stepped_kernel, axis=0) <= 1.0 + 1e-6))
kt.verify_true(kt.pick("non_neg：偏置 ≥ 0（开始时是 −1）", "non_neg: the biases are ≥ 0 (they started at −1)"),
               np.all(stepped_bias >= 0))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 还列出参数 `input_dim`（“该层输入的维度”），并在 RepeatVector
# > 的例子里写 `Dense(32, input_dim=32)`。Keras 3 仍然接受它，但会警告：不要给层传
# > `input_shape` / `input_dim`，而是在模型最前面放一个 `keras.Input`。文档里“作为第一层时要指定
# > `input_shape`”的说法（激活层 Activation、Reshape、Permute、Lambda 等节都有）也一样。
# <!-- en -->
# > **Changed in Keras 3** Document 001 also lists an `input_dim` argument ("the dimension of the
# > layer's input") and writes `Dense(32, input_dim=32)` in its RepeatVector example. Keras 3 still
# > takes it but warns: do not pass `input_shape` / `input_dim` to a layer, start the model with a
# > `keras.Input` instead. The same goes for the document's "give `input_shape` when this is the
# > first layer" (in the Activation, Reshape, Permute, Lambda … sections).

# %%
with kt.expect_warning(UserWarning, match="input_dim"):
    old_first = keras.Sequential([layers.Dense(32, input_dim=32)])

# %%
first = keras.Sequential([keras.Input(shape=(32,)), layers.Dense(32)])
shapes.expect_shape(first, (None, 32))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 给 Dense 写的是 Keras 2 的参数名，但它后面讲 SimpleRNN、LSTM、
# > Embedding 时仍然用 Keras 1 的名字，很多旧代码里的 Dense 也是这样写的：
# > `Dense(output_dim, init=…, W_regularizer=…, b_regularizer=…, W_constraint=…, b_constraint=…, bias=True, input_dim=…)`。
# > 这些名字在 Keras 3 里全都不认识了。对照表：
# >
# > | Keras 1 | Keras 3 |
# > |---|---|
# > | `output_dim` | `units` |
# > | `init` | `kernel_initializer` |
# > | `W_regularizer` / `b_regularizer` | `kernel_regularizer` / `bias_regularizer` |
# > | `W_constraint` / `b_constraint` | `kernel_constraint` / `bias_constraint` |
# > | `bias=True` | `use_bias=True` |
# > | `input_dim=…` | `keras.Input(shape=(…,))` |
# <!-- en -->
# > **Changed in Keras 3** Document 001 writes Dense with its Keras 2 argument names, but its later
# > sections on SimpleRNN, LSTM and Embedding still use the Keras 1 names, and so does much old code
# > that calls Dense:
# > `Dense(output_dim, init=…, W_regularizer=…, b_regularizer=…, W_constraint=…, b_constraint=…, bias=True, input_dim=…)`.
# > Keras 3 knows none of these names. The mapping:
# >
# > | Keras 1 | Keras 3 |
# > |---|---|
# > | `output_dim` | `units` |
# > | `init` | `kernel_initializer` |
# > | `W_regularizer` / `b_regularizer` | `kernel_regularizer` / `bias_regularizer` |
# > | `W_constraint` / `b_constraint` | `kernel_constraint` / `bias_constraint` |
# > | `bias=True` | `use_bias=True` |
# > | `input_dim=…` | `keras.Input(shape=(…,))` |

# %%
# zh: output_dim 不是参数名了：Keras 3 认为必需的 units 没给
# en: output_dim is no longer an argument: Keras 3 says the required units is missing
with kt.expect_error(TypeError, match="units"):
    layers.Dense(output_dim=64)

old_keywords = {"init": "uniform", "W_regularizer": "l2", "b_regularizer": None,
                "W_constraint": "max_norm", "b_constraint": "non_neg", "bias": True}
for keyword, value in old_keywords.items():
    with kt.expect_error(ValueError, match=keyword):
        layers.Dense(64, **{keyword: value})

# %%
modern = layers.Dense(units=64, kernel_initializer="random_uniform", kernel_regularizer="l2",
                      bias_regularizer=None, kernel_constraint="max_norm", bias_constraint="non_neg",
                      use_bias=True)
modern_model = keras.Sequential([keras.Input(shape=(32,)), modern])
shapes.expect_shape(modern_model, (None, 64))

# %% [markdown]
# <!-- zh -->
# ## 3. Activation：单独的激活层
#
# `Activation` 层只做一件事：把激活函数逐元素作用在上一层的输出上，所以输出形状和输入形状相同。
# `Dense(4, activation="tanh")` 和 `Dense(4)` 后面接 `Activation("tanh")` 是一回事。
# 下面让两边用同一组权重（`set_weights` 在第 12 节细讲），比较输出。
# <!-- en -->
# ## 3. Activation: the activation as a layer of its own
#
# The `Activation` layer does one thing: it applies an activation function element by element to
# the previous layer's output, so its output shape equals its input shape. `Dense(4,
# activation="tanh")` and `Dense(4)` followed by `Activation("tanh")` are the same thing. Below,
# both get the same weights (`set_weights` is covered in section 12) and we compare their outputs.

# %%
fused = layers.Dense(4, activation="tanh")
fused_out = fused(x)
split_dense, split_act = layers.Dense(4), layers.Activation("tanh")
split_dense.build((None, 5))
split_dense.set_weights(fused.get_weights())
split_out = split_act(split_dense(x))
kt.verify_close(kt.pick("Dense(activation) = Dense + Activation", "Dense(activation) = Dense + Activation"),
                keras.ops.convert_to_numpy(split_out), keras.ops.convert_to_numpy(fused_out), rtol=1e-6, atol=1e-7)

# zh: 输出形状和输入形状相同，不管有几维
# en: the output shape equals the input shape, whatever the rank
shapes.expect_shape(layers.Activation("relu")(np.zeros((2, 3, 7), "float32")), (2, 3, 7))

# %% [markdown]
# <!-- zh -->
# 文档说激活函数可以是“逐元素的 Theano 函数”。Keras 3 没有 Theano 后端了（后端是 TensorFlow、JAX 或
# PyTorch）；要自己写激活函数，就用 `keras.ops` 里的运算，这样在哪个后端上都能跑。下面写一个
# “relu6”：先 relu，再把上限截到 6。
# <!-- en -->
# The document says an activation may be "an element-wise Theano function". Keras 3 has no Theano
# backend any more (the backends are TensorFlow, JAX and PyTorch); to write your own activation,
# build it from `keras.ops`, and it runs on any backend. Below, a "relu6": relu, then capped at 6.

# %%
print(kt.pick("当前后端：", "backend in use:"), keras.config.backend())
relu6 = layers.Activation(lambda t: ops.minimum(ops.relu(t), 6.0))
z = np.array([[-3.0, 0.5, 4.0, 9.0]], "float32")
kt.verify_close(kt.pick("自定义 relu6 = clip(z, 0, 6)", "custom relu6 = clip(z, 0, 6)"),
                keras.ops.convert_to_numpy(relu6(z)), np.clip(z, 0, 6), rtol=0)

# %% [markdown]
# <!-- zh -->
# ## 4. Dropout：训练时随机丢弃
#
# `Dropout(rate, noise_shape=None, seed=None)` 在**训练**时把输入的每个元素以概率 `rate` 置为 0，
# 用来减轻过拟合；在**推理**时（`predict`、`evaluate`，或者直接调用层而不写 `training=True`）
# 它什么也不做，原样输出。
#
# 训练时没被丢掉的元素会乘以 $1/(1-\text{rate})$。道理是保持期望不变：每个元素以概率 $1-\text{rate}$
# 留下，
#
# $$E[\text{output}] = (1-\text{rate}) \cdot \frac{x}{1-\text{rate}} + \text{rate} \cdot 0 = x,$$
#
# 所以推理时不用丢弃也不用缩放，下一层看到的数值大小和训练时一样。先看一个小例子，`rate=0.5` 时
# 留下的 1 都变成了 2。
# <!-- en -->
# ## 4. Dropout: random dropping during training
#
# `Dropout(rate, noise_shape=None, seed=None)` sets each element of its input to 0 with
# probability `rate` during **training**, to fight overfitting; in **inference** (`predict`,
# `evaluate`, or calling the layer without `training=True`) it does nothing and passes its input
# through.
#
# In training, the elements that survive are multiplied by $1/(1-\text{rate})$. The reason is to
# keep the expected value: each element survives with probability $1-\text{rate}$, so
#
# $$E[\text{output}] = (1-\text{rate}) \cdot \frac{x}{1-\text{rate}} + \text{rate} \cdot 0 = x,$$
#
# and at inference time there is nothing to drop and nothing to rescale: the next layer sees values
# of the same size as in training. A small example first: with `rate=0.5`, the ones that survive
# become twos.

# %%
ones = np.ones((4, 10), "float32")
dropout = layers.Dropout(0.5, seed=SEED)

inference = keras.ops.convert_to_numpy(dropout(ones))
training = keras.ops.convert_to_numpy(dropout(ones, training=True))
print(kt.pick("推理：", "inference:"))
print(inference)
print(kt.pick("训练：", "training:"))
print(training)

kt.verify_equal(kt.pick("推理时 Dropout 原样输出", "in inference Dropout passes its input through"), inference, ones)
kt.verify_true(kt.pick("训练时每个元素要么是 0，要么是 1/(1−0.5) = 2",
                       "in training every element is either 0 or 1/(1−0.5) = 2"),
               np.all((training == 0) | np.isclose(training, 1 / (1 - 0.5))))

# %% [markdown]
# <!-- zh -->
# 自己动手试试：拖动 `rate` 滑块，看哪些元素被丢弃、留下的被放大多少；切换到“推理”，输出就和输入一样。
# （在 JupyterLab 里是可以操作的控件；在静态页面里只显示初始状态。）
# <!-- en -->
# Try it yourself: drag the `rate` slider to see which elements are dropped and how much the others are
# scaled up; switch to inference and the output equals the input. (Live controls in JupyterLab; a
# static page shows the starting state only.)

# %%
from kerastutor import widgets

explorer_state = widgets.dropout_core.normalize(dict(widgets.dropout_core.DEFAULTS, rate=0.25))
explorer_result = widgets.dropout_core.compute(explorer_state)
keras_kept = keras.ops.convert_to_numpy(layers.Dropout(0.25, seed=SEED)(np.ones((1, 64), "float32"), training=True)).max()
kt.verify_close(kt.pick("控件的放大倍数 = Keras 留下的值 = 1/(1−0.25)", "the widget's scale = Keras's kept value = 1/(1−0.25)"),
                [explorer_result["scale"], keras_kept], [1 / (1 - 0.25)] * 2, rtol=1e-6)
widgets.dropout_explorer(rate=0.25, training=True)

# %% [markdown]
# <!-- zh -->
# 换几个 `rate`，在 20 万个元素上数一数：被置零的比例应该接近 `rate`，输出的平均值应该接近 1
# （如果不缩放，平均值会掉到 $1-\text{rate}$）。
# <!-- en -->
# Now several values of `rate`, counted over 200,000 elements: the share of zeros should be close
# to `rate`, and the mean of the output close to 1 (without the rescaling the mean would drop to
# $1-\text{rate}$).

# %%
rates = [0.1, 0.3, 0.5, 0.7, 0.9]
big = np.ones((200, 1000), "float32")
dropped, means = [], []
for rate in rates:
    out = keras.ops.convert_to_numpy(layers.Dropout(rate, seed=SEED)(big, training=True))
    dropped.append(float(np.mean(out == 0)))
    means.append(float(out.mean()))
    print(f"rate={rate:.1f}  " + kt.pick("置零比例", "share of zeros") + f" {dropped[-1]:.4f}  "
          + kt.pick("平均值", "mean") + f" {means[-1]:.4f}")

kt.verify_close(kt.pick("置零比例 ≈ rate", "share of zeros ≈ rate"), dropped, rates, rtol=0, atol=0.01)
kt.verify_close(kt.pick("缩放后的平均值 ≈ 1", "mean after rescaling ≈ 1"), means, np.ones(len(rates)), rtol=0, atol=0.03)

# %%
fig, (ax_mask, ax_stats) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.2]})
ax_mask.imshow(training, cmap="Greys_r", vmin=0, vmax=2)
ax_mask.set_title(kt.pick("训练，rate=0.5：黑 = 丢弃", "training, rate=0.5: black = dropped"), fontsize=10)
ax_mask.set_xlabel(kt.pick("特征（白 = 留下并 ×2）", "feature (white = kept, ×2)"), fontsize=9)
ax_mask.set_ylabel(kt.pick("样本", "sample"))

ax_stats.plot(rates, dropped, "o", label=kt.pick("置零比例", "share of zeros"))
ax_stats.plot(rates, means, "s", label=kt.pick("输出平均值", "mean of output"))
grid = np.linspace(0, 1, 50)
ax_stats.plot(grid, grid, ":", color="gray", label="rate")
ax_stats.plot(grid, 1 - grid, "--", color="gray", label=kt.pick("1 − rate（不缩放时的平均值）", "1 − rate (mean without rescaling)"))
ax_stats.set_xlabel("rate")
ax_stats.set_ylim(-0.05, 1.15)
ax_stats.set_title(kt.pick("缩放让平均值保持在 1", "rescaling keeps the mean at 1"), fontsize=10)
ax_stats.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
fig.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# 在模型里你不用自己写 `training=True`：`fit` 训练时 Dropout 自动工作，`predict` 和 `evaluate` 时自动关闭。
# 用一个小模型看清这一点：Dropout 后面接一个权重全为 1 的 Dense，它把 10 个输入加起来；输入全是 1，目标是 10。
# 如果什么都不丢，输出正好是 10，损失为 0。学习率设为 0，权重在训练中不会变。
# <!-- en -->
# Inside a model you never write `training=True` yourself: during `fit` Dropout is active, and
# `predict` and `evaluate` switch it off. A small model makes it visible: Dropout, then a Dense with
# all weights 1 that adds up its 10 inputs; the inputs are all 1 and the target is 10. With nothing
# dropped the output is exactly 10 and the loss 0. The learning rate is 0, so training leaves the
# weights alone.

# %%
drop_model = keras.Sequential([keras.Input(shape=(10,)), layers.Dropout(0.5, seed=SEED),
                               layers.Dense(1, use_bias=False, kernel_initializer="ones")])
drop_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
targets = np.full((4, 1), 10.0, "float32")

fit_loss = drop_model.fit(ones, targets, epochs=1, batch_size=4, verbose=0).history["loss"][0]
eval_loss = drop_model.evaluate(ones, targets, verbose=0)
predicted = drop_model.predict(ones, verbose=0)
print(kt.pick("fit 中的损失：", "loss during fit:"), f"{fit_loss:.3f}", "  ",
      kt.pick("evaluate 的损失：", "loss in evaluate:"), f"{eval_loss:.3f}")

kt.verify_true(kt.pick("fit 时 Dropout 在丢弃（损失 > 0）", "Dropout drops during fit (loss > 0)"), fit_loss > 0)
kt.verify_close(kt.pick("evaluate 时不丢弃（损失 = 0）", "nothing dropped in evaluate (loss = 0)"), eval_loss, 0.0, rtol=0, atol=1e-6)
kt.verify_close(kt.pick("predict 时不丢弃（输出 = 10）", "nothing dropped in predict (output = 10)"), predicted, targets, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# **`seed`**：同样种子的两个新层给出同样的丢弃模式，结果可以复现；但同一个层每调用一次，
# 模式都会变（种子只决定随机数序列从哪里开始），否则每一步训练都丢同样的神经元，就失去意义了。
# <!-- en -->
# **`seed`**: two fresh layers with the same seed drop the same elements, so results repeat; but
# one layer gives a new pattern on every call (the seed only fixes where its random sequence
# starts), otherwise every training step would drop the same neurons, which would defeat the point.

# %%
first_a = keras.ops.convert_to_numpy(layers.Dropout(0.5, seed=7)(ones, training=True))
first_b = keras.ops.convert_to_numpy(layers.Dropout(0.5, seed=7)(ones, training=True))
same_layer = layers.Dropout(0.5, seed=7)
call_1 = keras.ops.convert_to_numpy(same_layer(ones, training=True))
call_2 = keras.ops.convert_to_numpy(same_layer(ones, training=True))
kt.verify_equal(kt.pick("同一个种子的两个新层：丢弃模式相同", "two fresh layers, same seed: same pattern"), first_a, first_b)
kt.verify_true(kt.pick("同一个层的两次调用：丢弃模式不同", "one layer called twice: different patterns"),
               not np.array_equal(call_1, call_2))

# %% [markdown]
# <!-- zh -->
# **`noise_shape`** 决定丢弃模式（0/1 掩码）的形状，它要能广播到输入形状上。输入是
# `(batch_size, timesteps, features)` 时，`noise_shape=(batch_size, 1, features)` 让同一个样本在所有
# 时间步上丢掉同样的特征。批大小事先不知道时写 `None`。
# <!-- en -->
# **`noise_shape`** sets the shape of the drop pattern (the 0/1 mask); it must broadcast to the
# input shape. For an input of `(batch_size, timesteps, features)`, `noise_shape=(batch_size, 1,
# features)` makes each sample drop the same features at every timestep. Write `None` for a batch
# size not known in advance.

# %%
sequence = np.ones((2, 5, 6), "float32")
per_feature = keras.ops.convert_to_numpy(
    layers.Dropout(0.5, noise_shape=(None, 1, 6), seed=SEED)(sequence, training=True))
per_element = keras.ops.convert_to_numpy(layers.Dropout(0.5, seed=SEED)(sequence, training=True))
print(kt.pick("第一个样本，noise_shape=(None, 1, 6)：每一行（时间步）都一样",
              "first sample, noise_shape=(None, 1, 6): every row (timestep) alike"))
print(per_feature[0])
kt.verify_true(kt.pick("noise_shape=(None, 1, 6)：所有时间步的掩码相同",
                       "noise_shape=(None, 1, 6): the mask is the same at every timestep"),
               np.all(per_feature == per_feature[:, :1, :]))
kt.verify_true(kt.pick("默认 noise_shape：时间步之间的掩码不同",
                       "default noise_shape: the mask differs between timesteps"),
               not np.all(per_element == per_element[:, :1, :]))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** Keras 1 里 Dropout 的参数叫 `p`（`Dropout(p=0.5)`），Keras 2 起改名为
# > `rate`，文档 001 写的已经是 `rate`。旧代码里的 `p=` 今天会报错。
# <!-- en -->
# > **Changed in Keras 3** In Keras 1 Dropout's argument was called `p` (`Dropout(p=0.5)`); it became
# > `rate` in Keras 2, which is what document 001 writes. The `p=` of old code fails today.

# %%
with kt.expect_error(TypeError, match="rate"):
    layers.Dropout(p=0.5)

# %%
rate_named = keras.ops.convert_to_numpy(layers.Dropout(rate=0.5, seed=SEED)(big, training=True))
kt.verify_close(kt.pick("Dropout(rate=0.5) 丢掉约一半", "Dropout(rate=0.5) drops about half"), float(np.mean(rate_named == 0)), 0.5,
                rtol=0, atol=0.01)

# %% [markdown]
# <!-- zh -->
# ## 5. Flatten：压平
#
# `Flatten` 把每个样本的所有维度压成一维，批次维度不变，常用在卷积层和全连接层之间。元素的顺序和
# NumPy 的 `reshape` 一样（按行，最后一维变得最快）。
# <!-- en -->
# ## 5. Flatten
#
# `Flatten` turns all the dimensions of each sample into one and leaves the batch dimension alone;
# it usually sits between convolutional and fully connected layers. The elements keep NumPy's
# `reshape` order (row by row, the last axis changing fastest).

# %%
block = np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4)
flat = keras.ops.convert_to_numpy(layers.Flatten()(block))
shapes.expect_shape(flat, (2, 12))
kt.verify_equal(kt.pick("Flatten = 每个样本 reshape(-1)", "Flatten = reshape(-1) per sample"), flat, block.reshape(2, -1))

# %% [markdown]
# <!-- zh -->
# 文档 001 的例子是：在 `input_shape=(3, 32, 32)` 的输入上做一个 64 个卷积核、`border_mode='same'` 的卷积，
# 注释说输出是 `(None, 64, 32, 32)`，压平后是 `(None, 65536)`。
#
# > **勘误** 这个注释只在“通道在前”（`channels_first`，Keras 1 的 Theano 顺序 `"th"`）时成立。
# > Keras 默认是“通道在后”（`channels_last`）：`(3, 32, 32)` 会被读成一张 3 行 32 列、32 个通道的图，
# > 卷积输出 `(None, 3, 32, 64)`，压平后只有 `3·32·64 = 6144` 个数，不是 65536。
# > （调用本身也是 Keras 1 的写法，今天直接报错；卷积层的新旧写法在第 6 课细讲。）
# <!-- en -->
# Document 001's example: a convolution with 64 filters and `border_mode='same'` on an input of
# `input_shape=(3, 32, 32)`, with the comments saying the output is `(None, 64, 32, 32)` and
# `(None, 65536)` after Flatten.
#
# > **Erratum** Those comments only hold with channels first (`channels_first`, Keras 1's Theano
# > order `"th"`). Keras's default is channels last (`channels_last`): `(3, 32, 32)` is read as an
# > image of 3 rows and 32 columns with 32 channels, the convolution gives `(None, 3, 32, 64)`, and
# > Flatten gives `3·32·64 = 6144` numbers, not 65536. (The call itself is Keras 1 code and fails
# > today; lesson 6 covers the old and new forms of the convolution layers.)

# %%
# zh: （input_shape= 引起的警告被里面那层 expect_warning 接住；报错的是 border_mode）
# en: (the warning input_shape= causes is caught by the inner expect_warning; border_mode is the error)
with kt.expect_error(ValueError, match="border_mode"), kt.expect_warning(UserWarning):
    keras.Sequential([layers.Convolution2D(64, 3, 3, border_mode="same", input_shape=(3, 32, 32))])

# zh: 把参数名换成今天的，形状保持文档的 (3, 32, 32)：默认按 channels_last 解读
# en: today's argument names, the document's (3, 32, 32) kept: read as channels_last by default
literal = keras.Sequential([keras.Input(shape=(3, 32, 32)), layers.Conv2D(64, (3, 3), padding="same"), layers.Flatten()])
shapes.trace(literal)

# %%
kt.verify_equal(kt.pick("按默认 channels_last 解读时 Flatten 的长度", "the Flatten length when the input is read as channels_last"),
                literal.output_shape, (None, 3 * 32 * 64))

# %% [markdown]
# <!-- zh -->
# 正确的写法：图像按 `(行, 列, 通道)` 给出，32×32 的 RGB 图就是 `(32, 32, 3)`。这时卷积输出
# `(None, 32, 32, 64)`，压平后正好是 `32·32·64 = 65536`。
# <!-- en -->
# The right form: give the image as `(rows, columns, channels)`, so a 32×32 RGB image is
# `(32, 32, 3)`. The convolution then outputs `(None, 32, 32, 64)` and Flatten gives exactly
# `32·32·64 = 65536`.

# %%
image_model = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(64, (3, 3), padding="same"), layers.Flatten()])
shapes.trace(image_model)

# %%
kt.verify_equal(kt.pick("Flatten 的长度是 32·32·64", "the Flatten length is 32·32·64"), image_model.output_shape, (None, 65536))

# %% [markdown]
# <!-- zh -->
# ## 6. Reshape：换一种形状
#
# `Reshape(target_shape)` 把每个样本改成 `target_shape`（不含批次维度），元素总数不能变。
# 输出形状是 `(batch_size,) + target_shape`。`target_shape` 里可以有**一个** `-1`，表示“这一维由总数推出来”。
# 文档 001 的三步例子：
# <!-- en -->
# ## 6. Reshape
#
# `Reshape(target_shape)` gives each sample the shape `target_shape` (batch dimension not included);
# the number of elements must not change. The output shape is `(batch_size,) + target_shape`.
# `target_shape` may contain **one** `-1`, meaning "work this size out from the total". Document
# 001's three steps:

# %%
reshaper = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Reshape((3, 4)),
    layers.Reshape((6, 2)),
    layers.Reshape((-1, 2, 2)),
])
shapes.trace(reshaper)

# %% [markdown]
# <!-- zh -->
# `-1` 的值是 总元素数 ÷ 其余各维之积 = 12 ÷ (2·2) = 3。数值的排列和 NumPy 的 `reshape` 完全一样。
# <!-- en -->
# The `-1` stands for (total elements) ÷ (product of the other sizes) = 12 ÷ (2·2) = 3. The values
# are arranged exactly as NumPy's `reshape` arranges them.

# %%
minus_one = 12 // (2 * 2)
kt.verify_equal(kt.pick("-1 推出的长度", "the size that -1 stands for"), reshaper.output_shape, (None, minus_one, 2, 2))
twelve = np.arange(24, dtype="float32").reshape(2, 12)
kt.verify_equal(kt.pick("Reshape 的数值 = NumPy reshape", "Reshape's values = NumPy reshape"),
                keras.ops.convert_to_numpy(reshaper(twelve)), twelve.reshape(2, 3, 2, 2))

# %% [markdown]
# <!-- zh -->
# 两种常见错误：总数除不尽，或者写了两个 `-1`。
# <!-- en -->
# Two common mistakes: a total that does not divide, or two `-1`s.

# %%
with kt.expect_error(ValueError):
    layers.Reshape((5, -1))(twelve)
with kt.expect_error(ValueError):
    layers.Reshape((-1, -1))(twelve)

# %% [markdown]
# <!-- zh -->
# 文档 001 说 Reshape 的“输入形状（shape）必须固定”。其实只要未知的那一维能让 `-1` 吸收就行：下面的输入是长度不定的
# 序列，每步 4 个数，`Reshape((-1, 2))` 把它变成每步 2 个数、步数加倍的序列。
# <!-- en -->
# Document 001 says Reshape's "input shape must be fixed". In fact it is enough that the `-1` can
# absorb the unknown size: below, the input is a sequence of any length with 4 numbers per step,
# and `Reshape((-1, 2))` turns it into one with 2 numbers per step and twice as many steps.

# %%
variable = keras.Input(shape=(None, 4))
halved = layers.Reshape((-1, 2))(variable)
shapes.expect_shape(halved, (None, None, 2))
variable_model = keras.Model(variable, halved)
for steps in (3, 5):
    shapes.expect_shape(variable_model(np.zeros((1, steps, 4))), (1, 2 * steps, 2))

# %% [markdown]
# <!-- zh -->
# ## 7. Permute：重排维度
#
# `Permute(dims)` 按 `dims` 重新排列每个样本的维度。`dims` 从 **1** 开始编号（0 号是批次维度，永远不动）：
# `(2, 1)` 表示输出的第 1 维来自输入的第 2 维，输出的第 2 维来自输入的第 1 维。
#
# > **勘误** 文档 001 说“所谓的重排也就是交换两行”。不对：Permute 交换的是**维度（轴）**，相当于转置，
# > 每个样本里的数据整个换了排列方式，并不是把某两行对调。`(10, 64)` 经过 `Permute((2, 1))` 变成 `(64, 10)`：
# > 原来的每一行变成了一列。（同一节还说“当使用激活层作为第一层时”，是从 Activation 一节抄过来的笔误。）
# <!-- en -->
# ## 7. Permute: reordering the axes
#
# `Permute(dims)` reorders the axes of each sample according to `dims`. `dims` counts from **1**
# (axis 0 is the batch dimension and never moves): `(2, 1)` means the output's axis 1 is the input's
# axis 2, and the output's axis 2 the input's axis 1.
#
# > **Erratum** Document 001 says "reordering here just means swapping two rows". It does not:
# > Permute swaps **axes**, i.e. it transposes; the whole arrangement of each sample changes, no two
# > rows trade places. `(10, 64)` through `Permute((2, 1))` becomes `(64, 10)`: every row of the
# > input becomes a column. (The same section also says "when the activation layer is the first
# > layer", a slip copied from the Activation section.)

# %%
# zh: 文档的原始写法（input_shape=）今天仍能运行，只是会警告
# en: the document's own form (input_shape=) still runs today, with a warning
with kt.expect_warning(UserWarning, match="input_shape"):
    doc_permute = keras.Sequential([layers.Permute((2, 1), input_shape=(10, 64))])

sample = rng.normal(size=(1, 10, 64)).astype("float32")
permuted = keras.ops.convert_to_numpy(doc_permute(sample))
rows_swapped = sample[:, [1, 0] + list(range(2, 10)), :]
shapes.expect_shape(permuted, (1, 64, 10))
kt.verify_equal(kt.pick("Permute((2, 1)) = 转置", "Permute((2, 1)) = transpose"), permuted, np.transpose(sample, (0, 2, 1)))
kt.verify_true(kt.pick("它不是“交换两行”（那样形状不变）", "it is not \"swapping two rows\" (that keeps the shape)"),
               permuted.shape != rows_swapped.shape)

# %% [markdown]
# <!-- zh -->
# 今天的写法，再加一个三维的例子：`Permute((2, 3, 1))` 把通道在前的 `(3, 32, 32)` 变成通道在后的
# `(32, 32, 3)`，正好可以修正第 5 节那种数据。从 0 开始编号会报错。
# <!-- en -->
# Today's form, plus a three-axis example: `Permute((2, 3, 1))` turns channels-first `(3, 32, 32)`
# into channels-last `(32, 32, 3)`, exactly what data like section 5's needs. Counting from 0 is an
# error.

# %%
to_last = layers.Permute((2, 3, 1))
cf_images = rng.normal(size=(2, 3, 32, 32)).astype("float32")
cl_images = keras.ops.convert_to_numpy(to_last(cf_images))
shapes.expect_shape(cl_images, (2, 32, 32, 3))
kt.verify_equal(kt.pick("Permute((2, 3, 1)) = np.transpose(x, (0, 2, 3, 1))", "Permute((2, 3, 1)) = np.transpose(x, (0, 2, 3, 1))"),
                cl_images, np.transpose(cf_images, (0, 2, 3, 1)))

with kt.expect_error(ValueError, match="start from 1"):
    layers.Permute((0, 1))

# %% [markdown]
# <!-- zh -->
# ## 8. RepeatVector：把向量重复 n 次
#
# `RepeatVector(n)` 把形状 `(batch, features)` 的输入变成 `(batch, n, features)`：每个样本的向量被复制 n 份，
# 排成 n 个时间步。常见用法是在编码器–解码器模型里，把编码得到的一个向量交给解码器的每一个时间步。
# 文档的例子（换成今天的 `keras.Input`）：
# <!-- en -->
# ## 8. RepeatVector: a vector repeated n times
#
# `RepeatVector(n)` turns an input of shape `(batch, features)` into `(batch, n, features)`: each
# sample's vector is copied n times and laid out as n timesteps. A common use is in
# encoder–decoder models, handing the one vector the encoder produced to every timestep of the
# decoder. The document's example, with today's `keras.Input`:

# %%
repeat_model = keras.Sequential([keras.Input(shape=(32,)), layers.Dense(32), layers.RepeatVector(3)])
shapes.trace(repeat_model)

# %%
vectors = rng.normal(size=(2, 32)).astype("float32")
dense_part = keras.Sequential([keras.Input(shape=(32,)), repeat_model.layers[0]])
repeated = keras.ops.convert_to_numpy(repeat_model(vectors))
before = keras.ops.convert_to_numpy(dense_part(vectors))
kt.verify_close(kt.pick("3 个时间步都是 Dense 输出的副本", "all 3 timesteps are copies of the Dense output"),
                repeated, np.repeat(before[:, None, :], 3, axis=1), rtol=1e-6, atol=1e-7)

# zh: 输入必须是二维（批次, 特征）
# en: the input must be 2-D (batch, features)
with kt.expect_error(ValueError, match="ndim=2"):
    layers.RepeatVector(3)(keras.Input(shape=(4, 32)))

# %% [markdown]
# <!-- zh -->
# ## 9. Lambda：把一个函数变成层
#
# `Lambda(function)` 把一个函数包装成层，它作用在上一层的输出上。最简单的例子是 $x \mapsto x^2$：
# <!-- en -->
# ## 9. Lambda: a function turned into a layer
#
# `Lambda(function)` wraps a function as a layer that acts on the previous layer's output. The
# simplest example is $x \mapsto x^2$:

# %%
square = layers.Lambda(lambda t: t ** 2)
values = np.array([[-2.0, -0.5, 0.0, 3.0]], "float32")
kt.verify_close(kt.pick("Lambda(x ** 2) 算出 x²", "Lambda(x ** 2) computes x²"), keras.ops.convert_to_numpy(square(values)), values ** 2, rtol=0)

# %% [markdown]
# <!-- zh -->
# 第二个例子是“反整流”（antirectifier）：先让每个样本减去自己的均值，再把它缩放成 L2 范数为 1，
# 然后把正的部分 $\text{relu}(x)$ 和负的部分 $\text{relu}(-x)$ 拼在一起。输出宽度是输入的两倍，
# 而且正负信息都保留了下来（relu 会把负的部分丢掉）。
#
# > **版本变化（Keras 3）** 文档用后端模块 `K` 写这个函数：`K.mean`、`K.l2_normalize`、`K.relu`、
# > `K.concatenate`。Keras 3 的 `keras.backend` 只剩下少数工具函数，数学运算都搬到了 `keras.ops`：
# >
# > | Keras 2（`K.`） | Keras 3（`keras.ops.`） |
# > |---|---|
# > | `K.mean(x, axis=1, keepdims=True)` | `ops.mean(x, axis=1, keepdims=True)` |
# > | `K.l2_normalize(x, axis=1)` | `ops.normalize(x, axis=1, order=2)` |
# > | `K.relu(x)` | `ops.relu(x)` |
# > | `K.concatenate([a, b], axis=1)` | `ops.concatenate([a, b], axis=1)` |
# >
# > 要注意旧函数的失败方式：因为文档给了 `output_shape`，建模型时不会出错；直到第一次拿真实数据运行，
# > 才报 `AttributeError`。
# <!-- en -->
# The second example is the "antirectifier": subtract each sample's mean, scale the result to unit
# L2 norm, then put the positive part $\text{relu}(x)$ and the negative part $\text{relu}(-x)$ side
# by side. The output is twice as wide as the input, and both signs survive (relu alone would throw
# the negative part away).
#
# > **Changed in Keras 3** The document writes this function with the backend module `K`:
# > `K.mean`, `K.l2_normalize`, `K.relu`, `K.concatenate`. In Keras 3, `keras.backend` keeps only a
# > few utilities; the maths moved to `keras.ops`:
# >
# > | Keras 2 (`K.`) | Keras 3 (`keras.ops.`) |
# > |---|---|
# > | `K.mean(x, axis=1, keepdims=True)` | `ops.mean(x, axis=1, keepdims=True)` |
# > | `K.l2_normalize(x, axis=1)` | `ops.normalize(x, axis=1, order=2)` |
# > | `K.relu(x)` | `ops.relu(x)` |
# > | `K.concatenate([a, b], axis=1)` | `ops.concatenate([a, b], axis=1)` |
# >
# > Note how the old function fails: since the document gives `output_shape`, building the model
# > raises nothing; the `AttributeError` only comes the first time real data goes through.

# %%
from keras import backend as K


def antirectifier_keras2(t):
    t -= K.mean(t, axis=1, keepdims=True)
    t = K.l2_normalize(t, axis=1)
    pos = K.relu(t)
    neg = K.relu(-t)
    return K.concatenate([pos, neg], axis=1)


def antirectifier_output_shape(input_shape):
    shape = list(input_shape)
    assert len(shape) == 2
    shape[-1] *= 2
    return tuple(shape)


with kt.expect_error(AttributeError):
    K.mean

# zh: 建模型没问题（输出形状是声明的）……
# en: building the model works (the output shape is declared) …
old_lambda_model = keras.Sequential([keras.Input(shape=(5,)),
                                     layers.Lambda(antirectifier_keras2, output_shape=antirectifier_output_shape)])
# zh: ……第一次运行才出错
# en: … the first real run fails
with kt.expect_error(AttributeError, match="no attribute 'mean'"):
    old_lambda_model(np.ones((2, 5)))

# %% [markdown]
# <!-- zh -->
# 用 `keras.ops` 重写。这次不给 `output_shape`：Keras 3 会用符号张量试运行一次函数，自己推出输出形状
# `(None, 10)`。文档说“使用 TensorFlow 时可自动推断”，今天在每个后端上都可以。
# <!-- en -->
# Rewritten with `keras.ops`. This time without `output_shape`: Keras 3 runs the function once on a
# symbolic tensor and works out the output shape `(None, 10)` itself. The document says the shape
# "can be inferred with TensorFlow"; today it is inferred on every backend.

# %%
def antirectifier(t):
    t = t - ops.mean(t, axis=1, keepdims=True)
    t = ops.normalize(t, axis=1, order=2)
    return ops.concatenate([ops.relu(t), ops.relu(-t)], axis=1)


anti_model = keras.Sequential([keras.Input(shape=(5,)), layers.Lambda(antirectifier)])
shapes.expect_shape(anti_model, (None, 10))

# %% [markdown]
# <!-- zh -->
# 用 NumPy 逐步手算一遍来核验。还有一个不用手算就能检查的性质：$\text{relu}(t)^2 + \text{relu}(-t)^2 = t^2$，
# 而 $t$ 的 L2 范数是 1，所以输出每一行的 L2 范数也是 1。
# <!-- en -->
# A step-by-step NumPy computation checks it. There is also a property to check without any
# arithmetic: $\text{relu}(t)^2 + \text{relu}(-t)^2 = t^2$ and $t$ has unit L2 norm, so every row of
# the output has unit L2 norm too.

# %%
batch = rng.normal(size=(4, 5)).astype("float32")
anti_out = keras.ops.convert_to_numpy(anti_model(batch))

centred = batch - batch.mean(axis=1, keepdims=True)
unit = centred / np.linalg.norm(centred, axis=1, keepdims=True)
anti_by_hand = np.concatenate([np.maximum(unit, 0), np.maximum(-unit, 0)], axis=1)
kt.verify_close(kt.pick("antirectifier 与 NumPy 手算一致", "antirectifier matches NumPy"), anti_out, anti_by_hand, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("每行输出的 L2 范数", "L2 norm of each output row"), np.linalg.norm(anti_out, axis=1), np.ones(4), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# `output_shape` 参数今天仍然可以用（文档的 `antirectifier_output_shape` 原样可用），但要知道：Keras
# **相信**你给的形状，不会去核对。写错了，模型图上的形状就是错的，真实输出却是另一个形状。所以除非自动推断失败，
# 否则不要写它。
# <!-- en -->
# The `output_shape` argument still works today (the document's `antirectifier_output_shape` works
# as it is), but know this: Keras **trusts** the shape you give and does not check it. Get it wrong,
# and the model's graph carries a wrong shape while the real output has another. So leave it out
# unless inference fails.

# %%
declared = keras.Sequential([keras.Input(shape=(5,)), layers.Lambda(antirectifier, output_shape=antirectifier_output_shape)])
shapes.expect_shape(declared, (None, 10))

wrong = keras.Sequential([keras.Input(shape=(3,)), layers.Lambda(lambda t: t, output_shape=(7,))])
kt.verify_equal(kt.pick("写错的 output_shape：模型以为是", "a wrong output_shape: the model believes"),
                wrong.output_shape, (None, 7))
kt.verify_equal(kt.pick("真实输出的形状却是", "while the real output has shape"),
                tuple(wrong(np.ones((1, 3))).shape), (1, 3))

# %% [markdown]
# <!-- zh -->
# 另外两个参数：`arguments` 是一个字典，调用函数时作为额外的关键字参数传进去；`mask` 让 Lambda 层输出一个掩码
# （可以是固定的掩码，也可以是一个 `mask(inputs, mask)` 函数），掩码的用途见第 11 节。
# <!-- en -->
# The two other arguments: `arguments` is a dict passed to the function as extra keyword arguments;
# `mask` makes the Lambda layer produce a mask (a fixed one, or a function `mask(inputs, mask)`);
# section 11 shows what masks are for.

# %%
cube = layers.Lambda(lambda t, power: t ** power, arguments={"power": 3})
kt.verify_close(kt.pick("arguments={'power': 3} 得到 x³", "arguments={'power': 3} gives x³"),
                keras.ops.convert_to_numpy(cube(values)), values ** 3, rtol=1e-6)

nonzero_steps = layers.Lambda(lambda t: t, mask=lambda inputs, mask: ops.any(ops.not_equal(inputs, 0), axis=-1))
steps_in = np.array([[[1.0, 2.0], [0.0, 0.0], [0.0, 3.0]]], "float32")
kt.verify_equal(kt.pick("mask 函数给出的掩码", "the mask from the mask function"),
                keras.ops.convert_to_numpy(nonzero_steps.compute_mask(steps_in, None)), np.array([[True, False, True]]))

# %% [markdown]
# <!-- zh -->
# ## 10. ActivityRegularization：只加惩罚项的层
#
# `ActivityRegularization(l1=0.0, l2=0.0)` 让数据原样通过，但根据通过它的激活值给损失加上一个惩罚项：
#
# $$\text{penalty} = \frac{l_1 \sum |x| + l_2 \sum x^2}{\text{批大小}}$$
#
# 除以批大小是 Keras 3.14 起的做法（文档没有提），这样惩罚的强度不随批大小变化；Keras 3.0 到 3.13 不除，
# 惩罚就是分子本身（Keras 2 是除的）。惩罚项出现在层的 `losses` 里，训练时加到损失上。第 3 课会细讲正则化器。
#
# > **勘误** 文档 001 这一节的标题是“ActivityRegularizer层”，但没有叫这个名字的层；正文写的
# > `ActivityRegularization` 才是类名。（`activity_regularizer` 是每个层都有的一个**参数**，见第 2 节。）
# <!-- en -->
# ## 10. ActivityRegularization: a layer that only adds a penalty
#
# `ActivityRegularization(l1=0.0, l2=0.0)` lets its data through unchanged, but adds a penalty to
# the loss based on the activations passing through:
#
# $$\text{penalty} = \frac{l_1 \sum |x| + l_2 \sum x^2}{\text{batch size}}$$
#
# Dividing by the batch size is what Keras does since version 3.14 (the document does not say so):
# it keeps the penalty's strength independent of the batch size. Keras 3.0 to 3.13 do not divide,
# and the penalty is the numerator alone (Keras 2 did divide). The penalty appears in the layer's `losses` and
# is added to the loss during training. Lesson 3 covers regularizers in depth.
#
# > **Erratum** Document 001 titles this section "ActivityRegularizer layer", but no layer has that
# > name; the class is `ActivityRegularization`, as the body of the section writes.
# > (`activity_regularizer` is an **argument** every layer has, see section 2.)

# %%
with kt.expect_error(AttributeError, match="ActivityRegularizer"):
    layers.ActivityRegularizer(l1=0.1)

# %%
act_reg = layers.ActivityRegularization(l1=0.1, l2=0.01)
activations = np.array([[1.0, -2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
passed = keras.ops.convert_to_numpy(act_reg(activations))
# zh: 和第 2 节一样按 Keras 版本定：3.14 起除以批大小，之前除以 1
# en: as in section 2, set by the Keras version: divided by the batch size since 3.14, by 1 before
activity_divisor = len(activations) if keras_minor >= (3, 14) else 1
penalty = (0.1 * np.abs(activations).sum() + 0.01 * (activations ** 2).sum()) / activity_divisor
print("keras", keras.__version__, kt.pick("手算：", "by hand:"),
      f"(0.1·{np.abs(activations).sum():g} + 0.01·{(activations ** 2).sum():g}) / {activity_divisor} = {penalty:.4f}")

kt.verify_equal(kt.pick("数据原样通过", "the data passes unchanged"), passed, activations)
kt.verify_close(kt.pick("层的 losses 里的惩罚项", "the penalty in the layer's losses"),
                float(act_reg.losses[0]), penalty, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 11. Masking：标记要跳过的时间步
#
# 文档 001 对 `Masking(mask_value=0.0)` 只给了签名。它的作用是：在形状为 `(batch, timesteps, features)`
# 的序列里，如果某个时间步的**所有**特征都等于 `mask_value`，就把这一步标记为“跳过”（通常是补齐长度用的填充值）。
# 这个掩码跟着张量往下传，支持掩码的层（LSTM、GRU、`GlobalAveragePooling1D` 等）会忽略被标记的时间步。
# 被标记的时间步在输出里被置为 0。
#
# 下面用 `mask_value=-1`：第 2 步两个特征都是 -1，被跳过；第 3 步只有一个特征是 -1，不跳过。
# <!-- en -->
# ## 11. Masking: marking timesteps to skip
#
# Document 001 gives only the signature of `Masking(mask_value=0.0)`. What it does: in a sequence
# of shape `(batch, timesteps, features)`, a timestep whose features **all** equal `mask_value` is
# marked "skip" (usually padding added to even out lengths). The mask travels with the tensor, and
# the layers that support masks (LSTM, GRU, `GlobalAveragePooling1D` …) ignore the marked timesteps.
# The marked timesteps are set to 0 in the output.
#
# Below with `mask_value=-1`: step 2 has both features equal to -1 and is skipped; step 3 has only
# one, so it is kept.

# %%
masking = layers.Masking(mask_value=-1.0)
padded = np.array([[[1.0, 2.0], [-1.0, -1.0], [-1.0, 5.0]]], "float32")
mask = keras.ops.convert_to_numpy(masking.compute_mask(padded))
masked_out = keras.ops.convert_to_numpy(masking(padded))
print(kt.pick("掩码：", "mask:"), mask)
print(kt.pick("输出：", "output:"), masked_out.tolist())
kt.verify_equal(kt.pick("掩码：所有特征都等于 -1 的步才被跳过", "mask: only a step whose features all equal -1 is skipped"),
                mask, np.array([[True, False, True]]))
kt.verify_equal(kt.pick("被跳过的步在输出中变成 0", "the skipped step becomes 0 in the output"), masked_out[0, 1], np.zeros(2))

# %% [markdown]
# <!-- zh -->
# 掩码的效果：`GlobalAveragePooling1D` 在时间步上求平均，有掩码时只对没被跳过的第 1、3 步求平均。
# 第 8 课会让掩码进入 LSTM。
# <!-- en -->
# What the mask does: `GlobalAveragePooling1D` averages over the timesteps, and with a mask it
# averages only steps 1 and 3, which were not skipped. Lesson 8 feeds a mask into an LSTM.

# %%
seq_in = keras.Input(shape=(3, 2))
mean_model = keras.Model(seq_in, layers.GlobalAveragePooling1D()(layers.Masking(mask_value=-1.0)(seq_in)))
masked_mean = keras.ops.convert_to_numpy(mean_model(padded))
kt.verify_close(kt.pick("只对第 1、3 步求平均", "the average of steps 1 and 3 only"),
                masked_mean, padded[:, [0, 2], :].mean(axis=1), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 12. 层的方法
#
# 文档 001 开头列出了每个层都有的方法。逐个来看。
#
# ### 12.1 `get_weights()` 和 `set_weights(weights)`
#
# `get_weights()` 返回层的权重，是 NumPy 数组组成的列表（Dense 是 `[kernel, bias]`）；`set_weights`
# 用同样形状的列表把权重写回去。下面给一个 Dense 层写入我们自己选的数，再用公式核验输出。
# <!-- en -->
# ## 12. Layer methods
#
# Document 001 opens with the methods every layer has. One at a time.
#
# ### 12.1 `get_weights()` and `set_weights(weights)`
#
# `get_weights()` returns the layer's weights as a list of NumPy arrays (`[kernel, bias]` for
# Dense); `set_weights` writes back a list of the same shapes. Below, a Dense layer gets numbers of
# our choosing, and the formula checks its output.

# %%
small = layers.Dense(2)
small.build((None, 3))
print([w.shape for w in small.get_weights()])

chosen_kernel = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]], "float32")
chosen_bias = np.array([0.5, -0.5], "float32")
small.set_weights([chosen_kernel, chosen_bias])

probe = np.array([[1.0, 2.0, 3.0]], "float32")
# zh: 手算：[1+0+3, 0+2−3] + [0.5, −0.5] = [4.5, −1.5]
# en: by hand: [1+0+3, 0+2−3] + [0.5, −0.5] = [4.5, −1.5]
kt.verify_close(kt.pick("set_weights 之后的输出", "output after set_weights"),
                keras.ops.convert_to_numpy(small(probe)), np.array([[4.5, -1.5]]), rtol=1e-6)

# zh: 形状不对会被拒绝
# en: wrong shapes are refused
with kt.expect_error(ValueError):
    small.set_weights([np.zeros((4, 2)), np.zeros(2)])

# %% [markdown]
# <!-- zh -->
# ### 12.2 `get_config()` 和用配置重建层
#
# `get_config()` 返回一个字典，记下创建这个层用的所有参数，但**不含**权重。`类名.from_config(config)`
# 用它造出一个一模一样设置的新层；新层还没有权重，要先构建，再用 `set_weights` 把权重复制过去。
# <!-- en -->
# ### 12.2 `get_config()` and rebuilding a layer from its config
#
# `get_config()` returns a dict of every argument the layer was created with, but **not** its
# weights. `ClassName.from_config(config)` makes a new layer with identical settings; the new layer
# has no weights yet, so build it first, then copy the weights over with `set_weights`.

# %%
original = layers.Dense(3, activation="sigmoid", kernel_initializer="he_normal", name="original")
original.build((None, 4))
config = original.get_config()
print({key: config[key] for key in ("name", "units", "activation", "use_bias")})

rebuilt = layers.Dense.from_config(config)
print(kt.pick("重建后已构建：", "rebuilt layer built:"), rebuilt.built)
rebuilt.build((None, 4))
rebuilt.set_weights(original.get_weights())

probe4 = rng.normal(size=(2, 4)).astype("float32")
kt.verify_equal(kt.pick("重建的层配置相同", "the rebuilt layer has the same config"), rebuilt.get_config() == config, True)
kt.verify_close(kt.pick("复制权重后输出相同", "same output once the weights are copied"),
                keras.ops.convert_to_numpy(rebuilt(probe4)), keras.ops.convert_to_numpy(original(probe4)), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 用 `layer_from_config(config)` 从配置重建层。这个函数已经没有了。
# > 今天有两种做法：知道类名时用 `类名.from_config(config)`（上面的做法）；不知道类名时，先用
# > `keras.layers.serialize(layer)` 得到一个带类名的字典 `{"class_name": …, "config": …}`，再用
# > `keras.layers.deserialize(…)` 重建，它会自己找到对应的类。
# <!-- en -->
# > **Changed in Keras 3** Document 001 rebuilds a layer with `layer_from_config(config)`. That
# > function is gone. Today there are two ways: when you know the class, `ClassName.from_config(config)`
# > (as above); when you do not, `keras.layers.serialize(layer)` gives a dict that names the class,
# > `{"class_name": …, "config": …}`, and `keras.layers.deserialize(…)` rebuilds from it, finding the
# > class by itself.

# %%
with kt.expect_error(AttributeError, match="layer_from_config"):
    keras.layers.layer_from_config(config)

# %%
serialized = keras.layers.serialize(original)
print({key: serialized[key] for key in ("module", "class_name")})
from_dict = keras.layers.deserialize(serialized)
kt.verify_equal(kt.pick("deserialize 重建出的类和配置", "class and config rebuilt by deserialize"),
                (type(from_dict).__name__, from_dict.get_config() == config), ("Dense", True))

# %% [markdown]
# <!-- zh -->
# Lambda 层要小心：它的配置里存的是 Python 函数的字节码。为了安全（加载别人的文件时不能执行任意代码），
# Keras 3 加载时（`keras.layers.deserialize`、`keras.models.load_model`）默认处在“安全模式”，拒绝重建带 Python
# `lambda` 的 Lambda 层；只有确认来源可信时，才传 `safe_mode=False`。从 Keras 3.15 起，直接调用
# `Lambda.from_config(config)` 也同样拒绝；3.14 及更早的版本里它会照样重建。需要保存的自定义计算，
# 更好的做法是写一个层的子类（第 12 课）。
# <!-- en -->
# Take care with Lambda layers: their config stores the Python function's bytecode. For safety
# (loading someone else's file must not run arbitrary code), Keras 3 loads (`keras.layers.deserialize`,
# `keras.models.load_model`) in "safe mode" by default and refuses to rebuild a Lambda layer holding a
# Python `lambda`; pass `safe_mode=False` only when you trust the source. Since Keras 3.15, calling
# `Lambda.from_config(config)` directly refuses too; Keras 3.14 and earlier rebuild the layer there.
# For a custom computation you need to save, writing a layer subclass is the better way (lesson 12).

# %%
with kt.expect_error(ValueError, match="safe_mode"):
    keras.layers.deserialize(keras.layers.serialize(square))
if keras_minor >= (3, 15):
    with kt.expect_error(ValueError, match="safe_mode"):
        layers.Lambda.from_config(square.get_config())

trusted = layers.Lambda.from_config(square.get_config(), safe_mode=False)
kt.verify_close(kt.pick("safe_mode=False 重建的 Lambda 仍然算 x²", "the Lambda rebuilt with safe_mode=False still squares"),
                keras.ops.convert_to_numpy(trusted(values)), values ** 2, rtol=0)

# %% [markdown]
# <!-- zh -->
# ### 12.3 `layer.input` 和 `layer.output`
#
# 层在符号张量（`keras.Input` 或它的下游）上被调用时，Keras 会记下一个**计算节点**：这次调用的输入张量和
# 输出张量。`layer.input` 和 `layer.output` 读的就是它们。只在真实数据上调用过的层没有节点，也就没有这两个属性。
# <!-- en -->
# ### 12.3 `layer.input` and `layer.output`
#
# When a layer is called on a symbolic tensor (a `keras.Input` or anything downstream of one), Keras
# records a **node**: that call's input and output tensors. `layer.input` and `layer.output` read
# them. A layer only ever called on real data has no node, and so neither attribute.

# %%
inputs = keras.Input(shape=(4,), name="features")
hidden_layer = layers.Dense(8, activation="relu", name="hidden")
hidden = hidden_layer(inputs)
outputs = layers.Dense(2, name="head")(hidden)
net = keras.Model(inputs, outputs)

print("hidden.input :", hidden_layer.input)
print("hidden.output:", hidden_layer.output)
kt.verify_true(kt.pick("layer.input 就是调用时传入的张量", "layer.input is the tensor passed in the call"),
               hidden_layer.input is inputs)
shapes.expect_shape(hidden_layer.output, (None, 8))

with kt.expect_error(AttributeError, match="never been called"):
    layers.Dense(8).output

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 还列出 `layer.input_shape`、`layer.output_shape`，以及多节点时的
# > `get_input_at(i)`、`get_output_at(i)`、`get_input_shape_at(i)`、`get_output_shape_at(i)`。这六个在
# > Keras 3 的层上都没有了。今天拿形状的办法：
# >
# > - `layer.input.shape` / `layer.output.shape`；
# > - `layer.compute_output_shape(输入形状)`：不用调用层，直接问它输出形状；
# > - `model.summary()` 或课程的 `shapes.trace(model)` 列出每一层；模型（不是层）仍然有
# >   `model.input_shape` / `model.output_shape`。
# <!-- en -->
# > **Changed in Keras 3** Document 001 also lists `layer.input_shape`, `layer.output_shape` and,
# > for several nodes, `get_input_at(i)`, `get_output_at(i)`, `get_input_shape_at(i)`,
# > `get_output_shape_at(i)`. None of the six exists on a Keras 3 layer. Today's ways to get shapes:
# >
# > - `layer.input.shape` / `layer.output.shape`;
# > - `layer.compute_output_shape(input_shape)`: ask a layer for its output shape without calling it;
# > - `model.summary()` or the course's `shapes.trace(model)` for every layer; models (not layers)
# >   still have `model.input_shape` / `model.output_shape`.

# %%
for attribute in ("input_shape", "output_shape"):
    with kt.expect_error(AttributeError, match=attribute):
        getattr(hidden_layer, attribute)
for method in ("get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at"):
    with kt.expect_error(AttributeError, match=method):
        getattr(hidden_layer, method)(0)

# %%
net.summary()
kt.verify_equal(kt.pick("layer.input.shape 和 layer.output.shape 给出输入、输出形状", "layer.input.shape and layer.output.shape give the input and output shapes"),
                (tuple(hidden_layer.input.shape), tuple(hidden_layer.output.shape)), ((None, 4), (None, 8)))
kt.verify_equal(kt.pick("compute_output_shape((None, 4)) 不调用层就给出输出形状", "compute_output_shape((None, 4)) gives the output shape without a call"),
                tuple(hidden_layer.compute_output_shape((None, 4))), (None, 8))
kt.verify_equal(kt.pick("模型仍有 input_shape 和 output_shape", "a model still has input_shape and output_shape"),
                (net.input_shape, net.output_shape), ((None, 4), (None, 2)))

# %% [markdown]
# <!-- zh -->
# ### 12.4 被调用多次的层（共享层）
#
# 同一个层对象可以在模型里调用多次（共享层，第 11 课细讲），每次调用产生一个节点。文档说这时要用
# `get_output_at(节点编号)`。
#
# > **版本变化（Keras 3）** Keras 2 里，对有多个节点的层读 `layer.output` 会报错，提示改用 `get_output_at`。
# > Keras 3 不报错了：`layer.output` **只返回第一次调用**的输出，其余调用的输出不会告诉你。今天拿到每次调用的
# > 输出，公开的办法是**留住每次调用返回的张量**（或者从 `model.outputs` 里取）。层内部的 `_inbound_nodes`
# > 确实记着所有节点，但开头的下划线表示它是私有属性，随时可能改变，不要在自己的代码里依赖它。
# <!-- en -->
# ### 12.4 A layer called more than once (a shared layer)
#
# One layer object can be called several times in a model (a shared layer, covered in lesson 11);
# each call makes a node. The document says to use `get_output_at(node_index)` then.
#
# > **Changed in Keras 3** In Keras 2, reading `layer.output` on a layer with several nodes raised an
# > error pointing to `get_output_at`. Keras 3 raises nothing: `layer.output` **returns the first
# > call's output only** and says nothing about the others. The public way to get every call's
# > output today is to **keep the tensor each call returns** (or take it from `model.outputs`).
# > The layer's internal `_inbound_nodes` does record all nodes, but the leading underscore marks
# > it private, free to change at any time: do not rely on it in your own code.

# %%
left, right = keras.Input(shape=(3,), name="left"), keras.Input(shape=(3,), name="right")
shared = layers.Dense(2, name="shared")
out_left = shared(left)
out_right = shared(right)
pair = keras.Model([left, right], [out_left, out_right])

with kt.expect_error(AttributeError, match="get_output_at"):
    shared.get_output_at(1)

kt.verify_true(kt.pick("shared.output 是第一次调用的输出", "shared.output is the first call's output"), shared.output is out_left)
kt.verify_true(kt.pick("第二次调用的输出要自己留住：它不是 shared.output", "keep the second call's output yourself: it is not shared.output"),
               shared.output is not out_right and pair.outputs[1] is out_right)
# zh: 仅为了看清楚：私有的 _inbound_nodes 里有两个节点（不要在自己的代码里这样用）
# en: only to see it: the private _inbound_nodes holds two nodes (do not do this in your own code)
kt.verify_equal(kt.pick("共享层的节点数", "the number of nodes of the shared layer"), len(shared._inbound_nodes), 2)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - `Dense` 计算 `activation(dot(input, kernel) + bias)`；`Activation` 单独施加激活函数，形状不变。
# - `Dropout` 训练时以概率 `rate` 置零、留下的乘以 $1/(1-\text{rate})$，推理时原样输出；`seed` 让结果可复现，
#   `noise_shape` 让掩码在某些轴上共享。
# - `Flatten`、`Reshape`（一个 `-1`）、`Permute`（从 1 编号，换的是轴）、`RepeatVector` 只改变形状或排列，
#   不改变数值；我们都用 NumPy 对照过。
# - `Lambda` 用 `keras.ops` 写函数，输出形状自动推断；`ActivityRegularization` 加惩罚项
#   $(l_1\sum|x| + l_2\sum x^2)/\text{批大小}$（Keras 3.14 起；之前不除）；`Masking` 标记全等于 `mask_value` 的时间步。
# - 层的方法：`get_weights`/`set_weights`，`get_config` + `from_config` 或 `serialize`/`deserialize`
#   重建层（不含权重），`layer.input`/`layer.output` 只看第一次调用。
#
# 旧写法和今天的写法：
#
# | 旧文档 | Keras 3 |
# |---|---|
# | `keras.layers.core.Dense` | `keras.layers.Dense` |
# | `Dense(output_dim, init, W_regularizer, b_constraint, input_dim)` | `Dense(units, kernel_initializer, kernel_regularizer, bias_constraint)` + `keras.Input` |
# | `Dropout(p=0.5)` | `Dropout(rate=0.5)` |
# | `K.mean`、`K.l2_normalize`、`K.relu`、`K.concatenate` | `ops.mean`、`ops.normalize`、`ops.relu`、`ops.concatenate` |
# | `layer_from_config(config)` | `类名.from_config(config)` 或 `keras.layers.deserialize` |
# | `layer.input_shape`、`layer.output_shape` | `layer.input.shape`、`layer.output.shape`、`compute_output_shape` |
# | `get_output_at(i)` 等 | 留住每次调用返回的张量 |
#
# 练习：`exercises/zh/05_core_layers.ipynb`。下一课：**第 6 课　卷积层**。
# <!-- en -->
# ## Summary
#
# - `Dense` computes `activation(dot(input, kernel) + bias)`; `Activation` applies an activation on
#   its own and keeps the shape.
# - `Dropout` zeroes elements with probability `rate` in training and multiplies the survivors by
#   $1/(1-\text{rate})$; in inference it passes its input through. `seed` makes it repeatable,
#   `noise_shape` shares the mask along some axes.
# - `Flatten`, `Reshape` (one `-1`), `Permute` (counting from 1, it moves axes) and `RepeatVector`
#   change shapes or arrangement, never values; we checked each against NumPy.
# - `Lambda` takes a function written with `keras.ops` and infers its output shape;
#   `ActivityRegularization` adds the penalty $(l_1\sum|x| + l_2\sum x^2)/\text{batch size}$ (since
#   Keras 3.14; not divided before); `Masking` marks the timesteps whose features all equal
#   `mask_value`.
# - Layer methods: `get_weights`/`set_weights`; `get_config` + `from_config`, or
#   `serialize`/`deserialize`, to rebuild a layer (without its weights); `layer.input`/`layer.output`
#   see the first call only.
#
# Old forms and today's:
#
# | old documents | Keras 3 |
# |---|---|
# | `keras.layers.core.Dense` | `keras.layers.Dense` |
# | `Dense(output_dim, init, W_regularizer, b_constraint, input_dim)` | `Dense(units, kernel_initializer, kernel_regularizer, bias_constraint)` + `keras.Input` |
# | `Dropout(p=0.5)` | `Dropout(rate=0.5)` |
# | `K.mean`, `K.l2_normalize`, `K.relu`, `K.concatenate` | `ops.mean`, `ops.normalize`, `ops.relu`, `ops.concatenate` |
# | `layer_from_config(config)` | `ClassName.from_config(config)` or `keras.layers.deserialize` |
# | `layer.input_shape`, `layer.output_shape` | `layer.input.shape`, `layer.output.shape`, `compute_output_shape` |
# | `get_output_at(i)` etc. | keep the tensor each call returns |
#
# Exercise: `exercises/en/05_core_layers.ipynb`. Next: **Lesson 6 · Convolution layers**.
