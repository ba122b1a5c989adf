"""Exercise 3 · Constraints and regularizers: the public checks behind check("q1") … check("q4").

q1  max_norm(w, max_value, axis)         what MaxNorm does to a weight array, in NumPy
q2  penalty(w, l1, l2)                   the L1L2 penalty of a weight array (a number)
q3  regularized_dense(units, l1, l2)     a Dense layer: L1L2 on the kernel, non-negative kernel, relu
q4  activity_penalty(outputs, l1, l2)    what an activity regularizer adds to model.losses (a number)
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

EPSILON = 1e-7

# The weight matrix of lesson 3 (4 inputs, 3 units; column norms ≈ 1.75, 0.42, 2.74).
W = np.array([[0.9, -0.2, 1.5],
              [-1.2, 0.1, 0.5],
              [0.4, -0.3, -2.0],
              [0.8, 0.2, 1.0]], dtype="float32")

MESSAGES = {
    "ex03.not_array": {
        "zh": "{what} 应返回一个 NumPy 数组，现在返回的是 {got}。",
        "en": "{what} should return a NumPy array; it returned a {got}.",
    },
    "ex03.wrong_shape": {
        "zh": "{what} 返回的数组形状是 {got}，应与输入相同：{expected}。",
        "en": "{what} returned an array of shape {got}; it should keep the input's shape, {expected}.",
    },
    "ex03.not_close_array": {
        "zh": "{what}：和 Keras 的结果最多相差 {gap}，超出了允许的误差。",
        "en": "{what}: differs from Keras's result by up to {gap}, more than allowed.",
    },
    "ex03.q1.hint": {
        "zh": "沿 axis 求范数并保留这个轴：norms = np.sqrt(np.sum(w**2, axis=axis, keepdims=True))；"
              "再乘以 min(norms, max_value) / (epsilon + norms)。",
        "en": "take the norms along axis and keep that axis: norms = np.sqrt(np.sum(w**2, axis=axis, keepdims=True)); "
              "then multiply by min(norms, max_value) / (epsilon + norms).",
    },
    "ex03.q1.wrong_axis": {
        "zh": "你的结果是按另一个轴求范数得到的。axis 是求范数时被加起来的轴：axis=0 时，每一列一个范数。",
        "en": "your result takes the norms along the other axis. axis is the axis summed over for the norm: with axis=0, each column gets one norm.",
    },
    "ex03.q1.no_max": {
        "zh": "范数没超过 max_value 的向量应保持不变，只有超过的才缩到 max_value（你把它们都缩放到了 max_value）。",
        "en": "vectors whose norm is under max_value stay as they are; only longer ones are shrunk to max_value (you rescaled all of them to max_value).",
    },
    "ex03.q2.hint_abs": {
        "zh": "L1 项是 l1 · Σ|w|：先取绝对值再求和。",
        "en": "the L1 term is l1 · Σ|w|: absolute values first, then the sum.",
    },
    "ex03.q2.hint_square": {
        "zh": "L2 项是 l2 · Σw²（平方和），不是范数 √Σw²。",
        "en": "the L2 term is l2 · Σw² (the sum of squares), not the norm √Σw².",
    },
    "ex03.q2.hint": {
        "zh": "L1L2 的惩罚项 = l1 · Σ|w| + l2 · Σw²，对所有元素求和。",
        "en": "the L1L2 penalty = l1 · Σ|w| + l2 · Σw², summed over every element.",
    },
    "ex03.q3.not_dense": {
        "zh": "regularized_dense(...) 应返回一个 keras.layers.Dense 层，现在返回的是 {got}。",
        "en": "regularized_dense(...) should return a keras.layers.Dense layer; it returned a {got}.",
    },
    "ex03.q3.units": {
        "zh": "regularized_dense({units}, …) 的 units 是 {got}。",
        "en": "regularized_dense({units}, …) has {got} units.",
    },
    "ex03.q3.activation": {
        "zh": "层的激活函数是 {got}，题目要求 relu。",
        "en": "the layer's activation is {got}; the question asks for relu.",
    },
    "ex03.q3.losses_count": {
        "zh": "层建好后，layer.losses 里应只有 1 项（核的惩罚项），现在有 {got} 项。",
        "en": "once the layer is built, layer.losses should hold 1 term (the kernel's penalty); it holds {got}.",
    },
    "ex03.q3.losses_hint": {
        "zh": "只给核加正则化器（kernel_regularizer）；偏置和输出（bias_regularizer、activity_regularizer）不加。",
        "en": "regularize the kernel only (kernel_regularizer); leave the bias and the output (bias_regularizer, activity_regularizer) alone.",
    },
    "ex03.q3.penalty": {
        "zh": "核为示例矩阵时，层的惩罚项是 {got}，应为 l1·Σ|w| + l2·Σw² = {expected}。",
        "en": "with the example kernel, the layer's penalty is {got}; it should be l1·Σ|w| + l2·Σw² = {expected}.",
    },
    "ex03.q3.penalty_hint": {
        "zh": "用 keras.regularizers.L1L2(l1=l1, l2=l2)，把函数的参数传进去。",
        "en": "use keras.regularizers.L1L2(l1=l1, l2=l2), passing the function's arguments.",
    },
    "ex03.q3.constraint": {
        "zh": "核的约束没有把负权重变成 0（现在的约束是 {got}）。",
        "en": "the kernel constraint does not turn negative weights into 0 (the constraint is {got}).",
    },
    "ex03.q3.constraint_hint": {
        "zh": "保持权重非负的约束是 keras.constraints.NonNeg()，传给 kernel_constraint。",
        "en": "the constraint that keeps weights non-negative is keras.constraints.NonNeg(), passed as kernel_constraint.",
    },
    "ex03.q4.hint_batch": {
        "zh": "Keras 会把激活的惩罚项除以批次大小（outputs 的第一个轴的长度）。",
        "en": "Keras divides the activity penalty by the batch size (the length of the first axis of outputs).",
    },
    "ex03.q4.hint_size": {
        "zh": "要除以的是批次大小 outputs.shape[0]，不是元素总数。",
        "en": "divide by the batch size, outputs.shape[0], not by the number of elements.",
    },
    "ex03.q4.hint": {
        "zh": "激活惩罚 = (l1 · Σ|outputs| + l2 · Σoutputs²) / 批次大小。",
        "en": "the activity penalty = (l1 · Σ|outputs| + l2 · Σoutputs²) / batch size.",
    },
}

EX = Exercise("03", MESSAGES)


def max_norm_reference(w, max_value, axis=0):
    """What keras.constraints.MaxNorm(max_value, axis) does to w."""
    w = np.asarray(w, dtype=float)
    norms = np.sqrt(np.sum(w**2, axis=axis, keepdims=True))
    return w * (np.clip(norms, 0, max_value) / (EPSILON + norms))


def l1_l2_reference(w, l1, l2):
    w = np.asarray(w, dtype=float)
    return float(l1 * np.sum(np.abs(w)) + l2 * np.sum(w**2))


def _array(a, what, value, expected_shape):
    a.expect(isinstance(value, np.ndarray), "ex03.not_array", what=what, got=a.kind(value))
    a.expect(value.shape == tuple(expected_shape), "ex03.wrong_shape", what=what, got=value.shape,
             expected=tuple(expected_shape))
    return value.astype(float)


def _gap(got, expected):
    return float(np.max(np.abs(got - expected))) if np.all(np.isfinite(got)) else float("inf")


@EX.question("q1")
def q1(a):
    max_norm = a.function("max_norm")
    for max_value, axis in ((2.0, 0), (1.5, 1)):
        what = f"max_norm(W, {max_value}, axis={axis})"
        got = _array(a, what, max_norm(W.copy(), max_value, axis=axis), W.shape)
        expected = max_norm_reference(W, max_value, axis)
        gap = _gap(got, expected)
        if gap > 1e-5:
            other = max_norm_reference(W, max_value, 1 - axis)
            hint = "ex03.q1.hint"
            if _gap(got, other) < 1e-5:
                hint = "ex03.q1.wrong_axis"
            else:
                norms = np.sqrt(np.sum(W.astype(float)**2, axis=axis, keepdims=True))
                if _gap(got, W * max_value / norms) < 1e-5:
                    hint = "ex03.q1.no_max"
            a.expect(False, "ex03.not_close_array", hint, what=what, gap=f"{gap:.3g}")


@EX.question("q2")
def q2(a):
    penalty = a.function("penalty")
    for l1, l2 in ((0.01, 0.02), (0.0, 0.01), (0.05, 0.0)):
        got = penalty(W.copy(), l1, l2)
        expected = l1_l2_reference(W, l1, l2)
        hint = "ex03.q2.hint"
        try:
            value = float(got)
        except (TypeError, ValueError):
            value = None
        if value is not None and not np.isclose(value, expected, rtol=1e-5):
            if np.isclose(value, l1 * np.sum(W) + l2 * np.sum(W**2), rtol=1e-5):
                hint = "ex03.q2.hint_abs"
            elif np.isclose(value, l1 * np.sum(np.abs(W)) + l2 * np.sqrt(np.sum(W**2)), rtol=1e-5):
                hint = "ex03.q2.hint_square"
        a.close(f"penalty(W, {l1}, {l2})", got, expected, rtol=1e-5, hint=hint)


@EX.question("q3")
def q3(a):
    import keras

    regularized_dense = a.function("regularized_dense")
    units, l1, l2 = 3, 0.01, 0.02
    layer = regularized_dense(units, l1, l2)
    a.expect(isinstance(layer, keras.layers.Dense), "ex03.q3.not_dense", got=a.kind(layer))
    a.expect(layer.units == units, "ex03.q3.units", units=units, got=layer.units)
    name = getattr(layer.activation, "__name__", a.kind(layer.activation))
    a.expect(layer.activation is keras.activations.relu, "ex03.q3.activation", got=name)
    if not layer.built:
        layer.build((None, W.shape[0]))
    layer.kernel.assign(W)
    a.expect(len(layer.losses) == 1, "ex03.q3.losses_count", "ex03.q3.losses_hint", got=len(layer.losses))
    got, expected = float(layer.losses[0]), l1_l2_reference(W, l1, l2)
    a.expect(np.isclose(got, expected, rtol=1e-5), "ex03.q3.penalty", "ex03.q3.penalty_hint",
             got=f"{got:.6g}", expected=f"{expected:.6g}")
    constraint = layer.kernel_constraint
    projected = None if constraint is None else np.asarray(keras.ops.convert_to_numpy(constraint(W)))
    a.expect(projected is not None and np.allclose(projected, np.maximum(W, 0)), "ex03.q3.constraint",
             "ex03.q3.constraint_hint", got=a.kind(constraint))


@EX.question("q4")
def q4(a):
    import keras

    activity_penalty = a.function("activity_penalty")
    outputs = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5], [1.0, 1.0, -2.0], [-0.5, 0.0, 0.5]], dtype="float32")
    l1, l2 = 0.01, 0.02
    layer = keras.layers.ActivityRegularization(l1=l1, l2=l2)
    layer(outputs)
    expected = float(layer.losses[0])
    got = activity_penalty(outputs.copy(), l1, l2)
    hint = "ex03.q4.hint"
    try:
        value = float(got)
    except (TypeError, ValueError):
        value = None
    if value is not None:
        total = l1_l2_reference(outputs, l1, l2)
        if np.isclose(value, total, rtol=1e-5):
            hint = "ex03.q4.hint_batch"
        elif np.isclose(value, total / outputs.size, rtol=1e-5):
            hint = "ex03.q4.hint_size"
    a.close(f"activity_penalty(outputs, {l1}, {l2})", got, expected, rtol=1e-5, hint=hint)
