"""Per-student feedback (HTML) in the student's language, and the teacher's one-line summary.

The student's language comes from their notebook's metadata (`kerastutor.lang`); when the file is
not a readable notebook, the feedback is written in both languages. Feedback never shows a test's
source or traceback (it would reveal hidden tests): only the outcome and the message the check or
the teacher's assertion gave.
"""
from __future__ import annotations

import html
import pathlib
import re

from ..i18n import t
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
    if incident.kind == "kernel_died" and incident.cell is None:
        key = "incident.kernel_died_tests"
    return t(key, lang=lang, **values)


def status_text(result: Result, lang: str) -> str:
    return t(f"status.{result.status}", lang=lang, detail=result.detail)


REASON_CHARS = 160


def summary(result: Result, lang: str, cell_timeout: float, submission_timeout: float, limits: Limits) -> str:
    """The grade sheet's `message`, on one line, in the student's language (`lang` when the file
    does not say): what happened, then a short reason for each question that did not pass."""
    lang = result.lang or lang
    if result.status in ("invalid_json", "not_notebook", "too_large", "unreadable", "error"):
        return _one_line(status_text(result, lang))
    notes = [incident_text(i, lang, cell_timeout, submission_timeout, limits) for i in result.incidents]
    if len(notes) > MAX_NOTES:
        notes = notes[:MAX_NOTES] + [t("incident.more", lang=lang, count=len(notes) - MAX_NOTES)]
    failed = [f"{q.qid}: {_one_line(question_text(q, lang), REASON_CHARS)}"
              for q in result.questions if q.outcome != "passed"]
    return _one_line(("；" if lang == "zh" else "; ").join(notes + failed), 1500)


def _one_line(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_text(q, lang: str) -> str:
    detail = q.detail.strip()
    for sep in (":", "："):  # the row already names the question
        if detail.startswith(q.qid + sep):
            detail = detail[len(q.qid) + 1:].strip()
    if q.outcome == "hidden_failed" and not detail:
        return t("q.hidden_failed_plain", lang=lang)
    return t(f"q.{q.outcome}", lang=lang, detail=_one_line(detail, 600))


def file_name(submission: str) -> str:
    """A safe, unique-per-submission file name: "group1/alice.ipynb" -> "group1__alice.html"."""
    stem = submission[:-6] if submission.endswith(".ipynb") else submission
    return re.sub(r"[^\w.-]+", "_", stem.replace("/", "__")).strip("._") + ".html"


def render(result: Result, number: str, cell_timeout: float, submission_timeout: float, limits: Limits,
           lang: str | None = None) -> str:
    lang = lang or result.lang or "zh-en"
    e = html.escape

    def tr(key, **values):
        return e(t(key, lang=lang, **values))

    rows = "\n".join(
        f"<tr class=\"{e(q.outcome)}\"><td>{e(q.qid)}</td><td>{fmt_points(q.points)} / {fmt_points(q.max_points)}</td>"
        f"<td>{e(question_text(q, lang))}</td></tr>" for q in result.questions)
    if result.status in ("invalid_json", "not_notebook", "too_large", "unreadable", "error"):
        notes = [status_text(result, lang)]
    else:
        notes = [incident_text(i, lang, cell_timeout, submission_timeout, limits) for i in result.incidents]
    notes_html = ("<ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>") if notes else f"<p>{tr('fb.no_notes')}</p>"
    html_lang = {"zh": "zh-CN", "en": "en"}.get(lang, "zh-CN")
    return f"""<!DOCTYPE html>
<html lang="{html_lang}"><head><meta charset="utf-8"><title>{tr('fb.title', number=number)}</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}}
tr.passed td:first-child{{border-left:4px solid #2a2}}tr:not(.passed) td:first-child{{border-left:4px solid #c33}}</style>
</head><body>
<h1>{tr('fb.title', number=number)}</h1>
<p>{tr('fb.file', name=result.submission)}</p>
<p><strong>{tr('fb.score', total=fmt_points(result.total), max=fmt_points(result.max_points))}</strong></p>
<table><tr><th>{tr('fb.question')}</th><th>{tr('fb.points')}</th><th>{tr('fb.result')}</th></tr>
{rows}
</table>
<h2>{tr('fb.notes')}</h2>
{notes_html}
<p><small>{tr('fb.how')}</small></p>
</body></html>
"""


def write(folder: pathlib.Path, result: Result, number: str, cell_timeout: float, submission_timeout: float,
          limits: Limits) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(result.submission)
    path.write_text(render(result, number, cell_timeout, submission_timeout, limits), encoding="utf-8")
    return path
