# %% [markdown]
# <!-- zh -->
# # 第 11 课　函数式 API
#
# `Sequential` 只能把层排成一列。真实的模型常常不是一列：有两个输入、两个输出，或者同一个层
# 要处理两份数据。Keras 的**函数式 API** 让你像调用函数一样调用层，把张量一个接一个地连起来，
# 最后用输入和输出圈出一个模型。这一课用它搭三个模型：
#
# 1. 在真实的手写数字上训练的全连接网络 784→64→64→10；
# 2. 有两个输入、两个输出的新闻标题模型，用 `loss_weights` 给两个损失加权；
# 3. 判断两条推文是否出自同一作者的模型，两条推文共用**同一个** LSTM 层（共享层）。
#
# 学完后你能够：
# - 用 `keras.Input`、层调用和 `keras.Model(inputs, outputs)` 搭出任意有向无环的层图，并用形状工具逐层检查；
# - 编译和训练多输入多输出模型：用列表或按名字的字典给出数据、损失和损失权重；
# - 让两个分支共享一个层，并核验它们用的是同一组权重变量；
# - 不用 kerastutor，只用 Keras 自己的 `summary()`、`get_layer`、层的 `input`/`output`、`weights` 和 `predict` 检查模型；
# - 在 `get_output_at` 已经消失的今天，拿到共享层每一次调用的输出，包括从文件读回的模型。
#
# 对应原文：文档 000 全文（全连接网络、多输入多输出模型、共享网络层——原文这一节没有写完，
# 这里把它补完）；文档 001 的“泛型模型”一节。
# <!-- en -->
# # Lesson 11 · The functional API
#
# `Sequential` can only put layers in a single line. Real models often are not a line: they have two
# inputs, two outputs, or one layer that has to process two pieces of data. Keras's **functional
# API** lets you call layers like functions, wiring tensors from one to the next, and then draw a
# model around the inputs and outputs. In this lesson it builds three models:
#
# 1. the fully connected network 784→64→64→10, trained on real handwritten digits;
# 2. a news-headline model with two inputs and two outputs, whose two losses are weighted with
#    `loss_weights`;
# 3. a model that tells whether two tweets have the same author, in which both tweets go through
#    **one and the same** LSTM layer (a shared layer).
#
# By the end you will be able to:
# - build any directed acyclic graph of layers with `keras.Input`, layer calls and
#   `keras.Model(inputs, outputs)`, and check it layer by layer with the shape tools;
# - compile and train a model with several inputs and outputs, giving data, losses and loss weights
#   as lists or as dictionaries keyed by name;
# - make two branches share a layer, and verify that they use the very same weight variables;
# - inspect a model with Keras's own `summary()`, `get_layer`, a layer's `input`/`output`, `weights`
#   and `predict`, without kerastutor;
# - reach the output of each call of a shared layer now that `get_output_at` is gone, also in a model
#   loaded back from a file.
#
# Follows: all of document 000 (the fully connected network, the multi-input multi-output model, and
# shared layers — a section the document leaves unfinished, finished here); the "泛型模型" (generic
# model) section of document 001.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import pathlib
import tempfile

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from kerastutor import datasets, graph
from kerastutor.shapes import expect_shape, trace

rng = np.random.default_rng(SEED)
# zh: 这一课写的文件（模型图）都放进临时文件夹，内核结束时自动删除
# en: every file this lesson writes (model pictures) goes into a temporary folder, removed at the end
workdir = pathlib.Path(tempfile.mkdtemp(prefix="kerastutor-11-"))

# %% [markdown]
# <!-- zh -->
# ## 1. 三步：输入、调用层、圈出模型
#
# 函数式 API 只有三步：
#
# 1. `keras.Input(shape=…)` 造出一个**符号张量**：它没有数值，只记录形状和数据类型；
# 2. 层的实例可以像函数一样调用：把张量交给它，它返回一个新的张量，并记下“我是从哪个张量算出来的”；
# 3. `keras.Model(inputs=…, outputs=…)` 沿着这些记录从输出找回输入，把中间经过的层收成一个模型。
#
# 文档 001 把这种模型叫“泛型模型”，也就是今天的 `keras.Model`。
# <!-- en -->
# ## 1. Three steps: an input, layer calls, a model around them
#
# The functional API has three steps:
#
# 1. `keras.Input(shape=…)` makes a **symbolic tensor**: it holds no numbers, only a shape and a
#    dtype;
# 2. a layer instance can be called like a function: hand it a tensor and it returns a new tensor,
#    noting which tensor it was computed from;
# 3. `keras.Model(inputs=…, outputs=…)` follows those notes back from the outputs to the inputs and
#    collects the layers on the way into a model.
#
# Document 001 calls this kind of model a "泛型模型" (generic model); today it is `keras.Model`.

# %%
inputs = keras.Input(shape=(784,))
print(inputs)
hidden = layers.Dense(64, activation="relu")(inputs)
print(hidden)
kt.verify_true(kt.pick("Input 和层调用返回的都是符号张量（KerasTensor）",
                       "Input and layer calls both return symbolic tensors (KerasTensor)"),
               isinstance(inputs, keras.KerasTensor) and isinstance(hidden, keras.KerasTensor))

# %% [markdown]
# <!-- zh -->
# ## 2. 数据：真实的手写数字
#
# 文档 000 的第一个模型有 784 个输入和 10 个输出：这是 28×28 像素的手写数字图片（MNIST）的大小。
# 课程必须能离线运行，不能下载 MNIST，所以我们用随课程一起发布的一份小而真实的数据：
# UCI“手写数字光学识别”数据集（scikit-learn 里的 `load_digits` 就是它），共 1797 张 8×8 的图，
# 每个像素是 0 到 16 的整数，许可证是 CC BY 4.0（出处见 `kerastutor/data/README.md`）。
# 加载时会先核对文件的 SHA-256 校验和。
#
# 为了让网络真的有 784 个输入，我们把每张图放大成 28×28：每个像素变成 3×3 的小方块（24×24），
# 四周再加 2 个像素宽的空白边框，像素值除以 16 缩放到 0…1。放大不会增加任何信息，
# 只是让输入的大小和文档里的网络一致。
# <!-- en -->
# ## 2. The data: real handwritten digits
#
# Document 000's first model has 784 inputs and 10 outputs: the size of the 28×28-pixel handwritten
# digit images of MNIST. The course has to run offline and cannot download MNIST, so we use a small,
# real data set that ships with the course: the UCI "Optical Recognition of Handwritten Digits" data
# (the same data as scikit-learn's `load_digits`), 1797 images of 8×8 pixels, each an integer from
# 0 to 16, under the CC BY 4.0 licence (provenance in `kerastutor/data/README.md`). Loading it first
# checks the file's SHA-256 checksum.
#
# To give the network its 784 inputs we enlarge each image to 28×28: every pixel becomes a 3×3
# block (24×24), a 2-pixel empty border goes around it, and the values are divided by 16 to lie in
# 0…1. The enlargement adds no information; it only makes the input the size the document's network
# expects.

# %%
images, digit_labels = datasets.load_digits()
big = datasets.upsample_digits(images)
print("images:", images.shape, images.dtype, " labels:", digit_labels.shape, " enlarged:", big.shape)

# zh: 每个 3×3 小方块的平均值就是原来的像素值 / 16，四周 2 像素的边框全是 0
# en: each 3×3 block averages to the original pixel / 16, and the 2-pixel border is all zeros
blocks = big[:, 2:26, 2:26].reshape(-1, 8, 3, 8, 3).mean(axis=(2, 4))
kt.verify_close(kt.pick("3×3 小方块的平均值 = 像素 / 16", "mean of each 3×3 block = pixel / 16"),
                blocks, images / 16.0, rtol=1e-6, atol=1e-7)
kt.verify_equal(kt.pick("边框上非零像素的个数", "the number of non-zero pixels in the border"),
                int(np.count_nonzero(big) - np.count_nonzero(big[:, 2:26, 2:26])), 0)

# %%
fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for i in range(8):
    axes[0, i].imshow(images[i], cmap="gray_r")
    axes[0, i].set_title(f"{digit_labels[i]}", fontsize=10)
    axes[1, i].imshow(big[i], cmap="gray_r")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel("8×8")
axes[1, 0].set_ylabel("28×28")
fig.suptitle(kt.pick("原图（上）和放大到 28×28 = 784 像素的输入（下）",
                     "the originals (top) and the inputs enlarged to 28×28 = 784 pixels (bottom)"))
plt.tight_layout()
plt.show()

# %% [markdown]
# <!-- zh -->
# 网络要的是一行 784 个数，所以把每张 28×28 的图展平。再按固定的种子分出 20% 作为测试集，
# 训练时不看它，最后用它估计准确率。
# <!-- en -->
# The network takes a row of 784 numbers, so each 28×28 image is flattened. A fixed-seed split then
# keeps 20% aside as a test set, unseen in training, for estimating the accuracy at the end.

# %%
data = big.reshape(len(big), 784)
train_idx, test_idx = datasets.train_test_split(len(data), test_fraction=0.2, seed=0)
x_train, x_test = data[train_idx], data[test_idx]
expect_shape(x_train, (None, 784))
print(kt.pick("训练样本：", "training samples:"), len(x_train), kt.pick("　测试样本：", "   test samples:"), len(x_test))

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档 000 直接调用 `model.fit(data, labels, …)`，但 `data` 和 `labels` 在文中从来没有定义过，
# > 照抄运行只会得到 `NameError`。更要紧的是：这个模型用 `categorical_crossentropy` 作为损失，
# > 它要求标签是 **one-hot** 编码（每个样本 10 个数，正确类别处为 1），而不是 0–9 的整数。
# > 把整数标签直接交给它，Keras 会报形状不一致的错。
# <!-- en -->
# > **Erratum** Document 000 calls `model.fit(data, labels, …)`, but `data` and `labels` are never
# > defined in it; copied as it stands, it only gives a `NameError`. More importantly, the model's
# > loss, `categorical_crossentropy`, needs **one-hot** labels (10 numbers per sample, 1 at the true
# > class), not integers 0–9. Hand it integer labels and Keras stops with a shape mismatch.

# %%
probe = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
probe.compile(optimizer="rmsprop", loss="categorical_crossentropy")

document_000 = "model.fit(data, labels, batch_size=32, epochs=5)"
with kt.expect_error(NameError, match="is not defined"):
    exec(document_000, {"model": probe})

with kt.expect_error(ValueError, match="same rank"):
    probe.fit(x_train, digit_labels[train_idx], epochs=1, verbose=0)

# %% [markdown]
# <!-- zh -->
# 正确的做法：用 `keras.utils.to_categorical` 把整数标签变成 one-hot。
# （另一种做法是保留整数标签，改用 `sparse_categorical_crossentropy`。）
# <!-- en -->
# The right way: turn the integer labels into one-hot rows with `keras.utils.to_categorical`.
# (The other way is to keep the integers and use `sparse_categorical_crossentropy` instead.)

# %%
y_train = keras.utils.to_categorical(digit_labels[train_idx], num_classes=10)
y_test = keras.utils.to_categorical(digit_labels[test_idx], num_classes=10)
print(digit_labels[train_idx][:3], "→\n", y_train[:3])
kt.verify_close(kt.pick("每个 one-hot 行的和都是 1", "every one-hot row sums to 1"), y_train.sum(axis=1), np.ones(len(y_train)))
kt.verify_equal(kt.pick("one-hot 中 1 的位置 = 原来的整数标签", "position of the 1 = the integer label"),
                y_train.argmax(axis=1), digit_labels[train_idx].astype("int64"))

# %% [markdown]
# <!-- zh -->
# ## 3. 全连接网络 784→64→64→10
#
# 文档 000 的第一个例子：一个输入，两个各有 64 个神经元的 ReLU 全连接层，一个有 10 个神经元的 softmax 输出层。
# 每次调用层都返回一个张量，它又作为下一个层的输入。我们在每一步检查形状。
# <!-- en -->
# ## 3. The fully connected network 784→64→64→10
#
# Document 000's first example: one input, two fully connected ReLU layers of 64 units, and a softmax
# output layer of 10 units. Each layer call returns a tensor, which becomes the next layer's input.
# We check the shape at every step.

# %%
inputs = keras.Input(shape=(784,), name="pixels")
x = layers.Dense(64, activation="relu", name="hidden_1")(inputs)
expect_shape(x, (None, 64))
x = layers.Dense(64, activation="relu", name="hidden_2")(x)
expect_shape(x, (None, 64))
predictions = layers.Dense(10, activation="softmax", name="digit")(x)
expect_shape(predictions, (None, 10))

mlp = keras.Model(inputs=inputs, outputs=predictions, name="mlp_784_64_64_10")
mlp.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
trace(mlp)

# %% [markdown]
# <!-- zh -->
# 参数个数逐层手算：`Dense` 有 输入数 × 神经元数 个核权重，外加 神经元数 个偏置。
# <!-- en -->
# The parameter counts, layer by layer: a `Dense` layer has inputs × units kernel weights plus units
# biases.

# %%
by_hand = (784 * 64 + 64) + (64 * 64 + 64) + (64 * 10 + 10)
kt.verify_equal(kt.pick("784→64→64→10 的参数总数", "parameters of 784→64→64→10"), mlp.count_params(), by_hand)

# %% [markdown]
# <!-- zh -->
# 按文档的设置训练：批大小 32，5 轮（`FAST=True` 时 3 轮）。训练时只看训练集，之后在测试集上评估。
# 随便猜的准确率是 10%。
# <!-- en -->
# Training as the document does: batch size 32, 5 epochs (3 with `FAST=True`). Training sees only the
# training set; the test set is used afterwards. Guessing would be right 10% of the time.

# %%
mlp_epochs = 3 if FAST else 5
mlp_history = mlp.fit(x_train, y_train, batch_size=32, epochs=mlp_epochs, verbose=0)
test_loss, test_accuracy = mlp.evaluate(x_test, y_test, verbose=0)
for epoch, (loss, acc) in enumerate(zip(mlp_history.history["loss"], mlp_history.history["accuracy"]), 1):
    print(f"epoch {epoch}: loss {loss:.3f}  accuracy {acc:.3f}")
print(kt.pick("测试集准确率：", "test accuracy:"), f"{test_accuracy:.3f}")
kt.verify_true(kt.pick("训练损失在下降", "the training loss went down"),
               mlp_history.history["loss"][-1] < mlp_history.history["loss"][0])
kt.verify_true(kt.pick("测试集准确率远高于瞎猜的 10%（> 80%）", "test accuracy far above the 10% of guessing (> 80%)"),
               test_accuracy > 0.8)

# %% [markdown]
# <!-- zh -->
# 看几张测试图和网络的回答。`predict` 给出每一类的概率，取最大的那一类就是预测的数字。
# <!-- en -->
# A few test images and the network's answers. `predict` gives a probability per class; the most
# probable class is the predicted digit.

# %%
probabilities = mlp.predict(x_test[:10], verbose=0)
kt.verify_close(kt.pick("softmax 输出每行的和", "each softmax row sums to 1"), probabilities.sum(axis=1),
                np.ones(10), rtol=1e-5)
fig, axes = plt.subplots(1, 10, figsize=(10, 1.7))
for ax, image, p, true in zip(axes, x_test[:10], probabilities, digit_labels[test_idx][:10]):
    ax.imshow(image.reshape(28, 28), cmap="gray_r")
    ax.set_title(f"{p.argmax()} ({true})", fontsize=9, color="black" if p.argmax() == true else "red")
    ax.set_axis_off()
fig.suptitle(kt.pick("预测（真实）", "predicted (true)"), y=1.05)
plt.show()

# %% [markdown]
# <!-- zh -->
# ## 4. 多输入多输出：新闻标题模型
#
# 文档 000 的第二个例子：预测一条新闻标题会有多少转发和点赞（这里简化成“会不会火”，一个 0/1 标签）。
#
# - **主输入**：标题本身，一个 100 个整数的序列，每个整数编码一个词，词汇表有 10000 个词；
# - 标题经过 `Embedding`（每个词变成 512 维的向量）和 `LSTM(32)`（整条序列变成一个 32 维向量）；
# - **辅助输出**：直接从 LSTM 的输出预测标签。它带来一个额外的损失，让 LSTM 和嵌入层即使在
#   主损失还很高的时候也能得到直接的训练信号；
# - **辅助输入**：5 个额外的数（例如发布时间、作者的信息），和 LSTM 的输出拼接起来；
# - 拼接后经过三个各有 64 个神经元的 `Dense` 层，最后是**主输出**：一个 sigmoid 神经元（逻辑回归）。
#
# > **勘误** 文档 000 说“每个证书编码一个词”，应为“每个**整数**编码一个词”（输入法的错字）。
# > 后面“将两条推文编码**层**两个向量”“来自**通**一个作者”也一样，应为“编码**成**”“**同**一个作者”。
# <!-- en -->
# ## 4. Several inputs and outputs: the news-headline model
#
# Document 000's second example predicts how many retweets and likes a news headline will get
# (simplified here to "will it be popular", a 0/1 label).
#
# - **Main input**: the headline, a sequence of 100 integers, each encoding a word of a
#   10 000-word vocabulary;
# - the headline goes through an `Embedding` (each word becomes a 512-dimensional vector) and an
#   `LSTM(32)` (the whole sequence becomes one 32-dimensional vector);
# - **auxiliary output**: predicts the label straight from the LSTM's output. Its extra loss gives
#   the LSTM and embedding layers a direct training signal even while the main loss is still high;
# - **auxiliary input**: 5 extra numbers (say, the time of publication, facts about the author),
#   concatenated with the LSTM's output;
# - after the concatenation, three `Dense` layers of 64 units, and then the **main output**: one
#   sigmoid unit (a logistic regression).
#
# > **Erratum** Document 000 says "每个证书编码一个词" (each *certificate* encodes a word); it means
# > 每个**整数** (each *integer*) — an input-method slip, since the two words sound alike. So are
# > "编码**层**两个向量" for 编码**成** (encode *into* two vectors) and "**通**一个作者" for **同**一个作者
# > (the *same* author) further on.

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档说这些整数“在 1 到 10000 之间”，却写 `Embedding(input_dim=10000)`。
# > 嵌入层的查找表只有 `input_dim` 行，编号 0 到 `input_dim − 1`：整数 10000 没有对应的行，
# > 运行时会出错。词的编号从 1 到 10000 时要写 `input_dim=10001`（0 号留给填充）。
# <!-- en -->
# > **Erratum** The document says the integers "lie between 1 and 10000" but writes
# > `Embedding(input_dim=10000)`. An embedding layer's lookup table has `input_dim` rows, numbered 0
# > to `input_dim − 1`: the integer 10000 has no row, and the lookup fails at run time. With word
# > ids from 1 to 10000 the layer needs `input_dim=10001` (row 0 stays free for padding).

# %%
too_small = layers.Embedding(input_dim=10000, output_dim=4)
with kt.expect_error(Exception, match="10000 is not in [0, 10000)"):
    too_small(np.array([[1, 10000]]))
print(kt.pick("查找表的行数：", "rows in the lookup table:"), too_small.embeddings.shape[0],
      kt.pick("，最大的合法编号：", ", largest valid id:"), too_small.embeddings.shape[0] - 1)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档写 `Embedding(…, input_length=100)`。Keras 3 的嵌入层没有这个参数了：
# > 序列长度来自输入张量（这里是 `keras.Input(shape=(100,))`），传了会收到警告“Just remove it”。
# <!-- en -->
# > **Changed in Keras 3** The document writes `Embedding(…, input_length=100)`. Keras 3's embedding
# > layer has no such argument: the sequence length comes from the input tensor (here
# > `keras.Input(shape=(100,))`), and passing it gives a warning, "Just remove it".

# %%
with kt.expect_warning(UserWarning, match="input_length"):
    layers.Embedding(output_dim=512, input_dim=10000, input_length=100)

# %% [markdown]
# <!-- zh -->
# > **勘误** 文档的代码开头只写了 `from keras.layers import Input, Embedding, LSTM, Dense` 和
# > `from keras.models import Model`，后面却用了 `keras.layers.concatenate(...)`：名字 `keras`
# > 从没导入，照抄会得到 `NameError`。要么 `import keras`，要么把 `concatenate` 也从 `keras.layers` 导入。
# <!-- en -->
# > **Erratum** The document's code imports only `from keras.layers import Input, Embedding, LSTM,
# > Dense` and `from keras.models import Model`, then uses `keras.layers.concatenate(...)`: the name
# > `keras` was never imported, so the code as written gives a `NameError`. Either `import keras` or
# > import `concatenate` from `keras.layers` as well.

# %%
document_000_imports = """
from keras.layers import Input, Embedding, LSTM, Dense
from keras.models import Model
merged = keras.layers.concatenate
"""
with kt.expect_error(NameError, match="keras"):
    exec(document_000_imports, {})

# %% [markdown]
# <!-- zh -->
# 现在按文档的尺寸搭出整个模型，每一步都检查形状。主输入、两个输出都起了名字（`name=`），
# 后面编译和训练时会按名字找到它们。
# <!-- en -->
# Now the whole model, with the document's sizes, checking the shape at every step. The main input
# and both outputs get names (`name=`); compiling and training will find them by name later on.

# %%
VOCAB, HEADLINE_LEN = 10_000, 100

main_input = keras.Input(shape=(HEADLINE_LEN,), dtype="int32", name="main_input")
x = layers.Embedding(input_dim=VOCAB + 1, output_dim=512, name="embedding")(main_input)
expect_shape(x, (None, HEADLINE_LEN, 512))
lstm_out = layers.LSTM(32, name="lstm")(x)
expect_shape(lstm_out, (None, 32))

auxiliary_output = layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)

auxiliary_input = keras.Input(shape=(5,), name="aux_input")
x = layers.concatenate([lstm_out, auxiliary_input], name="merge")
expect_shape(x, (None, 32 + 5))
# zh: 三个各有 64 个神经元的全连接层
# en: three fully connected layers of 64 units
x = layers.Dense(64, activation="relu", name="dense_1")(x)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
x = layers.Dense(64, activation="relu", name="dense_3")(x)
main_output = layers.Dense(1, activation="sigmoid", name="main_output")(x)

headline_model = keras.Model(inputs=[main_input, auxiliary_input], outputs=[main_output, auxiliary_output],
                             name="headline")
expect_shape(headline_model, [(None, 1), (None, 1)], name=kt.pick("两个输出", "the two outputs"))
trace(headline_model)

# %% [markdown]
# <!-- zh -->
# 参数个数同样可以手算。LSTM 有 4 个门，每个门有 输入维数 × 神经元数 的核、神经元数 × 神经元数 的循环核和
# 神经元数个偏置；嵌入层有 (10000 + 1) × 512 个参数，占了整个模型的绝大部分。
# <!-- en -->
# The parameter count can again be worked out by hand. An LSTM has 4 gates, each with an
# input_dim × units kernel, a units × units recurrent kernel and units biases; the embedding layer
# holds (10000 + 1) × 512 parameters, nearly all of the model.

# %%
lstm_params = 4 * (512 * 32 + 32 * 32 + 32)
expected_params = {
    "embedding": (VOCAB + 1) * 512,
    "lstm": lstm_params,
    "aux_output": 32 + 1,
    "dense_1": 37 * 64 + 64,
    "dense_2": 64 * 64 + 64,
    "dense_3": 64 * 64 + 64,
    "main_output": 64 + 1,
}
kt.verify_equal(kt.pick("各层的参数个数", "parameters per layer"),
                {name: headline_model.get_layer(name).count_params() for name in expected_params}, expected_params)
kt.verify_equal(kt.pick("模型的参数总数", "parameters of the model"), headline_model.count_params(),
                sum(expected_params.values()))

# %% [markdown]
# <!-- zh -->
# ### 画出模型图
#
# `keras.utils.plot_model` 能把模型画成图，但它需要 `pydot` 包和 Graphviz 程序，两者都不是
# 课程的依赖。下面的代码先试着调用它：缺少这些工具时，你会看到一句说明，而不是一个报错。
# 然后用课程自带的 `kerastutor.graph.draw` 画图，它只用 matplotlib，从模型的层和它们之间的连接
# 直接读出图的结构。蓝色是输入，绿色是输出。
# <!-- en -->
# ### Drawing the model
#
# `keras.utils.plot_model` draws a model as a picture, but it needs the `pydot` package and the
# Graphviz programs, neither of which the course depends on. The cell below tries it first: when
# they are missing you get a one-line explanation instead of an error. Then the course's own
# `kerastutor.graph.draw` draws the graph with matplotlib only, reading the structure straight from
# the model's layers and the connections between them. Inputs are blue, outputs green.

# %%
picture = workdir / "headline.png"
if graph.plot_model_or_explain(headline_model, picture, show_shapes=True):
    from IPython.display import Image, display

    display(Image(filename=str(picture)))

graph.draw(headline_model, title=kt.pick("新闻标题模型", "the headline model"))
plt.show()

# %% [markdown]
# <!-- zh -->
# 图下面的数据也可以直接读出来：`graph.model_graph` 返回每个层是输入、输出还是中间层，以及每条边。
# 这张图正好有两个输入和两个输出，拼接层收到的正是 LSTM 的输出和辅助输入。
# <!-- en -->
# The data behind the picture can be read directly too: `graph.model_graph` says for each layer
# whether it is an input, an output or in between, and lists every edge. The graph has exactly two
# inputs and two outputs, and the concatenation receives the LSTM's output and the auxiliary input.

# %%
headline_graph = graph.model_graph(headline_model)
kinds = {node.name: node.kind for node in headline_graph.nodes}
kt.verify_equal(kt.pick("输入层和输出层", "input and output layers"),
                (sorted(n for n, k in kinds.items() if k == "input"), sorted(n for n, k in kinds.items() if k == "output")),
                (["aux_input", "main_input"], ["aux_output", "main_output"]))
kt.verify_equal(kt.pick("拼接层的两个来源", "the two sources of the concatenation"),
                headline_graph.inputs_of("merge"), ["lstm", "aux_input"])
print("model.inputs: ", [tensor.name for tensor in headline_model.inputs])
print("model.output_names:", headline_model.output_names)

# %% [markdown]
# <!-- zh -->
# ### 生成训练数据
#
# 文档没有给数据（`headline_data`、`additional_data`、`labels` 都没定义）。我们自己生成一份小数据，
# 让标签确实取决于两个输入，这样才能看到损失在下降：
#
# - 一半的标题是“热点”：100 个词里有 20 个来自 10 个热词（编号 1–10），其余的词从 11–10000 里随机抽；
# - 辅助输入是 5 个标准正态分布的数，只有第一个有用；
# - 标签：热点记 +1、非热点记 −1，再加上 1.5 × 第一个辅助输入，大于 0 就是“会火”（1）。
#
# 所以只看标题（辅助输出能看到的全部）只能猜对一部分；主输出同时看到标题和辅助输入，能做得更好。
# <!-- en -->
# ### Generating training data
#
# The document gives no data (`headline_data`, `additional_data` and `labels` are never defined).
# We generate a small data set ourselves, with labels that really depend on both inputs, so that
# the loss can be seen falling:
#
# - half the headlines are "hot": 20 of their 100 words come from 10 hot words (ids 1–10), the rest
#   are drawn at random from 11–10000;
# - the auxiliary input is 5 standard normal numbers, of which only the first matters;
# - the label: +1 for hot, −1 for not, plus 1.5 × the first auxiliary number; above 0 means
#   "popular" (1).
#
# So the headline alone (all the auxiliary output sees) can only be partly right; the main output
# sees the headline and the auxiliary input together and can do better.

# %%
n_headlines = 128 if FAST else 192
hot_words = np.arange(1, 11)
is_hot = rng.random(n_headlines) < 0.5
headline_data = rng.integers(11, VOCAB + 1, size=(n_headlines, HEADLINE_LEN))
for i in np.flatnonzero(is_hot):
    spots = rng.choice(HEADLINE_LEN, size=20, replace=False)
    headline_data[i, spots] = rng.choice(hot_words, size=20)
additional_data = rng.normal(size=(n_headlines, 5)).astype("float32")
labels = (np.where(is_hot, 1.0, -1.0) + 1.5 * additional_data[:, 0] > 0).astype("float32")

expect_shape(headline_data, (None, HEADLINE_LEN))
expect_shape(additional_data, (None, 5))
kt.verify_true(kt.pick("词的编号都在 1…10000 之内", "every word id lies in 1…10000"),
               headline_data.min() >= 1 and headline_data.max() <= VOCAB)
print(kt.pick("“会火”的比例：", "share of popular headlines:"), f"{labels.mean():.2f}")

# %% [markdown]
# <!-- zh -->
# ### 编译：给两个损失加权
#
# 模型有两个输出，就有两个损失。训练时最小化的是它们的加权和：
#
# $$\text{loss} = 1.0 \cdot \text{loss}_\text{main} + 0.2 \cdot \text{loss}_\text{aux}$$
#
# 文档给辅助损失 0.2 的权重，只写了一个损失函数，说“这个损失会用于所有输出”。
#
# > **版本变化（Keras 3）** 在 Keras 3 里，只给**一个**损失、同时给 `loss_weights=[1., 0.2]`
# > 会报错：“`loss_weights` must match the number of losses, got 1 losses and 2 weights”。
# > 单个损失仍会用于所有输出，但只在不给 `loss_weights` 的时候；要加权，就给每个输出各写一个损失。
# <!-- en -->
# ### Compiling: weighting the two losses
#
# Two outputs mean two losses. Training minimizes their weighted sum:
#
# $$\text{loss} = 1.0 \cdot \text{loss}_\text{main} + 0.2 \cdot \text{loss}_\text{aux}$$
#
# The document gives the auxiliary loss a weight of 0.2 and passes one loss function, saying "this
# loss will be used for all outputs".
#
# > **Changed in Keras 3** In Keras 3, passing **one** loss together with `loss_weights=[1., 0.2]`
# > fails: "`loss_weights` must match the number of losses, got 1 losses and 2 weights". A single
# > loss still applies to every output, but only without `loss_weights`; to weight them, give one
# > loss per output.

# %%
headline_model.compile(optimizer="rmsprop", loss="binary_crossentropy", loss_weights=[1.0, 0.2])
with kt.expect_error(ValueError, match="must match the number of losses"):
    headline_model.fit([headline_data, additional_data], [labels, labels], epochs=1, batch_size=32, verbose=0)

# zh: 不给 loss_weights 时，一个损失照样用于每个输出：总损失 = 两个输出的损失之和（在一个小模型上核验）
# en: without loss_weights, one loss still serves every output: total = the sum of both outputs' losses (on a small model)
probe_in = keras.Input((3,))
two_heads = keras.Model(probe_in, [layers.Dense(1, name="first")(probe_in), layers.Dense(1, name="second")(probe_in)])
two_heads.compile(optimizer="rmsprop", loss="mse")
probe_scores = two_heads.evaluate(np.ones((4, 3)), [np.zeros((4, 1)), np.ones((4, 1))], verbose=0, return_dict=True)
kt.verify_close(kt.pick("一个损失、没有权重：总损失 = 两个损失之和", "with one loss and no weights, the total is the sum of both losses"),
                probe_scores["loss"], probe_scores["first_loss"] + probe_scores["second_loss"], rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# 今天的写法：损失也写成列表，顺序和 `outputs=[main_output, auxiliary_output]` 一致。
# 数据同样用列表给出：输入按 `inputs=` 的顺序，目标按 `outputs=` 的顺序，两个输出用同一组标签。
# 文档训练 50 轮；为了几秒钟跑完，我们用 192 条标题训练 3 轮（`FAST=True` 时 128 条、2 轮）。
# <!-- en -->
# Today's form: the losses as a list too, in the order of `outputs=[main_output, auxiliary_output]`.
# The data is a list as well: inputs in the order of `inputs=`, targets in the order of `outputs=`,
# the same labels for both outputs. The document trains for 50 epochs; to finish in seconds we train
# on 192 headlines for 3 epochs (128 headlines and 2 epochs with `FAST=True`).

# %%
headline_epochs = 2 if FAST else 3
headline_model.compile(optimizer="rmsprop", loss=["binary_crossentropy", "binary_crossentropy"],
                       loss_weights=[1.0, 0.2])
history_list = headline_model.fit([headline_data, additional_data], [labels, labels],
                                  epochs=headline_epochs, batch_size=32, verbose=0)
for key in ("loss", "main_output_loss", "aux_output_loss"):
    print(f"{key:<17}", np.round(history_list.history[key], 3))

# %% [markdown]
# <!-- zh -->
# `evaluate` 分别报出总损失和每个输出的损失。核验上面的公式：总损失 = 1.0 × 主损失 + 0.2 × 辅助损失。
# <!-- en -->
# `evaluate` reports the total loss and each output's loss. Checking the formula above:
# total = 1.0 × main loss + 0.2 × auxiliary loss.

# %%
scores = headline_model.evaluate([headline_data, additional_data], [labels, labels], verbose=0, return_dict=True)
print({k: round(v, 4) for k, v in scores.items()})
kt.verify_close(kt.pick("总损失 = 1.0·主损失 + 0.2·辅助损失", "total = 1.0·main + 0.2·auxiliary"),
                scores["loss"], 1.0 * scores["main_output_loss"] + 0.2 * scores["aux_output_loss"], rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# ### 用名字代替顺序：字典
#
# 输入和输出都有名字，所以损失、损失权重、输入数据和目标都可以写成以名字为键的字典，
# 不必记住顺序。名字写错时，Keras 会说出它期望哪些名字。
# <!-- en -->
# ### Names instead of order: dictionaries
#
# The inputs and outputs have names, so the losses, the loss weights, the input data and the targets
# can all be dictionaries keyed by name, with no order to remember. A wrong name makes Keras say
# which names it expected.

# %%
with kt.expect_error(ValueError, match="Expected keys"):
    headline_model.compile(optimizer="rmsprop", loss={"main": "binary_crossentropy", "aux_output": "binary_crossentropy"})
    headline_model.fit({"main_input": headline_data, "aux_input": additional_data},
                       {"main_output": labels, "aux_output": labels}, epochs=1, verbose=0)

# %%
headline_model.compile(optimizer="rmsprop",
                       loss={"main_output": "binary_crossentropy", "aux_output": "binary_crossentropy"},
                       loss_weights={"main_output": 1.0, "aux_output": 0.2})
# zh: 字典里键的顺序无关紧要：故意把 aux 写在前面
# en: the order of the keys does not matter: aux deliberately comes first
named_inputs = {"aux_input": additional_data, "main_input": headline_data}
named_targets = {"aux_output": labels, "main_output": labels}
history_dict = headline_model.fit(named_inputs, named_targets, epochs=1, batch_size=32, verbose=0)

by_name = headline_model.evaluate(named_inputs, named_targets, verbose=0, return_dict=True)
by_order = headline_model.evaluate([headline_data, additional_data], [labels, labels], verbose=0, return_dict=True)
kt.verify_close(kt.pick("按名字和按顺序给数据，评估结果相同", "data given by name and by order evaluate the same"),
                [by_name[k] for k in sorted(by_name)], [by_order[k] for k in sorted(by_order)], rtol=1e-6)
kt.verify_close(kt.pick("字典写法：总损失 = 1.0·主损失 + 0.2·辅助损失", "dict form: total = 1.0·main + 0.2·auxiliary"),
                by_name["loss"], by_name["main_output_loss"] + 0.2 * by_name["aux_output_loss"], rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# 把两次训练的损失连起来画：总损失、主损失和辅助损失都在下降。
# 主输出还能看到辅助输入，所以它的损失降得更快。
# <!-- en -->
# The losses of both training runs, end to end: the total, main and auxiliary losses all fall. The
# main output also sees the auxiliary input, so its loss falls faster.

# %%
curves = {key: history_list.history[key] + history_dict.history[key]
          for key in ("loss", "main_output_loss", "aux_output_loss")}
fig, ax = plt.subplots(figsize=(6, 3.2))
names = {"loss": kt.pick("总损失", "total loss"), "main_output_loss": kt.pick("主损失", "main loss"),
         "aux_output_loss": kt.pick("辅助损失", "auxiliary loss")}
for key, values in curves.items():
    ax.plot(range(1, len(values) + 1), values, marker="o", label=names[key])
ax.axvline(headline_epochs + 0.5, color="gray", ls=":", lw=1)
ax.set_xticks(range(1, len(curves["loss"]) + 1))
ax.set_xlabel(kt.pick("轮（虚线之后：字典写法）", "epoch (after the dotted line: dict form)"))
ax.set_ylabel(kt.pick("损失", "loss"))
ax.legend()
plt.tight_layout()
plt.show()
kt.verify_true(kt.pick("总损失下降了", "the total loss went down"), curves["loss"][-1] < curves["loss"][0])
kt.verify_true(kt.pick("主损失下降了", "the main loss went down"), curves["main_output_loss"][-1] < curves["main_output_loss"][0])

# %% [markdown]
# <!-- zh -->
# ## 5. 共享层：两条推文是不是同一个人写的
#
# 文档 000 在这里停住了（“太难了，我理解不了。以后这条博客慢慢更新”）。我们把它写完。
#
# 任务：给两条推文，判断它们是否出自同一个作者。做法是用**同一个**编码器把两条推文各编码成一个向量，
# 把两个向量拼接起来，再判断。为什么要共享？两条推文是同一种东西，应该用同一把“尺子”去量：
# 共享保证了推文 A 和推文 B 被同样地编码，参数也只需要一份。
#
# 在函数式 API 里，共享一个层只需要**创建一次、调用两次**：
#
# ```python
# shared_lstm = layers.LSTM(32)
# encoded_a = shared_lstm(tweet_a)
# encoded_b = shared_lstm(tweet_b)
# ```
# <!-- en -->
# ## 5. Shared layers: did the same person write both tweets?
#
# Document 000 stops here ("too hard, I don't understand it; I'll update this post later"). We finish
# it.
#
# The task: given two tweets, decide whether the same author wrote both. The way to do it: encode
# each tweet into a vector with **the same** encoder, concatenate the two vectors, and decide from
# that. Why share? Both tweets are the same kind of thing and should be measured with the same ruler:
# sharing guarantees that tweet A and tweet B are encoded alike, and the parameters exist only once.
#
# In the functional API, sharing a layer means **creating it once and calling it twice**:
#
# ```python
# shared_lstm = layers.LSTM(32)
# encoded_a = shared_lstm(tweet_a)
# encoded_b = shared_lstm(tweet_b)
# ```

# %% [markdown]
# <!-- zh -->
# ### 为什么拼接之后不能直接接逻辑回归
#
# 文档的描述是“连接向量，然后添加逻辑回归层”。仔细想一下：逻辑回归只看 $z = w\cdot e_1 + v\cdot e_2 + c$
# 的正负。设有两位作者 A、B，编码分别是 $e_A, e_B$。同一作者的两对 (A, A)、(B, B) 需要 $z>0$，
# 不同作者的两对 (A, B)、(B, A) 需要 $z<0$。可是
#
# $$z(A,A) + z(B,B) = w\cdot e_A + v\cdot e_A + w\cdot e_B + v\cdot e_B + 2c = z(A,B) + z(B,A)$$
#
# 两个正数之和不可能等于两个负数之和，所以无论 $w, v, c$ 取什么，都做不到（这就是异或问题）。
# 因此我们在逻辑回归前加一个小的隐藏层 `Dense(16, activation="relu")`，让模型能比较两个编码。
# 下面用随机的编码和权重核验这个恒等式。
# <!-- en -->
# ### Why a logistic regression straight after the concatenation cannot work
#
# The description is "concatenate the vectors, then add a logistic regression layer". Think it
# through: a logistic regression only looks at the sign of $z = w\cdot e_1 + v\cdot e_2 + c$. Take
# two authors A and B with codes $e_A, e_B$. The same-author pairs (A, A) and (B, B) need $z>0$; the
# different-author pairs (A, B) and (B, A) need $z<0$. But
#
# $$z(A,A) + z(B,B) = w\cdot e_A + v\cdot e_A + w\cdot e_B + v\cdot e_B + 2c = z(A,B) + z(B,A)$$
#
# and a sum of two positive numbers cannot equal a sum of two negative ones, whatever $w, v, c$ are
# (this is the XOR problem). So we put a small hidden layer, `Dense(16, activation="relu")`, before
# the logistic regression, which lets the model compare the two codes. Below, random codes and
# weights confirm the identity.

# %%
e_A, e_B, w, v = rng.normal(size=(4, 32))
c = rng.normal()
z = lambda first, second: w @ first + v @ second + c  # noqa: E731
kt.verify_close(kt.pick("z(A,A) + z(B,B) = z(A,B) + z(B,A)", "z(A,A) + z(B,B) = z(A,B) + z(B,A)"),
                z(e_A, e_A) + z(e_B, e_B), z(e_A, e_B) + z(e_B, e_A), rtol=1e-9)

# %% [markdown]
# <!-- zh -->
# ### 生成推文
#
# 我们用生成的数据：一个有 32 个字符的字母表，6 位作者，每位作者有自己偏爱的字符（各自的字符分布）。
# 一条推文是 30 个字符，每个字符 one-hot 编码成 32 个数，所以一条推文的形状是 (30, 32)。
# （Keras 官方文档的同一个例子用 280 个字符、256 维的 one-hot；我们缩小尺寸，让训练几秒钟就能完成，
# 模型的结构完全一样。）一半的推文对出自同一作者（标签 1），另一半出自不同作者（标签 0）。
# <!-- en -->
# ### Generating tweets
#
# We use generated data: an alphabet of 32 characters and 6 authors, each with favourite characters
# (a character distribution of their own). A tweet is 30 characters, each one-hot encoded as 32
# numbers, so a tweet has shape (30, 32). (The same example in the Keras documentation uses 280
# characters one-hot encoded in 256 dimensions; we shrink the sizes so that training takes seconds;
# the model's structure is exactly the same.) Half of the pairs come from one author (label 1), half
# from two different authors (label 0).

# %%
TWEET_LEN, ALPHABET, AUTHORS = 30, 32, 6
n_pairs = 384 if FAST else 512
styles = rng.dirichlet(np.full(ALPHABET, 0.3), size=AUTHORS)


def write_tweets(authors):
    """One-hot tweets, one per author id: shape (len(authors), TWEET_LEN, ALPHABET)."""
    chars = np.array([rng.choice(ALPHABET, size=TWEET_LEN, p=styles[a]) for a in authors])
    return np.eye(ALPHABET, dtype="float32")[chars]


same_author = rng.integers(0, 2, size=n_pairs)
author_a = rng.integers(0, AUTHORS, size=n_pairs)
author_b = np.where(same_author == 1, author_a, (author_a + rng.integers(1, AUTHORS, size=n_pairs)) % AUTHORS)
tweets_a, tweets_b = write_tweets(author_a), write_tweets(author_b)
pair_labels = same_author.astype("float32")

expect_shape(tweets_a, (None, TWEET_LEN, ALPHABET))
kt.verify_equal(kt.pick("标签为 1 的推文对确实出自同一作者", "pairs labelled 1 really share the author"),
                bool(np.all((author_a == author_b) == (pair_labels == 1))), True)

# %% [markdown]
# <!-- zh -->
# ### 搭建共享 LSTM 的模型
# <!-- en -->
# ### Building the model with a shared LSTM

# %%
tweet_a = keras.Input(shape=(TWEET_LEN, ALPHABET), name="tweet_a")
tweet_b = keras.Input(shape=(TWEET_LEN, ALPHABET), name="tweet_b")

# zh: 只创建一次……
# en: created once …
shared_lstm = layers.LSTM(32, name="shared_lstm")
# zh: ……调用两次
# en: … called twice
encoded_a = shared_lstm(tweet_a)
encoded_b = shared_lstm(tweet_b)
expect_shape(encoded_a, (None, 32))
expect_shape(encoded_b, (None, 32))

merged = layers.concatenate([encoded_a, encoded_b], name="both_codes")
hidden = layers.Dense(16, activation="relu", name="compare")(merged)
same_author_prob = layers.Dense(1, activation="sigmoid", name="same_author")(hidden)

tweet_model = keras.Model(inputs=[tweet_a, tweet_b], outputs=same_author_prob, name="same_author_model")
expect_shape(tweet_model, (None, 1))
trace(tweet_model)

# %% [markdown]
# <!-- zh -->
# 形状表里 `shared_lstm` 出现了两行：每调用一次一行，第二行不再计参数。图里它只画一次（橙色），
# 两条输入边和两条输出边上的 #1、#2 标出是第几次调用。
# <!-- en -->
# In the shape table `shared_lstm` has two rows, one per call, and the second counts no parameters.
# The picture draws it once (orange); the #1 and #2 on its two incoming and two outgoing edges say
# which call each edge belongs to.

# %%
graph.draw(tweet_model, title=kt.pick("共享 LSTM 的推文模型", "the tweet model with a shared LSTM"))
plt.show()
tweet_graph = graph.model_graph(tweet_model)
kt.verify_equal(kt.pick("被调用多次的层", "layers called more than once"), tweet_graph.shared(), ["shared_lstm"])
kt.verify_equal(kt.pick("shared_lstm 的调用次数", "the number of calls of shared_lstm"), tweet_graph.node("shared_lstm").calls, 2)

# %% [markdown]
# <!-- zh -->
# ### 核验两个分支用的是同一组权重
#
# 说“共享”容易，下面用三种方式核验：
#
# 1. 把两个分支各自圈成一个模型（推文 A → 编码 A、推文 B → 编码 B），它们的权重是**同一批变量对象**
#    （用 `is` 比较，不只是数值相等）；
# 2. 整个模型的参数个数恰好是**一个** LSTM 加上后面两个 Dense 层；LSTM 的参数是 $4\,(u\,(d+u)+u)$，
#    $d=32$ 是每个字符的维数，$u=32$ 是神经元数（`units`）；
# 3. 同一条推文从 A 分支进和从 B 分支进，得到完全相同的编码。
# <!-- en -->
# ### Verifying that both branches use the same weights
#
# Saying "shared" is easy; here are three checks:
#
# 1. Wrap each branch in a model of its own (tweet A → code A, tweet B → code B): their weights are
#    **the same variable objects** (compared with `is`, not merely equal in value);
# 2. the whole model has exactly the parameters of **one** LSTM plus the two Dense layers after it;
#    an LSTM has $4\,(u\,(d+u)+u)$ parameters, with $d=32$ numbers per character and $u=32$ units;
# 3. one tweet fed through branch A and through branch B gives exactly the same code.

# %%
def values(model, x):
    """Run a model eagerly on a few samples and return NumPy (cheaper than predict for tiny inputs)."""
    return keras.ops.convert_to_numpy(model(x))


encoder_a = keras.Model(tweet_a, encoded_a)
encoder_b = keras.Model(tweet_b, encoded_b)
print([v.path for v in encoder_a.weights])
kt.verify_true(kt.pick("两个分支的权重是同一批变量对象", "both branches hold the very same variable objects"),
               len(encoder_a.weights) == len(encoder_b.weights) == 3
               and all(va is vb for va, vb in zip(encoder_a.weights, encoder_b.weights)))

one_lstm = 4 * (32 * (ALPHABET + 32) + 32)
head = (64 * 16 + 16) + (16 + 1)
kt.verify_equal(kt.pick("共享 LSTM 的参数个数（一个 LSTM）", "parameters of the shared LSTM (one LSTM)"),
                shared_lstm.count_params(), one_lstm)
kt.verify_equal(kt.pick("整个模型的参数 = 一个 LSTM + 两个 Dense", "the whole model has the parameters of one LSTM and two Dense layers"),
                tweet_model.count_params(), one_lstm + head)

code_a = values(encoder_a, tweets_a[:4])
code_b = values(encoder_b, tweets_a[:4])
kt.verify_close(kt.pick("同一条推文走两个分支，编码相同", "one tweet gets the same code through either branch"),
                code_a, code_b, rtol=0, atol=0)

# %% [markdown]
# <!-- zh -->
# 对比一下不共享的做法：两个各自独立的 LSTM，参数翻倍，同一条推文得到的编码也不一样。
# <!-- en -->
# Compare with not sharing: two separate LSTMs have twice the parameters, and one tweet gets two
# different codes.

# %%
lstm_1, lstm_2 = layers.LSTM(32), layers.LSTM(32)
separate = keras.Model([tweet_a, tweet_b], [lstm_1(tweet_a), lstm_2(tweet_b)])
kt.verify_equal(kt.pick("两个独立 LSTM 的参数", "parameters of two separate LSTMs"), separate.count_params(), 2 * one_lstm)
sep_a, sep_b = values(separate, [tweets_a[:4], tweets_a[:4]])
kt.verify_true(kt.pick("不共享时，同一条推文得到不同的编码", "without sharing, one tweet gets two different codes"),
               not np.allclose(sep_a, sep_b))

# %% [markdown]
# <!-- zh -->
# ### 训练
#
# 留出 20% 的推文对做验证集。随便猜的准确率是 50%。原文没写到训练这一步，优化器由我们来选：
# 学习率 0.003 的 Adam，几轮之内就能学出明显的效果。
# <!-- en -->
# ### Training
#
# 20% of the pairs are kept aside for validation. Guessing would be right 50% of the time. The
# document never got as far as training, so the optimizer is our choice: Adam with a learning rate
# of 0.003, which shows a clear effect within a few epochs.

# %%
tweet_epochs = 4 if FAST else 6
weights_before = [w.numpy().copy() for w in shared_lstm.weights]
tweet_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003), loss="binary_crossentropy",
                    metrics=["accuracy"])
tweet_history = tweet_model.fit([tweets_a, tweets_b], pair_labels, epochs=tweet_epochs, batch_size=32,
                                validation_split=0.2, verbose=0)
for key in ("loss", "accuracy", "val_accuracy"):
    print(f"{key:<13}", np.round(tweet_history.history[key], 3))

fig, ax = plt.subplots(figsize=(6, 3))
epochs_axis = range(1, tweet_epochs + 1)
ax.plot(epochs_axis, tweet_history.history["accuracy"], marker="o", label=kt.pick("训练集", "training"))
ax.plot(epochs_axis, tweet_history.history["val_accuracy"], marker="o", label=kt.pick("验证集", "validation"))
ax.axhline(0.5, color="gray", ls=":", label=kt.pick("瞎猜", "guessing"))
ax.set_xticks(list(epochs_axis))
ax.set_xlabel(kt.pick("轮", "epoch"))
ax.set_ylabel(kt.pick("准确率", "accuracy"))
ax.legend()
plt.tight_layout()
plt.show()
kt.verify_true(kt.pick("验证集准确率高于瞎猜（> 60%）", "validation accuracy above guessing (> 60%)"),
               tweet_history.history["val_accuracy"][-1] > 0.6)

# %% [markdown]
# <!-- zh -->
# 训练改变了 LSTM 的权重，但两个分支仍然指向同一批变量：训练的每一步，两条推文的梯度都加到了同一份权重上。
# <!-- en -->
# Training changed the LSTM's weights, yet both branches still point at the same variables: at every
# step, the gradients from both tweets were added into the one set of weights.

# %%
kt.verify_true(kt.pick("训练改变了共享 LSTM 的权重", "training changed the shared LSTM's weights"),
               any(not np.allclose(before, w.numpy()) for before, w in zip(weights_before, shared_lstm.weights)))
kt.verify_true(kt.pick("训练后两个分支仍是同一批变量", "after training both branches still hold the same variables"),
               all(va is vb for va, vb in zip(encoder_a.weights, encoder_b.weights)))
kt.verify_close(kt.pick("训练后同一条推文走两个分支，编码仍相同", "after training, one tweet still gets one code"),
                values(encoder_a, tweets_b[:4]), values(encoder_b, tweets_b[:4]), rtol=0, atol=0)

# %% [markdown]
# <!-- zh -->
# ### 只用 Keras 自己的工具检查模型
#
# 上面用了课程的 `trace` 和 `graph`。不装 kerastutor，Keras 自己的 API 也能看清这个模型：
#
# - `summary()` 列出每个层；共享层只占一行，参数只算一次（训练过的模型，“Total params”里还算上了优化器的变量，
#   模型自己的参数看“Trainable params”那一行）；“Connected to”一栏写出每次调用的来源，
#   下一层那一栏的 `shared_lstm[0][0]`、`shared_lstm[1][0]` 分别指第 1 次、第 2 次调用的输出（第一个方括号里是节点的下标；
#   栏太窄时，过长的一项会以“…”截断）；
# - `get_layer("shared_lstm")` 按名字拿到的正是我们创建的那个层对象，它的 `weights` 就是整个模型里的那 3 个 LSTM 变量，
#   `model.weights` 里也只出现一次；
# - 一个只被调用过一次的层，`input` 和 `output` 就是这次调用的输入和输出张量；
# - `predict` 可以直接用在一对新的推文上。它的结果可以用 `get_layer` 取出的层和权重一步步手算出来：
#   共享 LSTM 分别编码两条推文，拼接，$h = \mathrm{relu}(c W_1 + b_1)$，$p = \sigma(h W_2 + b_2)$。
# <!-- en -->
# ### Inspecting the model with Keras's own tools
#
# So far we used the course's `trace` and `graph`. Without kerastutor, Keras's own API shows this
# model just as clearly:
#
# - `summary()` lists every layer; the shared layer takes a single row and its parameters count once
#   (in a trained model "Total params" also counts the optimizer's variables, so the model's own
#   parameters are on the "Trainable params" line),
#   and the "Connected to" column names where each call comes from: in the next layer's row,
#   `shared_lstm[0][0]` and `shared_lstm[1][0]` are the outputs of call 1 and call 2 (the first
#   bracket is the node index; when the column is narrow, a long entry is cut short with "…");
# - `get_layer("shared_lstm")` returns, by name, the very layer object we created; its `weights` are
#   the model's 3 LSTM variables, which appear only once in `model.weights` as well;
# - a layer called only once has an unambiguous `input` and `output`: that call's tensors;
# - `predict` works directly on a new pair of tweets. Its result can be worked out step by step from
#   the layers and weights `get_layer` hands out: the shared LSTM encodes both tweets,
#   the codes are concatenated, $h = \mathrm{relu}(c W_1 + b_1)$, $p = \sigma(h W_2 + b_2)$.

# %%
tweet_model.summary()
summary_lines = []
tweet_model.summary(print_fn=lambda text, line_break=True: summary_lines.append(text))
summary_text = "\n".join(summary_lines)

lstm_layer = tweet_model.get_layer("shared_lstm")
kt.verify_equal(kt.pick("共享层在概况里的行数", "rows of the shared layer in the overview"),
                summary_text.count("shared_lstm (LSTM)"), 1)
kt.verify_true(kt.pick("概况里可训练参数的个数 = 一个 LSTM + 两个 Dense", "the overview's trainable parameters are one LSTM's plus two Dense layers'"),
               f"Trainable params: {one_lstm + head:,}" in summary_text)
kt.verify_true(kt.pick("get_layer 按名字返回我们创建的那个层对象", "get_layer returns, by name, the very layer object we created"),
               lstm_layer is shared_lstm)
kt.verify_equal(kt.pick("model.weights 里 LSTM 的 3 个变量各出现几次", "how often each of the LSTM's 3 variables appears in model.weights"),
                [sum(w is v for w in tweet_model.weights) for v in lstm_layer.weights], [1, 1, 1])
compare_layer = tweet_model.get_layer("compare")
kt.verify_true(kt.pick("只调用一次的层：input 是拼接的结果，output 是它算出的张量",
                       "a layer called once: its input is the concatenation, its output the tensor it computed"),
               compare_layer.input is merged and compare_layer.output is hidden)

# zh: 两条新推文：都出自作者 0，训练时没见过
# en: two new tweets, both by author 0, never seen in training
new_a, new_b = write_tweets([0]), write_tweets([0])
p_model = tweet_model.predict([new_a, new_b], verbose=0)
codes = np.concatenate([values(lstm_layer, new_a), values(lstm_layer, new_b)], axis=1)
w1, b1 = compare_layer.get_weights()
w2, b2 = tweet_model.get_layer("same_author").get_weights()
p_by_hand = 1 / (1 + np.exp(-(np.maximum(codes @ w1 + b1, 0) @ w2 + b2)))
print(kt.pick("同一作者的概率：", "probability of one author:"), p_model.ravel().round(3))
kt.verify_close(kt.pick("predict = 用 get_layer 取出的层和权重手算", "predict equals the computation by hand from get_layer's layers and weights"),
                p_model, p_by_hand, rtol=1e-4, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 6. 共享层的多个调用节点
#
# 一个层每被调用一次，Keras 就记下一个**节点**（node）：这次调用的输入和输出。普通的层只有一个节点，
# 所以 `layer.input`、`layer.output` 没有歧义。共享层有几个节点，文档 001 说要用
# `layer.get_output_at(node_index)` 取第几次调用的输出。
#
# 今天的做法很简单：**调用层的时候就把返回的符号张量留下来**（这里是 `encoded_a` 和 `encoded_b`），
# 需要哪次调用的输出就用哪个；要拿到数值，把它们作为输出圈成一个模型。第 2 次调用的输出应该正好是
# 把共享 LSTM 直接用在推文 B 上的结果，而和第 1 次调用（推文 A）的不同。
# <!-- en -->
# ## 6. A shared layer's several call nodes
#
# Each time a layer is called, Keras records a **node**: that call's inputs and outputs. An ordinary
# layer has one node, so `layer.input` and `layer.output` are unambiguous. A shared layer has
# several; document 001 says to use `layer.get_output_at(node_index)` for the output of a given call.
#
# Today's way is simple: **keep the symbolic tensors each call returns** (here `encoded_a` and
# `encoded_b`) and use whichever call's output you need; to get values, make them the outputs of a
# model. The output of call 2 should be exactly what the shared LSTM gives when applied directly to
# tweet B, and differ from that of call 1 (tweet A).

# %%
both_codes = keras.Model([tweet_a, tweet_b], [encoded_a, encoded_b])
first_call, second_call = values(both_codes, [tweets_a[:4], tweets_b[:4]])
kt.verify_close(kt.pick("第 2 次调用的输出 = 共享 LSTM 直接作用在推文 B 上", "output of call 2 = the shared LSTM applied directly to tweet B"),
                second_call, values(shared_lstm, tweets_b[:4]), rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("第 1 次调用的输出 = 共享 LSTM 直接作用在推文 A 上", "output of call 1 = the shared LSTM applied directly to tweet A"),
                first_call, values(shared_lstm, tweets_a[:4]), rtol=1e-5, atol=1e-6)
kt.verify_true(kt.pick("两次调用的输出不同：它们确实是两次调用", "the two calls' outputs differ: they really are two calls"),
               not np.allclose(first_call, second_call))

# %% [markdown]
# <!-- zh -->
# ### 读回的模型：留下的张量不见了
#
# 把模型存进 `.keras` 文件再读回来，`load_model` 会按配置重新搭一遍层图，里面是**新的**张量；
# 我们留下的 `encoded_a`、`encoded_b` 属于原来那个模型，和读回的模型没有关系。这时可以从**只调用一次**、
# 而且接收了两次调用输出的那个层入手：拼接层 `both_codes` 的 `input` 正是共享 LSTM 两次调用的输出，
# 按调用的顺序排成列表（也就是 `summary()` 里它那一行写的 `shared_lstm[0][0]`、`shared_lstm[1][0]`）。
# 用读回模型的 `inputs` 和这两个张量再圈出一个模型，就能算出每次调用的输出。
# <!-- en -->
# ### A reloaded model: the tensors we kept are gone
#
# Save the model to a `.keras` file and load it back: `load_model` rebuilds the layer graph from the
# config, with **new** tensors; the `encoded_a` and `encoded_b` we kept belong to the original model
# and have nothing to do with the reloaded one. The way in is a layer that is **called once** and
# receives the outputs of both calls: the `input` of the concatenation `both_codes` is exactly the
# list of the shared LSTM's two outputs, in call order (the `shared_lstm[0][0]` and
# `shared_lstm[1][0]` of its row in `summary()`). A model drawn from the reloaded model's `inputs`
# to those two tensors computes each call's output.

# %%
model_file = workdir / "same_author.keras"
tweet_model.save(model_file)
reloaded = keras.models.load_model(model_file)

lstm_calls = reloaded.get_layer("both_codes").input
kt.verify_true(kt.pick("读回的模型里是新的张量，不是我们留下的那两个", "the reloaded model holds new tensors, not the two we kept"),
               len(lstm_calls) == 2 and all(t is not kept for t in lstm_calls for kept in (encoded_a, encoded_b)))
reloaded_calls = keras.Model(reloaded.inputs, lstm_calls)
re_first, re_second = reloaded_calls.predict([tweets_a[:4], tweets_b[:4]], verbose=0)
kt.verify_close(kt.pick("读回后：第 2 次调用的输出 = 读回的 LSTM 直接作用在推文 B 上",
                        "reloaded: output of call 2 = the reloaded LSTM applied directly to tweet B"),
                re_second, values(reloaded.get_layer("shared_lstm"), tweets_b[:4]), rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("读回后：两次调用的输出和原模型的一样", "reloaded: both calls give what the original gave"),
                np.stack([re_first, re_second]), np.stack([first_call, second_call]), rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** `get_input_at`、`get_output_at`、`get_input_shape_at`、`get_output_shape_at`
# > 在 Keras 3 里都没有了（`AttributeError`）。更容易出错的是：`shared_lstm.output` 不报错，
# > 它**只**返回第一次调用的输出，不会提醒你这个层还有第二次调用（`input` 也一样）。
# <!-- en -->
# > **Changed in Keras 3** `get_input_at`, `get_output_at`, `get_input_shape_at` and
# > `get_output_shape_at` are all gone in Keras 3 (`AttributeError`). More treacherous:
# > `shared_lstm.output` does not fail; it returns the first call's output **only**, with no word
# > about the second call (and `input` likewise).

# %%
for old_method in ("get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at"):
    with kt.expect_error(AttributeError, match=old_method):
        getattr(shared_lstm, old_method)(1)

kt.verify_true(kt.pick("shared_lstm.output 只是第一次调用的输出 encoded_a", "shared_lstm.output is only the first call's output, encoded_a"),
               shared_lstm.output is encoded_a and shared_lstm.output is not encoded_b)
kt.verify_true(kt.pick("shared_lstm.input 只是第一次调用的输入 tweet_a", "shared_lstm.input is only the first call's input, tweet_a"),
               shared_lstm.input is tweet_a)

# %% [markdown]
# <!-- zh -->
# 形状也一样：`get_output_shape_at(i)` 没有了，就看留下来的张量（或读回模型里找到的张量）的 `.shape`；
# 课程的 `trace` 也为共享层的每次调用各列一行。
# <!-- en -->
# Shapes likewise: with `get_output_shape_at(i)` gone, read `.shape` of the tensor you kept (or found
# in the reloaded model); the course's `trace` also lists one row per call of a shared layer.

# %%
rows = [row for row in trace(tweet_model).rows if row.name == "shared_lstm"]
kt.verify_equal(kt.pick("trace 中 shared_lstm 每次调用的输出形状", "output shape of each call of shared_lstm in trace"),
                [tuple(row.output_shape) for row in rows], [tuple(t.shape) for t in lstm_calls])

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 函数式 API 三步走：`keras.Input` → 像函数一样调用层 → `keras.Model(inputs, outputs)`。
#   文档 001 里的“泛型模型”就是它。
# - 全连接网络 784→64→64→10 在真实的手写数字（8×8 放大到 28×28）上训练，测试准确率远高于瞎猜；
#   `categorical_crossentropy` 需要 one-hot 标签。
# - 多输入多输出模型：数据、损失、损失权重可以按顺序写成列表，也可以按名字写成字典；
#   总损失 = Σ 权重 × 各输出的损失。Keras 3 里一个损失配 `loss_weights` 列表会报错，要每个输出各给一个损失。
#   `Embedding(input_dim=n)` 的合法编号是 0…n−1，`input_length` 已经取消。
# - 共享层：创建一次、调用多次。两个分支用的是同一批变量对象，参数只算一份。
# - `get_output_at` 等方法已经取消，`layer.output` 只给第一次调用的输出：调用时把返回的张量留下来；
#   读回的模型里没有这些张量，就从接收了各次调用输出的层（这里是拼接层）的 `input` 找到它们。
# - Keras 自己的检查工具：`summary()`（共享层一行、参数算一次）、`get_layer`、`layer.input`/`output`、
#   `weights`（共享的变量只出现一次）、在新数据上 `predict`。
# - 没有 Graphviz 也能看模型图：`kerastutor.graph.draw`。
#
# 练习：`exercises/zh/11_functional_api.ipynb`。下一课：**第 12 课　子类化模型和层**。
# <!-- en -->
# ## Summary
#
# - The functional API in three steps: `keras.Input` → call layers like functions →
#   `keras.Model(inputs, outputs)`. Document 001's "generic model" is exactly this.
# - The fully connected network 784→64→64→10, trained on real handwritten digits (8×8 enlarged to
#   28×28), scores far above guessing on the test set; `categorical_crossentropy` needs one-hot
#   labels.
# - A model with several inputs and outputs takes its data, losses and loss weights as lists in
#   order or as dictionaries by name; total loss = Σ weight × each output's loss. In Keras 3, one
#   loss with a `loss_weights` list is an error: give each output its own loss.
#   `Embedding(input_dim=n)` accepts ids 0…n−1, and `input_length` is gone.
# - A shared layer is created once and called several times. Both branches use the very same
#   variable objects, and its parameters count once.
# - `get_output_at` and its siblings are gone, and `layer.output` gives only the first call's output:
#   keep the tensors each call returns; a reloaded model has none of them, so find them through the
#   `input` of the layer that receives every call's output (here the concatenation).
# - Keras's own inspection tools: `summary()` (one row for a shared layer, its parameters counted
#   once), `get_layer`, `layer.input`/`output`, `weights` (shared variables appear once) and
#   `predict` on new data.
# - You can see a model's graph without Graphviz: `kerastutor.graph.draw`.
#
# Exercise: `exercises/en/11_functional_api.ipynb`. Next: **Lesson 12 · Subclassing models and
# layers**.
