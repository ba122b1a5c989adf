"""Messages of kerastutor.initializers."""

MESSAGES = {
    "init.bad_shape": {
        "zh": "核的形状应是正整数组成的元组，例如 (784, 512) 或 (3, 3, 16, 32)；收到的是 {got}。",
        "en": "A kernel shape should be a tuple of positive integers, such as (784, 512) or (3, 3, 16, 32); got {got}.",
    },
    "init.bad_choice": {
        "zh": "{what} 应为 {allowed} 之一；收到的是 {got}。",
        "en": "{what} should be one of {allowed}; got {got}.",
    },
    "init.bad_scale": {"zh": "scale 应是正数；收到的是 {got}。", "en": "scale should be a positive number; got {got}."},
    "init.unknown": {
        "zh": "不认识的初始化器 {got}。可用的名字：{allowed}。",
        "en": "Unknown initializer {got}. Known names: {allowed}.",
    },
    "init.identity_2d": {
        "zh": "Identity 只能用于二维的核（矩阵）；收到的形状是 {got}。",
        "en": "Identity works only for 2-D kernels (matrices); got shape {got}.",
    },
    "init.no_density": {
        "zh": "{family} 初始化器的取值不是独立同分布的随机数，没有单个权重的密度函数。",
        "en": "A {family} initializer does not draw independent values, so one weight has no density function.",
    },
}
