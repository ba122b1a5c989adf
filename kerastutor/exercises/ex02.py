"""Exercise 2 · Initializers: the public checks behind check("q1") … check("q4").

q1  fans(kernel_shape)                        fan_in and fan_out of a Dense or a convolution kernel
q2  spread(kernel_shape, scale, mode, dist)   VarianceScaling's stddev (normal) or limit (uniform)
q3  sampler_stddev(stddev)                    what Keras 3 hands its truncated-normal sampler
q4  relu_stack(depth, width, input_dim)       a deep relu stack whose activations keep their scale
"""
from __future__ import annotations

import math

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex02.q1.not_pair": {
        "zh": "fans 应返回由两个数构成的元组 (fan_in, fan_out)，现在返回的是 {got}。",
        "en": "fans should return a tuple of two numbers, (fan_in, fan_out); it returned {got}.",
    },
    "ex02.q1.hint": {
        "zh": "卷积核的形状是 (*窗口, 输入通道, 输出通道)：两个 fan 都要乘以窗口大小（窗口各维之积）。",
        "en": "a convolution kernel has shape (*window, in_channels, out_channels): both fans are multiplied by the window size (the product of its dimensions).",
    },
    "ex02.q2.hint_uniform": {
        "zh": "均匀分布用 limit = sqrt(3 · scale / n)，n 由 mode 决定（fan_in、fan_out 或两者的平均）。",
        "en": "the uniform distribution uses limit = sqrt(3 · scale / n), where mode picks n (fan_in, fan_out or their average).",
    },
    "ex02.q2.hint_normal": {
        "zh": "正态分布用 stddev = sqrt(scale / n)；mode=\"fan_avg\" 时 n = (fan_in + fan_out) / 2。",
        "en": "the normal distributions use stddev = sqrt(scale / n); with mode=\"fan_avg\", n = (fan_in + fan_out) / 2.",
    },
    "ex02.q3.hint": {
        "zh": "在 ±2 个标准差处截断的标准正态分布，其标准差只有 0.8796…；Keras 先除以这个数，截断后的标准差才正好是公式给的值。",
        "en": "a standard normal cut at ±2 standard deviations has a standard deviation of only 0.8796…; Keras divides by it first, so that what survives the cut has the formula's stddev.",
    },
    "ex02.q4.not_model": {
        "zh": "relu_stack(...) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "relu_stack(...) should return a Keras model; it returned a {got}.",
    },
    "ex02.q4.structure": {
        "zh": "relu_stack({depth}, {width}, {input_dim}) 应有 {depth} 个 Dense 层，每层 {width} 个神经元、激活函数 relu；现在是 {got}。",
        "en": "relu_stack({depth}, {width}, {input_dim}) should have {depth} Dense layers of {width} units with relu; it has {got}.",
    },
    "ex02.q4.scale": {
        "zh": "经过 {depth} 层之后，激活值的均方是输入的 {ratio} 倍：信号{how}了。",
        "en": "After {depth} layers the activations' mean square is {ratio} times the input's: the signal {how}.",
    },
    "ex02.q4.vanished": {"zh": "几乎消失", "en": "has all but vanished"},
    "ex02.q4.exploded": {"zh": "爆炸", "en": "has exploded"},
    "ex02.q4.hint": {
        "zh": "relu 把一半的输入置零，所以每层的方差要乘 2 才能保持不变：scale=2、mode=\"fan_in\" 的初始化器是哪一个？",
        "en": "relu zeroes half of its inputs, so each layer must double the variance to keep it steady: which initializer has scale=2 and mode=\"fan_in\"?",
    },
}

EX = Exercise("02", MESSAGES)


def _fans_are(a, fans, shape, expected, hint=None):
    value = fans(shape)
    ok = isinstance(value, tuple) and len(value) == 2 and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in value)
    a.expect(ok, "ex02.q1.not_pair", got=a.show(value))
    a.expect(tuple(float(v) for v in value) == tuple(map(float, expected)), "ex.not_equal", hint,
             what=f"fans({shape})", got=a.show(value), expected=a.show(expected))


@EX.question("q1")
def q1(a):
    fans = a.function("fans")
    _fans_are(a, fans, (784, 512), (784, 512))
    _fans_are(a, fans, (3, 3, 16, 32), (144, 288), hint="ex02.q1.hint")


@EX.question("q2")
def q2(a):
    spread = a.function("spread")
    a.close('spread((784, 512), 2.0, "fan_in", "uniform")', spread((784, 512), 2.0, "fan_in", "uniform"),
            math.sqrt(6 / 784), hint="ex02.q2.hint_uniform")
    a.close('spread((784, 512), 1.0, "fan_avg", "truncated_normal")',
            spread((784, 512), 1.0, "fan_avg", "truncated_normal"), math.sqrt(1 / 648), hint="ex02.q2.hint_normal")


@EX.question("q3")
def q3(a):
    sampler_stddev = a.function("sampler_stddev")
    a.close("sampler_stddev(1.0)", sampler_stddev(1.0), 1.0 / 0.87962566103423978, rtol=1e-3, hint="ex02.q3.hint")


def activation_ratio(model, input_dim: int, samples: int = 512, seed: int = 0) -> float:
    """Mean square of the last layer's activations over that of a standard normal input."""
    import keras

    x = np.random.default_rng(seed).standard_normal((samples, input_dim)).astype("float32")
    y = keras.ops.convert_to_numpy(model(x, training=False))
    return float(np.mean(y**2) / np.mean(x**2))


@EX.question("q4")
def q4(a):
    import keras

    relu_stack = a.function("relu_stack")
    depth, width, input_dim = 10, 64, 64
    keras.utils.set_random_seed(0)  # the same weights every time the check runs
    model = relu_stack(depth, width, input_dim)
    a.expect(isinstance(model, keras.Model), "ex02.q4.not_model", got=a.kind(model))
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    got = [(d.units, getattr(d.activation, "__name__", "?")) for d in dense]
    a.expect(got == [(width, "relu")] * depth, "ex02.q4.structure", depth=depth, width=width,
             input_dim=input_dim, got=got)
    a.shape(model.inputs[0], (None, input_dim), name="relu_stack(...).inputs[0]")
    ratio = activation_ratio(model, input_dim)
    a.expect(ratio > 1 / 3, "ex02.q4.scale", "ex02.q4.hint", depth=depth, ratio=f"{ratio:.3g}",
             how=a.text("ex02.q4.vanished"))
    a.expect(ratio < 3, "ex02.q4.scale", "ex02.q4.hint", depth=depth, ratio=f"{ratio:.3g}",
             how=a.text("ex02.q4.exploded"))
