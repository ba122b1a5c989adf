# %% [markdown]
# <!-- zh -->
# # 第 10 课　模型和它的方法
#
# 前面九课讲的都是层。这一课讲把层组装起来的**模型**：Keras 的两种模型（`Sequential` 和函数式
# `Model`），以及每个模型都有的方法——看结构、取配置、读写权重、存盘和读回、训练、评估、预测、
# 按批次操作、按名字或下标找层。
#
# 学完后你能够：
# - 用列表或 `add()` 搭 `Sequential` 模型，说清它和函数式 `Model` 的关系；
# - 用 `get_config`/`from_config`、`to_json`/`model_from_json` 复制结构，用 `get_weights`/`set_weights`、
#   `save_weights`/`load_weights` 复制权重，用 `.keras` 文件保存和读回整个模型，并验证读回的模型和原来一样；
# - 用 `compile`/`fit`/`evaluate`/`predict` 和 `train_on_batch`/`test_on_batch`/`predict_on_batch` 训练和使用模型；
# - 把文档 001 里已经取消的方法（`to_yaml`、`predict_classes`、`predict_proba`、`fit_generator` ……）
#   换成今天的写法。
#
# 对应原文：文档 001 的“网络模型”部分（两类模型共有的方法、Sequential 模型、泛型模型和 `get_layer`）。
# <!-- en -->
# # Lesson 10 · Models and their methods
#
# The lessons so far were about layers. This one is about the **model** that assembles them: Keras's
# two kinds of model (`Sequential` and the functional `Model`) and the methods every model has —
# looking at the structure, getting the configuration, reading and writing weights, saving and
# loading, training, evaluating, predicting, working batch by batch, and finding a layer by name or
# index.
#
# By the end you will be able to:
# - build a `Sequential` model from a list or with `add()`, and say how it relates to the functional
#   `Model`;
# - copy a structure with `get_config`/`from_config` and `to_json`/`model_from_json`, copy weights
#   with `get_weights`/`set_weights` and `save_weights`/`load_weights`, save and load a whole model
#   as a `.keras` file, and verify that what comes back is the same model;
# - train and use a model with `compile`/`fit`/`evaluate`/`predict` and
#   `train_on_batch`/`test_on_batch`/`predict_on_batch`;
# - replace the methods of document 001 that are gone (`to_yaml`, `predict_classes`, `predict_proba`,
#   `fit_generator` …) with today's forms.
#
# Follows: the "网络模型" (models) part of document 001 — the methods both kinds of model share, the
# Sequential model, the generic (functional) model and `get_layer`.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import io
import json
import math
import pathlib
import tempfile

import keras
import matplotlib.pyplot as plt
import numpy as np
import yaml
from keras import layers
from kerastutor import datasets
from kerastutor.shapes import expect_shape

# zh: 这一课写的所有文件都放进一个临时文件夹，不会写进课程仓库
# en: every file this lesson writes goes into a temporary folder, never into the course repository
workdir = pathlib.Path(tempfile.mkdtemp(prefix="kerastutor-10-"))


def normalized(config):
    """A config as JSON would store it (tuples become lists), so that two configs compare fairly."""
    return json.loads(json.dumps(config))


def outputs(model, x):
    """The model's outputs for x as NumPy, computed by calling the model directly (inference mode).
    Same numbers as predict(), without building a prediction loop for every little comparison."""
    return keras.ops.convert_to_numpy(model(x, training=False))


# %% [markdown]
# <!-- zh -->
# 整课用同一份数据：随课程发布的手写数字（第 11 课会详细介绍），每张 8×8 的图放大成 28×28，
# 展平成 784 个数；标签做成 one-hot。文档 001 的 Sequential 例子正是 784 个输入、10 个输出。
# <!-- en -->
# The whole lesson uses one data set: the handwritten digits that ship with the course (lesson 11
# introduces them properly), each 8×8 image enlarged to 28×28 and flattened to 784 numbers, with
# one-hot labels. Document 001's Sequential example has exactly 784 inputs and 10 outputs.

# %%
images, digit_labels = datasets.load_digits()
x_all = datasets.upsample_digits(images).reshape(len(images), 784)
y_all = keras.utils.to_categorical(digit_labels, num_classes=10)
train_idx, test_idx = datasets.train_test_split(len(x_all), test_fraction=0.2, seed=0)
x_train, y_train = x_all[train_idx], y_all[train_idx]
x_test, y_test = x_all[test_idx], y_all[test_idx]
expect_shape(x_train, (None, 784))
expect_shape(y_train, (None, 10))

# %% [markdown]
# <!-- zh -->
# ## 1. Sequential 模型：层的线性堆叠
#
# 文档 001 说 Keras 有两类模型：序贯模型（`Sequential`）和函数式模型（`Model`，文档 001 也叫它
# “泛型模型”）。`Sequential` 是若干层排成一列：前一层的输出就是后一层的输入。可以一次传入一个层的列表，
# 也可以先建一个空模型，再用 `add()` 一层一层加。
#
# > **版本变化（Keras 3）** 文档在第一层写 `Dense(32, input_dim=784)`。Keras 3 仍然接受 `input_dim`，
# > 但会警告，建议把 `keras.Input(shape=(784,))` 放在模型最前面。
# <!-- en -->
# ## 1. The Sequential model: a linear stack of layers
#
# Document 001 says Keras has two kinds of model: the sequential model (`Sequential`) and the
# functional model (`Model`, which document 001 also calls the "generic model"). A `Sequential` model
# is layers in a line: each layer's output is the next layer's input. You can pass a list of layers
# at once, or start from an empty model and `add()` layers one by one.
#
# > **Changed in Keras 3** The document writes `Dense(32, input_dim=784)` in the first layer. Keras 3
# > still accepts `input_dim` but warns, and recommends putting `keras.Input(shape=(784,))` at the
# > front of the model instead.

# %%
with kt.expect_warning(UserWarning, match="input_dim"):
    old_style = keras.Sequential([
        layers.Dense(32, input_dim=784),
        layers.Activation("relu"),
        layers.Dense(10),
        layers.Activation("softmax"),
    ])

# %%
from_list = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(32, name="hidden"),
    layers.Activation("relu", name="relu"),
    layers.Dense(10, name="logits"),
    layers.Activation("softmax", name="softmax"),
], name="from_list")

with_add = keras.Sequential(name="with_add")
with_add.add(keras.Input(shape=(784,)))
with_add.add(layers.Dense(32, name="hidden"))
with_add.add(layers.Activation("relu", name="relu"))
with_add.add(layers.Dense(10, name="logits"))
with_add.add(layers.Activation("softmax", name="softmax"))

expect_shape(from_list, (None, 10))
kt.verify_equal(kt.pick("两种写法的层", "layers of the two forms"),
                [type(layer).__name__ for layer in with_add.layers], [type(layer).__name__ for layer in from_list.layers])
kt.verify_equal(kt.pick("两种写法的参数个数", "parameters of the two forms"),
                with_add.count_params(), from_list.count_params())

# %% [markdown]
# <!-- zh -->
# 文档 001 还说：序贯模型是函数式模型的一种特殊情况。确实如此：`Sequential` 是 `keras.Model` 的子类。
# 用函数式 API 把同样的层连成一条线，换上同样的权重，两个模型对同样的输入给出完全相同的输出。
# <!-- en -->
# Document 001 also says the sequential model is a special case of the functional one. It is:
# `Sequential` is a subclass of `keras.Model`. Wire the same layers into a line with the functional
# API, give it the same weights, and both models give exactly the same outputs for the same inputs.

# %%
inputs = keras.Input(shape=(784,))
x = layers.Dense(32, activation="relu")(inputs)
functional = keras.Model(inputs, layers.Dense(10, activation="softmax")(x), name="functional")
functional.set_weights(from_list.get_weights())

kt.verify_true(kt.pick("Sequential 是 keras.Model 的子类", "Sequential is a subclass of keras.Model"),
               issubclass(keras.Sequential, keras.Model) and isinstance(from_list, keras.Model))
kt.verify_close(kt.pick("同样的权重，同样的输出", "same weights, same outputs"),
                outputs(functional, x_test[:5]), outputs(from_list, x_test[:5]), rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 说“还可以通过 merge 将两个 Sequential 模型通过某种方式合并”。
# > 那是 Keras 1 的 `Merge` 层（`Merge([left, right], mode="concat")`），Keras 2 先把它标为弃用、随后删除，今天已不存在。
# > 今天的做法：把两个 `Sequential` 模型当作层来调用，再用函数式 API 的合并层（第 9 课）连起来。
# <!-- en -->
# > **Changed in Keras 3** Document 001 says two Sequential models "can also be merged in some way
# > with merge". That was Keras 1's `Merge` layer (`Merge([left, right], mode="concat")`), which
# > Keras 2 deprecated and then removed; it is absent today. Today's way: call the two `Sequential` models like layers and
# > join them with a merge layer of the functional API (lesson 9).

# %%
with kt.expect_error(AttributeError, match="Merge"):
    keras.layers.Merge

# %%
left = keras.Sequential([keras.Input((784,)), layers.Dense(16, activation="relu")], name="left")
right = keras.Sequential([keras.Input((784,)), layers.Dense(8, activation="relu")], name="right")
pixels = keras.Input((784,), name="pixels")
joined = layers.concatenate([left(pixels), right(pixels)])
merged = keras.Model(pixels, layers.Dense(10, activation="softmax")(joined), name="merged")
expect_shape(joined, (None, 16 + 8))
expect_shape(merged, (None, 10))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 在 Keras 1（以及 Keras 2.2 之前）里，`Sequential` 内部还包着一个真正的模型，
# > `model.model` 就是它；有些老代码会写 `model.model.…`。今天 `Sequential` 本身就是模型，没有 `.model` 属性了。
# <!-- en -->
# > **Changed in Keras 3** In Keras 1 (and Keras 2 before 2.2), a `Sequential` wrapped an inner
# > model, reachable as `model.model`, and some old code writes `model.model.…`. Today the
# > `Sequential` *is* the model, and there is no `.model` attribute.

# %%
with kt.expect_error(AttributeError, match="model"):
    from_list.model

# %% [markdown]
# <!-- zh -->
# ## 2. 模型的属性：`layers`、`inputs`、`outputs`
#
# 文档 001 列出泛型模型的三个属性：`model.layers` 是组成模型的层，`model.inputs` 和 `model.outputs`
# 是输入张量和输出张量的列表。一个细节：函数式模型的 `layers` 里包括输入层（`InputLayer`），
# `Sequential` 的 `layers` 里不包括。
# <!-- en -->
# ## 2. A model's attributes: `layers`, `inputs`, `outputs`
#
# Document 001 lists three attributes of the generic model: `model.layers` holds the layers it is
# made of, `model.inputs` and `model.outputs` the lists of its input and output tensors. One detail:
# a functional model's `layers` include its input layer (`InputLayer`); a `Sequential` model's do
# not.

# %%
for model in (from_list, merged):
    print(model.name)
    print("  layers: ", [f"{layer.name} ({type(layer).__name__})" for layer in model.layers])
    print("  inputs: ", [tuple(tensor.shape) for tensor in model.inputs])
    print("  outputs:", [tuple(tensor.shape) for tensor in model.outputs])

kt.verify_equal(kt.pick("Sequential 的 layers 里没有输入层", "no input layer in a Sequential's layers"),
                any(isinstance(layer, keras.layers.InputLayer) for layer in from_list.layers), False)
kt.verify_equal(kt.pick("函数式模型的第一个层是输入层", "a functional model's first layer is its input layer"),
                type(merged.layers[0]).__name__, "InputLayer")
kt.verify_true(kt.pick("model.inputs[0] 就是我们传给 Model 的那个 Input", "model.inputs[0] is the very Input we gave Model"),
               merged.inputs[0] is pixels)

# %% [markdown]
# <!-- zh -->
# ## 3. `get_layer`：按名字或按下标找层
#
# `get_layer(name=None, index=None)` 返回一个层对象。下标就是它在 `model.layers` 里的位置。
# 文档说泛型模型中层的下标“依据自底向上、水平遍历的顺序”：从输入开始，一层一层往输出走，
# 同一层次的从左到右。文档 001 最后的小例子正好可以用来验证：下标 0 是输入层，下标 1 是 `Dense`。
# <!-- en -->
# ## 3. `get_layer`: finding a layer by name or index
#
# `get_layer(name=None, index=None)` returns a layer object. The index is its position in
# `model.layers`. The document says a generic model's layers are indexed "bottom-up, in horizontal
# traversal order": starting at the inputs and moving level by level towards the outputs, left to
# right within a level. Document 001's closing example is just right for checking this: index 0 is
# the input layer, index 1 the `Dense`.

# %%
a = keras.Input(shape=(32,))
b = layers.Dense(32)(a)
small = keras.Model(inputs=a, outputs=b)

kt.verify_equal(kt.pick("get_layer(index=0) 和 index=1 的类型", "types at get_layer(index=0) and index=1"),
                (type(small.get_layer(index=0)).__name__, type(small.get_layer(index=1)).__name__),
                ("InputLayer", "Dense"))
kt.verify_true(kt.pick("按名字和按下标拿到的是同一个层对象", "by name and by index give the same layer object"),
               from_list.get_layer("logits") is from_list.get_layer(index=2) is from_list.layers[2])
print([(i, layer.name) for i, layer in enumerate(merged.layers)])

# %% [markdown]
# <!-- zh -->
# 找不到时，Keras 会直接说明：名字不存在、下标越界，或者两个参数都没给。
# <!-- en -->
# When nothing matches, Keras says so plainly: an unknown name, an index out of range, or neither
# argument given.

# %%
with kt.expect_error(ValueError, match="No such layer"):
    from_list.get_layer("output")
with kt.expect_error(ValueError, match="index"):
    from_list.get_layer(index=10)
with kt.expect_error(ValueError):
    from_list.get_layer()

# %% [markdown]
# <!-- zh -->
# ## 4. `summary`：打印模型概况
#
# `model.summary()` 打印每一层的名字、输出形状和参数个数。
#
# > **版本变化（Keras 3）** 文档说 `summary()` “实际调用的是 `keras.utils.print_summary`”。
# > 这个函数已经不在 `keras.utils` 里了。想把概况拿来处理（比如写进文件），就给 `summary`
# > 传一个 `print_fn`，它会收到每一行文字。
# <!-- en -->
# ## 4. `summary`: printing an overview of the model
#
# `model.summary()` prints each layer's name, output shape and parameter count.
#
# > **Changed in Keras 3** The document says `summary()` "actually calls
# > `keras.utils.print_summary`". That function is no longer in `keras.utils`. To capture the
# > overview (to write it to a file, say), pass `summary` a `print_fn`, which receives the text.

# %%
from_list.summary()

# %%
with kt.expect_error(AttributeError, match="print_summary"):
    keras.utils.print_summary(from_list)

captured = io.StringIO()
from_list.summary(print_fn=lambda text, line_break=True: captured.write(text + "\n"))
summary_text = captured.getvalue()
kt.verify_true(kt.pick("捕获的概况里有每个层的名字", "the captured overview names every layer"),
               all(layer.name in summary_text for layer in from_list.layers))
kt.verify_true(kt.pick("捕获的概况里有参数总数 25,450", "the captured overview holds the total, 25,450"),
               f"{784 * 32 + 32 + 32 * 10 + 10:,}" in summary_text)

# %% [markdown]
# <!-- zh -->
# ## 5. 训练之前：`compile`、`fit`、`evaluate`、`predict`
#
# 后面几节要比较“保存前”和“读回后”的模型，先把模型训练几轮，让权重不再是随机的初始值。
# 文档 001 列出的签名是 Keras 1 的，有两处今天已经不能用：
#
# > **版本变化（Keras 3）** `compile(…, sample_weight_mode=None)` 的 `sample_weight_mode` 参数取消了
# > （逐样本的权重直接在 `fit` 里用 `sample_weight` 给出）；`fit(…, nb_epoch=10)` 改名为 `epochs`。
# > 两者今天都是 `TypeError`。
# <!-- en -->
# ## 5. Before anything else: `compile`, `fit`, `evaluate`, `predict`
#
# The next sections compare a model before saving with the one loaded back, so first we train the
# model for a few epochs, so that its weights are no longer their random starting values.
# The signatures document 001 lists are Keras 1's, and two things in them no longer work:
#
# > **Changed in Keras 3** `compile(…, sample_weight_mode=None)`: the `sample_weight_mode` argument
# > is gone (per-sample weights go straight to `fit` as `sample_weight`); `fit(…, nb_epoch=10)` was
# > renamed `epochs`. Both are a `TypeError` today.

# %%
with kt.expect_error(TypeError, match="sample_weight_mode"):
    from_list.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=[], sample_weight_mode=None)

from_list.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
with kt.expect_error(TypeError, match="nb_epoch"):
    from_list.fit(x_train, y_train, batch_size=32, nb_epoch=10, verbose=0)

# %% [markdown]
# <!-- zh -->
# 文档里 `batch_size=32` 是默认值，今天也一样：不给 `batch_size` 时，`fit` 每批取 32 个样本。
# 我们用一个回调数一数每轮训练了多少批：应为 ⌈训练样本数 / 32⌉。
# <!-- en -->
# `batch_size=32` is the default in the document, and still is today: without `batch_size`, `fit`
# takes 32 samples per batch. A callback counts the batches of each epoch: there should be
# ⌈training samples / 32⌉.

# %%
class BatchCounter(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


counter = BatchCounter()
fit_epochs = 3 if FAST else 6
history = from_list.fit(x_train, y_train, epochs=fit_epochs, callbacks=[counter], verbose=0)
kt.verify_equal(kt.pick("每轮的批数 = ⌈样本数 / 32⌉", "batches per epoch = ⌈samples / 32⌉"),
                counter.batches, math.ceil(len(x_train) / 32))

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(range(1, fit_epochs + 1), history.history["loss"], marker="o", label=kt.pick("损失", "loss"))
ax.plot(range(1, fit_epochs + 1), history.history["accuracy"], marker="o", label=kt.pick("准确率", "accuracy"))
ax.set_xticks(range(1, fit_epochs + 1))
ax.set_xlabel(kt.pick("轮", "epoch"))
ax.set_title(kt.pick("fit 返回的 History：每轮的损失和准确率", "the History fit returns: loss and accuracy per epoch"))
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# `evaluate` 返回损失和指标，`predict` 返回输出的 NumPy 数组。这两个数可以从 `predict` 的结果
# 手算出来：交叉熵是 $-\frac{1}{n}\sum_i \log p_{i, y_i}$（每个样本正确类别的概率取对数、求平均、取负），
# 准确率是概率最大的类别等于真实类别的比例。
# <!-- en -->
# `evaluate` returns the loss and the metrics; `predict` returns the outputs as a NumPy array. Both
# numbers can be computed by hand from what `predict` gives: the cross-entropy is
# $-\frac{1}{n}\sum_i \log p_{i, y_i}$ (log of each sample's probability for its true class,
# averaged, negated), and the accuracy is the share of samples whose most probable class is the
# true one.

# %%
test_loss, test_accuracy = from_list.evaluate(x_test, y_test, verbose=0)
probabilities = from_list.predict(x_test, verbose=0)
true_class = y_test.argmax(axis=1)
by_hand_loss = -np.mean(np.log(probabilities[np.arange(len(true_class)), true_class]))
by_hand_accuracy = np.mean(probabilities.argmax(axis=1) == true_class)
print(kt.pick("测试集：损失", "test set: loss"), f"{test_loss:.4f}", kt.pick("准确率", "accuracy"), f"{test_accuracy:.4f}")
kt.verify_close(kt.pick("evaluate 的损失 = 手算的交叉熵", "evaluate's loss = cross-entropy by hand"),
                test_loss, by_hand_loss, rtol=1e-4)
kt.verify_close(kt.pick("evaluate 的准确率 = 手算的准确率", "evaluate's accuracy = accuracy by hand"),
                test_accuracy, by_hand_accuracy, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ### `predict_classes` 和 `predict_proba`
#
# > **版本变化（Keras 3）** 文档 001 列出的 `predict_classes`（类别）和 `predict_proba`（各类的概率）
# > 早已取消（TensorFlow 2.6 起）。替代很简单：softmax 的输出本来就是概率，`predict` 就是 `predict_proba`；
# > 类别就是概率最大的那一类，`np.argmax(…, axis=-1)`。（只有一个 sigmoid 输出的二分类模型，类别是
# > `(p > 0.5).astype(int)`。）
# <!-- en -->
# ### `predict_classes` and `predict_proba`
#
# > **Changed in Keras 3** The `predict_classes` (classes) and `predict_proba` (class probabilities)
# > of document 001 were removed long ago (from TensorFlow 2.6 on). Their replacements are simple:
# > a softmax output already is a probability, so `predict` is `predict_proba`; the class is the most
# > probable one, `np.argmax(…, axis=-1)`. (For a binary model with one sigmoid output, the class is
# > `(p > 0.5).astype(int)`.)

# %%
with kt.expect_error(AttributeError, match="predict_classes"):
    from_list.predict_classes(x_test)
with kt.expect_error(AttributeError, match="predict_proba"):
    from_list.predict_proba(x_test)

# %%
proba = from_list.predict(x_test[:8], verbose=0)
classes = np.argmax(proba, axis=-1)
print(kt.pick("预测的类别：", "predicted classes:"), classes, kt.pick("　真实类别：", "   true classes:"), true_class[:8])
kt.verify_close(kt.pick("predict 的每行是概率分布（和为 1）", "each row of predict is a distribution (sums to 1)"),
                proba.sum(axis=-1), np.ones(8), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 6. `get_config` / `from_config`：只复制结构
#
# `get_config()` 返回描述模型结构的 Python 字典：有哪些层、每层的参数。`Sequential.from_config(config)`
# 或 `Model.from_config(config)`（哪个类产生的配置，就用哪个类）按它重新造一个模型。
# 配置里**没有权重**：新模型的权重是重新初始化的，所以输出不同；再用 `set_weights` 换上原来的权重，
# 输出就完全相同了。
# <!-- en -->
# ## 6. `get_config` / `from_config`: copying the structure only
#
# `get_config()` returns a Python dictionary that describes the model's structure: which layers, and
# each layer's settings. `Sequential.from_config(config)` or `Model.from_config(config)` (use the class
# that produced the config) builds a new model from it. The config holds **no weights**: the new
# model's weights are freshly initialized, so its outputs differ; give it the original weights with
# `set_weights` and the outputs become identical.

# %%
config = from_list.get_config()
print(sorted(config), "→", [layer_config["class_name"] for layer_config in config["layers"]])
rebuilt = keras.Sequential.from_config(config)

kt.verify_true(kt.pick("重建的模型配置与原来相同", "the rebuilt model's config equals the original"),
               normalized(rebuilt.get_config()) == normalized(config))
kt.verify_true(kt.pick("配置里没有权重：重建的模型输出不同", "no weights in a config: the rebuilt model's outputs differ"),
               not np.allclose(outputs(rebuilt, x_test[:5]), outputs(from_list, x_test[:5])))
rebuilt.set_weights(from_list.get_weights())
kt.verify_close(kt.pick("换上原来的权重后，输出相同", "with the original weights, the outputs are the same"),
                outputs(rebuilt, x_test[:5]), outputs(from_list, x_test[:5]), rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# 函数式模型的配置记录的是层图（每层的输入来自哪里），用 `keras.Model.from_config` 重建。
# 配置要交给产生它的那个类：`Sequential` 的配置交给 `keras.Model.from_config`，Keras 不认识其中的 `layers` 键。
# <!-- en -->
# A functional model's config records the layer graph (where each layer's inputs come from) and is
# rebuilt with `keras.Model.from_config`. A config goes back to the class that made it: hand a
# `Sequential` config to `keras.Model.from_config` and Keras does not recognise its `layers` key.

# %%
merged_again = keras.Model.from_config(merged.get_config())
kt.verify_true(kt.pick("函数式模型：重建后配置相同", "functional model: same config after rebuilding"),
               normalized(merged_again.get_config()) == normalized(merged.get_config()))
with kt.expect_error(ValueError, match="layers"):
    keras.Model.from_config(config)

# %% [markdown]
# <!-- zh -->
# ## 7. `get_weights` / `set_weights`：只复制权重
#
# `get_weights()` 返回一个 NumPy 数组的列表，按层的顺序，每个 `Dense` 层先核后偏置。
# `set_weights()` 按同样的顺序写回，形状必须一一对应。
# <!-- en -->
# ## 7. `get_weights` / `set_weights`: copying the weights only
#
# `get_weights()` returns a list of NumPy arrays, layer by layer, each `Dense` layer's kernel before
# its bias. `set_weights()` writes them back in the same order, and the shapes must match one for one.

# %%
weights = from_list.get_weights()
print([w.shape for w in weights])
kt.verify_equal(kt.pick("权重的形状：核、偏置、核、偏置", "weight shapes: kernel, bias, kernel, bias"),
                [w.shape for w in weights], [(784, 32), (32,), (32, 10), (10,)])
kt.verify_true(kt.pick("每个都是 NumPy 数组", "each one is a NumPy array"), all(isinstance(w, np.ndarray) for w in weights))

with kt.expect_error(ValueError):
    from_list.set_weights(weights[:2])

# %% [markdown]
# <!-- zh -->
# ## 8. `to_json` / `model_from_json`，以及已经取消的 YAML
#
# `to_json()` 把结构（和 `get_config` 同样的内容）写成 JSON 字符串，**不含权重**；`keras.models.model_from_json`
# 把它变回模型。
#
# > **勘误** 文档写 `from models import model_from_json`。没有叫 `models` 的顶层模块，应为
# > `from keras.models import model_from_json`。
# <!-- en -->
# ## 8. `to_json` / `model_from_json`, and YAML, which is gone
#
# `to_json()` writes the structure (the same content as `get_config`) as a JSON string, **without
# the weights**; `keras.models.model_from_json` turns it back into a model.
#
# > **Erratum** The document writes `from models import model_from_json`. There is no top-level
# > module called `models`; it should be `from keras.models import model_from_json`.

# %%
with kt.expect_error(ModuleNotFoundError, match="models"):
    exec("from models import model_from_json", {})

from keras.models import model_from_json

json_string = from_list.to_json()
print(json_string[:160], "…")
from_json = model_from_json(json_string)
kt.verify_equal(kt.pick("JSON 里的类名", "class name in the JSON"), json.loads(json_string)["class_name"], "Sequential")
kt.verify_true(kt.pick("从 JSON 重建：配置相同", "rebuilt from JSON: same config"),
               normalized(from_json.get_config()) == normalized(config))
kt.verify_true(kt.pick("JSON 里没有权重：输出不同", "no weights in the JSON: different outputs"),
               not np.allclose(outputs(from_json, x_test[:5]), outputs(from_list, x_test[:5])))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档里的 `model.to_yaml()` 和 `model_from_yaml` 在 TensorFlow 2.6 时就取消了：
# > 用 YAML 读模型可能执行任意代码，有安全风险。今天这两个名字都不存在。真需要 YAML 文件时，
# > 可以先转成 JSON 再用 PyYAML 的**安全**函数 `yaml.safe_dump` / `yaml.safe_load` 转换，结构原样保留。
# <!-- en -->
# > **Changed in Keras 3** Document 001's `model.to_yaml()` and `model_from_yaml` were removed back in
# > TensorFlow 2.6: loading a model from YAML could run arbitrary code, a security risk. Neither name
# > exists today. If you really need a YAML file, go through JSON and convert with PyYAML's **safe**
# > functions `yaml.safe_dump` / `yaml.safe_load`; the structure survives unchanged.

# %%
with kt.expect_error(AttributeError, match="to_yaml"):
    from_list.to_yaml()
with kt.expect_error(AttributeError, match="model_from_yaml"):
    keras.models.model_from_yaml

# %%
yaml_string = yaml.safe_dump(json.loads(json_string))
from_yaml = model_from_json(json.dumps(yaml.safe_load(yaml_string)))
print(yaml_string[:200], "…")
kt.verify_true(kt.pick("经 YAML 往返：配置相同", "round trip through YAML: same config"),
               normalized(from_yaml.get_config()) == normalized(config))

# %% [markdown]
# <!-- zh -->
# ## 9. `save_weights` / `load_weights`：把权重存进文件
#
# `save_weights` 把所有权重写进一个 HDF5 文件，`load_weights` 读回到一个结构相同的模型里。
#
# > **版本变化（Keras 3）** 文件仍是 HDF5 格式，但文件名必须以 `.weights.h5` 结尾；文档里的
# > `.h5` 会被拒绝。
# <!-- en -->
# ## 9. `save_weights` / `load_weights`: weights in a file
#
# `save_weights` writes every weight into an HDF5 file, and `load_weights` reads them back into a
# model of the same structure.
#
# > **Changed in Keras 3** The file is still HDF5, but its name must end in `.weights.h5`; the
# > plain `.h5` of the document is refused.

# %%
with kt.expect_error(ValueError, match=".weights.h5"):
    from_list.save_weights(workdir / "digits.h5")

weights_file = workdir / "digits.weights.h5"
from_list.save_weights(weights_file)
print(kt.pick("写入：", "written:"), weights_file.name)

fresh = keras.Sequential.from_config(config)
fresh.load_weights(weights_file)
kt.verify_close(kt.pick("读回权重后，预测与原模型相同", "after load_weights, the same predictions"),
                outputs(fresh, x_test), outputs(from_list, x_test), rtol=1e-6, atol=1e-7)
kt.verify_true(kt.pick("每个权重数组都一模一样", "every weight array is identical"),
               all(np.array_equal(u, v) for u, v in zip(fresh.get_weights(), from_list.get_weights())))

# %% [markdown]
# <!-- zh -->
# 文档还说：`load_weights(filepath, by_name=True)` 可以把权重载入一个**不同**的模型，只有名字相同的层才载入。
#
# > **版本变化（Keras 3）** 新的 `.weights.h5` 格式不再支持 `by_name`，只有旧式 `.h5` 文件才行
# > （Keras 3 会报 `ValueError`）。按名字搬权重，今天自己写一个小循环：对新模型的每个层，
# > 在旧模型里找同名的层，形状相同就 `set_weights(get_weights())`。
# <!-- en -->
# The document also says `load_weights(filepath, by_name=True)` loads weights into a **different**
# model, only into the layers whose names match.
#
# > **Changed in Keras 3** The new `.weights.h5` format no longer supports `by_name`; only legacy
# > `.h5` files do (Keras 3 raises a `ValueError`). To move weights by name today, write a small loop:
# > for each layer of the new model, look for a layer with the same name in the old one and, when the
# > shapes match, `set_weights(get_weights())`.

# %%
# zh: 一个不同的模型：同名的隐藏层 hidden，外加一个新的输出层（5 个类别）
# en: a different model: the same-named hidden layer plus a new output layer (5 classes)
other = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(32, name="hidden"),
    layers.Activation("relu", name="relu"),
    layers.Dense(5, activation="softmax", name="new_head"),
], name="other")

with kt.expect_error(ValueError, match="by_name"):
    other.load_weights(weights_file, by_name=True)

# %%
def copy_weights_by_name(source, target):
    """Copy the weights of every layer of `target` that has a same-named, same-shaped layer in `source`."""
    copied = []
    by_name = {layer.name: layer for layer in source.layers}
    for layer in target.layers:
        match = by_name.get(layer.name)
        if match is None or not layer.weights:
            continue
        if [w.shape for w in match.get_weights()] == [w.shape for w in layer.get_weights()]:
            layer.set_weights(match.get_weights())
            copied.append(layer.name)
    return copied


copied = copy_weights_by_name(fresh, other)
kt.verify_equal(kt.pick("按名字复制了的层", "layers copied by name"), copied, ["hidden"])
kt.verify_true(kt.pick("hidden 层的权重与原模型相同", "hidden's weights equal the original's"),
               all(np.array_equal(u, v) for u, v in zip(other.get_layer("hidden").get_weights(),
                                                        from_list.get_layer("hidden").get_weights())))

# %% [markdown]
# <!-- zh -->
# ## 10. 保存和读回整个模型：`.keras` 文件
#
# 结构、权重、编译设置（优化器、损失、指标）和优化器的状态都可以存进**一个** `.keras` 文件：
# `model.save("….keras")`，再用 `keras.models.load_model` 读回。读回的模型可以直接预测、评估，
# 也可以接着训练。文件名必须以 `.keras` 结尾（旧的 `.h5` 格式还能用，但只是为了兼容）。
# 下面验证三件事：配置相同、预测相同、评估结果相同。
# <!-- en -->
# ## 10. Saving and loading a whole model: the `.keras` file
#
# The structure, the weights, the compile settings (optimizer, loss, metrics) and the optimizer's
# state all go into **one** `.keras` file: `model.save("….keras")`, read back with
# `keras.models.load_model`. The loaded model can predict and evaluate straight away, or go on
# training. The file name must end in `.keras` (the old `.h5` format still works, for compatibility
# only). Three checks below: same config, same predictions, same evaluation.

# %%
with kt.expect_error(ValueError, match=".keras"):
    from_list.save(workdir / "digits_model")

model_file = workdir / "digits.keras"
from_list.save(model_file)
loaded = keras.models.load_model(model_file)

kt.verify_true(kt.pick("读回的模型：配置相同", "loaded model: same config"),
               normalized(loaded.get_config()) == normalized(from_list.get_config()))
kt.verify_close(kt.pick("读回的模型：预测相同", "loaded model: same predictions"),
                loaded.predict(x_test, verbose=0), from_list.predict(x_test, verbose=0), rtol=1e-6, atol=1e-7)
kt.verify_close(kt.pick("读回的模型：评估结果相同（已编译）", "loaded model: same evaluation (it is compiled)"),
                loaded.evaluate(x_test, y_test, verbose=0), from_list.evaluate(x_test, y_test, verbose=0), rtol=1e-6)
kt.verify_equal(kt.pick("读回的优化器", "the optimizer loaded"), type(loaded.optimizer).__name__, "RMSprop")

# %% [markdown]
# <!-- zh -->
# ## 11. 按批次操作：`train_on_batch`、`test_on_batch`、`predict_on_batch`
#
# 这三个方法只处理你给的那一批数据，不分批、不循环，适合自己写训练循环的时候：
#
# - `train_on_batch(x, y)`：在这批数据上做**一步**梯度下降，返回这一步（更新之前）的损失；
# - `test_on_batch(x, y)`：只计算损失和指标，不改变权重；
# - `predict_on_batch(x)`：返回这批数据的输出。
#
# 用一个最小的模型验证 `train_on_batch` 正好是一步梯度下降：一个 `Dense(1)`，损失是均方误差
# $L = \frac{1}{n}\sum (x w + b - y)^2$，优化器是学习率 $\eta = 0.1$ 的 SGD。梯度是
# $\partial L/\partial w = \frac{2}{n} x^\top r$、$\partial L/\partial b = \frac{2}{n}\sum r$（$r = xw+b-y$），
# 一步之后 $w \leftarrow w - \eta\,\partial L/\partial w$。
# <!-- en -->
# ## 11. Batch by batch: `train_on_batch`, `test_on_batch`, `predict_on_batch`
#
# These three methods work on exactly the batch you give them, with no splitting and no loop; they
# suit a training loop you write yourself:
#
# - `train_on_batch(x, y)`: **one** gradient-descent step on this batch; returns the loss of that
#   step (before the update);
# - `test_on_batch(x, y)`: computes the loss and metrics only, leaving the weights alone;
# - `predict_on_batch(x)`: returns the outputs for this batch.
#
# A minimal model shows that `train_on_batch` is exactly one step of gradient descent: one
# `Dense(1)`, the mean squared error $L = \frac{1}{n}\sum (x w + b - y)^2$, and SGD with learning rate
# $\eta = 0.1$. The gradients are $\partial L/\partial w = \frac{2}{n} x^\top r$ and
# $\partial L/\partial b = \frac{2}{n}\sum r$ (with $r = xw+b-y$), and one step makes
# $w \leftarrow w - \eta\,\partial L/\partial w$.

# %%
rng = np.random.default_rng(SEED)
xb = rng.normal(size=(8, 3)).astype("float32")
yb = rng.normal(size=(8, 1)).astype("float32")
tiny = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
tiny.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
w0, b0 = tiny.get_weights()

r = xb @ w0 + b0 - yb
expected_loss = np.mean(r ** 2)
expected_w = w0 - 0.1 * (2 / len(xb)) * xb.T @ r
expected_b = b0 - 0.1 * (2 / len(xb)) * r.sum(axis=0)

before_test = tiny.test_on_batch(xb, yb)
kt.verify_equal(kt.pick("test_on_batch 不改变权重", "test_on_batch leaves the weights alone"),
                all(np.array_equal(u, v) for u, v in zip(tiny.get_weights(), (w0, b0))), True)
step_loss = tiny.train_on_batch(xb, yb)
w1, b1 = tiny.get_weights()
kt.verify_close(kt.pick("train_on_batch 返回更新前的损失", "train_on_batch returns the loss before the update"),
                step_loss, expected_loss, rtol=1e-5)
kt.verify_close(kt.pick("test_on_batch 的损失与之相同", "test_on_batch gave the same loss"), before_test, expected_loss, rtol=1e-5)
kt.verify_close(kt.pick("一步之后的核 = w − η·∂L/∂w", "kernel after one step = w − η·∂L/∂w"), w1, expected_w, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("一步之后的偏置 = b − η·∂L/∂b", "bias after one step = b − η·∂L/∂b"), b1[0], expected_b[0], rtol=1e-5, atol=1e-6)

# %%
batch_out = from_list.predict_on_batch(x_test[:16])
kt.verify_close(kt.pick("predict_on_batch = predict", "predict_on_batch = predict"),
                batch_out, from_list.predict(x_test[:16], verbose=0), rtol=1e-6, atol=1e-7)
kt.verify_true(kt.pick("predict_on_batch 返回 NumPy 数组", "predict_on_batch returns a NumPy array"),
               isinstance(batch_out, np.ndarray))

# %% [markdown]
# <!-- zh -->
# ## 12. 用生成器训练：`fit_generator` 去哪了
#
# 数据太大放不进内存时，要用生成器一批一批地产生数据。文档 001 为此列出 `fit_generator` 和
# `evaluate_generator`（还有它没列出的 `predict_generator`）。
#
# > **版本变化（Keras 3）** 这三个方法都取消了：`fit`、`evaluate`、`predict` 本身就接受生成器。
# > 旧参数也换了名字：`samples_per_epoch`（样本数）→ `steps_per_epoch`（批数），`nb_epoch` → `epochs`，
# > `val_samples` → `steps`；`max_q_size`（预取队列的长度）变成了 `keras.utils.PyDataset` 的
# > `max_queue_size`。
# <!-- en -->
# ## 12. Training from a generator: where did `fit_generator` go?
#
# When the data does not fit in memory, a generator produces it batch by batch. For this, document
# 001 lists `fit_generator` and `evaluate_generator` (and there was also `predict_generator`, which
# it does not list).
#
# > **Changed in Keras 3** All three are gone: `fit`, `evaluate` and `predict` accept generators
# > themselves. The old arguments were renamed too: `samples_per_epoch` (samples) →
# > `steps_per_epoch` (batches), `nb_epoch` → `epochs`, `val_samples` → `steps`; `max_q_size` (the
# > length of the prefetch queue) became `max_queue_size` of `keras.utils.PyDataset`.

# %%
for old_name in ("fit_generator", "evaluate_generator", "predict_generator"):
    with kt.expect_error(AttributeError, match=old_name):
        getattr(from_list, old_name)

# %%
def batches(x, y=None, size=64):
    """Yield (x, y) batches in order (or (x,) alone: a generator must yield tuples), for ever."""
    while True:
        for start in range(0, len(x), size):
            yield (x[start:start + size],) if y is None else (x[start:start + size], y[start:start + size])


steps = math.ceil(len(x_train) / 64)
# zh: shuffle=False：生成器自己决定顺序，Keras 无法打乱它（不写的话 Keras 会警告它忽略了 shuffle）
# en: shuffle=False: a generator fixes its own order and Keras cannot shuffle it (it warns otherwise)
generator_history = from_list.fit(batches(x_train, y_train), steps_per_epoch=steps, epochs=1, shuffle=False,
                                  verbose=0)
print(kt.pick("用生成器训练 1 轮，损失：", "one epoch from a generator, loss:"), round(generator_history.history["loss"][0], 4))

test_steps = math.ceil(len(x_test) / 64)
from_generator = from_list.evaluate(batches(x_test, y_test), steps=test_steps, verbose=0)
from_arrays = from_list.evaluate(x_test, y_test, batch_size=64, verbose=0)
kt.verify_close(kt.pick("evaluate：生成器和数组给出相同的结果", "evaluate: a generator and the arrays agree"),
                from_generator, from_arrays, rtol=1e-5)
predicted = from_list.predict(batches(x_test), steps=test_steps, verbose=0)
kt.verify_close(kt.pick("predict：生成器和数组给出相同的结果", "predict: a generator and the arrays agree"),
                predicted, from_list.predict(x_test, verbose=0), rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 生成器只能按顺序读，不能并行预取。Keras 3 推荐的是 `keras.utils.PyDataset`：告诉它一共有几批
# （`__len__`）和怎样取第 i 批（`__getitem__`），预取、多进程和队列长度（`workers`、
# `use_multiprocessing`、`max_queue_size`，即以前的 `max_q_size`）由它负责。
# <!-- en -->
# A generator can only be read in order and cannot be prefetched in parallel. What Keras 3
# recommends is `keras.utils.PyDataset`: you say how many batches there are (`__len__`) and how to
# get batch i (`__getitem__`); prefetching, multiprocessing and the queue length (`workers`,
# `use_multiprocessing`, `max_queue_size`, the old `max_q_size`) are its job.

# %%
class DigitBatches(keras.utils.PyDataset):
    def __init__(self, x, y, size=64, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.size = x, y, size

    def __len__(self):
        return math.ceil(len(self.x) / self.size)

    def __getitem__(self, i):
        part = slice(i * self.size, (i + 1) * self.size)
        return self.x[part], self.y[part]


test_batches = DigitBatches(x_test, y_test, max_queue_size=10)
kt.verify_equal(kt.pick("PyDataset 的批数", "batches of the PyDataset"), len(test_batches), test_steps)
kt.verify_close(kt.pick("evaluate：PyDataset 和数组给出相同的结果", "evaluate: a PyDataset and the arrays agree"),
                from_list.evaluate(test_batches, verbose=0), from_arrays, rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 两类模型：`Sequential`（用列表或 `add()`，层排成一列）是函数式 `Model` 的特例；用 `keras.Input`
#   声明输入，不再写 `input_dim`；合并两个模型用函数式 API，`Merge` 层和 `model.model` 都没有了。
# - `model.layers`、`inputs`、`outputs` 描述模型；`get_layer(name=…)` 或 `get_layer(index=…)` 找层。
# - 只复制结构：`get_config`/`from_config`、`to_json`/`model_from_json`（`to_yaml` 已取消，可经 JSON 转换）。
#   只复制权重：`get_weights`/`set_weights`、`save_weights`/`load_weights`（文件名 `.weights.h5`；
#   `by_name` 换成按名字复制的小循环）。全部一起：`model.save("….keras")` 和 `keras.models.load_model`。
#   每种往返我们都验证了：配置相同、预测相同。
# - 训练和使用：`compile`、`fit`（`epochs`，默认每批 32 个样本）、`evaluate`、`predict`；
#   `predict_classes` → `argmax`，`predict_proba` → `predict`；`*_generator` → 把生成器或 `PyDataset`
#   直接交给 `fit`/`evaluate`/`predict`。
# - `train_on_batch` 是一步梯度下降，`test_on_batch` 不改变权重，`predict_on_batch` 等于 `predict`。
#
# 练习：`exercises/zh/10_models_and_methods.ipynb`。下一课：**第 11 课　函数式 API**。
# <!-- en -->
# ## Summary
#
# - Two kinds of model: `Sequential` (from a list or with `add()`, layers in a line) is a special case
#   of the functional `Model`; declare the input with `keras.Input`, not `input_dim`; join two models
#   with the functional API — the `Merge` layer and `model.model` are gone.
# - `model.layers`, `inputs` and `outputs` describe a model; `get_layer(name=…)` or
#   `get_layer(index=…)` finds a layer.
# - Structure only: `get_config`/`from_config`, `to_json`/`model_from_json` (`to_yaml` is gone; go
#   through JSON). Weights only: `get_weights`/`set_weights`, `save_weights`/`load_weights` (file
#   names end in `.weights.h5`; `by_name` becomes a small copy-by-name loop). Everything together:
#   `model.save("….keras")` and `keras.models.load_model`. We verified every round trip: same
#   config, same predictions.
# - Training and use: `compile`, `fit` (`epochs`, 32 samples per batch by default), `evaluate`,
#   `predict`; `predict_classes` → `argmax`, `predict_proba` → `predict`; `*_generator` → hand the
#   generator or a `PyDataset` to `fit`/`evaluate`/`predict` directly.
# - `train_on_batch` is one gradient-descent step, `test_on_batch` leaves the weights alone,
#   `predict_on_batch` equals `predict`.
#
# Exercise: `exercises/en/10_models_and_methods.ipynb`. Next: **Lesson 11 · The functional API**.
