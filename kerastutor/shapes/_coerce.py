"""Reading shapes out of whatever the learner hands us, and checking shapes they write."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import KerastutorError


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _from_keras_module(x) -> bool:
    mod = type(x).__module__ or ""
    return mod.startswith(("keras", "tensorflow", "tf_keras"))


def norm_shape(shape) -> tuple:
    """A shape-like (tuple, TensorShape, list) as a tuple of int/None."""
    if hasattr(shape, "as_list"):  # tf.TensorShape
        try:
            shape = shape.as_list()
        except ValueError:  # unknown rank
            return None
    return tuple(None if d is None else int(d) for d in shape)


def check_shape_spec(spec, what: str = "expected", allow_multi: bool = True):
    """A shape the learner wrote: tuple/list of non-negative ints or None; an int means (int,).

    A list of shapes (several outputs) is returned as a list of tuples.
    """
    if hasattr(spec, "as_list"):
        spec = norm_shape(spec)
    if isinstance(spec, (str, bytes)):
        raise KerastutorError("shapes.bad_spec_string", what=what, got=repr(spec))
    if _is_int(spec):
        spec = (int(spec),)
    if isinstance(spec, dict) and allow_multi:
        return {k: check_shape_spec(v, what, allow_multi=False) for k, v in spec.items()}
    if not isinstance(spec, Sequence):
        raise KerastutorError("shapes.bad_spec", what=what, got=repr(spec))
    items = list(spec)
    if allow_multi and items and all(isinstance(s, (tuple, list)) or hasattr(s, "as_list") for s in items):
        return [check_shape_spec(s, what, allow_multi=False) for s in items]
    out = []
    for i, d in enumerate(items):
        if d is None:
            out.append(None)
        elif _is_int(d) and d >= 0:
            out.append(int(d))
        elif _is_int(d):
            raise KerastutorError("shapes.negative_dim", what=what, got=repr(spec), axis=i, value=int(d))
        elif isinstance(d, float) and d.is_integer() and d >= 0:
            raise KerastutorError("shapes.float_dim", what=what, got=repr(spec), axis=i, value=d, fixed=int(d))
        else:
            raise KerastutorError("shapes.bad_dim", what=what, got=repr(spec), axis=i, value=repr(d))
    return tuple(out)


def _outputs_shape(tensors):
    shapes = [norm_shape(tns.shape) for tns in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def describe(x) -> tuple[object, str]:
    """(shape, what) of an array, tensor, KerasTensor, layer or model; raise a clear error otherwise.

    shape is a tuple, or a list of tuples for a model/layer with several outputs; what is a
    (message key, values) pair naming the object.
    """
    if isinstance(x, (str, bytes)):
        raise KerastutorError("shapes.bad_object", got=repr(x)[:60], kind=type(x).__name__)
    if _from_keras_module(x) and not hasattr(x, "as_list"):
        import keras

        if isinstance(x, keras.Model):
            try:
                outputs = x.outputs
            except (AttributeError, ValueError):
                outputs = None
            if not outputs:
                raise KerastutorError("shapes.model_not_built", name=x.name)
            return _outputs_shape(outputs), ("shapes.what.model", {"name": x.name})
        if isinstance(x, keras.layers.Layer):
            what = ("shapes.what.layer", {"name": x.name})
            try:
                out = x.output
            except (AttributeError, ValueError):
                out = None
            if out is not None:
                outs = out if isinstance(out, (list, tuple)) else [out]
                return _outputs_shape(outs), what
            build = getattr(x, "_build_shapes_dict", None) or {}
            if x.built and len(build) == 1:
                shape = x.compute_output_shape(next(iter(build.values())))
                return norm_shape(shape) if not isinstance(shape, list) else [norm_shape(s) for s in shape], what
            raise KerastutorError("shapes.layer_not_called", name=x.name, cls=type(x).__name__)
    if hasattr(x, "as_list"):
        return norm_shape(x), ("shapes.what.shape", {})
    if hasattr(x, "shape") and not isinstance(x, type):
        shape = norm_shape(x.shape)
        kind = "shapes.what.array" if isinstance(x, np.ndarray) else "shapes.what.tensor"
        return shape, (kind, {})
    if isinstance(x, (list, tuple, int, float, np.generic)):
        try:
            return tuple(int(d) for d in np.shape(x)), ("shapes.what.array", {})
        except ValueError:
            raise KerastutorError("shapes.ragged", got=repr(x)[:60]) from None
    raise KerastutorError("shapes.bad_object", got=repr(x)[:60], kind=type(x).__name__)
