"""Exercise 11 · The functional API: the public checks behind check("q1") … check("q4").

q1  build_two_io(vocab, length, n_extra)     a two-input, two-output model to a specification, compiled
q2  build_siamese(length, features, units)   two inputs through one shared LSTM (checked for real sharing)
q3  lstm_param_count(input_dim, units)       the number of parameters of an LSTM layer
q4  two_codes(shared, input_a, input_b)      a model whose outputs are both calls of a shared layer
"""
from __future__ import annotations

import re

import numpy as np

from .feedback import one_line
from .framework import Exercise

MESSAGES = {
    "ex11.not_model": {
        "zh": "{name} 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "{name} should return a Keras model; it returned a {got}.",
    },
    "ex11.q1.input_names": {
        "zh": "模型的输入依次叫 {got}，应为 {expected}。",
        "en": "The model's inputs are named {got}, in that order; they should be {expected}.",
    },
    "ex11.q1.input_names_hint": {
        "zh": "给 keras.Input 传 name=\"main_input\" / name=\"aux_input\"，并按这个顺序写 inputs=[...]。",
        "en": "pass name=\"main_input\" / name=\"aux_input\" to keras.Input and list inputs=[...] in that order.",
    },
    "ex11.q1.output_names": {
        "zh": "模型的输出依次叫 {got}，应为 {expected}。",
        "en": "The model's outputs are named {got}, in that order; they should be {expected}.",
    },
    "ex11.q1.output_names_hint": {
        "zh": "输出层的名字就是输出的名字：Dense(1, activation=\"sigmoid\", name=\"main_output\")。",
        "en": "an output's name is the name of its layer: Dense(1, activation=\"sigmoid\", name=\"main_output\").",
    },
    "ex11.q1.vocab": {
        "zh": "词的编号可以到 {vocab}，但模型处理编号 {vocab} 时出错：{error}",
        "en": "Word ids go up to {vocab}, but the model fails on the id {vocab}: {error}",
    },
    "ex11.q1.vocab_hint": {
        "zh": "嵌入层的合法编号是 0…input_dim−1，所以编号到 vocab 时要 input_dim=vocab+1。",
        "en": "an embedding accepts ids 0…input_dim−1, so ids up to vocab need input_dim=vocab+1.",
    },
    "ex11.q1.not_compiled": {
        "zh": "build_two_io 返回的模型还没有编译。",
        "en": "The model build_two_io returns is not compiled yet.",
    },
    "ex11.q1.loss": {
        "zh": "模型的总损失是 {got}，而 1.0 × 主损失 + 0.2 × 辅助损失应为 {expected}。",
        "en": "The model's total loss is {got}, but 1.0 × main loss + 0.2 × auxiliary loss is {expected}.",
    },
    "ex11.q1.loss_hint": {
        "zh": "每个输出各给一个 binary_crossentropy，loss_weights={{\"main_output\": 1.0, \"aux_output\": 0.2}}。",
        "en": "give each output a binary_crossentropy, with loss_weights={{\"main_output\": 1.0, \"aux_output\": 0.2}}.",
    },
    "ex11.q1.weights_not_dict": {
        "zh": "损失权重是 {got}；题目要求写成按输出名字的字典：{{\"main_output\": 1.0, \"aux_output\": 0.2}}。",
        "en": "The loss weights are {got}; the question asks for a dictionary keyed by output name: {{\"main_output\": 1.0, \"aux_output\": 0.2}}.",
    },
    "ex11.q1.keyed_hint": {
        "zh": "损失是列表、权重却是字典：Keras 按键名的字母顺序（aux_output、main_output）取出字典里的权重，再按位置和列表里的损失配对，于是主输出得到 0.2。权重按输出名字写，损失也要按输出名字写：loss={{\"main_output\": …, \"aux_output\": …}}。",
        "en": "the loss is a list but the weights are a dictionary: Keras takes the dictionary's weights in the alphabetical order of its keys (aux_output, main_output) and pairs them by position with the list of losses, so the main output gets 0.2. Weights keyed by output name need a loss keyed the same way: loss={{\"main_output\": …, \"aux_output\": …}}.",
    },
    "ex11.q1.loss_failed": {
        "zh": "Keras 算不出模型的总损失：{error}",
        "en": "Keras cannot compute the model's total loss: {error}",
    },
    "ex11.q1.keyed_loss_hint": {
        "zh": "每个输出一个损失，并且和权重一样按输出名字写：loss={{\"main_output\": \"binary_crossentropy\", \"aux_output\": \"binary_crossentropy\"}}。",
        "en": "one loss per output, keyed by output name like the weights: loss={{\"main_output\": \"binary_crossentropy\", \"aux_output\": \"binary_crossentropy\"}}.",
    },
    "ex11.q2.input_names": {
        "zh": "模型的输入依次叫 {got}，应为 {expected}。",
        "en": "The model's inputs are named {got}, in that order; they should be {expected}.",
    },
    "ex11.q2.input_names_hint": {
        "zh": "给两个 keras.Input 分别传 name=\"left\" 和 name=\"right\"，并按这个顺序写 keras.Model([left, right], …)。",
        "en": "pass name=\"left\" and name=\"right\" to the two keras.Input calls and build keras.Model([left, right], …) in that order.",
    },
    "ex11.q2.code_order": {
        "zh": "拼接结果的第 {which} 半和那个 LSTM 直接作用在第 {which} 个输入上的结果不同（最大差 {gap}）：应先左后右，两边都经过同一个 LSTM。",
        "en": "Half {which} of the concatenation differs from the LSTM applied directly to input {which} (largest gap {gap}): left comes first, then right, both through the one LSTM.",
    },
    "ex11.q2.lstm_count": {
        "zh": "模型里有 {got} 个 LSTM 层，应该只有 1 个，被调用两次：两个各自独立的 LSTM 不共享权重。",
        "en": "The model has {got} LSTM layers; it should have exactly 1, called twice: two separate LSTMs do not share weights.",
    },
    "ex11.q2.lstm_count_hint": {
        "zh": "先 shared = keras.layers.LSTM(units)，再 shared(left)、shared(right)。",
        "en": "create shared = keras.layers.LSTM(units) once, then call shared(left) and shared(right).",
    },
    "ex11.q2.params": {
        "zh": "模型共有 {got} 个参数，应为 {expected}（一个 LSTM 加输出层）。",
        "en": "The model has {got} parameters; it should have {expected} (one LSTM plus the output layer).",
    },
    "ex11.q2.no_concat": {
        "zh": "模型里找不到 Concatenate 层：两个编码应先拼接，再接输出层。",
        "en": "The model has no Concatenate layer: the two codes should be concatenated before the output layer.",
    },
    "ex11.q2.not_same_code": {
        "zh": "左右输入同一段序列，得到的两个编码却不同：两边用的不是同一组权重。",
        "en": "The same sequence on both sides gives two different codes: the two sides do not use the same weights.",
    },
    "ex11.q3.hint": {
        "zh": "LSTM 有 4 个门，每个门有 input_dim×units 的核、units×units 的循环核和 units 个偏置。",
        "en": "an LSTM has 4 gates, each with an input_dim×units kernel, a units×units recurrent kernel and units biases.",
    },
    "ex11.q4.outputs": {
        "zh": "two_codes 返回的模型有 {got} 个输出，应为 2 个（每次调用一个）。",
        "en": "The model two_codes returns should have 2 outputs (one per call); it has {got}.",
    },
    "ex11.q4.values": {
        "zh": "第 {which} 个输出和 shared 作用在第 {which} 个输入上的结果不同（最大差 {gap}）。",
        "en": "Output {which} differs from shared applied to input {which} (largest gap {gap}).",
    },
    "ex11.q4.new_weights": {
        "zh": "two_codes 的模型里有 shared 以外的权重：应该只调用给定的 shared 层，不要新建层。",
        "en": "The model from two_codes has weights beyond shared's: call the given shared layer only, do not create new layers.",
    },
}

EX = Exercise("11", MESSAGES)


def _np(x):
    import keras

    return keras.ops.convert_to_numpy(x)


def lstm_params(input_dim: int, units: int) -> int:
    return 4 * (units * (input_dim + units) + units)


@EX.question("q1")
def q1(a):
    import keras

    build_two_io = a.function("build_two_io")
    keras.utils.set_random_seed(0)
    vocab, length, n_extra = 100, 12, 3
    model = build_two_io(vocab, length, n_extra)
    a.expect(isinstance(model, keras.Model), "ex11.not_model", name="build_two_io(100, 12, 3)", got=a.kind(model))
    names = [tensor.name for tensor in model.inputs]
    a.expect(names == ["main_input", "aux_input"], "ex11.q1.input_names", "ex11.q1.input_names_hint",
             got=names, expected=["main_input", "aux_input"])
    outs = list(model.output_names)
    a.expect(outs == ["main_output", "aux_output"], "ex11.q1.output_names", "ex11.q1.output_names_hint",
             got=outs, expected=["main_output", "aux_output"])
    a.shape(model.inputs[0], (None, length), name="main_input")
    a.shape(model.inputs[1], (None, n_extra), name="aux_input")
    a.shape(model, [(None, 1), (None, 1)], name="[main_output, aux_output]")
    rng = np.random.default_rng(0)
    ids = rng.integers(1, vocab + 1, size=(4, length))
    ids[0, 0] = vocab
    extra = rng.normal(size=(4, n_extra)).astype("float32")
    try:
        preds = model([ids, extra], training=False)
    except Exception as exc:  # noqa: BLE001 - the learner's embedding is too small
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        found = re.search(r"indices\[[^\]]*\] = -?\d+ is not in \[[^)]*\)", text)
        a.expect(False, "ex11.q1.vocab", "ex11.q1.vocab_hint", vocab=vocab,
                 error=found.group(0) if found else " ".join(text.split())[:160])
    a.expect(model.compiled, "ex11.q1.not_compiled", "ex11.q1.loss_hint")
    config = model.get_compile_config() or {}
    loss, weights = config.get("loss"), config.get("loss_weights")
    keyed = isinstance(weights, dict) and sorted(weights) == ["aux_output", "main_output"]
    a.expect(keyed, "ex11.q1.weights_not_dict", "ex11.q1.loss_hint", got=a.show(weights))
    y = np.array([[1.0], [0.0], [1.0], [0.0]], dtype="float32")
    try:
        total = float(model.compute_loss(x=[ids, extra], y=[y, y], y_pred=preds))
    except Exception as exc:  # noqa: BLE001 - e.g. one loss for two outputs with two weights
        a.expect(False, "ex11.q1.loss_failed", "ex11.q1.keyed_loss_hint", error=one_line(exc))
    bce = keras.losses.BinaryCrossentropy()
    expected = float(bce(y, preds[0])) + 0.2 * float(bce(y, preds[1]))
    hint = "ex11.q1.keyed_hint" if isinstance(loss, (list, tuple)) else "ex11.q1.loss_hint"
    a.expect(abs(total - expected) <= 1e-4 * max(1.0, expected), "ex11.q1.loss", hint,
             got=f"{total:.5f}", expected=f"{expected:.5f}")


def lstm_layers(model) -> list:
    """Every distinct LSTM layer of `model`, wherever it sits (in a nested model too): sharing is
    judged by the weights and the behaviour, not by where the layer was written."""
    import keras

    found, todo = {}, list(model.layers)
    while todo:
        layer = todo.pop(0)
        if isinstance(layer, keras.layers.LSTM):
            found.setdefault(id(layer), layer)
        elif isinstance(layer, keras.Model):
            todo.extend(layer.layers)
    return list(found.values())


def _siamese_checks(a, model, length, features, units):
    import keras

    a.expect(isinstance(model, keras.Model), "ex11.not_model", name="build_siamese(...)", got=a.kind(model))
    names = [tensor.name for tensor in model.inputs]
    a.expect(names == ["left", "right"], "ex11.q2.input_names", "ex11.q2.input_names_hint", got=names,
             expected=["left", "right"])
    lstms = lstm_layers(model)
    a.expect(len(lstms) == 1, "ex11.q2.lstm_count", "ex11.q2.lstm_count_hint", got=len(lstms))
    expected = lstm_params(features, units) + 2 * units + 1
    a.expect(model.count_params() == expected, "ex11.q2.params", got=model.count_params(), expected=expected)
    a.shape(model, (None, 1), name="build_siamese(...)")
    concat = [layer for layer in model.layers if isinstance(layer, keras.layers.Concatenate)]
    a.expect(bool(concat), "ex11.q2.no_concat")
    # Judged by behaviour, by calling the model and its layers (at grading they live in another
    # kernel: no graph walking, no new model made of their tensors): the output is the head on
    # [LSTM(left), LSTM(right)] with the one LSTM, left first.
    rng = np.random.default_rng(1)
    x, other = (rng.normal(size=(3, length, features)).astype("float32") for _ in range(2))
    kernel, bias = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][-1].get_weights()
    left, right = _np(lstms[0](x)), _np(lstms[0](other))

    def head(first, second):
        return 1 / (1 + np.exp(-(np.concatenate([first, second], axis=-1) @ kernel + bias)))

    out = _np(model([x, other]))
    gap = float(np.max(np.abs(out - head(left, right))))
    if gap > 1e-5:
        swapped = float(np.max(np.abs(out - head(right, left)))) <= 1e-5
        a.expect(not swapped, "ex11.q2.code_order", "ex11.q2.lstm_count_hint", which=1, gap=f"{gap:.3g}")
        a.expect(False, "ex11.q2.not_same_code", "ex11.q2.lstm_count_hint")


@EX.question("q2")
def q2(a):
    import keras

    build_siamese = a.function("build_siamese")
    keras.utils.set_random_seed(0)
    model = build_siamese(10, 4, 6)
    _siamese_checks(a, model, 10, 4, 6)


@EX.question("q3")
def q3(a):
    lstm_param_count = a.function("lstm_param_count")
    a.equal("lstm_param_count(512, 32)", lstm_param_count(512, 32), 69760, hint="ex11.q3.hint")
    a.equal("lstm_param_count(30, 32)", lstm_param_count(30, 32), lstm_params(30, 32), hint="ex11.q3.hint")


def _two_codes_checks(a, two_codes, shared, input_a, input_b, xa, xb):
    import keras

    model = two_codes(shared, input_a, input_b)
    a.expect(isinstance(model, keras.Model), "ex11.not_model", name="two_codes(...)", got=a.kind(model))
    a.expect(len(model.outputs) == 2, "ex11.q4.outputs", got=len(model.outputs))
    a.expect(len(model.weights) == len(shared.weights), "ex11.q4.new_weights")  # (no identity: see grading/proxy.py)
    got = model([xa, xb], training=False)
    for which, (out, x) in enumerate(zip(got, (xa, xb)), 1):
        gap = float(np.max(np.abs(_np(out) - _np(shared(x)))))
        a.expect(gap <= 1e-6, "ex11.q4.values", which=which, gap=f"{gap:.3g}")


@EX.question("q4")
def q4(a):
    import keras

    two_codes = a.function("two_codes")
    keras.utils.set_random_seed(0)
    shared = keras.layers.Dense(3, activation="tanh")
    input_a, input_b = keras.Input((4,)), keras.Input((4,))
    rng = np.random.default_rng(2)
    _two_codes_checks(a, two_codes, shared, input_a, input_b,
                      rng.normal(size=(5, 4)).astype("float32"), rng.normal(size=(5, 4)).astype("float32"))
