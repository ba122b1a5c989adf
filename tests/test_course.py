"""The course command: papermill runs, HTML export, the result table, failures named precisely."""
import shutil

import pytest

from kerastutor import course, layout
from kerastutor.pipeline import UnknownSelection
from kerastutor.textfmt import width

BROKEN = '''# %% [markdown]
# <!-- zh -->
# # 坏掉的课
# <!-- en -->
# # A broken lesson

# %% tags=["parameters"]
SEED = 42
FAST = False
LANG = "zh"

# %%
import kerastutor as kt

kt.setup(lang=LANG, seed=SEED, fast=FAST)

# %%
kt.verify_close("one", 1.0, 2.0)
'''


@pytest.fixture
def course_root(tmp_path):
    """A scratch course with lesson 00 and a lesson whose verify cell fails."""
    (tmp_path / "lessons" / "source").mkdir(parents=True)
    shutil.copy("lessons/source/00_course_guide.py", tmp_path / "lessons" / "source")
    (tmp_path / "lessons" / "source" / "98_broken.py").write_text(BROKEN, encoding="utf-8")
    layout.lessons(tmp_path).build()
    return tmp_path


def test_selecting_lessons(course_root):
    assert course.select(None, course_root) == ["00_course_guide", "98_broken"]
    assert course.select(["0"], course_root) == ["00_course_guide"]
    assert course.select(["98_broken", "00"], course_root) == ["00_course_guide", "98_broken"]
    with pytest.raises(UnknownSelection, match="no lesson '42'; the lessons are: 00_course_guide, 98_broken"):
        course.select(["42"], course_root)


def test_the_result_table_lines_up_chinese_text():
    rows = [course.RunResult("00_课程指南", "zh", 3.25, True, "zh/x.ipynb"),
            course.RunResult("01_models", "en", 12.0, False, "en/y.ipynb")]
    lines = course.table(rows).splitlines()
    # the lang column starts in the same terminal column on every line: a Chinese character takes two
    starts = [width(line[:line.index(lang)]) for line, lang in zip(lines[2:], ["zh", "en"])]
    assert starts[0] == starts[1] == width("00_课程指南") + 2
    assert lines[2].endswith(" 3.2  ok") and lines[3].endswith("12.0  FAILED")  # seconds right-aligned


def test_course_runs_writes_html_and_names_the_failing_cell(course_root, tmp_path, capsys):
    out = tmp_path / "build"
    code = course.run_course(lessons=None, langs=["en"], jobs=2, out=str(out), fast=True, root=course_root)
    printed = capsys.readouterr().out
    assert code == 1
    assert (out / "en" / "00_course_guide.ipynb").exists() and (out / "en" / "00_course_guide.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="en/00_course_guide.html"' in index and "98_broken" in index
    assert "failed — cell" in index and "<td class=\"bad\">" in index
    # the table: lesson, language, seconds, result
    assert "00_course_guide  en" in printed and " ok" in printed
    failed = [line for line in printed.splitlines() if line.startswith("FAILED 98_broken [en]")]
    assert failed and "cell" in failed[0] and "AssertionError" in failed[0] and "relative error" in failed[0]
    html = (out / "en" / "00_course_guide.html").read_text(encoding="utf-8")
    assert "Environment check passed" in html


def test_course_returns_zero_when_everything_passes(course_root, tmp_path, capsys):
    code = course.run_course(lessons=["00"], langs=["zh"], jobs=1, out=str(tmp_path / "b"), fast=True,
                             html=False, root=course_root)
    assert code == 0
    assert "1 ok, 0 failed" in capsys.readouterr().out
