"""One row per layer call, and the table they make: shared by `trace` and `diagnose`."""
from __future__ import annotations

import dataclasses

from ..i18n import t
from ..textfmt import text_table
from ._coerce import norm_shape
from ._text import fmt_shape, html_table
from .arithmetic import explain_layer


@dataclasses.dataclass
class Row:
    """One layer call in a model (a shared layer called twice gives two rows)."""

    index: int
    name: str
    cls: str
    input_shapes: list
    output_shape: object  # tuple, or list of tuples for several outputs
    params: int  # 0 on the second and later calls of a shared layer
    steps: list  # [{"axis", "value", "text", …}] the arithmetic of the shape, checked against Keras
    param_text: str | None = None  # e.g. "3·3·1·32 + 32 = 320", checked against count_params()
    call: int = 0  # which call of this layer (0 = first)
    notes: list = dataclasses.field(default_factory=list)  # [(message key, values)]
    failed: bool = False  # diagnose(): the layer that could not be built

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _note_texts(row: Row) -> list[str]:
    return [t(k, **v) for k, v in row.notes]


def _step_line(step: dict) -> str:
    return f"{t('shapes.axis.' + step['axis'])}: {step['text']}"


def render_rows(rows: list[Row], total: int | None, kind: str, caption: str | None = None,
                trainable: int | None = None) -> tuple[str, str]:
    """(plain text, HTML) of a table of rows."""
    header = [t("shapes.col.index"), t("shapes.col.layer"), t("shapes.col.output"),
              t("shapes.col.params"), t("shapes.col.how")]
    body, klass, row_cls = [], [], []
    for r in rows:
        name = f"{r.name} ({r.cls})" + (f" #{r.call + 1}" if r.call else "")
        if r.failed:
            out = "✗"
        else:
            out = fmt_shape(r.output_shape)
        params = "" if r.failed else (str(r.params) if not r.call else t("shapes.shared_params"))
        if r.param_text and not r.call:
            params += f"\n= {r.param_text}"
        how = "\n".join([_step_line(s) for s in r.steps] + _note_texts(r))
        body.append([str(r.index), name, out, params, how])
        klass.append(["kt-num", "", "kt-math", "kt-num", "kt-math"])
        row_cls.append("kt-bad" if r.failed else "")
    if total is not None:
        extra = "" if trainable is None or trainable == total else "\n" + t("shapes.trainable", n=f"{trainable:,}")
        body.append(["", t("shapes.total"), "", f"{total:,}{extra}", ""])
        klass.append(["", "", "", "kt-num", ""])
        row_cls.append("kt-total")
    text = text_table(header, body)
    if caption:
        text = caption + "\n" + text
    return text, html_table(header, body, klass, row_cls, caption)


def make_row(index, layer, input_shapes, output_shape, call=0, params=None) -> Row:
    """A Row for one layer call, with the arithmetic and notes filled in."""
    import keras

    input_shapes = [norm_shape(s) for s in input_shapes]
    if params is None:
        params = layer.count_params() if layer.built else 0
    steps, ptext = [], None
    if not isinstance(layer, keras.Model) and input_shapes:
        try:
            steps, pinfo = explain_layer(layer, input_shapes, output_shape)
        except Exception:  # an explanation must never break the table
            steps, pinfo = [], None
        if pinfo and pinfo[1] == params:
            ptext = pinfo[0]
    notes = []
    if isinstance(layer, keras.layers.Dense) and input_shapes and len(input_shapes[0]) > 2:
        notes.append(("shapes.note.dense_nd", dict(shape=fmt_shape(input_shapes[0]))))
    if call:
        notes.append(("shapes.note.shared", dict(call=call + 1)))
    return Row(index, layer.name, type(layer).__name__, input_shapes, output_shape, params if not call else 0,
               steps, ptext, call, notes)
