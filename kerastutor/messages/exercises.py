"""Messages of check() / check_all() in exercise notebooks (kerastutor.exercises).

Messages of one exercise's questions live with its checks, in kerastutor/exercises/exNN.py.
"""

MESSAGES = {
    "ex.started": {
        "zh": "练习 {number}：共 {count} 题。写完一题的答案后，运行紧跟着的检查单元格，例如 check(\"{first}\")。",
        "en": "Exercise {number}: {count} questions. After answering one, run the check cell right below it, e.g. check(\"{first}\").",
    },
    "ex.passed": {
        "zh": "✓ {qid}：公开测试通过。（批改时老师还会运行隐藏测试。）",
        "en": "✓ {qid}: public tests passed. (Your teacher's grading also runs hidden tests.)",
    },
    "ex.not_answered": {
        "zh": "{qid}：你还没有作答。请把 `# YOUR CODE HERE` 下面的 `raise NotImplementedError()` 换成你的答案，运行那个单元格，再运行检查。",
        "en": "{qid}: you have not answered {qid} yet. Replace the `raise NotImplementedError()` under `# YOUR CODE HERE` with your answer, run that cell, then run the check again.",
    },
    "ex.answer_cell_failed": {
        "zh": "{qid}：定义 {name} 的答案单元格运行时出错了（{etype}：{message}），所以 {name} 还不存在。改正那个单元格，运行它，再运行检查。",
        "en": "{qid}: the answer cell that defines {name} failed ({etype}: {message}), so {name} does not exist yet. Fix that cell, run it, then run the check again.",
    },
    "ex.raised_explained": {
        "zh": "{qid}：检查调用你的 {name} 时出错：{detail}",
        "en": "{qid}: when the check called your {name}, it failed: {detail}",
    },
    "ex.no_input": {
        "zh": "{qid}：这个模型还没有输入，所以 Keras 不知道它的形状：模型要以 keras.Input(shape=…) 开头（写单个样本的形状）。",
        "en": "{qid}: the model has no input yet, so Keras does not know its shapes: start the model with keras.Input(shape=…) (the shape of one sample).",
    },
    "ex.wrong": {"zh": "{qid}：{detail}", "en": "{qid}: {detail}"},
    "ex.hint": {"zh": "\n提示：{hint}", "en": "\nHint: {hint}"},
    "ex.raised": {
        "zh": "{qid}：检查调用你的 {name} 时，它抛出了 {etype}：{message}",
        "en": "{qid}: when the check called your {name}, it raised {etype}: {message}",
    },
    "ex.broke_check": {
        "zh": "{qid}：你的答案让检查无法进行（{etype}：{message}）。请确认答案的类型和题目要求一致。",
        "en": "{qid}: your answer stopped the check from running ({etype}: {message}). Make sure it is the kind of value the question asks for.",
    },
    "ex.not_callable": {
        "zh": "{name} 应该是一个函数（用 def 定义），现在它是 {got}。",
        "en": "{name} should be a function (defined with def); it is a {got}.",
    },
    "ex.not_equal": {"zh": "{what}：得到 {got}，应为 {expected}。", "en": "{what}: got {got}, expected {expected}."},
    "ex.not_number": {"zh": "{what}：应该是一个数，得到的是 {got}。", "en": "{what}: should be a number; got {got}."},
    "ex.not_close": {
        "zh": "{what}：得到 {got}，应约为 {expected}。",
        "en": "{what}: got {got}, expected about {expected}.",
    },
    "ex.unknown_question": {
        "zh": "练习 {number} 中没有题目 {qid}。可用的题号：{known}。",
        "en": "Exercise {number} has no question {qid}. Its questions are: {known}.",
    },
    "ex.unknown_exercise": {
        "zh": "没有编号为 {number} 的练习（编号是两位数字，例如 \"01\"）。",
        "en": "There is no exercise numbered {number} (numbers have two digits, e.g. \"01\").",
    },
    "ex.not_started": {
        "zh": "还不知道这是哪个练习：请先运行笔记本开头的设置单元格（其中有 start(\"NN\")）。",
        "en": "Which exercise is this? Run the setup cell at the top of the notebook first (it calls start(\"NN\")).",
    },
    "ex.summary": {
        "zh": "公开测试：{total} 题中通过 {passed} 题。",
        "en": "Public tests: {passed} of {total} questions pass.",
    },
}
