"""Exercise 9 · Merge layers: the public checks behind check("q1") … check("q4").

q1  merge_layer(mode)                      today's layer for a Keras 1 Merge mode ('sum', 'concat', 'cos', …)
q2  dot_output_shape(shape_a, shape_b, axes)   the output shape of Dot
q3  build_residual_block(features)         x + Dense(features, relu)(x), with an Add layer
q4  join_models(first, second)             two Sequential models merged into one functional model
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex09.q1.not_layer": {
        "zh": "merge_layer({mode!r}) 应返回一个 Keras 层，现在返回的是 {got}。",
        "en": "merge_layer({mode!r}) should return a Keras layer; it returned a {got}.",
    },
    "ex09.q1.wrong_class": {
        "zh": "merge_layer({mode!r}) 返回了 {got}；Keras 1 的 mode={mode!r} 今天对应 {expected}。",
        "en": "merge_layer({mode!r}) returned {got}; Keras 1's mode={mode!r} is {expected} today.",
    },
    "ex09.q1.values": {
        "zh": "merge_layer({mode!r}) 作用在两个 (2, 3) 张量上，结果与 Keras 1 的 mode={mode!r} 不一致（{detail}）。",
        "en": "merge_layer({mode!r}) on two (2, 3) tensors does not give what Keras 1's mode={mode!r} gave ({detail}).",
    },
    "ex09.q1.detail_shape": {
        "zh": "输出形状是 {got}，应为 {expected}",
        "en": "the output has shape {got}, not {expected}",
    },
    "ex09.q1.detail_values": {
        "zh": "第一个样本得到 {got}，应为 {expected}",
        "en": "the first sample gives {got} instead of {expected}",
    },
    "ex09.q1.hint": {
        "zh": "见第 9 课第 1 节的表。'cos' 是 Dot 加上 normalize=True；'concat' 沿最后一个轴拼接。",
        "en": "see the table in section 1 of lesson 9. 'cos' is Dot with normalize=True; 'concat' joins along the last axis.",
    },
    "ex09.q2.not_tuple": {
        "zh": "dot_output_shape 应返回一个元组（tuple），现在返回的是 {got}。",
        "en": "dot_output_shape should return a tuple; it returned a {got}.",
    },
    "ex09.q2.hint": {
        "zh": "去掉批次轴和被点积掉的轴；剩下的轴先排第一个输入的、再排第二个输入的，最前面放一个批次轴。什么都不剩时，结果是 (批次, 1)。",
        "en": "drop the batch axis and the axes summed over; the remaining axes come first from the first input, then from the second, behind one batch axis. When nothing remains, the result is (batch, 1).",
    },
    "ex09.q3.not_model": {
        "zh": "build_residual_block(...) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "build_residual_block(...) should return a Keras model; it returned a {got}.",
    },
    "ex09.q3.no_add": {
        "zh": "模型里没有 Add 层：残差连接要用 Add（或 keras.layers.add）把输入和 Dense 的输出加起来。",
        "en": "the model has no Add layer: a residual connection adds the input and the Dense output with Add (or keras.layers.add).",
    },
    "ex09.q3.not_residual": {
        "zh": "把 Dense 的权重全部设为 0 后，模型的输出应等于输入（x + relu(0) = x），现在差了 {gap}。",
        "en": "with all the Dense weights set to 0 the model's output should equal its input (x + relu(0) = x); it is off by {gap}.",
    },
    "ex09.q4.not_model": {
        "zh": "join_models(...) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "join_models(...) should return a Keras model; it returned a {got}.",
    },
    "ex09.q4.inputs": {
        "zh": "合并后的模型应有 2 个输入（每个 Sequential 模型一个），现在有 {got} 个。",
        "en": "the merged model should have 2 inputs (one per Sequential model); it has {got}.",
    },
    "ex09.q4.values": {
        "zh": "合并后模型的输出不等于 [first(a), second(b)] 沿最后一个轴的拼接（最大差 {gap}）。",
        "en": "the merged model's output is not [first(a), second(b)] joined along the last axis (largest gap {gap}).",
    },
    "ex09.q4.values_hint": {
        "zh": "把两个 Sequential 模型当作层，分别在各自的 keras.Input 上调用，再用 Concatenate 拼起来；不要新建权重。",
        "en": "call each Sequential model like a layer on its own keras.Input, then join the outputs with Concatenate; create no new weights.",
    },
}

EX = Exercise("09", MESSAGES)

EXPECTED_CLASS = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum", "concat": "Concatenate",
                  "dot": "Dot", "cos": "Dot"}


def old_merge(mode, a, b):
    """What Keras 1's Merge(mode=…) gave for two (batch, n) tensors."""
    if mode == "sum":
        return a + b
    if mode == "mul":
        return a * b
    if mode == "ave":
        return (a + b) / 2
    if mode == "max":
        return np.maximum(a, b)
    if mode == "concat":
        return np.concatenate([a, b], axis=-1)
    dot = (a * b).sum(axis=-1, keepdims=True)
    if mode == "dot":
        return dot
    return dot / (np.linalg.norm(a, axis=-1, keepdims=True) * np.linalg.norm(b, axis=-1, keepdims=True))


def check_mode(a, merge_layer, mode):
    """Shared by the public check and the hidden tests."""
    import keras

    layer = merge_layer(mode)
    a.expect(isinstance(layer, keras.layers.Layer), "ex09.q1.not_layer", mode=mode, got=a.kind(layer))
    a.expect(type(layer).__name__ == EXPECTED_CLASS[mode], "ex09.q1.wrong_class", "ex09.q1.hint", mode=mode,
             got=a.kind(layer), expected=EXPECTED_CLASS[mode])
    x = np.array([[1.0, -2.0, 3.0], [4.0, 0.5, -6.0]], dtype="float32")
    y = np.array([[2.0, 2.0, -1.0], [-4.0, 3.0, 1.0]], dtype="float32")
    got = np.asarray(keras.ops.convert_to_numpy(layer([x, y])))
    expected = old_merge(mode, x, y)
    if got.shape != expected.shape:
        detail = a.text("ex09.q1.detail_shape", got=got.shape, expected=expected.shape)
    elif not np.allclose(got, expected, rtol=1e-5, atol=1e-6):
        detail = a.text("ex09.q1.detail_values", got=np.round(got[0].astype(float), 4).tolist(),
                         expected=np.round(expected[0].astype(float), 4).tolist())
    else:
        return
    a.expect(False, "ex09.q1.values", "ex09.q1.hint", mode=mode, detail=detail)


@EX.question("q1")
def q1(a):
    merge_layer = a.function("merge_layer")
    for mode in ("sum", "concat", "cos"):
        check_mode(a, merge_layer, mode)


@EX.question("q2")
def q2(a):
    dot_output_shape = a.function("dot_output_shape")
    got = dot_output_shape((None, 3, 4), (None, 5, 4), 2)
    a.expect(isinstance(got, tuple), "ex09.q2.not_tuple", got=a.kind(got))
    a.equal("dot_output_shape((None, 3, 4), (None, 5, 4), 2)", got, (None, 3, 5), hint="ex09.q2.hint")
    a.equal("dot_output_shape((None, 8), (None, 8), 1)", dot_output_shape((None, 8), (None, 8), 1), (None, 1),
            hint="ex09.q2.hint")


@EX.question("q3")
def q3(a):
    import keras

    build_residual_block = a.function("build_residual_block")
    model = build_residual_block(6)
    a.expect(isinstance(model, keras.Model), "ex09.q3.not_model", got=a.kind(model))
    a.shape(model.inputs[0], (None, 6), name="build_residual_block(6).inputs[0]")
    a.shape(model.outputs[0], (None, 6), name="build_residual_block(6).outputs[0]")
    a.expect(any(isinstance(layer, keras.layers.Add) for layer in model.layers), "ex09.q3.no_add")
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    x = np.random.default_rng(0).normal(size=(3, 6)).astype("float32")
    gap = float(np.max(np.abs(keras.ops.convert_to_numpy(model(x)) - x)))
    a.expect(gap < 1e-6, "ex09.q3.not_residual", gap=f"{gap:.3g}")


def sample_branches():
    import keras

    keras.utils.set_random_seed(0)
    first = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="tanh")])
    second = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(5), keras.layers.Dense(2)])
    return first, second


def check_join(a, join_models, first, second, n_first, n_second):
    import keras

    model = join_models(first, second)
    a.expect(isinstance(model, keras.Model), "ex09.q4.not_model", got=a.kind(model))
    a.expect(len(model.inputs) == 2, "ex09.q4.inputs", got=len(model.inputs))
    rng = np.random.default_rng(1)
    xa = rng.normal(size=(2, n_first)).astype("float32")
    xb = rng.normal(size=(2, n_second)).astype("float32")
    expected = np.concatenate([keras.ops.convert_to_numpy(first(xa)), keras.ops.convert_to_numpy(second(xb))], axis=-1)
    got = keras.ops.convert_to_numpy(model([xa, xb]))
    a.shape(got, expected.shape, name="join_models(first, second)([a, b])", hint="ex09.q4.values_hint")
    gap = float(np.max(np.abs(got - expected)))
    a.expect(gap < 1e-5, "ex09.q4.values", "ex09.q4.values_hint", gap=f"{gap:.3g}")


@EX.question("q4")
def q4(a):
    join_models = a.function("join_models")
    first, second = sample_branches()
    check_join(a, join_models, first, second, 4, 6)
