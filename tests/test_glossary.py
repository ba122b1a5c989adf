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


def test_the_check_can_fail():
    assert glossary.missing_terms("这一层的权重", "The initializer of this layer") == ["initializer"]
    assert glossary.missing_terms("初始化器", "`he_normal` initializer") == []
