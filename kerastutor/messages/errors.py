"""Messages of kerastutor.errors: Keras errors the course explains in the learner's language."""

MESSAGES = {
    "errors.keras1_keyword": {
        "zh": "{layer} 不接受 {old}（这是 Keras 1 的参数名）。今天的写法：{pairs}。",
        "en": "{layer} does not accept {old} (Keras 1 argument names). Today's names: {pairs}.",
    },
}
