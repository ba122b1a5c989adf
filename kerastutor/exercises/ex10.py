"""Exercise 10 · Models and their methods: the public checks behind check("q1") … check("q5").

q1  build_model()                        document 001's Sequential model, compiled
q2  predict_classes(model, x)            today's replacement for the removed predict_classes
q3  save_and_reload(model, directory)    a whole-model round trip through a .keras file
q4  copy_by_name(source, target)         today's replacement for load_weights(by_name=True)
q5  one_sgd_step(w, b, x, y, lr)         what train_on_batch does to Dense(1) with MSE and SGD
"""
from __future__ import annotations

import json
import pathlib
import tempfile
import warnings

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex10.not_model": {
        "zh": "{name} 应返回一个 keras 模型，现在返回的是 {got}。",
        "en": "{name} should return a Keras model; it returned a {got}.",
    },
    "ex10.q1.input_dim": {
        "zh": "build_model() 把 input_dim= 或 input_shape= 传给了层，Keras 3 会为此发出警告。",
        "en": "build_model() passes input_dim= or input_shape= to a layer, which Keras 3 warns about.",
    },
    "ex10.q1.input_dim_hint": {
        "zh": "先 add(keras.Input(shape=(784,)))，层里不再写 input_dim。",
        "en": "add(keras.Input(shape=(784,))) first and leave input_dim out of the layers.",
    },
    "ex10.q1.layers": {
        "zh": "模型的层依次是 {got}，应为 {expected}。",
        "en": "The model's layers are {got}; they should be {expected}.",
    },
    "ex10.q1.not_compiled": {
        "zh": "build_model() 返回的模型还没有编译。",
        "en": "The model build_model() returns is not compiled yet.",
    },
    "ex10.q1.compile_hint": {
        "zh": "返回之前调用 model.compile(optimizer=\"rmsprop\", loss=\"categorical_crossentropy\", metrics=[\"accuracy\"])。",
        "en": "call model.compile(optimizer=\"rmsprop\", loss=\"categorical_crossentropy\", metrics=[\"accuracy\"]) before returning it.",
    },
    "ex10.q1.optimizer": {
        "zh": "优化器是 {got}，题目要求 RMSprop。",
        "en": "The optimizer is {got}; the question asks for RMSprop.",
    },
    "ex10.q1.loss": {
        "zh": "模型算出的损失是 {got}，而分类交叉熵应为 {expected}：损失函数不对。",
        "en": "The model computes a loss of {got}, but the categorical cross-entropy is {expected}: the loss is not the right one.",
    },
    "ex10.q1.accuracy": {
        "zh": "编译设置里没有准确率（accuracy）指标，指标是 {got}。",
        "en": "The compile settings have no accuracy metric; the metrics are {got}.",
    },
    "ex10.q2.not_array": {
        "zh": "predict_classes 应返回一个一维的整数 NumPy 数组，现在得到 {got}。",
        "en": "predict_classes should return a one-dimensional NumPy array of integers; it gave {got}.",
    },
    "ex10.q2.hint": {
        "zh": "类别就是概率最大的那一列：np.argmax(model.predict(x, verbose=0), axis=-1)。",
        "en": "the class is the column with the largest probability: np.argmax(model.predict(x, verbose=0), axis=-1).",
    },
    "ex10.q3.same_object": {
        "zh": "save_and_reload 返回的是原来那个模型对象；应返回从文件读回的新模型。",
        "en": "save_and_reload returned the original model object; it should return the new model read back from the file.",
    },
    "ex10.q3.no_file": {
        "zh": "函数收到的文件夹（directory）里没有 .keras 文件。",
        "en": "There is no .keras file in the folder the function was given (directory).",
    },
    "ex10.q3.no_file_hint": {
        "zh": "用 model.save(pathlib.Path(directory) / \"model.keras\") 保存，再用 keras.models.load_model 读回。",
        "en": "save with model.save(pathlib.Path(directory) / \"model.keras\") and read it back with keras.models.load_model.",
    },
    "ex10.q3.predictions": {
        "zh": "读回的模型和原模型的预测不同（最大差 {gap}）：权重没有一起保存下来。",
        "en": "The loaded model predicts differently from the original (largest gap {gap}): the weights were not saved with it.",
    },
    "ex10.q3.config": {
        "zh": "读回的模型的配置（结构）和原模型不同。",
        "en": "The loaded model's config (its structure) differs from the original's.",
    },
    "ex10.q3.not_compiled": {
        "zh": "读回的模型没有编译设置：保存整个模型时，优化器和损失也应该一起保存。",
        "en": "The loaded model has no compile settings: saving the whole model keeps the optimizer and loss too.",
    },
    "ex10.q4.not_list": {
        "zh": "copy_by_name 应返回一个列表，列出复制了权重的层名，现在返回的是 {got}。",
        "en": "copy_by_name should return a list of the names of the layers it copied; it returned a {got}.",
    },
    "ex10.q4.copied": {
        "zh": "复制了的层是 {got}，应为 {expected}。",
        "en": "The layers copied are {got}; they should be {expected}.",
    },
    "ex10.q4.copied_hint": {
        "zh": "只复制名字相同、而且每个权重的形状都相同的层；没有权重的层不算。",
        "en": "copy only layers with the same name and the same shape for every weight; layers without weights do not count.",
    },
    "ex10.q4.values": {
        "zh": "层 {name} 的权重和源模型里同名层的不一样。",
        "en": "The weights of layer {name} differ from the same-named layer's in the source model.",
    },
    "ex10.q4.touched": {
        "zh": "层 {name} 的权重被改动了，但它不该被复制（形状不同或名字不同）。",
        "en": "The weights of layer {name} were changed, but it should not have been copied (different shape or name).",
    },
    "ex10.q5.not_pair": {
        "zh": "one_sgd_step 应返回两个数组构成的元组 (w, b)，现在返回的是 {got}。",
        "en": "one_sgd_step should return a tuple of two arrays, (w, b); it returned {got}.",
    },
    "ex10.q5.mismatch": {
        "zh": "{what} 和 Keras 的 train_on_batch 算出的不一致（最大差 {gap}）。",
        "en": "{what} does not match what Keras's train_on_batch computes (largest gap {gap}).",
    },
    "ex10.q5.hint": {
        "zh": "r = x @ w + b - y；∂L/∂w = (2/n)·xᵀr，∂L/∂b = (2/n)·Σr（n 是样本数）；新值 = 旧值 − 学习率 × 梯度。",
        "en": "r = x @ w + b - y; ∂L/∂w = (2/n)·xᵀr, ∂L/∂b = (2/n)·Σr (n samples); new = old − learning_rate × gradient.",
    },
}

EX = Exercise("10", MESSAGES)


def _normalized(config):
    return json.loads(json.dumps(config))


def _outputs(model, x):
    import keras

    out = model(x, training=False)
    return [keras.ops.convert_to_numpy(o) for o in out] if isinstance(out, (list, tuple)) else [keras.ops.convert_to_numpy(out)]


@EX.question("q1")
def q1(a):
    import keras

    build_model = a.function("build_model")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = build_model()
    a.expect(isinstance(model, keras.Model), "ex10.not_model", name="build_model()", got=a.kind(model))
    a.expect(not any("input_shape" in str(w.message) for w in caught), "ex10.q1.input_dim", "ex10.q1.input_dim_hint")
    kinds = [type(layer).__name__ for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    expected = ["Dense", "Activation", "Dense", "Activation"]
    a.expect(kinds == expected, "ex10.q1.layers", got=kinds, expected=expected)
    a.shape(model.inputs[0], (None, 784), name="model.inputs[0]")
    a.shape(model.outputs[0], (None, 10), name="model.outputs[0]")
    a.expect(model.compiled, "ex10.q1.not_compiled", "ex10.q1.compile_hint")
    a.expect(isinstance(model.optimizer, keras.optimizers.RMSprop), "ex10.q1.optimizer",
             got=a.kind(model.optimizer))
    x = np.random.default_rng(0).random((6, 784)).astype("float32")
    y = np.eye(10, dtype="float32")[np.arange(6) % 10]
    p = model(x, training=False)
    loss = float(model.compute_loss(x=x, y=y, y_pred=p))
    p = keras.ops.convert_to_numpy(p)
    by_hand = float(-np.mean(np.log(np.clip(p[np.arange(6), np.arange(6) % 10], 1e-7, 1))))
    a.expect(abs(loss - by_hand) <= 1e-3 * max(1.0, by_hand), "ex10.q1.loss",
             got=f"{loss:.4f}", expected=f"{by_hand:.4f}")
    metrics = model.get_compile_config().get("metrics") or []
    a.expect("accuracy" in json.dumps(metrics).lower(), "ex10.q1.accuracy", got=json.dumps(metrics))


@EX.question("q2")
def q2(a):
    import keras

    predict_classes = a.function("predict_classes")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.set_weights([np.eye(3, dtype="float32") * 5, np.zeros(3, dtype="float32")])
    x = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0], [0.2, 0.1, 0.9]], dtype="float32")
    got = predict_classes(model, x)
    a.expect(isinstance(got, np.ndarray) and got.ndim == 1 and np.issubdtype(got.dtype, np.integer),
             "ex10.q2.not_array", got=a.show(got))
    a.equal("predict_classes(model, x)", got.tolist(), [0, 2, 1, 2], hint="ex10.q2.hint")


@EX.question("q3")
def q3(a):
    import keras

    save_and_reload = a.function("save_and_reload")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu", name="hidden"),
                              keras.layers.Dense(2, name="out")])
    model.compile(optimizer="adam", loss="mse", run_eagerly=True)
    x = np.random.default_rng(1).random((8, 4)).astype("float32")
    # a trained model, so that the optimizer has its state (and saving it is what people do)
    model.train_on_batch(x, np.zeros((8, 2), dtype="float32"))
    with tempfile.TemporaryDirectory() as directory:
        loaded = save_and_reload(model, directory)
        files = sorted(p.name for p in pathlib.Path(directory).glob("*.keras"))
    a.expect(isinstance(loaded, keras.Model), "ex10.not_model", name="save_and_reload(...)", got=a.kind(loaded))
    a.expect(loaded is not model, "ex10.q3.same_object")
    a.expect(bool(files), "ex10.q3.no_file", "ex10.q3.no_file_hint")
    gap = max(float(np.max(np.abs(u - v))) for u, v in zip(_outputs(loaded, x), _outputs(model, x)))
    a.expect(gap <= 1e-6, "ex10.q3.predictions", gap=f"{gap:.3g}")
    a.expect(_normalized(loaded.get_config()) == _normalized(model.get_config()), "ex10.q3.config")
    a.expect(loaded.compiled and isinstance(loaded.optimizer, keras.optimizers.Adam), "ex10.q3.not_compiled")


@EX.question("q4")
def q4(a):
    import keras

    copy_by_name = a.function("copy_by_name")
    keras.utils.set_random_seed(0)
    source = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, name="hidden"),
                               keras.layers.Activation("relu", name="relu"), keras.layers.Dense(3, name="logits")])
    target = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, name="hidden"),
                               keras.layers.Activation("relu", name="relu"), keras.layers.Dense(2, name="logits")])
    logits_before = [w.copy() for w in target.get_layer("logits").get_weights()]
    copied = copy_by_name(source, target)
    a.expect(isinstance(copied, list), "ex10.q4.not_list", got=a.kind(copied))
    a.expect(copied == ["hidden"], "ex10.q4.copied", "ex10.q4.copied_hint", got=copied, expected=["hidden"])
    a.expect(all(np.array_equal(u, v) for u, v in zip(target.get_layer("hidden").get_weights(),
                                                      source.get_layer("hidden").get_weights())),
             "ex10.q4.values", name="hidden")
    a.expect(all(np.array_equal(u, v) for u, v in zip(target.get_layer("logits").get_weights(), logits_before)),
             "ex10.q4.touched", name="logits")


def keras_sgd_step(w, b, x, y, learning_rate):
    """What Keras computes: one train_on_batch of Dense(1) with MSE and SGD."""
    import keras

    model = keras.Sequential([keras.Input((x.shape[1],)), keras.layers.Dense(1)])
    model.set_weights([np.asarray(w, "float32"), np.asarray(b, "float32")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse", run_eagerly=True)
    model.train_on_batch(np.asarray(x, "float32"), np.asarray(y, "float32"))
    return model.get_weights()


@EX.question("q5")
def q5(a):
    one_sgd_step = a.function("one_sgd_step")
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    w, b = rng.normal(size=(3, 1)), np.array([0.5])
    got = one_sgd_step(w.copy(), b.copy(), x, y, 0.1)
    a.expect(isinstance(got, (tuple, list)) and len(got) == 2, "ex10.q5.not_pair", got=a.show(got))
    expected = keras_sgd_step(w, b, x, y, 0.1)
    for what, mine, theirs in (("w", got[0], expected[0]), ("b", got[1], expected[1])):
        mine = np.asarray(mine, dtype=float)
        if mine.size != np.size(theirs):
            a.expect(False, "ex10.q5.mismatch", "ex10.q5.hint", what=what,
                     gap=f"shape {mine.shape} ≠ {np.shape(theirs)}")
        gap = float(np.max(np.abs(mine.reshape(np.shape(theirs)) - theirs)))
        a.expect(gap <= 1e-4, "ex10.q5.mismatch", "ex10.q5.hint", what=what, gap=f"{gap:.3g}")
