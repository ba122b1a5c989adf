"""One source, two languages: the builder, and the rules every lesson source is held to."""
import json
import pathlib

import nbformat
import pytest

from kerastutor import layout
from kerastutor.notebooks import (SourceError, build_version, check_consistency, code_skeleton,
                                  localise_code, read_source, split_prose)

LESSONS = layout.lessons()
SOURCES = LESSONS.sources()


def test_there_are_lessons():
    assert [p.stem[:2] for p in SOURCES][:3] == ["00", "01", "02"]


@pytest.mark.parametrize("collection", list(layout.all_collections().values()), ids=list(layout.all_collections()))
def test_derived_notebooks_are_up_to_date(collection):
    stale = collection.stale()
    assert not stale, f"run `kerastutor build`: stale or orphaned {[str(p) for p in stale]}"


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_source_keeps_both_languages_in_step(source):
    assert check_consistency(source) == []


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_code_is_identical_across_versions(source):
    """Code exists once: versions differ only in language comments and the LANG value."""
    versions = {lang: nbformat.reads(text, as_version=4) for lang, text in LESSONS.rendered(source).items()}
    code = {lang: [code_skeleton(c.source) for c in nb.cells if c.cell_type == "code"]
            for lang, nb in versions.items()}
    assert code["zh"] == code["en"] == code["zh-en"]
    # And what is on disk is what the source gives (no hand edits of one version).
    for lang, path in LESSONS.targets(source).items():
        on_disk = nbformat.read(path, as_version=4)
        assert [code_skeleton(c.source) for c in on_disk.cells if c.cell_type == "code"] == code[lang]


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_lesson_follows_the_cell_pattern(source):
    nb = read_source(source)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one cell tagged parameters"
    for name in ("SEED", "FAST", "LANG"):
        assert f"{name} =" in params[0].source
    setup = code[code.index(params[0]) + 1].source
    assert setup.lstrip().startswith("import kerastutor as kt"), "kerastutor first, before TensorFlow"
    assert "kt.setup(lang=LANG, seed=SEED, fast=FAST)" in setup
    assert "keras.datasets" not in "\n".join(c.source for c in code), "no downloads at run time"
    last = split_prose(nb.cells[-1].source, source.name)
    if source.stem != "00_course_guide":
        assert "exercises/zh/" in last.zh and "exercises/en/" in last.en, "ends by pointing to its exercise"


@pytest.mark.parametrize("path", sorted(pathlib.Path("lessons").glob("*/*.ipynb")) if pathlib.Path("lessons").exists() else [],
                         ids=lambda p: str(p))
def test_notebooks_are_canonical_json(path):
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    assert raw == json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert "\\u4e" not in raw and "\\u5" not in raw, "Chinese stored as UTF-8, not escapes"
    assert set(nb["metadata"]) == {"kernelspec", "language_info", "kerastutor"}
    for cell in nb["cells"]:
        assert set(cell["metadata"]) <= {"tags", "nbgrader"}
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None


def test_split_prose_rejects_a_missing_language():
    with pytest.raises(SourceError, match="no en"):
        split_prose("<!-- zh -->\n# 标题\n<!-- en -->\n", "x")
    with pytest.raises(SourceError, match="before the first"):
        split_prose("stray\n<!-- zh -->\n甲\n<!-- en -->\nA", "x")


def test_consistency_catches_drift(tmp_path):
    source = tmp_path / "09_drift.py"
    source.write_text(
        "# %% [markdown]\n# <!-- zh -->\n# ## 标题\n# > **勘误** 错了\n# <!-- en -->\n# ## Title\n#\n# ### Extra\n"
        "\n# %%\n# zh: 注释\nx = 1\n", encoding="utf-8")
    problems = check_consistency(source)
    assert any("headings differ" in p for p in problems)
    assert any("勘误" in p for p in problems)
    assert any("zh: comment" in p for p in problems)


def test_versions_keep_only_their_language(tmp_path):
    source = tmp_path / "09_x.py"
    source.write_text('# %% [markdown]\n# <!-- zh -->\n# 中文\n# <!-- en -->\n# English\n\n'
                      '# %% tags=["parameters"]\nSEED = 1\nFAST = False\nLANG = "zh"\n\n'
                      '# %%\n    # zh: 缩进的注释\n    # en: an indented comment\nx = 1\n', encoding="utf-8")
    nb = read_source(source)
    zh, en, both = (build_version(nb, lang, "source/09_x.py") for lang in ("zh", "en", "zh-en"))
    assert zh.cells[0].source == "中文" and en.cells[0].source == "English"
    assert "中文" in both.cells[0].source and "English" in both.cells[0].source
    assert 'LANG = "en"' in en.cells[1].source and 'LANG = "zh-en"' in both.cells[1].source
    assert "缩进" in zh.cells[2].source and "indented" not in zh.cells[2].source
    assert zh.cells[2].source.startswith("    # 缩进的注释")
    assert localise_code("# en: only\nx = 1", "zh") == "x = 1"


def test_a_hand_edit_makes_the_notebook_stale(tmp_path):
    root = tmp_path
    (root / "lessons" / "source").mkdir(parents=True)
    src = pathlib.Path("lessons/source/00_course_guide.py")
    (root / "lessons" / "source" / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    collection = layout.lessons(root)
    assert len(collection.stale()) == 3
    collection.build()
    assert collection.stale() == []
    target = collection.targets(collection.sources()[0])["en"]
    target.write_text(target.read_text(encoding="utf-8").replace("Course guide", "Course guidance"), encoding="utf-8")
    assert collection.stale() == [target]
    orphan = root / "lessons" / "zh" / "99_orphan.ipynb"
    orphan.write_text("{}", encoding="utf-8")
    assert collection.stale() == [target, orphan]
    assert sorted(collection.build()) == sorted([target, orphan])   # rewritten, removed
    assert collection.stale() == [] and not orphan.exists()
