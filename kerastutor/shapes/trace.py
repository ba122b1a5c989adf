"""`trace(model)`: every layer's output shape, parameter count and the arithmetic behind the shape."""
from __future__ import annotations

import dataclasses
import math

from ..errors import KerastutorError
from ..i18n import get_language, t
from ._coerce import norm_shape
from ._text import fmt_shape, html_table, text_table
from .explain import explain_layer


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


class Trace:
    """What `trace()` returns: prints as a text table, shows as an HTML table in a notebook;
    `.rows` is the data (a list of Row), `.to_data()` the same as plain dicts."""

    def __init__(self, name: str, rows: list[Row], total: int, trainable: int | None = None):
        self.name, self.rows, self.total, self.trainable = name, rows, total, trainable

    def to_data(self) -> list[dict]:
        return [r.as_dict() for r in self.rows]

    def _caption(self):
        return t("shapes.trace_caption", name=self.name)

    def __str__(self) -> str:
        return render_rows(self.rows, self.total, "trace", self._caption(), self.trainable)[0]

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return render_rows(self.rows, self.total, "trace", self._caption(), self.trainable)[1]

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        return self.rows[i]


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


def _shape_of(tensors):
    shapes = [norm_shape(x.shape) for x in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def trace(model, input_shape=None) -> Trace:
    """A table of every layer of a built model: output shape, parameters, and how the shape came
    about. `model` may also be a list of layers (then give `input_shape`, without the batch axis)."""
    import keras

    if isinstance(model, (list, tuple)) or callable(model) and not isinstance(model, keras.layers.Layer):
        from .diagnose import diagnose

        report = diagnose(model, input_shape)
        if not report.ok:
            raise KerastutorError("shapes.trace_failed", index=report.failure["index"],
                                  name=report.failure["name"])
        return Trace(report.name, report.rows, sum(r.params for r in report.rows))
    if not isinstance(model, keras.Model):
        raise KerastutorError("shapes.not_a_model", got=type(model).__name__)
    if input_shape is not None and not model.built:
        from ._coerce import check_shape_spec

        model.build((None,) + check_shape_spec(input_shape, allow_multi=False))
    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    if graph is None or not hasattr(graph, "_nodes_by_depth"):
        raise KerastutorError("shapes.model_not_built", name=model.name)
    rows, calls = [], {}
    for depth in sorted(graph._nodes_by_depth, reverse=True):
        for node in graph._nodes_by_depth[depth]:
            layer = node.operation
            call = calls.get(id(layer), 0)
            calls[id(layer)] = call + 1
            in_shapes = [x.shape for x in node.input_tensors]
            rows.append(make_row(len(rows), layer, in_shapes, _shape_of(node.output_tensors), call))
    trainable = sum(math.prod(w.shape) for w in model.trainable_weights)
    return Trace(model.name, rows, model.count_params(), trainable)
