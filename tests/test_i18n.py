import re

import pytest

import kerastutor as kt
from kerastutor import i18n


@pytest.fixture(autouse=True)
def restore_language():
    before = kt.get_language()
    yield
    kt.set_language(before)


def test_every_message_has_both_languages_with_the_same_placeholders():
    assert len(i18n.CATALOGUE) > 20
    for key, texts in i18n.CATALOGUE.items():
        assert texts["zh"].strip() and texts["en"].strip(), key
        assert i18n.placeholders(texts["zh"]) == i18n.placeholders(texts["en"]), key
        bare = re.sub(r"\{[^}]*\}", "", texts["en"])
        has_words = sum(ch.isascii() and ch.isalpha() for ch in bare) > 3
        if has_words:  # a sentence in English needs a Chinese sentence, not a copy
            assert any("\u4e00" <= ch <= "\u9fff" for ch in texts["zh"]), key


def test_language_switches_the_message():
    kt.set_language("en")
    assert kt.t("env.summary_ok").startswith("Environment check passed")
    kt.set_language("zh")
    assert kt.t("env.summary_ok").startswith("环境检查通过")
    kt.set_language("zh-en")
    both = kt.t("env.summary_ok")
    assert "环境检查通过" in both and "Environment check passed" in both


def test_unknown_language_is_explained_in_both_languages():
    with pytest.raises(i18n.LanguageError) as info:
        kt.set_language("fr")
    assert "'fr'" in str(info.value) and "应为" in str(info.value) and "expected" in str(info.value)


def test_pick():
    assert kt.pick("层", "layer", lang="zh") == "层"
    assert kt.pick("层", "layer", lang="en") == "layer"
    assert kt.pick("层", "layer", lang="zh-en") == "层 / layer"


def test_register_refuses_a_half_translated_message():
    with pytest.raises(KeyError):
        i18n.register({"test.only_zh": {"zh": "只有中文"}})


def test_side_by_side_messages_compose_per_language():
    kt.set_language("zh-en")
    inner = kt.t("verify.true_detail")
    outer = kt.t("verify.ok", name=kt.pick("某个结论", "a claim"), detail=inner)
    assert outer.zh == "✓ 某个结论：成立" and outer.en == "✓ a claim: holds"
    assert "a claim" not in outer.zh and "某个结论" not in outer.en
    assert str(outer) == "✓ 某个结论：成立 / ✓ a claim: holds"
