"""Terms are used consistently: where the English prose uses a glossary term, the Chinese uses it too."""
import pytest

from kerastutor import glossary, layout
from kerastutor.notebooks import read_source, split_prose

CELLS = [(source, index, split_prose(cell.source, f"{source.name}:{index}"))
         for collection in layout.all_collections().values() for source in collection.sources()
         for index, cell in enumerate(read_source(source).cells) if cell.cell_type == "markdown"]


def test_glossary_lists_every_checked_term():
    table = glossary.glossary_file().read_text(encoding="utf-8")
    for term, forms in glossary.CHECKED_TERMS.items():
        assert term.split()[0].lower() in table.lower(), term
        assert forms[0] in table, forms[0]


@pytest.mark.parametrize("source,index,prose", CELLS, ids=[f"{s.parent.parent.name}/{s.stem}:{i}" for s, i, _ in CELLS])
def test_terms_are_translated_consistently(source, index, prose):
    assert glossary.missing_terms(prose.zh, prose.en) == []


@pytest.mark.parametrize("source,index,prose", CELLS, ids=[f"{s.parent.parent.name}/{s.stem}:{i}" for s, i, _ in CELLS])
def test_one_chinese_term_per_concept(source, index, prose):
    assert glossary.avoided_forms(prose.zh) == []
    assert not glossary.verify_written_as_validation(prose.zh, prose.en), "核验 for verify, 验证 for validation"


def test_the_message_catalogue_uses_the_same_terms():
    import importlib

    from kerastutor import i18n
    for number in range(1, 13):   # each exercise registers its own messages when imported
        importlib.import_module(f"kerastutor.exercises.ex{number:02d}")
    found = {key: glossary.avoided_forms(text["zh"]) for key, text in i18n.CATALOGUE.items() if "zh" in text}
    assert {key: forms for key, forms in found.items() if forms} == {}


def test_the_check_can_fail():
    assert glossary.avoided_forms("每个批量的样本") == ["批量 → 批次 (batch) / 批大小 (batch size)"]
    assert glossary.verify_written_as_validation("我们来验证这个公式", "We verify the formula")
    assert not glossary.verify_written_as_validation("验证集上的损失", "the loss on the validation data")
    assert glossary.missing_terms("这一层的权重", "The initializer of this layer") == ["initializer"]
    assert glossary.missing_terms("初始化器", "`he_normal` initializer") == []
