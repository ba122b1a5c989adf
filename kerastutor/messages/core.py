"""Messages of the lesson session, the verify helpers and the environment check."""

MESSAGES = {
    "setup.banner": {
        "zh": "环境就绪：Keras {keras}（后端 {backend}），随机种子 {seed}{fast}",
        "en": "Ready: Keras {keras} (backend {backend}), random seed {seed}{fast}",
    },
    "setup.fast": {"zh": "，快速模式（训练已缩短）", "en": ", fast mode (training shortened)"},
    "setup.tf_first": {
        "zh": "TensorFlow 在 kerastutor 之前就已导入，它的启动日志可能会出现在输出中。请把 `import kerastutor` 放在第一个代码单元格。",
        "en": "TensorFlow was imported before kerastutor, so its start-up log may show. Put `import kerastutor` in the first code cell.",
    },
    "verify.ok": {"zh": "✓ {name}：{detail}", "en": "✓ {name}: {detail}"},
    "verify.close_detail": {
        "zh": "{actual} ≈ {expected}（相对误差 {rel}，容差 {tol}）",
        "en": "{actual} ≈ {expected} (relative error {rel}, tolerance {tol})",
    },
    "verify.close_fail": {
        "zh": "✗ {name}：得到 {actual}，期望 {expected}，相对误差 {rel} 超过容差 {tol}",
        "en": "✗ {name}: got {actual}, expected {expected}; relative error {rel} exceeds tolerance {tol}",
    },
    "verify.close_array_detail": {
        "zh": "形状 {shape}，逐元素最大差 {gap}（容差 {tol}）",
        "en": "shape {shape}, largest element-wise gap {gap} (tolerance {tol})",
    },
    "verify.close_array_fail": {
        "zh": "✗ {name}：形状 {shape} 的数组逐元素最大差 {gap}，超过容差 {tol}",
        "en": "✗ {name}: the arrays of shape {shape} differ by up to {gap}, beyond the tolerance {tol}",
    },
    "verify.array_equal_detail": {"zh": "形状 {shape}，每个元素都相等", "en": "shape {shape}, every element equal"},
    "verify.array_equal_fail": {
        "zh": "✗ {name}：数组不相等（形状 {shape}，期望形状 {expected_shape}，不同的元素数：{count}）",
        "en": "✗ {name}: the arrays differ (shape {shape}, expected shape {expected_shape}, elements that differ: {count})",
    },
    "verify.equal_detail": {"zh": "{actual} 与期望一致", "en": "{actual} as expected"},
    "verify.equal_fail": {
        "zh": "✗ {name}：得到 {actual}，期望 {expected}",
        "en": "✗ {name}: got {actual}, expected {expected}",
    },
    "verify.true_detail": {"zh": "成立", "en": "holds"},
    "verify.true_fail": {"zh": "✗ {name}：不成立", "en": "✗ {name}: does not hold"},
    "verify.error_shown": {
        "zh": "⚠ 这段代码在当前 Keras 中报错（正如预期）：{etype}: {message}",
        "en": "⚠ On today's Keras this code fails, as expected: {etype}: {message}",
    },
    "verify.learner_error_shown": {
        "zh": "⚠ （预期中的）kerastutor 提示：{message}",
        "en": "⚠ (as expected) kerastutor says: {message}",
    },
    "verify.no_error": {
        "zh": "✗ 预期这段代码会报 {expected}，但它正常运行了。Keras 的行为可能又变了，本节需要更新。",
        "en": "✗ This code was expected to raise {expected}, but it ran. Keras may have changed again; this section needs updating.",
    },
    "verify.warning_shown": {
        "zh": "⚠ Keras 给出警告（正如预期）：{category}: {message}",
        "en": "⚠ Keras warns, as expected: {category}: {message}",
    },
    "verify.no_warning": {
        "zh": "✗ 预期这段代码会给出 {expected} 警告，但没有。Keras 的行为可能又变了，本节需要更新。",
        "en": "✗ This code was expected to warn ({expected}), but it did not. Keras may have changed again; this section needs updating.",
    },
    "env.ok": {"zh": "✓ {name} {version}（要求 {wanted}）", "en": "✓ {name} {version} (needs {wanted})"},
    "env.missing": {
        "zh": "✗ 没有找到 {name}（要求 {wanted}）。请在课程目录运行 `make install`，或 `pip install -e .`。",
        "en": "✗ {name} is not installed (needs {wanted}). Run `make install` in the course folder, or `pip install -e .`.",
    },
    "env.wrong": {
        "zh": "✗ {name} 的版本是 {version}，但课程要求 {wanted}。请在课程目录运行 `make install` 重新安装。",
        "en": "✗ {name} is version {version}, but the course needs {wanted}. Run `make install` in the course folder to reinstall.",
    },
    "env.summary_ok": {"zh": "环境检查通过：可以开始学习了。", "en": "Environment check passed: you are ready to start."},
    "env.summary_bad": {
        "zh": "环境检查未通过：{count} 项有问题，见上方。",
        "en": "Environment check failed: {count} problem(s), see above.",
    },
}
