# %% [markdown]
# <!-- zh -->
# # 第 0 课　课程指南
#
# 欢迎来到 kerastutor。这门课用可以直接运行的 JupyterLab 笔记本讲解 Keras 的各种层，
# 每一条结论都会在你眼前跑一遍、算一遍。这一课不讲 Keras 本身，只做四件事：
#
# 1. 告诉你怎样用中文、英文或中英对照打开每一课，以及怎样运行它；
# 2. 检查你的环境（Python、TensorFlow、Keras 的版本）是否符合课程要求；
# 3. 介绍课程依据的四篇文档，后面各课会用编号引用它们；
# 4. 介绍练习怎么做、怎么得到即时反馈，以及答案放在哪里。
# <!-- en -->
# # Lesson 0 · Course guide
#
# Welcome to kerastutor. This course teaches Keras layers through JupyterLab notebooks you can run,
# and every claim it makes is run and computed in front of you. This lesson teaches no Keras yet;
# it does four things:
#
# 1. shows how to open each lesson in Chinese, in English or side by side, and how to run it;
# 2. checks that your environment (Python, TensorFlow, Keras versions) is what the course needs;
# 3. introduces the four source documents that later lessons cite by number;
# 4. explains how exercises work, how you get instant feedback, and where the solutions are.

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %% [markdown]
# <!-- zh -->
# 上面这个单元格是**参数单元格**：`SEED` 是随机种子，`FAST=True` 会缩短训练（一次运行全部课程时使用），
# `LANG` 决定课程助手用哪种语言说话。每一课都以它开头。
#
# 下面的单元格每一课都有：先导入课程助手 `kerastutor`（它必须排在 TensorFlow 之前导入，
# 这样才能在 TensorFlow 启动前关掉它的启动日志，同时保留真正的错误信息），再调用 `kt.setup`
# 设置语言和随机种子。
# <!-- en -->
# The cell above is the **parameters cell**: `SEED` is the random seed, `FAST=True` shortens any
# training (used when the whole course runs in batch), and `LANG` picks the language the course
# helpers speak. Every lesson starts with it.
#
# Every lesson also has the cell below. It imports the course helper `kerastutor` first — before
# TensorFlow, so that it can quieten TensorFlow's start-up log while still letting real errors
# through — and then calls `kt.setup` to set the language and the random seeds.

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

# %% [markdown]
# <!-- zh -->
# ## 1. 三种打开方式
#
# 每一课只有一份源文件（`lessons/source/` 里的 `.py`），由它生成三个笔记本：
#
# | 文件夹 | 内容 |
# |---|---|
# | `lessons/zh/` | 中文版 |
# | `lessons/en/` | 英文版 |
# | `lessons/zh-en/` | 中英对照：左栏中文，右栏英文 |
#
# 三个版本的代码完全相同，只有文字和代码注释的语言不同，所以你可以随时换一种语言继续读。
# 克隆仓库之后就能直接打开，不需要任何构建步骤。在课程目录运行 `make lab` 即可启动 JupyterLab。
#
# 下面的单元格列出所有课程，并确认三个版本都在。
# <!-- en -->
# ## 1. Three ways to open a lesson
#
# Each lesson has a single source (a `.py` file in `lessons/source/`) from which three notebooks
# are generated:
#
# | folder | what it holds |
# |---|---|
# | `lessons/zh/` | Chinese |
# | `lessons/en/` | English |
# | `lessons/zh-en/` | side by side: Chinese on the left, English on the right |
#
# The code is identical in all three; only the prose and the code comments change language, so you
# can switch languages at any point. They are there as soon as you clone the repository, with no
# build step. Run `make lab` in the course folder to start JupyterLab.
#
# The cell below lists the lessons and confirms that all three versions exist.

# %%
from kerastutor.layout import lessons as lesson_files

collection = lesson_files()
for source in collection.sources():
    versions = collection.targets(source)
    present = " ".join(f"{lang}:{'✓' if path.exists() else '✗'}" for lang, path in versions.items())
    print(f"{source.stem:<32} {present}")

kt.verify_true(kt.pick("每一课都有中文、英文和中英对照三个版本", "every lesson exists in zh, en and zh-en"),
               all(p.exists() for s in collection.sources() for p in collection.targets(s).values()))

# %% [markdown]
# <!-- zh -->
# ## 2. 运行一课
#
# - **逐个运行**：按 `Shift + Enter` 运行当前单元格并跳到下一个。先读文字，再运行它后面的代码。
# - **全部运行**：菜单 *Run → Run All Cells*。每一课从头到尾运行一遍只需要几十秒。
# - **重新开始**：*Kernel → Restart Kernel and Run All Cells*。`kt.setup` 固定了随机种子（这是本课程的设置，
#   不是 Keras 的默认行为），所以在同一台机器上每次运行打印的数字都一样。换一台机器或换一个 TensorFlow
#   版本，浮点数的最后几位可能不同（例如 TensorFlow 默认开启的 oneDNN 优化会改变运算顺序），
#   所以课程的核验都带容差，不逐位比较。
# - **一次运行全部课程**：在终端运行 `make course`，它会用 papermill 执行所有课程的所有语言版本，
#   把执行后的笔记本和一个 HTML 目录写到 `build/`，最后打印一张表。只想跑某几课时可以用
#   `python -m kerastutor run 00 02 --lang zh`。
#
# 很多单元格以 ✓ 开头的一行结束：那是**核验**，课程在用计算检查刚才讲的结论。
# 如果结论不成立，这一行会变成 ✗ 并报错。下面就是一个最小的例子。
# <!-- en -->
# ## 2. Running a lesson
#
# - **One cell at a time**: `Shift + Enter` runs the current cell and moves to the next. Read the
#   text first, then run the code that follows it.
# - **Everything**: menu *Run → Run All Cells*. A whole lesson takes a few tens of seconds.
# - **From scratch**: *Kernel → Restart Kernel and Run All Cells*. `kt.setup` fixes the random seeds
#   (a setting of this course, not something Keras does by default), so on the same machine every
#   run prints the same numbers. On another machine or another TensorFlow version the last digits of
#   a float may differ (TensorFlow's oneDNN optimizations, on by default, change the order of some
#   sums, for example), which is why the course's checks use tolerances rather than exact digits.
# - **In batch**: `make course` in a terminal executes every lesson in every language with
#   papermill, writes the executed notebooks and an HTML index to `build/`, and ends with a table.
#   To run only some lessons: `python -m kerastutor run 00 02 --lang en`.
#
# Many cells end with a line that starts with ✓: that is a **check**, the course verifying
# by computation what it just claimed. Were the claim false, the line would turn into ✗ and the
# cell would fail. Here is the smallest possible example.

# %%
import math

kt.verify_close(kt.pick("√2 的平方", "the square of √2"), math.sqrt(2) ** 2, 2.0, rtol=1e-12)

# %% [markdown]
# <!-- zh -->
# ## 3. 环境检查
#
# 课程在 Keras 3（TensorFlow 后端）上编写和测试。下面的单元格检查 Python、TensorFlow、Keras
# 以及几个辅助库的版本是否在课程测试过的范围内。每一项一行：✓ 表示没问题；✗ 会告诉你缺了
# 什么、需要什么版本，以及怎么修好（通常是在课程目录运行 `make install`）。
# <!-- en -->
# ## 3. Environment check
#
# The course is written and tested on Keras 3 with the TensorFlow backend. The cell below checks
# that Python, TensorFlow, Keras and a few helper libraries are within the version ranges the
# course is tested with. One line each: ✓ means fine; ✗ says what is missing, which version is
# needed, and how to fix it (usually `make install` in the course folder).

# %%
from kerastutor import envcheck

environment_ok = envcheck.report()
kt.verify_true(kt.pick("环境符合课程要求", "the environment meets the course's needs"), environment_ok)

# %% [markdown]
# <!-- zh -->
# 如果某个库缺失或者版本不对，你看到的会是下面这样的提示，而不是一大段 Python 报错。
# 这里我们**模拟**了一台坏掉的机器：Keras 没装，TensorFlow 又太旧。检查函数会如实报告两处问题。
# <!-- en -->
# When a library is missing or has the wrong version, you get a message like the ones below rather
# than a long Python traceback. Here we **simulate** a broken machine, with no Keras and a
# TensorFlow that is too old; the check reports both problems.

# %%
simulated = envcheck.check(versions={"tensorflow": "2.12.0", "keras": None},
                           ranges={"tensorflow": ">=2.19,<3", "keras": ">=3.10,<4"})
simulated_ok = envcheck.report(findings=simulated)
kt.verify_equal(kt.pick("模拟环境中发现的问题数", "problems found on the simulated machine"),
                sum(not f.ok for f in simulated), 2)

# %% [markdown]
# <!-- zh -->
# ## 4. 课程依据的四篇文档
#
# 课程的内容按四篇公开的中文文章安排，后面各课用编号称呼它们（“文档 001”等）。它们是大纲，
# 不是课文：课程的文字和代码都是重新写的，每个说法都在今天的 Keras 3 上运行核验。
#
# | 编号 | 文章 | 讲什么 | 写于哪个 Keras 时代 | 在哪几课 |
# |---|---|---|---|---|
# | 文档 000 | 《Keras 函数式 API》 | 函数式 API：全连接网络；多输入多输出的新闻标题模型；共享层（写到一半就停了：“太难了……以后慢慢更新”） | Keras 2.x（`epochs=`、`Embedding(input_length=…)`） | 第 11 课 |
# | 文档 001 | 《Keras.layers 各种层介绍》 | 层的方法，然后逐族列出各种层及其参数：常用层、卷积、池化、局部连接、循环、嵌入、合并层；最后是模型（Sequential 和函数式）及其方法 | Keras 1.x 和 2.x 混杂：有 `kernel_initializer`，也有 `output_dim`、`init`、`border_mode`、`nb_epoch`，还提到 Theano 后端 | 第 3–11 课 |
# | 文档 002 | 《Keras 简明教程：Keras - Layers》（一篇英文教程的中译） | 层的概念：一个层需要什么、输入形状、初始化器及其公式、约束、正则化器、激活函数、常见层一览表 | Keras 2.x（独立的 `keras` 包，层里写 `input_shape=`） | 第 1–5 课 |
# | 文档 003 | 《Keras 的模型（Model）和层（Layers）的介绍》 | TensorFlow 里的模型和层：继承 `tf.keras.Model`（`__init__` + `call`），用 `GradientTape` 训练一个线性回归 | TensorFlow 2.x 里的 `tf.keras`（Keras 2） | 第 1、12 课 |
#
# 文档 000–002 写于 Keras 3 之前，文档 003 用的是 TensorFlow 2 自带的 `tf.keras`；今天的 Keras 3 是一个独立的包，
# 可以换用不同的后端，这门课用 TensorFlow 后端。课程不附带这几篇文章的原文，需要的地方会引用原文的写法。
#
# ## 5. 勘误框和版本变化框
#
# 原文有错或已经过时的地方，课程会用醒目的框标出来：
#
# > **勘误** 原文本身就写错了：例如代码和文字说的不是一回事。
#
# > **版本变化（Keras 3）** 原文当年是对的，但在今天的 Keras 里已经不是这样了。
#
# 框的后面总有两个代码单元格：先运行原来的写法，让你看到今天会发生什么（报错、警告或不同的结果），
# 再运行正确的写法。下面用一个真实的例子演示：Keras 1 的 `Dense(output_dim=…)` 参数在 Keras 3 里已经不存在。
# <!-- en -->
# ## 4. The four source documents
#
# The course is laid out after four public Chinese articles, which later lessons cite by number
# ("document 001" and so on). They are the syllabus, not the text: every sentence and code cell of
# the course is written anew, and every claim is checked by running it on today's Keras 3.
#
# | number | article | what it covers | Keras era | lessons |
# |---|---|---|---|---|
# | document 000 | "Keras functional API" (a blog post) | the functional API: a fully connected network; the multi-input, multi-output news-headline model; shared layers (it stops halfway: "too hard, will update later") | Keras 2.x (`epochs=`, `Embedding(input_length=…)`) | 11 |
# | document 001 | "An introduction to every layer in keras.layers" (a blog post) | the layer methods, then every family of layers with its arguments: core, convolution, pooling, locally connected, recurrent, embedding, merge; finally models (Sequential and functional) and their methods | a mix of Keras 1.x and 2.x: `kernel_initializer` next to `output_dim`, `init`, `border_mode`, `nb_epoch`, and the Theano backend | 3–11 |
# | document 002 | "A concise Keras tutorial: Keras - Layers" (a Chinese translation of an English tutorial) | what a layer is made of: what a layer needs, input shape, initializers and their formulas, constraints, regularizers, activations, a table of the layer kinds | Keras 2.x (the standalone `keras` package, `input_shape=` on layers) | 1–5 |
# | document 003 | "An introduction to Keras models and layers" (a blog post) | models and layers in TensorFlow: subclassing `tf.keras.Model` (`__init__` + `call`), a linear regression trained with `GradientTape` | TensorFlow 2.x's `tf.keras` (Keras 2) | 1, 12 |
#
# Documents 000–002 predate Keras 3, and document 003 uses the `tf.keras` bundled with TensorFlow 2;
# today's Keras 3 is a package of its own that can run on several backends, and this course uses
# the TensorFlow backend. The course does not ship the articles; where it needs their code, it
# quotes it.
#
# ## 5. Erratum and Changed-in-Keras-3 boxes
#
# Where a source is wrong or out of date, the lesson says so in a marked box:
#
# > **Erratum** The source itself was wrong: for example its code does not do what its text says.
#
# > **Changed in Keras 3** The source was right in its day, but today's Keras behaves differently.
#
# Each box is followed by two code cells: first the old form runs, so you see what happens today
# (an error, a warning or a different result), then the right form runs. A real example: Keras 1's
# `Dense(output_dim=…)` argument no longer exists in Keras 3.

# %%
import keras
import numpy as np

with kt.expect_error(TypeError):
    keras.layers.Dense(output_dim=32)

# %%
layer = keras.layers.Dense(units=32)
kt.verify_equal(kt.pick("Dense(units=32) 对 5 个样本的输出形状", "the output shape of Dense(units=32) on 5 samples"),
                tuple(layer(np.ones((5, 3))).shape), (5, 32))

# %% [markdown]
# <!-- zh -->
# `kt.expect_error` 还有一个作用：如果将来某个 Keras 版本又接受了旧写法，这个单元格会失败，
# 提醒我们更新课程，而不是继续教过时的东西。
#
# ## 6. 练习：即时反馈
#
# 从第 1 课开始，每一课都有一个练习笔记本：`exercises/zh/` 是中文版，`exercises/en/` 是英文版。
# 在标着 `# YOUR CODE HERE` 的地方写下你的答案，删掉下面那行 `raise NotImplementedError()`，
# 然后运行紧跟着的检查单元格 `check("q1")`。它会立即告诉你：
#
# - **公开测试通过**，或者
# - 哪里不对，以及一条提示（例如形状差了哪一维）。
#
# 之所以叫“公开”测试，是因为老师批改时还会运行一些你看不到的隐藏测试。`check_all()` 会一次检查所有题目。
#
# 下面借练习 1 的第 2 题演示一下。这道题要你写一个函数 `dense_output_shape(input_shape, units)`。
# 先是练习里原样的占位代码，再是一个错误的答案：两次检查分别告诉你“还没有作答”和“哪里不对”。
# <!-- en -->
# `kt.expect_error` has a second job: if a future Keras accepts the old form again, this cell fails
# and tells us to update the course instead of going on teaching something outdated.
#
# ## 6. Exercises with instant feedback
#
# From lesson 1 on, every lesson has an exercise notebook: `exercises/zh/` in Chinese and
# `exercises/en/` in English. Write your answer where it says `# YOUR CODE HERE`, delete the
# `raise NotImplementedError()` line below it, and run the check cell right after it,
# `check("q1")`. It tells you at once either
#
# - **public tests passed**, or
# - what is wrong, with a hint (for example which dimension of a shape is off).
#
# They are called *public* tests because your teacher's grading also runs hidden tests you cannot
# see. `check_all()` checks every question at once.
#
# Here is a demonstration with question 2 of exercise 1, which asks for a function
# `dense_output_shape(input_shape, units)`. First the placeholder exactly as the exercise has it,
# then a wrong answer: the two checks say "not answered yet" and "what is wrong".

# %%
from kerastutor.exercises import check, start

start("01")


def dense_output_shape(input_shape, units):
    # YOUR CODE HERE
    raise NotImplementedError()


with kt.expect_error(kt.KerastutorError):
    check("q2")


def dense_output_shape(input_shape, units):
    # zh: 错误的答案：忘了把最后一维换成 units
    # en: a wrong answer: it forgets to replace the last dimension with units
    return tuple(input_shape)


with kt.expect_error(kt.KerastutorError):
    check("q2")

# %% [markdown]
# <!-- zh -->
# 答对了，检查会打印一行 ✓ 和“公开测试通过”。
#
# ## 7. 答案和批改（教师）
#
# 带答案的教师版在 `solutions/`。学生版 `exercises/` 是用 `python -m kerastutor release`
# 从教师版生成的，答案和隐藏测试都已去掉。老师收齐一个文件夹的作业后，一条命令就能批改全班：
#
# ```
# python -m kerastutor grade --assignment 01 submissions/ --out grades.csv
# ```
#
# 它为每份作业写一行成绩，并为每位学生写一份用其语言书写的反馈。
#
# ## 小结
#
# - 每一课有中文、英文、中英对照三个版本，代码完全相同；`make lab` 打开，`make course` 一次运行全部课程。
# - 课程按四篇旧文档（文档 000–003，Keras 1.x/2.x 时代）安排内容，但每句话都在 Keras 3 上重新核验。
# - ✓ 行是课程用计算做的核验；勘误框和版本变化框标出原文的错误和过时之处。
# - 练习在 `exercises/`，用 `check("q1")` 获得即时反馈；答案在 `solutions/`。
#
# 下一课：**第 1 课　模型和层**。
# <!-- en -->
# With a right answer the check prints a ✓ line saying the public tests passed.
#
# ## 7. Solutions and grading (for teachers)
#
# The teacher's copies, with solutions, are in `solutions/`. The student copies in `exercises/` are
# generated from them with `python -m kerastutor release`, with answers and hidden tests removed.
# Once a folder of submissions is collected, one command grades the whole class:
#
# ```
# python -m kerastutor grade --assignment 01 submissions/ --out grades.csv
# ```
#
# It writes one row of grades per submission and a feedback file for each student, in the
# student's language.
#
# ## Summary
#
# - Each lesson exists in Chinese, English and side by side, with identical code; `make lab` opens
#   them, `make course` runs them all.
# - The course follows four old documents (000–003, from the Keras 1.x/2.x era), but every claim is
#   checked anew on Keras 3.
# - ✓ lines are the course verifying its claims by computation; Erratum and Changed-in-Keras-3
#   boxes mark where the sources are wrong or outdated.
# - Exercises are in `exercises/`, with instant feedback from `check("q1")`; solutions are in
#   `solutions/`.
#
# Next: **Lesson 1 · Models and layers**.
