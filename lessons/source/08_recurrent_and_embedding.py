# %% [markdown]
# <!-- zh -->
# # 第 8 课　循环层和嵌入层
#
# 循环层一步一步地读一个序列，每一步都把“到目前为止读到了什么”记在一个状态里，再带到下一步。
# 嵌入层把整数（例如词的编号）换成稠密向量，通常放在循环层前面。这一课把两者都拆开来看。
#
# 学完后你能够：
# - 用 NumPy 手算 `SimpleRNN` 的每一步，并和 Keras 的结果对上；
# - 说清楚 `return_sequences`、`return_state`、`go_backwards`、`stateful`、`unroll`、`dropout`、
#   `recurrent_dropout` 各自做什么，并看到它们的效果；
# - 用公式算出 `SimpleRNN`、`LSTM`、`GRU` 的参数个数；
# - 把文档里 Keras 1 的参数名（`output_dim`、`init`、`inner_init`、`W_regularizer` ……）换成今天的写法；
# - 用 `Embedding(mask_zero=True)` 让 `LSTM` 跳过补齐用的 0。
#
# 对应原文：文档 001 第 4 节（循环层 2.4.1–2.4.3）和第 5 节（Embedding 层 2.5），文档 002 层类型表第 12 行。
# <!-- en -->
# # Lesson 8 · Recurrent and embedding layers
#
# A recurrent layer reads a sequence one step at a time and keeps "what it has read so far" in a
# state that it carries to the next step. An embedding layer turns integers (word ids, say) into
# dense vectors, and usually sits in front of a recurrent layer. This lesson takes both apart.
#
# By the end you will be able to:
# - compute every step of a `SimpleRNN` by hand with NumPy and match Keras's result;
# - say what `return_sequences`, `return_state`, `go_backwards`, `stateful`, `unroll`, `dropout` and
#   `recurrent_dropout` each do, and see them act;
# - work out the parameter counts of `SimpleRNN`, `LSTM` and `GRU` from their formulas;
# - turn the document's Keras 1 argument names (`output_dim`, `init`, `inner_init`,
#   `W_regularizer`, …) into today's;
# - make an `LSTM` skip padding zeros with `Embedding(mask_zero=True)`.
#
# Follows: document 001 §4 (recurrent layers 2.4.1–2.4.3) and §5 (the Embedding layer 2.5), and row 12
# of the table of layer kinds in document 002.

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

rng = np.random.default_rng(SEED)

# %% [markdown]
# <!-- zh -->
# ## 1. 一个循环层在做什么
#
# 循环层的输入形状是 `(样本数, 时间步, 特征数)`。`SimpleRNN`（文档 001 叫它“全连接 RNN”：
# 上一步的输出全部接回到这一步）在第 $t$ 步计算
#
# $$h_t = \tanh\left(x_t W + h_{t-1} U + b\right), \qquad h_0 = 0$$
#
# 其中 $W$（`kernel`）作用在这一步的输入上，$U$（`recurrent_kernel`）作用在上一步的状态上，
# $b$ 是偏置。同一组 $W, U, b$ 在每一步都重复使用。默认只输出最后一步的 $h_T$，
# 形状是 `(样本数, units)`。
# <!-- en -->
# ## 1. What a recurrent layer does
#
# A recurrent layer takes input of shape `(samples, timesteps, features)`. `SimpleRNN` (document 001
# calls it the "fully connected RNN": the whole output of one step is fed back into the next)
# computes at step $t$
#
# $$h_t = \tanh\left(x_t W + h_{t-1} U + b\right), \qquad h_0 = 0$$
#
# where $W$ (`kernel`) acts on this step's input, $U$ (`recurrent_kernel`) on the previous step's
# state, and $b$ is the bias. The same $W, U, b$ are reused at every step. By default only the last
# step's $h_T$ comes out, with shape `(samples, units)`.

# %%
# zh: 2 个样本，每个 5 个时间步，每步 3 个特征
# en: 2 samples of 5 steps with 3 features each
x = rng.normal(size=(2, 5, 3)).astype("float32")
rnn = keras.layers.SimpleRNN(4)
h_last = keras.ops.convert_to_numpy(rnn(x))
W, U, b = rnn.get_weights()
print("kernel W:", W.shape, " recurrent_kernel U:", U.shape, " bias b:", b.shape, " output:", h_last.shape)

# %% [markdown]
# <!-- zh -->
# 按公式用 NumPy 一步一步地算，记下每一步的状态，最后一步的状态应当和层的输出相同：
# <!-- en -->
# Now NumPy follows the formula step by step and records every state; the last one must equal the
# layer's output:

# %%
def simple_rnn_by_hand(x, W, U, b, activation=np.tanh):
    samples, steps, _ = x.shape
    h = np.zeros((samples, U.shape[0]))
    states = []
    for t in range(steps):
        h = activation(x[:, t, :] @ W + h @ U + b)
        states.append(h)
    # zh: 每一步的状态排在一起：(样本数, 时间步, units)
    # en: the states of all steps side by side: (samples, steps, units)
    return np.stack(states, axis=1)


by_hand = simple_rnn_by_hand(x, W, U, b)
kt.verify_close(kt.pick("SimpleRNN 的输出 = 手算的最后一步 h_T", "SimpleRNN output = h_T computed by hand"),
                h_last, by_hand[:, -1, :], rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 2. 从抽象层 `Recurrent` 到 `RNN` + 循环单元
#
# 文档 001 先介绍了一个抽象层 `keras.layers.recurrent.Recurrent`，说它“不能直接使用”，
# 三种循环层（SimpleRNN、LSTM、GRU）都从它派生。今天担任这个角色的是一个可以直接使用的通用层
# `keras.layers.RNN(cell)`：它负责沿时间轴循环，每一步做什么由循环单元（cell）决定，例如
# `SimpleRNNCell`、`LSTMCell`、`GRUCell`。`SimpleRNN(4)` 就是 `RNN(SimpleRNNCell(4))`，
# 给两者同样的权重，输出完全相同：
# <!-- en -->
# ## 2. From the abstract `Recurrent` layer to `RNN` + a cell
#
# Document 001 first introduces an abstract layer, `keras.layers.recurrent.Recurrent`, which "cannot
# be used directly" and from which the three recurrent layers (SimpleRNN, LSTM, GRU) derive. Today
# that role belongs to a general layer you can use directly, `keras.layers.RNN(cell)`: it runs the
# loop over time, and a *cell* (`SimpleRNNCell`, `LSTMCell`, `GRUCell`, …) says what happens at each
# step. `SimpleRNN(4)` is `RNN(SimpleRNNCell(4))`; given the same weights, they agree exactly:

# %%
generic = keras.layers.RNN(keras.layers.SimpleRNNCell(4))
generic.build(x.shape)
generic.set_weights([W, U, b])
kt.verify_close(kt.pick("RNN(SimpleRNNCell(4)) = SimpleRNN(4)", "RNN(SimpleRNNCell(4)) = SimpleRNN(4)"),
                keras.ops.convert_to_numpy(generic(x)), h_last, rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 今天既没有 `keras.layers.recurrent` 这个子模块，也没有 `Recurrent`
# > 这个类，文档里的写法会报错：
# <!-- en -->
# > **Changed in Keras 3** Today there is neither a `keras.layers.recurrent` submodule nor a
# > `Recurrent` class, so the document's form fails:

# %%
with kt.expect_error(AttributeError, match="recurrent"):
    keras.layers.recurrent.Recurrent(return_sequences=False, go_backwards=False, stateful=False)

# %% [markdown]
# <!-- zh -->
# ## 3. 文档里的旧参数名，今天怎么写
#
# 文档 001 给出的是 Keras 1 的签名，例如
# `SimpleRNN(output_dim, init='glorot_uniform', inner_init='orthogonal', activation='tanh',
# W_regularizer=None, U_regularizer=None, b_regularizer=None, dropout_W=0.0, dropout_U=0.0)`。
# Keras 2 起这些参数都改了名字，对应关系如下（默认值是今天的默认值）：
#
# | 文档 001（Keras 1） | 今天（Keras 3） | 含义 |
# |---|---|---|
# | `output_dim` | `units` | 状态（输出）的维数 |
# | `init` | `kernel_initializer="glorot_uniform"` | $W$ 的初始化器 |
# | `inner_init` | `recurrent_initializer="orthogonal"` | $U$ 的初始化器 |
# | `activation` | `activation="tanh"` | 不变 |
# | `inner_activation`（LSTM） | `recurrent_activation="sigmoid"` | 门用的激活函数 |
# | `forget_bias_init='one'`（LSTM） | `unit_forget_bias=True` | 遗忘门偏置初始化为 1 |
# | `W_regularizer` / `U_regularizer` / `b_regularizer` | `kernel_regularizer` / `recurrent_regularizer` / `bias_regularizer` | 三组权重各自的正则化器 |
# | `dropout_W` / `dropout_U` | `dropout` / `recurrent_dropout` | 见第 8 节 |
# | `consume_less` | 无 | Keras 自己选择计算方式 |
# | `input_dim`、`input_length` | `keras.Input(shape=(input_length, input_dim))` | 输入形状 |
# | `weights` | 构建后 `set_weights(...)` | 给定初始权重 |
# <!-- en -->
# ## 3. The document's old argument names, written today
#
# Document 001 gives Keras 1 signatures, such as
# `SimpleRNN(output_dim, init='glorot_uniform', inner_init='orthogonal', activation='tanh',
# W_regularizer=None, U_regularizer=None, b_regularizer=None, dropout_W=0.0, dropout_U=0.0)`.
# From Keras 2 on, these arguments were renamed as follows (defaults are today's):
#
# | document 001 (Keras 1) | today (Keras 3) | meaning |
# |---|---|---|
# | `output_dim` | `units` | size of the state (the output) |
# | `init` | `kernel_initializer="glorot_uniform"` | initializer of $W$ |
# | `inner_init` | `recurrent_initializer="orthogonal"` | initializer of $U$ |
# | `activation` | `activation="tanh"` | unchanged |
# | `inner_activation` (LSTM) | `recurrent_activation="sigmoid"` | activation of the gates |
# | `forget_bias_init='one'` (LSTM) | `unit_forget_bias=True` | forget-gate bias starts at 1 |
# | `W_regularizer` / `U_regularizer` / `b_regularizer` | `kernel_regularizer` / `recurrent_regularizer` / `bias_regularizer` | a regularizer for each set of weights |
# | `dropout_W` / `dropout_U` | `dropout` / `recurrent_dropout` | see section 8 |
# | `consume_less` | none | Keras chooses how to compute |
# | `input_dim`, `input_length` | `keras.Input(shape=(input_length, input_dim))` | the input shape |
# | `weights` | `set_weights(...)` after building | initial weights |

# %% [markdown]
# <!-- zh -->
# 今天的写法：文档 001 的 `SimpleRNN` 和 `LSTM` 签名，参数值一个不改，只换名字；
# 输入形状用 `keras.Input` 给出，权重在层构建之后用 `set_weights` 放进去。
# <!-- en -->
# Today's form: document 001's `SimpleRNN` and `LSTM` signatures with every value kept and only the
# names changed; the input shape comes from `keras.Input`, and weights go in with `set_weights` once
# the layer is built.

# %%
simple_today = keras.layers.SimpleRNN(
    units=4, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", activation="tanh",
    kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
    dropout=0.0, recurrent_dropout=0.0)
lstm_today = keras.layers.LSTM(
    units=4, kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
    unit_forget_bias=True, activation="tanh", recurrent_activation="hard_sigmoid",
    kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
    dropout=0.0, recurrent_dropout=0.0)

# zh: 旧的 input_length=5、input_dim=3
# en: the old input_length=5 and input_dim=3
inputs = keras.Input(shape=(5, 3))
model_today = keras.Model(inputs, [simple_today(inputs), lstm_today(inputs)])
simple_today.set_weights([W, U, b])
kt.verify_close(kt.pick("换了名字的 SimpleRNN，权重用 set_weights 放入后 = 第 1 节的结果",
                        "the renamed SimpleRNN, weights put in with set_weights = section 1's result"),
                keras.ops.convert_to_numpy(simple_today(x)), h_last, rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# 注意一个默认值的变化：文档里 `inner_activation` 默认是 `'hard_sigmoid'`，今天的
# `recurrent_activation` 默认是 `'sigmoid'`。想要和旧模型一样，就像上面那样明确写出 `"hard_sigmoid"`。
#
# `forget_bias_init='one'` 变成了 `unit_forget_bias=True`（默认就是 True）：层构建时把遗忘门那一段偏置设为 1，
# 其余为 0。LSTM 的偏置按 输入门 i、遗忘门 f、候选值 c、输出门 o 的顺序排成一个长 `4·units` 的向量：
# <!-- en -->
# Note one changed default: in the document `inner_activation` defaults to `'hard_sigmoid'`, while
# today's `recurrent_activation` defaults to `'sigmoid'`. To match an old model, write
# `"hard_sigmoid"` explicitly as above.
#
# `forget_bias_init='one'` became `unit_forget_bias=True` (the default): when the layer is built, the
# forget gate's part of the bias is set to 1 and the rest to 0. An LSTM's bias is one vector of length
# `4·units`, ordered input gate i, forget gate f, candidate c, output gate o:

# %%
kt.verify_equal(kt.pick("今天 recurrent_activation 的默认值", "today's default recurrent_activation"),
                keras.layers.LSTM(4).cell.recurrent_activation.__name__, "sigmoid")
lstm_bias = lstm_today.get_weights()[2]
print("bias:", lstm_bias)
kt.verify_equal(kt.pick("LSTM 初始偏置：[i, f, c, o] = [0, 1, 0, 0]", "initial LSTM bias: [i, f, c, o] = [0, 1, 0, 0]"),
                lstm_bias, np.concatenate([np.zeros(4), np.ones(4), np.zeros(4), np.zeros(4)]))
no_forget_bias = keras.layers.LSTM(4, unit_forget_bias=False)
no_forget_bias.build((None, 5, 3))
kt.verify_equal(kt.pick("unit_forget_bias=False 时遗忘门偏置也从 0 开始", "with unit_forget_bias=False the forget-gate bias starts at 0 too"),
                no_forget_bias.get_weights()[2], np.zeros(16))

# %% [markdown]
# <!-- zh -->
# 有了门的顺序，就可以手算 LSTM 的一步。从 $h_0 = c_0 = 0$ 出发，第一步是
#
# $$i = \sigma_r(x W_i + b_i),\quad f = \sigma_r(x W_f + b_f),\quad \tilde c = \tanh(x W_c + b_c),\quad o = \sigma_r(x W_o + b_o)$$
#
# $$c_1 = f \odot c_0 + i \odot \tilde c, \qquad h_1 = o \odot \tanh(c_1)$$
#
# 其中 $\sigma_r$ 是 `recurrent_activation`（这里是 hard_sigmoid），$h_0 = 0$ 所以 $U$ 这一步不起作用。
# <!-- en -->
# With the gate order known, one LSTM step can be computed by hand. Starting from $h_0 = c_0 = 0$,
# the first step is
#
# $$i = \sigma_r(x W_i + b_i),\quad f = \sigma_r(x W_f + b_f),\quad \tilde c = \tanh(x W_c + b_c),\quad o = \sigma_r(x W_o + b_o)$$
#
# $$c_1 = f \odot c_0 + i \odot \tilde c, \qquad h_1 = o \odot \tanh(c_1)$$
#
# where $\sigma_r$ is the `recurrent_activation` (hard_sigmoid here); $h_0 = 0$, so $U$ plays no part
# in this step.

# %%
def hard_sigmoid(z):
    return np.clip(z / 6 + 0.5, 0, 1)


Wl, Ul, bl = lstm_today.get_weights()
one_step = x[:, :1, :]
z = one_step[:, 0, :] @ Wl + bl
z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
c1 = hard_sigmoid(z_f) * 0 + hard_sigmoid(z_i) * np.tanh(z_c)
h1 = hard_sigmoid(z_o) * np.tanh(c1)
kt.verify_close(kt.pick("LSTM 第一步 = 手算", "first LSTM step = by hand"),
                keras.ops.convert_to_numpy(lstm_today(one_step)), h1, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ### 每个改了名的参数都在起作用
#
# 上面的写法用的都是默认值，看不出参数去了哪里。下面给每个参数一个显眼的值，再看效果：
#
# - `kernel_initializer`（旧 `init`）只管 $W$，`recurrent_initializer`（旧 `inner_init`）只管 $U$，
#   `bias_initializer` 管 $b$，`activation` 换掉 tanh。取 $W$ 全为 0.5、$U$ 为单位矩阵、$b$ 全为 0.1、
#   激活函数 relu，第 1 节的手算函数用这几个已知的矩阵算出的结果，必须和层的输出相同。
#   不写时 `recurrent_initializer` 是 `"orthogonal"`：$U U^{\top} = I$。
# <!-- en -->
# ### Every renamed argument at work
#
# The form above uses the defaults throughout, so it does not show where each argument goes. Below
# each one gets a value that stands out, and we watch what it does:
#
# - `kernel_initializer` (old `init`) sets $W$ only, `recurrent_initializer` (old `inner_init`) sets
#   $U$ only, `bias_initializer` sets $b$, and `activation` replaces tanh. With $W$ all 0.5, $U$ the
#   identity, $b$ all 0.1 and relu, section 1's function computes the result from these known
#   matrices, and it must equal the layer's output. Left out, `recurrent_initializer` is
#   `"orthogonal"`: $U U^{\top} = I$.

# %%
initialized = keras.layers.SimpleRNN(4, kernel_initializer=keras.initializers.Constant(0.5),
                                     recurrent_initializer="identity",
                                     bias_initializer=keras.initializers.Constant(0.1), activation="relu")
kt.verify_close(kt.pick("W=0.5、U=I、b=0.1、relu：层的输出 = 手算", "W=0.5, U=I, b=0.1, relu: layer output = by hand"),
                keras.ops.convert_to_numpy(initialized(x)),
                simple_rnn_by_hand(x, np.full((3, 4), 0.5), np.eye(4), np.full(4, 0.1),
                                   activation=lambda z: np.maximum(z, 0))[:, -1, :], rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("默认的 recurrent_initializer 给出正交的 U：U·Uᵀ = I",
                        "the default recurrent_initializer gives an orthogonal U: U·Uᵀ = I"),
                U @ U.T, np.eye(4), atol=1e-5)

# %% [markdown]
# <!-- zh -->
# - `kernel_regularizer`、`recurrent_regularizer`、`bias_regularizer`（旧 `W_`、`U_`、`b_regularizer`）
#   各自对一组权重算罚项，收集在 `layer.losses` 里，训练时加到损失上。三组各用一个不同的正则化器，
#   就能从罚项的数值认出每一项来自哪组权重。
# - 同样还有三个约束 `kernel_constraint`、`recurrent_constraint`、`bias_constraint`（文档 001 没有列出），
#   它们在每次优化器更新之后作用于对应的权重。训练一步之后，`NonNeg` 让 $W$ 和 $b$ 没有负数，
#   `MaxNorm(0.5, axis=0)` 让 $U$ 每一列的长度不超过 0.5。
# <!-- en -->
# - `kernel_regularizer`, `recurrent_regularizer` and `bias_regularizer` (old `W_`, `U_`,
#   `b_regularizer`) each compute a penalty on one set of weights; the penalties are collected in
#   `layer.losses` and added to the loss in training. Give each set a different regularizer and the
#   values tell which penalty belongs to which set.
# - There are also three constraints, `kernel_constraint`, `recurrent_constraint` and
#   `bias_constraint` (document 001 does not list them), applied to their weights after every
#   optimizer update. After one training step, `NonNeg` leaves no negative number in $W$ and $b$, and
#   `MaxNorm(0.5, axis=0)` keeps every column of $U$ at length 0.5 or less.

# %%
regularized = keras.layers.SimpleRNN(4, kernel_regularizer=keras.regularizers.L2(0.1),
                                     recurrent_regularizer=keras.regularizers.L1(0.01),
                                     bias_regularizer=keras.regularizers.L2(1.0), bias_initializer="ones")
regularized(x)
Wr, Ur, br = regularized.get_weights()
penalties = {"kernel": 0.1 * np.sum(Wr ** 2), "recurrent": 0.01 * np.sum(np.abs(Ur)), "bias": 1.0 * np.sum(br ** 2)}
print({name: round(float(value), 4) for name, value in penalties.items()})
kt.verify_close(kt.pick("layer.losses = 三组权重各自的罚项", "layer.losses = one penalty for each set of weights"),
                sorted(float(loss) for loss in regularized.losses), sorted(penalties.values()), rtol=1e-5)

constrained = keras.layers.SimpleRNN(4, kernel_constraint=keras.constraints.NonNeg(),
                                     recurrent_constraint=keras.constraints.MaxNorm(0.5, axis=0),
                                     bias_constraint=keras.constraints.NonNeg(), bias_initializer="random_normal")
constrained_model = keras.Sequential([keras.Input(shape=(5, 3)), constrained])
constrained_model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
constrained_model.fit(x, rng.normal(size=(2, 4)), epochs=1, verbose=0)
Wc, Uc, bc = constrained.get_weights()
kt.verify_true(kt.pick("训练一步后：W ≥ 0、b ≥ 0、U 每列长度 ≤ 0.5",
                       "after one training step, W ≥ 0, b ≥ 0 and every column of U has length ≤ 0.5"),
               Wc.min() >= 0 and bc.min() >= 0 and np.linalg.norm(Uc, axis=0).max() <= 0.5 + 1e-6)

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 这一节表格左列的名字，除了 `input_dim`，Keras 3 一个也不接受。逐个试一遍：
# > `output_dim` 不被认作 `units`，所以报“缺少参数 units”；其余旧名字都报“不认识的参数”。
# > `input_dim` 还能用，但会警告，让你改用 `keras.Input`。
# <!-- en -->
# > **Changed in Keras 3** Apart from `input_dim`, Keras 3 accepts none of the names in the left
# > column of this section's table. One by one: `output_dim` is not taken as `units`, so Keras
# > complains that `units` is missing; every other old name is an "unrecognized keyword argument".
# > `input_dim` still works, but Keras warns and points you to `keras.Input`.

# %%
with kt.expect_error(TypeError, match="units"):
    keras.layers.SimpleRNN(output_dim=4)

old_arguments = [
    ("SimpleRNN", {"init": "glorot_uniform"}), ("SimpleRNN", {"inner_init": "orthogonal"}),
    ("SimpleRNN", {"W_regularizer": None}), ("SimpleRNN", {"U_regularizer": None}),
    ("SimpleRNN", {"b_regularizer": None}), ("SimpleRNN", {"dropout_W": 0.2}),
    ("SimpleRNN", {"dropout_U": 0.2}), ("LSTM", {"inner_activation": "hard_sigmoid"}),
    ("LSTM", {"forget_bias_init": "one"}), ("LSTM", {"consume_less": "cpu"}),
    ("LSTM", {"input_length": 5}), ("LSTM", {"weights": None}),
]
for class_name, argument in old_arguments:
    with kt.expect_error(ValueError, match=next(iter(argument))):
        getattr(keras.layers, class_name)(4, **argument)

with kt.expect_warning(UserWarning, match="input_dim"):
    keras.layers.LSTM(4, input_dim=3)

# %% [markdown]
# <!-- zh -->
# ## 4. `return_sequences` 和 `return_state`
#
# 文档 001 说 `return_sequences=True` 返回整个序列，`False` 只返回最后一步的输出。
# 整个序列的形状是 `(样本数, 时间步, units)`，它的最后一步就是 `return_sequences=False` 的输出；
# 每一步也正是第 1 节手算出来的 $h_t$。
# <!-- en -->
# ## 4. `return_sequences` and `return_state`
#
# Document 001 says `return_sequences=True` returns the whole sequence and `False` only the last
# step's output. The whole sequence has shape `(samples, timesteps, units)`; its last step is the
# `return_sequences=False` output, and each step is exactly the $h_t$ computed by hand in section 1.

# %%
seq_rnn = keras.layers.SimpleRNN(4, return_sequences=True)
seq_rnn.build(x.shape)
seq_rnn.set_weights([W, U, b])
sequence = keras.ops.convert_to_numpy(seq_rnn(x))
shapes.expect_shape(sequence, (2, 5, 4))
kt.verify_close(kt.pick("整个序列 = 手算的每一步 h_t", "the whole sequence = h_t at every step, by hand"),
                sequence, by_hand, rtol=1e-5, atol=1e-6)
kt.verify_close(kt.pick("序列的最后一步 = return_sequences=False 的输出", "last step of the sequence = the return_sequences=False output"),
                sequence[:, -1, :], h_last, rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# 把循环层叠起来时，除了最后一层，每一层都要 `return_sequences=True`，因为下一层要的是一个序列。
# 忘了这一点是最常见的形状错误之一，课程的 `shapes.diagnose` 会直接指出来：
# <!-- en -->
# When recurrent layers are stacked, every layer but the last needs `return_sequences=True`, because
# the next layer wants a sequence. Forgetting this is one of the most common shape errors, and the
# course's `shapes.diagnose` points it out:

# %%
print(shapes.diagnose([keras.layers.LSTM(8), keras.layers.LSTM(4)], (5, 3)))

# %%
stacked = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(8, return_sequences=True),
                            keras.layers.LSTM(4)])
shapes.expect_shape(stacked, (None, 4))
shapes.trace(stacked)

# %% [markdown]
# <!-- zh -->
# `return_state=True` 让层在输出之外再返回最后的状态：`SimpleRNN` 和 `GRU` 返回 `[输出, h]`，
# `LSTM` 有两个状态，返回 `[输出, h, c]`。不返回整个序列时，输出和 $h$ 是同一个东西。
# 这些状态可以交给另一个循环层当初始状态（`initial_state=`），编码器-解码器模型就是这样连起来的。
# <!-- en -->
# `return_state=True` makes the layer return its final state besides the output: `SimpleRNN` and
# `GRU` return `[output, h]`; `LSTM`, which has two states, returns `[output, h, c]`. When the whole
# sequence is not returned, the output and $h$ are the same thing. The states can be handed to another
# recurrent layer as its starting state (`initial_state=`), which is how encoder–decoder models are
# wired.

# %%
lstm_state = keras.layers.LSTM(4, return_state=True)
output, h, c = (keras.ops.convert_to_numpy(t) for t in lstm_state(x))
print("output:", output.shape, " h:", h.shape, " c:", c.shape)
kt.verify_close(kt.pick("LSTM：输出 = 最后的 h", "LSTM: output = final h"), output, h, rtol=1e-7)
kt.verify_equal(kt.pick("return_state=True 时返回的张量个数：SimpleRNN、GRU、LSTM",
                        "number of tensors returned with return_state=True by SimpleRNN, GRU and LSTM"),
                [len(getattr(keras.layers, kind)(4, return_state=True)(x)) for kind in ("SimpleRNN", "GRU", "LSTM")],
                [2, 2, 3])

decoder = keras.layers.LSTM(4)
from_state = keras.ops.convert_to_numpy(decoder(x, initial_state=[h, c]))
from_zero = keras.ops.convert_to_numpy(decoder(x))
kt.verify_true(kt.pick("给定初始状态会改变输出", "a given initial state changes the output"),
               not np.allclose(from_state, from_zero, atol=1e-4))

# %% [markdown]
# <!-- zh -->
# ## 5. `go_backwards`
#
# `go_backwards=True` 让层从最后一步读到第一步。它等于把输入在时间轴上翻转后，再交给一个普通的层；
# 注意 `return_sequences=True` 时返回的序列也是按“读的顺序”排的，并不会再翻转回来。
# <!-- en -->
# ## 5. `go_backwards`
#
# `go_backwards=True` makes the layer read from the last step to the first. It is the same as
# reversing the input along time and giving it to an ordinary layer; note that with
# `return_sequences=True` the returned sequence is in *reading* order too, not flipped back.

# %%
backwards = keras.layers.SimpleRNN(4, return_sequences=True, go_backwards=True)
backwards.build(x.shape)
backwards.set_weights([W, U, b])
kt.verify_close(kt.pick("go_backwards = 普通层读翻转后的输入", "go_backwards = an ordinary layer on the reversed input"),
                keras.ops.convert_to_numpy(backwards(x)), simple_rnn_by_hand(x[:, ::-1, :], W, U, b),
                rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 6. `stateful`：把状态带到下一批
#
# 文档 001 的说明是对的：`stateful=True` 时，一批中第 $i$ 个样本的最终状态，会被用作下一批中
# 第 $i$ 个样本的初始状态。这样就可以把一条很长的序列切成几段，一段一段地送进去。
# 为此每批的样本数必须固定，所以输入要用 `keras.Input(batch_shape=(批大小, 时间步, 特征))` 声明：
# <!-- en -->
# ## 6. `stateful`: carrying the state into the next batch
#
# Document 001 explains it correctly: with `stateful=True`, the final state of sample $i$ in one batch
# becomes the initial state of sample $i$ in the next batch. A long sequence can then be cut into
# pieces and fed one piece at a time. The number of samples per batch must then be fixed, so the input
# is declared with `keras.Input(batch_shape=(batch size, timesteps, features))`:

# %%
with kt.expect_error(ValueError, match="batch size must be static"):
    keras.Sequential([keras.Input(shape=(3, 1)), keras.layers.SimpleRNN(2, stateful=True)])

# %%
stateful_lstm = keras.layers.LSTM(2, stateful=True)
stream_in = keras.Input(batch_shape=(2, 3, 1))
streaming = keras.Model(stream_in, stateful_lstm(stream_in))

long_sequence = rng.normal(size=(2, 6, 1)).astype("float32")
first_half = streaming.predict(long_sequence[:, :3], verbose=0)
second_half = streaming.predict(long_sequence[:, 3:], verbose=0)

whole = keras.layers.LSTM(2)
whole.build(long_sequence.shape)
whole.set_weights(stateful_lstm.get_weights())
kt.verify_close(kt.pick("分两段送入（stateful）= 一次读完整条序列", "two pieces through a stateful layer = the whole sequence at once"),
                second_half, keras.ops.convert_to_numpy(whole(long_sequence)), rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# 开始一条新序列之前要清空状态。Keras 3 里由层来做：`layer.reset_state()`（旧名字 `reset_states()`
# 仍可用）。Keras 2 的模型还有一个 `model.reset_states()`，Keras 3 的模型没有了，
# 需要逐个重置模型里的有状态层。清空之后，同样的输入给出和第一次相同的结果：
# <!-- en -->
# Before a new sequence starts, the state has to be cleared. In Keras 3 the layer does it:
# `layer.reset_state()` (the old name `reset_states()` still works). Keras 2 models also had a
# `model.reset_states()`; Keras 3 models do not, so reset the stateful layers of the model one by
# one. After the reset, the same input gives the same result as the first time:

# %%
with kt.expect_error(AttributeError, match="reset_states"):
    streaming.reset_states()

for layer in streaming.layers:
    if getattr(layer, "stateful", False):
        layer.reset_state()
again = streaming.predict(long_sequence[:, :3], verbose=0)
kt.verify_close(kt.pick("重置后 = 第一次的结果", "output after the reset = the first result"), again, first_half, rtol=1e-6)
kt.verify_true(kt.pick("不重置时结果不同（状态确实被带过去了）", "without a reset the result differs (the state really is carried)"),
               not np.allclose(streaming.predict(long_sequence[:, :3], verbose=0), first_half, atol=1e-4))
stateful_lstm.reset_states()
kt.verify_close(kt.pick("旧名字 reset_states() 同样清空状态", "the old name reset_states() clears the state too"),
                streaming.predict(long_sequence[:, :3], verbose=0), first_half, rtol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 7. `unroll`
#
# 默认情况下，循环层用一个符号循环（TensorFlow 里是 `while_loop`）沿时间轴计算。`unroll=True`
# 则把循环展开成一串重复的计算：对很短的序列可能更快，但占用的内存随时间步数增长，只适合短序列。
# 展开不改变结果：
# <!-- en -->
# ## 7. `unroll`
#
# By default a recurrent layer computes along time with a symbolic loop (a `while_loop` in
# TensorFlow). `unroll=True` unrolls the loop into a chain of repeated computations: possibly faster
# for very short sequences, but the memory it needs grows with the number of steps, so it suits short
# sequences only. Unrolling does not change the result:

# %%
unrolled = keras.layers.LSTM(4, unroll=True)
unrolled.build(x.shape)
unrolled.set_weights(lstm_state.get_weights())
kt.verify_close(kt.pick("unroll=True 的结果 = 不展开的结果", "result with unroll=True = without unrolling"),
                keras.ops.convert_to_numpy(unrolled(x)), output, rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 8. `dropout` 和 `recurrent_dropout`
#
# 文档 001 说 `dropout_W` 控制“输入单元到输入门的连接断开比例”，`dropout_U` 控制“输入单元到递归连接的断开比例”。
#
# > **勘误** 这两句话抄自 LSTM 的说明，却放在了 `SimpleRNN` 下面，而 `SimpleRNN` 根本没有门。
# > 准确地说，今天的 `dropout`（旧 `dropout_W`）丢弃的是每一步的**输入** $x_t$ 的分量，
# > `recurrent_dropout`（旧 `dropout_U`）丢弃的是上一步**状态** $h_{t-1}$ 的分量；
# > 而且同一个序列在所有时间步上用的是**同一个**丢弃掩码。两者都只在训练时起作用。
#
# 下面用一个特意设计的层来看清 `dropout`：核是单位矩阵、循环核全为 0、线性激活，于是 $h_t = x_t$ 被丢弃后的样子。
# 输入全为 1，`rate=0.5`：训练时被保留的分量放大为 $1/(1-0.5) = 2$，被丢弃的为 0，而且每一步都丢弃同样的分量。
# <!-- en -->
# ## 8. `dropout` and `recurrent_dropout`
#
# Document 001 says `dropout_W` controls "the fraction of connections from the input units to the
# input gate that are dropped" and `dropout_U` "the fraction of connections from the input units to
# the recurrent connections".
#
# > **Erratum** These two sentences come from the LSTM's description but sit under `SimpleRNN`, which
# > has no gates at all. Precisely: today's `dropout` (old `dropout_W`) drops components of each step's
# > **input** $x_t$, and `recurrent_dropout` (old `dropout_U`) drops components of the previous
# > **state** $h_{t-1}$; and a sequence uses **the same** dropout mask at every time step. Both act
# > during training only.
#
# A layer built on purpose makes `dropout` visible: identity kernel, zero recurrent kernel and a
# linear activation, so $h_t$ is just $x_t$ after dropout. The input is all ones and `rate=0.5`: in
# training a kept component is scaled to $1/(1-0.5) = 2$, a dropped one is 0, and every step drops
# the same components.

# %%
see_through = keras.layers.SimpleRNN(6, activation="linear", kernel_initializer="identity",
                                     recurrent_initializer="zeros", dropout=0.5, return_sequences=True, seed=SEED)
ones = np.ones((2, 4, 6), dtype="float32")
trained = keras.ops.convert_to_numpy(see_through(ones, training=True))
print(kt.pick("训练时，第 1 个样本的 4 个时间步：", "training, sample 1, its 4 time steps:"))
print(trained[0])
kt.verify_true(kt.pick("每个分量不是 0 就是 2", "every component is 0 or 2"), np.all(np.isin(trained, [0.0, 2.0])))
kt.verify_true(kt.pick("同一个样本的所有时间步用同一个掩码", "all time steps of a sample share one mask"),
               np.all(trained == trained[:, :1, :]))
kt.verify_equal(kt.pick("推理时不丢弃：h_t = x_t", "no dropout at inference: h_t = x_t"),
                keras.ops.convert_to_numpy(see_through(ones, training=False)), ones)

# %% [markdown]
# <!-- zh -->
# `recurrent_dropout` 也可以这样看清楚：核和循环核都取单位矩阵，于是 $h_t = x_t + \text{drop}(h_{t-1})$。
# 输入全为 1：被保留的分量每一步都翻倍再加 1，依次是 1、3、7、15；被丢弃的分量每一步都只剩 $x_t$，一直是 1。
# 推理时不丢弃，$h_t$ 就是 1、2、3、4。
# <!-- en -->
# `recurrent_dropout` can be made visible the same way: identity kernel and identity recurrent
# kernel, so $h_t = x_t + \text{drop}(h_{t-1})$. With inputs all ones, a kept component doubles and
# gains 1 at each step, giving 1, 3, 7, 15; a dropped one keeps only $x_t$ and stays at 1. At
# inference nothing is dropped and $h_t$ is 1, 2, 3, 4.

# %%
rec_drop = keras.layers.SimpleRNN(6, activation="linear", kernel_initializer="identity",
                                  recurrent_initializer="identity", recurrent_dropout=0.5,
                                  return_sequences=True, seed=SEED)
rec_trained = keras.ops.convert_to_numpy(rec_drop(ones, training=True))
print(kt.pick("训练时，第 1 个样本（每行一个分量，每列一个时间步）：", "training, sample 1 (one row per component, one column per step):"))
print(rec_trained[0].T)
kept_path, dropped_path = np.array([1.0, 3.0, 7.0, 15.0]), np.ones(4)
kt.verify_true(kt.pick("训练时每个分量要么一直被保留（1, 3, 7, 15），要么一直被丢弃（1, 1, 1, 1）",
                       "in training each component is kept at every step (1, 3, 7, 15) or dropped at every step (1, 1, 1, 1)"),
               all(np.allclose(path, kept_path) or np.allclose(path, dropped_path)
                   for path in rec_trained.transpose(0, 2, 1).reshape(-1, 4)))
kt.verify_equal(kt.pick("推理时不丢弃：h_t = 1, 2, 3, 4", "no dropout at inference: h_t = 1, 2, 3, 4"),
                keras.ops.convert_to_numpy(rec_drop(ones, training=False)),
                np.broadcast_to(np.arange(1, 5, dtype="float32")[None, :, None], ones.shape))

# %% [markdown]
# <!-- zh -->
# ## 9. 参数个数：SimpleRNN、LSTM、GRU
#
# 文档 001 说循环层有 LSTM、GRU 和 SimpleRNN 三种，但只写了前两种的签名；GRU 补在这里。
# 设输入有 $n$ 个特征，`units` 为 $u$：
#
# - `SimpleRNN`：$W$ 是 $n\times u$，$U$ 是 $u\times u$，$b$ 有 $u$ 个，共 $u\,(u + n + 1)$；
# - `LSTM`：四组（i、f、c、o）同样的东西，共 $4\,u\,(u + n + 1)$；
# - `GRU`：三组（更新门 z、重置门 r、候选值），共 $3\,u\,(u + n + 1)$；今天的默认 `reset_after=True`
#   先做矩阵乘法、再乘重置门，输入和循环两部分各有一套偏置，所以再多 $3u$ 个参数。
#
# $$P_{\text{SimpleRNN}} = u(u+n+1),\quad P_{\text{LSTM}} = 4u(u+n+1),\quad P_{\text{GRU}} = 3u(u+n+1) + 3u\,[\text{reset\_after}]$$
# <!-- en -->
# ## 9. Parameter counts: SimpleRNN, LSTM, GRU
#
# Document 001 says there are three recurrent layers, LSTM, GRU and SimpleRNN, but gives signatures
# for only two; GRU is filled in here. With $n$ input features and $u$ `units`:
#
# - `SimpleRNN`: $W$ is $n\times u$, $U$ is $u\times u$, $b$ has $u$ entries: $u\,(u + n + 1)$ in all;
# - `LSTM`: four sets of the same (i, f, c, o): $4\,u\,(u + n + 1)$;
# - `GRU`: three sets (update gate z, reset gate r, candidate): $3\,u\,(u + n + 1)$; with today's
#   default `reset_after=True` the reset gate is applied after the matrix product, and the input and
#   recurrent parts each get their own bias, which adds $3u$ parameters.
#
# $$P_{\text{SimpleRNN}} = u(u+n+1),\quad P_{\text{LSTM}} = 4u(u+n+1),\quad P_{\text{GRU}} = 3u(u+n+1) + 3u\,[\text{reset\_after}]$$

# %%
def recurrent_params(kind, units, features, reset_after=True):
    base = units * (units + features + 1)
    if kind == "SimpleRNN":
        return base
    if kind == "LSTM":
        return 4 * base
    return 3 * base + (3 * units if reset_after else 0)


counted, by_formula = [], []
for units, features in [(4, 3), (32, 10), (1, 1)]:
    for kind, extra in [("SimpleRNN", {}), ("LSTM", {}), ("GRU", {}), ("GRU", {"reset_after": False})]:
        layer = getattr(keras.layers, kind)(units, **extra)
        layer.build((None, 5, features))
        counted.append(layer.count_params())
        by_formula.append(recurrent_params(kind, units, features, **extra))
        print(f"{kind:<9} {str(extra):<22} units={units:<3} n={features:<3} → {layer.count_params()}")
kt.verify_equal(kt.pick("参数个数：公式 = count_params()", "parameter counts: formula = count_params()"), counted, by_formula)

# %% [markdown]
# <!-- zh -->
# `reset_after=True` 时 GRU 的偏置形状是 `(2, 3·units)`：第一行给输入部分，第二行给循环部分。
# `shapes.trace` 也会把每一层的参数写成算式：
# <!-- en -->
# With `reset_after=True` the GRU's bias has shape `(2, 3·units)`: one row for the input part, one for
# the recurrent part. `shapes.trace` also writes each layer's parameter count as arithmetic:

# %%
gru = keras.layers.GRU(4)
gru.build((None, 5, 3))
print("GRU weights:", [tuple(w.shape) for w in gru.weights])
kt.verify_equal(kt.pick("GRU 偏置的形状", "shape of the GRU's bias"), tuple(gru.weights[2].shape), (2, 12))

three = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.SimpleRNN(4, return_sequences=True),
                          keras.layers.GRU(4, return_sequences=True), keras.layers.LSTM(4)])
kt.verify_equal(kt.pick("三层的参数个数", "parameters of the three layers"),
                [layer.count_params() for layer in three.layers],
                [recurrent_params("SimpleRNN", 4, 3), recurrent_params("GRU", 4, 4), recurrent_params("LSTM", 4, 4)])
shapes.trace(three)

# %% [markdown]
# <!-- zh -->
# ## 10. 嵌入层：用整数查表
#
# `Embedding(input_dim, output_dim)` 保存一张 `input_dim × output_dim` 的表，输入的每个整数
# （0 到 `input_dim − 1`）换成表里对应的那一行。输入形状 `(样本数, 序列长度)`，输出形状
# `(样本数, 序列长度, output_dim)`。它和“先转成 one-hot 再乘一个矩阵”完全等价，只是不必真的造出 one-hot。
# <!-- en -->
# ## 10. The embedding layer: looking integers up in a table
#
# `Embedding(input_dim, output_dim)` keeps a table of `input_dim × output_dim` numbers and replaces
# each input integer (0 to `input_dim − 1`) with the matching row of the table. Input shape
# `(samples, sequence length)`, output shape `(samples, sequence length, output_dim)`. It is exactly
# "one-hot encode, then multiply by a matrix", without ever building the one-hot vectors.

# %%
embedding = keras.layers.Embedding(input_dim=10, output_dim=3)
word_ids = np.array([[3, 5, 2, 3], [9, 0, 1, 4]])
vectors = keras.ops.convert_to_numpy(embedding(word_ids))
table = embedding.get_weights()[0]
print("table:", table.shape, " ids:", word_ids.shape, " vectors:", vectors.shape)
kt.verify_equal(kt.pick("Embedding 的输出 = 表中对应的行", "Embedding output = the table's rows"), vectors, table[word_ids])
kt.verify_close(kt.pick("= one-hot 乘以表", "Embedding output = the one-hot vectors times the table"), vectors, np.eye(10)[word_ids] @ table,
                rtol=1e-6, atol=1e-7)
kt.verify_equal(kt.pick("参数个数 = input_dim·output_dim", "parameters = input_dim·output_dim"),
                embedding.count_params(), 10 * 3)

# %% [markdown]
# <!-- zh -->
# ### 文档 001 列出的嵌入层参数，今天的写法
#
# 文档 001 的嵌入层签名里，`init`、`W_regularizer`、`W_constraint` 今天叫 `embeddings_initializer`、
# `embeddings_regularizer`、`embeddings_constraint`；`activity_regularizer`、`mask_zero`（第 11 节）和
# `weights` 还是原来的名字。下面逐个让它们起作用：
#
# - `embeddings_initializer="identity"`，并让 `input_dim = output_dim = 10`：表就是单位矩阵，
#   嵌入层于是正好做 one-hot 编码；不写时是 −0.05 到 0.05 之间的均匀分布；
# - `embeddings_regularizer` 对整张表算罚项；`activity_regularizer` 对层的输出算罚项。
#   从 Keras 3.14 起，输出的罚项要除以批大小（这一批的样本数），3.13 及以前不除；
# - `embeddings_constraint=UnitNorm(axis=1)`：每次更新之后，表的每一行都被缩放成长度 1；
# - `weights=[表]` 直接给出整张表（例如预训练好的词向量）；旧的 `input_length` 写进 `keras.Input` 的形状里。
# <!-- en -->
# ### The embedding arguments document 001 lists, written today
#
# In document 001's Embedding signature, `init`, `W_regularizer` and `W_constraint` are today
# `embeddings_initializer`, `embeddings_regularizer` and `embeddings_constraint`;
# `activity_regularizer`, `mask_zero` (section 11) and `weights` keep their names. One by one, at work:
#
# - `embeddings_initializer="identity"` with `input_dim = output_dim = 10`: the table is the identity
#   matrix, so the layer does exactly one-hot encoding; left out, the table is drawn uniformly from
#   −0.05 to 0.05;
# - `embeddings_regularizer` computes a penalty on the whole table; `activity_regularizer` one on the
#   layer's output. Since Keras 3.14 the output's penalty is divided by the batch size (the number of
#   samples in the batch); up to 3.13 it was not;
# - `embeddings_constraint=UnitNorm(axis=1)`: after every update each row of the table is rescaled to
#   length 1;
# - `weights=[table]` hands over a whole table (pre-trained word vectors, say); the old
#   `input_length` goes into the shape given to `keras.Input`.

# %%
one_hot = keras.layers.Embedding(input_dim=10, output_dim=10, embeddings_initializer="identity")
kt.verify_equal(kt.pick("单位矩阵初始化的嵌入 = one-hot 编码", "an embedding initialized to the identity = one-hot encoding"),
                keras.ops.convert_to_numpy(one_hot(word_ids)), np.eye(10)[word_ids])
default_table = keras.layers.Embedding(1000, 8)
default_table.build(None)
drawn = default_table.get_weights()[0]
kt.verify_true(kt.pick("默认的表：数值落在 [−0.05, 0.05] 里，并且铺满这个区间",
                       "the default table lies within [−0.05, 0.05] and fills that range"),
               np.abs(drawn).max() <= 0.05 and drawn.min() < -0.049 and drawn.max() > 0.049)

penalized = keras.layers.Embedding(10, 3, embeddings_regularizer=keras.regularizers.L2(0.01),
                                   activity_regularizer=keras.regularizers.L1(0.1))
penalized_out = keras.ops.convert_to_numpy(penalized(word_ids))
table_penalty = 0.01 * np.sum(penalized.get_weights()[0] ** 2)
# zh: Keras 3.14 起除以批大小（keras-team/keras#22021）
# en: divided by the batch size since Keras 3.14 (keras-team/keras#22021)
since_3_14 = tuple(int(part) for part in keras.__version__.split(".")[:2]) >= (3, 14)
activity_penalty = 0.1 * np.sum(np.abs(penalized_out)) / (len(word_ids) if since_3_14 else 1)
print("Keras", keras.__version__, kt.pick("：输出罚项除以批大小" if since_3_14 else "：输出罚项不除以批大小",
                                          ": output penalty divided by the batch size" if since_3_14
                                          else ": output penalty not divided by the batch size"))
kt.verify_close(kt.pick("罚项 = 表的 L2 罚项 和 输出的 L1 罚项（按版本除以批大小）",
                        "penalties = the table's L2 penalty and the output's L1 penalty (divided by the batch size by version)"),
                sorted(float(loss) for loss in penalized.losses), sorted([table_penalty, activity_penalty]), rtol=1e-5)

unit_rows = keras.layers.Embedding(10, 3, embeddings_constraint=keras.constraints.UnitNorm(axis=1))
unit_model = keras.Sequential([keras.Input(shape=(4,), dtype="int32"), unit_rows,
                               keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])
unit_model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
unit_model.fit(word_ids, np.ones((2, 1)), epochs=1, verbose=0)
kt.verify_close(kt.pick("训练一步后表的每一行长度为 1", "after one training step every row of the table has length 1"),
                np.linalg.norm(unit_rows.get_weights()[0], axis=1), np.ones(10), rtol=1e-4)

pretrained = np.arange(30, dtype="float32").reshape(10, 3)
embedding_today = keras.layers.Embedding(input_dim=10, output_dim=3, weights=[pretrained])
# zh: 旧的 input_length=4
# en: the old input_length=4
ids_in = keras.Input(shape=(4,), dtype="int32")
embedded_model = keras.Model(ids_in, embedding_today(ids_in))
kt.verify_equal(kt.pick("weights= 给出的表被原样使用", "the table given with weights= is used as it is"),
                embedded_model.predict(word_ids, verbose=0), pretrained[word_ids])

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 的签名是
# > `Embedding(input_dim, output_dim, init='uniform', input_length=None, W_regularizer=None,
# > activity_regularizer=None, W_constraint=None, mask_zero=False, weights=None, dropout=0.0)`。
# > 今天：`init` → `embeddings_initializer`（默认是 −0.05 到 0.05 之间的均匀分布），
# > `W_regularizer` → `embeddings_regularizer`，`W_constraint` → `embeddings_constraint`；
# > `dropout` 被删掉了；`input_length` 已被弃用，传了只会得到一个警告；`activity_regularizer`、
# > `mask_zero` 和 `weights` 保留原名。旧名字今天的反应：
# <!-- en -->
# > **Changed in Keras 3** Document 001's signature is
# > `Embedding(input_dim, output_dim, init='uniform', input_length=None, W_regularizer=None,
# > activity_regularizer=None, W_constraint=None, mask_zero=False, weights=None, dropout=0.0)`.
# > Today: `init` → `embeddings_initializer` (by default a uniform distribution between −0.05 and
# > 0.05), `W_regularizer` → `embeddings_regularizer`, `W_constraint` → `embeddings_constraint`;
# > `dropout` is gone; `input_length` is deprecated and only earns a warning; `activity_regularizer`,
# > `mask_zero` and `weights` keep their names. How the old names fare today:

# %%
for argument in [{"init": "uniform"}, {"W_regularizer": None}, {"W_constraint": None}, {"dropout": 0.2}]:
    with kt.expect_error(ValueError, match=next(iter(argument))):
        keras.layers.Embedding(10, 3, **argument)
with kt.expect_warning(UserWarning, match="input_length"):
    keras.layers.Embedding(10, 3, input_length=4)

# %% [markdown]
# <!-- zh -->
# 旧的 `dropout` 会把表中的整个词丢掉。今天没有完全相同的内置层；最接近的做法是在嵌入层后面放一个
# `Dropout`，用 `noise_shape=(None, None, 1)` 让同一个位置上整个词向量一起被丢弃：
# <!-- en -->
# The old `dropout` dropped whole words from the table. No built-in layer does exactly that today; the
# closest is a `Dropout` after the embedding with `noise_shape=(None, None, 1)`, so that a word vector
# is dropped as a whole at each position:

# %%
word_dropout = keras.layers.Dropout(0.5, noise_shape=(None, None, 1), seed=SEED)
dropped = keras.ops.convert_to_numpy(word_dropout(np.ones((1, 6, 3), dtype="float32"), training=True))
print(dropped[0])
kt.verify_true(kt.pick("每个位置的词向量要么整个保留（×2），要么整个丢弃", "each position's vector is kept whole (×2) or dropped whole"),
               all(len(set(row)) == 1 and row[0] in (0.0, 2.0) for row in dropped[0].tolist()))

# %% [markdown]
# <!-- zh -->
# ### “只能作为模型第一层”？
#
# > **勘误** 文档 001 说嵌入层“只能作为模型第一层”，文档 002 的表格第 12 行也说它“在输入层中”
# > 执行嵌入。其实嵌入层只要求输入是整数编号，放在模型的哪里都行。例如先用 `Hashing` 层把字符串
# > 变成 0 到 19 的整数，再交给嵌入层，这时嵌入层是模型的第二层：
# <!-- en -->
# ### "Only as the first layer"?
#
# > **Erratum** Document 001 says the embedding layer "can only be the first layer of a model", and row
# > 12 of document 002's table says it embeds "in the input layer". In fact an embedding layer only
# > needs integer ids as input and may sit anywhere in a model. For example, a `Hashing` layer first
# > turns strings into integers from 0 to 19 and hands them to the embedding layer, which is then the
# > model's second layer:

# %%
words_model = keras.Sequential([
    keras.Input(shape=(3,), dtype="string"),
    keras.layers.Hashing(num_bins=20),
    keras.layers.Embedding(input_dim=20, output_dim=4),
])
words = np.array([["cat", "sat", "cat"], ["dog", "ran", "far"]])
word_vectors = keras.ops.convert_to_numpy(words_model(words))
print(kt.pick("各层：", "layers:"), [type(layer).__name__ for layer in words_model.layers])
shapes.expect_shape(word_vectors, (2, 3, 4))
hashed = keras.ops.convert_to_numpy(words_model.layers[0](words))
kt.verify_equal(kt.pick("第二层的嵌入层把 Hashing 给出的编号换成表中的行",
                        "the embedding layer, second in the model, replaces Hashing's ids with rows of its table"),
                word_vectors, words_model.layers[1].get_weights()[0][hashed])

# %% [markdown]
# <!-- zh -->
# ## 11. `mask_zero`：让后面的层跳过补齐的 0
#
# 一批序列长短不一时，通常在短的后面补 0，凑成同样的长度。`mask_zero=True` 告诉嵌入层：0 是补位，
# 不是词。它会生成一个掩码（mask），随张量传给后面的层，支持掩码的层（例如 `LSTM`）就跳过这些位置：
# 在被遮住的步上，状态原样保留。因为 0 被占用了，词表的编号从 1 开始，`input_dim` 要比词数多 1。
# <!-- en -->
# ## 11. `mask_zero`: letting later layers skip the padding zeros
#
# When the sequences of a batch have different lengths, the short ones are usually padded with zeros
# at the end. `mask_zero=True` tells the embedding layer that 0 is padding, not a word. It produces a
# mask that travels with the tensor to the following layers, and layers that support masks (`LSTM`,
# for one) skip those positions: at a masked step the state is carried over unchanged. As 0 is taken,
# word ids start at 1 and `input_dim` must be one more than the number of words.

# %%
masked_embedding = keras.layers.Embedding(input_dim=10, output_dim=3, mask_zero=True,
                                          embeddings_initializer=keras.initializers.RandomNormal(stddev=1.0))
padded = np.array([[3, 5, 2, 0, 0]])
print("mask:", keras.ops.convert_to_numpy(masked_embedding.compute_mask(padded)))

lstm = keras.layers.LSTM(4)
short_out = keras.ops.convert_to_numpy(lstm(masked_embedding(np.array([[3, 5, 2]]))))
padded_out = keras.ops.convert_to_numpy(lstm(masked_embedding(padded)))
print(kt.pick("不补齐：", "unpadded:"), short_out, kt.pick("\n补了两个 0：", "\ntwo zeros padded:"), padded_out)
kt.verify_close(kt.pick("有掩码时，补齐不改变 LSTM 的输出", "with the mask, padding does not change the LSTM's output"),
                padded_out, short_out, rtol=1e-6, atol=1e-7)

# %% [markdown]
# <!-- zh -->
# 这个检查是有分量的：同样的表、同样的 LSTM，如果不用掩码，补的 0 就会被当成一个真正的词读进去，输出随之改变。
# <!-- en -->
# The check has teeth: with the same table and the same LSTM but no mask, the padding zeros are read
# as a real word and the output changes.

# %%
unmasked_embedding = keras.layers.Embedding(input_dim=10, output_dim=3, mask_zero=False)
unmasked_embedding.build(None)
unmasked_embedding.set_weights(masked_embedding.get_weights())
unmasked_out = keras.ops.convert_to_numpy(lstm(unmasked_embedding(padded)))
kt.verify_true(kt.pick("没有掩码时，补齐会改变输出", "without the mask, padding changes the output"),
               not np.allclose(unmasked_out, short_out, atol=1e-4))

# %% [markdown]
# <!-- zh -->
# > **版本变化（Keras 3）** 文档 001 说，设置 `mask_zero=True` 后，“模型中后续的层必须都支持 masking，
# > 否则会抛出异常”。Keras 1 和 2 确实如此；Keras 3 不再报错，而是发出一个警告，
# > 然后把掩码丢掉，后面的层再也看不到它。例如 `Flatten` 不支持掩码：
# <!-- en -->
# > **Changed in Keras 3** Document 001 says that with `mask_zero=True` "every later layer of the model
# > must support masking, or an exception is raised". So it was in Keras 1 and 2; Keras 3 raises no
# > error but warns, then drops the mask, and later layers never see it. `Flatten`, for instance, does
# > not support masks:

# %%
with kt.expect_warning(UserWarning, match="does not support masking"):
    keras.Sequential([keras.Input(shape=(5,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
                      keras.layers.Flatten(), keras.layers.Dense(1)])

# %% [markdown]
# <!-- zh -->
# 所以要用支持掩码的层接在后面。`GlobalAveragePooling1D` 就支持：它只对没被遮住的位置求平均。
# <!-- en -->
# So follow it with layers that support masks. `GlobalAveragePooling1D` does: it averages over the
# unmasked positions only.

# %%
pooled_in = keras.Input(shape=(5,), dtype="int32")
pooled_model = keras.Model(pooled_in, keras.layers.GlobalAveragePooling1D()(masked_embedding(pooled_in)))
table = masked_embedding.get_weights()[0]
kt.verify_close(kt.pick("带掩码的平均 = 只对前三个词向量求平均", "masked average = mean of the first three word vectors only"),
                pooled_model.predict(padded, verbose=0), table[[3, 5, 2]].mean(axis=0, keepdims=True),
                rtol=1e-5, atol=1e-6)

# %% [markdown]
# <!-- zh -->
# ## 小结
#
# - 循环层沿时间轴重复同一个计算；`SimpleRNN` 是 $h_t = \tanh(x_t W + h_{t-1} U + b)$，我们用 NumPy 逐步核验了它，
#   也手算了 LSTM 的一步（门的顺序 i、f、c、o）。
# - `Recurrent` 抽象层没有了，今天是 `RNN(cell)`；文档里的旧参数名全部改了：`output_dim` → `units`，
#   `init`/`inner_init` → `kernel_initializer`/`recurrent_initializer`，`W/U/b_regularizer` →
#   `kernel/recurrent/bias_regularizer`，`dropout_W/U` → `dropout`/`recurrent_dropout`，
#   `inner_activation` → `recurrent_activation`（默认改为 sigmoid），`forget_bias_init` → `unit_forget_bias`，
#   `consume_less`、`input_length` 没有了，输入形状用 `keras.Input`。
# - `return_sequences` 返回每一步，`return_state` 另外返回最后的状态，`go_backwards` 等于翻转输入，
#   `stateful` 把状态带到下一批（用 `layer.reset_state()` 清空），`unroll` 不改变结果，
#   `dropout`/`recurrent_dropout` 在所有时间步用同一个掩码，只在训练时起作用。
# - 参数个数：SimpleRNN $u(u+n+1)$，LSTM 4 倍，GRU 3 倍再加 `reset_after` 的 $3u$。
# - `Embedding` 是查表，不限于第一层；`mask_zero=True` 让 LSTM 跳过补齐的 0；不支持掩码的层在 Keras 3 里只警告并丢掉掩码。
# - 嵌入层的旧名字 `init`、`W_regularizer`、`W_constraint` 今天叫 `embeddings_initializer`、`embeddings_regularizer`、
#   `embeddings_constraint`；`activity_regularizer` 的罚项从 Keras 3.14 起除以批大小。
#
# 练习：`exercises/zh/08_recurrent_and_embedding.ipynb`。下一课：**第 9 课　合并层**。
# <!-- en -->
# ## Summary
#
# - A recurrent layer repeats one computation along time; `SimpleRNN` is
#   $h_t = \tanh(x_t W + h_{t-1} U + b)$, which we checked step by step with NumPy, and we computed
#   one LSTM step by hand too (gate order i, f, c, o).
# - The abstract `Recurrent` layer is gone; today there is `RNN(cell)`. Every old argument name in
#   the document changed: `output_dim` → `units`, `init`/`inner_init` →
#   `kernel_initializer`/`recurrent_initializer`, `W/U/b_regularizer` →
#   `kernel/recurrent/bias_regularizer`, `dropout_W/U` → `dropout`/`recurrent_dropout`,
#   `inner_activation` → `recurrent_activation` (default now sigmoid), `forget_bias_init` →
#   `unit_forget_bias`; `consume_less` and `input_length` are gone, and the input shape comes from
#   `keras.Input`.
# - `return_sequences` returns every step, `return_state` also returns the final state,
#   `go_backwards` equals reversing the input, `stateful` carries the state into the next batch
#   (cleared with `layer.reset_state()`), `unroll` does not change the result, and
#   `dropout`/`recurrent_dropout` use one mask for all time steps and act in training only.
# - Parameter counts: SimpleRNN $u(u+n+1)$, LSTM four times that, GRU three times plus $3u$ with
#   `reset_after`.
# - `Embedding` is a table lookup and need not be the first layer; `mask_zero=True` lets an LSTM skip
#   padding zeros; in Keras 3 a layer without mask support only warns and drops the mask.
# - The embedding layer's old `init`, `W_regularizer` and `W_constraint` are now
#   `embeddings_initializer`, `embeddings_regularizer` and `embeddings_constraint`; since Keras 3.14
#   the `activity_regularizer` penalty is divided by the batch size.
#
# Exercise: `exercises/en/08_recurrent_and_embedding.ipynb`. Next: **Lesson 9 · Merge layers**.
