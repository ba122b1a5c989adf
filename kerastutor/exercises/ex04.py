"""Exercise 4 · Activations: the public checks behind check("q1") … check("q4").

q1  derivative(name, x)                          f′(x) of six activations (Keras 3's hard_sigmoid)
q2  dense_forward(x, kernel, bias, activation)   activation(x·kernel + bias) in NumPy, softmax on the last axis
q3  classifier(input_dim, hidden_units, classes) Dense → Activation("relu") → Dense → Activation("softmax")
q4  softmax_jacobian(logits)                     the (n, n) Jacobian of softmax, stable for large logits
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex04.not_array": {
        "zh": "{what} 应返回一个 NumPy 数组，现在返回的是 {got}。",
        "en": "{what} should return a NumPy array; it returned a {got}.",
    },
    "ex04.wrong_shape": {
        "zh": "{what} 返回的数组形状是 {got}，应为 {expected}。",
        "en": "{what} returned an array of shape {got}; it should be {expected}.",
    },
    "ex04.not_close_array": {
        "zh": "{what}：和正确结果最多相差 {gap}。",
        "en": "{what}: differs from the right result by up to {gap}.",
    },
    "ex04.q1.hint": {
        "zh": "{name} 的导数是 {formula}。",
        "en": "the derivative of {name} is {formula}.",
    },
    "ex04.q1.keras2": {
        "zh": "这是 Keras 2 的 hard_sigmoid（斜率 0.2，在 ±2.5 饱和）。Keras 3 的是 relu6(x + 3) / 6：斜率 1/6，在 ±3 饱和。",
        "en": "that is Keras 2's hard_sigmoid (slope 0.2, flat beyond ±2.5). Keras 3's is relu6(x + 3) / 6: slope 1/6, flat beyond ±3.",
    },
    "ex04.q2.hint_axis": {
        "zh": "softmax 沿最后一个轴归一化：每个样本（每一行）的输出各自加起来等于 1。用 axis=-1 和 keepdims=True。",
        "en": "softmax normalizes along the last axis: each sample's (each row's) outputs add up to 1 on their own. Use axis=-1 and keepdims=True.",
    },
    "ex04.q2.hint_bias": {
        "zh": "别忘了在套激活函数之前加上偏置：activation(x · kernel + bias)。",
        "en": "remember to add the bias before applying the activation: activation(x · kernel + bias).",
    },
    "ex04.q2.hint": {
        "zh": "先算加权和 z = x @ kernel + bias，再对 z 套激活函数。",
        "en": "first the weighted sum z = x @ kernel + bias, then the activation on z.",
    },
    "ex04.q3.not_model": {
        "zh": "classifier(...) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "classifier(...) should return a Keras model; it returned a {got}.",
    },
    "ex04.q3.layers": {
        "zh": "模型的层依次是 {got}，应为 Dense、Activation、Dense、Activation。",
        "en": "The model's layers are {got}; they should be Dense, Activation, Dense, Activation.",
    },
    "ex04.q3.dense_activation": {
        "zh": "两个 Dense 层都不应带激活函数（activation 留空）：激活函数放在后面的 Activation 层里。现在是 {got}。",
        "en": "Neither Dense layer should have an activation of its own (leave activation out): the activations go into the Activation layers after them. They have {got}.",
    },
    "ex04.q3.activations": {
        "zh": "两个 Activation 层依次是 {got}，应为 relu、softmax。",
        "en": "The two Activation layers are {got}; they should be relu, softmax.",
    },
    "ex04.q3.units": {
        "zh": "两个 Dense 层的神经元数是 {got}，应为 {expected}。",
        "en": "The two Dense layers have {got} units; they should have {expected}.",
    },
    "ex04.q3.sum": {
        "zh": "每个样本的输出加起来应等于 1（这是一组概率），现在是 {got}。",
        "en": "Each sample's outputs should add up to 1 (they are probabilities); they add up to {got}.",
    },
    "ex04.q4.hint": {
        "zh": "先算 s = softmax(logits)，雅可比矩阵是 diag(s) − s sᵀ（np.diag、np.outer）。",
        "en": "first s = softmax(logits); the Jacobian is diag(s) − s sᵀ (np.diag, np.outer).",
    },
    "ex04.q4.nan": {
        "zh": "logits 很大时（例如 [1000, 1001]）结果出现了 nan 或 inf：e^1000 在浮点数里溢出了。",
        "en": "for large logits (such as [1000, 1001]) the result has nan or inf: e^1000 overflows in floating point.",
    },
    "ex04.q4.nan_hint": {
        "zh": "像 Keras 一样，先减去最大值：softmax(x) = softmax(x − max(x))，结果不变，但不会溢出。",
        "en": "do as Keras does and subtract the maximum first: softmax(x) = softmax(x − max(x)) gives the same result without overflowing.",
    },
}

EX = Exercise("04", MESSAGES)

DERIVATIVE_TEXT = {
    "sigmoid": "σ(x)·(1 − σ(x))",
    "tanh": "1 − tanh²(x)",
    "softplus": "σ(x) = 1 / (1 + e⁻ˣ)",
    "softsign": "1 / (1 + |x|)²",
    "elu": "1 (x > 0), eˣ (x ≤ 0)",
    "hard_sigmoid": "1/6 (−3 < x < 3), 0",
}

# Points away from the kinks at 0 and ±3.
X_PUBLIC = np.array([-4.0, -2.7, -1.0, 0.5, 2.0, 2.8, 3.5])


def derivative_reference(name: str, x):
    from .. import activations as A

    return A.derivative(name, np.asarray(x, dtype=float))


def dense_reference(x, kernel, bias, activation: str):
    from .. import activations as A

    return A.apply(activation, np.asarray(x, dtype=float) @ np.asarray(kernel, dtype=float) + np.asarray(bias, dtype=float))


def jacobian_reference(logits):
    from .. import activations as A

    s = A.softmax(np.asarray(logits, dtype=float))
    return np.diag(s) - np.outer(s, s)


def _array(a, what, value, shape):
    a.expect(isinstance(value, np.ndarray), "ex04.not_array", what=what, got=a.kind(value))
    a.expect(value.shape == tuple(shape), "ex04.wrong_shape", what=what, got=value.shape, expected=tuple(shape))
    return value.astype(float)


def _gap(got, expected) -> float:
    return float(np.max(np.abs(got - expected))) if np.all(np.isfinite(got)) else float("inf")


@EX.question("q1")
def q1(a):
    derivative = a.function("derivative")
    for name in ("sigmoid", "hard_sigmoid"):
        what = f'derivative("{name}", x)'
        got = _array(a, what, derivative(name, X_PUBLIC.copy()), X_PUBLIC.shape)
        gap = _gap(got, derivative_reference(name, X_PUBLIC))
        if gap > 1e-6:
            hint = "ex04.q1.hint"
            if name == "hard_sigmoid" and _gap(got, np.where(np.abs(X_PUBLIC) < 2.5, 0.2, 0.0)) < 1e-6:
                hint = "ex04.q1.keras2"
            a.expect(False, "ex04.not_close_array", hint, what=what, gap=f"{gap:.3g}", name=name,
                     formula=DERIVATIVE_TEXT[name])


@EX.question("q2")
def q2(a):
    dense_forward = a.function("dense_forward")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3))
    kernel = rng.normal(size=(3, 4))
    bias = np.array([0.5, -0.5, 1.0, 0.0])
    for activation in ("relu", "softmax"):
        what = f'dense_forward(x, kernel, bias, "{activation}")'
        got = _array(a, what, dense_forward(x.copy(), kernel.copy(), bias.copy(), activation), (2, 4))
        gap = _gap(got, dense_reference(x, kernel, bias, activation))
        if gap > 1e-6:
            hint = "ex04.q2.hint"
            z = x @ kernel + bias
            if _gap(got, dense_reference(x, kernel, np.zeros(4), activation)) < 1e-6:
                hint = "ex04.q2.hint_bias"
            elif activation == "softmax" and (_gap(got, np.exp(z) / np.exp(z).sum()) < 1e-6
                                              or _gap(got, np.exp(z) / np.exp(z).sum(axis=0)) < 1e-6):
                hint = "ex04.q2.hint_axis"
            a.expect(False, "ex04.not_close_array", hint, what=what, gap=f"{gap:.3g}")


@EX.question("q3")
def q3(a):
    import keras

    classifier = a.function("classifier")
    input_dim, hidden, classes = 20, 16, 5
    keras.utils.set_random_seed(0)
    model = classifier(input_dim, hidden, classes)
    a.expect(isinstance(model, keras.Model), "ex04.q3.not_model", got=a.kind(model))
    kinds = [type(layer).__name__ for layer in model.layers]
    a.expect(kinds == ["Dense", "Activation", "Dense", "Activation"], "ex04.q3.layers", got=", ".join(kinds))
    dense, acts = model.layers[0::2], model.layers[1::2]
    names = [getattr(d.activation, "__name__", "?") for d in dense]
    a.expect(names == ["linear", "linear"], "ex04.q3.dense_activation", got=names)
    act_names = [getattr(layer.activation, "__name__", "?") for layer in acts]
    a.expect(act_names == ["relu", "softmax"], "ex04.q3.activations", got=", ".join(act_names))
    a.expect([d.units for d in dense] == [hidden, classes], "ex04.q3.units", got=[d.units for d in dense],
             expected=[hidden, classes])
    a.shape(model.inputs[0], (None, input_dim), name="classifier(20, 16, 5).inputs[0]")
    a.shape(model.outputs[0], (None, classes), name="classifier(20, 16, 5).outputs[0]")
    x = np.random.default_rng(0).normal(size=(4, input_dim)).astype("float32")
    sums = np.asarray(keras.ops.convert_to_numpy(model(x))).sum(axis=1)
    a.expect(np.allclose(sums, 1.0, atol=1e-5), "ex04.q3.sum", got=np.round(sums, 4).tolist())


@EX.question("q4")
def q4(a):
    softmax_jacobian = a.function("softmax_jacobian")
    logits = np.array([1.0, 2.0, 0.5, -1.0])
    what = "softmax_jacobian([1.0, 2.0, 0.5, -1.0])"
    got = _array(a, what, softmax_jacobian(logits.copy()), (4, 4))
    gap = _gap(got, jacobian_reference(logits))
    a.expect(gap <= 1e-6, "ex04.not_close_array", "ex04.q4.hint", what=what, gap=f"{gap:.3g}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        big = softmax_jacobian(np.array([1000.0, 1001.0]))
    big = _array(a, "softmax_jacobian([1000.0, 1001.0])", big, (2, 2))
    a.expect(np.all(np.isfinite(big)), "ex04.q4.nan", "ex04.q4.nan_hint")
    gap = _gap(big, jacobian_reference([1000.0, 1001.0]))
    a.expect(gap <= 1e-6, "ex04.not_close_array", "ex04.q4.hint", what="softmax_jacobian([1000.0, 1001.0])",
             gap=f"{gap:.3g}")
