"""Exercise 5 · Core layers and layer methods: the public checks behind check("q1") … check("q4").

q1  timestep_dropout(rate, features)   a Dropout layer that drops the same features at every timestep
q2  flat_length(image_shape, filters)   how long Flatten's output is after a 'same' Conv2D (channels_last)
q3  antirectifier(x)                    document 001's antirectifier written with keras.ops
q4  copy_dense(layer)                   an independent copy of a built Dense layer (config + weights)
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex05.q1.not_dropout": {
        "zh": "timestep_dropout(0.5, 6) 应返回一个 keras.layers.Dropout 层，现在返回的是 {got}。",
        "en": "timestep_dropout(0.5, 6) should return a keras.layers.Dropout layer; it returned a {got}.",
    },
    "ex05.q1.rate": {
        "zh": "这个 Dropout 层的 rate 是 {got}，应为 {expected}。",
        "en": "This Dropout layer's rate is {got}; it should be {expected}.",
    },
    "ex05.q1.not_shared": {
        "zh": "训练时（training=True），同一个样本在不同时间步上丢掉的特征不一样：掩码没有在时间轴上共享。",
        "en": "In training (training=True), one sample drops different features at different timesteps: the mask is not shared along the time axis.",
    },
    "ex05.q1.not_shared_hint": {
        "zh": "noise_shape 决定掩码的形状：时间轴那一维写 1，批次那一维写 None。",
        "en": "noise_shape sets the mask's shape: put 1 for the time axis and None for the batch axis.",
    },
    "ex05.q1.scale": {
        "zh": "训练时留下的 1 变成了 {got}，应该变成 1/(1−rate) = {expected}。",
        "en": "In training, a kept 1 became {got}; it should become 1/(1−rate) = {expected}.",
    },
    "ex05.q1.nothing_dropped": {
        "zh": "训练时一个元素也没有被置零。",
        "en": "Nothing was set to zero in training.",
    },
    "ex05.q1.inference": {
        "zh": "推理时（不写 training=True）Dropout 应原样输出，你的层却改变了输入。",
        "en": "In inference (no training=True) Dropout should pass its input through, but your layer changed it.",
    },
    "ex05.q2.hint": {
        "zh": "padding=\"same\"、步长 1 时行数和列数不变；默认 channels_last 把最后一个轴当作通道，卷积后通道数变成 filters；Flatten 把三者相乘。",
        "en": "with padding=\"same\" and stride 1 the rows and columns stay; the default channels_last takes the last axis as channels, which become filters after the convolution; Flatten multiplies the three.",
    },
    "ex05.q2.not_int": {
        "zh": "flat_length 应返回一个整数，现在返回的是 {got}。",
        "en": "flat_length should return an integer; it returned a {got}.",
    },
    "ex05.q3.values": {
        "zh": "antirectifier 的输出和按定义手算的结果不一致（最大差 {gap}）。",
        "en": "antirectifier's output differs from the definition worked out by hand (largest gap {gap}).",
    },
    "ex05.q3.values_hint": {
        "zh": "依次：减去每行的均值（axis=1），L2 归一化（ops.normalize(…, axis=1, order=2)），再把 relu(x) 和 relu(−x) 沿 axis=1 拼接。",
        "en": "in order: subtract each row's mean (axis=1), L2-normalise (ops.normalize(…, axis=1, order=2)), then concatenate relu(x) and relu(−x) along axis=1.",
    },
    "ex05.q3.shape_hint": {
        "zh": "输出宽度是输入的两倍：正的部分和负的部分并排。",
        "en": "the output is twice as wide as the input: the positive and the negative parts side by side.",
    },
    "ex05.q4.not_dense": {
        "zh": "copy_dense 应返回一个 keras.layers.Dense 层，现在返回的是 {got}。",
        "en": "copy_dense should return a keras.layers.Dense layer; it returned a {got}.",
    },
    "ex05.q4.same_object": {
        "zh": "copy_dense 返回的就是原来的那个层，不是一个新层。",
        "en": "copy_dense returned the very layer it was given, not a new one.",
    },
    "ex05.q4.config": {
        "zh": "副本的设置和原层不同：{what} 是 {got}，原层是 {expected}。",
        "en": "The copy's settings differ from the original's: {what} is {got}, the original has {expected}.",
    },
    "ex05.q4.config_hint": {
        "zh": "用 layer.get_config() 拿到配置，再用 keras.layers.Dense.from_config(…) 造新层。",
        "en": "get the settings with layer.get_config() and make the new layer with keras.layers.Dense.from_config(…).",
    },
    "ex05.q4.outputs": {
        "zh": "副本和原层在同一输入上的输出不同（最大差 {gap}）：权重没有复制过去。",
        "en": "The copy and the original give different outputs on the same input (largest gap {gap}): the weights were not copied.",
    },
    "ex05.q4.outputs_hint": {
        "zh": "新层要先构建（build 或调用一次），再 set_weights(layer.get_weights())。",
        "en": "build the new layer first (build, or call it once), then set_weights(layer.get_weights()).",
    },
    "ex05.q4.shared": {
        "zh": "改动原层的权重之后，副本的输出也变了：两个层共用了同一组变量，副本不是独立的。",
        "en": "After the original's weights changed, the copy's output changed too: the two layers share their variables, so the copy is not independent.",
    },
}

EX = Exercise("05", MESSAGES)


def _np(x):
    import keras

    return np.asarray(keras.ops.convert_to_numpy(x))


def antirectifier_reference(x: np.ndarray) -> np.ndarray:
    """Document 001's antirectifier in NumPy: centre, L2-normalise, [relu(x), relu(−x)]."""
    centred = x - x.mean(axis=1, keepdims=True)
    unit = centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    return np.concatenate([np.maximum(unit, 0), np.maximum(-unit, 0)], axis=1)


@EX.question("q1")
def q1(a):
    import keras

    timestep_dropout = a.function("timestep_dropout")
    layer = timestep_dropout(0.5, 6)
    a.expect(isinstance(layer, keras.layers.Dropout), "ex05.q1.not_dropout", got=a.kind(layer))
    a.expect(abs(float(layer.rate) - 0.5) < 1e-9, "ex05.q1.rate", got=layer.rate, expected=0.5)
    ones = np.ones((4, 5, 6), "float32")
    a.expect(np.array_equal(_np(layer(ones)), ones), "ex05.q1.inference")
    keras.utils.set_random_seed(0)
    out = _np(layer(ones, training=True))
    a.shape(out, (4, 5, 6), name="timestep_dropout(0.5, 6)(…, training=True)")
    a.expect(np.all(out == out[:, :1, :]), "ex05.q1.not_shared", "ex05.q1.not_shared_hint")
    kept = out[out != 0]
    a.expect(kept.size < out.size, "ex05.q1.nothing_dropped")
    a.expect(kept.size > 0 and np.allclose(kept, 2.0), "ex05.q1.scale",
             got=f"{kept.max():.4g}" if kept.size else "—", expected="2")


@EX.question("q2")
def q2(a):
    flat_length = a.function("flat_length")
    got = flat_length((32, 32, 3), 64)
    a.expect(isinstance(got, (int, np.integer)) and not isinstance(got, bool), "ex05.q2.not_int", got=a.kind(got))
    a.equal("flat_length((32, 32, 3), 64)", int(got), 65536, hint="ex05.q2.hint")


@EX.question("q3")
def q3(a):
    import keras

    antirectifier = a.function("antirectifier")
    # On real data first: an error inside the learner's function is reported as theirs. (Inside a
    # Lambda on a symbolic input, Keras turns any error into "could not infer the output shape".)
    x = np.random.default_rng(5).normal(size=(3, 5)).astype("float32")
    out = _np(antirectifier(keras.ops.convert_to_tensor(x)))
    a.shape(out, (3, 10), name="antirectifier(x)", hint="ex05.q3.shape_hint")
    gap = float(np.max(np.abs(out - antirectifier_reference(x))))
    a.expect(gap < 1e-4, "ex05.q3.values", "ex05.q3.values_hint", gap=f"{gap:.3g}")
    symbolic = keras.layers.Lambda(antirectifier)(keras.Input(shape=(5,)))
    a.shape(symbolic, (None, 10), name="Lambda(antirectifier)(keras.Input(shape=(5,)))", hint="ex05.q3.shape_hint")


def check_copy(a, copy_dense, units, width, **kwargs):
    """The q4 checks for one layer; the hidden tests reuse it with other settings."""
    import keras

    keras.utils.set_random_seed(1)
    original = keras.layers.Dense(units, **kwargs)
    original.build((None, width))
    copy = copy_dense(original)
    a.expect(isinstance(copy, keras.layers.Dense), "ex05.q4.not_dense", got=a.kind(copy))
    a.expect(copy is not original, "ex05.q4.same_object")
    for what in ("units", "activation", "use_bias"):
        got, expected = copy.get_config()[what], original.get_config()[what]
        a.expect(got == expected, "ex05.q4.config", "ex05.q4.config_hint", what=what, got=got, expected=expected)
    x = np.random.default_rng(2).normal(size=(4, width)).astype("float32")
    before = _np(original(x))
    gap = float(np.max(np.abs(_np(copy(x)) - before)))
    a.expect(gap < 1e-6, "ex05.q4.outputs", "ex05.q4.outputs_hint", gap=f"{gap:.3g}")
    original.set_weights([np.zeros_like(w) for w in original.get_weights()])
    a.expect(np.allclose(_np(copy(x)), before, atol=1e-6), "ex05.q4.shared")


@EX.question("q4")
def q4(a):
    copy_dense = a.function("copy_dense")
    check_copy(a, copy_dense, 3, 4, activation="tanh")
