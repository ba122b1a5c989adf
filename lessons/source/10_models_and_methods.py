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
#   `save_weights`/`load_weights` 复制权重，用 `.keras` 文件保存和读回整个模型，并核验读回的模型和原来一样；
# - 用 `compile`/`fit`/`evaluate`/`predict` 和 `train_on_batch`/`test_on_batch`/`predict_on_batch` 训练和使用模型；
# - 说清 `fit` 的每个参数（验证集、样本权重、打乱、起始轮数、回调、打印）做什么，并用算出来的结果核验；
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
# - say what each argument of `fit` does (validation, sample weights, shuffling, the starting epoch,
#   callbacks, printing) and check it against a computed result;
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

import contextlib
import inspect
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
kt.verify_close(kt.pick("同样的权重，同样的输出", "the same weights give the same outputs"),
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
# 同一层次的从左到右。文档 001 最后的小例子正好可以用来核验：下标 0 是输入层，下标 1 是 `Dense`。
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

kt.verify_equal(kt.pick("get_layer(index=0) 和 index=1 的类型", "the types of the layers at index 0 and index 1"),
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
# ## 6. `fit`、`evaluate`、`predict` 的其余参数
#
# 文档 001 给 `fit` 列了一长串参数：`batch_size`、`nb_epoch`、`verbose`、`callbacks`、`validation_split`、
# `validation_data`、`shuffle`、`class_weight`、`sample_weight`；`evaluate` 和 `predict` 还有
# `batch_size`、`verbose`、`sample_weight`。前面已经用过 `batch_size` 和 `callbacks`，这一节把其余的逐个跑一遍，
# 每个都用一个能算出来的结果核验。为了不改动主模型，每个实验都在它的一个副本上做：同样的结构和权重，
# 换成学习率固定的普通 SGD，一步更新是什么样子一看就清楚。
# <!-- en -->
# ## 6. The other arguments of `fit`, `evaluate` and `predict`
#
# Document 001 gives `fit` a long list of arguments: `batch_size`, `nb_epoch`, `verbose`,
# `callbacks`, `validation_split`, `validation_data`, `shuffle`, `class_weight`, `sample_weight`;
# `evaluate` and `predict` add `batch_size`, `verbose` and `sample_weight`. We have already used
# `batch_size` and `callbacks`; this section runs the rest one by one, each checked against a result
# we can compute. So as to leave the main model alone, every experiment works on a copy of it: the
# same structure and weights, compiled with plain SGD at a fixed learning rate, so that what one
# update does is easy to follow.

# %%
def sgd_copy(model, learning_rate=0.05):
    """A copy of `model` (same structure, same weights) compiled with plain SGD and cross-entropy."""
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="categorical_crossentropy")
    return copy


def same_weights(first, second, atol=1e-6):
    """True when two models hold the same weights, array by array (up to float32 rounding)."""
    return all(np.allclose(u, v, rtol=1e-5, atol=atol) for u, v in zip(first.get_weights(), second.get_weights()))


def loss_on(model, x, y, **kwargs):
    """The loss evaluate reports for x, y (whatever metrics the model was compiled with)."""
    return model.evaluate(x, y, verbose=0, return_dict=True, **kwargs)["loss"]


def cross_entropy_per_sample(model, x, y):
    """Each sample's cross-entropy −log p(true class), computed from predict by hand."""
    p = model.predict(x, verbose=0)
    return -np.log(p[np.arange(len(y)), y.argmax(axis=1)])


# %% [markdown]
# <!-- zh -->
# ### 验证集：`validation_split` 和 `validation_data`
#
# `validation_split=0.2` 把数据的**最后** 20% 留作验证集（分割点向下取整：前 ⌊0.8·n⌋ 个样本用来训练），
# 只在其余的样本上训练，每轮结束时在留出的部分上评估，结果记在 History 的 `val_loss` 里。
# 分割发生在打乱顺序**之前**，`shuffle` 只打乱训练的那部分。下面核验三件事：`val_loss` 等于训练后
# 在最后 20% 上 `evaluate` 的结果，而不是前 20% 的；训练的批数只按前 80% 算。
# `validation_data=(x_val, y_val)` 则直接给出验证集，`val_loss` 就是在它上面的评估结果。
# <!-- en -->
# ### Validation: `validation_split` and `validation_data`
#
# `validation_split=0.2` keeps the **last** 20% of the data aside for validation (the split point is
# rounded down: the first ⌊0.8·n⌋ samples train), trains on the rest only, and at the end of every
# epoch evaluates on the part kept aside, recording the result as `val_loss` in the History. The
# split is made **before** any shuffling; `shuffle` only shuffles the training part. Three checks
# below: `val_loss` equals what `evaluate` gives on the last 20% after training, not on the first
# 20%, and the number of training batches counts only the first 80%. `validation_data=(x_val, y_val)`
# instead names the validation set outright, and `val_loss` is the evaluation on it.

# %%
split_copy = sgd_copy(from_list)
split_history = split_copy.fit(x_train, y_train, epochs=1, validation_split=0.2, verbose=0)
split_at = math.floor(len(x_train) * (1 - 0.2))
val_loss = split_history.history["val_loss"][-1]
print("val_loss", round(val_loss, 4), "| n =", len(x_train), "| split_at =", split_at)
kt.verify_close(kt.pick("val_loss = 在最后 20% 上 evaluate 的损失", "val_loss equals evaluate's loss on the last 20%"),
                val_loss, loss_on(split_copy, x_train[split_at:], y_train[split_at:]), rtol=1e-5)
kt.verify_true(kt.pick("val_loss 不是前 20% 上的损失", "val_loss is not the loss on the first 20%"),
               not np.isclose(val_loss, loss_on(split_copy, x_train[:len(x_train) - split_at],
                                                    y_train[:len(x_train) - split_at]), rtol=1e-3))
kt.verify_equal(kt.pick("训练的批数 = ⌈前 80% 的样本数 / 32⌉", "training batches = ⌈samples in the first 80% / 32⌉"),
                int(split_copy.optimizer.iterations.numpy()), math.ceil(split_at / 32))

data_copy = sgd_copy(from_list)
data_history = data_copy.fit(x_train, y_train, epochs=1, validation_data=(x_test, y_test), verbose=0)
kt.verify_close(kt.pick("validation_data：val_loss = 在它上面 evaluate 的损失",
                        "validation_data: val_loss equals evaluate's loss on it"),
                data_history.history["val_loss"][-1], loss_on(data_copy, x_test, y_test), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 样本的权重：`class_weight` 和 `sample_weight`
#
# `class_weight` 是一个字典 {类别: 权重}：每个样本的损失乘以它所属类别的权重，再对**全部** n 个样本取平均
# （除以 n，不是除以权重之和）。`sample_weight` 更一般：直接给每个样本一个权重。`class_weight` 只是
# “权重由类别决定”的特例，所以两种写法训练出完全相同的模型。`evaluate` 的 `sample_weight` 按同样的公式
# 给出加权的损失。下面让数字 0 的权重为 5、其余为 1，用 `batch_size=len(x)`（一整批、一步）训练：
# History 里记下的就是这一步更新之前的加权损失，可以从 `predict` 手算出来。
#
# $$L = \frac{1}{n}\sum_{i=1}^{n} w_i \cdot \bigl(-\log p_{i, y_i}\bigr)$$
# <!-- en -->
# ### Weighting samples: `class_weight` and `sample_weight`
#
# `class_weight` is a dictionary {class: weight}: each sample's loss is multiplied by the weight of
# its class, then averaged over **all** n samples (divided by n, not by the sum of the weights).
# `sample_weight` is more general: one weight per sample, given directly. `class_weight` is the
# special case where the weight depends only on the class, so the two forms train exactly the same
# model. `evaluate`'s `sample_weight` gives the weighted loss by the same formula. Below, digit 0
# weighs 5 and every other digit 1, and training uses `batch_size=len(x)` (one whole batch, one step):
# the History then records the weighted loss before that step, which we can work out from `predict`.
#
# $$L = \frac{1}{n}\sum_{i=1}^{n} w_i \cdot \bigl(-\log p_{i, y_i}\bigr)$$

# %%
class_weight = {digit: (5.0 if digit == 0 else 1.0) for digit in range(10)}
weight_of_sample = np.array([class_weight[d] for d in y_train.argmax(axis=1)])
by_hand_weighted = np.mean(weight_of_sample * cross_entropy_per_sample(from_list, x_train, y_train))

by_class, by_sample = sgd_copy(from_list), sgd_copy(from_list)
class_history = by_class.fit(x_train, y_train, batch_size=len(x_train), epochs=1, class_weight=class_weight,
                             verbose=0)
by_sample.fit(x_train, y_train, batch_size=len(x_train), epochs=1, sample_weight=weight_of_sample, verbose=0)
kt.verify_close(kt.pick("class_weight：损失 = 加权损失之和 / n", "class_weight: the loss is the weighted sum / n"),
                class_history.history["loss"][0], by_hand_weighted, rtol=1e-4)
kt.verify_true(kt.pick("class_weight 与按类别给出的 sample_weight 训练出相同的权重",
                       "class_weight and the matching sample_weight train the same weights"),
               same_weights(by_class, by_sample))

test_weights = np.where(y_test.argmax(axis=1) == 0, 5.0, 1.0)
kt.verify_close(kt.pick("evaluate 的 sample_weight：同样的加权平均", "evaluate's sample_weight: the same weighted mean"),
                loss_on(from_list, x_test, y_test, sample_weight=test_weights),
                np.mean(test_weights * cross_entropy_per_sample(from_list, x_test, y_test)), rtol=1e-4)

# %% [markdown]
# <!-- zh -->
# ### `shuffle`、`initial_epoch`、`callbacks` 和 `verbose`
#
# - `shuffle=True`（默认）在每轮开始时打乱训练样本的顺序；`shuffle=False` 按原来的顺序一批一批地取。
#   所以 `shuffle=False` 的一轮，正好等于用 `train_on_batch` 按顺序在每一批上各走一步（第 12 节细讲这个方法）；
#   打乱之后批次不同，结果也就不同。
# - `initial_epoch=2, epochs=4` 表示“从第 3 轮接着训练到第 4 轮”：只训练 2 轮，轮的编号从 2 开始
#   （接着以前中断的训练时用）。回调收到的轮编号和 History 的 `epoch` 都是 2、3。
# - `callbacks` 是回调对象的列表，Keras 在每轮、每批的开始和结束时调用它们（前面的 `BatchCounter` 就是一个）。
# - `verbose=0` 什么都不打印；`verbose=2` 每轮打印一行；`verbose=1` 打印进度条。
# <!-- en -->
# ### `shuffle`, `initial_epoch`, `callbacks` and `verbose`
#
# - `shuffle=True` (the default) shuffles the training samples at the start of every epoch;
#   `shuffle=False` takes them batch by batch in their original order. So one epoch with
#   `shuffle=False` is exactly one `train_on_batch` step on each batch in turn (section 12 covers
#   that method); shuffled, the batches differ and so does the result.
# - `initial_epoch=2, epochs=4` means "carry on from epoch 3 to epoch 4": only 2 epochs are trained,
#   numbered from 2 (for resuming a training run that stopped). The epoch numbers the callbacks
#   receive and the History's `epoch` are both 2 and 3.
# - `callbacks` is a list of callback objects, which Keras calls at the start and end of every epoch
#   and batch (the `BatchCounter` above is one).
# - `verbose=0` prints nothing, `verbose=2` prints one line per epoch, `verbose=1` a progress bar.

# %%
x_small, y_small = x_train[:320], y_train[:320]
in_order, by_hand_steps, shuffled = sgd_copy(from_list), sgd_copy(from_list), sgd_copy(from_list)
in_order.fit(x_small, y_small, batch_size=32, epochs=1, shuffle=False, verbose=0)
for start in range(0, len(x_small), 32):
    by_hand_steps.train_on_batch(x_small[start:start + 32], y_small[start:start + 32])
shuffled.fit(x_small, y_small, batch_size=32, epochs=1, shuffle=True, verbose=0)
kt.verify_true(kt.pick("shuffle=False 的一轮 = 按顺序逐批 train_on_batch", "one epoch with shuffle=False = train_on_batch on each batch in order"),
               same_weights(in_order, by_hand_steps))
kt.verify_true(kt.pick("shuffle=True 时批次不同，权重也不同", "with shuffle=True the batches differ, and so do the weights"),
               not same_weights(in_order, shuffled))


class EpochRecorder(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append(epoch)


recorder = EpochRecorder()
resumed = sgd_copy(from_list)
resumed_history = resumed.fit(x_small, y_small, epochs=4, initial_epoch=2, callbacks=[recorder], verbose=0)
kt.verify_equal(kt.pick("initial_epoch=2, epochs=4：回调看到的轮编号", "initial_epoch=2, epochs=4: epoch numbers the callback saw"),
                recorder.epochs, [2, 3])
kt.verify_equal(kt.pick("History 记下的轮编号", "epoch numbers in the History"), resumed_history.epoch, recorder.epochs)
kt.verify_equal(kt.pick("只训练了 2 轮：步数 = 2 × ⌈320 / 32⌉", "only 2 epochs trained: steps = 2 × ⌈320 / 32⌉"),
                int(resumed.optimizer.iterations.numpy()), 2 * math.ceil(320 / 32))


def printed(run):
    """What `run()` prints to standard output, as a string."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        run()
    return buffer.getvalue()


quiet = printed(lambda: sgd_copy(from_list).fit(x_small, y_small, epochs=2, verbose=0))
per_epoch = printed(lambda: sgd_copy(from_list).fit(x_small, y_small, epochs=2, verbose=2))
# zh: 每行中间是耗时（每次运行都不同），这里只打印开头和结尾
# en: the middle of each line is timing (different on every run), so print only its start and end
for line in per_epoch.strip().splitlines():
    parts = line.split(" - ")
    print(line if len(parts) == 1 else f"{parts[0]} - … - {parts[-1]}")
kt.verify_equal(kt.pick("verbose=0 打印的文字", "text printed with verbose=0"), quiet, "")
kt.verify_equal(kt.pick("verbose=2：每轮一个标题行加一个结果行，没有进度条", "verbose=2: a header and a result line per epoch, no progress bar"),
                (per_epoch.count("Epoch "), len(per_epoch.strip().splitlines()), "━" in per_epoch), (2, 4, False))

# %% [markdown]
# <!-- zh -->
# ### 默认值：`epochs` 和 `evaluate`/`predict` 的 `batch_size`、`verbose`
#
# 文档的 `fit` 默认训练 `nb_epoch=10` 轮；今天 `epochs` 的默认值是 1。`evaluate` 和 `predict` 也按批计算，
# 默认每批 32 个样本，`batch_size` 可以改；批的大小不影响结果：损失按样本数加权平均，预测逐个样本算。
# 文档里 `predict` 默认 `verbose=0`；今天它的默认值是 `"auto"`，在笔记本里会画进度条，所以课程总是写 `verbose=0`。
# <!-- en -->
# ### Defaults: `epochs`, and `batch_size` and `verbose` of `evaluate`/`predict`
#
# The document's `fit` trains `nb_epoch=10` epochs by default; today `epochs` defaults to 1.
# `evaluate` and `predict` work in batches too, 32 samples by default, and `batch_size` changes that;
# the batch size does not change the results: the loss is averaged with each batch weighted by its
# samples, and predictions are made sample by sample. In the document `predict` defaults to
# `verbose=0`; today its default is `"auto"`, which draws a progress bar in a notebook, which is why
# the course always writes `verbose=0`.

# %%
class TestBatchCounter(keras.callbacks.Callback):
    def on_test_begin(self, logs=None):
        self.batches = 0

    def on_test_batch_end(self, batch, logs=None):
        self.batches += 1

    def on_predict_begin(self, logs=None):
        self.batches = 0

    def on_predict_batch_end(self, batch, logs=None):
        self.batches += 1


kt.verify_equal(kt.pick("不写 epochs 时训练的轮数", "epochs trained when epochs is not given"),
                len(sgd_copy(from_list).fit(x_small, y_small, verbose=0).history["loss"]), 1)

test_counter = TestBatchCounter()
default_loss = from_list.evaluate(x_test, y_test, callbacks=[test_counter], verbose=0)[0]
default_batches = test_counter.batches
loss_by_50 = from_list.evaluate(x_test, y_test, batch_size=50, callbacks=[test_counter], verbose=0)[0]
kt.verify_equal(kt.pick("evaluate 的批数：默认 ⌈n / 32⌉，batch_size=50 时 ⌈n / 50⌉",
                        "evaluate's batches: ⌈n / 32⌉ by default, ⌈n / 50⌉ with batch_size=50"),
                (default_batches, test_counter.batches), (math.ceil(len(x_test) / 32), math.ceil(len(x_test) / 50)))
kt.verify_close(kt.pick("批的大小不影响 evaluate 的损失", "the batch size does not change evaluate's loss"),
                loss_by_50, default_loss, rtol=1e-5)
predicted_by_50 = from_list.predict(x_test, batch_size=50, callbacks=[test_counter], verbose=0)
kt.verify_equal(kt.pick("predict 的批数（batch_size=50）", "predict's batches with batch_size=50"),
                test_counter.batches, math.ceil(len(x_test) / 50))
kt.verify_close(kt.pick("批的大小不影响 predict 的结果", "the batch size does not change what predict returns"),
                predicted_by_50, from_list.predict(x_test, verbose=0), rtol=1e-5, atol=1e-6)


def evaluate_and_predict_quietly():
    from_list.evaluate(x_test, y_test, verbose=0)
    from_list.predict(x_test, verbose=0)


silent = printed(evaluate_and_predict_quietly)
kt.verify_equal(kt.pick("verbose=0 时 evaluate 和 predict 打印的文字", "text printed by evaluate and predict with verbose=0"),
                silent, "")
kt.verify_equal(kt.pick("predict 的 verbose 默认值", "the default verbose of predict"),
                inspect.signature(keras.Model.predict).parameters["verbose"].default, "auto")
kt.verify_true(kt.pick("predict 的 verbose=1 画进度条", "predict with verbose=1 draws a progress bar"),
               "━" in printed(lambda: from_list.predict(x_test, verbose=1)))

# %% [markdown]
# <!-- zh -->
# ## 7. `get_config` / `from_config`：只复制结构
#
# `get_config()` 返回描述模型结构的 Python 字典：有哪些层、每层的参数。`Sequential.from_config(config)`
# 或 `Model.from_config(config)`（哪个类产生的配置，就用哪个类）按它重新造一个模型。
# 配置里**没有权重**：新模型的权重是重新初始化的，所以输出不同；再用 `set_weights` 换上原来的权重，
# 输出就完全相同了。
# <!-- en -->
# ## 7. `get_config` / `from_config`: copying the structure only
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
kt.verify_true(kt.pick("函数式模型：重建后配置相同", "a rebuilt functional model has the same config"),
               normalized(merged_again.get_config()) == normalized(merged.get_config()))
with kt.expect_error(ValueError, match="layers"):
    keras.Model.from_config(config)

# %% [markdown]
# <!-- zh -->
# ## 8. `get_weights` / `set_weights`：只复制权重
#
# `get_weights()` 返回一个 NumPy 数组的列表，按层的顺序，每个 `Dense` 层先核后偏置。
# `set_weights()` 按同样的顺序写回，形状必须一一对应。
# <!-- en -->
# ## 8. `get_weights` / `set_weights`: copying the weights only
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
# ## 9. `to_json` / `model_from_json`，以及已经取消的 YAML
#
# `to_json()` 把结构（和 `get_config` 同样的内容）写成 JSON 字符串，**不含权重**；`keras.models.model_from_json`
# 把它变回模型。
#
# > **勘误** 文档写 `from models import model_from_json`。没有叫 `models` 的顶层模块，应为
# > `from keras.models import model_from_json`。
# <!-- en -->
# ## 9. `to_json` / `model_from_json`, and YAML, which is gone
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
kt.verify_true(kt.pick("从 JSON 重建：配置相同", "a model rebuilt from JSON has the same config"),
               normalized(from_json.get_config()) == normalized(config))
kt.verify_true(kt.pick("JSON 里没有权重：输出不同", "the JSON holds no weights, so the outputs differ"),
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
kt.verify_true(kt.pick("经 YAML 往返：配置相同", "after a round trip through YAML the config is the same"),
               normalized(from_yaml.get_config()) == normalized(config))

# %% [markdown]
# <!-- zh -->
# ## 10. `save_weights` / `load_weights`：把权重存进文件
#
# `save_weights` 把所有权重写进一个 HDF5 文件，`load_weights` 读回到一个结构相同的模型里。
#
# > **版本变化（Keras 3）** 文件仍是 HDF5 格式，但文件名必须以 `.weights.h5` 结尾；文档里的
# > `.h5` 会被拒绝。
# <!-- en -->
# ## 10. `save_weights` / `load_weights`: weights in a file
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
kt.verify_close(kt.pick("读回权重后，预测与原模型相同", "after load_weights the predictions are the same"),
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
# ## 11. 保存和读回整个模型：`.keras` 文件
#
# 结构、权重、编译设置（优化器、损失、指标）和优化器的状态都可以存进**一个** `.keras` 文件：
# `model.save("….keras")`，再用 `keras.models.load_model` 读回。读回的模型可以直接预测、评估，
# 也可以接着训练。文件名必须以 `.keras` 结尾（旧的 `.h5` 格式还能用，但只是为了兼容）。
# 下面核验三件事：配置相同、预测相同、评估结果相同。
# <!-- en -->
# ## 11. Saving and loading a whole model: the `.keras` file
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

kt.verify_true(kt.pick("读回的模型：配置相同", "the loaded model has the same config"),
               normalized(loaded.get_config()) == normalized(from_list.get_config()))
kt.verify_close(kt.pick("读回的模型：预测相同", "the loaded model makes the same predictions"),
                loaded.predict(x_test, verbose=0), from_list.predict(x_test, verbose=0), rtol=1e-6, atol=1e-7)
kt.verify_close(kt.pick("读回的模型：评估结果相同（已编译）", "the loaded model evaluates the same (it is compiled)"),
                loaded.evaluate(x_test, y_test, verbose=0), from_list.evaluate(x_test, y_test, verbose=0), rtol=1e-6)
kt.verify_equal(kt.pick("读回的优化器", "the optimizer loaded"), type(loaded.optimizer).__name__, "RMSprop")

# %% [markdown]
# <!-- zh -->
# ## 12. 按批次操作：`train_on_batch`、`test_on_batch`、`predict_on_batch`
#
# 这三个方法只处理你给的那一批数据，不分批、不循环，适合自己写训练循环的时候：
#
# - `train_on_batch(x, y)`：在这批数据上做**一步**梯度下降，返回这一步（更新之前）的损失；
# - `test_on_batch(x, y)`：只计算损失和指标，不改变权重；
# - `predict_on_batch(x)`：返回这批数据的输出。
#
# 用一个最小的模型核验 `train_on_batch` 正好是一步梯度下降：一个 `Dense(1)`，损失是均方误差
# $L = \frac{1}{n}\sum (x w + b - y)^2$，优化器是学习率 $\eta = 0.1$ 的 SGD。梯度是
# $\partial L/\partial w = \frac{2}{n} x^\top r$、$\partial L/\partial b = \frac{2}{n}\sum r$（$r = xw+b-y$），
# 一步之后 $w \leftarrow w - \eta\,\partial L/\partial w$。
# <!-- en -->
# ## 12. Batch by batch: `train_on_batch`, `test_on_batch`, `predict_on_batch`
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

# %% [markdown]
# <!-- zh -->
# 文档里 `train_on_batch` 还有 `class_weight` 和 `sample_weight`，`test_on_batch` 有 `sample_weight`，
# 意思和 `fit` 里的一样：每个样本的损失先乘以权重，再除以 n 取平均，梯度也就按权重加权：
# $\partial L/\partial w = \frac{2}{n} x^\top (s \odot r)$。权重为 0 的样本因此对这一步毫无影响：
# 把它们的目标改成任何值，更新都完全一样。
# <!-- en -->
# In the document `train_on_batch` also takes `class_weight` and `sample_weight`, and `test_on_batch`
# takes `sample_weight`; they mean what they mean in `fit`: each sample's loss is multiplied by its
# weight before the mean over n, so the gradient is weighted too:
# $\partial L/\partial w = \frac{2}{n} x^\top (s \odot r)$. A sample of weight 0 therefore has no effect
# at all on the step: change its target to anything and the update is exactly the same.

# %%
def tiny_at_start():
    """The tiny regression model again, back at its starting weights (w0, b0)."""
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.set_weights([w0, b0])
    return model


s = np.array([1, 1, 1, 1, 2, 2, 0, 0], dtype="float32")
weighted = tiny_at_start()
kt.verify_close(kt.pick("test_on_batch 的 sample_weight：mean(s·r²)", "test_on_batch with sample_weight: mean(s·r²)"),
                weighted.test_on_batch(xb, yb, sample_weight=s), np.mean(s[:, None] * r ** 2), rtol=1e-5)
weighted.train_on_batch(xb, yb, sample_weight=s)
kt.verify_close(kt.pick("加权的一步：w − η·(2/n)·xᵀ(s⊙r)", "a weighted step: w − η·(2/n)·xᵀ(s⊙r)"),
                weighted.get_weights()[0], w0 - 0.1 * (2 / len(xb)) * xb.T @ (s[:, None] * r), rtol=1e-5, atol=1e-6)

yb_changed = yb.copy()
yb_changed[s == 0] += 100.0
changed_targets = tiny_at_start()
changed_targets.train_on_batch(xb, yb_changed, sample_weight=s)
kt.verify_true(kt.pick("权重为 0 的样本改了目标，这一步的更新不变", "new targets for the weight-0 samples leave the update unchanged"),
               same_weights(weighted, changed_targets))

batch_copy = sgd_copy(from_list)
kt.verify_close(kt.pick("train_on_batch 的 class_weight：加权损失之和 / n", "train_on_batch with class_weight: the weighted sum / n"),
                batch_copy.train_on_batch(x_test[:64], y_test[:64], class_weight=class_weight, return_dict=True)["loss"],
                np.mean(np.where(y_test[:64].argmax(axis=1) == 0, 5.0, 1.0)
                        * cross_entropy_per_sample(from_list, x_test[:64], y_test[:64])), rtol=1e-4)

# %%
batch_out = from_list.predict_on_batch(x_test[:16])
kt.verify_close(kt.pick("predict_on_batch = predict", "predict_on_batch = predict"),
                batch_out, from_list.predict(x_test[:16], verbose=0), rtol=1e-6, atol=1e-7)
kt.verify_true(kt.pick("predict_on_batch 返回 NumPy 数组", "predict_on_batch returns a NumPy array"),
               isinstance(batch_out, np.ndarray))

# %% [markdown]
# <!-- zh -->
# ## 13. 用生成器训练：`fit_generator` 去哪了
#
# 数据太大放不进内存时，要用生成器一批一批地产生数据。文档 001 为此列出 `fit_generator` 和
# `evaluate_generator`。今天 `fit`、`evaluate`、`predict` 本身就接受生成器：生成器每次产出一批
# `(x, y)`，`steps_per_epoch` 说一轮取几批，`evaluate`/`predict` 的 `steps` 说一共取几批。
# 生成器的结果和直接给数组的结果相同。
# <!-- en -->
# ## 13. Training from a generator: where did `fit_generator` go?
#
# When the data does not fit in memory, a generator produces it batch by batch. For this, document
# 001 lists `fit_generator` and `evaluate_generator`. Today `fit`, `evaluate` and `predict` accept a
# generator themselves: it yields one `(x, y)` batch at a time, `steps_per_epoch` says how many
# batches make an epoch, and the `steps` of `evaluate`/`predict` how many batches to take in all.
# A generator gives the same results as the arrays.

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
# `fit_generator` 的另外几个参数今天也都在 `fit` 里：`validation_data` 可以是另一个生成器，
# `validation_steps` 说每次验证取它的几批（只取前 2 批，`val_loss` 就是在这 2 批上的损失）；
# 样本的权重由生成器自己产出，作为每批的第三个元素 `(x, y, w)`。按类别给权重，结果就和数组配 `class_weight` 一样。
# <!-- en -->
# The other arguments of `fit_generator` live in `fit` today as well: `validation_data` can be
# another generator, with `validation_steps` saying how many of its batches each validation takes
# (take only the first 2, and `val_loss` is the loss on those 2 batches); sample weights come from
# the generator itself, as a third element of each batch, `(x, y, w)`. Weights chosen by class give
# the same result as the arrays with `class_weight`.

# %%
def weighted_batches(x, y, size=64):
    """Yield (x, y, w) batches in order, w being each sample's class weight, for ever."""
    for xb_, yb_ in batches(x, y, size):
        yield xb_, yb_, np.array([class_weight[d] for d in yb_.argmax(axis=1)], dtype="float32")


from_generators, from_weighted_arrays = sgd_copy(from_list), sgd_copy(from_list)
generators_history = from_generators.fit(weighted_batches(x_small, y_small), steps_per_epoch=5, epochs=1,
                                         validation_data=batches(x_test, y_test), validation_steps=2,
                                         shuffle=False, verbose=0)
from_weighted_arrays.fit(x_small, y_small, batch_size=64, epochs=1, class_weight=class_weight, shuffle=False,
                         verbose=0)
kt.verify_true(kt.pick("生成器产出的 (x, y, w) = 数组配 class_weight", "a generator yielding (x, y, w) trains like the arrays with class_weight"),
               same_weights(from_generators, from_weighted_arrays))
kt.verify_close(kt.pick("validation_steps=2：val_loss = 前 2 批（128 个样本）上的损失",
                        "validation_steps=2: val_loss is the loss on the first 2 batches (128 samples)"),
                generators_history.history["val_loss"][-1],
                loss_on(from_generators, x_test[:128], y_test[:128]), rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** `fit_generator`、`evaluate_generator`（和文档没列出的 `predict_generator`）都取消了。
# > 参数改了名：`samples_per_epoch`（样本数）→ `steps_per_epoch`（批数），`nb_epoch` → `epochs`，
# > `nb_val_samples` → `validation_steps`，`val_samples` → `steps`；`max_q_size`（预取队列的长度）变成了
# > `keras.utils.PyDataset` 的 `max_queue_size`，`fit` 本身不再收它。`class_weight` 不能再和生成器一起用
# > （`ValueError`），改由生成器产出 `(x, y, w)`。
# <!-- en -->
# > **Changed in Keras 3** `fit_generator` and `evaluate_generator` (and `predict_generator`, which
# > the document does not list) are gone. Their arguments were renamed: `samples_per_epoch`
# > (samples) → `steps_per_epoch` (batches), `nb_epoch` → `epochs`, `nb_val_samples` →
# > `validation_steps`, `val_samples` → `steps`; `max_q_size` (the length of the prefetch queue)
# > became `max_queue_size` of `keras.utils.PyDataset`, and `fit` itself no longer takes it.
# > `class_weight` no longer works with a generator (`ValueError`); let the generator yield
# > `(x, y, w)` instead.

# %%
for old_name in ("fit_generator", "evaluate_generator", "predict_generator"):
    with kt.expect_error(AttributeError, match=old_name):
        getattr(from_list, old_name)
for old_argument in ("samples_per_epoch", "nb_val_samples", "max_q_size"):
    with kt.expect_error(TypeError, match=old_argument):
        from_list.fit(batches(x_small, y_small), steps_per_epoch=5, shuffle=False, verbose=0, **{old_argument: 10})
with kt.expect_error(ValueError, match="val_samples"):
    from_list.evaluate(batches(x_test, y_test), val_samples=len(x_test), verbose=0)
with kt.expect_error(ValueError, match="class_weight"):
    from_list.fit(batches(x_small, y_small), steps_per_epoch=5, class_weight=class_weight, shuffle=False, verbose=0)

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
#   每种往返我们都核验了：配置相同、预测相同。
# - 训练和使用：`compile`、`fit`（`epochs` 默认 1 轮，默认每批 32 个样本）、`evaluate`、`predict`；
# - `fit` 的其余参数：`validation_split` 留出**最后**那部分数据，`validation_data` 直接给出验证集；
#   `class_weight`、`sample_weight` 把每个样本的损失加权后除以 n，权重为 0 的样本不起作用；
#   `shuffle=False` 按顺序取批，`initial_epoch` 接着以前的轮数训练，`callbacks` 在每轮每批被调用，
#   `verbose` 控制打印；`evaluate`/`predict` 的 `batch_size` 不改变结果。
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
# - Training and use: `compile`, `fit` (`epochs`, 1 epoch and 32 samples per batch by default),
#   `evaluate`, `predict`; `predict_classes` → `argmax`, `predict_proba` → `predict`; `*_generator` → hand the
#   generator or a `PyDataset` to `fit`/`evaluate`/`predict` directly.
# - The other arguments of `fit`: `validation_split` keeps the **last** part of the data aside,
#   `validation_data` names the validation set outright; `class_weight` and `sample_weight` weight
#   each sample's loss before dividing by n, and a sample of weight 0 has no effect; `shuffle=False`
#   takes the batches in order, `initial_epoch` resumes the epoch count, `callbacks` are called at
#   every epoch and batch, `verbose` sets what is printed; the `batch_size` of
#   `evaluate`/`predict` does not change the results.
# - `train_on_batch` is one gradient-descent step, `test_on_batch` leaves the weights alone,
#   `predict_on_batch` equals `predict`.
#
# Exercise: `exercises/en/10_models_and_methods.ipynb`. Next: **Lesson 11 · The functional API**.
