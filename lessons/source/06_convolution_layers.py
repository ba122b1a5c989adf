# %% [markdown]
# <!-- zh -->
# # 第 6 课　卷积层
#
# 这一课讲 Keras 的卷积层和与卷积配套的“形状层”：`Conv1D`、`Conv2D`、`SeparableConv2D`、`Conv2DTranspose`、
# `Conv3D`，以及 `Cropping1D/2D/3D`、`UpSampling1D/2D/3D`、`ZeroPadding1D/2D/3D`。
#
# 学完后你能够：
# - 写出每个层的输出形状公式（填充 `valid` / `same` / `causal`、步长、膨胀），并在真实张量上验证；
# - 用 NumPy 手算一次卷积，确认 Keras 算的就是它；
# - 说清 `channels_last` 和 `channels_first` 的区别，以及在 TensorFlow 的 CPU 上会遇到什么；
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
# - explain `channels_last` against `channels_first`, and what happens on TensorFlow's CPU;
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

import keras
import numpy as np
from keras import layers
from kerastutor import shapes, widgets
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(SEED)


def as_numpy(t):
    return keras.ops.convert_to_numpy(t)


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
# `(kernel_size, 32)` 的卷积核做二维卷积。下面把同一组权重放进两个层里验证。
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
def conv2d_numpy(x, kernel, bias, strides=(1, 1)):
    """Valid 2-D convolution, channels_last: x (batch, rows, cols, C), kernel (kh, kw, C, F)."""
    kh, kw = kernel.shape[:2]
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (batch, rows′, cols′, C, kh, kw)
    out = np.einsum("brsCij,ijCf->brsf", windows, kernel)
    return out[:, ::strides[0], ::strides[1], :] + bias


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
kt.verify_close(kt.pick("Conv2D = NumPy 手算", "Conv2D = NumPy by hand"), out2d, conv2d_numpy(image, kernel2d, bias2d, (2, 1)),
                rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 3.1 `data_format`：通道在后还是在前
#
# `data_format` 说明通道轴在哪里：`"channels_last"` 是 `(批次, 行, 列, 通道)`，`"channels_first"` 是
# `(批次, 通道, 行, 列)`。它取代了 Keras 1 的 `image_dim_ordering`：`"tf"` 对应 `channels_last`，`"th"` 对应
# `channels_first`。不写时用 `~/.keras/keras.json` 里的 `image_data_format`，从没设置过就是 `channels_last`。
# <!-- en -->
# ### 3.1 `data_format`: channels last or first
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
# Keras 能为 `channels_first` 正确算出形状。但在 **TensorFlow 后端、只有 CPU** 的机器上（本课程的环境），
# TensorFlow 的二维卷积内核只支持 NHWC（即 `channels_last`）：层可以建起来，一拿真实数据运行就报
# `UnimplementedError`。在 GPU 上，或者用 JAX / PyTorch 后端，它是能运行的。
# <!-- en -->
# Keras computes the right shapes for `channels_first`. But with the **TensorFlow backend on a
# CPU-only machine** (this course's setting), TensorFlow's 2-D convolution kernel only supports NHWC
# (that is, `channels_last`): the layer builds, and fails with `UnimplementedError` as soon as real
# data goes through. On a GPU, or with the JAX or PyTorch backend, it runs.

# %%
cf_input = keras.Input(shape=(2, 9, 7))
cf_conv = layers.Conv2D(4, (3, 2), strides=(2, 1), data_format="channels_first")
shapes.expect_shape(cf_conv(cf_input), (None, 4, rows.value, cols.value))

import tensorflow as tf

with kt.expect_error(tf.errors.UnimplementedError, match="NHWC"):
    cf_conv(np.transpose(image, (0, 3, 1, 2)))

# %% [markdown]
# <!-- zh -->
# 在这台机器上，哪些层能用 `channels_first` 运行？逐个试一下（结果取决于 TensorFlow 版本和硬件，这里是实测）：
# <!-- en -->
# Which layers run with `channels_first` on this machine? Trying each (the answer depends on the
# TensorFlow version and the hardware; this is measured, not assumed):

# %%
candidates = [("Conv1D", layers.Conv1D(2, 3, data_format="channels_first"), (1, 3, 8)),
              ("Conv2D", layers.Conv2D(2, 3, data_format="channels_first"), (1, 3, 8, 8)),
              ("Conv3D", layers.Conv3D(2, 3, data_format="channels_first"), (1, 3, 5, 5, 5)),
              ("SeparableConv2D", layers.SeparableConv2D(2, 3, data_format="channels_first"), (1, 3, 8, 8)),
              ("Conv2DTranspose", layers.Conv2DTranspose(2, 3, data_format="channels_first"), (1, 3, 8, 8))]
runs = {}
for name, layer, shape in candidates:
    try:
        layer(np.zeros(shape, "float32"))
        runs[name] = True
    except (tf.errors.UnimplementedError, tf.errors.InvalidArgumentError) as err:
        runs[name] = False
        reason = type(err).__name__
    print(f"{name:<16}", "✓" if runs[name] else f"✗ {reason}")
kt.verify_true(kt.pick("Conv2D 在 CPU 上不能用 channels_first 运行", "Conv2D cannot run channels_first on the CPU"),
               not runs["Conv2D"])

# %% [markdown]
# <!-- zh -->
# 数据本来就是通道在前时，CPU 上的办法是：先转成通道在后，用 `channels_last` 的层卷积，需要的话再转回去。
# 两种格式下卷积核的形状完全一样，所以权重可以直接共用。下面拿转置后的结果和 NumPy 手算的通道在前结果比较。
# <!-- en -->
# When the data comes channels first, the CPU way is: transpose to channels last, convolve with a
# `channels_last` layer, and transpose back if needed. The kernel has exactly the same shape in both
# formats, so the weights carry over as they are. Below, the transposed result is compared with the
# channels-first result worked out in NumPy.

# %%
cf_image = np.transpose(image, (0, 3, 1, 2))
# zh: 通道在前的层的卷积核形状和通道在后的一样，所以 set_weights 直接接受同一组权重
# en: the channels-first layer's kernel has the channels-last shape, so set_weights takes the same weights
cf_conv.set_weights([kernel2d, bias2d])
kt.verify_equal(kt.pick("两种格式的卷积核形状", "kernel shape in both formats"), tuple(cf_conv.kernel.shape), kernel2d.shape)

via_last = layers.Permute((3, 1, 2))(conv2d(layers.Permute((2, 3, 1))(cf_image)))
cf_by_hand = np.transpose(conv2d_numpy(np.transpose(cf_image, (0, 2, 3, 1)), kernel2d, bias2d, (2, 1)), (0, 3, 1, 2))
shapes.expect_shape(via_last, tuple(cf_conv.compute_output_shape((1, 2, 9, 7))))
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
# > **勘误** 文档 001 的 SeparableConv2D 参数表里还列着 `kernel_regularizer` 和 `kernel_constraints`。
# > 可分离卷积没有单一的 `kernel`，也就没有这两个参数；正确的是分开的 `depthwise_regularizer` /
# > `pointwise_regularizer` 和 `depthwise_constraint` / `pointwise_constraint`（文档在同一张表里也列了它们）。
# <!-- en -->
# > **Erratum** Document 001's argument list for SeparableConv2D also has `kernel_regularizer` and
# > `kernel_constraints`. A separable convolution has no single `kernel`, so it has neither argument;
# > the right ones are the separate `depthwise_regularizer` / `pointwise_regularizer` and
# > `depthwise_constraint` / `pointwise_constraint` (which the same list also gives).

# %%
with kt.expect_error(ValueError, match="kernel_regularizer"):
    layers.SeparableConv2D(filters, 3, kernel_regularizer="l2")

# %%
regularized = layers.SeparableConv2D(filters, 3, depthwise_regularizer="l2", pointwise_regularizer="l2",
                                     depthwise_constraint="non_neg", pointwise_constraint="max_norm")
regularized(feature_maps)
kt.verify_equal(kt.pick("两个卷积核各有一个惩罚项", "one penalty for each of the two kernels"), len(regularized.losses), 2)

# %% [markdown]
# <!-- zh -->
# ## 6. Conv2DTranspose：转置卷积
#
# 转置卷积（常被叫作“反卷积”，但它并不是卷积的逆运算）把一个普通卷积的**输出形状**变回它的**输入形状**，
# 常用于把特征图放大（例如图像分割、生成模型）。沿每个空间轴的输出长度：
#
# - `valid`：$L = (n-1)\,s + k$（再加可选的 `output_padding`）；
# - `same`：$L = n \cdot s$。
#
# 先检查形状：一个 3×3、步长 2 的 `valid` 卷积把 11 变成 5；同样设置的转置卷积把 5 变回 11。
# <!-- en -->
# ## 6. Conv2DTranspose: transposed convolution
#
# A transposed convolution (often called "deconvolution", though it does not invert a convolution)
# takes an ordinary convolution's **output shape** back to its **input shape**; it is used to enlarge
# feature maps (segmentation, generative models). The output length along each spatial axis:
#
# - `valid`: $L = (n-1)\,s + k$ (plus an optional `output_padding`);
# - `same`: $L = n \cdot s$.
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

for padding, strides, output_padding in [("valid", 1, None), ("valid", 2, None), ("valid", 3, 1),
                                         ("same", 2, None), ("same", 3, None)]:
    length = shapes.conv_transpose_length(5, 3, strides, padding, output_padding)
    layer = layers.Conv2DTranspose(1, 3, strides=strides, padding=padding, output_padding=output_padding)
    kt.verify_equal(f"{padding:<5} s={strides} op={output_padding}: {length.text}",
                    layer(small).shape[1], length.value)

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
# 文档在 Conv2DTranspose 的参数里列了 `dilation_rate`，签名里却没写。今天这个参数是有的，形状也算得出来；
# 但 TensorFlow 的 CPU 实现不支持膨胀的转置卷积，一运行就报错。
# <!-- en -->
# The document lists `dilation_rate` among Conv2DTranspose's arguments but leaves it out of the
# signature. The argument exists today and Keras computes the shape; but TensorFlow's CPU
# implementation has no dilated transposed convolution, so running one fails.

# %%
dilated_up = layers.Conv2DTranspose(1, 3, dilation_rate=2)
dilated_length = shapes.conv_transpose_length(5, 3, dilation_rate=2)
print(dilated_length.text)
shapes.expect_shape(dilated_up(keras.Input(shape=(5, 5, 3))), (None, dilated_length.value, dilated_length.value, 1))
with kt.expect_error(tf.errors.InvalidArgumentError, match="dilation"):
    dilated_up(small)

# %% [markdown]
# <!-- zh -->
# ## 7. Conv3D：三维卷积
#
# `Conv3D` 的窗口在三个空间轴上滑动：输入 `(批次, 深度, 行, 列, 通道)`，例如视频的（帧, 高, 宽, 颜色）。
# 每个轴各用一次长度公式；参数个数 $k_d k_h k_w \cdot C_\text{in} \cdot F + F$。
# <!-- en -->
# ## 7. Conv3D: three-dimensional convolution
#
# `Conv3D` slides its window along three spatial axes: the input is `(batch, depth, rows, cols,
# channels)`, for example a video's (frames, height, width, colour). Each axis gets the length
# formula once; the parameter count is $k_d k_h k_w \cdot C_\text{in} \cdot F + F$.

# %%
clip = rng.normal(size=(1, 4, 8, 7, 3)).astype("float32")
conv3d = layers.Conv3D(2, (3, 3, 2), padding="valid")
out3d = as_numpy(conv3d(clip))
lengths = [shapes.conv_length(size, ks) for size, ks in zip((4, 8, 7), (3, 3, 2))]
for axis, length in zip(kt.pick("深度 行 列", "depth rows cols").split(), lengths):
    print(f"{axis:<6} {length.text}")
shapes.expect_shape(out3d, (1, *[length.value for length in lengths], 2))
kt.verify_equal(kt.pick("参数个数 3·3·2·3·2 + 2", "parameters 3·3·2·3·2 + 2"), conv3d.count_params(), 3 * 3 * 2 * 3 * 2 + 2)

# %% [markdown]
# <!-- zh -->
# 在这台机器上 `Conv3D` 能以 `channels_first` 运行（见第 3.1 节的表），正好可以验证：同样的权重下，
# 通道在前的结果就是通道在后的结果换一下轴的顺序。
# <!-- en -->
# On this machine `Conv3D` does run `channels_first` (see the table in section 3.1), which lets us
# check that with the same weights the channels-first result is the channels-last result with its
# axes reordered.

# %%
conv3d_cf = layers.Conv3D(2, (3, 3, 2), data_format="channels_first")
conv3d_cf.build((None, 3, 4, 8, 7))
conv3d_cf.set_weights(conv3d.get_weights())
out3d_cf = as_numpy(conv3d_cf(np.transpose(clip, (0, 4, 1, 2, 3))))
kt.verify_close(kt.pick("channels_first 的结果 = channels_last 的结果换轴", "channels_first result = channels_last result, axes moved"),
                out3d_cf, np.transpose(out3d, (0, 4, 1, 2, 3)), rtol=1e-4, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 8. Cropping1D / 2D / 3D：裁剪
#
# 裁剪层从每个空间轴的两端去掉一些元素，没有参数。沿一个轴：$L = n - \text{前} - \text{后}$。
# `cropping` 可以是一个整数（每个轴两端都裁这么多）、每个轴一个整数（两端对称），或者每个轴一对 `(前, 后)`。
#
# > **勘误** 文档 001 在这一组里有几处笔误：Cropping2D 的 `cropping` 说“分别为宽和高方向”，实际顺序是先行（高）
# > 后列（宽）；Cropping2D 的输入形状写成了通道在前的 `(samples, depth, first_axis_to_crop, …)`，而默认是通道在后；
# > Cropping3D 一节说“对 2D 输入（图像）进行裁剪”，其实它裁的是三维数据。下面逐一验证正确的说法。
# <!-- en -->
# ## 8. Cropping1D / 2D / 3D
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
crop3d = layers.Cropping3D()
print(kt.pick("Cropping3D 的默认 cropping：", "Cropping3D's default cropping:"), crop3d.cropping)
kt.verify_equal(kt.pick("Cropping3D 裁的是三个空间轴", "Cropping3D crops three spatial axes"),
                as_numpy(crop3d(volume)), volume[:, 1:-1, 1:-1, 1:-1, :])

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
# ## 9. UpSampling1D / 2D / 3D：上采样
#
# 上采样层把每个元素沿每个空间轴重复 `size` 次（最近邻），没有参数：$L = n \cdot \text{size}$。
# `UpSampling2D` 今天还可以选 `interpolation="bilinear"`（双线性插值）。
#
# > **勘误** 文档说 UpSampling1D“将每个时间步重复 length 次”，参数其实叫 `size`。
# <!-- en -->
# ## 9. UpSampling1D / 2D / 3D
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
up3d = as_numpy(layers.UpSampling3D(size=(2, 2, 2))(cube))
pad3d = as_numpy(layers.ZeroPadding3D(padding=(1, 1, 1))(cube))
expected_up3d = np.repeat(np.repeat(np.repeat(cube, 2, axis=1), 2, axis=2), 2, axis=3)
kt.verify_equal(kt.pick("UpSampling3D 在 TensorFlow 上 = 三个轴各重复 2 次", "UpSampling3D on TensorFlow = each of three axes repeated twice"),
                up3d, expected_up3d)
kt.verify_equal(kt.pick("ZeroPadding3D 在 TensorFlow 上 = np.pad", "ZeroPadding3D on TensorFlow = np.pad"),
                pad3d, np.pad(cube, ((0, 0), (1, 1), (1, 1), (1, 1), (0, 0))))

# %% [markdown]
# <!-- zh -->
# ## 10. ZeroPadding1D / 2D / 3D：补零
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
# ## 10. ZeroPadding1D / 2D / 3D
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
# ## 11. 把它们串起来
#
# 一个小的编码–解码模型把这一课的层都用上：补零、卷积、可分离卷积、裁剪、上采样、转置卷积。`shapes.trace`
# 逐层给出形状的算式，每一步都和 Keras 的真实形状核对过。
# <!-- en -->
# ## 11. Putting them together
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
# | Conv2DTranspose | `valid`：$(n-1)s + k$；`same`：$n s$ | $k_h k_w F C_\text{in} + F$ |
# | Cropping | $n - \text{前} - \text{后}$ | 0 |
# | UpSampling | $n \cdot \text{size}$ | 0 |
# | ZeroPadding | $n + \text{前} + \text{后}$ | 0 |
#
# - Keras 的卷积是不翻转卷积核的互相关，我们用 NumPy 手算核对过 Conv1D、Conv2D；`causal` 的输出不看未来。
# - 默认 `channels_last`；`channels_first` 的形状能算，但在 TensorFlow 的 CPU 上 Conv1D/Conv2D 不能运行，先转置成通道在后。
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
# | Conv2DTranspose | `valid`: $(n-1)s + k$; `same`: $n s$ | $k_h k_w F C_\text{in} + F$ |
# | Cropping | $n - \text{before} - \text{after}$ | 0 |
# | UpSampling | $n \cdot \text{size}$ | 0 |
# | ZeroPadding | $n + \text{before} + \text{after}$ | 0 |
#
# - Keras's convolution is a cross-correlation with an unflipped kernel; NumPy checked Conv1D and
#   Conv2D by hand; a `causal` output never sees the future.
# - `channels_last` is the default; `channels_first` shapes are computed, but on TensorFlow's CPU
#   Conv1D/Conv2D cannot run it: transpose to channels last first.
# - A separable convolution is a depthwise convolution plus a 1×1 convolution, with far fewer
#   parameters; a transposed convolution is the transpose of a convolution, not its inverse.
# - The old `Convolution2D(64, 3, 3, border_mode='same')` is written `Conv2D(64, (3, 3),
#   padding='same')` today; `Convolution2D(64, 3, 3)` left as it is raises nothing, but its stride
#   becomes 3.
#
# Exercise: `exercises/en/06_convolution_layers.ipynb`. Next: **Lesson 7 · Pooling and locally
# connected layers**.
