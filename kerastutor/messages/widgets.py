"""Messages of kerastutor.widgets and of the pure formula modules behind them
(kerastutor.activations, kerastutor.constraints, kerastutor.regularizers)."""

MESSAGES = {
    # ---------------------------------------------------------------- shared
    "widgets.unknown_option": {
        "zh": "不认识的选项：{got}。可用的选项：{allowed}。",
        "en": "Unknown option(s): {got}. Available options: {allowed}.",
    },
    "widgets.unknown_choice": {
        "zh": "{what} 应为 {allowed} 之一；收到的是 {got}。",
        "en": "{what} should be one of {allowed}; got {got}.",
    },
    "widgets.bad_number": {
        "zh": "{name} 应是 {range} 范围内的数；收到的是 {got}。",
        "en": "{name} should be a number in {range}; got {got}.",
    },
    # ---------------------------------------------------------------- initializer explorer
    "widgets.init.title": {"zh": "初始化器探索器", "en": "Initializer explorer"},
    "widgets.init.initializer": {"zh": "初始化器", "en": "initializer"},
    "widgets.init.samples": {"zh": "采样得到的权重", "en": "sampled weights"},
    "widgets.init.density": {"zh": "理论密度", "en": "theoretical density"},
    "widgets.init.bounds": {"zh": "取值范围", "en": "range of values"},
    "widgets.init.xlabel": {"zh": "权重的值", "en": "weight value"},
    "widgets.init.ylabel": {"zh": "概率密度", "en": "density"},
    "widgets.init.fans": {
        "zh": "核的形状 {shape}：fan_in = {fan_in}，fan_out = {fan_out}",
        "en": "Kernel shape {shape}: fan_in = {fan_in}, fan_out = {fan_out}",
    },
    "widgets.init.formula": {"zh": "公式：{formula}", "en": "Formula: {formula}"},
    "widgets.init.stats": {
        "zh": "{n} 个样本：均值 {mean}，标准差 {std}（公式给出 {theory}），最小 {lo}，最大 {hi}",
        "en": "{n} samples: mean {mean}, std {std} (the formula says {theory}), min {lo}, max {hi}",
    },
    "widgets.init.no_density": {
        "zh": "{family} 初始化器不是逐个独立抽样，所以没有单个权重的密度曲线；直方图显示的是整个矩阵的取值。",
        "en": "A {family} initializer does not draw its values one by one, so there is no density curve for one weight; the histogram shows the whole matrix.",
    },
    # ---------------------------------------------------------------- activation explorer
    "widgets.act.title": {"zh": "激活函数探索器", "en": "Activation explorer"},
    "widgets.act.function": {"zh": "函数 f(x)", "en": "function f(x)"},
    "widgets.act.derivative": {"zh": "导数 f′(x)", "en": "derivative f′(x)"},
    "widgets.act.choose": {"zh": "激活函数", "en": "activations"},
    "widgets.act.range": {"zh": "x 的范围 ±", "en": "x range ±"},
    "widgets.act.probe": {
        "zh": "在 x = {x0} 处：{name}(x) = {y0}，导数 = {dy0}",
        "en": "at x = {x0}: {name}(x) = {y0}, derivative = {dy0}",
    },
    "widgets.act.none": {"zh": "请至少选择一个激活函数。", "en": "Choose at least one activation."},
    "widgets.act.unknown": {
        "zh": "不认识的激活函数 {got}。可用的有：{allowed}。",
        "en": "Unknown activation {got}. Available: {allowed}.",
    },
    # ---------------------------------------------------------------- convolution / pooling calculator
    "widgets.conv.title": {"zh": "卷积 / 池化形状计算器", "en": "Convolution / pooling shape calculator"},
    "widgets.conv.kind": {"zh": "层的种类", "en": "layer kind"},
    "widgets.conv.kind.conv": {"zh": "卷积", "en": "convolution"},
    "widgets.conv.kind.pool": {"zh": "池化", "en": "pooling"},
    "widgets.conv.kind.transpose": {"zh": "转置卷积", "en": "transposed convolution"},
    "widgets.conv.n": {"zh": "输入长度", "en": "input length"},
    "widgets.conv.position": {"zh": "高亮位置", "en": "highlight"},
    "widgets.conv.input": {
        "zh": "输入：{n} 个（左补零 {left}，右补零 {right}）",
        "en": "input: {n} (zeros: {left} left, {right} right)",
    },
    "widgets.conv.output": {"zh": "输出：{value} 个", "en": "output: {value}"},
    "widgets.conv.result": {
        "zh": "{kind}：输入长度 {n} → 输出长度 {value}，即 {text}",
        "en": "{kind}: input length {n} → output length {value}: {text}",
    },
    "widgets.conv.formula": {"zh": "一般公式：{formula}", "en": "In general: {formula}"},
    "widgets.conv.window": {
        "zh": "第 {position} 个输出读取的输入位置：{inputs}（负数或超出末尾的是补的零）",
        "en": "Output {position} reads input positions {inputs} (negative or past the end: padding zeros)",
    },
    "widgets.conv.taps": {
        "zh": "第 {position} 个输入写到的输出位置：{outputs}",
        "en": "Input {position} writes to output positions {outputs}",
    },
    "widgets.conv.padding": {
        "zh": "补零：左边 {left} 个，右边 {right} 个",
        "en": "Zero padding: {left} on the left, {right} on the right",
    },
    # ---------------------------------------------------------------- constraint / regularizer explorer
    "widgets.cons.title": {"zh": "约束与正则化探索器", "en": "Constraint and regularizer explorer"},
    "widgets.cons.before": {"zh": "约束前的权重", "en": "weights before"},
    "widgets.cons.after": {"zh": "约束后的权重", "en": "weights after"},
    "widgets.cons.vector": {"zh": "向量编号", "en": "vector"},
    "widgets.cons.norms": {"zh": "沿 axis={axis} 的范数", "en": "norms along axis={axis}"},
    "widgets.cons.norm_before": {"zh": "约束前", "en": "before"},
    "widgets.cons.norm_after": {"zh": "约束后", "en": "after"},
    "widgets.cons.constraint": {"zh": "约束", "en": "constraint"},
    "widgets.cons.regularizer": {"zh": "正则化", "en": "regularizer"},
    "widgets.cons.scale": {"zh": "权重大小", "en": "weight scale"},
    "widgets.cons.rule.non_neg": {"zh": "NonNeg：把负的权重置为 0。", "en": "NonNeg: negative weights become 0."},
    "widgets.cons.rule.unit_norm": {
        "zh": "UnitNorm：每个向量除以自己的范数，范数变为 1。",
        "en": "UnitNorm: each vector is divided by its norm, so its norm becomes 1.",
    },
    "widgets.cons.rule.max_norm": {
        "zh": "MaxNorm：范数超过 max_value 的向量按比例缩小到 max_value，其余不变。",
        "en": "MaxNorm: vectors whose norm exceeds max_value are scaled down to max_value; the others stay.",
    },
    "widgets.cons.rule.min_max_norm": {
        "zh": "MinMaxNorm：新范数 = rate·clip(范数, min_value, max_value) + (1 − rate)·范数。",
        "en": "MinMaxNorm: new norm = rate·clip(norm, min_value, max_value) + (1 − rate)·norm.",
    },
    "widgets.cons.norm_values": {
        "zh": "沿 axis={axis} 的范数：约束前 {before}，约束后 {after}",
        "en": "Norms along axis={axis}: before {before}, after {after}",
    },
    "widgets.cons.penalty": {
        "zh": "{name} 惩罚项：约束前 {before}；约束后 {after}",
        "en": "{name} penalty: before {before}; after {after}",
    },
    # ---------------------------------------------------------------- dropout explorer
    "widgets.drop.title": {"zh": "Dropout 探索器", "en": "Dropout explorer"},
    "widgets.drop.input": {"zh": "输入", "en": "input"},
    "widgets.drop.output": {"zh": "输出（{mode}）", "en": "output ({mode})"},
    "widgets.drop.training": {"zh": "训练", "en": "training"},
    "widgets.drop.inference": {"zh": "推理", "en": "inference"},
    "widgets.drop.ones": {"zh": "全 1 输入", "en": "inputs of 1"},
    "widgets.drop.random": {"zh": "随机输入", "en": "random inputs"},
    "widgets.drop.counts": {
        "zh": "丢弃了 {dropped}/{total} 个元素（{share}，rate 为 {rate}），保留 {kept} 个",
        "en": "{dropped} of {total} units dropped ({share}; rate is {rate}), {kept} kept",
    },
    "widgets.drop.scale": {
        "zh": "保留下来的元素乘以 1/(1 − {rate}) = {scale}，这样输出的期望值与输入相同",
        "en": "Kept units are multiplied by 1/(1 − {rate}) = {scale}, so the expected output equals the input",
    },
    "widgets.drop.means": {
        "zh": "输入均值 {mean_x}，输出均值 {mean_y}",
        "en": "mean of the inputs {mean_x}, mean of the outputs {mean_y}",
    },
    "widgets.drop.inference_text": {
        "zh": "推理时（training=False）Dropout 什么都不做：输出等于输入。",
        "en": "At inference (training=False) Dropout does nothing: the output equals the input.",
    },
}
