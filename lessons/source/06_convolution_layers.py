# %% [markdown]
# <!-- zh -->
# # 第 6 课　卷积层
#
# 这一课讲 Keras 的卷积层和与卷积配套的“形状层”：`Conv1D`、`Conv2D`、`SeparableConv2D`、`Conv2DTranspose`、
# `Conv3D`，以及 `Cropping1D/2D/3D`、`UpSampling1D/2D/3D`、`ZeroPadding1D/2D/3D`。
#
# 学完后你能够：
# - 写出每个层的输出形状公式（填充 `valid` / `same` / `causal`、步长、膨胀），并在真实张量上核验；
# - 用 NumPy 手算一次卷积，确认 Keras 算的就是它；
# - 说清 `channels_last` 和 `channels_first` 的区别，以及在 TensorFlow 的 CPU 上它们何时能运行（oneDNN）；
# - 手算可分离卷积和普通卷积的参数个数；
# - 把旧文档里 `Convolution2D(64, 3, 3, border_mode=…)` 这类 Keras 1 写法改成 Keras 3 写法。
#
# 对应原文：文档 001 的“卷积层”2.1–3.4 节；文档 002 层表格的第 8 行。
# <!-- en -->
# # Lesson 6 · Convolution layers
#
# This lesson covers Keras's convolution layers and the "shape layers" that go with them: `Conv1D`,
# `Conv2D`, `SeparableConv2D`, `Conv2DTranspose`, `Conv3D`, and `Cropping1D/2D/3D`,
# `UpSampling1D/2D/3D`, `ZeroPadding1D/2D/3D`.
#
# By the end you will be able to:
# - write the output-shape formula of each layer (padding `valid` / `same` / `causal`, strides,
#   dilation) and check it on real tensors;
# - compute a convolution by hand with NumPy and confirm it is what Keras computes;
# - explain `channels_last` against `channels_first`, and when TensorFlow's CPU can run them (oneDNN);
# - count the parameters of a separable convolution and of an ordinary one by hand;
# - turn the Keras 1 calls of the old documents, such as `Convolution2D(64, 3, 3, border_mode=…)`,
#   into Keras 3.
#
# Follows: document 001, "convolutional layers", sections 2.1–3.4; row 8 of the layer table in
# document 002.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import inspect
import re

import keras
import numpy as np
from keras import layers
from kerastutor import shapes, widgets
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(SEED)


def as_numpy(t):
    return keras.ops.convert_to_numpy(t)


keras_minor = tuple(int(part) for part in keras.__version__.split(".")[:2])


# %% [markdown]
# <!-- zh -->
# ## 1. Conv1D：沿一个轴滑动的窗口
#
# `Conv1D(filters, kernel_size)` 的输入是 `(批次, 时间步, 通道)`。它的卷积核形状是
# `(kernel_size, 输入通道数, filters)`：一个长 `kernel_size` 的窗口沿时间轴滑动，每到一个位置，
# 把窗口里的所有数和卷积核逐个相乘再相加，再加上偏置：
#
# $$\text{out}[t, f] = \sum_{j=0}^{k-1} \sum_{c} x[t \cdot s + j \cdot d,\ c]\; W[j, c, f] + b[f]$$
#
# 其中 $k$ 是 `kernel_size`，$s$ 是步长 `strides`，$d$ 是膨胀率 `dilation_rate`。注意卷积核**没有翻转**：
# 深度学习里的“卷积”严格说是互相关。下面用 NumPy 按这个公式算一遍。
# <!-- en -->
# ## 1. Conv1D: a window sliding along one axis
#
# `Conv1D(filters, kernel_size)` takes input shaped `(batch, steps, channels)`. Its kernel has shape
# `(kernel_size, input channels, filters)`: a window `kernel_size` long slides along the time axis;
# at each position it multiplies everything in the window by the kernel, adds it all up, and adds
# the bias:
#
# $$\text{out}[t, f] = \sum_{j=0}^{k-1} \sum_{c} x[t \cdot s + j \cdot d,\ c]\; W[j, c, f] + b[f]$$
#
# with $k$ the `kernel_size`, $s$ the `strides` and $d$ the `dilation_rate`. Note that the kernel is
# **not flipped**: what deep learning calls a convolution is, strictly, a cross-correlation. Below,
# NumPy computes this formula.

# %%
def conv1d_numpy(x, kernel, bias, strides=1, dilation=1):
    """Valid 1-D convolution of x (batch, n, channels) with kernel (k, channels, filters)."""
    k = kernel.shape[0]
    length = (x.shape[1] - dilation * (k - 1) - 1) // strides + 1
    out = np.zeros((x.shape[0], length, kernel.shape[2]), dtype="float64")
    for j in range(k):
        start = j * dilation
        taps = x[:, start:start + (length - 1) * strides + 1:strides, :]
        out += taps @ kernel[j]
    return out + bias


signal = rng.normal(size=(2, 8, 3)).astype("float32")
conv1d = layers.Conv1D(4, 3, bias_initializer="random_normal")
out1d = as_numpy(conv1d(signal))
kernel1d, bias1d = conv1d.get_weights()
print("kernel:", kernel1d.shape, " output:", out1d.shape)
kt.verify_close(kt.pick("Conv1D = NumPy 手算", "Conv1D = NumPy by hand"), out1d, conv1d_numpy(signal, kernel1d, bias1d),
                rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# 文档 001 说：`(10, 128)` 表示长 10 的序列，每一步是一个 128 维向量；`(None, 128)` 表示长度不定的 128 维向量序列。
# 卷积核的形状和序列长度无关，所以同一个层可以处理任意长度（只要不短于窗口）。
# <!-- en -->
# Document 001 says: `(10, 128)` is a sequence of length 10 with a 128-vector at each step, and
# `(None, 128)` a sequence of 128-vectors of any length. The kernel's shape does not depend on the
# sequence length, so one layer handles any length (as long as it is not shorter than the window).

# %%
seq_in = keras.Input(shape=(None, 128))
seq_model = keras.Model(seq_in, layers.Conv1D(16, 3)(seq_in))
shapes.expect_shape(seq_model, (None, None, 16))
for steps in (10, 25):
    shapes.expect_shape(seq_model(np.zeros((1, steps, 128), "float32")), (1, steps - 2, 16))

# %% [markdown]
# <!-- zh -->
# ## 2. 输出长度：填充、步长和膨胀
#
# 膨胀率为 $d$ 的窗口在输入上跨过 $k' = d\,(k-1) + 1$ 个位置。三种填充方式：
#
# - `valid`：不填充，窗口只放在完全落在输入里的位置：$L = \lfloor (n - k') / s \rfloor + 1$；
# - `same`：在两端补 0（右边可能多一个），让每个位置都有输出：$L = \lceil n / s \rceil$；
# - `causal`（只有 Conv1D 有）：只在**左边**补 $d\,(k-1)$ 个 0，于是 `output[t]` 只依赖 `input[:t+1]`，
#   不会看到未来：$L = \lfloor (n - 1) / s \rfloor + 1$（步长为 1 时就是 $n$）。
#
# 课程的 `shapes.conv_length(n, k, s, padding, d)` 按这些公式算出长度，并给出每一端补了几个 0（`.pad`）。
# 下面对一组设置逐个检查：形状和公式一致；数值和“先在 NumPy 里补 0，再做 valid 卷积”一致。
# <!-- en -->
# ## 2. Output length: padding, strides and dilation
#
# A window with dilation rate $d$ spans $k' = d\,(k-1) + 1$ input positions. The three paddings:
#
# - `valid`: no padding; the window only sits where it fits entirely inside the input:
#   $L = \lfloor (n - k') / s \rfloor + 1$;
# - `same`: zeros at both ends (possibly one more on the right) so that every position gets an
#   output: $L = \lceil n / s \rceil$;
# - `causal` (Conv1D only): $d\,(k-1)$ zeros on the **left** only, so `output[t]` depends on
#   `input[:t+1]` alone and never sees the future: $L = \lfloor (n - 1) / s \rfloor + 1$ ($n$ for
#   stride 1).
#
# The course's `shapes.conv_length(n, k, s, padding, d)` computes the length by these formulas and
# says how many zeros go at each end (`.pad`). Below, a set of settings, each checked twice: the
# shape against the formula, and the values against "pad with zeros in NumPy, then a valid
# convolution".

# %%
n, k = 10, 3
ten = rng.normal(size=(1, n, 2)).astype("float32")
settings = [("valid", 1, 1), ("valid", 2, 1), ("valid", 1, 2), ("same", 1, 1), ("same", 3, 1),
            ("same", 1, 2), ("causal", 1, 1), ("causal", 1, 3), ("causal", 2, 1)]
for padding, strides, dilation in settings:
    layer = layers.Conv1D(1, k, strides=strides, padding=padding, dilation_rate=dilation)
    out = as_numpy(layer(ten))
    length = shapes.conv_length(n, k, strides, padding, dilation)
    left, right = length.pad
    padded = np.pad(ten, ((0, 0), (left, right), (0, 0)))
    by_hand = conv1d_numpy(padded, *layer.get_weights(), strides=strides, dilation=dilation)
    label = f"{padding:<6} s={strides} d={dilation}: {length.text}"
    kt.verify_equal(label, out.shape[1], length.value)
    kt.verify_close(kt.pick(f"    数值（左边补 {left} 个 0，右边补 {right} 个）", f"    values (zeros: {left} left, {right} right)"),
                    out, by_hand, rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# 上面只是 9 种设置。公式要经得起边界情况：步长比卷积核还大（窗口之间有跳过的位置）、长度不能被步长整除、
# 卷积核长 1、膨胀后窗口几乎和输入一样长。下面把三个公式原样写成 Python（不用课程的 `shapes`），
# 在几百种组合上和 Keras 真实输出的长度逐个比较。
# <!-- en -->
# Those were nine settings. A formula has to hold at the edges too: strides larger than the kernel
# (positions the window skips), lengths the stride does not divide, a kernel of length 1, a dilated
# window almost as long as the input. Below, the three formulas written out in plain Python (not the
# course's `shapes`), compared with the length of Keras's real output over a few hundred
# combinations.

# %%
def conv_length_formula(n, k, s, padding, d):
    """The three formulas above, as the lesson states them."""
    k_eff = d * (k - 1) + 1
    if padding == "valid":
        return (n - k_eff) // s + 1
    if padding == "same":
        return -(-n // s)  # ⌈n / s⌉
    return (n - 1) // s + 1  # causal


conv_grid = [(n, k, s, padding, d) for n in (5, 7, 10) for k in (1, 2, 3, 5) for s in (1, 2, 3, 4, 6)
             for d in (1, 2, 3) for padding in ("valid", "same", "causal")
             if (s == 1 or d == 1) and (padding != "valid" or d * (k - 1) + 1 <= n)]
conv_misses = [case for case in conv_grid
               if layers.Conv1D(1, case[1], strides=case[2], padding=case[3], dilation_rate=case[4])(
                   np.zeros((1, case[0], 1), "float32")).shape[1] != conv_length_formula(*case)]
print(kt.pick(f"{len(conv_grid)} 种组合，其中 s > k 的有 {sum(s > k for _, k, s, _, _ in conv_grid)} 种",
              f"{len(conv_grid)} combinations, {sum(s > k for _, k, s, _, _ in conv_grid)} of them with s > k"))
kt.verify_equal(kt.pick("公式算错长度的组合", "combinations where a formula gets the length wrong"), conv_misses, [])

# %% [markdown]
# <!-- zh -->
# “因果”的意思可以直接检验：只改动第 6 步及以后的输入，`causal` 卷积前 6 个输出一个都不变；`same` 卷积的
# 第 5 个输出已经变了，因为它的窗口伸到了第 6 步。
# <!-- en -->
# "Causal" can be checked directly: change only the inputs from step 6 on, and the first 6 outputs
# of the `causal` convolution do not move at all; the `same` convolution's output 5 has already
# changed, because its window reaches step 6.

# %%
future = ten.copy()
future[:, 6:, :] += 10.0
causal_layer = layers.Conv1D(1, 3, padding="causal")
same_layer = layers.Conv1D(1, 3, padding="same")
causal_diff = np.abs(as_numpy(causal_layer(future)) - as_numpy(causal_layer(ten)))[0, :, 0]
same_diff = np.abs(as_numpy(same_layer(future)) - as_numpy(same_layer(ten)))[0, :, 0]
kt.verify_true(kt.pick("causal：前 6 个输出不受未来输入影响", "causal: the first 6 outputs ignore the future"),
               np.all(causal_diff[:6] == 0))
kt.verify_true(kt.pick("same：第 5 个输出看到了第 6 步", "same: output 5 sees step 6"), same_diff[5] > 0)

# %% [markdown]
# <!-- zh -->
# 在下面的计算器里试试：改变填充方式、步长和膨胀率，看每个输出的窗口落在输入的哪些位置，灰色的是补的 0。
# <!-- en -->
# Try it in the calculator below: change the padding, strides and dilation, and see where each
# output's window lands on the input; the grey cells are the padding zeros.

# %%
calc = widgets.conv_core.compute(widgets.conv_core.normalize(
    dict(widgets.conv_core.DEFAULTS, n=10, kernel_size=3, padding="causal", dilation_rate=2)))
kt.verify_equal(kt.pick("计算器：causal、d=2 时第 0 个输出读取的位置", "calculator: positions read by output 0, causal, d=2"),
                calc["windows"][0], [-4, -2, 0])
widgets.conv_shape_calculator(n=10, kernel_size=3, padding="causal", dilation_rate=2)

# %% [markdown]
# <!-- zh -->
# 文档说“任何不为 1 的 strides 均与任何不为 1 的 dilation_rate 均不兼容”，今天依然如此：
# <!-- en -->
# The document says strides other than 1 cannot be combined with a dilation rate other than 1. It
# is still true today:

# %%
with kt.expect_error(ValueError, match="dilation_rate"):
    layers.Conv1D(4, 3, strides=2, dilation_rate=2)(ten)

# %% [markdown]
# <!-- zh -->
# 文档 001 还有一个提示：对 `(10, 32)` 的信号做一维卷积，相当于把它看成一张 10×32、单通道的图，用
# `(kernel_size, 32)` 的卷积核做二维卷积。下面把同一组权重放进两个层里核验。
# <!-- en -->
# Document 001 adds a tip: a 1-D convolution over a `(10, 32)` signal equals a 2-D convolution with a
# `(kernel_size, 32)` kernel over the signal seen as a 10×32 single-channel image. Below, the same
# weights go into both layers.

# %%
signal32 = rng.normal(size=(2, 10, 32)).astype("float32")
as_1d = layers.Conv1D(4, 3)
out_1d = as_numpy(as_1d(signal32))
as_2d = layers.Conv2D(4, (3, 32))
as_2d.build((None, 10, 32, 1))
w1d, b1d = as_1d.get_weights()
# zh: (3, 32, 4) → (3, 32, 1, 4)：多出来的一维是图像的单个通道
# en: (3, 32, 4) → (3, 32, 1, 4): the new axis is the image's single channel
as_2d.set_weights([w1d[:, :, np.newaxis, :], b1d])
out_2d = as_numpy(as_2d(signal32[..., np.newaxis]))
shapes.expect_shape(out_2d, (2, 8, 1, 4))
kt.verify_close(kt.pick("Conv1D = 卷积核 (3, 32) 的 Conv2D", "Conv1D = Conv2D with a (3, 32) kernel"),
                out_1d, out_2d[:, :, 0, :], rtol=1e-5, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 3. Conv2D：二维卷积
#
# `Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1), …)`
# 的窗口在行和列两个方向上滑动。默认的 `channels_last` 下输入是 `(批次, 行, 列, 通道)`，卷积核是
# `(kh, kw, 输入通道, filters)`。每个空间轴各自套用第 2 节的长度公式，输出通道数就是 `filters`。
# 参数个数是 $k_h k_w \cdot C_\text{in} \cdot F + F$。
#
# > **勘误** 文档说 `kernel_size` 是“卷积核的宽度和长度”。顺序其实是先**高**（行）后**宽**（列）：
# > `kernel_size=(3, 2)` 是 3 行 2 列的窗口。`strides`、`dilation_rate`、`Cropping2D` 的参数也都是先行后列。
#
# 下面用一个长方形的例子检查：9×7 的输入、3×2 的窗口、行方向步长 2。
# <!-- en -->
# ## 3. Conv2D: two-dimensional convolution
#
# `Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1), …)`
# slides its window along rows and columns. Under the default `channels_last` the input is
# `(batch, rows, cols, channels)` and the kernel `(kh, kw, input channels, filters)`. Each spatial
# axis gets section 2's length formula on its own, and the number of output channels is
# `filters`. The parameter count is $k_h k_w \cdot C_\text{in} \cdot F + F$.
#
# > **Erratum** The document calls `kernel_size` "the width and length of the kernel". The order is
# > **height** (rows) first, then **width** (columns): `kernel_size=(3, 2)` is a window of 3 rows and
# > 2 columns. `strides`, `dilation_rate` and `Cropping2D`'s argument are rows-first too.
#
# A rectangular example checks it: a 9×7 input, a 3×2 window, stride 2 along the rows.

# %%
def conv_numpy(x, kernel, bias, strides, dilation=None):
    """Valid 2-D or 3-D convolution, channels_last: x (batch, *spatial, C), kernel (*k, C, F)."""
    rank = kernel.ndim - 2
    dilation = dilation or (1,) * rank
    reach = [d * (k - 1) + 1 for k, d in zip(kernel.shape[:rank], dilation)]
    windows = sliding_window_view(x, reach, axis=tuple(range(1, rank + 1)))  # (batch, *out, C, *reach)
    windows = windows[(Ellipsis, *[slice(None, None, d) for d in dilation])]  # every d-th tap
    taps = "ijk"[:rank]
    out = np.einsum(f"b...C{taps},{taps}Cf->b...f", windows, kernel)
    return out[(slice(None), *[slice(None, None, s) for s in strides])] + bias


image = rng.normal(size=(1, 9, 7, 2)).astype("float32")
conv2d = layers.Conv2D(4, kernel_size=(3, 2), strides=(2, 1), bias_initializer="random_normal")
out2d = as_numpy(conv2d(image))
kernel2d, bias2d = conv2d.get_weights()
rows, cols = shapes.conv_length(9, 3, 2), shapes.conv_length(7, 2, 1)
print("kernel:", kernel2d.shape, "  rows:", rows.text, "  cols:", cols.text)

shapes.expect_shape(out2d, (1, rows.value, cols.value, 4))
kt.verify_equal(kt.pick("卷积核是 (行, 列, 输入通道, filters)", "kernel is (rows, cols, in channels, filters)"),
                kernel2d.shape, (3, 2, 2, 4))
kt.verify_equal(kt.pick("参数个数 3·2·2·4 + 4", "parameters 3·2·2·4 + 4"), conv2d.count_params(), 3 * 2 * 2 * 4 + 4)
kt.verify_close(kt.pick("Conv2D = NumPy 手算", "Conv2D = NumPy by hand"), out2d, conv_numpy(image, kernel2d, bias2d, (2, 1)),
                rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# `dilation_rate` 在二维里也是先行后列：`dilation_rate=(2, 1)` 让窗口在行方向隔一行取一个数，列方向不变。
# <!-- en -->
# `dilation_rate` is rows-first in 2-D as well: `dilation_rate=(2, 1)` makes the window take every
# other row and every column.

# %%
dilated2d = layers.Conv2D(3, (3, 2), dilation_rate=(2, 1), bias_initializer="random_normal")
dilated2d_out = as_numpy(dilated2d(image))
kt.verify_close(kt.pick("dilation_rate=(2, 1) 的 Conv2D = NumPy 手算", "a Conv2D with dilation_rate=(2, 1) = NumPy by hand"),
                dilated2d_out, conv_numpy(image, *dilated2d.get_weights(), (1, 1), (2, 1)), rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 3.1 其余参数：激活、偏置、初始化器、正则化器、约束
#
# 文档 001 给 Conv1D、Conv2D、Conv3D 和 Conv2DTranspose 列出同一组参数，和 `Dense` 的一样（第 5 课）：
# `activation`、`use_bias`、`kernel_initializer`、`bias_initializer`、`kernel_regularizer`、`bias_regularizer`、
# `activity_regularizer`、`kernel_constraint`、`bias_constraint`。下面的函数把它们一次都设上，而且都取起作用的值，
# 然后核验三件事：
#
# 1. 卷积核全为 1、偏置为 −0.5、激活为 relu 时，输出 = relu(窗口里所有数之和 − 0.5)，用 NumPy 手算；
# 2. 层的惩罚项 = $0.01\sum W^2 + 0.1\sum |b| + 0.001\sum y^2 / \text{批大小}$（Keras 3.0 到 3.13 不除以批大小，见第 5 课）；
# 3. 用很大的学习率训练一步以后，两个 `non_neg` 约束把核和偏置中的负数都截成了 0（偏置原来是 −0.5）。
#
# > **勘误** 文档 001 把两个约束参数写成 `kernel_constraints`、`bias_constraints`（多了 s）。参数名是
# > `kernel_constraint`、`bias_constraint`（文档在签名里也是这样写的）；带 s 的写法会报错。
# <!-- en -->
# ### 3.1 The other arguments: activation, bias, initializers, regularizers, constraints
#
# Document 001 gives Conv1D, Conv2D, Conv3D and Conv2DTranspose the same set of arguments, the
# ones `Dense` has (lesson 5): `activation`, `use_bias`, `kernel_initializer`, `bias_initializer`,
# `kernel_regularizer`, `bias_regularizer`, `activity_regularizer`, `kernel_constraint`,
# `bias_constraint`. The function below sets all of them at once, each to a value that acts, and
# checks three things:
#
# 1. with a kernel of ones, a bias of −0.5 and relu, the output is relu(sum of the window − 0.5),
#    worked out in NumPy;
# 2. the layer's penalty is $0.01\sum W^2 + 0.1\sum |b| + 0.001\sum y^2 / \text{batch size}$
#    (Keras 3.0 to 3.13 do not divide by the batch size, see lesson 5);
# 3. after one training step with a very large learning rate, the two `non_neg` constraints have
#    cut every negative number in the kernel and the bias to 0 (the bias started at −0.5).
#
# > **Erratum** Document 001 writes the two constraint arguments as `kernel_constraints` and
# > `bias_constraints` (with an s). The names are `kernel_constraint` and `bias_constraint` (as the
# > document's own signatures have them); the forms with an s raise an error.

# %%
def activity_divisor(batch_size):
    """Keras divides the activity regularizer's penalty by the batch size since 3.14 (lesson 5), not before."""
    return batch_size if keras_minor >= (3, 14) else 1


def check_common_arguments(make_layer, x, linear_by_hand, kernels=("kernel",)):
    """Build make_layer(**arguments) with every argument set, and check what each one does.
    kernels names the layer's kernels; linear_by_hand(x, *kernels) is its linear part in NumPy."""
    arguments = dict(activation="relu", use_bias=True, bias_initializer=keras.initializers.Constant(-0.5),
                     bias_regularizer=keras.regularizers.L1(0.1), activity_regularizer=keras.regularizers.L2(0.001),
                     bias_constraint="non_neg")
    for kernel_name in kernels:
        arguments.update({f"{kernel_name}_initializer": "ones", f"{kernel_name}_constraint": "non_neg",
                          f"{kernel_name}_regularizer": keras.regularizers.L2(0.01)})
    layer = make_layer(**arguments)
    name = type(layer).__name__
    y = as_numpy(layer(x))
    *kernel_values, bias = layer.get_weights()
    kt.verify_close(kt.pick(f"{name}：输出 = relu(全 1 卷积核的结果 − 0.5)", f"{name}: output = relu(ones-kernel result − 0.5)"),
                    y, np.maximum(linear_by_hand(x, *kernel_values) - 0.5, 0), rtol=1e-4, atol=1e-4)
    penalty = (0.01 * sum(np.sum(w ** 2) for w in kernel_values) + 0.1 * np.sum(np.abs(bias))
               + 0.001 * np.sum(y ** 2) / activity_divisor(len(x)))
    kt.verify_close(kt.pick(f"{name}：正则化器的惩罚项之和", f"{name}: the penalty of the regularizers"),
                    float(sum(as_numpy(loss) for loss in layer.losses)), penalty, rtol=1e-4)

    model = keras.Sequential([keras.Input(x.shape[1:]), layer])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=10.0), loss="mse", run_eagerly=True)
    model.fit(x, np.full(y.shape, -5.0, "float32"), epochs=1, batch_size=len(x), verbose=0)
    *kernel_values, bias = layer.get_weights()
    kt.verify_true(kt.pick(f"{name}：一步之后核和偏置都 ≥ 0，核里有被截成 0 的数",
                           f"{name}: after one step kernels and bias are ≥ 0, with kernel entries cut to 0"),
                   min(w.min() for w in kernel_values) >= 0 and bias.min() >= 0
                   and any(np.any(w == 0) for w in kernel_values))


def conv_no_bias(x, kernel):
    return conv_numpy(x, kernel, 0.0, (1,) * (kernel.ndim - 2))


check_common_arguments(lambda **arguments: layers.Conv1D(3, 2, **arguments), signal, conv_no_bias)
check_common_arguments(lambda **arguments: layers.Conv2D(3, (3, 2), **arguments), image, conv_no_bias)

# %%
with kt.expect_error(ValueError, match="kernel_constraints"):
    layers.Conv2D(3, 3, kernel_constraints="non_neg", bias_constraints="non_neg")

# %% [markdown]
# <!-- zh -->
# ### 3.2 `data_format`：通道在后还是在前
#
# `data_format` 说明通道轴在哪里：`"channels_last"` 是 `(批次, 行, 列, 通道)`，`"channels_first"` 是
# `(批次, 通道, 行, 列)`。它取代了 Keras 1 的 `image_dim_ordering`：`"tf"` 对应 `channels_last`，`"th"` 对应
# `channels_first`。不写时用 `~/.keras/keras.json` 里的 `image_data_format`，从没设置过就是 `channels_last`。
# <!-- en -->
# ### 3.2 `data_format`: channels last or first
#
# `data_format` says where the channels axis is: `"channels_last"` is `(batch, rows, cols,
# channels)`, `"channels_first"` is `(batch, channels, rows, cols)`. It replaces Keras 1's
# `image_dim_ordering`: `"tf"` became `channels_last`, `"th"` became `channels_first`. When left out,
# it is the `image_data_format` in `~/.keras/keras.json`, and `channels_last` if that was never set.

# %%
print("keras.config.image_data_format():", keras.config.image_data_format())
kt.verify_equal(kt.pick("默认的数据格式", "the default data format"), keras.config.image_data_format(), "channels_last")

# %% [markdown]
# <!-- zh -->
# Keras 为 `channels_first` 算出的形状和通道在后时一一对应，只是通道轴换到了第 1 维。能不能真的**运行**，
# 要看后端。TensorFlow 在 CPU 上自带的二维卷积内核只接受 NHWC（即 `channels_last`）；另一套 CPU 内核 oneDNN
# （Intel 的深度学习数学库）两种格式都接受。所以在 TensorFlow 的 CPU 上，`channels_first` 的 Conv1D、Conv2D
# 层能否运行取决于 oneDNN 是否打开：打开时能运行，关闭时一拿真实数据就报 `UnimplementedError`。第 7 节会在
# 两个新的 Python 进程里分别打开和关闭 oneDNN，把这件事演示出来。先看这个笔记本自己的情况：形状总能算出来；
# 能运行就核对数值，不能运行就看 TensorFlow 给出的原因。
# <!-- en -->
# The shapes Keras computes for `channels_first` match the channels-last ones, with the channels axis
# moved to position 1. Whether the layer can actually **run** depends on the backend. TensorFlow's own
# 2-D convolution kernel for the CPU only takes NHWC (that is, `channels_last`); the other set of CPU
# kernels, oneDNN (Intel's maths library for deep learning), takes both. So on TensorFlow's CPU, a
# `channels_first` Conv1D or Conv2D runs when oneDNN is on, and fails with `UnimplementedError` as
# soon as real data goes through when it is off. Section 7 shows this in two fresh Python processes,
# one with oneDNN on and one with it off. First, this notebook's own case: the shape is always
# computed; if the layer runs we check its values, if not we read TensorFlow's reason.

# %%
import tensorflow as tf

cf_image = np.transpose(image, (0, 3, 1, 2))
cf_conv = layers.Conv2D(4, (3, 2), strides=(2, 1), data_format="channels_first")
shapes.expect_shape(cf_conv(keras.Input(shape=(2, 9, 7))), (None, 4, rows.value, cols.value))
# zh: 两种格式的卷积核形状一样，所以 set_weights 直接接受通道在后那一层的权重
# en: the kernel has the same shape in both formats, so set_weights takes the channels-last layer's weights
cf_conv.set_weights([kernel2d, bias2d])
cf_by_hand = np.transpose(conv_numpy(image, kernel2d, bias2d, (2, 1)), (0, 3, 1, 2))

try:
    cf_out = as_numpy(cf_conv(cf_image))
    print(kt.pick("在这个笔记本里，channels_first 的 Conv2D 运行了。", "In this notebook the channels_first Conv2D ran."))
    kt.verify_close(kt.pick("channels_first 的结果 = 通道在后的手算结果换轴", "the channels_first result = the channels-last result by hand, axes moved"),
                    cf_out, cf_by_hand, rtol=1e-4, atol=1e-5)
except tf.errors.UnimplementedError as err:
    print(kt.pick("在这个笔记本里 TensorFlow 拒绝运行它（可见这里 oneDNN 是关闭的）：",
                  "In this notebook TensorFlow refuses to run it (so oneDNN is off here):"))
    print("   ", re.search(r"The Conv2D op [^.]*\.", str(err)).group(0))
    kt.verify_true(kt.pick("拒绝的原因：CPU 上的 Conv2D 只支持 NHWC", "the reason given: Conv2D on the CPU only supports NHWC"),
                   "only supports the NHWC tensor format on the CPU" in str(err))

# %% [markdown]
# <!-- zh -->
# 不管 oneDNN 开没开，都能运行的写法：先转成通道在后，用 `channels_last` 的层卷积，需要的话再转回去。
# <!-- en -->
# A form that runs whether oneDNN is on or not: move the channels last, convolve with a
# `channels_last` layer, and move them back if needed.

# %%
via_last = layers.Permute((3, 1, 2))(conv2d(layers.Permute((2, 3, 1))(cf_image)))
kt.verify_close(kt.pick("转成 channels_last 计算再转回 = 通道在前的结果", "via channels_last and back = the channels-first result"),
                as_numpy(via_last), cf_by_hand, rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 001 的好几个例子把形状写成通道在前：SeparableConv2D 和 Conv2DTranspose 一节说
# > `input_shape = (3,128,128)` 是 128×128 的彩色 RGB 图，Conv3D 一节说 `(3,10,128,128)` 是 10 帧 128×128 的彩色图。
# > 这只在 `channels_first` 下成立；而文档自己也说默认是 `channels_last`。按默认格式，`(3, 128, 128)` 是一张
# > 3 行 128 列、128 个通道的“图”。今天的写法是 `(128, 128, 3)` 和 `(10, 128, 128, 3)`。
# > （第 5 课 Flatten 一节的例子也是同一个问题。）
# <!-- en -->
# > **Erratum** Several of document 001's examples give shapes channels first: the SeparableConv2D
# > and Conv2DTranspose sections say `input_shape = (3,128,128)` is a 128×128 RGB colour image, and
# > the Conv3D section calls `(3,10,128,128)` ten 128×128 colour frames. That only holds under
# > `channels_first`, while the document itself says the default is `channels_last`. Under the
# > default, `(3, 128, 128)` is an "image" of 3 rows and 128 columns with 128 channels. Today's
# > forms are `(128, 128, 3)` and `(10, 128, 128, 3)`. (Lesson 5's Flatten example has the same
# > problem.)

# %%
misread = layers.SeparableConv2D(8, 3)(keras.Input(shape=(3, 128, 128)))
shapes.expect_shape(misread, (None, 1, 126, 8))
kt.verify_true(kt.pick("按默认格式，(3, 128, 128) 被读成 3 行、128 通道", "under the default, (3, 128, 128) reads as 3 rows and 128 channels"),
               misread.shape[1] == 3 - 2)

# %%
rgb = layers.SeparableConv2D(8, 3)(keras.Input(shape=(128, 128, 3)))
frames = layers.Conv3D(8, 3)(keras.Input(shape=(10, 128, 128, 3)))
shapes.expect_shape(rgb, (None, 126, 126, 8))
shapes.expect_shape(frames, (None, 8, 126, 126, 8))

# %% [markdown]
# <!-- zh -->
# ## 4. 旧写法 `Convolution2D(64, 3, 3, border_mode=…)`
#
# > **版本变化（Keras 3）** 文档 001 的例子用 Keras 1 的写法 `Convolution2D(64, 3, 3, border_mode='same', input_shape=(3, 32, 32))`：
# > 两个 3 分别是卷积核的行数 `nb_row` 和列数 `nb_col`。Keras 3 的对照：
# >
# > | Keras 1 | Keras 3 |
# > |---|---|
# > | `Convolution2D(nb_filter, nb_row, nb_col)` | `Conv2D(filters, kernel_size=(nb_row, nb_col))` |
# > | `Convolution1D(nb_filter, filter_length)` | `Conv1D(filters, kernel_size)` |
# > | `border_mode='same'` | `padding='same'` |
# > | `subsample=(2, 2)`、`subsample_length=2` | `strides=(2, 2)`、`strides=2` |
# > | `dim_ordering='th'` / `'tf'` | `data_format='channels_first'` / `'channels_last'` |
# > | `AtrousConvolution2D(…, atrous_rate=(2, 2))` | `Conv2D(…, dilation_rate=(2, 2))` |
# > | `Deconvolution2D` | `Conv2DTranspose` |
# > | `init`、`W_regularizer` | `kernel_initializer`、`kernel_regularizer` |
# > | `K.image_dim_ordering()` | `keras.config.image_data_format()` |
# >
# > 最危险的一条：名字 `Convolution2D` 今天仍是 `Conv2D` 的别名，而 `Conv2D` 的第三个位置参数是 `strides`。
# > 所以 `Convolution2D(64, 3, 3)` **不报错**，得到的却是 3×3 的卷积核、步长 3。
# <!-- en -->
# ## 4. The old `Convolution2D(64, 3, 3, border_mode=…)`
#
# > **Changed in Keras 3** Document 001's example uses the Keras 1 form
# > `Convolution2D(64, 3, 3, border_mode='same', input_shape=(3, 32, 32))`: the two 3s are the
# > kernel's rows `nb_row` and columns `nb_col`. The Keras 3 equivalents:
# >
# > | Keras 1 | Keras 3 |
# > |---|---|
# > | `Convolution2D(nb_filter, nb_row, nb_col)` | `Conv2D(filters, kernel_size=(nb_row, nb_col))` |
# > | `Convolution1D(nb_filter, filter_length)` | `Conv1D(filters, kernel_size)` |
# > | `border_mode='same'` | `padding='same'` |
# > | `subsample=(2, 2)`, `subsample_length=2` | `strides=(2, 2)`, `strides=2` |
# > | `dim_ordering='th'` / `'tf'` | `data_format='channels_first'` / `'channels_last'` |
# > | `AtrousConvolution2D(…, atrous_rate=(2, 2))` | `Conv2D(…, dilation_rate=(2, 2))` |
# > | `Deconvolution2D` | `Conv2DTranspose` |
# > | `init`, `W_regularizer` | `kernel_initializer`, `kernel_regularizer` |
# > | `K.image_dim_ordering()` | `keras.config.image_data_format()` |
# >
# > The most dangerous row: the name `Convolution2D` is still an alias of `Conv2D` today, and
# > `Conv2D`'s third positional argument is `strides`. So `Convolution2D(64, 3, 3)` **raises
# > nothing**, and gives a 3×3 kernel with stride 3.

# %%
old_calls = {
    "border_mode": lambda: layers.Convolution2D(64, 3, 3, border_mode="same"),
    "subsample": lambda: layers.Conv2D(64, (3, 3), subsample=(2, 2)),
    "dim_ordering": lambda: layers.Conv2D(64, (3, 3), dim_ordering="th"),
    "atrous_rate": lambda: layers.Conv2D(64, (3, 3), atrous_rate=(2, 2)),
    "init": lambda: layers.Conv2D(64, (3, 3), init="he_normal"),
    "filters": lambda: layers.Convolution1D(nb_filter=64, filter_length=3),
}
for keyword, make in old_calls.items():
    with kt.expect_error(TypeError, ValueError, match=keyword):
        make()
for gone in ("AtrousConvolution2D", "Deconvolution2D"):
    with kt.expect_error(AttributeError, match=gone):
        getattr(layers, gone)
with kt.expect_error(AttributeError, match="image_dim_ordering"):
    keras.backend.image_dim_ordering()

# %%
# zh: 悄悄出错的一条：第三个 3 被当成了步长
# en: the silent one: the third 3 is taken as the strides
silent = layers.Convolution2D(64, 3, 3, padding="same")
silent_out = silent(keras.Input(shape=(32, 32, 3)))
print("kernel_size:", silent.kernel_size, " strides:", silent.strides, " →", silent_out.shape)
kt.verify_equal(kt.pick("Convolution2D(64, 3, 3) 的步长", "strides of Convolution2D(64, 3, 3)"), silent.strides, (3, 3))
kt.verify_equal(kt.pick("于是输出只有 ⌈32 / 3⌉ = 11 行", "so the output has only ⌈32 / 3⌉ = 11 rows"),
                silent_out.shape[1], shapes.conv_length(32, 3, 3, "same").value)

# %% [markdown]
# <!-- zh -->
# 今天的写法，输出 32×32×64，和文档的本意一致：
# <!-- en -->
# Today's form, with the 32×32×64 output the document meant:

# %%
modern = keras.Sequential([keras.Input(shape=(32, 32, 3)),
                           layers.Conv2D(64, kernel_size=(3, 3), strides=(1, 1), padding="same",
                                         data_format="channels_last", dilation_rate=(1, 1),
                                         kernel_initializer="he_normal")])
shapes.trace(modern)

# %%
shapes.expect_shape(modern, (None, 32, 32, 64))

# %% [markdown]
# <!-- zh -->
# ## 5. SeparableConv2D：深度可分离卷积
#
# 可分离卷积把一次卷积拆成两步：
#
# 1. **逐通道（depthwise）卷积**：每个输入通道单独用自己的 $k_h \times k_w$ 卷积核卷积，产生 `depth_multiplier` 个通道；
# 2. **逐点（pointwise）卷积**：一个 1×1 卷积，把上一步的 $C_\text{in} \cdot m$ 个通道混合成 `filters` 个输出通道。
#
# 参数个数（$m$ 是 `depth_multiplier`）：
#
# $$\underbrace{k_h k_w C_\text{in}\, m}_{\text{depthwise}} + \underbrace{C_\text{in}\, m\, F}_{\text{pointwise}} + F
# \qquad\text{对比}\qquad \text{Conv2D: } k_h k_w C_\text{in} F + F$$
#
# 以 3×3 卷积核、16 个输入通道、32 个输出通道为例手算一下。
# <!-- en -->
# ## 5. SeparableConv2D: depthwise separable convolution
#
# A separable convolution splits one convolution into two steps:
#
# 1. **depthwise convolution**: every input channel is convolved on its own with its own
#    $k_h \times k_w$ kernel, giving `depth_multiplier` channels each;
# 2. **pointwise convolution**: a 1×1 convolution mixing the $C_\text{in} \cdot m$ channels of step
#    one into `filters` output channels.
#
# The parameter count ($m$ is `depth_multiplier`):
#
# $$\underbrace{k_h k_w C_\text{in}\, m}_{\text{depthwise}} + \underbrace{C_\text{in}\, m\, F}_{\text{pointwise}} + F
# \qquad\text{against}\qquad \text{Conv2D: } k_h k_w C_\text{in} F + F$$
#
# Worked by hand for a 3×3 kernel, 16 input channels and 32 output channels.

# %%
kh = kw = 3
c_in, filters = 16, 32
separable_by_hand = kh * kw * c_in * 1 + c_in * 1 * filters + filters
conv_by_hand = kh * kw * c_in * filters + filters
print(kt.pick("可分离：", "separable:"), f"3·3·16·1 + 16·1·32 + 32 = {separable_by_hand}")
print(kt.pick("普通：  ", "ordinary: "), f"3·3·16·32 + 32 = {conv_by_hand}")

feature_maps = rng.normal(size=(1, 8, 8, c_in)).astype("float32")
separable = layers.SeparableConv2D(filters, 3)
ordinary = layers.Conv2D(filters, 3)
sep_out, conv_out = separable(feature_maps), ordinary(feature_maps)
kt.verify_equal(kt.pick("SeparableConv2D 的参数个数", "SeparableConv2D parameters"), separable.count_params(), separable_by_hand)
kt.verify_equal(kt.pick("Conv2D 的参数个数", "Conv2D parameters"), ordinary.count_params(), conv_by_hand)
kt.verify_equal(kt.pick("两者输出形状相同", "both give the same output shape"), tuple(sep_out.shape), tuple(conv_out.shape))
print(kt.pick("参数只有普通卷积的", "parameters, as a share of the ordinary convolution's:"),
      f"{separable_by_hand / conv_by_hand:.1%}")

# %%
multiplied = layers.SeparableConv2D(filters, 3, depth_multiplier=2)
multiplied(feature_maps)
kt.verify_equal(kt.pick("depth_multiplier=2：3·3·16·2 + 16·2·32 + 32", "depth_multiplier=2: 3·3·16·2 + 16·2·32 + 32"),
                multiplied.count_params(), 3 * 3 * 16 * 2 + 16 * 2 * 32 + 32)

# %% [markdown]
# <!-- zh -->
# 把两步拆开做一遍：`DepthwiseConv2D` 后面接一个 1×1 的 `Conv2D`，权重从可分离卷积层里复制过来，输出完全相同。
# <!-- en -->
# The two steps done separately: a `DepthwiseConv2D` followed by a 1×1 `Conv2D`, with the weights
# copied from the separable layer, give exactly the same output.

# %%
depthwise_kernel, pointwise_kernel, sep_bias = separable.get_weights()
print("depthwise:", depthwise_kernel.shape, " pointwise:", pointwise_kernel.shape, " bias:", sep_bias.shape)
depthwise = layers.DepthwiseConv2D(3, use_bias=False)
pointwise = layers.Conv2D(filters, 1)
depthwise.build((None, 8, 8, c_in))
pointwise.build((None, 6, 6, c_in))
depthwise.set_weights([depthwise_kernel])
pointwise.set_weights([pointwise_kernel, sep_bias])
two_steps = pointwise(depthwise(feature_maps))
kt.verify_close(kt.pick("SeparableConv2D = DepthwiseConv2D + 1×1 Conv2D", "SeparableConv2D = DepthwiseConv2D + 1×1 Conv2D"),
                as_numpy(two_steps), as_numpy(sep_out), rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 5.1 SeparableConv2D 的其余参数
#
# `strides`、`padding`、`dilation_rate` 和 Conv2D 的一样，作用在第一步（逐通道卷积）上；逐点卷积总是 1×1、步长 1。
# 下面用 NumPy 把两步手算出来：先按 `padding` 补 0，逐通道卷积（膨胀时每隔 $d$ 个数取一个），按步长取样，
# 再乘 1×1 的逐点卷积核。`strides=2` 加 `same`、`dilation_rate=2` 各核对一次。
# <!-- en -->
# ### 5.1 SeparableConv2D's other arguments
#
# `strides`, `padding` and `dilation_rate` are Conv2D's and act on the first step (the depthwise
# convolution); the pointwise step is always 1×1 with stride 1. Below, NumPy works out both steps:
# pad according to `padding`, convolve each channel on its own (taking every $d$-th number when
# dilated), keep every `strides`-th position, then multiply by the 1×1 pointwise kernel. Checked once
# with `strides=2` and `same`, once with `dilation_rate=2`.

# %%
def separable_numpy(x, depthwise_kernel, pointwise_kernel, bias, strides=1, padding="valid", dilation=1):
    """SeparableConv2D, channels_last: x (batch, rows, cols, C), depthwise (kh, kw, C, m), pointwise (1, 1, C·m, F)."""
    kh, kw, channels, m = depthwise_kernel.shape
    pads = [shapes.conv_length(n, k, strides, padding, dilation).pad for n, k in zip(x.shape[1:3], (kh, kw))]
    x = np.pad(x, ((0, 0), *pads, (0, 0)))
    reach = [dilation * (k - 1) + 1 for k in (kh, kw)]
    windows = sliding_window_view(x, reach, axis=(1, 2))[..., ::dilation, ::dilation]  # (batch, r, c, C, kh, kw)
    depthwise_out = np.einsum("brsCij,ijCm->brsCm", windows, depthwise_kernel)[:, ::strides, ::strides]
    depthwise_out = depthwise_out.reshape(*depthwise_out.shape[:3], channels * m)  # channel c, copy j → c·m + j
    return depthwise_out @ pointwise_kernel[0, 0] + bias


for settings in (dict(strides=2, padding="same"), dict(dilation_rate=2, depth_multiplier=2)):
    layer = layers.SeparableConv2D(filters, 3, bias_initializer="random_normal", **settings)
    out = as_numpy(layer(feature_maps))
    by_hand = separable_numpy(feature_maps, *layer.get_weights(), strides=settings.get("strides", 1),
                              padding=settings.get("padding", "valid"), dilation=settings.get("dilation_rate", 1))
    kt.verify_close(kt.pick(f"SeparableConv2D({settings}) = NumPy 手算", f"SeparableConv2D({settings}) = NumPy by hand"),
                    out, by_hand, rtol=1e-4, atol=1e-4)

# %% [markdown]
# <!-- zh -->
# 初始化器、正则化器和约束各有三个：逐通道核的 `depthwise_*`、逐点核的 `pointwise_*` 和偏置的 `bias_*`；
# 再加上 `activation`、`use_bias`、`activity_regularizer`。第 3.1 节的检查函数原样适用，只是核有两个。
# `data_format="channels_first"` 的可分离卷积层，结果就是通道在后的结果换轴。从 Keras 3.15 起，它在 TensorFlow 的
# CPU 上不管 oneDNN 开不开都能运行（Keras 自己先把通道换到最后再算）；3.14 及更早的版本和 Conv2D 一样，
# 要 oneDNN 打开才能运行（见第 3.2 节）。`use_bias=False` 时少了 `filters` 个参数。
# <!-- en -->
# Initializers, regularizers and constraints come three times each: `depthwise_*` for the depthwise
# kernel, `pointwise_*` for the pointwise kernel and `bias_*` for the bias; add `activation`,
# `use_bias` and `activity_regularizer`. Section 3.1's checking function applies as it is, with two
# kernels. A separable convolution with `data_format="channels_first"` gives the channels-last
# result with its axes moved. Since Keras 3.15 it runs on TensorFlow's CPU whether oneDNN is on or
# not (Keras moves the channels last itself first); with Keras 3.14 and earlier it needs oneDNN, like
# Conv2D (section 3.2). With `use_bias=False` the layer has `filters` parameters fewer.

# %%
small_maps = feature_maps[:, :, :, :3]
check_common_arguments(lambda **arguments: layers.SeparableConv2D(4, 3, **arguments), small_maps,
                       lambda x, depthwise, pointwise: separable_numpy(x, depthwise, pointwise, 0.0),
                       kernels=("depthwise", "pointwise"))

separable_cf = layers.SeparableConv2D(filters, 3, data_format="channels_first", use_bias=False)
separable_cf.build((None, c_in, 8, 8))
separable_cf.set_weights(separable.get_weights()[:2])
try:
    separable_cf_out = as_numpy(separable_cf(np.transpose(feature_maps, (0, 3, 1, 2))))
    kt.verify_close(kt.pick("channels_first 的 SeparableConv2D = 通道在后的结果换轴（无偏置）",
                            "a channels_first SeparableConv2D = the channels-last result, axes moved (no bias)"),
                    separable_cf_out, np.transpose(as_numpy(sep_out) - sep_bias, (0, 3, 1, 2)), rtol=1e-4, atol=1e-4)
except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError) as err:
    print(kt.pick("这里不能运行：", "It does not run here:"), type(err).__name__)
    kt.verify_true(kt.pick("只有 Keras 3.15 之前、oneDNN 关闭时才会这样", "this happens only before Keras 3.15, with oneDNN off"),
                   keras_minor < (3, 15))
kt.verify_equal(kt.pick("use_bias=False：少了 filters 个参数", "use_bias=False: filters parameters fewer"),
                separable.count_params() - separable_cf.count_params(), filters)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 001 的 SeparableConv2D 参数表里还列着 `kernel_initializer`、`kernel_regularizer` 和 `kernel_constraints`。
# > 可分离卷积没有单一的 `kernel`，也就没有这三个参数；正确的是分开的 `depthwise_*` 和 `pointwise_*`
# > （文档在同一张表里也列了 `depthwise_regularizer` 等，初始化器则只出现在签名里）。
# <!-- en -->
# > **Erratum** Document 001's argument list for SeparableConv2D also has `kernel_initializer`,
# > `kernel_regularizer` and `kernel_constraints`. A separable convolution has no single `kernel`, so
# > it has none of the three; the right ones are the separate `depthwise_*` and `pointwise_*` (the
# > same list gives `depthwise_regularizer` and the others too; the initializers appear only in the
# > signature).

# %%
for keyword in ("kernel_initializer", "kernel_regularizer", "kernel_constraints"):
    with kt.expect_error(ValueError, match=keyword):
        layers.SeparableConv2D(filters, 3, **{keyword: "ones" if keyword == "kernel_initializer" else "l2"})

# %% [markdown]
# <!-- zh -->
# ## 6. Conv2DTranspose：转置卷积
#
# 转置卷积（常被叫作“反卷积”，但它并不是卷积的逆运算）把一个普通卷积的**输出形状**变回它的**输入形状**，
# 常用于把特征图放大（例如图像分割、生成模型）。它的做法是：输入的每个位置 $i$ 把卷积核乘上自己的值，
# “写”到输出从 $i \cdot s$ 开始的 $k'$ 个位置上（$k' = d\,(k-1)+1$），重叠处相加。所以沿每个空间轴：
#
# - `valid`：$L = (n-1)\,s + \max(k', s)$。最后一个输入位置写到 $(n-1)s + k' - 1$；步长比窗口还大时，
#   Keras 让输出再多出 $s - k'$ 个 0，使长度正好是 $n \cdot s$。给了 `output_padding` $p$ 时，
#   $L = (n-1)\,s + k' + p$（要求 $p < s$）。
# - `same`：$L = n \cdot s$；给了 `output_padding` 时 $L = (n-1)\,s + (k' \bmod 2) + p$。
#
# 先看形状：一个 3×3、步长 2 的 `valid` 卷积把 11 变成 5；同样设置的转置卷积把 5 变回 11。
# <!-- en -->
# ## 6. Conv2DTranspose: transposed convolution
#
# A transposed convolution (often called "deconvolution", though it does not invert a convolution)
# takes an ordinary convolution's **output shape** back to its **input shape**; it is used to enlarge
# feature maps (segmentation, generative models). How it works: each input position $i$ multiplies
# the kernel by its value and "writes" it to the $k'$ output positions starting at $i \cdot s$
# ($k' = d\,(k-1)+1$), adding up where they overlap. So along each spatial axis:
#
# - `valid`: $L = (n-1)\,s + \max(k', s)$. The last input position writes up to $(n-1)s + k' - 1$;
#   when the stride is longer than the window, Keras adds $s - k'$ more zeros so that the length is
#   exactly $n \cdot s$. With an `output_padding` $p$, $L = (n-1)\,s + k' + p$ (and $p < s$).
# - `same`: $L = n \cdot s$; with an `output_padding`, $L = (n-1)\,s + (k' \bmod 2) + p$.
#
# The shapes first: a 3×3 `valid` convolution with stride 2 turns 11 into 5; the transposed
# convolution with the same settings turns 5 back into 11.

# %%
big = rng.normal(size=(1, 11, 11, 2)).astype("float32")
down = layers.Conv2D(3, 3, strides=2, use_bias=False)
small = as_numpy(down(big))
up = layers.Conv2DTranspose(2, 3, strides=2, use_bias=False)
back = as_numpy(up(small))
print(kt.pick("卷积：", "convolution:"), shapes.conv_length(11, 3, 2).text, "   ",
      kt.pick("转置卷积：", "transposed:"), shapes.conv_transpose_length(5, 3, 2).text)
shapes.expect_shape(small, (1, 5, 5, 3))
shapes.expect_shape(back, (1, 11, 11, 2))

# %% [markdown]
# <!-- zh -->
# 把“每个输入位置写一份卷积核”直接写成 NumPy，再把上面的长度公式写成 Python，在一组网格上和 Keras 比较：
# 长度 $n$ 不一定能被整除，卷积核从 1 到 4，步长从 1 到 5（包括步长比卷积核大的情况），两种填充，
# 加上各种 `output_padding`。长度和公式比，数值和 NumPy 比。（`output_padding=0` 从 Keras 3.11 起才被接受，
# 更早的版本要求它至少为 1。）
# <!-- en -->
# "Each input position writes one copy of the kernel", written directly in NumPy, and the length
# formulas above, written in Python, compared with Keras over a grid: lengths $n$ the stride may not
# divide, kernels from 1 to 4, strides from 1 to 5 (strides longer than the kernel included), both
# paddings, and the possible `output_padding` values. The lengths against the formulas, the values
# against NumPy. (`output_padding=0` is accepted since Keras 3.11; earlier versions want at least 1.)

# %%
def conv_transpose_length_formula(n, k, s, padding, output_padding=None, d=1):
    """The lengths stated above."""
    k_eff = d * (k - 1) + 1
    if padding == "valid":
        return (n - 1) * s + (max(k_eff, s) if output_padding is None else k_eff + output_padding)
    return n * s if output_padding is None else (n - 1) * s + k_eff % 2 + output_padding


def conv_transpose_numpy(x, kernel, bias, strides, dilation=None):
    """Valid transposed convolution, channels_last, 1-D or 2-D: x (batch, *n, C), kernel (*k, F, C).
    Each input position adds kernel · value at the positions it reaches; the output keeps s extra
    places per axis at the end (zeros), which the caller cuts to the length it wants."""
    rank = kernel.ndim - 2
    dilation = dilation or (1,) * rank
    spatial = [(n - 1) * s + d * (k - 1) + 1 + s for n, k, s, d in zip(x.shape[1:-1], kernel.shape[:rank], strides, dilation)]
    out = np.zeros((len(x), *spatial, kernel.shape[-2]))
    for position in np.ndindex(*x.shape[1:-1]):
        for tap in np.ndindex(*kernel.shape[:rank]):
            target = tuple(p * s + t * d for p, t, s, d in zip(position, tap, strides, dilation))
            out[(slice(None), *target)] += x[(slice(None), *position)] @ kernel[tap].T
    return out, bias


transpose_grid = [(n, k, s, padding, op) for n in (4, 5, 7) for k in (1, 2, 3, 4) for s in (1, 2, 3, 5)
                  for padding in ("valid", "same")
                  for op in [None, *range(1 if padding == "same" or keras_minor < (3, 11) else 0, s)]]
wrong_length, wrong_values = [], []
for n, k, s, padding, op in transpose_grid:
    x = rng.normal(size=(1, n, 2)).astype("float32")
    layer = layers.Conv1DTranspose(3, k, strides=s, padding=padding, output_padding=op, bias_initializer="random_normal")
    out = as_numpy(layer(x))
    if out.shape[1] != conv_transpose_length_formula(n, k, s, padding, op):
        wrong_length.append((n, k, s, padding, op))
    if op is None or padding == "valid":
        full, bias = conv_transpose_numpy(x, *layer.get_weights(), (s,))
        start = 0 if padding == "valid" else max(k - s, 0) // 2  # same: `same` cuts (k − s) // 2 from the front
        if not np.allclose(out, full[:, start:start + out.shape[1]] + bias, rtol=1e-4, atol=1e-4):
            wrong_values.append((n, k, s, padding, op))
print(kt.pick(f"{len(transpose_grid)} 种组合，其中 s > k 的有 {sum(s > k for _, k, s, _, _ in transpose_grid)} 种",
              f"{len(transpose_grid)} combinations, {sum(s > k for _, k, s, _, _ in transpose_grid)} of them with s > k"))
kt.verify_equal(kt.pick("长度和公式不符的组合", "combinations whose length differs from the formula"), wrong_length, [])
kt.verify_equal(kt.pick("数值和 NumPy 不符的组合", "combinations whose values differ from NumPy"), wrong_values, [])

# %% [markdown]
# <!-- zh -->
# 网格里有一个值得单独看的例子：$n = 5$、$k = 2$、$s = 3$。五个输入位置各写 2 个数，写到位置 0–1、3–4、
# 6–7、9–10、12–13，最后一个数在位置 13，所以只看卷积核会以为长度是 $(n-1)s + k = 14$。Keras 给出的是
# $(n-1)s + \max(k, s) = 15 = n \cdot s$：末尾多一个 0，正好是步长 3、`valid` 的卷积能把它变回 5 的长度。
# <!-- en -->
# One example in the grid deserves a closer look: $n = 5$, $k = 2$, $s = 3$. The five input
# positions write 2 numbers each, to positions 0–1, 3–4, 6–7, 9–10 and 12–13; the last number sits at
# 13, so the kernel alone suggests a length of $(n-1)s + k = 14$. Keras gives
# $(n-1)s + \max(k, s) = 15 = n \cdot s$: one more zero at the end, exactly the length that a `valid`
# convolution with stride 3 takes back to 5.

# %%
wide_stride = layers.Conv1DTranspose(1, 2, strides=3, kernel_initializer="ones", use_bias=False)
wide_out = as_numpy(wide_stride(np.ones((1, 5, 1), "float32")))[0, :, 0]
print(wide_out)
kt.verify_equal(kt.pick("n=5、k=2、s=3 的长度：15，不是 14", "the length for n=5, k=2, s=3: 15, not 14"),
                len(wide_out), conv_transpose_length_formula(5, 2, 3, "valid"))
kt.verify_equal(kt.pick("写到的位置，末尾多一个 0", "the positions written, and one more zero at the end"),
                np.flatnonzero(wide_out).tolist(), [0, 1, 3, 4, 6, 7, 9, 10, 12, 13])
kt.verify_equal(kt.pick("步长 3 的 valid 卷积把 15 变回 5", "a valid convolution with stride 3 takes 15 back to 5"),
                conv_length_formula(15, 2, 3, "valid", 1), 5)

# %% [markdown]
# <!-- zh -->
# 为什么叫“转置”？卷积是线性运算，可以写成一个矩阵 $A$ 乘以展平的输入。转置卷积用**同一个**卷积核，算的是
# $A^\top$ 乘以它的输入。判断一个运算是不是 $A$ 的转置，看内积：对任意的 $x$ 和 $y$，应有
# $\langle A x, y\rangle = \langle x, A^\top y\rangle$。两个层的卷积核形状相同（`(3, 3, 2, 3)`），我们把卷积的核复制给转置卷积来检验。
# <!-- en -->
# Why "transposed"? A convolution is linear, so it can be written as a matrix $A$ times the
# flattened input. A transposed convolution with the **same** kernel computes $A^\top$ times its
# input. The inner product tells whether an operation is the transpose of $A$: for any $x$ and $y$,
# $\langle A x, y\rangle = \langle x, A^\top y\rangle$. Both layers' kernels have the same shape
# (`(3, 3, 2, 3)`); we copy the convolution's kernel into the transposed convolution and check.

# %%
up.set_weights(down.get_weights())
y = rng.normal(size=small.shape).astype("float32")
left_side = float(np.sum(as_numpy(down(big)) * y))
right_side = float(np.sum(big * as_numpy(up(y))))
print(f"<A x, y> = {left_side:.5f}    <x, Aᵀ y> = {right_side:.5f}")
kt.verify_close(kt.pick("<A x, y> = <x, Aᵀ y>", "<A x, y> = <x, Aᵀ y>"), left_side, right_side, rtol=1e-4)

# %% [markdown]
# <!-- zh -->
# 在计算器里看看转置卷积的输入每个位置把卷积核“写”到输出的哪些位置：
# <!-- en -->
# In the calculator, see which output positions each input position of the transposed convolution
# "writes" its kernel to:

# %%
widgets.conv_shape_calculator(n=5, kernel_size=3, strides=2, kind="transpose")

# %% [markdown]
# <!-- zh -->
# Conv2DTranspose 的其余参数（激活、偏置、初始化器、正则化器、约束）和 Conv2D 的一样，第 3.1 节的检查函数原样适用。
# `dilation_rate` 和 `data_format` 放到第 7 节。
#
# > **勘误** 文档在 Conv2DTranspose 的参数说明里列了 `dilation_rate`，签名里却没写。这个参数是有的（第 7 节运行它）。
# <!-- en -->
# Conv2DTranspose's other arguments (activation, bias, initializers, regularizers, constraints) are
# Conv2D's, and section 3.1's checking function applies as it is. `dilation_rate` and `data_format`
# come in section 7.
#
# > **Erratum** The document lists `dilation_rate` among Conv2DTranspose's arguments but leaves it
# > out of the signature. The argument exists (section 7 runs it).

# %%
check_common_arguments(lambda **arguments: layers.Conv2DTranspose(3, (3, 2), strides=2, **arguments), image,
                       lambda x, kernel: conv_transpose_numpy(x, kernel, 0.0, (2, 2))[0][
                           :, :conv_transpose_length_formula(9, 3, 2, "valid"), :conv_transpose_length_formula(7, 2, 2, "valid")])
kt.verify_true(kt.pick("Conv2DTranspose 的签名里有 dilation_rate", "Conv2DTranspose's signature has dilation_rate"),
               "dilation_rate" in inspect.signature(layers.Conv2DTranspose).parameters)

# %% [markdown]
# <!-- zh -->
# ## 7. `channels_first` 和膨胀的转置卷积：取决于 oneDNN
#
# 第 3.2 节说过：TensorFlow 在 CPU 上自带的卷积内核只接受通道在后，oneDNN 的内核两种都接受。转置卷积也一样，
# 而且膨胀（`dilation_rate` > 1）的转置卷积，TensorFlow 自带的 CPU 内核也不支持。oneDNN 开不开，TensorFlow 有
# 自己的默认值（见 TensorFlow 源码 `tensorflow/core/util/port.cc`）：在 Linux 上，只有处理器带 AVX512_VNNI、
# AVX512_BF16、AVX_VNNI 或 AMX 指令（不少较新的 Intel 和 AMD 处理器都有）时才默认打开；在 TensorFlow 导入**之前**设置环境变量 `TF_ENABLE_ONEDNN_OPTS=1` 或 `=0`，可以强制打开或关闭。
# 所以同一行代码，在一台电脑上能运行，在另一台上会报错。
#
# 下面启动两个新的 Python 进程，一个设 `TF_ENABLE_ONEDNN_OPTS=1`，一个设 `=0`，让它们用我们给的输入和权重
# 运行四个层：`channels_first` 的 Conv1D、Conv2D、Conv2DTranspose，以及 `dilation_rate=2` 的 Conv2DTranspose。
# 每个层的结果都和这里算出的参照比较（通道在后的结果换轴，或 NumPy 手算）。
# <!-- en -->
# ## 7. `channels_first` and dilated transposed convolutions: it depends on oneDNN
#
# Section 3.2 said it: TensorFlow's own convolution kernels for the CPU take channels last only,
# oneDNN's take both. The same goes for transposed convolutions, and a dilated transposed
# convolution (`dilation_rate` > 1) is something TensorFlow's own CPU kernel does not do at all.
# Whether oneDNN is on has a default TensorFlow chooses (see TensorFlow's source,
# `tensorflow/core/util/port.cc`): on Linux, it is on only for processors with AVX512_VNNI,
# AVX512_BF16, AVX_VNNI or AMX instructions (many recent Intel and AMD processors have them); the
# environment variable `TF_ENABLE_ONEDNN_OPTS=1` or `=0`, set **before** TensorFlow is imported,
# forces it on or off. So the same line runs on one computer and fails on another.
#
# Below, two fresh Python processes, one with `TF_ENABLE_ONEDNN_OPTS=1` and one with `=0`, run four
# layers on inputs and weights we give them: `channels_first` Conv1D, Conv2D and Conv2DTranspose,
# and a Conv2DTranspose with `dilation_rate=2`. Each result is compared with a reference computed
# here (the channels-last result with its axes moved, or NumPy by hand).

# %%
import json
import os
import platform
import subprocess
import sys
import tempfile

CHILD = """
import json, sys
import keras
import numpy as np

data = np.load(sys.argv[1])
results = {}
for name in data["names"]:
    layer = keras.layers.deserialize(json.loads(str(data[name + "/config"])))
    if not layer.built:
        layer.build(data[name + "/x"].shape)
    layer.set_weights([data[name + "/kernel"], data[name + "/bias"]])
    try:
        results[name] = keras.ops.convert_to_numpy(layer(data[name + "/x"]))
    except Exception as err:
        results[name] = np.array(type(err).__name__)
np.savez(sys.argv[2], **results)
"""


def start_fresh_python(cases, onednn):
    """Start a new Python whose TensorFlow begins with TF_ENABLE_ONEDNN_OPTS=onednn, running each case
    (layer, x, kernel, bias); finish_fresh_python() waits for it and returns {name: output, or error name}."""
    folder = tempfile.mkdtemp()
    payload = {"names": np.array(list(cases))}
    for name, (layer, x, kernel, bias) in cases.items():
        payload.update({name + "/config": np.array(json.dumps(keras.layers.serialize(layer))),
                        name + "/x": x, name + "/kernel": kernel, name + "/bias": bias})
    paths = os.path.join(folder, "in.npz"), os.path.join(folder, "out.npz")
    np.savez(paths[0], **payload)
    process = subprocess.Popen([sys.executable, "-c", CHILD, *paths], env={**os.environ, "TF_ENABLE_ONEDNN_OPTS": onednn},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, paths[1]


def finish_fresh_python(process, out_path):
    _, errors = process.communicate(timeout=300)
    if process.returncode != 0:
        raise RuntimeError(errors[-2000:])
    with np.load(out_path) as saved:
        return {name: saved[name] for name in saved.files}

# %%
kernel_1d, bias_1d = rng.normal(size=(3, 3, 2)).astype("float32"), rng.normal(size=2).astype("float32")
kernel_t, bias_t = rng.normal(size=(3, 3, 2, 3)).astype("float32"), rng.normal(size=2).astype("float32")
cases = {
    "Conv1D channels_first": (layers.Conv1D(2, 3, data_format="channels_first"),
                              np.transpose(signal, (0, 2, 1)), kernel_1d, bias_1d),
    "Conv2D channels_first": (layers.Conv2D(4, (3, 2), strides=(2, 1), data_format="channels_first"),
                              cf_image, kernel2d, bias2d),
    "Conv2DTranspose channels_first": (layers.Conv2DTranspose(2, 3, strides=2, data_format="channels_first"),
                                       np.transpose(small, (0, 3, 1, 2)), kernel_t, bias_t),
    "Conv2DTranspose dilation_rate=2": (layers.Conv2DTranspose(2, 3, dilation_rate=2), small, kernel_t, bias_t),
}
# zh: 参照：通道在后、不膨胀的算法，全部用 NumPy 在这里算
# en: the references: channels last and no dilation on TensorFlow's side, all worked out here in NumPy
up_full, _ = conv_transpose_numpy(small, kernel_t, 0.0, (2, 2))
dilated_full, _ = conv_transpose_numpy(small, kernel_t, 0.0, (1, 1), (2, 2))
up_length, dilated_length = conv_transpose_length_formula(5, 3, 2, "valid"), conv_transpose_length_formula(5, 3, 1, "valid", d=2)
references = {
    "Conv1D channels_first": np.transpose(conv_numpy(signal, kernel_1d, bias_1d, (1,)), (0, 2, 1)),
    "Conv2D channels_first": cf_by_hand,
    "Conv2DTranspose channels_first": np.transpose(up_full[:, :up_length, :up_length] + bias_t, (0, 3, 1, 2)),
    "Conv2DTranspose dilation_rate=2": dilated_full[:, :dilated_length, :dilated_length] + bias_t,
}

runs = {setting: start_fresh_python(cases, setting) for setting in ("1", "0")}
outcomes = {setting: finish_fresh_python(*run) for setting, run in runs.items()}
for name in cases:
    shown = [("✓" if outcomes[s][name].ndim else "✗ " + str(outcomes[s][name])) for s in ("1", "0")]
    print(f"{name:<32} oneDNN=1: {shown[0]:<24} oneDNN=0: {shown[1]}")

# %%
for name, reference in references.items():
    if outcomes["1"][name].ndim:
        kt.verify_close(kt.pick(f"oneDNN 打开：{name} 的结果 = 参照", f"oneDNN on: the result of {name} = the reference"),
                        outcomes["1"][name], reference, rtol=1e-4, atol=1e-4)
if platform.machine().lower() in ("x86_64", "amd64"):
    kt.verify_true(kt.pick("x86 上打开 oneDNN：四个层都能运行", "oneDNN on, on x86: all four layers run"),
                   all(outcomes["1"][name].ndim for name in cases))
kt.verify_true(kt.pick("关闭 oneDNN：四个层都报错", "oneDNN off: all four layers raise an error"),
               all(outcomes["0"][name].ndim == 0 for name in cases))

# %% [markdown]
# <!-- zh -->
# ## 8. Conv3D：三维卷积
#
# `Conv3D` 的窗口在三个空间轴上滑动：输入 `(批次, 深度, 行, 列, 通道)`，例如视频的（帧, 高, 宽, 颜色）。
# 每个轴各用一次长度公式；参数个数 $k_d k_h k_w \cdot C_\text{in} \cdot F + F$。
# <!-- en -->
# ## 8. Conv3D: three-dimensional convolution
#
# `Conv3D` slides its window along three spatial axes: the input is `(batch, depth, rows, cols,
# channels)`, for example a video's (frames, height, width, colour). Each axis gets the length
# formula once; the parameter count is $k_d k_h k_w \cdot C_\text{in} \cdot F + F$.

# %%
clip = rng.normal(size=(1, 4, 8, 7, 3)).astype("float32")
conv3d = layers.Conv3D(2, (3, 3, 2), padding="valid", bias_initializer="random_normal")
out3d = as_numpy(conv3d(clip))
lengths = [shapes.conv_length(size, ks) for size, ks in zip((4, 8, 7), (3, 3, 2))]
for axis, length in zip(kt.pick("深度 行 列", "depth rows cols").split(), lengths):
    print(f"{axis:<6} {length.text}")
kt.verify_close(kt.pick("Conv3D = NumPy 手算", "Conv3D = NumPy by hand"), out3d, conv_numpy(clip, *conv3d.get_weights(), (1, 1, 1)),
                rtol=1e-4, atol=1e-4)
kt.verify_equal(kt.pick("参数个数 3·3·2·3·2 + 2", "parameters 3·3·2·3·2 + 2"), conv3d.count_params(), 3 * 3 * 2 * 3 * 2 + 2)

# %% [markdown]
# <!-- zh -->
# 其余参数和 Conv2D 的一样，每个轴可以不同：下面一个层在深度上膨胀、一个层在行列上步长为 2 并用 `same` 填充，
# 都和 NumPy 手算比较（`same` 先按第 2 节的规则补 0）；激活、偏置、初始化器、正则化器、约束用第 3.1 节的函数检查。
# <!-- en -->
# The other arguments are Conv2D's, and each axis may differ: below, one layer dilated along depth
# and one with stride 2 along rows and columns and `same` padding, both compared with NumPy (`same`
# first pads by section 2's rule); activation, bias, initializers, regularizers and constraints are
# checked with section 3.1's function.

# %%
dilated3d = layers.Conv3D(2, (2, 3, 2), dilation_rate=(2, 1, 1), bias_initializer="random_normal")
kt.verify_close(kt.pick("dilation_rate=(2, 1, 1) 的 Conv3D = NumPy 手算", "a Conv3D with dilation_rate=(2, 1, 1) = NumPy by hand"),
                as_numpy(dilated3d(clip)), conv_numpy(clip, *dilated3d.get_weights(), (1, 1, 1), (2, 1, 1)), rtol=1e-4, atol=1e-4)

strided3d = layers.Conv3D(2, 3, strides=(1, 2, 2), padding="same", bias_initializer="random_normal")
pads3d = [shapes.conv_length(size, 3, stride, "same").pad for size, stride in zip((4, 8, 7), (1, 2, 2))]
kt.verify_close(kt.pick("strides=(1, 2, 2)、same 的 Conv3D = 补 0 后的 NumPy 手算", "a Conv3D with strides=(1, 2, 2), same = NumPy after padding"),
                as_numpy(strided3d(clip)), conv_numpy(np.pad(clip, ((0, 0), *pads3d, (0, 0))), *strided3d.get_weights(), (1, 2, 2)),
                rtol=1e-4, atol=1e-4)
check_common_arguments(lambda **arguments: layers.Conv3D(2, 2, **arguments), clip, conv_no_bias)

# %% [markdown]
# <!-- zh -->
# `Conv3D` 的 `channels_first` 在 TensorFlow 的 CPU 上不管 oneDNN 开不开都能运行（和 Conv1D、Conv2D 不同）。
# 同样的权重下，通道在前的结果就是通道在后的结果换一下轴的顺序。
# <!-- en -->
# A `channels_first` `Conv3D` runs on TensorFlow's CPU whether oneDNN is on or not (unlike Conv1D and
# Conv2D). With the same weights, the channels-first result is the channels-last result with its axes
# reordered.

# %%
conv3d_cf = layers.Conv3D(2, (3, 3, 2), data_format="channels_first")
conv3d_cf.build((None, 3, 4, 8, 7))
conv3d_cf.set_weights(conv3d.get_weights())
out3d_cf = as_numpy(conv3d_cf(np.transpose(clip, (0, 4, 1, 2, 3))))
kt.verify_close(kt.pick("channels_first 的结果 = channels_last 的结果换轴", "the channels_first result = the channels_last result, axes moved"),
                out3d_cf, np.transpose(out3d, (0, 4, 1, 2, 3)), rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 9. Cropping1D / 2D / 3D：裁剪
#
# 裁剪层从每个空间轴的两端去掉一些元素，没有参数。沿一个轴：$L = n - \text{前} - \text{后}$。
# `cropping` 可以是一个整数（每个轴两端都裁这么多）、每个轴一个整数（两端对称），或者每个轴一对 `(前, 后)`。
#
# > **勘误** 文档 001 在这一组里有几处笔误：Cropping2D 的 `cropping` 说“分别为宽和高方向”，实际顺序是先行（高）
# > 后列（宽）；Cropping2D 的输入形状写成了通道在前的 `(samples, depth, first_axis_to_crop, …)`，而默认是通道在后；
# > Cropping3D 一节说“对 2D 输入（图像）进行裁剪”，其实它裁的是三维数据。下面逐一核验正确的说法。
# <!-- en -->
# ## 9. Cropping1D / 2D / 3D
#
# Cropping layers remove elements from both ends of each spatial axis; they have no parameters.
# Along one axis: $L = n - \text{before} - \text{after}$. `cropping` may be one integer (that many at
# both ends of every axis), one integer per axis (symmetric), or one `(before, after)` pair per axis.
#
# > **Erratum** Document 001 has a few slips in this group: Cropping2D's `cropping` is said to be
# > "width and height, in that order", while the order is rows (height) first, then columns
# > (width); Cropping2D's input shape is written channels first, `(samples, depth,
# > first_axis_to_crop, …)`, while the default is channels last; and the Cropping3D section says it
# > "crops 2D input (images)", while it crops three-dimensional data. Below, the right statements,
# > each checked.

# %%
grid = np.arange(1 * 6 * 9 * 1, dtype="float32").reshape(1, 6, 9, 1)
cropped = as_numpy(layers.Cropping2D(cropping=((1, 2), (3, 0)))(grid))
kt.verify_equal(kt.pick("Cropping2D(((1, 2), (3, 0)))：行 6 − 1 − 2、列 9 − 3 − 0", "Cropping2D(((1, 2), (3, 0))): rows 6 − 1 − 2, cols 9 − 3 − 0"),
                cropped.shape, (1, 3, 6, 1))
kt.verify_equal(kt.pick("数值 = NumPy 切片 [1:-2, 3:]", "values = NumPy slice [1:-2, 3:]"), cropped, grid[:, 1:-2, 3:, :])

symmetric = as_numpy(layers.Cropping2D(cropping=(1, 2))(grid))
kt.verify_equal(kt.pick("Cropping2D((1, 2))：行两端各 1，列两端各 2", "Cropping2D((1, 2)): 1 off each end of the rows, 2 off each end of the cols"),
                symmetric, grid[:, 1:-1, 2:-2, :])

seq = np.arange(1 * 7 * 2, dtype="float32").reshape(1, 7, 2)
kt.verify_equal(kt.pick("Cropping1D((1, 2))：时间轴 7 − 1 − 2", "Cropping1D((1, 2)): time axis 7 − 1 − 2"),
                as_numpy(layers.Cropping1D((1, 2))(seq)), seq[:, 1:-2, :])

volume = rng.normal(size=(1, 5, 6, 7, 2)).astype("float32")
crop3d = layers.Cropping3D(cropping=((1, 0), (0, 2), (1, 1)))
kt.verify_equal(kt.pick("Cropping3D 裁的是三个空间轴", "Cropping3D crops three spatial axes"),
                as_numpy(crop3d(volume)), volume[:, 1:, :-2, 1:-1, :])

# %% [markdown]
# <!-- zh -->
# 裁掉的比剩下的还多时，Keras 会报错：
# <!-- en -->
# Cropping more than there is raises an error:

# %%
with kt.expect_error(ValueError, match="smaller"):
    layers.Cropping2D(((3, 3), (0, 0)))(grid)

# %% [markdown]
# <!-- zh -->
# ## 10. UpSampling1D / 2D / 3D：上采样
#
# 上采样层把每个元素沿每个空间轴重复 `size` 次（最近邻），没有参数：$L = n \cdot \text{size}$。
# `UpSampling2D` 今天还可以选 `interpolation="bilinear"`（双线性插值）。
#
# > **勘误** 文档说 UpSampling1D“将每个时间步重复 length 次”，参数其实叫 `size`。
# <!-- en -->
# ## 10. UpSampling1D / 2D / 3D
#
# Upsampling layers repeat each element `size` times along each spatial axis (nearest neighbour);
# they have no parameters: $L = n \cdot \text{size}$. `UpSampling2D` today also offers
# `interpolation="bilinear"`.
#
# > **Erratum** The document says UpSampling1D "repeats each timestep length times"; the argument
# > is called `size`.

# %%
up1d = layers.UpSampling1D(size=3)
kt.verify_equal(kt.pick("UpSampling1D(size=3) = np.repeat(…, 3, axis=1)", "UpSampling1D(size=3) = np.repeat(…, 3, axis=1)"),
                as_numpy(up1d(seq)), np.repeat(seq, 3, axis=1))

tiny = np.arange(1 * 2 * 3 * 1, dtype="float32").reshape(1, 2, 3, 1)
up2d = as_numpy(layers.UpSampling2D(size=(2, 3))(tiny))
print(up2d[0, :, :, 0])
kt.verify_equal(kt.pick("UpSampling2D((2, 3))：行重复 2 次、列重复 3 次", "UpSampling2D((2, 3)): rows twice, cols three times"),
                up2d, np.repeat(np.repeat(tiny, 2, axis=1), 3, axis=2))

smooth = as_numpy(layers.UpSampling2D(size=2, interpolation="bilinear")(tiny))
shapes.expect_shape(smooth, (1, 4, 6, 1))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档说 UpSampling3D 和 ZeroPadding3D“目前只能在使用 Theano 为后端时可用”。
# > 今天没有 Theano 后端了，这两个层在每个后端上都能用，下面就是在 TensorFlow 上运行的。
# <!-- en -->
# > **Changed in Keras 3** The document says UpSampling3D and ZeroPadding3D "are only available with
# > the Theano backend for now". There is no Theano backend any more, and both layers work on every
# > backend; below they run on TensorFlow.

# %%
print(kt.pick("后端：", "backend:"), keras.config.backend())
cube = rng.normal(size=(1, 2, 3, 4, 1)).astype("float32")
up3d = as_numpy(layers.UpSampling3D(size=(1, 2, 3))(cube))
pad3d = as_numpy(layers.ZeroPadding3D(padding=((1, 0), (0, 2), (1, 1)))(cube))
expected_up3d = np.repeat(np.repeat(cube, 2, axis=2), 3, axis=3)
kt.verify_equal(kt.pick("UpSampling3D((1, 2, 3)) 在 TensorFlow 上 = 三个轴各重复 1、2、3 次",
                        "UpSampling3D((1, 2, 3)) on TensorFlow = the three axes repeated 1, 2 and 3 times"),
                up3d, expected_up3d)
kt.verify_equal(kt.pick("ZeroPadding3D 在 TensorFlow 上 = np.pad", "ZeroPadding3D on TensorFlow = np.pad"),
                pad3d, np.pad(cube, ((0, 0), (1, 0), (0, 2), (1, 1), (0, 0))))

# %% [markdown]
# <!-- zh -->
# ## 11. ZeroPadding1D / 2D / 3D：补零
#
# 补零层在每个空间轴的两端补 0，通常放在卷积前面，控制卷积后特征图的大小：$L = n + \text{前} + \text{后}$。
# `padding` 的写法和 `cropping` 一样。
#
# > **勘误** 文档 001 说 ZeroPadding1D 填充的是“轴 1（第 0 维是样本数）”，这是从 0 开始数的，没错。
# > 但 ZeroPadding2D 接着说填充“轴 3 和轴 4（'th' 模式），`channels_last` 模式下是轴 2、3”，ZeroPadding3D 说
# > “轴 3、4、5，`channels_last` 下是轴 2、3、4”，都多数了 1。按同样从 0 开始的数法，`channels_last` 下
# > ZeroPadding2D 填充轴 1、2，ZeroPadding3D 填充轴 1、2、3（通道在前时分别是轴 2、3 和轴 2、3、4）。
# > 另外 ZeroPadding3D 的输出形状里写的 `len_pool_dim1…` 是从池化层抄来的名字。
# <!-- en -->
# ## 11. ZeroPadding1D / 2D / 3D
#
# Zero-padding layers add zeros at both ends of each spatial axis, usually before a convolution to
# control the size of its output: $L = n + \text{before} + \text{after}$. `padding` is written like
# `cropping`.
#
# > **Erratum** Document 001 says ZeroPadding1D pads "axis 1 (axis 0 is the samples)": counting from
# > 0, correct. But ZeroPadding2D then says it pads "axes 3 and 4 ('th' mode), axes 2 and 3 under
# > `channels_last`", and ZeroPadding3D "axes 3, 4 and 5, axes 2, 3 and 4 under `channels_last`":
# > both one too many. Counting from 0 as before, under `channels_last` ZeroPadding2D pads axes 1
# > and 2, and ZeroPadding3D axes 1, 2 and 3 (axes 2, 3 and 2, 3, 4 with channels first). Also, the
# > `len_pool_dim1…` in ZeroPadding3D's output shape is a name copied from the pooling layers.

# %%
pad1d = as_numpy(layers.ZeroPadding1D(padding=(2, 1))(seq))
kt.verify_equal(kt.pick("ZeroPadding1D((2, 1))：7 + 2 + 1，数值 = np.pad", "ZeroPadding1D((2, 1)): 7 + 2 + 1, values = np.pad"),
                pad1d, np.pad(seq, ((0, 0), (2, 1), (0, 0))))

padded2d = as_numpy(layers.ZeroPadding2D(padding=((1, 0), (2, 3)))(grid))
grown = [axis for axis in range(4) if padded2d.shape[axis] != grid.shape[axis]]
kt.verify_equal(kt.pick("ZeroPadding2D 改变的轴（从 0 数）", "axes ZeroPadding2D changes (counting from 0)"), grown, [1, 2])
kt.verify_equal(kt.pick("ZeroPadding2D(((1, 0), (2, 3))) = np.pad", "ZeroPadding2D(((1, 0), (2, 3))) = np.pad"),
                padded2d, np.pad(grid, ((0, 0), (1, 0), (2, 3), (0, 0))))
grown3d = [axis for axis in range(5) if pad3d.shape[axis] != cube.shape[axis]]
kt.verify_equal(kt.pick("ZeroPadding3D 改变的轴（从 0 数）", "axes ZeroPadding3D changes (counting from 0)"), grown3d, [1, 2, 3])

# %% [markdown]
# <!-- zh -->
# 补零加 `valid` 卷积，就是 `same` 卷积：3×3 的卷积核前后各补 1 个 0，输出和输入一样大，数值也和 `padding="same"` 完全相同。
# <!-- en -->
# Zero padding followed by a `valid` convolution is a `same` convolution: one zero at each end for a
# 3×3 kernel keeps the output the size of the input, and the values equal `padding="same"` exactly.

# %%
same_conv = layers.Conv2D(2, 3, padding="same")
same_out = as_numpy(same_conv(image))
valid_conv = layers.Conv2D(2, 3, padding="valid")
valid_conv.build((None, 11, 9, 2))
valid_conv.set_weights(same_conv.get_weights())
manual = as_numpy(valid_conv(layers.ZeroPadding2D(1)(image)))
kt.verify_close(kt.pick("ZeroPadding2D(1) + valid = same", "ZeroPadding2D(1) + valid = same"), manual, same_out, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 二维和三维的裁剪、上采样、补零层都还有一个 `data_format` 参数，意思和卷积层的一样。它们在 TensorFlow 的 CPU 上
# 两种格式都能运行：通道在前的结果，就是通道在后的结果换轴。
# <!-- en -->
# The 2-D and 3-D cropping, upsampling and padding layers also take a `data_format` argument, with the
# same meaning as for the convolution layers. They run in both formats on TensorFlow's CPU: the
# channels-first result is the channels-last result with its axes moved.

# %%
images4 = rng.normal(size=(2, 6, 7, 3)).astype("float32")
volumes5 = rng.normal(size=(2, 4, 5, 6, 3)).astype("float32")
shape_layers = {
    "Cropping2D": (lambda fmt: layers.Cropping2D(((1, 2), (0, 3)), data_format=fmt), images4),
    "UpSampling2D": (lambda fmt: layers.UpSampling2D((2, 3), data_format=fmt), images4),
    "ZeroPadding2D": (lambda fmt: layers.ZeroPadding2D(((1, 0), (2, 1)), data_format=fmt), images4),
    "Cropping3D": (lambda fmt: layers.Cropping3D(((1, 0), (0, 2), (1, 1)), data_format=fmt), volumes5),
    "UpSampling3D": (lambda fmt: layers.UpSampling3D((1, 2, 3), data_format=fmt), volumes5),
    "ZeroPadding3D": (lambda fmt: layers.ZeroPadding3D(((1, 0), (0, 2), (1, 1)), data_format=fmt), volumes5),
}
for name, (make, x) in shape_layers.items():
    to_first = (0, x.ndim - 1, *range(1, x.ndim - 1))
    last = as_numpy(make("channels_last")(x))
    first = as_numpy(make("channels_first")(np.transpose(x, to_first)))
    kt.verify_equal(kt.pick(f"{name}：channels_first 的结果 = channels_last 的结果换轴",
                            f"{name}: the channels_first result = the channels_last result, axes moved"),
                    first, np.transpose(last, to_first))

# %% [markdown]
# <!-- zh -->
# ## 12. 把它们串起来
#
# 一个小的编码–解码模型把这一课的层都用上：补零、卷积、可分离卷积、裁剪、上采样、转置卷积。`shapes.trace`
# 逐层给出形状的算式，每一步都和 Keras 的真实形状核对过。
# <!-- en -->
# ## 12. Putting them together
#
# A small encoder–decoder uses this lesson's layers: padding, convolution, separable convolution,
# cropping, upsampling and transposed convolution. `shapes.trace` gives the arithmetic of each
# layer's shape, every step checked against Keras's real shape.

# %%
pipeline = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.ZeroPadding2D(2),
    layers.Conv2D(8, 3, strides=2, activation="relu"),
    layers.SeparableConv2D(16, 3, padding="same", activation="relu"),
    layers.Cropping2D(((0, 1), (0, 1))),
    layers.UpSampling2D(2),
    layers.Conv2DTranspose(1, 3, padding="same"),
], name="encoder_decoder")
trace = shapes.trace(pipeline)
trace

# %%
kt.verify_equal(kt.pick("最后又回到 28×28×1", "back to 28×28×1 at the end"), pipeline.output_shape, (None, 28, 28, 1))
kt.verify_equal(kt.pick("参数总数 = 各层手算之和", "total parameters = sum of the per-layer counts"),
                pipeline.count_params(),
                (3 * 3 * 1 * 8 + 8) + (3 * 3 * 8 + 8 * 16 + 16) + (3 * 3 * 16 * 1 + 1))

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# | 层 | 每个空间轴的输出长度 | 参数 |
# |---|---|---|
# | Conv1D/2D/3D，`valid` | $\lfloor (n - k')/s \rfloor + 1$，$k' = d(k-1)+1$ | $\prod k \cdot C_\text{in} F + F$ |
# | Conv1D/2D/3D，`same` | $\lceil n/s \rceil$ | 同上 |
# | Conv1D，`causal` | $\lfloor (n-1)/s \rfloor + 1$（左边补 $d(k-1)$ 个 0） | 同上 |
# | SeparableConv2D | 同 Conv2D | $k_h k_w C_\text{in} m + C_\text{in} m F + F$ |
# | Conv2DTranspose | `valid`：$(n-1)s + \max(k', s)$；`same`：$n s$（不给 `output_padding` 时） | $k_h k_w F C_\text{in} + F$ |
# | Cropping | $n - \text{前} - \text{后}$ | 0 |
# | UpSampling | $n \cdot \text{size}$ | 0 |
# | ZeroPadding | $n + \text{前} + \text{后}$ | 0 |
#
# - Keras 的卷积是不翻转卷积核的互相关，我们用 NumPy 手算核对过 Conv1D、Conv2D、Conv3D、可分离卷积和转置卷积；
#   `causal` 的输出不看未来。
# - 默认 `channels_last`。在 TensorFlow 的 CPU 上，`channels_first` 的 Conv1D/Conv2D/Conv2DTranspose 和膨胀的转置卷积
#   只有 oneDNN 打开时才能运行（`TF_ENABLE_ONEDNN_OPTS`，默认值取决于处理器）；到处都能运行的写法是先转成通道在后。
# - 可分离卷积 = 逐通道卷积 + 1×1 卷积，参数少得多；转置卷积是卷积的转置，不是逆。
# - 旧的 `Convolution2D(64, 3, 3, border_mode='same')` 今天写作 `Conv2D(64, (3, 3), padding='same')`；
#   不改参数的 `Convolution2D(64, 3, 3)` 不会报错，但步长变成了 3。
#
# 练习：`exercises/zh/06_convolution_layers.ipynb`。下一课：**第 7 课　池化层和局部连接层**。
# <!-- en -->
# ## Summary
#
# | layer | output length along each spatial axis | parameters |
# |---|---|---|
# | Conv1D/2D/3D, `valid` | $\lfloor (n - k')/s \rfloor + 1$, $k' = d(k-1)+1$ | $\prod k \cdot C_\text{in} F + F$ |
# | Conv1D/2D/3D, `same` | $\lceil n/s \rceil$ | as above |
# | Conv1D, `causal` | $\lfloor (n-1)/s \rfloor + 1$ ($d(k-1)$ zeros on the left) | as above |
# | SeparableConv2D | as Conv2D | $k_h k_w C_\text{in} m + C_\text{in} m F + F$ |
# | Conv2DTranspose | `valid`: $(n-1)s + \max(k', s)$; `same`: $n s$ (without `output_padding`) | $k_h k_w F C_\text{in} + F$ |
# | Cropping | $n - \text{before} - \text{after}$ | 0 |
# | UpSampling | $n \cdot \text{size}$ | 0 |
# | ZeroPadding | $n + \text{before} + \text{after}$ | 0 |
#
# - Keras's convolution is a cross-correlation with an unflipped kernel; NumPy checked Conv1D, Conv2D,
#   Conv3D, the separable and the transposed convolutions by hand; a `causal` output never sees the
#   future.
# - `channels_last` is the default. On TensorFlow's CPU, `channels_first` Conv1D/Conv2D/Conv2DTranspose
#   and dilated transposed convolutions run only with oneDNN on (`TF_ENABLE_ONEDNN_OPTS`, whose
#   default depends on the processor); the form that runs everywhere moves the channels last first.
# - A separable convolution is a depthwise convolution plus a 1×1 convolution, with far fewer
#   parameters; a transposed convolution is the transpose of a convolution, not its inverse.
# - The old `Convolution2D(64, 3, 3, border_mode='same')` is written `Conv2D(64, (3, 3),
#   padding='same')` today; `Convolution2D(64, 3, 3)` left as it is raises nothing, but its stride
#   becomes 3.
#
# Exercise: `exercises/en/06_convolution_layers.ipynb`. Next: **Lesson 7 · Pooling and locally
# connected layers**.
