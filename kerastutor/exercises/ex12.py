"""Exercise 12 · Subclassing models and layers: the public checks behind check("q1") … check("q4").

q1  MLP(hidden, outputs)                a keras.Model subclass with __init__ and call
q2  Scale()                             a custom layer whose weight is made in build() with add_weight
q3  min_norm_solution(X, y)             the minimum-norm least-squares (w, b) of a linear regression
q4  gradient_descent(X, y, steps, lr)   document 003's GradientTape loop, from zero weights
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise, NotAnswered, StudentRaised, Wrong

MESSAGES = {
    "ex12.q1.not_class": {
        "zh": "MLP 应该是一个类（class MLP(keras.Model): …），现在它是 {got}。",
        "en": "MLP should be a class (class MLP(keras.Model): …); it is a {got}.",
    },
    "ex12.q1.not_subclass": {
        "zh": "MLP 应是你自己写的、继承 keras.Model 的类（不是 Sequential）；现在它是 {got}。",
        "en": "MLP should be a class of your own that inherits from keras.Model (not Sequential); it is {got}.",
    },
    "ex12.q1.not_subclass_hint": {
        "zh": "写 class MLP(keras.Model):，在 __init__ 里先调用 super().__init__()。",
        "en": "write class MLP(keras.Model): and call super().__init__() first in __init__.",
    },
    "ex12.q1.early_variables": {
        "zh": "MLP 在第一次调用之前就有了 {got} 个变量；层应在 __init__ 里创建，权重在第一次调用时才生成。",
        "en": "MLP already holds variables ({got}) before its first call; create the layers in __init__ and let the weights appear at the first call.",
    },
    "ex12.q1.shapes": {
        "zh": "MLP(8, 3) 作用在 5 个特征上之后，变量的形状是 {got}，应为 {expected}。",
        "en": "After MLP(8, 3) runs on 5 features, its variables have shapes {got}; they should be {expected}.",
    },
    "ex12.q1.values": {
        "zh": "MLP 的输出和 relu(x·W1 + b1)·W2 + b2 不一致（最大差 {gap}）。",
        "en": "MLP's output does not match relu(x·W1 + b1)·W2 + b2 (largest gap {gap}).",
    },
    "ex12.q1.values_hint": {
        "zh": "隐藏层用 relu，输出层不加激活函数。",
        "en": "the hidden layer uses relu, the output layer has no activation.",
    },
    "ex12.q2.not_layer": {
        "zh": "Scale 应继承 keras.layers.Layer，现在它是 {got}。",
        "en": "Scale should inherit from keras.layers.Layer; it is a {got}.",
    },
    "ex12.q2.early_weights": {
        "zh": "Scale() 刚创建就有 {got} 个权重；权重应该在 build 里创建（那时才知道输入有几个特征）。",
        "en": "Scale() already holds weights ({got}) as soon as it is created; create the weight in build (only then is the number of features known).",
    },
    "ex12.q2.weights": {
        "zh": "Scale 作用在 5 个特征上之后，权重的形状是 {got}，应为一个形状 (5,) 的可训练权重。",
        "en": "After Scale runs on 5 features its weights have shapes {got}; there should be one trainable weight of shape (5,).",
    },
    "ex12.q2.weights_hint": {
        "zh": "在 build(self, input_shape) 里写 self.add_weight(shape=(input_shape[-1],), initializer=\"ones\")。",
        "en": "in build(self, input_shape), write self.add_weight(shape=(input_shape[-1],), initializer=\"ones\").",
    },
    "ex12.q2.initial": {
        "zh": "刚建好的 Scale 应该原样输出输入（权重初始化为 1），但输出变了（最大差 {gap}）。",
        "en": "A fresh Scale should output its input unchanged (the weight starts at ones), but the output differs (largest gap {gap}).",
    },
    "ex12.q2.product": {
        "zh": "把权重设为 {w} 之后，输出应是输入逐特征乘以权重，但不是（最大差 {gap}）。",
        "en": "With the weight set to {w}, the output should be the input multiplied feature by feature by the weight; it is not (largest gap {gap}).",
    },
    "ex12.q3.not_pair": {
        "zh": "min_norm_solution 应返回元组 (w, b)，现在返回的是 {got}。",
        "en": "min_norm_solution should return a tuple (w, b); it returned {got}.",
    },
    "ex12.q3.wrong": {
        "zh": "(w, b) = {got}，而最小范数的最小二乘解是 {expected}。",
        "en": "(w, b) = {got}, but the minimum-norm least-squares solution is {expected}.",
    },
    "ex12.q3.hint": {
        "zh": "把偏置并进矩阵：A = [X, 1]，θ = A⁺y（np.linalg.pinv 或 np.linalg.lstsq），w 是 θ 的前几项，b 是最后一项。",
        "en": "fold the bias into the matrix: A = [X, 1], θ = A⁺y (np.linalg.pinv or np.linalg.lstsq); w is all of θ but the last entry, b the last.",
    },
    "ex12.q4.not_result": {
        "zh": "gradient_descent 应返回 (w, b, losses)，losses 是每步的损失列表；现在返回的是 {got}。",
        "en": "gradient_descent should return (w, b, losses), losses being the list of each step's loss; it returned {got}.",
    },
    "ex12.q4.count": {
        "zh": "{call} 的 losses 有 {got} 个数，应为 {expected} 个（每步一个）。",
        "en": "{call} gives {got} losses; it should give {expected} (one per step).",
    },
    "ex12.q4.loss_value": {
        "zh": "{call} 的 losses[{index}] 是 {got}，应为 {expected}（这是第一个不对的值）。",
        "en": "{call}: losses[{index}] is {got}; it should be {expected} (the first value that differs).",
    },
    "ex12.q4.hint_half": {
        "zh": "正好是应有值的两倍：损失是 0.5 * mean((ŷ − y)²)，别漏了 0.5。",
        "en": "that is exactly twice the right value: the loss is 0.5 * mean((ŷ − y)²); the 0.5 is missing.",
    },
    "ex12.q4.hint_after": {
        "zh": "它等于下一步应有的损失：每一步要记下更新之前的损失，也就是在 apply_gradients 之前算出的那个。",
        "en": "it is the loss the next step should have: record each step's loss before its update, the one computed before apply_gradients.",
    },
    "ex12.q4.hint_zero": {
        "zh": "第一步的损失取决于初始权重：核和偏置都要初始化为 0（kernel_initializer=\"zeros\"、bias_initializer=\"zeros\"）。",
        "en": "the first loss depends on the starting weights: kernel and bias both start at 0 (kernel_initializer=\"zeros\", bias_initializer=\"zeros\").",
    },
    "ex12.q4.second_call": {
        "zh": "第二次调用 gradient_descent 时，第一个损失是 {got}，应为 {expected}：每次调用都要新建模型，从 0 权重重新开始。",
        "en": "On a second call of gradient_descent the first loss is {got}; it should be {expected}: every call creates a new model and starts again from zero weights.",
    },
    "ex12.q4.weights": {
        "zh": "{steps} 步之后的 (w, b) 是 {got}，应为 {expected}。",
        "en": "(w, b) after {steps} steps is {got}; it should be {expected}.",
    },
    "ex12.q4.hint": {
        "zh": "权重从 0 开始；每步损失 0.5·mean((ŷ − y)²)，SGD 的学习率为 learning_rate；先记下这一步的损失，再更新。",
        "en": "start from zero weights; each step's loss is 0.5·mean((ŷ − y)²), SGD with learning rate learning_rate; record the step's loss, then update.",
    },
}

EX = Exercise("12", MESSAGES)

X003 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
Y003 = np.array([[10.0], [20.0]])


def reference_min_norm(X, y):
    A = np.hstack([np.asarray(X, float), np.ones((len(X), 1))])
    theta = np.linalg.pinv(A) @ np.asarray(y, float).reshape(len(X), -1)
    return theta[:-1], theta[-1]


def reference_gd(X, y, steps, learning_rate):
    """Gradient descent in float64 on 0.5·mean((Xw + b − y)²) from zero: (w, b, losses)."""
    X, y = np.asarray(X, float), np.asarray(y, float).reshape(len(X), 1)
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.zeros((A.shape[1], 1))
    losses = []
    for _ in range(steps):
        r = A @ theta - y
        losses.append(0.5 * float(np.mean(r ** 2)))
        theta = theta - learning_rate * A.T @ r / len(X)
    return theta[:-1], theta[-1], losses


def _run(name, fn, *args):
    """Run the learner's class code (a layer call, say): a stub means "not answered yet", any other
    exception is reported in one line."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise NotAnswered(name) from None
    except Exception as exc:  # noqa: BLE001
        raise StudentRaised(name, exc) from None


def _fmt(w, b):
    return np.array2string(np.append(np.ravel(w), np.ravel(b)), precision=4, suppress_small=True)


@EX.question("q1")
def q1(a):
    import keras

    MLP = a.value("MLP")
    a.expect(isinstance(MLP, type), "ex12.q1.not_class", got=a.kind(MLP))
    a.expect(issubclass(MLP, keras.Model) and not issubclass(MLP, keras.Sequential), "ex12.q1.not_subclass",
             "ex12.q1.not_subclass_hint", got=f"{MLP.__name__}({', '.join(b.__name__ for b in MLP.__bases__)})")
    make = a.function("MLP")
    keras.utils.set_random_seed(0)
    model = make(8, 3)
    a.expect(len(model.variables) == 0, "ex12.q1.early_variables", got=len(model.variables))
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    out = keras.ops.convert_to_numpy(_run("MLP", model, x))
    shapes = [tuple(v.shape) for v in model.trainable_variables]
    expected = [(5, 8), (8,), (8, 3), (3,)]
    a.expect(sorted(shapes) == sorted(expected), "ex12.q1.shapes", got=shapes, expected=expected)
    by_shape = {tuple(v.shape): keras.ops.convert_to_numpy(v) for v in model.trainable_variables}
    w1, b1, w2, b2 = (by_shape[s] for s in expected)
    by_hand = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    gap = float(np.max(np.abs(out - by_hand)))
    a.expect(gap <= 1e-5, "ex12.q1.values", "ex12.q1.values_hint", gap=f"{gap:.3g}")


@EX.question("q2")
def q2(a):
    import keras

    Scale = a.value("Scale")
    a.expect(isinstance(Scale, type) and issubclass(Scale, keras.layers.Layer), "ex12.q2.not_layer", got=a.kind(Scale))
    layer = a.function("Scale")()
    a.expect(len(layer.weights) == 0, "ex12.q2.early_weights", "ex12.q2.weights_hint", got=len(layer.weights))
    x = np.random.default_rng(1).normal(size=(3, 5)).astype("float32")
    out = keras.ops.convert_to_numpy(_run("Scale", layer, x))
    shapes = [tuple(w.shape) for w in layer.trainable_weights]
    a.expect(shapes == [(5,)], "ex12.q2.weights", "ex12.q2.weights_hint", got=shapes)
    gap = float(np.max(np.abs(out - x)))
    a.expect(gap <= 1e-6, "ex12.q2.initial", gap=f"{gap:.3g}")
    w = np.array([1.0, -2.0, 0.5, 0.0, 3.0], dtype="float32")
    layer.set_weights([w])
    gap = float(np.max(np.abs(keras.ops.convert_to_numpy(_run("Scale", layer, x)) - x * w)))
    a.expect(gap <= 1e-6, "ex12.q2.product", w=w.tolist(), gap=f"{gap:.3g}")


def _pair(a, got):
    a.expect(isinstance(got, (tuple, list)) and len(got) == 2, "ex12.q3.not_pair", got=a.show(got))
    return np.asarray(got[0], float), np.asarray(got[1], float)


@EX.question("q3")
def q3(a):
    min_norm_solution = a.function("min_norm_solution")
    w, b = _pair(a, min_norm_solution(X003.copy(), Y003.copy()))
    w_ref, b_ref = reference_min_norm(X003, Y003)
    ok = w.size == w_ref.size and b.size == b_ref.size and np.allclose(w.ravel(), w_ref.ravel(), atol=1e-6) \
        and np.allclose(b.ravel(), b_ref.ravel(), atol=1e-6)
    a.expect(ok, "ex12.q3.wrong", "ex12.q3.hint", got=_fmt(w, b), expected=_fmt(w_ref, b_ref))


def _losses_hint(losses, reference, index) -> str:
    """The likely cause when losses[index] is the first value that differs from the reference."""
    got, want = float(losses[index]), reference[index]
    if np.isclose(got, 2 * want, rtol=1e-3):
        return "ex12.q4.hint_half"
    if index + 1 < len(reference) and np.isclose(got, reference[index + 1], rtol=1e-4, atol=1e-6):
        return "ex12.q4.hint_after"
    if index == 0:
        return "ex12.q4.hint_zero"
    return "ex12.q4.hint"


def check_losses(a, losses, reference, call: str) -> None:
    """The first value of `losses` that differs from `reference`, and what it should be."""
    a.expect(len(losses) == len(reference), "ex12.q4.count", "ex12.q4.hint", call=call, got=len(losses),
             expected=len(reference))
    for index, (got, want) in enumerate(zip(losses, reference)):
        if not np.isclose(float(got), want, rtol=1e-4, atol=1e-5):
            raise Wrong("ex12.q4.loss_value", _losses_hint(losses, reference, index), call=call, index=index,
                        got=f"{float(got):.6g}", expected=f"{want:.6g}")


@EX.question("q4")
def q4(a):
    gradient_descent = a.function("gradient_descent")
    got = gradient_descent(X003.astype("float32"), Y003.astype("float32"), 100, 0.01)
    a.expect(isinstance(got, (tuple, list)) and len(got) == 3, "ex12.q4.not_result", got=a.show(got))
    w, b, losses = np.asarray(got[0], float), np.asarray(got[1], float), list(np.ravel(got[2]))
    w_ref, b_ref, losses_ref = reference_gd(X003, Y003, 100, 0.01)
    check_losses(a, losses, losses_ref, "gradient_descent(X, y, 100, 0.01)")
    ok = w.size == 3 and b.size == 1 and np.allclose(np.append(w.ravel(), b.ravel()),
                                                     np.append(w_ref.ravel(), b_ref.ravel()), rtol=1e-4, atol=1e-4)
    a.expect(ok, "ex12.q4.weights", "ex12.q4.hint", steps=100, got=_fmt(w, b), expected=_fmt(w_ref, b_ref))
    again = gradient_descent(X003.astype("float32"), Y003.astype("float32"), 2, 0.01)
    a.expect(isinstance(again, (tuple, list)) and len(again) == 3, "ex12.q4.not_result", got=a.show(again))
    first = list(np.ravel(again[2]))[:1]
    a.expect(bool(first) and np.isclose(float(first[0]), losses_ref[0], rtol=1e-4), "ex12.q4.second_call",
             got=f"{float(first[0]):.6g}" if first else "[]", expected=f"{losses_ref[0]:.6g}")
