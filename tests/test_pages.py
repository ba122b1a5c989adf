"""HTML pages come from the Jinja2 templates shipped in kerastutor/templates/, escaped: a student's
output is text on their feedback page, never markup. And the grader's check of an assignment's
questions (kerastutor.grading.release.check_assignment)."""
import fnmatch
import importlib.resources
import pathlib
import tomllib

import pytest

from kerastutor import course
from kerastutor.grading import feedback as fb
from kerastutor.grading import release
from kerastutor.grading.runner import Incident, QuestionResult, Result
from kerastutor.grading.sandbox import Limits
from kerastutor.grading.submission import Assignment
from kerastutor.layout import ROOT

SCRIPT = "<script>alert('x')</script>"


def test_every_template_is_package_data():
    """What pyproject declares as package data exists, and covers every template the code renders:
    setuptools puts exactly these files into the wheel and the sdist."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kerastutor"]
    package = importlib.resources.files("kerastutor")
    shipped = {p.relative_to(pathlib.Path(str(package))).as_posix()
               for p in pathlib.Path(str(package)).rglob("*") if p.is_file()}
    for pattern in patterns:
        assert fnmatch.filter(shipped, pattern), f"package data {pattern!r} matches no file"
    templates = [t.name for t in (package / "templates").iterdir()]
    assert {"feedback.html.j2", "course_index.html.j2"} <= set(templates)
    for name in templates:
        assert any(fnmatch.fnmatch(f"templates/{name}", p) for p in patterns), name


def test_feedback_page_escapes_what_the_student_wrote():
    result = Result("alice.ipynb", "en", "graded",
                    [QuestionResult("q1", 0, 2, "public_failed", f"q1: printed {SCRIPT}")],
                    [Incident("cell_error", 3, f"ValueError: {SCRIPT}", "answer:q1")])
    page = fb.render(result, "01", 30, 300, Limits())
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert page.count("&lt;script&gt;") == 2          # the question's row and the incident note
    assert '<tr class="public_failed"><td>q1</td><td>0 / 2</td>' in page
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_feedback_page_without_notes_says_so():
    result = Result("bob.ipynb", "zh", "graded", [QuestionResult("q1", 2, 2, "passed")], [])
    page = fb.render(result, "01", 30, 300, Limits())
    assert "<ul>" not in page and 'lang="zh-CN"' in page


def test_course_index_escapes_error_text(tmp_path):
    results = [course.RunResult("98_broken", "en", 1.0, False, "en/98_broken.ipynb", f"cell 3: {SCRIPT}")]
    index = course.export_html(tmp_path, results).read_text(encoding="utf-8")
    assert SCRIPT not in index and "failed — cell 3: &lt;script&gt;" in index
    assert '<a href="en/98_broken.html">en/98_broken.html</a>' in index


def test_grade_checks_the_declared_questions():
    assignment = Assignment.load(ROOT, "01")
    release.check_assignment(assignment)               # the teacher copies in git match
    assignment.tests = {lang: cells[:-1] for lang, cells in assignment.tests.items()}
    with pytest.raises(release.ReleaseError, match="exercise 01: the test cells are .* the exercise declares"):
        release.check_assignment(assignment)
