"""Exercise 7 · Pooling and locally connected layers: the public checks behind check("q1") … check("q4").

q1  pool_output_shape(input_shape, pool_size, strides=None, padding="valid")   1D pooling's output shape
q2  max_pool_2d(x, pool_size)                 MaxPooling2D by hand with NumPy (valid, strides = pool_size)
q3  local1d_params(steps, channels, kernel_size, filters, strides=1)   LocallyConnected1D's parameters
q4  tied_local(conv, steps)                   a LocallyConnected1D that computes what a Conv1D computes
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex07.q1.not_tuple": {
        "zh": "pool_output_shape 应返回一个元组（tuple），现在返回的是 {got}。",
        "en": "pool_output_shape should return a tuple; it returned a {got}.",
    },
    "ex07.q1.hint_valid": {
        "zh": "padding=\"valid\" 时，时间步数是 (n − pool_size) // strides + 1；strides 为 None 时等于 pool_size。批次维和特征数不变。",
        "en": "with padding=\"valid\" the number of steps is (n − pool_size) // strides + 1, and strides=None means strides = pool_size. The batch and feature axes stay as they are.",
    },
    "ex07.q1.hint_same": {
        "zh": "padding=\"same\" 时，时间步数是 ⌈n / strides⌉（向上取整），与 pool_size 无关。",
        "en": "with padding=\"same\" the number of steps is ⌈n / strides⌉ (rounded up), whatever pool_size is.",
    },
    "ex07.q2.not_array": {
        "zh": "max_pool_2d 应返回一个 NumPy 数组，现在返回的是 {got}。",
        "en": "max_pool_2d should return a NumPy array; it returned a {got}.",
    },
    "ex07.q2.shape_hint": {
        "zh": "窗口互不重叠（strides = pool_size），padding=\"valid\"：行数是 rows // ph，列数是 cols // pw，样本数和通道数不变。",
        "en": "the windows do not overlap (strides = pool_size) and padding is \"valid\": rows // ph rows, cols // pw columns; samples and channels stay as they are.",
    },
    "ex07.q2.values": {
        "zh": "max_pool_2d 的结果与 MaxPooling2D(pool_size={pool_size}) 不一致（最大差 {gap}）。",
        "en": "max_pool_2d disagrees with MaxPooling2D(pool_size={pool_size}) (largest gap {gap}).",
    },
    "ex07.q2.values_hint": {
        "zh": "每个通道单独池化：对窗口 x[:, i·ph:(i+1)·ph, j·pw:(j+1)·pw, :] 沿轴 (1, 2) 取最大值。",
        "en": "pool each channel on its own: take the max of the window x[:, i·ph:(i+1)·ph, j·pw:(j+1)·pw, :] over axes (1, 2).",
    },
    "ex07.q3.hint": {
        "zh": "每个输出位置有自己的一组核（kernel_size·channels·filters 个数）和自己的 filters 个偏置；输出位置有 (steps − kernel_size) // strides + 1 个。",
        "en": "every output position has a kernel of its own (kernel_size·channels·filters numbers) and filters biases of its own; there are (steps − kernel_size) // strides + 1 positions.",
    },
    "ex07.q4.not_local": {
        "zh": "tied_local 应返回一个 kerastutor.layers_extra.LocallyConnected1D 层，现在返回的是 {got}。",
        "en": "tied_local should return a kerastutor.layers_extra.LocallyConnected1D layer; it returned a {got}.",
    },
    "ex07.q4.not_built": {
        "zh": "返回的层还没有权重：先在形状为 (1, steps, 通道数) 的输入上调用它一次（或调用 build），再用 set_weights 放入权重。",
        "en": "the layer you returned has no weights yet: call it once on an input of shape (1, steps, channels) (or call build), then put the weights in with set_weights.",
    },
    "ex07.q4.settings": {
        "zh": "返回的层设置是 filters={filters}、kernel_size={kernel_size}、strides={strides}，应与 Conv1D 一致：{expected}。",
        "en": "the layer you returned has filters={filters}, kernel_size={kernel_size}, strides={strides}; they should match the Conv1D: {expected}.",
    },
    "ex07.q4.values": {
        "zh": "在同一个输入上，你的局部连接层和 Conv1D 的输出不一致（最大差 {gap}）。",
        "en": "on the same input, your locally connected layer and the Conv1D disagree (largest gap {gap}).",
    },
    "ex07.q4.values_hint": {
        "zh": "Conv1D 的核形状是 (kernel_size, 通道数, filters)：先 reshape 成 (kernel_size·通道数, filters)，再在每个输出位置复制一份（np.tile）；偏置同样每个位置复制一份。",
        "en": "a Conv1D kernel has shape (kernel_size, channels, filters): reshape it to (kernel_size·channels, filters), then repeat it for every output position (np.tile); repeat the bias for every position as well.",
    },
}

EX = Exercise("07", MESSAGES)


@EX.question("q1")
def q1(a):
    pool_output_shape = a.function("pool_output_shape")
    got = pool_output_shape((None, 7, 2), 2)
    a.expect(isinstance(got, tuple), "ex07.q1.not_tuple", got=a.kind(got))
    a.equal("pool_output_shape((None, 7, 2), 2)", got, (None, 3, 2), hint="ex07.q1.hint_valid")
    a.equal("pool_output_shape((None, 10, 4), 3, 2)", pool_output_shape((None, 10, 4), 3, 2), (None, 4, 4),
            hint="ex07.q1.hint_valid")
    a.equal("pool_output_shape((None, 7, 2), 3, 2, \"same\")", pool_output_shape((None, 7, 2), 3, 2, "same"),
            (None, 4, 2), hint="ex07.q1.hint_same")


@EX.question("q2")
def q2(a):
    import keras

    max_pool_2d = a.function("max_pool_2d")
    x = np.random.default_rng(7).normal(size=(2, 4, 6, 3)).astype("float32")
    got = max_pool_2d(x, (2, 3))
    a.expect(isinstance(got, np.ndarray), "ex07.q2.not_array", got=a.kind(got))
    a.shape(got, (2, 2, 2, 3), name="max_pool_2d(x, (2, 3))", hint="ex07.q2.shape_hint")
    expected = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(pool_size=(2, 3))(x))
    gap = float(np.max(np.abs(got - expected)))
    a.expect(gap < 1e-6, "ex07.q2.values", "ex07.q2.values_hint", pool_size=(2, 3), gap=f"{gap:.3g}")


@EX.question("q3")
def q3(a):
    local1d_params = a.function("local1d_params")
    a.close("local1d_params(10, 3, 3, 4)", local1d_params(10, 3, 3, 4), 320, rtol=1e-9, hint="ex07.q3.hint")
    a.close("local1d_params(10, 3, 4, 2, strides=3)", local1d_params(10, 3, 4, 2, strides=3), 78, rtol=1e-9,
            hint="ex07.q3.hint")


@EX.question("q4")
def q4(a):
    import keras

    from ..layers_extra import LocallyConnected1D

    tied_local = a.function("tied_local")
    keras.utils.set_random_seed(0)
    conv = keras.layers.Conv1D(4, 3, bias_initializer="random_normal")
    x = np.random.default_rng(0).normal(size=(2, 10, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(conv(x))
    layer = tied_local(conv, 10)
    a.expect(isinstance(layer, LocallyConnected1D), "ex07.q4.not_local", got=a.kind(layer))
    a.expect((layer.filters, layer.kernel_size, layer.strides) == (4, 3, 1), "ex07.q4.settings",
             filters=layer.filters, kernel_size=layer.kernel_size, strides=layer.strides,
             expected="filters=4, kernel_size=3, strides=1")
    a.expect(layer.built and getattr(layer, "kernel", None) is not None, "ex07.q4.not_built")
    got = keras.ops.convert_to_numpy(layer(x))
    a.shape(got, expected.shape, name="tied_local(conv, 10)(x)")
    gap = float(np.max(np.abs(got - expected)))
    a.expect(gap < 1e-4, "ex07.q4.values", "ex07.q4.values_hint", gap=f"{gap:.3g}")
