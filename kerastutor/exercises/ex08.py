"""Exercise 8 · Recurrent and embedding layers: the public checks behind check("q1") … check("q4").

q1  recurrent_params(kind, units, features, reset_after=True)   parameters of SimpleRNN / LSTM / GRU
q2  simple_rnn_steps(x, kernel, recurrent_kernel, bias)        every state of a SimpleRNN, with NumPy
q3  modern_lstm()                     document 001's Keras 1 LSTM call, rewritten for Keras 3
q4  build_masked_encoder(vocab_size)  Embedding(mask_zero=True) + LSTM that ignores trailing padding
"""
from __future__ import annotations

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex08.q1.hint_simple": {
        "zh": "SimpleRNN 有 W（features×units）、U（units×units）和 b（units）：共 units·(units + features + 1)。",
        "en": "SimpleRNN has W (features×units), U (units×units) and b (units): units·(units + features + 1) in all.",
    },
    "ex08.q1.hint_lstm": {
        "zh": "LSTM 有四组（i、f、c、o）和 SimpleRNN 一样的权重。",
        "en": "an LSTM has four sets (i, f, c, o) of SimpleRNN's weights.",
    },
    "ex08.q1.hint_gru": {
        "zh": "GRU 有三组权重；reset_after=True（默认）时输入部分和循环部分各有一套偏置，多出 3·units 个参数。",
        "en": "a GRU has three sets of weights; with reset_after=True (the default) the input and recurrent parts each have a bias, adding 3·units parameters.",
    },
    "ex08.q2.not_array": {
        "zh": "simple_rnn_steps 应返回一个 NumPy 数组，现在返回的是 {got}。",
        "en": "simple_rnn_steps should return a NumPy array; it returned a {got}.",
    },
    "ex08.q2.shape_hint": {
        "zh": "要返回每一步的状态，形状是 (样本数, 时间步, units)，和 return_sequences=True 的输出一样。",
        "en": "return the state of every step, shape (samples, steps, units), like the output with return_sequences=True.",
    },
    "ex08.q2.values": {
        "zh": "simple_rnn_steps 的结果与 SimpleRNN(return_sequences=True) 不一致（最大差 {gap}）。",
        "en": "simple_rnn_steps disagrees with SimpleRNN(return_sequences=True) (largest gap {gap}).",
    },
    "ex08.q2.values_hint": {
        "zh": "从 h = 0 开始，每一步 h = tanh(x[:, t, :] @ kernel + h @ recurrent_kernel + bias)，并把每一步的 h 都记下来。",
        "en": "start from h = 0; at each step h = tanh(x[:, t, :] @ kernel + h @ recurrent_kernel + bias), and keep every step's h.",
    },
    "ex08.q3.not_lstm": {
        "zh": "modern_lstm() 应返回一个 keras.layers.LSTM 层，现在返回的是 {got}。",
        "en": "modern_lstm() should return a keras.layers.LSTM layer; it returned a {got}.",
    },
    "ex08.q3.setting": {
        "zh": "{what} 是 {got}，应为 {expected}。",
        "en": "{what} is {got}; it should be {expected}.",
    },
    "ex08.q3.hint": {
        "zh": "对照第 8 课第 3 节的表：output_dim → units，init → kernel_initializer，inner_init → recurrent_initializer，inner_activation → recurrent_activation ……",
        "en": "use the table in section 3 of lesson 8: output_dim → units, init → kernel_initializer, inner_init → recurrent_initializer, inner_activation → recurrent_activation, …",
    },
    "ex08.q3.return_sequences_hint": {
        "zh": "Keras 1 的调用里写了 return_sequences=True（每个时间步都输出），这个参数名今天没有变。",
        "en": "the Keras 1 call has return_sequences=True (an output at every time step); that name has not changed.",
    },
    "ex08.q3.dropout_hint": {
        "zh": "dropout_W=0.2 → dropout=0.2（作用在输入上），dropout_U=0.1 → recurrent_dropout=0.1（作用在循环状态上）。",
        "en": "dropout_W=0.2 → dropout=0.2 (on the inputs), dropout_U=0.1 → recurrent_dropout=0.1 (on the recurrent state).",
    },
    "ex08.q3.dropouts_swapped": {
        "zh": "两个 dropout 写反了：dropout 是 0.1、recurrent_dropout 是 0.2。W 是输入的权重，所以 dropout_W=0.2 → dropout=0.2；U 是循环权重，所以 dropout_U=0.1 → recurrent_dropout=0.1。",
        "en": "The two dropouts are swapped: dropout is 0.1 and recurrent_dropout 0.2. W weighs the inputs, so dropout_W=0.2 → dropout=0.2; U is the recurrent weight, so dropout_U=0.1 → recurrent_dropout=0.1.",
    },
    "ex08.q3.same_layer": {
        "zh": "modern_lstm() 两次调用返回了同一个层：每次调用都要新建一个 LSTM。",
        "en": "modern_lstm() returned the same layer twice: every call should create a new LSTM.",
    },
    "ex08.q4.not_model": {
        "zh": "build_masked_encoder(...) 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "build_masked_encoder(...) should return a Keras model; it returned a {got}.",
    },
    "ex08.q4.input_hint": {
        "zh": "序列长度不固定：用 keras.Input(shape=(None,), dtype=\"int32\")。",
        "en": "the sequences have no fixed length: use keras.Input(shape=(None,), dtype=\"int32\").",
    },
    "ex08.q4.fixed_length": {
        "zh": "模型的输入长度固定为 {got}，但序列的长度不固定（末尾还可能补 0）。",
        "en": "the model's input has a fixed length of {got}, but the sequences have no fixed length (zeros may be padded at the end).",
    },
    "ex08.q4.no_embedding": {
        "zh": "模型里应有一个 Embedding 层，现在没有找到。",
        "en": "the model should contain an Embedding layer; there is none.",
    },
    "ex08.q4.input_dim": {
        "zh": "Embedding 的 input_dim 是 {got}，应为 {expected}：词的编号是 1 到 vocab_size，0 留给补齐。",
        "en": "the Embedding's input_dim is {got}; it should be {expected}: word ids run from 1 to vocab_size, and 0 is kept for padding.",
    },
    "ex08.q4.no_mask": {
        "zh": "在末尾补 0 改变了模型的输出（最大差 {gap}）：补齐的位置没有被遮住。",
        "en": "padding zeros at the end changed the model's output (largest gap {gap}): the padded positions are not masked.",
    },
    "ex08.q4.no_mask_hint": {
        "zh": "给 Embedding 加上 mask_zero=True，并让 LSTM 直接接在它后面。",
        "en": "give the Embedding mask_zero=True and put the LSTM right after it.",
    },
}

EX = Exercise("08", MESSAGES)


@EX.question("q1")
def q1(a):
    recurrent_params = a.function("recurrent_params")
    a.close("recurrent_params(\"SimpleRNN\", 4, 3)", recurrent_params("SimpleRNN", 4, 3), 32, rtol=1e-9,
            hint="ex08.q1.hint_simple")
    a.close("recurrent_params(\"LSTM\", 4, 3)", recurrent_params("LSTM", 4, 3), 128, rtol=1e-9, hint="ex08.q1.hint_lstm")
    a.close("recurrent_params(\"GRU\", 4, 3)", recurrent_params("GRU", 4, 3), 108, rtol=1e-9, hint="ex08.q1.hint_gru")


@EX.question("q2")
def q2(a):
    import keras

    simple_rnn_steps = a.function("simple_rnn_steps")
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype("float32")
    layer = keras.layers.SimpleRNN(4, return_sequences=True, bias_initializer="random_normal")
    expected = keras.ops.convert_to_numpy(layer(x))
    got = simple_rnn_steps(x, *layer.get_weights())
    a.expect(isinstance(got, np.ndarray), "ex08.q2.not_array", got=a.kind(got))
    a.shape(got, (2, 5, 4), name="simple_rnn_steps(x, W, U, b)", hint="ex08.q2.shape_hint")
    gap = float(np.max(np.abs(got - expected)))
    a.expect(gap < 1e-4, "ex08.q2.values", "ex08.q2.values_hint", gap=f"{gap:.3g}")


def _name(fn) -> str:
    return getattr(fn, "__name__", type(fn).__name__)


@EX.question("q3")
def q3(a):
    import keras

    modern_lstm = a.function("modern_lstm")
    layer = modern_lstm()
    a.expect(isinstance(layer, keras.layers.LSTM), "ex08.q3.not_lstm", got=a.kind(layer))
    cell = layer.cell
    checks = [
        ("units", cell.units, 16),
        ("kernel_initializer", type(cell.kernel_initializer).__name__, "HeNormal"),
        ("recurrent_initializer", type(cell.recurrent_initializer).__name__, "Orthogonal"),
        ("recurrent_activation", _name(cell.recurrent_activation), "hard_sigmoid"),
        ("unit_forget_bias", cell.unit_forget_bias, True),
    ]
    for what, got, expected in checks:
        a.expect(got == expected, "ex08.q3.setting", "ex08.q3.hint", what=what, got=repr(got), expected=repr(expected))
    a.expect(layer.return_sequences is True, "ex08.q3.setting", "ex08.q3.return_sequences_hint",
             what="return_sequences", got=repr(layer.return_sequences), expected="True")
    a.expect(_name(cell.activation) == "tanh", "ex08.q3.setting", "ex08.q3.hint", what="activation",
             got=repr(_name(cell.activation)), expected="'tanh'")
    dropouts = (float(cell.dropout), float(cell.recurrent_dropout))
    a.expect(not np.allclose(dropouts, (0.1, 0.2)), "ex08.q3.dropouts_swapped")
    a.expect(np.allclose(dropouts, (0.2, 0.1)), "ex08.q3.setting", "ex08.q3.dropout_hint",
             what="(dropout, recurrent_dropout)", got=repr(dropouts), expected="(0.2, 0.1)")
    regularizer = cell.kernel_regularizer
    l2 = getattr(regularizer, "l2", None)
    a.expect(isinstance(regularizer, keras.regularizers.L2) and np.isclose(l2, 0.01), "ex08.q3.setting",
             "ex08.q3.hint", what="kernel_regularizer", got=repr(regularizer if l2 is None else f"L2({l2:g})"),
             expected="L2(0.01)")
    for what in ("recurrent_regularizer", "bias_regularizer"):
        a.expect(getattr(cell, what) is None, "ex08.q3.setting", "ex08.q3.hint", what=what,
                 got=a.show(getattr(cell, what)), expected="None")
    a.expect(modern_lstm() is not layer, "ex08.q3.same_layer")


@EX.question("q4")
def q4(a):
    import keras

    build_masked_encoder = a.function("build_masked_encoder")
    keras.utils.set_random_seed(0)
    model = build_masked_encoder(20)
    a.expect(isinstance(model, keras.Model), "ex08.q4.not_model", got=a.kind(model))
    a.shape(model.inputs[0], (None, None), name="build_masked_encoder(20).inputs[0]", hint="ex08.q4.input_hint")
    length = model.inputs[0].shape[1]
    a.expect(length is None, "ex08.q4.fixed_length", "ex08.q4.input_hint", got=length)
    a.shape(model.outputs[0], (None, 16), name="build_masked_encoder(20).outputs[0]")
    embeddings = [layer for layer in model.layers if isinstance(layer, keras.layers.Embedding)]
    a.expect(len(embeddings) == 1, "ex08.q4.no_embedding")
    a.expect(embeddings[0].input_dim == 21, "ex08.q4.input_dim", got=embeddings[0].input_dim, expected=21)
    short = np.array([[3, 7, 1, 20]])
    padded = np.array([[3, 7, 1, 20, 0, 0, 0]])
    out_short = keras.ops.convert_to_numpy(model(short))
    out_padded = keras.ops.convert_to_numpy(model(padded))
    gap = float(np.max(np.abs(out_short - out_padded)))
    a.expect(gap < 1e-5, "ex08.q4.no_mask", "ex08.q4.no_mask_hint", gap=f"{gap:.3g}")
