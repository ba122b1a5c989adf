# %% [markdown]
# <!-- zh -->
# # 第 7 课　池化层和局部连接层
#
# 池化层把一段输入（一个窗口）压成一个数：取最大值，或者取平均值。它没有权重，却是卷积网络里
# 缩小特征图、汇总信息的主要工具。局部连接层则像一个“不共享权重的卷积层”：每个位置都有自己的一组核。
#
# 学完后你能够：
# - 对一维、二维、三维数据手算最大池化和平均池化，并说清楚 `pool_size`、`strides`、`padding` 各管什么；
# - 用公式算出池化层的输出长度，知道 `padding="same"` 时窗口边上到底算了哪些数；
# - 用全局池化把一整条序列或一整张特征图变成一个向量；
# - 用 `data_format` 处理通道在前的二维、三维数据，并明白一维的手算为什么足以核验任意维的池化；
# - 自己写 `LocallyConnected1D` 和 `LocallyConnected2D` 层，并比较它们和 `Conv1D`、`Conv2D` 的参数个数。
#
# 对应原文：文档 001 第 3 节（池化层 3.1–3.10）和第 4 节（局部连接层），文档 002 层类型表的第 9、10 行。
# <!-- en -->
# # Lesson 7 · Pooling and locally connected layers
#
# A pooling layer squeezes a stretch of its input (a window) into one number: the largest value, or
# the mean. It has no weights, yet it is the main tool a convolutional network uses to shrink its
# feature maps and summarise what they found. A locally connected layer is a "convolution without
# weight sharing": every position gets its own kernel.
#
# By the end you will be able to:
# - compute max and average pooling by hand on 1D, 2D and 3D data, and say what `pool_size`,
#   `strides` and `padding` each control;
# - work out a pooling layer's output length from its formula, and know which numbers a window at
#   the edge really sees with `padding="same"`;
# - turn a whole sequence or a whole feature map into one vector with global pooling;
# - pool channels-first 2D and 3D data with `data_format`, and see why a 1D pooling by hand is enough
#   to check pooling in any number of dimensions;
# - write `LocallyConnected1D` and `LocallyConnected2D` layers yourself and compare their parameter
#   counts with `Conv1D`'s and `Conv2D`'s.
#
# Follows: document 001 §3 (pooling layers 3.1–3.10) and §4 (locally connected layers), and rows 9
# and 10 of the table of layer kinds in document 002.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import inspect

import keras
import matplotlib.pyplot as plt
import numpy as np
from kerastutor import shapes, widgets

# %% [markdown]
# <!-- zh -->
# ## 1. 池化：每个窗口留下一个数
#
# 一维池化层的输入形状是 `(样本数, 时间步, 特征数)`。一个长度为 `pool_size` 的窗口沿时间轴滑动，
# 每次移动 `strides` 步；每停一次，就对窗口里的数做一次汇总：
#
# - `MaxPooling1D` 取窗口里的**最大值**；
# - `AveragePooling1D` 取窗口里的**平均值**。
#
# 每个特征（每一列）各自池化，互不相干，所以特征数不变，变的只是时间步的个数。
# <!-- en -->
# ## 1. Pooling: one number per window
#
# A 1D pooling layer takes input of shape `(samples, steps, features)`. A window `pool_size` long
# slides along the time axis, `strides` steps at a time; at each stop the numbers in the window are
# summarised:
#
# - `MaxPooling1D` keeps the **largest** value in the window;
# - `AveragePooling1D` keeps their **mean**.
#
# Each feature (each column) is pooled on its own, so the number of features stays the same; only
# the number of steps changes.

# %% [markdown]
# <!-- zh -->
# 我们用一个很小的输入：1 个样本、6 个时间步、2 个特征，
# 用默认设置 `pool_size=2, strides=None, padding="valid"` 来池化。
# <!-- en -->
# Here is `keras.layers.MaxPooling1D` on a tiny input: 1 sample, 6 steps and 2
# features, with the defaults `pool_size=2, strides=None, padding="valid"`.

# %%
x = np.array([[[1, 0], [3, -1], [2, 2], [5, 2], [4, 7], [0, 1]]], dtype="float32")
print(kt.pick("输入（每行一个时间步，每列一个特征）：", "input (one row per step, one column per feature):"))
print(x[0])

max_pool = keras.layers.MaxPooling1D(pool_size=2, strides=None, padding="valid")
y = keras.ops.convert_to_numpy(max_pool(x))
print(kt.pick("MaxPooling1D 的输出：", "MaxPooling1D output:"))
print(y[0])

# %% [markdown]
# <!-- zh -->
# 窗口是 `[1,3] [2,5] [4,0]`（第一列）和 `[0,-1] [2,2] [7,1]`（第二列），最大值分别是 3、5、4 和 0、2、7。
# 下面这个 NumPy 函数把池化的定义原样写了出来：算出有几个窗口，逐个窗口取最大值或平均值。
# `padding="same"` 的情况第 2 节再讲，这里先一并写好。
# <!-- en -->
# The windows are `[1,3] [2,5] [4,0]` (first column) and `[0,-1] [2,2] [7,1]` (second column), with
# maxima 3, 5, 4 and 0, 2, 7. The NumPy function below writes out the definition of pooling as it
# is: count the windows, then take the max or the mean of each. It already handles
# `padding="same"`, which section 2 explains.

# %%
def pool1d_by_hand(x, pool_size, strides=None, padding="valid", reduce=np.max):
    """x: (samples, steps, features). Pool along the steps axis."""
    s = pool_size if strides is None else strides
    n = x.shape[1]
    if padding == "valid":
        out_len = (n - pool_size) // s + 1
        left = 0
    else:
        out_len = int(np.ceil(n / s))
        total_pad = max((out_len - 1) * s + pool_size - n, 0)
        left = total_pad // 2
    outputs = []
    for i in range(out_len):
        start = i * s - left
        # zh: 只取落在输入里面的位置，填充出来的位置不参与
        # en: only positions inside the input count; padded positions take no part
        window = x[:, max(start, 0):min(start + pool_size, n), :]
        outputs.append(reduce(window, axis=1))
    return np.stack(outputs, axis=1)


kt.verify_equal(kt.pick("MaxPooling1D 的输出 = 手算结果", "MaxPooling1D output = by hand"),
                y, pool1d_by_hand(x, 2))
kt.verify_equal(kt.pick("池化层的参数个数", "parameters of a pooling layer"), max_pool.count_params(), 0)

# %% [markdown]
# <!-- zh -->
# 文档 001 说 `strides` 为 `None` 时“默认值为 `pool_size`”，也就是窗口首尾相接、互不重叠。
# 拿长 3 的窗口池化 7 个时间步来看：`strides=None` 时层的输出应当等于手算时步长取 3 的结果（2 个窗口），
# 而不是步长取 1 的结果（5 个窗口）：
# <!-- en -->
# Document 001 says that `strides=None` "defaults to `pool_size`": the windows sit end to end
# without overlapping. Take a 3-step window on 7 steps: with `strides=None` the layer must give what
# the hand-written pooling gives with a stride of 3 (2 windows), not with a stride of 1 (5 windows):

# %%
steps7 = np.arange(7, dtype="float32").reshape(1, 7, 1) % 4
default_stride = keras.ops.convert_to_numpy(keras.layers.MaxPooling1D(pool_size=3, strides=None)(steps7))
print("strides=None:", default_stride[0, :, 0], "  strides=1 by hand:", pool1d_by_hand(steps7, 3, strides=1)[0, :, 0])
kt.verify_equal(kt.pick("strides=None 时按步长 = pool_size = 3 池化", "strides=None pools with a stride of pool_size = 3"),
                default_stride, pool1d_by_hand(steps7, 3, strides=3))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 把池化层写成 `keras.layers.pooling.MaxPooling1D`。
# > Keras 3 的 `keras.layers` 下面没有 `pooling` 这样的子模块，所有层都直接放在 `keras.layers` 里，
# > 旧写法今天会报错：
# <!-- en -->
# > **Changed in Keras 3** Document 001 writes the pooling layers as
# > `keras.layers.pooling.MaxPooling1D`. Keras 3 has no `pooling` submodule under `keras.layers`
# > (every layer sits directly in `keras.layers`), so the old form fails today:

# %%
with kt.expect_error(AttributeError):
    keras.layers.pooling.MaxPooling1D(pool_size=2, strides=None, padding="valid")

# %% [markdown]
# <!-- zh -->
# `AveragePooling1D` 的参数和 `MaxPooling1D` 一样，只是把最大值换成平均值：
# <!-- en -->
# `AveragePooling1D` takes the same arguments as `MaxPooling1D`; it takes the mean instead of the max:

# %%
avg_pool = keras.layers.AveragePooling1D(pool_size=2)
y_avg = keras.ops.convert_to_numpy(avg_pool(x))
print(y_avg[0])
kt.verify_close(kt.pick("AveragePooling1D 的输出 = 手算结果", "AveragePooling1D output = by hand"),
                y_avg, pool1d_by_hand(x, 2, reduce=np.mean), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 给出的签名是 `AveragePooling1D(pool_size=2, …)`，`pool_size`
# > 有默认值 2。Keras 3 里只有 `MaxPooling1D/2D/3D` 还保留这个默认值；`AveragePooling1D/2D/3D`
# > 的 `pool_size` 必须写出来，不写就会报错：
# <!-- en -->
# > **Changed in Keras 3** Document 001 gives the signature `AveragePooling1D(pool_size=2, …)`, with
# > a default of 2 for `pool_size`. In Keras 3 only `MaxPooling1D/2D/3D` keep that default;
# > `AveragePooling1D/2D/3D` need `pool_size` spelled out, and fail without it:

# %%
with kt.expect_error(TypeError):
    keras.layers.AveragePooling1D()

defaults = {name: inspect.signature(getattr(keras.layers, name)).parameters["pool_size"].default
            for name in ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
                         "AveragePooling1D", "AveragePooling2D", "AveragePooling3D")}
for name, default in defaults.items():
    print(f"{name:<17} pool_size = {'—' if default is inspect.Parameter.empty else default}")
kt.verify_equal(kt.pick("有默认 pool_size 的池化层", "the pooling layers that have a default pool_size"),
                [name for name, default in defaults.items() if default is not inspect.Parameter.empty],
                ["MaxPooling1D", "MaxPooling2D", "MaxPooling3D"])

# %% [markdown]
# <!-- zh -->
# ## 2. 步长、填充和输出长度
#
# 设输入有 $n$ 个时间步，窗口长 $p$，步长 $s$。`padding="valid"` 时窗口不能越出输入，
# `padding="same"` 时在两端补位，让每 $s$ 步都有一个输出：
#
# $$n_{\text{valid}} = \left\lfloor \frac{n - p}{s} \right\rfloor + 1, \qquad n_{\text{same}} = \left\lceil \frac{n}{s} \right\rceil$$
#
# 课程的形状工具 `shapes.pool_length` 按这两个公式计算，并把代入数字后的算式一起给出。
# 下面在一批不同的 $n, p, s$ 和两种填充方式上，把公式和 Keras 实际给出的形状逐一比较。
# <!-- en -->
# ## 2. Strides, padding and the output length
#
# Let the input have $n$ steps, the window be $p$ long and the stride $s$. With `padding="valid"` no
# window may run past the input; with `padding="same"` the ends are padded so that there is one
# output every $s$ steps:
#
# $$n_{\text{valid}} = \left\lfloor \frac{n - p}{s} \right\rfloor + 1, \qquad n_{\text{same}} = \left\lceil \frac{n}{s} \right\rceil$$
#
# The course's shape helper `shapes.pool_length` computes these formulas and shows the arithmetic
# with the numbers filled in. Below, for a range of $n, p, s$ and both paddings, the formula is
# compared with the shape Keras actually produces.

# %%
print(shapes.pool_length(7, 3, 2, "valid"))
print(shapes.pool_length(7, 3, 2, "same"))

cases = [(n, p, s, pad) for n in (5, 6, 7, 10) for p in (2, 3) for s in (None, 1, 2, 3)
         for pad in ("valid", "same")]
formula, from_keras = [], []
for n, p, s, pad in cases:
    layer = keras.layers.MaxPooling1D(pool_size=p, strides=s, padding=pad)
    from_keras.append(layer(np.zeros((1, n, 1), dtype="float32")).shape[1])
    formula.append(shapes.pool_length(n, p, s, pad).value)
print(kt.pick("前 6 种设置 (n, p, s, padding) → 公式 / Keras：", "first 6 settings (n, p, s, padding) → formula / Keras:"))
for case, f_len, k_len in list(zip(cases, formula, from_keras))[:6]:
    print(f"  {case} → {f_len} / {k_len}")
kt.verify_true(kt.pick(f"全部 {len(cases)} 种设置下的输出长度：公式 = Keras",
                       f"output length in all {len(cases)} settings: formula = Keras"), formula == from_keras)

# %% [markdown]
# <!-- zh -->
# 文档 001 说 `strides` 是“下采样因子”，设为 2 会让输出长度变为输入的一半。当窗口长 2、步长 2 时，
# 偶数长度确实正好减半；奇数长度则要取整：`"valid"` 向下取整，`"same"` 向上取整。
# <!-- en -->
# Document 001 calls `strides` a "downsampling factor": 2 halves the output length. With a window of 2
# and a stride of 2, an even length is indeed exactly halved; an odd length is rounded, down with
# `"valid"` and up with `"same"`.

# %%
for n in (8, 7):
    for pad in ("valid", "same"):
        out = keras.layers.MaxPooling1D(2, strides=2, padding=pad)(np.zeros((1, n, 1), dtype="float32"))
        print(f"n = {n}, padding = {pad!r:8} → {out.shape[1]}")
kt.verify_equal(kt.pick("n=8、7 时的输出长度（valid, same）", "output lengths for n=8, 7 (valid, same)"),
                [shapes.pool_length(8, 2, 2, "valid").value, shapes.pool_length(8, 2, 2, "same").value,
                 shapes.pool_length(7, 2, 2, "valid").value, shapes.pool_length(7, 2, 2, "same").value],
                [8 // 2, 8 // 2, 7 // 2, -(-7 // 2)])

# %% [markdown]
# <!-- zh -->
# `"same"` 在两端补的位置并不是 0。`shapes.window_positions` 列出每个窗口读到的输入下标，
# 小于 0 或大于等于 $n$ 的就是补出来的位置。最大池化忽略这些位置；平均池化也只对真正的输入求平均，
# 所以边上那个窗口是“两个数的平均”，而不是“三个数（其中一个是 0）的平均”。
# 用 $n=7, p=3, s=2$ 来看：
# <!-- en -->
# The positions `"same"` adds at the ends are not zeros. `shapes.window_positions` lists the input
# indices each window reads; an index below 0 or at least $n$ is a padded position. Max pooling
# ignores those positions, and average pooling averages over the real inputs only, so an edge window
# is "the mean of two numbers", not "the mean of three numbers one of which is 0".
# With $n=7, p=3, s=2$:

# %%
seq = np.array([[[0], [2], [4], [6], [8], [10], [12]]], dtype="float32")
for i, window in enumerate(shapes.window_positions(7, 3, strides=2, padding="same", pool=True)):
    real = [j for j in window if 0 <= j < 7]
    print(kt.pick(f"输出 {i}：窗口 {window}，真正的输入 {real}，值 {seq[0, real, 0].tolist()}",
                  f"output {i}: window {window}, real inputs {real}, values {seq[0, real, 0].tolist()}"))

same_max = keras.ops.convert_to_numpy(keras.layers.MaxPooling1D(3, strides=2, padding="same")(seq))
same_avg = keras.ops.convert_to_numpy(keras.layers.AveragePooling1D(3, strides=2, padding="same")(seq))
print("max:", same_max[0, :, 0], "  average:", same_avg[0, :, 0])

# %%
kt.verify_equal(kt.pick("same 填充的最大池化 = 手算", "max pooling with same padding = by hand"),
                same_max, pool1d_by_hand(seq, 3, 2, "same"))
kt.verify_close(kt.pick("same 填充的平均池化 = 只对真实输入求平均", "average pooling with same padding = mean of real inputs only"),
                same_avg, pool1d_by_hand(seq, 3, 2, "same", reduce=np.mean), rtol=1e-6)
zero_padded = np.pad(seq, ((0, 0), (1, 1), (0, 0)))
kt.verify_true(kt.pick("如果补的是 0，边上的平均值会不同（所以 Keras 没有补 0）",
                       "had zeros been padded, the edge averages would differ (so Keras pads no zeros)"),
               not np.allclose(same_avg, pool1d_by_hand(zero_padded, 3, 2, "valid", reduce=np.mean)))

# %% [markdown]
# <!-- zh -->
# 在下面的计算器里试一试（`kind="pool"`，`kernel_size` 就是 `pool_size`）：改变 $n$、窗口、步长和填充方式，
# 看输出长度的算式，以及每个输出的窗口落在输入的哪些位置；灰色的格子是 `"same"` 补出来的位置。
# 计算器的纯计算部分 `widgets.conv_core` 可以直接拿来核验：它给出的长度和窗口应当与上面一致。
# <!-- en -->
# Try it in the calculator below (`kind="pool"`; `kernel_size` is the `pool_size`): change $n$, the
# window, the stride and the padding, and watch the arithmetic of the output length and where each
# output's window lands on the input; grey cells are the positions `"same"` adds. The calculator's
# pure computing part, `widgets.conv_core`, can be checked directly: its length and windows must
# agree with the ones above.

# %%
calc = widgets.conv_core.compute(widgets.conv_core.make_state(kind="pool", n=7, kernel_size=3, strides=2,
                                                              padding="same"))
kt.verify_equal(kt.pick("计算器：输出长度和每个窗口", "calculator: output length and every window"),
                (calc["value"], calc["windows"]),
                (same_max.shape[1], shapes.window_positions(7, 3, strides=2, padding="same", pool=True)))
widgets.conv_shape_calculator(n=7, kernel_size=3, strides=2, padding="same", kind="pool")

# %% [markdown]
# <!-- zh -->
# ## 3. 二维池化
#
# `MaxPooling2D` 和 `AveragePooling2D` 在图像的两个空间方向（竖直、水平）上同时滑动窗口。
# `pool_size=(2, 3)` 表示窗口高 2、宽 3；只写一个整数时两个方向相同。`strides` 同样可以是整数或二元组，
# 为 `None` 时等于 `pool_size`。每个通道各自池化。
#
# 下面是一张 4×6 的单通道小图，窗口 2×3，不重叠，所以输出是 2×2。
# <!-- en -->
# ## 3. 2D pooling
#
# `MaxPooling2D` and `AveragePooling2D` slide the window along both spatial directions of an image
# (vertical, horizontal) at once. `pool_size=(2, 3)` is a window 2 high and 3 wide; a single integer
# means the same size in both directions. `strides` is likewise an integer or a pair, and equals
# `pool_size` when it is `None`. Each channel is pooled on its own.
#
# Here is a small 4×6 one-channel image, pooled with non-overlapping 2×3 windows, so the output is
# 2×2.

# %%
image = np.array([[1, 5, 2, 0, 3, 1],
                  [4, 2, 8, 1, 1, 6],
                  [0, 3, 1, 9, 2, 2],
                  [7, 1, 2, 4, 5, 0]], dtype="float32").reshape(1, 4, 6, 1)


def pool2d_by_hand(x, pool_size, strides=None, reduce=np.max):
    """x: (samples, rows, cols, channels), padding="valid"."""
    (ph, pw) = pool_size
    (sh, sw) = pool_size if strides is None else strides
    rows = (x.shape[1] - ph) // sh + 1
    cols = (x.shape[2] - pw) // sw + 1
    out = np.zeros((x.shape[0], rows, cols, x.shape[3]), dtype=x.dtype)
    for i in range(rows):
        for j in range(cols):
            out[:, i, j, :] = reduce(x[:, i * sh:i * sh + ph, j * sw:j * sw + pw, :], axis=(1, 2))
    return out


max2d = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=(2, 3))(image))
avg2d = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(pool_size=(2, 3))(image))
print("max:\n", max2d[0, :, :, 0], "\naverage:\n", avg2d[0, :, :, 0])
kt.verify_equal(kt.pick("MaxPooling2D = 手算", "MaxPooling2D = by hand"), max2d, pool2d_by_hand(image, (2, 3)))
kt.verify_close(kt.pick("AveragePooling2D = 手算", "AveragePooling2D = by hand"),
                avg2d, pool2d_by_hand(image, (2, 3), reduce=np.mean), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 窗口也可以重叠：`pool_size=2, strides=1` 时，相邻窗口共用一行或一列。
# <!-- en -->
# Windows may also overlap: with `pool_size=2, strides=1`, neighbouring windows share a row or a column.

# %%
overlap = keras.layers.MaxPooling2D(pool_size=2, strides=1)
print("pool_size =", overlap.pool_size, "  strides =", overlap.strides)
kt.verify_equal(kt.pick("重叠窗口的 MaxPooling2D = 手算", "overlapping MaxPooling2D = by hand"),
                keras.ops.convert_to_numpy(overlap(image)), pool2d_by_hand(image, (2, 2), (1, 1)))

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 001 在 `MaxPooling2D` 和 `AveragePooling2D` 的签名里写的是 `padding='valid'`，
# > 可紧接着的参数说明却写成了 `border_mode`。`border_mode` 是 Keras 1 的旧名字，
# > 今天的 Keras 不认识它：
# <!-- en -->
# > **Erratum** Document 001 writes `padding='valid'` in the signatures of `MaxPooling2D` and
# > `AveragePooling2D`, but the argument list right below calls it `border_mode`. `border_mode` is
# > Keras 1's old name, and today's Keras does not know it:

# %%
with kt.expect_error(ValueError, match="border_mode"):
    keras.layers.MaxPooling2D(pool_size=(2, 2), border_mode="valid")

# %%
same2d = keras.layers.MaxPooling2D(pool_size=(2, 2), padding="same")
out = same2d(image)
print(kt.pick("padding=\"same\" 的输出：", "output with padding=\"same\":"), out.shape)
kt.verify_equal(kt.pick("输出的行数和列数 = ⌈4/2⌉, ⌈6/2⌉", "output rows and columns = ⌈4/2⌉, ⌈6/2⌉"),
                tuple(out.shape[1:3]),
                (shapes.pool_length(4, 2, padding="same").value, shapes.pool_length(6, 2, padding="same").value))

# %% [markdown]
# <!-- zh -->
# ### 通道在前还是在后：`data_format`
#
# 二维池化还有一个参数 `data_format`，说明通道维在哪里：`"channels_last"` 是 `(样本, 行, 列, 通道)`，
# `"channels_first"` 是 `(样本, 通道, 行, 列)`。它就是 Keras 1 里的 `image_dim_ordering`：
# `"channels_last"` 对应当年的 `"tf"`，`"channels_first"` 对应 `"th"`。不写时用
# `~/.keras/keras.json` 里的设置，从没设置过就是 `"channels_last"`；`keras.config.image_data_format()`
# 可以读出当前的值。
#
# 同一张图用两种格式存放，池化结果也只差一次转置：
# <!-- en -->
# ### Channels first or last: `data_format`
#
# 2D pooling also takes `data_format`, which says where the channel axis is: `"channels_last"` is
# `(samples, rows, cols, channels)`, `"channels_first"` is `(samples, channels, rows, cols)`. It is
# Keras 1's `image_dim_ordering`: `"channels_last"` was `"tf"` and `"channels_first"` was `"th"`.
# When it is not given, the setting in `~/.keras/keras.json` is used, and `"channels_last"` if it
# was never set; `keras.config.image_data_format()` reads the current value.
#
# Store the same image in both layouts and the pooled results differ only by a transpose:

# %%
print("keras.config.image_data_format() =", keras.config.image_data_format())
rgb = np.random.default_rng(SEED).uniform(size=(1, 6, 8, 3)).astype("float32")
last = keras.layers.MaxPooling2D(2, data_format="channels_last")(rgb)
first = keras.layers.MaxPooling2D(2, data_format="channels_first")(np.transpose(rgb, (0, 3, 1, 2)))
unset = keras.layers.MaxPooling2D(2)(rgb)
print("channels_last:", last.shape, "  channels_first:", first.shape)
kt.verify_equal(kt.pick("两种格式的结果只差一次转置", "the two layouts differ only by a transpose"),
                np.transpose(keras.ops.convert_to_numpy(first), (0, 2, 3, 1)), keras.ops.convert_to_numpy(last))
kt.verify_equal(kt.pick("不写 data_format 时按 keras.config.image_data_format() 的格式池化",
                        "without data_format, pooling follows keras.config.image_data_format()"),
                keras.ops.convert_to_numpy(unset),
                keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(2, data_format=keras.config.image_data_format())(rgb)))

# %% [markdown]
# <!-- zh -->
# ### 一维的手算函数就够了：一个轴一个轴地池化
#
# 二维窗口是两个一维窗口的乘积：竖直方向取第 $i$ 段行，水平方向取第 $j$ 段列。在乘积形状的窗口上
# 取最大值，等于先在每一列里沿竖直方向取最大、再沿水平方向取最大；平均值也一样——`"same"` 时去掉补位
# 之后，真正的输入仍是一块矩形，矩形上的平均值等于先按行平均、再按列平均。所以第 1 节的
# `pool1d_by_hand` 沿每个空间轴各用一次，就是任意维数的池化。下面在一组 `pool_size`、`strides`
# （包括步长大于窗口的情形）和两种填充上，把它和 `MaxPooling2D`、`AveragePooling2D` 比较，
# 其中 `AveragePooling2D` 用 `data_format="channels_first"`，数据也按通道在前的方式存放。
# <!-- en -->
# ### The 1D function is enough: pool one axis at a time
#
# A 2D window is the product of two 1D windows: a stretch of rows times a stretch of columns. The max
# over such a box is the max along the columns of the max along the rows; the mean works the same
# way, since with `"same"` the real inputs left after dropping the padded positions still form a
# rectangle, and the mean over a rectangle is the mean of the row means. So section 1's
# `pool1d_by_hand`, applied once along each spatial axis, pools in any number of dimensions. Below it
# is compared with `MaxPooling2D` and `AveragePooling2D` over a set of `pool_size` and `strides`
# (strides larger than the window included) and both paddings; `AveragePooling2D` runs with
# `data_format="channels_first"`, on data stored channels first.

# %%
def pool_by_hand(x, pool_size, strides=None, padding="valid", reduce=np.max):
    """x: (samples, *spatial, channels). Pool each spatial axis in turn with pool1d_by_hand."""
    strides = pool_size if strides is None else strides
    for axis, (p, s) in enumerate(zip(pool_size, strides), start=1):
        moved = np.moveaxis(x, axis, 1)
        flat = moved.reshape(moved.shape[0], moved.shape[1], -1)
        pooled = pool1d_by_hand(flat, p, s, padding, reduce)
        x = np.moveaxis(pooled.reshape(pooled.shape[:2] + moved.shape[2:]), 1, axis)
    return x


photo = np.random.default_rng(SEED).normal(size=(2, 5, 7, 3)).astype("float32")
photo_first = np.transpose(photo, (0, 3, 1, 2))
grid_2d = [(size, stride, pad) for size, stride in [((2, 3), (1, 2)), ((3, 2), None), ((2, 2), (3, 3))]
           for pad in ("valid", "same")]
agree = []
for size, stride, pad in grid_2d:
    max_out = keras.layers.MaxPooling2D(size, strides=stride, padding=pad)(photo)
    avg_out = keras.layers.AveragePooling2D(size, strides=stride, padding=pad,
                                            data_format="channels_first")(photo_first)
    agree.append(np.allclose(keras.ops.convert_to_numpy(max_out), pool_by_hand(photo, size, stride, pad))
                 and np.allclose(np.transpose(keras.ops.convert_to_numpy(avg_out), (0, 2, 3, 1)),
                                 pool_by_hand(photo, size, stride, pad, reduce=np.mean), atol=1e-6))
    print(f"pool_size={size}, strides={stride}, padding={pad!r:8} → {tuple(max_out.shape)}  {agree[-1]}")
kt.verify_true(kt.pick(f"全部 {len(grid_2d)} 种设置：二维池化 = 沿每个轴各做一次一维池化",
                       f"in all {len(grid_2d)} settings, 2D pooling equals 1D pooling along each axis in turn"),
               all(agree))

# %% [markdown]
# <!-- zh -->
# `shapes.trace` 逐层给出输出形状和算式，池化层的参数个数都是 0：
# <!-- en -->
# `shapes.trace` gives each layer's output shape and its arithmetic; every pooling layer has 0
# parameters:

# %%
pool_model = keras.Sequential([
    keras.Input(shape=(28, 28, 3)),
    keras.layers.MaxPooling2D(pool_size=2),
    keras.layers.AveragePooling2D(pool_size=(3, 2), strides=(2, 2), padding="same"),
    keras.layers.MaxPooling2D(pool_size=3, strides=2),
])
shapes.expect_shape(pool_model, (None, 3, 3, 3))
shapes.trace(pool_model)

# %% [markdown]
# <!-- zh -->
# ## 4. 看一看池化前后的特征图
#
# 池化常接在卷积层后面。下面先造一张 32×32 的图（一个方块和一条斜线），算出它的竖直边缘响应
# 作为“特征图”（边缘只有一两个像素宽），再分别做 2×2 最大池化、2×2 平均池化和 4×4 最大池化。
# 最大池化保留每个窗口里最强的响应，所以边缘仍然清楚；平均池化把响应和周围的 0 摊平，边缘变淡了，
# 不过整张图的平均值不变。
# <!-- en -->
# ## 4. A feature map before and after pooling
#
# Pooling usually follows a convolution. Below we draw a 32×32 image (a square and a diagonal line),
# take its vertical-edge response as a "feature map" (the edges are one or two pixels wide), and pool
# it with 2×2 max pooling, 2×2 average pooling and 4×4 max pooling. Max pooling keeps the strongest
# response in each window, so the edges stay sharp; average pooling spreads each response over the
# zeros around it, so the edges fade, though the map's overall mean stays the same.

# %%
size = 32
picture = np.zeros((size, size), dtype="float32")
picture[14:28, 3:15] = 1.0
for i in range(14):
    picture[i, size - 1 - i] = 1.0
# zh: 竖直边缘：相邻两列之差的绝对值
# en: vertical edges: absolute difference between neighbouring columns
feature_map = np.abs(np.diff(picture, axis=1, prepend=0.0)).astype("float32")
fm = feature_map.reshape(1, size, size, 1)

pooled = {
    kt.pick("最大池化 2×2", "max pooling 2×2"): keras.layers.MaxPooling2D(2)(fm),
    kt.pick("平均池化 2×2", "average pooling 2×2"): keras.layers.AveragePooling2D(2)(fm),
    kt.pick("最大池化 4×4", "max pooling 4×4"): keras.layers.MaxPooling2D(4)(fm),
}

fig, axes = plt.subplots(1, 5, figsize=(13, 3.0))
axes[0].imshow(picture, cmap="gray", vmin=0, vmax=1)
axes[0].set_title(kt.pick("原图", "image"))
axes[1].imshow(feature_map, cmap="viridis", vmin=0, vmax=1)
axes[1].set_title(kt.pick(f"特征图 {size}×{size}", f"feature map {size}×{size}"))
for ax, (title, result) in zip(axes[2:], pooled.items()):
    arr = keras.ops.convert_to_numpy(result)[0, :, :, 0]
    ax.imshow(arr, cmap="viridis", vmin=0, vmax=1)
    ax.set_title(f"{title} → {arr.shape[0]}×{arr.shape[1]}")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

# %%
peaks = {title: float(keras.ops.max(result)) for title, result in pooled.items()}
for title, peak in peaks.items():
    print(kt.pick(f"{title}：最大响应 {peak:.2f}", f"{title}: strongest response {peak:.2f}"))
max_title_2, avg_title_2, max_title_4 = list(pooled)
kt.verify_equal(kt.pick("最大池化保留了最强响应", "max pooling keeps the strongest response"),
                (peaks[max_title_2], peaks[max_title_4]), (float(feature_map.max()),) * 2)
kt.verify_true(kt.pick("平均池化削弱了最强响应", "average pooling weakens the strongest response"),
               peaks[avg_title_2] < feature_map.max())
kt.verify_close(kt.pick("不重叠的平均池化保持整张图的平均值", "non-overlapping average pooling keeps the map's mean"),
                float(keras.ops.mean(pooled[avg_title_2])), float(feature_map.mean()), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 5. 三维池化
#
# `MaxPooling3D` 和 `AveragePooling3D` 用于体数据或视频：输入是 `(样本, 维1, 维2, 维3, 通道)`
# （`channels_last`），窗口是一个小立方体，`pool_size=(2, 2, 2)` 让三个方向都减半。
#
# > **版本变化（Keras 3）** 文档 001 说三维池化“目前只能在使用 Theano 为后端时可用”。
# > 这句话今天已经不成立：Theano 早已不是 Keras 的后端，而三维池化在 TensorFlow、JAX 和 PyTorch
# > 后端上都能用。课程用的是 TensorFlow 后端，下面直接运行：
# <!-- en -->
# ## 5. 3D pooling
#
# `MaxPooling3D` and `AveragePooling3D` are for volumes or video: the input is `(samples, dim1,
# dim2, dim3, channels)` (`channels_last`) and the window is a small box; `pool_size=(2, 2, 2)`
# halves all three directions.
#
# > **Changed in Keras 3** Document 001 says 3D pooling "is currently only available with the Theano
# > backend". That is no longer so: Theano has long ceased to be a Keras backend, and 3D pooling runs
# > on the TensorFlow, JAX and PyTorch backends. The course runs on TensorFlow; here it is:

# %%
print(kt.pick("当前后端：", "current backend:"), keras.config.backend())
volume = np.random.default_rng(SEED).integers(0, 10, size=(1, 4, 4, 6, 2)).astype("float32")
max3d = keras.ops.convert_to_numpy(keras.layers.MaxPooling3D(pool_size=(2, 2, 2))(volume))
avg3d = keras.ops.convert_to_numpy(keras.layers.AveragePooling3D(pool_size=(2, 2, 2))(volume))
shapes.expect_shape(max3d, (1, 2, 2, 3, 2))

# zh: 不重叠的 2×2×2 窗口：把每个空间轴拆成 (块数, 2)，再在大小为 2 的轴上汇总
# en: non-overlapping 2×2×2 windows: split each spatial axis into (blocks, 2), reduce over the 2s
blocks = volume.reshape(1, 2, 2, 2, 2, 3, 2, 2)
kt.verify_equal(kt.pick("TensorFlow 后端上的 MaxPooling3D = 手算", "MaxPooling3D on TensorFlow = by hand"),
                max3d, blocks.max(axis=(2, 4, 6)))
kt.verify_close(kt.pick("TensorFlow 后端上的 AveragePooling3D = 手算", "AveragePooling3D on TensorFlow = by hand"),
                avg3d, blocks.mean(axis=(2, 4, 6)), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 三维池化的另外三个参数和二维的一样：`strides` 是整数或三元组，`padding` 是 `"valid"` 或 `"same"`，
# `data_format="channels_first"` 时输入是 `(样本, 通道, 维1, 维2, 维3)`。下面三个一起用上：窗口
# `(2, 3, 2)`、步长 `(1, 2, 3)`（最后一个方向步长大于窗口）、`"same"` 填充、通道在前，
# 再用上一节沿每个轴池化的手算函数核验。
# <!-- en -->
# 3D pooling's other three arguments work as in 2D: `strides` is an integer or a triple, `padding`
# is `"valid"` or `"same"`, and with `data_format="channels_first"` the input is `(samples, channels,
# dim1, dim2, dim3)`. All three at once: a `(2, 3, 2)` window, strides `(1, 2, 3)` (the last one
# larger than the window), `"same"` padding and channels first, checked with the axis-by-axis
# function of the previous section.

# %%
volume_first = np.moveaxis(volume, -1, 1)
settings_3d = dict(pool_size=(2, 3, 2), strides=(1, 2, 3), padding="same", data_format="channels_first")
max3d_first = keras.ops.convert_to_numpy(keras.layers.MaxPooling3D(**settings_3d)(volume_first))
avg3d_first = keras.ops.convert_to_numpy(keras.layers.AveragePooling3D(**settings_3d)(volume_first))
print("channels_first:", volume_first.shape, "→", max3d_first.shape)
kt.verify_equal(kt.pick("MaxPooling3D（strides、same、channels_first）= 沿每个轴手算",
                        "MaxPooling3D with strides, same padding and channels_first = by hand, axis by axis"),
                np.moveaxis(max3d_first, 1, -1), pool_by_hand(volume, (2, 3, 2), (1, 2, 3), "same"))
kt.verify_close(kt.pick("AveragePooling3D（strides、same、channels_first）= 沿每个轴手算",
                        "AveragePooling3D with strides, same padding and channels_first = by hand, axis by axis"),
                np.moveaxis(avg3d_first, 1, -1), pool_by_hand(volume, (2, 3, 2), (1, 2, 3), "same", reduce=np.mean),
                rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 6. 全局池化：一整条轴只留一个数
#
# 全局池化的窗口就是整条空间轴：`GlobalMaxPooling1D` 和 `GlobalAveragePooling1D` 把
# `(样本, 时间步, 特征)` 变成 `(样本, 特征)`；`GlobalMaxPooling2D` 和 `GlobalAveragePooling2D` 把
# `(样本, 行, 列, 通道)` 变成 `(样本, 通道)`。它们没有 `pool_size`，常放在卷积层之后、`Dense` 之前，
# 代替 `Flatten`。
# <!-- en -->
# ## 6. Global pooling: one number for a whole axis
#
# In global pooling the window is the whole spatial extent: `GlobalMaxPooling1D` and
# `GlobalAveragePooling1D` turn `(samples, steps, features)` into `(samples, features)`;
# `GlobalMaxPooling2D` and `GlobalAveragePooling2D` turn `(samples, rows, cols, channels)` into
# `(samples, channels)`. They have no `pool_size`, and often sit after the convolutions and before a
# `Dense`, in place of `Flatten`.

# %%
g_max_1d = keras.ops.convert_to_numpy(keras.layers.GlobalMaxPooling1D()(x))
g_avg_1d = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling1D()(x))
print("GlobalMaxPooling1D:", g_max_1d, "  GlobalAveragePooling1D:", g_avg_1d)
kt.verify_equal(kt.pick("GlobalMaxPooling1D = 沿时间轴取最大", "GlobalMaxPooling1D = max over the steps"),
                g_max_1d, x.max(axis=1))
kt.verify_close(kt.pick("GlobalAveragePooling1D = 沿时间轴取平均", "GlobalAveragePooling1D = mean over the steps"),
                g_avg_1d, x.mean(axis=1), rtol=1e-6)

g_max_2d = keras.ops.convert_to_numpy(keras.layers.GlobalMaxPooling2D()(rgb))
g_avg_2d = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling2D()(rgb))
shapes.expect_shape(g_max_2d, (1, 3))
kt.verify_equal(kt.pick("GlobalMaxPooling2D = 对行和列取最大", "GlobalMaxPooling2D = max over rows and columns"),
                g_max_2d, rgb.max(axis=(1, 2)))
kt.verify_close(kt.pick("GlobalAveragePooling2D = 对行和列取平均", "GlobalAveragePooling2D = mean over rows and columns"),
                g_avg_2d, rgb.mean(axis=(1, 2)), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 两个较新的补充：`keepdims=True` 会把被池化的轴保留为长度 1（得到 `(样本, 1, 1, 通道)`），
# 方便接着做逐元素运算；三维数据也有 `GlobalMaxPooling3D` 和 `GlobalAveragePooling3D`。
# <!-- en -->
# Two newer additions: `keepdims=True` keeps the pooled axes with length 1 (giving
# `(samples, 1, 1, channels)`), handy for element-wise operations afterwards; and 3D data has
# `GlobalMaxPooling3D` and `GlobalAveragePooling3D`.

# %%
kept = keras.layers.GlobalAveragePooling2D(keepdims=True)(rgb)
print("keepdims=True:", kept.shape, "  GlobalMaxPooling3D:", keras.layers.GlobalMaxPooling3D()(volume).shape)
kt.verify_close(kt.pick("keepdims=True：(样本, 1, 1, 通道) 的平均值", "keepdims=True gives the means with shape (samples, 1, 1, channels)"),
                keras.ops.convert_to_numpy(kept), rgb.mean(axis=(1, 2), keepdims=True), rtol=1e-6)
kt.verify_equal(kt.pick("GlobalMaxPooling3D = 对三个空间轴取最大", "GlobalMaxPooling3D = max over the three spatial axes"),
                keras.ops.convert_to_numpy(keras.layers.GlobalMaxPooling3D()(volume)), volume.max(axis=(1, 2, 3)))

# %% [markdown]
# <!-- zh -->
# 文档 001 给二维全局池化层列出的参数只有一个：`data_format`。通道在前时，被池化的是最后两个轴：
# <!-- en -->
# Document 001 lists one argument for the 2D global pooling layers, `data_format`. With channels
# first, the pooled axes are the last two:

# %%
channels_first_images = np.transpose(rgb, (0, 3, 1, 2))
g_first = keras.layers.GlobalMaxPooling2D(data_format="channels_first")(channels_first_images)
g_avg_first = keras.layers.GlobalAveragePooling2D(data_format="channels_first")(channels_first_images)
kt.verify_equal(kt.pick("channels_first 的全局最大池化 = 对最后两个轴取最大",
                        "global max pooling with channels_first = max over the last two axes"),
                keras.ops.convert_to_numpy(g_first), channels_first_images.max(axis=(2, 3)))
kt.verify_close(kt.pick("channels_first 的全局平均池化 = 对最后两个轴取平均",
                        "global average pooling with channels_first = mean over the last two axes"),
                keras.ops.convert_to_numpy(g_avg_first), channels_first_images.mean(axis=(2, 3)), rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 把二维全局池化层写成 `GlobalMaxPooling2D(dim_ordering='default')`，
# > 下面的参数说明却已经换成了 `data_format`。`dim_ordering` 是 Keras 1 的名字，今天两个层都拒绝它：
# <!-- en -->
# > **Changed in Keras 3** Document 001 writes the 2D global pooling layers as
# > `GlobalMaxPooling2D(dim_ordering='default')`, though the argument list below already says
# > `data_format`. `dim_ordering` is Keras 1's name, and both layers refuse it today:

# %%
for old_global in (keras.layers.GlobalMaxPooling2D, keras.layers.GlobalAveragePooling2D):
    with kt.expect_error(ValueError, match="dim_ordering"):
        old_global(dim_ordering="default")

# %% [markdown]
# <!-- zh -->
# ## 7. 池化层不只是“时间数据上的最大池化”
#
# > **勘误** 文档 002 的层类型表第 9 行说池化层“用于对时间数据执行最大池化操作”。这说得太窄了：
# > 这一课里我们已经看到，池化既有最大值也有平均值，既有一维（时间序列），也有二维（图像）和三维
# > （体数据、视频），还有只留一个数的全局池化。
#
# 下面把 `keras.layers` 里的池化层按“怎么汇总”和“几维”列成一张表，并检查表里确实不只是一维最大池化。
# <!-- en -->
# ## 7. Pooling is more than "max pooling on temporal data"
#
# > **Erratum** Row 9 of document 002's table of layer kinds says pooling layers are "used to perform
# > max pooling on temporal data". That is far too narrow: in this lesson we have seen pooling that
# > takes the max and pooling that takes the mean, in 1D (time series), 2D (images) and 3D (volumes,
# > video), and global pooling that keeps one number.
#
# Below, the pooling layers in `keras.layers` are arranged by "how they summarise" and "how many
# dimensions", and we check that the table holds far more than 1D max pooling.

# %%
kinds = ["MaxPooling", "AveragePooling", "GlobalMaxPooling", "GlobalAveragePooling"]
table = {kind: [d for d in ("1D", "2D", "3D") if hasattr(keras.layers, kind + d)] for kind in kinds}
for kind, dims in table.items():
    print(f"{kind:<22} {' '.join(dims)}")
kt.verify_equal(kt.pick("每种池化都有一维、二维、三维版本", "every kind of pooling exists in 1D, 2D and 3D"),
                [len(dims) for dims in table.values()], [3, 3, 3, 3])

# %% [markdown]
# <!-- zh -->
# ## 8. 局部连接层：不共享权重的卷积
#
# 文档 002 表格第 10 行说得对：局部连接层和 `Conv1D` 很像，区别在于 `Conv1D` 的权重是共享的，
# 局部连接层的不共享。具体地说：
#
# - `Conv1D` 只有**一组**核，形状 `(kernel_size, 通道数, filters)`，沿时间轴滑到每个位置都用它；
# - 局部连接层在每个输出位置 $i$ 都有**自己的**一组核 $W_i$。同一个窗口大小、同样的输出形状，
#   但参数个数乘上了输出位置的个数。
#
# $$y_{i,f} = \sum_{j=0}^{k-1}\sum_{c} x_{i s + j,\,c}\; W_{i}[j\cdot C + c,\ f] + b_{i,f}$$
#
# 如果所有 $W_i$ 都相同、所有 $b_i$ 都相同，它就退化成 `Conv1D`。当特征出现的位置是固定的
# （例如对齐好的人脸，眼睛总在上方），不同位置用不同的核可能更合适。
#
# > **版本变化（Keras 3）** 文档 001 的第 4 节只有一个标题“局部连接层 LocallyConnceted”（还拼错了），
# > 正文是空的。Keras 1 和 Keras 2 提供 `LocallyConnected1D` 和 `LocallyConnected2D`；
# > Keras 3 已经删掉了这两个层：
# <!-- en -->
# ## 8. Locally connected layers: convolution without weight sharing
#
# Row 10 of document 002's table has it right: a locally connected layer is like `Conv1D`, except
# that `Conv1D` shares its weights and a locally connected layer does not. Precisely:
#
# - `Conv1D` has **one** kernel of shape `(kernel_size, channels, filters)` and uses it at every
#   position it slides to;
# - a locally connected layer has a kernel $W_i$ **of its own** at every output position $i$. Same
#   window, same output shape, but the parameter count is multiplied by the number of output
#   positions.
#
# $$y_{i,f} = \sum_{j=0}^{k-1}\sum_{c} x_{i s + j,\,c}\; W_{i}[j\cdot C + c,\ f] + b_{i,f}$$
#
# If every $W_i$ is the same and every $b_i$ is the same, it is just `Conv1D`. When features always
# appear in the same place (aligned faces, with the eyes always near the top), a different kernel
# per position can be the better fit.
#
# > **Changed in Keras 3** Section 4 of document 001 has only a heading, "局部连接层
# > LocallyConnceted" (misspelt), and no text. Keras 1 and Keras 2 offered `LocallyConnected1D` and
# > `LocallyConnected2D`; Keras 3 has removed both:

# %%
with kt.expect_error(AttributeError, match="LocallyConnected1D"):
    keras.layers.LocallyConnected1D(filters=4, kernel_size=3)
with kt.expect_error(AttributeError, match="LocallyConnected2D"):
    keras.layers.LocallyConnected2D(filters=4, kernel_size=(3, 3))

# %% [markdown]
# <!-- zh -->
# ### 自己写一个 `LocallyConnected1D`
#
# 没有现成的，就自己写。一个自定义层要做三件事（第 12 课会细讲子类化）：
#
# 1. `__init__` 记下设置；
# 2. `build(input_shape)` 在第一次调用时，根据输入的时间步数和通道数创建权重：输出位置有
#    `output_length = (steps − kernel_size) // strides + 1` 个（和 `Conv1D` 的 `"valid"` 一样），
#    核的形状是 `(output_length, kernel_size·channels, filters)`，偏置是 `(output_length, filters)`；
# 3. `call(inputs)` 把每个位置的窗口拉平成长 `kernel_size·channels` 的向量，排成
#    `(batch, output_length, kernel_size·channels)`，再让第 $i$ 个向量只和第 $i$ 个核相乘。
#    这一步用 `keras.ops.einsum("bld,ldf->blf", …)` 一次完成：下标 `l`（位置）在两边都出现，
#    所以每个位置配自己的核，而不是把所有位置加在一起。
# <!-- en -->
# ### Writing `LocallyConnected1D` ourselves
#
# There is none ready-made, so we write one. A custom layer does three things (lesson 12 covers
# subclassing in depth):
#
# 1. `__init__` records the settings;
# 2. `build(input_shape)`, on the first call, creates the weights from the input's number of steps
#    and channels: there are `output_length = (steps − kernel_size) // strides + 1` output positions
#    (as for `Conv1D` with `"valid"`), the kernel has shape
#    `(output_length, kernel_size·channels, filters)` and the bias `(output_length, filters)`;
# 3. `call(inputs)` flattens each position's window into a vector of length
#    `kernel_size·channels`, lines them up as `(batch, output_length, kernel_size·channels)`, and
#    multiplies the $i$-th vector by the $i$-th kernel only. `keras.ops.einsum("bld,ldf->blf", …)`
#    does this in one go: the index `l` (position) appears on both sides, so each position is paired
#    with its own kernel instead of being summed over.

# %%
class LocallyConnected1D(keras.layers.Layer):
    def __init__(self, filters, kernel_size, strides=1, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.kernel_size = kernel_size
        self.strides = strides
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def output_length(self, steps):
        return (steps - self.kernel_size) // self.strides + 1

    def build(self, input_shape):
        steps, channels = input_shape[1], input_shape[2]
        length = self.output_length(steps)
        self.kernel = self.add_weight(name="kernel", shape=(length, self.kernel_size * channels, self.filters),
                                      initializer=self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(length, self.filters),
                                        initializer=self.bias_initializer)

    def call(self, inputs):
        k, s = self.kernel_size, self.strides
        length, width = self.kernel.shape[0], self.kernel.shape[1]
        # zh: 每个输出位置的窗口拉平成一个向量：(batch, output_length, kernel_size·channels)
        # en: each output position's window flattened to a vector: (batch, output_length, kernel_size·channels)
        patches = keras.ops.stack(
            [keras.ops.reshape(inputs[:, i * s:i * s + k, :], (-1, width)) for i in range(length)], axis=1)
        outputs = keras.ops.einsum("bld,ldf->blf", patches, self.kernel)
        if self.use_bias:
            outputs = outputs + self.bias
        return outputs

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_length(input_shape[1]), self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "use_bias": self.use_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer)}

# %% [markdown]
# <!-- zh -->
# 在一个 10 步、3 通道的输入上试一试：窗口 3，4 个 filters，步长 1，所以有 8 个输出位置。
# 偏置默认初始化为 0，我们给它随机值，让检查也覆盖到偏置。然后用最朴素的 NumPy 循环按上面的公式逐项计算，
# 和层的输出比较。
# <!-- en -->
# Try it on an input of 10 steps and 3 channels: window 3, 4 filters, stride 1, so 8 output positions.
# The bias starts at 0, so we give it random values for the check to cover it too. Then a plain NumPy
# loop computes the formula above term by term, and we compare it with the layer's output.

# %%
rng = np.random.default_rng(SEED)
signal = rng.normal(size=(2, 10, 3)).astype("float32")
local = LocallyConnected1D(filters=4, kernel_size=3)
# zh: 第一次调用时构建权重
# en: the first call builds the weights
local(signal)
local.bias.assign(rng.normal(size=local.bias.shape).astype("float32"))
local_out = keras.ops.convert_to_numpy(local(signal))
W, b = local.get_weights()
print("kernel:", W.shape, " bias:", b.shape, " output:", local_out.shape)


def locally_connected_by_hand(x, W, b, kernel_size, strides=1):
    samples, steps, channels = x.shape
    length, _, filters = W.shape
    y = np.zeros((samples, length, filters), dtype=np.float64)
    for n in range(samples):
        for i in range(length):
            for f in range(filters):
                total = b[i, f]
                for j in range(kernel_size):
                    for c in range(channels):
                        total += x[n, i * strides + j, c] * W[i, j * channels + c, f]
                y[n, i, f] = total
    return y


kt.verify_close(kt.pick("LocallyConnected1D 的输出 = NumPy 逐项循环", "LocallyConnected1D output = NumPy loop"),
                local_out, locally_connected_by_hand(signal, W, b, 3), rtol=1e-5, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# 步长大于 1 时也对：
# <!-- en -->
# It is right with a stride above 1 too:

# %%
strided = LocallyConnected1D(filters=2, kernel_size=4, strides=3)
strided_out = keras.ops.convert_to_numpy(strided(signal))
shapes.expect_shape(strided_out, (2, shapes.conv_length(10, 4, strides=3).value, 2))
kt.verify_close(kt.pick("strides=3 时 = NumPy 逐项循环", "LocallyConnected1D output with strides=3 = NumPy loop"),
                strided_out, locally_connected_by_hand(signal, *strided.get_weights(), 4, strides=3),
                rtol=1e-5, atol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 共享权重就是 `Conv1D`
#
# 把 `Conv1D` 的核 `(3, 3, 4)` 拉平成 `(9, 4)`，复制到局部连接层的全部 8 个位置，偏置也一样复制，
# 两个层的输出就应该完全相同：`Conv1D` 正是“所有位置共享同一组权重”的局部连接层。
# <!-- en -->
# ### Sharing the weights gives `Conv1D`
#
# Flatten a `Conv1D` kernel of shape `(3, 3, 4)` to `(9, 4)`, copy it to all 8 positions of the
# locally connected layer, copy the bias the same way, and the two layers must agree exactly:
# `Conv1D` is the locally connected layer whose positions all share one set of weights.

# %%
conv = keras.layers.Conv1D(filters=4, kernel_size=3, bias_initializer="random_normal")
conv_out = keras.ops.convert_to_numpy(conv(signal))
conv_kernel, conv_bias = conv.get_weights()
length = local.kernel.shape[0]
local.set_weights([np.tile(conv_kernel.reshape(1, 9, 4), (length, 1, 1)), np.tile(conv_bias, (length, 1))])
kt.verify_close(kt.pick("所有位置用同一组权重时 = Conv1D", "LocallyConnected1D with one set of weights at every position = Conv1D"),
                keras.ops.convert_to_numpy(local(signal)), conv_out, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ### 参数个数
#
# 设输入 $n$ 步、$C$ 个通道，窗口 $k$，$F$ 个 filters，输出位置 $L = \lfloor (n-k)/s \rfloor + 1$：
#
# $$\text{Conv1D}:\ k\,C\,F + F, \qquad \text{LocallyConnected1D}:\ L\,(k\,C\,F + F)$$
#
# 局部连接层的参数正好是卷积层的 $L$ 倍。用公式算，再和 `count_params()` 比较：
# <!-- en -->
# ### Parameter counts
#
# With $n$ input steps, $C$ channels, a window of $k$, $F$ filters and $L = \lfloor (n-k)/s \rfloor + 1$
# output positions:
#
# $$\text{Conv1D}:\ k\,C\,F + F, \qquad \text{LocallyConnected1D}:\ L\,(k\,C\,F + F)$$
#
# The locally connected layer has exactly $L$ times the convolution's parameters. By formula, then
# against `count_params()`:

# %%
def conv1d_params(k, channels, filters):
    return k * channels * filters + filters


def local1d_params(steps, k, channels, filters, strides=1):
    length = (steps - k) // strides + 1
    return length * (k * channels * filters + filters)


print("Conv1D:", conv1d_params(3, 3, 4), "  LocallyConnected1D:", local1d_params(10, 3, 3, 4))
kt.verify_equal(kt.pick("Conv1D 的参数个数：公式 = count_params()", "Conv1D parameters: formula = count_params()"),
                conv.count_params(), conv1d_params(3, 3, 4))
kt.verify_equal(kt.pick("LocallyConnected1D 的参数个数：公式 = count_params()",
                        "LocallyConnected1D parameters: formula = count_params()"),
                local.count_params(), local1d_params(10, 3, 3, 4))
kt.verify_equal(kt.pick("strides=3 的那个层：公式 = count_params()", "the strides=3 layer: formula = count_params()"),
                strided.count_params(), local1d_params(10, 4, 3, 2, strides=3))

# %% [markdown]
# <!-- zh -->
# 卷积层的参数个数和序列长度无关；局部连接层的参数随序列长度线性增长。画出来一目了然
# （每个长度都真的建一次层，用 `count_params()` 计数）：
# <!-- en -->
# A convolution's parameter count does not depend on the sequence length; a locally connected
# layer's grows linearly with it. A plot makes it plain (a layer is really built for every length and
# counted with `count_params()`):

# %%
lengths = [5, 10, 20, 40, 80]
conv_counts, local_counts = [], []
for steps in lengths:
    probe = np.zeros((1, steps, 3), dtype="float32")
    c_layer, l_layer = keras.layers.Conv1D(4, 3), LocallyConnected1D(4, 3)
    c_layer(probe)
    l_layer(probe)
    conv_counts.append(c_layer.count_params())
    local_counts.append(l_layer.count_params())

fig, ax = plt.subplots(figsize=(6, 3.4))
ax.plot(lengths, local_counts, "o-", label="LocallyConnected1D")
ax.plot(lengths, conv_counts, "s-", label="Conv1D")
ax.set_xlabel(kt.pick("输入的时间步数", "input steps"))
ax.set_ylabel(kt.pick("参数个数", "parameters"))
ax.set_title(kt.pick("kernel_size=3，3 个通道，4 个 filters", "kernel_size=3, 3 channels, 4 filters"))
ax.legend()
fig.tight_layout()
plt.show()

kt.verify_equal(kt.pick("各长度下的参数个数：公式 = count_params()", "parameters at each length: formula = count_params()"),
                (local_counts, conv_counts),
                ([local1d_params(n, 3, 3, 4) for n in lengths], [conv1d_params(3, 3, 4)] * len(lengths)))

# %% [markdown]
# <!-- zh -->
# ### 放进模型里训练
#
# 自己写的层和内置层一样可以放进模型、参与训练。下面的小任务是：在 10 步的序列里，
# 目标只和第 2 个位置附近的数有关。训练几轮后损失应当下降，说明梯度确实传到了每个位置的核上。
# <!-- en -->
# ### Training it in a model
#
# A hand-written layer goes into a model and trains like any built-in one. In the small task below
# the target depends only on the numbers near position 2 of a 10-step sequence. After a few epochs
# the loss should go down, which shows that gradients do reach every position's kernel.

# %%
train_x = rng.normal(size=(256, 10, 3)).astype("float32")
train_y = (train_x[:, 1:4, 0].sum(axis=1, keepdims=True) - train_x[:, 2:3, 1]).astype("float32")

lc_model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    LocallyConnected1D(filters=4, kernel_size=3),
    keras.layers.Flatten(),
    keras.layers.Dense(1),
])
lc_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
epochs = 5 if FAST else 20
history = lc_model.fit(train_x, train_y, epochs=epochs, batch_size=32, verbose=0)
losses = history.history["loss"]
print(kt.pick(f"第 1 轮损失 {losses[0]:.3f} → 第 {epochs} 轮损失 {losses[-1]:.3f}",
              f"loss at epoch 1: {losses[0]:.3f} → at epoch {epochs}: {losses[-1]:.3f}"))
kt.verify_true(kt.pick("训练后损失降到了一半以下", "training brings the loss below half its first value"),
               losses[-1] < 0.5 * losses[0])

# %% [markdown]
# <!-- zh -->
# 同样的层也放在课程包里，名为 `kerastutor.layers_extra.LocallyConnected1D`，练习会直接导入它。
# 它和上面这个类的计算完全一样：
# <!-- en -->
# The same layer also ships in the course package as `kerastutor.layers_extra.LocallyConnected1D`,
# which the exercise imports. It computes exactly what the class above computes:

# %%
from kerastutor.layers_extra import LocallyConnected1D as PackagedLocallyConnected1D

packaged = PackagedLocallyConnected1D(filters=4, kernel_size=3)
packaged(signal)
packaged.set_weights(local.get_weights())
kt.verify_close(kt.pick("课程包里的层 = 本课写的层", "the packaged layer = the one written here"),
                keras.ops.convert_to_numpy(packaged(signal)), keras.ops.convert_to_numpy(local(signal)),
                rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# ### 二维：`LocallyConnected2D`
#
# 一维的写法原样推广到图像。输出位置现在是一个网格：`rows = (行数 − kh) // sh + 1`，
# `cols = (列数 − kw) // sw + 1`，一共 $L = \text{rows}\cdot\text{cols}$ 个位置。把这些位置逐行排成一列，
# 每个位置的 `kh × kw × 通道` 窗口拉平成一个向量，就又回到了一维的情形：同一个
# `einsum("bld,ldf->blf", …)`，最后把 $L$ 个位置变回 `(rows, cols)` 的网格。参数个数也是同一个道理：
#
# $$\text{Conv2D}:\ k_h k_w C F + F, \qquad \text{LocallyConnected2D}:\ \text{rows}\cdot\text{cols}\,(k_h k_w C F + F)$$
# <!-- en -->
# ### In two dimensions: `LocallyConnected2D`
#
# The 1D construction carries over to images unchanged. The output positions now form a grid,
# `rows = (input rows − kh) // sh + 1` by `cols = (input cols − kw) // sw + 1`, so there are
# $L = \text{rows}\cdot\text{cols}$ positions in all. Line the positions up row by row, flatten each
# position's `kh × kw × channels` window into a vector, and we are back in the 1D case: the same
# `einsum("bld,ldf->blf", …)`, after which the $L$ positions are folded back into the `(rows, cols)`
# grid. The parameter count follows the same reasoning:
#
# $$\text{Conv2D}:\ k_h k_w C F + F, \qquad \text{LocallyConnected2D}:\ \text{rows}\cdot\text{cols}\,(k_h k_w C F + F)$$

# %%
class LocallyConnected2D(keras.layers.Layer):
    def __init__(self, filters, kernel_size, strides=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size, self.strides = filters, tuple(kernel_size), tuple(strides)

    def output_grid(self, rows, cols):
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        return (rows - kh) // sh + 1, (cols - kw) // sw + 1

    def build(self, input_shape):
        rows, cols = self.output_grid(input_shape[1], input_shape[2])
        width = self.kernel_size[0] * self.kernel_size[1] * input_shape[3]
        self.kernel = self.add_weight(name="kernel", shape=(rows * cols, width, self.filters),
                                      initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(rows * cols, self.filters), initializer="zeros")

    def call(self, inputs):
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        rows, cols = self.output_grid(inputs.shape[1], inputs.shape[2])
        # zh: 位置逐行排开，每个窗口拉平：(batch, rows·cols, kh·kw·channels)，之后和一维完全一样
        # en: positions row by row, each window flattened: (batch, rows·cols, kh·kw·channels); then as in 1D
        patches = keras.ops.stack(
            [keras.ops.reshape(inputs[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :], (-1, self.kernel.shape[1]))
             for i in range(rows) for j in range(cols)], axis=1)
        outputs = keras.ops.einsum("bld,ldf->blf", patches, self.kernel) + self.bias
        return keras.ops.reshape(outputs, (-1, rows, cols, self.filters))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self.output_grid(input_shape[1], input_shape[2]), self.filters)

# %% [markdown]
# <!-- zh -->
# 在 6×7、3 个通道的图上用 3×2 的窗口、步长 `(2, 3)`：输出网格是 2×2。先给偏置随机值，再用 NumPy
# 逐个位置核验；然后像一维那样，把 `Conv2D` 的一组权重复制到每个位置，两者应当相同；最后比较参数个数。
# <!-- en -->
# On a 6×7 image with 3 channels, a 3×2 window and strides `(2, 3)`: a 2×2 output grid. The bias gets
# random values first, then NumPy checks every position; then, as in 1D, one set of `Conv2D` weights
# copied to every position must give `Conv2D`'s output; last, the parameter counts.

# %%
picture_rgb = rng.normal(size=(2, 6, 7, 3)).astype("float32")
local2d = LocallyConnected2D(filters=4, kernel_size=(3, 2), strides=(2, 3))
local2d(picture_rgb)
local2d.bias.assign(rng.normal(size=local2d.bias.shape).astype("float32"))
local2d_out = keras.ops.convert_to_numpy(local2d(picture_rgb))
W2, b2 = local2d.get_weights()
print("kernel:", W2.shape, " bias:", b2.shape, " output:", local2d_out.shape)


def locally_connected_2d_by_hand(x, W, b, kernel_size, strides):
    (kh, kw), (sh, sw) = kernel_size, strides
    rows, cols = (x.shape[1] - kh) // sh + 1, (x.shape[2] - kw) // sw + 1
    y = np.zeros((x.shape[0], rows, cols, W.shape[2]))
    for i in range(rows):
        for j in range(cols):
            window = x[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :].reshape(x.shape[0], -1)
            y[:, i, j, :] = window @ W[i * cols + j] + b[i * cols + j]
    return y


kt.verify_close(kt.pick("LocallyConnected2D 的输出 = NumPy 逐个位置计算", "LocallyConnected2D output = NumPy, position by position"),
                local2d_out, locally_connected_2d_by_hand(picture_rgb, W2, b2, (3, 2), (2, 3)), rtol=1e-5, atol=1e-5)

conv2d = keras.layers.Conv2D(filters=4, kernel_size=(3, 2), strides=(2, 3), bias_initializer="random_normal")
conv2d_out = keras.ops.convert_to_numpy(conv2d(picture_rgb))
conv2d_kernel, conv2d_bias = conv2d.get_weights()
positions = W2.shape[0]
local2d.set_weights([np.tile(conv2d_kernel.reshape(1, -1, 4), (positions, 1, 1)), np.tile(conv2d_bias, (positions, 1))])
kt.verify_close(kt.pick("每个位置都用 Conv2D 的那组权重时 = Conv2D", "LocallyConnected2D with Conv2D's one set of weights at every position = Conv2D"),
                keras.ops.convert_to_numpy(local2d(picture_rgb)), conv2d_out, rtol=1e-5, atol=1e-5)

grid_rows, grid_cols = (6 - 3) // 2 + 1, (7 - 2) // 3 + 1
per_position = 3 * 2 * 3 * 4 + 4
print("Conv2D:", conv2d.count_params(), "  LocallyConnected2D:", local2d.count_params())
kt.verify_equal(kt.pick("参数个数：Conv2D = k_h·k_w·C·F + F，LocallyConnected2D = rows·cols 倍",
                        "parameter counts: Conv2D = k_h·k_w·C·F + F, LocallyConnected2D = rows·cols times that"),
                (conv2d.count_params(), local2d.count_params()), (per_position, grid_rows * grid_cols * per_position))

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 池化层用一个窗口滑过空间轴，每个窗口留下最大值（`MaxPooling*`）或平均值（`AveragePooling*`），
#   每个通道各自池化，没有权重。`strides=None` 时步长等于 `pool_size`。
# - 输出长度：`"valid"` 为 $\lfloor (n-p)/s \rfloor + 1$，`"same"` 为 $\lceil n/s \rceil$；
#   `"same"` 补出的位置不参与计算，边上的平均值只对真实输入求平均。
# - 二维、三维池化在两个、三个方向上同时进行，等于沿每个轴各做一次一维池化；`data_format` 决定通道在前还是在后。
#   三维池化早已不限于 Theano 后端。
# - 全局池化把整条空间轴压成一个数，`(样本, …, 通道)` → `(样本, 通道)`；`keepdims=True` 保留长度为 1 的轴。
# - Keras 3 的改动：没有 `keras.layers.pooling` 子模块；`AveragePooling*` 必须给出 `pool_size`；
#   `border_mode`、`dim_ordering` 改叫 `padding`、`data_format`。池化也远不只是“时间数据上的最大池化”。
# - 局部连接层在每个位置用自己的核；Keras 3 不再提供，我们用 `build`/`call` 自己写了一维和二维的两个，
#   核验了它们的输出，并看到它们的参数是 `Conv1D`、`Conv2D` 的 $L$ 倍——卷积层就是共享权重的局部连接层。
#
# 练习：`exercises/zh/07_pooling_and_locally_connected.ipynb`。下一课：**第 8 课　循环层和嵌入层**。
# <!-- en -->
# ## Summary
#
# - A pooling layer slides a window along the spatial axes and keeps the max (`MaxPooling*`) or the
#   mean (`AveragePooling*`) of each window, channel by channel, with no weights. `strides=None`
#   means strides = `pool_size`.
# - Output length: $\lfloor (n-p)/s \rfloor + 1$ with `"valid"`, $\lceil n/s \rceil$ with `"same"`;
#   the positions `"same"` adds take no part, so an edge average is over the real inputs only.
# - 2D and 3D pooling work along two and three directions at once, which equals 1D pooling along each
#   axis in turn; `data_format` says whether the channels come first or last. 3D pooling has long
#   stopped being Theano-only.
# - Global pooling squeezes a whole spatial extent into one number, `(samples, …, channels)` →
#   `(samples, channels)`; `keepdims=True` keeps the axes with length 1.
# - What Keras 3 changed: no `keras.layers.pooling` submodule; `AveragePooling*` needs `pool_size`;
#   `border_mode` and `dim_ordering` are now `padding` and `data_format`. And pooling is much more than
#   "max pooling on temporal data".
# - A locally connected layer uses its own kernel at each position; Keras 3 no longer ships one, so we
#   wrote a 1D and a 2D one with `build`/`call`, checked their outputs and saw they have $L$ times the
#   parameters of `Conv1D` and `Conv2D` — a convolution is the locally connected layer with shared
#   weights.
#
# Exercise: `exercises/en/07_pooling_and_locally_connected.ipynb`. Next: **Lesson 8 · Recurrent and
# embedding layers**.
