"""Learner language and the message catalogue.

Every learner-facing string of the package comes from here, so a lesson run in Chinese answers in
Chinese and the same lesson in English answers in English. "zh-en" (中英对照) shows both.
"""
from __future__ import annotations

import os
import string

LANGUAGES = ("zh", "en", "zh-en")
_DEFAULT = os.environ.get("KERASTUTOR_LANG", "zh")
_state = {"lang": _DEFAULT if _DEFAULT in LANGUAGES else "zh"}

# key -> {"zh": ..., "en": ...}; filled by kerastutor.messages.* modules through register().
CATALOGUE: dict[str, dict[str, str]] = {}


class LanguageError(ValueError):
    """Raised for a language code the course does not know."""


def set_language(lang: str) -> str:
    """Choose the language of every message the package prints: "zh", "en" or "zh-en"."""
    if not isinstance(lang, str) or lang.lower() not in LANGUAGES:
        # Both languages: at this point we do not know which one the learner reads.
        raise LanguageError(
            f"未知的语言 {lang!r}：应为 'zh'、'en' 或 'zh-en'。 / "
            f"Unknown language {lang!r}: expected 'zh', 'en' or 'zh-en'."
        )
    _state["lang"] = lang.lower()
    return _state["lang"]


def get_language() -> str:
    return _state["lang"]


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages to the catalogue; a key may be registered only once."""
    for key, texts in messages.items():
        if key in CATALOGUE and CATALOGUE[key] != texts:
            raise KeyError(f"message {key!r} registered twice with different texts")
        if set(texts) != {"zh", "en"}:
            raise KeyError(f"message {key!r} needs exactly 'zh' and 'en' texts, got {sorted(texts)}")
        CATALOGUE[key] = texts


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Bilingual(str):
    """Text in both languages (zh-en mode). It is a plain str ("中文 / English") wherever text is
    expected, but keeps its parts, so a message that contains it shows each part on its own side
    instead of both languages twice."""

    def __new__(cls, zh: str, en: str):
        zh, en = _part(zh, "zh"), _part(en, "en")
        if zh == en:
            joined = zh
        else:  # short messages on one line; longer ones one language per line
            joined = f"{zh} / {en}" if len(zh) + len(en) < 80 and "\n" not in zh + en else f"{zh}\n{en}"
        obj = super().__new__(cls, joined)
        obj.zh, obj.en = zh, en
        return obj


def _part(value, lang: str):
    return getattr(value, lang) if isinstance(value, Bilingual) else value


def t(key: str, lang: str | None = None, **values) -> str:
    """The message `key` in the current language, with `values` filled in."""
    lang = lang or _state["lang"]
    texts = CATALOGUE[key]
    if lang == "zh-en":
        return Bilingual(*(texts[part].format(**{k: _part(v, part) for k, v in values.items()})
                           for part in ("zh", "en")))
    return texts[lang].format(**{k: _part(v, lang) for k, v in values.items()})


def pick(zh: str, en: str, lang: str | None = None) -> str:
    """Choose between two literal texts (for plot labels and names made inside lessons)."""
    lang = lang or _state["lang"]
    if lang == "zh-en":
        return Bilingual(zh, en)
    return {"zh": zh, "en": en}[lang]
