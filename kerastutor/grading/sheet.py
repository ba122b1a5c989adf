"""The grade sheet: one CSV row per submitted file, written the moment it is graded.

Columns: submission, one column per question (points earned), total, max, status, message.

- Rows are appended and fsync'ed as submissions finish, so a batch that is killed loses nothing
  already graded. Started again, it reads the sheet, keeps every finished row and grades only the
  rest (rows with status "error" — the grader's own failures — are graded again). A row torn by
  the kill (no final newline) is dropped and graded again.
- When the batch completes, the sheet is rewritten sorted by submission (atomically: temporary
  file, then rename), so two runs of the same batch give the same file.
- The grader keeps its own copy of every row and writes the final file from it: even if a
  submission managed to write to the sheet (only possible without the sandbox), the final sheet is
  the grader's.
"""
from __future__ import annotations

import csv
import io
import os
import pathlib
import tempfile
import threading

RETRY = frozenset({"error"})


class SheetMismatch(ValueError):
    def __init__(self, found: list[str], expected: list[str]):
        super().__init__(f"header {found} != {expected}")
        self.found, self.expected = found, expected


def fmt_points(value: float) -> str:
    return f"{value:g}"


def _line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


class Sheet:
    def __init__(self, path: pathlib.Path, questions: list[str], restart: bool = False):
        self.path = path
        self.header = ["submission", *questions, "total", "max", "status", "message"]
        self.rows: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        if path.exists() and not restart:
            self._load()
        self._rewrite(sorted_rows=False)
        self._handle = open(path, "a", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()

    def _load(self) -> None:
        text = self.path.read_text(encoding="utf-8", errors="replace")
        if text and not text.endswith("\n"):
            text = text[: text.rfind("\n") + 1]  # a row torn by a kill: grade it again
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if header is None:
            return
        if header != self.header:
            raise SheetMismatch(header, self.header)
        status_at = self.header.index("status")
        for row in reader:
            if len(row) == len(self.header) and row[status_at] not in RETRY:
                self.rows[row[0]] = row

    def _rewrite(self, sorted_rows: bool) -> None:
        names = sorted(self.rows) if sorted_rows else list(self.rows)
        text = _line(self.header) + "".join(_line(self.rows[n]) for n in names)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".grades-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)

    def done(self, name: str) -> bool:
        return name in self.rows

    def add(self, name: str, scores: dict[str, float], total: float, max_points: float, status: str,
            message: str) -> None:
        row = [name, *(fmt_points(scores.get(q, 0.0)) for q in self.header[1:-4]),
               fmt_points(total), fmt_points(max_points), status, message]
        with self._lock:
            self.rows[name] = row
            self._handle.write(_line(row))
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def finalize(self) -> None:
        """All rows, sorted by submission (called when the batch is complete)."""
        with self._lock:
            self._handle.close()
            self._rewrite(sorted_rows=True)

    def close(self) -> None:
        with self._lock:
            if not self._handle.closed:
                self._handle.close()
