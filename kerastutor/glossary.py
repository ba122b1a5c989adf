"""The course glossary, read from lessons/GLOSSARY.md, for the terminology test."""
from __future__ import annotations

import pathlib
import re

from .layout import ROOT

# English term (as matched in prose, case-insensitive, whole words) -> accepted Chinese forms.
# Kept here rather than parsed from the table's free-form notes: these are the checked pairs.
CHECKED_TERMS = {
    "initializer": ("初始化器",),
    "regularizer": ("正则化器", "正则化"),
    "constraint": ("约束",),
    "activation": ("激活",),
    "layer": ("层",),
    "model": ("模型",),
    "weight": ("权重",),
    "bias": ("偏置",),
    "standard deviation": ("标准差",),
    "uniform distribution": ("均匀分布",),
    "normal distribution": ("正态分布",),
    "truncated normal": ("截断正态",),
    "histogram": ("直方图",),
    "batch dimension": ("批次维",),  # 批次维度 in full; 批次维 for short
    "input shape": ("输入形状",),
    "exercise": ("练习",),
    "optimizer": ("优化器",),
    "convolution": ("卷积",),
    "pooling": ("池化",),
    "embedding": ("嵌入", "Embedding"),
    "shared layer": ("共享层", "共享的层"),
    "functional API": ("函数式 API", "函数式API"),
}


# Chinese forms the course does not use, with the form it uses instead (one term per concept).
AVOIDED_FORMS = {
    "批量": "批次 (batch) / 批大小 (batch size)",
    "单元数": "神经元数 (units); 单元 is kept for an RNN cell",
}


def avoided_forms(zh: str) -> list[str]:
    """Avoided Chinese forms that occur in `zh`, each with what to write instead."""
    return [f"{form} → {instead}" for form, instead in AVOIDED_FORMS.items() if form in zh]


def verify_written_as_validation(zh: str, en: str) -> bool:
    """True when the Chinese says 验证 where the English speaks of verifying, not of validation:
    核验 is the course's word for checking a claim, 验证 for validation data."""
    return "验证" in zh and not re.search(r"validat", en, re.IGNORECASE)


def glossary_file(root: pathlib.Path = ROOT) -> pathlib.Path:
    return root / "lessons" / "GLOSSARY.md"


def missing_terms(zh: str, en: str) -> list[str]:
    """English glossary terms used in `en` whose Chinese form is absent from `zh`."""
    # Code spans, formulas and URLs are names, not prose.
    strip = lambda s: re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\(https?://[^)]*\)", " ", s, flags=re.S)  # noqa: E731
    en_text, zh_text = strip(en), strip(zh)
    missing = []
    for term, forms in CHECKED_TERMS.items():
        if re.search(rf"\b{re.escape(term)}s?\b", en_text, re.IGNORECASE):
            if not any(form in zh_text for form in forms):
                missing.append(term)
    return missing
