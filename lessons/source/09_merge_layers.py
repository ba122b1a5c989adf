# %% [markdown]
# <!-- zh -->
# # 第 9 课　合并层
#
# 到目前为止，每个层都只接收一个张量。合并层接收**一个张量列表**，把它们合成一个：逐元素相加、相乘、
# 取最大值，沿某个轴拼接，或者做点积。多输入模型、残差连接、注意力打分都离不开它们。
#
# 学完后你能够：
# - 用 `Add`、`Subtract`、`Multiply`、`Average`、`Maximum`、`Minimum` 做逐元素合并，并用 NumPy 核验；
# - 用 `Concatenate(axis=…)` 拼接张量，算出拼接后的形状；
# - 用 `Dot(axes=…, normalize=…)` 算点积和余弦相似度，并看懂 `axes` 的含义；
# - 在类的写法（`Add()`）和函数的写法（`keras.layers.add`）之间自由切换；
# - 把 Keras 1 的 `Merge([...], mode='concat')` 和 `merge()` 改写成今天的形式，包括合并两个 Sequential 模型。
#
# 对应原文：文档 001 的“Merge 层”一节（以及“网络模型”里用 merge 合并两个 Sequential 模型的一句话），
# 文档 002 层类型表第 11 行。
# <!-- en -->
# # Lesson 9 · Merge layers
#
# Every layer so far took one tensor. A merge layer takes **a list of tensors** and combines them into
# one: adding, multiplying or taking the maximum element by element, joining them along an axis, or
# taking dot products. Multi-input models, residual connections and attention scores all rely on them.
#
# By the end you will be able to:
# - merge element by element with `Add`, `Subtract`, `Multiply`, `Average`, `Maximum` and `Minimum`,
#   and check each against NumPy;
# - join tensors with `Concatenate(axis=…)` and work out the joined shape;
# - compute dot products and cosine similarities with `Dot(axes=…, normalize=…)`, and read `axes`;
# - switch freely between the class form (`Add()`) and the function form (`keras.layers.add`);
# - rewrite Keras 1's `Merge([...], mode='concat')` and `merge()` in today's form, including merging
#   two Sequential models.
#
# Follows: the "Merge层" section of document 001 (and the sentence in its "models" part about merging
# two Sequential models with merge), and row 11 of the table of layer kinds in document 002.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

import keras
import numpy as np
from kerastutor import shapes

# %% [markdown]
# <!-- zh -->
# ## 1. 从一个 `Merge` 层到一族合并层
#
# 文档 002 的表格第 11 行说合并层“用于合并输入列表”，这没错。文档 001 的“Merge 层”一节却只有标题，
# 没有内容；它在“网络模型”部分还说，“可以通过 merge 将两个 Sequential 模型通过某种方式合并”。
# 那是 Keras 1 的用法：只有一个 `Merge` 层，用 `mode` 参数选择合并方式，另有一个函数 `merge()`。
#
# 今天每种 `mode` 都有自己的层（类）和一个小写的同名函数：
#
# | Keras 1 的 `mode` | 今天的层 | 今天的函数 | 计算 |
# |---|---|---|---|
# | `'sum'` | `Add` | `add` | $a + b + \dots$ |
# | —（Keras 2 新增） | `Subtract` | `subtract` | $a - b$（恰好两个输入） |
# | `'mul'` | `Multiply` | `multiply` | $a \odot b \odot \dots$ |
# | `'ave'` | `Average` | `average` | $(a + b + \dots)/k$ |
# | `'max'` | `Maximum` | `maximum` | 逐元素最大值 |
# | —（Keras 2 新增） | `Minimum` | `minimum` | 逐元素最小值 |
# | `'concat'`（`concat_axis`） | `Concatenate(axis=…)` | `concatenate(…, axis=…)` | 沿一个轴拼接 |
# | `'dot'`（`dot_axes`） | `Dot(axes=…)` | `dot(…, axes=…)` | 点积 |
# | `'cos'` | `Dot(axes=…, normalize=True)` | `dot(…, axes=…, normalize=True)` | 余弦相似度 |
#
# 合并两个 Sequential 模型，今天用函数式 API：把两个模型当作层来调用，再把它们的输出交给合并层。
# <!-- en -->
# ## 1. From one `Merge` layer to a family of merge layers
#
# Row 11 of document 002's table says merge layers are "used to merge a list of inputs", which is
# right. Document 001's "Merge层" section, though, is a bare heading with no text; and in its part on
# models it says that "two Sequential models can be merged in some way with merge". That is Keras 1:
# a single `Merge` layer whose `mode` argument chose how to merge, plus a function `merge()`.
#
# Today every `mode` has a layer (a class) of its own and a lower-case function of the same name:
#
# | Keras 1 `mode` | today's layer | today's function | computes |
# |---|---|---|---|
# | `'sum'` | `Add` | `add` | $a + b + \dots$ |
# | — (new in Keras 2) | `Subtract` | `subtract` | $a - b$ (exactly two inputs) |
# | `'mul'` | `Multiply` | `multiply` | $a \odot b \odot \dots$ |
# | `'ave'` | `Average` | `average` | $(a + b + \dots)/k$ |
# | `'max'` | `Maximum` | `maximum` | element-wise maximum |
# | — (new in Keras 2) | `Minimum` | `minimum` | element-wise minimum |
# | `'concat'` (`concat_axis`) | `Concatenate(axis=…)` | `concatenate(…, axis=…)` | join along one axis |
# | `'dot'` (`dot_axes`) | `Dot(axes=…)` | `dot(…, axes=…)` | dot product |
# | `'cos'` | `Dot(axes=…, normalize=True)` | `dot(…, axes=…, normalize=True)` | cosine similarity |
#
# Merging two Sequential models is done today with the functional API: call the two models like
# layers, then hand their outputs to a merge layer.

# %%
left = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
right = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(2)])

input_left = keras.Input(shape=(4,), name="left_input")
input_right = keras.Input(shape=(6,), name="right_input")
joined = keras.layers.Concatenate()([left(input_left), right(input_right)])
both = keras.Model([input_left, input_right], keras.layers.Dense(1)(joined))
shapes.expect_shape(joined, (None, 3 + 2))
kt.verify_equal(kt.pick("合并后模型的参数 = 两个分支 + 最后的 Dense", "parameters of the merged model = both branches + the final Dense"),
                both.count_params(), left.count_params() + right.count_params() + (5 + 1))
x_left = np.random.default_rng(SEED).normal(size=(2, 4)).astype("float32")
x_right = np.random.default_rng(SEED + 1).normal(size=(2, 6)).astype("float32")
final_kernel, final_bias = both.layers[-1].get_weights()
branches = np.concatenate([left.predict(x_left, verbose=0), right.predict(x_right, verbose=0)], axis=1)
kt.verify_close(kt.pick("合并后的模型 = 两个分支的输出拼在一起，再乘最后 Dense 的权重",
                        "the merged model = both branches' outputs joined, then the final Dense's weights"),
                both.predict([x_left, x_right], verbose=0), branches @ final_kernel + final_bias, rtol=1e-5, atol=1e-6)
shapes.trace(both)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** `Merge` 层和 `merge()` 函数在 Keras 2 就被拆成了上面这一族独立的层，
# > Keras 3 里两者都不存在了。Keras 1 的写法——先是把两个 Sequential 模型合并的 `Merge`，
# > 再是函数 `merge`——今天都会报错：
# <!-- en -->
# > **Changed in Keras 3** Keras 2 already split the `Merge` layer and the `merge()` function into
# > the family of separate layers above, and neither exists in Keras 3. The Keras 1 code — first
# > `Merge` joining two Sequential models, then the function `merge` — fails today:

# %%
with kt.expect_error(AttributeError, match="Merge"):
    merged = keras.Sequential()
    merged.add(keras.layers.Merge([left, right], mode="concat"))

with kt.expect_error(AttributeError, match="merge"):
    keras.layers.merge([left.outputs[0], right.outputs[0]], mode="concat")

# %% [markdown]
# <!-- zh -->
# ## 2. 逐元素合并：`Add`、`Subtract`、`Multiply`、`Average`、`Maximum`、`Minimum`
#
# 这六个层要求输入形状相同，输出形状也一样，每个位置上单独计算。它们都没有权重。
# 用两个 2×3 的小张量逐个检查：
# <!-- en -->
# ## 2. Element-wise merges: `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`
#
# These six layers want inputs of the same shape and give an output of that shape, computed position
# by position. None of them has weights. Two small 2×3 tensors check them one by one:

# %%
a = np.array([[1.0, -2.0, 3.0], [4.0, 0.5, -6.0]], dtype="float32")
b = np.array([[2.0, 2.0, -1.0], [-4.0, 3.0, 1.0]], dtype="float32")

element_wise = {
    "Add": a + b,
    "Subtract": a - b,
    "Multiply": a * b,
    "Average": (a + b) / 2,
    "Maximum": np.maximum(a, b),
    "Minimum": np.minimum(a, b),
}
parameter_counts = []
for name, expected in element_wise.items():
    layer = getattr(keras.layers, name)()
    got = keras.ops.convert_to_numpy(layer([a, b]))
    kt.verify_close(kt.pick(f"{name} = NumPy", f"{name} = NumPy"), got, expected, rtol=1e-6)
    parameter_counts.append(layer.count_params())
kt.verify_equal(kt.pick("六个层的参数个数都是 0", "each of the six layers has 0 parameters"), parameter_counts, [0] * 6)

# %% [markdown]
# <!-- zh -->
# 除了 `Subtract`，它们都接受两个以上的输入。注意 `Average` 是除以输入的个数 $k$：
# <!-- en -->
# All but `Subtract` take more than two inputs. Note that `Average` divides by the number of inputs $k$:

# %%
c = np.array([[0.0, 1.0, 1.0], [2.0, -2.0, 5.0]], dtype="float32")
three_way = {
    "Add": a + b + c,
    "Multiply": a * b * c,
    "Average": (a + b + c) / 3,
    "Maximum": np.maximum(np.maximum(a, b), c),
    "Minimum": np.minimum(np.minimum(a, b), c),
}
for name, expected in three_way.items():
    got = keras.ops.convert_to_numpy(getattr(keras.layers, name)()([a, b, c]))
    kt.verify_close(kt.pick(f"三个输入的 {name} = NumPy", f"{name} of three inputs = NumPy"), got, expected, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# `Subtract` 只接受恰好两个输入（减法没有“第三项”该怎么减的约定）；形状不同的输入也合不起来。
# 课程的 `shapes.diagnose` 会把后一种错误讲清楚：
# <!-- en -->
# `Subtract` takes exactly two inputs (there is no agreed meaning for a third term of a
# subtraction), and inputs of different shapes cannot be merged element-wise. The course's
# `shapes.diagnose` explains the second kind of error:

# %%
with kt.expect_error(ValueError, match="exactly 2 inputs"):
    keras.layers.Subtract()([a, b, c])


def add_mismatched(first, second):
    return keras.layers.Add()([first, second])


with kt.expect_error(ValueError, match="incompatible shapes"):
    add_mismatched(np.zeros((2, 3), dtype="float32"), np.zeros((2, 4), dtype="float32"))
print(shapes.diagnose(add_mismatched, [(3,), (4,)]))

# %% [markdown]
# <!-- zh -->
# ## 3. 函数的写法
#
# 每个合并层都有一个小写的函数：`keras.layers.add([a, b])` 等于 `keras.layers.Add()([a, b])`。
# 函数写法更短，适合只用一次的地方；在函数式模型里，它同样会在模型中添加一个 `Add` 层。
# 类的写法可以给层起名字（`name=…`）、把同一个层对象用在多处。
# <!-- en -->
# ## 3. The function form
#
# Each merge layer has a lower-case function: `keras.layers.add([a, b])` is
# `keras.layers.Add()([a, b])`. The function is shorter, good for one-off use; in a functional model
# it still adds an `Add` layer to the model. The class form lets you name the layer (`name=…`) and use
# the same layer object in several places.

# %%
function_forms = {
    "add": ("Add", {}), "subtract": ("Subtract", {}), "multiply": ("Multiply", {}),
    "average": ("Average", {}), "maximum": ("Maximum", {}), "minimum": ("Minimum", {}),
    "concatenate": ("Concatenate", {"axis": -1}), "dot": ("Dot", {"axes": 1}),
}
for function_name, (class_name, kwargs) in function_forms.items():
    by_function = getattr(keras.layers, function_name)([a, b], **kwargs)
    by_class = getattr(keras.layers, class_name)(**kwargs)([a, b])
    kt.verify_close(f"keras.layers.{function_name}(…) = {class_name}(…)(…)",
                    keras.ops.convert_to_numpy(by_function), keras.ops.convert_to_numpy(by_class), rtol=1e-7)

# %%
in_a, in_b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
summed = keras.Model([in_a, in_b], keras.layers.add([in_a, in_b]))
print(kt.pick("模型里的层：", "layers in the model:"), [type(layer).__name__ for layer in summed.layers])
kt.verify_true(kt.pick("函数 add 在模型里添加了一个 Add 层", "the function add put an Add layer into the model"),
               isinstance(summed.layers[-1], keras.layers.Add))
kt.verify_close(kt.pick("这个模型算的就是 a + b", "this model computes a + b"),
                summed.predict([a, b], verbose=0), a + b, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# 类的写法先造出一个层对象，它可以有名字，也可以被调用不止一次。下面一个名为 `"running_sum"` 的 `Add`
# 层用了两次，先算 $a+b$，再加上 $c$：模型里它只出现一次，按名字就能取回来，模型算出的是 $a+b+c$。
# <!-- en -->
# The class form makes a layer object first: it can have a name, and it can be called more than once.
# Below one `Add` layer named `"running_sum"` is used twice, first for $a+b$ and then to add $c$: it
# appears in the model once, can be fetched by its name, and the model computes $a+b+c$.

# %%
running_sum = keras.layers.Add(name="running_sum")
in_a, in_b, in_c = keras.Input(shape=(3,)), keras.Input(shape=(3,)), keras.Input(shape=(3,))
chained = keras.Model([in_a, in_b, in_c], running_sum([running_sum([in_a, in_b]), in_c]))
print(kt.pick("模型里的层：", "layers in the model:"), [layer.name for layer in chained.layers])
kt.verify_true(kt.pick("按名字取回的正是那个层对象，它在模型里只出现一次",
                       "the layer fetched by name is that very object, and it appears in the model once"),
               chained.get_layer("running_sum") is running_sum
               and sum(layer is running_sum for layer in chained.layers) == 1)
kt.verify_close(kt.pick("用了两次的 Add 层算出 a + b + c", "the Add layer used twice computes a + b + c"),
                chained.predict([a, b, c], verbose=0), a + b + c, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 4. `Concatenate`：沿一个轴拼接
#
# `Concatenate(axis=-1)` 把输入沿 `axis` 轴接起来：这个轴的长度相加，其余各轴必须一样长。
# 默认 `axis=-1` 是最后一个轴（特征轴）。设一组输入在 `axis` 上的长度是 $d_1, d_2, \dots$，
#
# $$d_{\text{out}} = d_1 + d_2 + \dots$$
#
# 下面在三维张量上试两个轴：拼特征（`axis=-1`）和拼时间步（`axis=1`）。
# <!-- en -->
# ## 4. `Concatenate`: joining along one axis
#
# `Concatenate(axis=-1)` joins its inputs along axis `axis`: the lengths on that axis add up, and
# every other axis must have the same length. The default `axis=-1` is the last axis (the features).
# If the inputs have lengths $d_1, d_2, \dots$ on `axis`,
#
# $$d_{\text{out}} = d_1 + d_2 + \dots$$
#
# Below, on 3D tensors, two axes: joining features (`axis=-1`) and joining time steps (`axis=1`).

# %%
p = np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4)
q = -np.arange(2 * 3 * 5, dtype="float32").reshape(2, 3, 5)
r = np.ones((2, 6, 4), dtype="float32")

features_joined = keras.ops.convert_to_numpy(keras.layers.Concatenate(axis=-1)([p, q]))
steps_joined = keras.ops.convert_to_numpy(keras.layers.Concatenate(axis=1)([p, r]))
shapes.expect_shape(features_joined, (2, 3, 4 + 5))
shapes.expect_shape(steps_joined, (2, 3 + 6, 4))
kt.verify_equal(kt.pick("axis=-1 的拼接 = np.concatenate", "concatenation on axis=-1 = np.concatenate"),
                features_joined, np.concatenate([p, q], axis=-1))
kt.verify_equal(kt.pick("axis=1 的拼接 = np.concatenate", "concatenation on axis=1 = np.concatenate"),
                steps_joined, np.concatenate([p, r], axis=1))

# %% [markdown]
# <!-- zh -->
# 拼接轴以外的轴长度不同时，拼不起来。沿时间轴拼 `p` 和 `q` 就不行：它们的特征数是 4 和 5。
# <!-- en -->
# When an axis other than the joining one differs, the inputs cannot be joined. `p` and `q` cannot be
# joined along time: they have 4 and 5 features.

# %%
def join_steps(first, second):
    return keras.layers.Concatenate(axis=1)([first, second])


with kt.expect_error(ValueError, match="matching shapes except for the concatenation axis"):
    join_steps(p, q)
print(shapes.diagnose(join_steps, [(3, 4), (3, 5)]))

# %% [markdown]
# <!-- zh -->
# 在模型里，`shapes.trace` 会把拼接后的长度写成加法。下面是文档 000 里那种常见结构的缩小版：
# 一个分支的向量和一个辅助输入拼在一起，再接 Dense。
# <!-- en -->
# In a model, `shapes.trace` writes the joined length as a sum. Below is a small version of a common
# pattern from document 000: one branch's vector and an auxiliary input joined, then a Dense.

# %%
sequence_in = keras.Input(shape=(7, 2), name="sequence")
extra_in = keras.Input(shape=(5,), name="extra")
encoded = keras.layers.GlobalAveragePooling1D()(keras.layers.Dense(8)(sequence_in))
joined = keras.layers.concatenate([encoded, extra_in])
head = keras.Model([sequence_in, extra_in], keras.layers.Dense(1)(joined))
shapes.expect_shape(joined, (None, 8 + 5))
shapes.trace(head)

# %% [markdown]
# <!-- zh -->
# ## 5. `Dot`：点积和余弦相似度
#
# `Dot(axes=…)` 对每个样本，把两个输入沿指定的轴做点积。`axes` 数的是张量的轴（包括批次维度），
# 但批次轴 0 不能参与：点积总是在同一个样本的两个张量之间做。
#
# 最常见的情形：两个形状为 `(批次, n)` 的输入，`axes=1`，每个样本得到一个数，输出形状是 `(批次, 1)`：
#
# $$\text{Dot}(a, b)_i = \sum_j a_{ij} b_{ij}$$
#
# `normalize=True` 先把两个向量各自除以自己的 L2 范数，结果就是余弦相似度（Keras 1 的 `mode='cos'`）：
#
# $$\cos(a_i, b_i) = \frac{a_i \cdot b_i}{\lVert a_i \rVert\, \lVert b_i \rVert}$$
# <!-- en -->
# ## 5. `Dot`: dot products and cosine similarity
#
# `Dot(axes=…)` takes, for each sample, the dot product of its two inputs along the given axes. `axes`
# counts the tensor's axes (the batch dimension included), but the batch axis 0 may not take part: a
# dot product is always between the two tensors of one sample.
#
# The most common case: two inputs of shape `(batch, n)` with `axes=1` give one number per sample, an
# output of shape `(batch, 1)`:
#
# $$\text{Dot}(a, b)_i = \sum_j a_{ij} b_{ij}$$
#
# `normalize=True` first divides each vector by its own L2 norm, which makes the result the cosine
# similarity (Keras 1's `mode='cos'`):
#
# $$\cos(a_i, b_i) = \frac{a_i \cdot b_i}{\lVert a_i \rVert\, \lVert b_i \rVert}$$

# %%
dot = keras.ops.convert_to_numpy(keras.layers.Dot(axes=1)([a, b]))
cosine = keras.ops.convert_to_numpy(keras.layers.Dot(axes=1, normalize=True)([a, b]))
print("dot:", dot.ravel(), "  cosine:", cosine.ravel())
kt.verify_close(kt.pick("Dot(axes=1) = 每个样本的 Σ a·b", "Dot(axes=1) = Σ a·b per sample"),
                dot, (a * b).sum(axis=1, keepdims=True), rtol=1e-6)
cos_by_hand = (a * b).sum(axis=1, keepdims=True) / (np.linalg.norm(a, axis=1, keepdims=True)
                                                    * np.linalg.norm(b, axis=1, keepdims=True))
kt.verify_close(kt.pick("normalize=True = 余弦相似度", "normalize=True = cosine similarity"), cosine, cos_by_hand,
                rtol=1e-5)

# %% [markdown]
# <!-- zh -->
# 对更高维的输入，`axes` 可以是一个整数（两个输入用同一个轴），也可以是一对 `(轴1, 轴2)`。
# 被点积掉的轴消失，剩下的轴按“先第一个输入、再第二个输入”的顺序排列（批次轴只保留一个）：
#
# - `(批次, 3, 4)` 和 `(批次, 5, 4)`，`axes=2`：长 4 的轴相乘求和，得到 `(批次, 3, 5)`，
#   也就是每个样本的 $P Q^{\top}$，注意力机制里的打分矩阵就是这样算的；
# - `(批次, 3, 4)` 和 `(批次, 3, 5)`，`axes=(1, 1)`：长 3 的轴相乘求和，得到 `(批次, 4, 5)`，即 $P^{\top} Q$。
#
# 用 `np.einsum` 把这两种情形写出来，和 Keras 比较：
# <!-- en -->
# For inputs of higher rank, `axes` may be one integer (the same axis for both inputs) or a pair
# `(axis1, axis2)`. The axes that are summed over disappear, and the remaining axes come in the order
# "first input's, then second input's" (with a single batch axis):
#
# - `(batch, 3, 4)` and `(batch, 5, 4)` with `axes=2`: the length-4 axes are multiplied and summed,
#   giving `(batch, 3, 5)`, each sample's $P Q^{\top}$ — the way attention computes its score matrix;
# - `(batch, 3, 4)` and `(batch, 3, 5)` with `axes=(1, 1)`: the length-3 axes are summed over, giving
#   `(batch, 4, 5)`, i.e. $P^{\top} Q$.
#
# `np.einsum` writes out both cases, to compare with Keras:

# %%
rng = np.random.default_rng(SEED)
P = rng.normal(size=(2, 3, 4)).astype("float32")
Q_rows = rng.normal(size=(2, 5, 4)).astype("float32")
Q_cols = rng.normal(size=(2, 3, 5)).astype("float32")

scores = keras.ops.convert_to_numpy(keras.layers.Dot(axes=2)([P, Q_rows]))
gram = keras.ops.convert_to_numpy(keras.layers.Dot(axes=(1, 1))([P, Q_cols]))
shapes.expect_shape(scores, (2, 3, 5))
shapes.expect_shape(gram, (2, 4, 5))
kt.verify_close(kt.pick("Dot(axes=2) = 每个样本的 P·Qᵀ", "Dot(axes=2) = P·Qᵀ per sample"),
                scores, np.einsum("bik,bjk->bij", P, Q_rows), rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("Dot(axes=(1, 1)) = 每个样本的 Pᵀ·Q", "Dot(axes=(1, 1)) = Pᵀ·Q per sample"),
                gram, np.einsum("bki,bkj->bij", P, Q_cols), rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 批次轴不能参与点积：`axes=0` 会被拒绝。
# <!-- en -->
# The batch axis cannot take part: `axes=0` is refused.

# %%
with kt.expect_error(ValueError, match="batch_dot over axis 0"):
    keras.layers.Dot(axes=0)([a, b])

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 合并层接收一个张量列表，输出一个张量，没有权重。文档 001 的“Merge 层”只有标题；Keras 1 的
#   `Merge(mode=…)` 和 `merge()` 已不存在，每种 `mode` 今天都有自己的层和同名小写函数。
# - `Add`、`Subtract`（恰好两个输入）、`Multiply`、`Average`、`Maximum`、`Minimum` 逐元素计算，
#   要求输入形状相同，我们逐个用 NumPy 核验了。
# - `Concatenate(axis)` 让拼接轴的长度相加，其余轴必须相同。
# - `Dot(axes)` 沿指定轴做点积（批次轴除外），`normalize=True` 得到余弦相似度；`axes=2` 给出 $PQ^{\top}$。
# - 合并两个 Sequential 模型：用函数式 API 把它们当作层调用，再把输出交给合并层。
#
# 练习：`exercises/zh/09_merge_layers.ipynb`。下一课：**第 10 课　模型和它的方法**。
# <!-- en -->
# ## Summary
#
# - A merge layer takes a list of tensors and outputs one tensor, with no weights. Document 001's
#   "Merge层" section is a bare heading; Keras 1's `Merge(mode=…)` and `merge()` are gone, and each
#   `mode` now has a layer of its own plus a lower-case function of the same name.
# - `Add`, `Subtract` (exactly two inputs), `Multiply`, `Average`, `Maximum` and `Minimum` work element
#   by element on inputs of one shape; we checked each against NumPy.
# - `Concatenate(axis)` adds up the lengths on the joining axis; every other axis must match.
# - `Dot(axes)` takes dot products along the given axes (never the batch axis); `normalize=True` gives
#   the cosine similarity; `axes=2` gives $PQ^{\top}$.
# - To merge two Sequential models, call them like layers in the functional API and hand their outputs
#   to a merge layer.
#
# Exercise: `exercises/en/09_merge_layers.ipynb`. Next: **Lesson 10 · Models and their methods**.
