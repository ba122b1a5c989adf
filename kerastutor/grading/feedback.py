"""Per-student feedback (HTML) in the student's language, and the teacher's one-line summary.

The student's language comes from their notebook's metadata (`kerastutor.lang`); when the file is
not a readable notebook, the feedback is written in both languages. Feedback never shows a test's
source or traceback (it would reveal hidden tests): only the outcome and the message the check or
the teacher's assertion gave.
"""
from __future__ import annotations

import pathlib
import re

from .. import pages
from ..i18n import t
from ..textfmt import shorten
from .runner import Incident, Result
from .sandbox import Limits
from .sheet import fmt_points

MAX_NOTES = 8


def where(place: str, lang: str) -> str:
    """A student's cell as Jupyter shows it (no numbers): "q3's answer cell", "a code cell after q2's answer"."""
    kind, _, qid = place.partition(":")
    if kind in ("answer", "after") and qid:
        return t(f"where.{kind}", lang=lang, qid=qid)
    return t("where.before", lang=lang)


def incident_text(incident: Incident, lang: str, cell_timeout: float, submission_timeout: float,
                  limits: Limits) -> str:
    values = dict(cell=incident.cell, detail=incident.detail, timeout=f"{cell_timeout:g}",
                  memory=limits.memory_mb, where=where(incident.place, lang))
    if incident.kind == "timeout":
        values["timeout"] = f"{submission_timeout:g}"
    if incident.kind == "tampered" and incident.detail in ("canary", "reply", "fingerprint"):
        values["detail"] = t(f"tamper.{incident.detail}", lang=lang)
    key = f"incident.{incident.kind}"
    if incident.kind in ("kernel_died", "process_limit", "memory_limit") and incident.cell is None:
        key = f"incident.{incident.kind}_tests"  # during a test, in a student function it called
    return t(key, lang=lang, **values)


def status_text(result: Result, lang: str) -> str:
    return t(f"status.{result.status}", lang=lang, detail=result.detail)


REASON_CHARS = 160


def summary(result: Result, lang: str, cell_timeout: float, submission_timeout: float, limits: Limits) -> str:
    """The grade sheet's `message`, on one line, in the student's language (`lang` when the file
    does not say): what happened, then a short reason for each question that did not pass."""
    lang = result.lang or lang
    if result.status in ("invalid_json", "not_notebook", "too_large", "unreadable", "error"):
        return shorten(status_text(result, lang), 500)
    notes = [incident_text(i, lang, cell_timeout, submission_timeout, limits) for i in result.incidents]
    if len(notes) > MAX_NOTES:
        notes = notes[:MAX_NOTES] + [t("incident.more", lang=lang, count=len(notes) - MAX_NOTES)]
    failed = [f"{q.qid}: {shorten(question_text(q, lang), REASON_CHARS)}"
              for q in result.questions if q.outcome != "passed"]
    return shorten(("；" if lang == "zh" else "; ").join(notes + failed), 1500)


def question_text(q, lang: str) -> str:
    detail = q.detail.strip()
    for sep in (":", "："):  # the row already names the question
        if detail.startswith(q.qid + sep):
            detail = detail[len(q.qid) + 1:].strip()
    if q.outcome == "hidden_failed" and not detail:
        return t("q.hidden_failed_plain", lang=lang)
    return t(f"q.{q.outcome}", lang=lang, detail=shorten(detail, 600))


def file_name(submission: str) -> str:
    """A safe, unique-per-submission file name: "group1/alice.ipynb" -> "group1__alice.html"."""
    stem = submission[:-6] if submission.endswith(".ipynb") else submission
    return re.sub(r"[^\w.-]+", "_", stem.replace("/", "__")).strip("._") + ".html"


def render(result: Result, number: str, cell_timeout: float, submission_timeout: float, limits: Limits,
           lang: str | None = None) -> str:
    """The student's feedback page (kerastutor/templates/feedback.html.j2; every value escaped)."""
    lang = lang or result.lang or "zh-en"

    def tr(key, **values):
        return t(key, lang=lang, **values)

    if result.status in ("invalid_json", "not_notebook", "too_large", "unreadable", "error"):
        notes = [status_text(result, lang)]
    else:
        notes = [incident_text(i, lang, cell_timeout, submission_timeout, limits) for i in result.incidents]
    questions = [{"outcome": q.outcome, "qid": q.qid, "text": question_text(q, lang),
                  "points": f"{fmt_points(q.points)} / {fmt_points(q.max_points)}"} for q in result.questions]
    return pages.render(
        "feedback.html.j2", html_lang={"zh": "zh-CN", "en": "en"}.get(lang, "zh-CN"),
        title=tr("fb.title", number=number), file=tr("fb.file", name=result.submission),
        score=tr("fb.score", total=fmt_points(result.total), max=fmt_points(result.max_points)),
        headers=[tr("fb.question"), tr("fb.points"), tr("fb.result")], questions=questions,
        notes_title=tr("fb.notes"), notes=notes, no_notes=tr("fb.no_notes"), how=tr("fb.how"))


def write(folder: pathlib.Path, result: Result, number: str, cell_timeout: float, submission_timeout: float,
          limits: Limits) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(result.submission)
    path.write_text(render(result, number, cell_timeout, submission_timeout, limits), encoding="utf-8")
    return path
