"""`trace(model)`: every layer's output shape, parameter count and the arithmetic behind the shape."""
from __future__ import annotations

import math

from ..errors import KerastutorError
from ..i18n import t
from ._coerce import norm_shape
from ._keras_internals import call_nodes
from .diagnosis import diagnose
from .rows import Row, make_row, render_rows


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


def _shape_of(tensors):
    shapes = [norm_shape(x.shape) for x in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def trace(model, input_shape=None) -> Trace:
    """A table of every layer of a built model: output shape, parameters, and how the shape came
    about. `model` may also be a list of layers (then give `input_shape`, without the batch axis)."""
    import keras

    if isinstance(model, (list, tuple)) or callable(model) and not isinstance(model, keras.layers.Layer):
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
    nodes = call_nodes(model)
    if nodes is None:
        raise KerastutorError("shapes.model_not_built", name=model.name)
    rows, calls = [], {}
    for layer, inputs, outputs in nodes:
        call = calls.get(id(layer), 0)
        calls[id(layer)] = call + 1
        rows.append(make_row(len(rows), layer, [x.shape for x in inputs], _shape_of(outputs), call))
    trainable = sum(math.prod(w.shape) for w in model.trainable_weights)
    return Trace(model.name, rows, model.count_params(), trainable)
