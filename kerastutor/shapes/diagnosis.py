"""`diagnose(layers_or_builder, input_shape)`: find the first layer that cannot be built and say why,
in the learner's language, instead of Keras's traceback."""
from __future__ import annotations

import inspect
import math
import re

from ..errors import KerastutorError
from ..i18n import t
from . import formulas as F
from ._coerce import check_shape_spec, norm_shape
from ._keras_internals import recording_layer_calls
from ._text import both, fmt_shape
from .expect import ROLES
from .families import conv_kind, is_global_pooling, is_merge, is_pooling
from .rows import Row, make_row, render_rows


def _shapes(obj):
    """Shape(s) of a call argument or result: tuple, list of tuples, or None."""
    if obj is None:
        return None
    if isinstance(obj, (list, tuple)):
        inner = [_shapes(o) for o in obj]
        return inner
    if isinstance(obj, dict):
        return [_shapes(o) for o in obj.values()]
    if hasattr(obj, "shape"):
        try:
            return norm_shape(obj.shape)
        except Exception:
            return None
    return None


def _in_list(shapes):
    if shapes is None:
        return []
    if isinstance(shapes, tuple):
        return [shapes]
    return [s for s in shapes if isinstance(s, tuple)]


# ----------------------------------------------------------------- what a layer needs
def _needed_rank(layer):
    """(ndim, role pattern) a layer needs, from the layer's family; None when any rank is fine."""
    from keras import layers as L

    name = type(layer).__name__
    if conv_kind(layer) is not None:
        return layer.rank + 2
    if is_pooling(layer) or is_global_pooling(layer) or name[:-2] in (
            "Cropping", "ZeroPadding", "UpSampling") and name[-2:] in ("1D", "2D", "3D"):
        return int(name[-2]) + 2
    if isinstance(layer, (L.RNN, L.Bidirectional)):
        return 3
    return None


def _pattern(ndim: int, lang: str, channels_first: bool = False) -> str:
    roles = list(ROLES.get(ndim, ()))
    if not roles:
        return ""
    if channels_first and ndim >= 4:
        roles = [roles[0], roles[-1]] + roles[1:-1]
    return "(" + ", ".join(t(f"shapes.role.{r}", lang=lang) for r in roles) + ")"


def explain_failure(layer, in_shapes, exc, prev=None, was_built=False):
    """(needed, hints): lists of (message key, values) explaining why `layer` failed on `in_shapes`."""
    from keras import layers as L

    needed, hints = [], []
    shapes = _in_list(in_shapes)
    s = shapes[0] if shapes else None
    rank = _needed_rank(layer)
    fmt = getattr(layer, "data_format", "channels_last")
    cf = fmt == "channels_first"
    if is_merge(layer):
        needed.append(("shapes.need.merge", {}))
        if not isinstance(in_shapes, list) or len(shapes) < 2:
            hints.append(("shapes.hint.merge_needs_list", {}))
        elif isinstance(layer, L.Concatenate):
            hints.append(("shapes.hint.concat_mismatch", dict(axis=layer.axis, shapes=fmt_shape(shapes))))
        else:
            hints.append(("shapes.hint.merge_mismatch", dict(shapes=fmt_shape(shapes))))
        return needed, hints
    if isinstance(in_shapes, list):  # several tensors where one was expected
        prev_state = prev is not None and getattr(prev, "return_state", False)
        hints.append(("shapes.hint.got_list_state" if prev_state else "shapes.hint.got_list",
                      dict(count=len(in_shapes), shapes=fmt_shape(shapes), prev=getattr(prev, "name", ""))))
        return needed, hints
    if rank is not None:
        needed.append(("shapes.need.ndim", dict(ndim=rank, data_format=fmt)))
    elif isinstance(layer, L.Dense):
        needed.append(("shapes.need.dense", {}))
    if s is None:
        hints.append(("shapes.hint.not_a_tensor", dict(got=repr(in_shapes))))
        return needed, hints
    got = len(s)
    prev_name = prev.name if prev is not None else None
    prev_rnn_last = prev is not None and isinstance(prev, (L.RNN, L.Bidirectional)) and not prev.return_sequences
    if rank is not None and got < rank:
        if prev_rnn_last and got == 2:
            hints.append(("shapes.hint.return_sequences", dict(prev=prev_name)))
        elif got == 2 and prev is not None and isinstance(prev, (L.Flatten, L.Dense)) or (
                prev is not None and "Global" in type(prev).__name__):
            hints.append(("shapes.hint.flat_before_spatial", dict(prev=prev_name, prev_cls=type(prev).__name__)))
        elif got == rank - 1 and all(d is not None for d in s[1:]):
            fixed = s[1:] + (1,)
            hints.append(("shapes.hint.add_channel_axis", dict(fixed=fmt_shape(fixed))))
        else:
            hints.append(("shapes.hint.too_few_axes", dict(got=got, ndim=rank)))
    elif rank is not None and got > rank:
        if isinstance(layer, (L.RNN, L.Bidirectional)):
            hints.append(("shapes.hint.rnn_too_many", dict(got=got)))
        else:
            hints.append(("shapes.hint.too_many_axes", dict(got=got, ndim=rank, cls=type(layer).__name__)))
    if hints:
        return needed, hints
    # the right rank: look at sizes
    spec = layer.input_spec
    specs = spec if isinstance(spec, list) else [spec]
    for sp in specs:
        if sp is not None and getattr(sp, "axes", None):
            for ax, size in sp.axes.items():
                if size is not None and -got <= ax < got and s[ax] != size:
                    needed.append(("shapes.need.axis", dict(axis=ax, size=size)))
                    key = "shapes.hint.built_for" if was_built else "shapes.hint.axis_size"
                    hints.append((key, dict(axis=ax, size=size, got=s[ax])))
    if hints:
        return needed, hints
    family = conv_kind(layer)
    if family is not None or is_pooling(layer):
        axes = list(range(1, got - 1)) if not cf else list(range(2, got))
        for j, ax in enumerate(axes):
            try:
                if family is None:
                    F.pool_length(s[ax], layer.pool_size[j], layer.strides[j], layer.padding)
                elif family != "transpose":
                    F.conv_length(s[ax], layer.kernel_size[j], layer.strides[j], layer.padding,
                                  layer.dilation_rate[j])
            except KerastutorError as err:
                if err.key == "shapes.too_small":
                    hints.append(("shapes.hint.too_small", dict(arith=err.values["text"], axis=ax,
                                                                 n=s[ax])))
        if hints:
            return needed, hints
    if isinstance(layer, L.Reshape):
        dims = s[1:]
        target = tuple(layer.target_shape)
        if all(d is not None for d in dims):
            known = [d for d in target if d != -1]
            hints.append(("shapes.hint.reshape_size", dict(
                arith=_prod_arith(dims), target=fmt_shape(target), target_arith=_prod_arith(known))))
            return needed, hints
    if isinstance(layer, L.Dense) and s[-1] is None:
        hints.append(("shapes.hint.dense_unknown_last", dict(shape=fmt_shape(s))))
        return needed, hints
    hints.append(("shapes.hint.generic", {}))
    return needed, hints


def _prod_arith(dims) -> str:
    dims = list(dims)
    if len(dims) <= 1:
        return str(math.prod(dims))
    return f"{'·'.join(map(str, dims))} = {math.prod(dims)}"


def _need_text(key, values, lang):
    if key == "shapes.need.ndim":
        pattern = _pattern(values["ndim"], lang, values.get("data_format") == "channels_first")
        return t(key, lang=lang, ndim=values["ndim"], pattern=pattern)
    return t(key, lang=lang, **values)


# ----------------------------------------------------------------- the report
class Report:
    """What `diagnose()` returns. Prints as text, shows as HTML; `.to_data()` is the pure form."""

    def __init__(self, name, input_shape, rows, failure, output_shape):
        self.name, self.input_shape, self.rows = name, input_shape, rows
        self.failure, self.output_shape = failure, output_shape

    @property
    def ok(self) -> bool:
        return self.failure is None

    def to_data(self) -> dict:
        fail = None
        if self.failure:
            fail = {k: v for k, v in self.failure.items() if k != "exception"}
        return {"ok": self.ok, "input_shape": self.input_shape, "output_shape": self.output_shape,
                "rows": [r.as_dict() for r in self.rows], "failure": fail}

    def summary(self, lang: str | None = None) -> str:
        """The explanation in words (no table)."""
        def render(lg):
            if self.ok:
                return t("shapes.diag.ok", lang=lg, count=len(self.rows), output=fmt_shape(self.output_shape))
            f = self.failure
            lines = []
            if f["index"] is None:
                lines.append(t("shapes.diag.outside", lang=lg, etype=f["error_type"]))
            else:
                key = "shapes.diag.failed" if f.get("mode") == "list" else "shapes.diag.failed_call"
                lines.append(t(key, lang=lg, index=f["index"], position=f["index"] + 1,
                               name=f["name"], cls=f["cls"]))
                lines.append(t("shapes.diag.received", lang=lg, shape=fmt_shape(f["input_shape"])))
                for k, v in f["needed"]:
                    lines.append(t("shapes.diag.needs", lang=lg, text=_need_text(k, v, lg)))
                for k, v in f["hints"]:
                    lines.append(t("shapes.hint", lang=lg, text=t(k, lang=lg, **v)))
            if f.get("keras_message"):
                lines.append(t("shapes.diag.keras_said", lang=lg, message=f["keras_message"]))
            return "\n".join(lines)
        if lang:
            return render(lang)
        return both(render)

    def _caption(self):
        return t("shapes.diag_caption", name=self.name, shape=fmt_shape(self.input_shape))

    def __str__(self):
        table = render_rows(self.rows, None, "diagnose", self._caption())[0] if self.rows else self._caption()
        return table + "\n\n" + self.summary()

    __repr__ = __str__

    def _repr_html_(self):
        import html

        table = render_rows(self.rows, None, "diagnose", self._caption())[1] if self.rows else ""
        color = "#1b6e20" if self.ok else "#b00020"
        body = html.escape(self.summary()).replace("\n", "<br>")
        return f"{table}<div style='margin:6px 0;padding:6px 10px;border-left:4px solid {color}'>{body}</div>"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _first_line(exc) -> str:
    text = _ANSI.sub("", str(exc)).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("Exception encountered when calling"):
            return line[:400]
    return text[:400]


class EmptyAxis(ValueError):
    """A layer built an output with an axis of length 0 (Keras 3.14 builds some that 3.15 refuses)."""


def _failure(index, layer, in_shapes, exc, prev, was_built, mode="list"):
    needed, hints = explain_failure(layer, in_shapes, exc, prev, was_built)
    return dict(mode=mode, index=index, name=layer.name, cls=type(layer).__name__, input_shape=in_shapes,
                needed=needed, hints=hints, keras_message=_first_line(exc), error_type=type(exc).__name__,
                exception=exc)


def _check_layers(items):
    import keras

    for i, layer in enumerate(items):
        if not isinstance(layer, keras.layers.Layer):
            raise KerastutorError("shapes.not_a_layer", index=i, got=type(layer).__name__)


def _diagnose_list(items, input_shape, name="layers"):
    import keras

    items = list(items)
    if items and (isinstance(items[0], keras.layers.InputLayer) or type(items[0]).__name__ == "KerasTensor"):
        first = items.pop(0)
        shape = first.batch_shape if isinstance(first, keras.layers.InputLayer) else first.shape
        if input_shape is None:
            input_shape = tuple(shape[1:])
    if input_shape is None:
        raise KerastutorError("shapes.need_input_shape")
    input_shape = check_shape_spec(input_shape, "input_shape", allow_multi=False)
    _check_layers(items)
    x = keras.Input(shape=input_shape)
    rows, prev = [], None
    for i, layer in enumerate(items):
        in_shapes = _shapes(x)
        was_built = layer.built
        try:
            y = layer(x)
            empty = [shape for shape in _in_list(_shapes(y)) if 0 in shape]
            if empty:   # some Keras versions build an axis of length 0 instead of refusing it
                raise EmptyAxis(f"output shape {fmt_shape(empty[0])} has an axis of length 0")
        except Exception as exc:  # the learner's mistake: explain it instead of the traceback
            rows.append(Row(i, layer.name, type(layer).__name__, _in_list(in_shapes), None, 0, [], failed=True))
            failure = _failure(i, layer, in_shapes, exc, prev, was_built)
            if isinstance(exc, EmptyAxis):
                failure["keras_message"] = None    # Keras said nothing: the hints speak for us
            return Report(name, input_shape, rows, failure, None)
        rows.append(make_row(i, layer, _in_list(in_shapes), _shapes(y)))
        x, prev = y, layer
    return Report(name, input_shape, rows, None, _shapes(x))


def _diagnose_builder(builder, input_shape):
    import keras

    try:
        sig = inspect.signature(builder)
        n_args = sum(1 for p in sig.parameters.values()
                     if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    except (TypeError, ValueError):
        n_args = 0
    shapes = None
    if n_args:
        if input_shape is None:
            raise KerastutorError("shapes.need_input_shape")
        spec = check_shape_spec(input_shape, "input_shape")
        shapes = spec if isinstance(spec, list) else [spec]
        if len(shapes) != n_args:
            raise KerastutorError("shapes.builder_args", n=n_args, shapes=fmt_shape(shapes))
    records, stack = [], []

    def record(layer, call, args, kwargs):
        inner = any(not isinstance(r["layer"], keras.Model) for r in stack)
        rec = dict(layer=layer, inputs=_shapes(args[0] if args else next(iter(kwargs.values()), None)),
                   output=None, error=None, was_built=layer.built,
                   shown=not inner and not isinstance(layer, (keras.Model, keras.layers.InputLayer)))
        records.append(rec)
        stack.append(rec)
        try:
            out = call()
        except Exception as exc:
            rec["error"] = exc
            raise
        finally:
            stack.pop()
        rec["output"] = _shapes(out)
        return out

    result, error = None, None
    with recording_layer_calls(record):
        try:
            if n_args:
                inputs = [keras.Input(shape=s) for s in shapes]
                result = builder(*inputs)
            else:
                result = builder()
        except Exception as exc:
            error = exc
    name = getattr(builder, "__name__", "builder")
    shown = [r for r in records if r["shown"]]
    rows, prev = [], None
    for i, rec in enumerate(shown):
        if rec["error"] is not None:
            rows.append(Row(i, rec["layer"].name, type(rec["layer"]).__name__, _in_list(rec["inputs"]), None, 0, [],
                            failed=True))
            fail = _failure(i, rec["layer"], rec["inputs"], rec["error"], prev, rec["was_built"], "builder")
            return Report(name, shapes[0] if shapes and len(shapes) == 1 else shapes, rows, fail, None)
        rows.append(make_row(i, rec["layer"], _in_list(rec["inputs"]), rec["output"]))
        prev = rec["layer"]
    if error is not None:
        fail = dict(mode="builder", index=None, name=None, cls=None, input_shape=None, needed=[], hints=[],
                    keras_message=_first_line(error), error_type=type(error).__name__, exception=error)
        return Report(name, shapes, rows, fail, None)
    # a builder that returns layers (a list or an unbuilt Sequential): check them like a list
    if isinstance(result, (list, tuple)) and result and all(isinstance(r, keras.layers.Layer) for r in result):
        return _diagnose_list(result, input_shape, name)
    if isinstance(result, keras.Sequential) and not result.built:
        return _diagnose_list(result.layers, input_shape, name)
    out = None
    if isinstance(result, keras.Model):
        try:
            out = _shapes(result.outputs)
            out = out[0] if len(out) == 1 else out
        except Exception:
            out = None
    elif result is not None:
        out = _shapes(result)
    elif rows:
        out = rows[-1].output_shape
    in_shape = shapes[0] if shapes and len(shapes) == 1 else shapes
    return Report(name, in_shape, rows, None, out)


def diagnose(layers_or_builder, input_shape=None) -> Report:
    """Build the layers on `input_shape` (one sample's shape, without the batch axis, as in
    keras.Input) and report the first layer that fails: which one, the shape it received, what it
    needed and a hint. `layers_or_builder`: a list of layers, a Sequential, or a function that
    builds a model — either without arguments, or taking the input tensor(s) and returning outputs.
    """
    import keras

    if isinstance(layers_or_builder, keras.Sequential):
        return _diagnose_list(layers_or_builder.layers, input_shape, layers_or_builder.name)
    if isinstance(layers_or_builder, keras.layers.Layer):
        return _diagnose_list([layers_or_builder], input_shape, layers_or_builder.name)
    if isinstance(layers_or_builder, (list, tuple)):
        return _diagnose_list(layers_or_builder, input_shape)
    if callable(layers_or_builder):
        return _diagnose_builder(layers_or_builder, input_shape)
    raise KerastutorError("shapes.bad_diagnose_target", got=type(layers_or_builder).__name__)
