"""Exercise 6 · Convolution layers: the public checks behind check("q1") … check("q4").

q1  conv_output_length(n, kernel_size, strides, padding, dilation_rate)   the length formula of Conv1D/2D/3D
q2  separable_params(kernel_size, in_channels, filters, depth_multiplier)  SeparableConv2D's parameter count
q3  modern_conv2d(nb_filter, nb_row, nb_col, border_mode, subsample, dim_ordering)
                                                    Keras 1's Convolution2D call, as a Keras 3 Conv2D
q4  build_upsampler(height, width, channels, filters)  one Conv2DTranspose doubling rows and columns
"""
from __future__ import annotations

from .framework import Exercise, StudentRaised

MESSAGES = {
    "ex06.q1.not_int": {
        "zh": "conv_output_length 应返回一个整数，现在返回的是 {got}。",
        "en": "conv_output_length should return an integer; it returned a {got}.",
    },
    "ex06.q1.valid_hint": {
        "zh": "valid：L = (n − k′) // s + 1，其中膨胀后的窗口 k′ = d·(k − 1) + 1。",
        "en": "valid: L = (n − k′) // s + 1, where the dilated window is k′ = d·(k − 1) + 1.",
    },
    "ex06.q1.same_hint": {
        "zh": "same：L = ⌈n / s⌉，也就是 (n + s − 1) // s，和卷积核大小无关。",
        "en": "same: L = ⌈n / s⌉, that is (n + s − 1) // s, whatever the kernel size.",
    },
    "ex06.q1.causal_hint": {
        "zh": "causal：左边补 d·(k − 1) 个 0 再做 valid 卷积，所以 L = (n − 1) // s + 1。",
        "en": "causal: d·(k − 1) zeros on the left, then a valid convolution, so L = (n − 1) // s + 1.",
    },
    "ex06.q2.hint": {
        "zh": "逐通道卷积 k_h·k_w·C_in·m，加逐点卷积 C_in·m·filters，再加 filters 个偏置。",
        "en": "depthwise k_h·k_w·C_in·m, plus pointwise C_in·m·filters, plus filters biases.",
    },
    "ex06.q2.tuple_failed": {
        "zh": "{call} 抛出了 {etype}：kernel_size 也可以是 (行, 列) 两个整数。",
        "en": "{call} raised {etype}: kernel_size may also be two integers, (rows, cols).",
    },
    "ex06.q2.tuple_hint": {
        "zh": "先把 kernel_size 变成行和列：整数 k 表示 (k, k)，元组就是 (行, 列)；逐通道卷积有 行·列·C_in·m 个权重。",
        "en": "turn kernel_size into rows and columns first: an integer k means (k, k), a tuple is (rows, cols); the depthwise part has rows·cols·C_in·m weights.",
    },
    "ex06.q3.setting_th": {
        "zh": "modern_conv2d(8, 2, 4, subsample=(1, 2), dim_ordering=\"th\") 的 {what} 是 {got}，应为 {expected}。",
        "en": "modern_conv2d(8, 2, 4, subsample=(1, 2), dim_ordering=\"th\") has {what} {got}; it should be {expected}.",
    },
    "ex06.q3.not_conv": {
        "zh": "modern_conv2d 应返回一个 keras.layers.Conv2D 层，现在返回的是 {got}。",
        "en": "modern_conv2d should return a keras.layers.Conv2D layer; it returned a {got}.",
    },
    "ex06.q3.setting": {
        "zh": "{what} 是 {got}，应为 {expected}。",
        "en": "{what} is {got}; it should be {expected}.",
    },
    "ex06.q3.hint": {
        "zh": "对照：nb_filter → filters，(nb_row, nb_col) → kernel_size，border_mode → padding，subsample → strides，dim_ordering 'tf'/'th' → data_format 'channels_last'/'channels_first'。",
        "en": "the mapping: nb_filter → filters, (nb_row, nb_col) → kernel_size, border_mode → padding, subsample → strides, dim_ordering 'tf'/'th' → data_format 'channels_last'/'channels_first'.",
    },
    "ex06.q4.not_model": {
        "zh": "build_upsampler(…) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "build_upsampler(…) should return a Keras model; it returned a {got}.",
    },
    "ex06.q4.transpose": {
        "zh": "模型里应该正好有一个 Conv2DTranspose 层（现在有 {got} 个），并且没有其他带权重的层。",
        "en": "The model should contain exactly one Conv2DTranspose layer (it has {got}) and no other layer with weights.",
    },
    "ex06.q4.kernel": {
        "zh": "Conv2DTranspose 的卷积核大小是 {got}，题目要求 (3, 3)。",
        "en": "The Conv2DTranspose kernel size is {got}; the question asks for (3, 3).",
    },
    "ex06.q4.shape_hint": {
        "zh": "转置卷积在 padding=\"same\" 时输出长度是 n·s：步长 2 让行和列都翻倍。",
        "en": "a transposed convolution with padding=\"same\" gives n·s: stride 2 doubles the rows and the columns.",
    },
}

EX = Exercise("06", MESSAGES)


def keras_conv_length(n, kernel_size, strides=1, padding="valid", dilation_rate=1) -> int:
    """The length Keras itself gives (a Conv1D on a symbolic input): the reference for q1."""
    import keras

    layer = keras.layers.Conv1D(1, kernel_size, strides=strides, padding=padding, dilation_rate=dilation_rate)
    return int(layer.compute_output_shape((None, n, 1))[1])


@EX.question("q1")
def q1(a):
    import numpy as np

    conv_output_length = a.function("conv_output_length")
    cases = [((28, 3), "ex06.q1.valid_hint"), ((28, 3, 2, "same"), "ex06.q1.same_hint"),
             ((12, 3, 1, "valid", 3), "ex06.q1.valid_hint"), ((29, 4, 3, "same"), "ex06.q1.same_hint"),
             ((13, 5, 1, "same", 2), "ex06.q1.same_hint"), ((10, 3, 1, "causal", 2), "ex06.q1.causal_hint")]
    for args, hint in cases:
        got = conv_output_length(*args)
        a.expect(isinstance(got, (int, np.integer)) and not isinstance(got, bool), "ex06.q1.not_int", got=a.kind(got))
        a.equal(f"conv_output_length{args}", int(got), keras_conv_length(*args), hint=hint)


@EX.question("q2")
def q2(a):
    import keras

    separable_params = a.function("separable_params")
    for kernel, channels, filters, multiplier in [(3, 16, 32, 1), ((2, 4), 3, 5, 2)]:
        layer = keras.layers.SeparableConv2D(filters, kernel, depth_multiplier=multiplier)
        layer.build((None, 8, 8, channels))
        call = f"separable_params({kernel}, {channels}, {filters}, {multiplier})"
        try:
            got = separable_params(kernel, channels, filters, multiplier)
        except StudentRaised as exc:
            a.expect(not isinstance(kernel, tuple), "ex06.q2.tuple_failed", "ex06.q2.tuple_hint", call=call,
                     etype=type(exc.exc).__name__)
            raise
        a.equal(call, got, layer.count_params(),
                hint="ex06.q2.tuple_hint" if isinstance(kernel, tuple) else "ex06.q2.hint")


def _settings(layer):
    return {"filters": layer.filters, "kernel_size": tuple(layer.kernel_size), "strides": tuple(layer.strides),
            "padding": layer.padding, "data_format": layer.data_format}


@EX.question("q3")
def q3(a):
    import keras

    modern_conv2d = a.function("modern_conv2d")
    layer = modern_conv2d(64, 3, 3, border_mode="same")
    a.expect(isinstance(layer, keras.layers.Conv2D), "ex06.q3.not_conv", got=a.kind(layer))
    expected = {"filters": 64, "kernel_size": (3, 3), "strides": (1, 1), "padding": "same",
                "data_format": "channels_last"}
    _expect_settings(a, layer, expected, "ex06.q3.setting")
    a.shape(layer(keras.Input(shape=(32, 32, 3))), (None, 32, 32, 64),
            name="modern_conv2d(64, 3, 3, border_mode='same')(keras.Input((32, 32, 3)))")
    layer = modern_conv2d(8, 2, 4, subsample=(1, 2), dim_ordering="th")
    a.expect(isinstance(layer, keras.layers.Conv2D), "ex06.q3.not_conv", got=a.kind(layer))
    expected = {"filters": 8, "kernel_size": (2, 4), "strides": (1, 2), "padding": "valid",
                "data_format": "channels_first"}
    _expect_settings(a, layer, expected, "ex06.q3.setting_th")
    a.shape(layer(keras.Input(shape=(3, 10, 10))), (None, 8, 9, 4),
            name="modern_conv2d(8, 2, 4, subsample=(1, 2), dim_ordering='th')(keras.Input((3, 10, 10)))")


def check_upsampler(a, build_upsampler, height, width, channels, filters):
    """The q4 checks for one setting; the hidden tests reuse them with others."""
    import keras

    model = build_upsampler(height, width, channels, filters)
    a.expect(isinstance(model, keras.Model), "ex06.q4.not_model", got=a.kind(model))
    transposes = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2DTranspose)]
    others = [layer for layer in model.layers if layer.weights and not isinstance(layer, keras.layers.Conv2DTranspose)]
    a.expect(len(transposes) == 1 and not others, "ex06.q4.transpose", got=len(transposes))
    a.expect(tuple(transposes[0].kernel_size) == (3, 3), "ex06.q4.kernel", got=tuple(transposes[0].kernel_size))
    a.shape(model.inputs[0], (None, height, width, channels), name="model.inputs[0]")
    a.shape(model.outputs[0], (None, 2 * height, 2 * width, filters), name="model.outputs[0]",
            hint="ex06.q4.shape_hint")
    return model


@EX.question("q4")
def q4(a):
    check_upsampler(a, a.function("build_upsampler"), 7, 7, 8, 4)


def _expect_settings(a, layer, expected: dict, key: str) -> None:
    """Each of the layer's settings against what the question asks, the first that differs named."""
    got = _settings(layer)
    for what in expected:
        a.expect(got[what] == expected[what], key, "ex06.q3.hint", what=what, got=repr(got[what]),
                 expected=repr(expected[what]))

