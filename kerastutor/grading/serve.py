"""The student's side of grading: answers requests about the notebook's values.

After the student's cells have run, the teacher's tests run in another kernel (one that never ran
student code). Whenever a test uses one of the student's names — calls `build_model()`, reads
`first_layer.units` — that kernel sends a request; the grader relays it here as one execute request,
and `handle()` answers with plain data (kerastutor.grading.wire). Objects without a plain form stay
here and are named by a handle.

Nothing here is trusted: the student's code may have patched this module, numpy or the kernel.
That cannot help it, because no expected value ever reaches this kernel and the comparisons are
made in the teacher's kernel on the plain data this module sends.
"""
from __future__ import annotations

import base64
import json
import os
import tempfile

from . import wire

_objects: dict[int, object] = {}  # handle -> object (kept alive while the tests run)
# Names the teacher's kernel binds itself (fresh): never taken from the student's namespace.
RESERVED = {"kt", "keras", "np", "math", "check", "check_all", "start", "In", "Out", "get_ipython", "exit",
            "quit", "SEED", "FAST", "LANG", "tf", "ops"}


def _user_ns() -> dict:
    from IPython import get_ipython

    return get_ipython().user_ns


def _handle(obj) -> dict:
    key = id(obj)
    _objects[key] = obj
    is_class = isinstance(obj, type)
    classes = [f"{cls.__module__}:{cls.__qualname__}" for cls in (obj.__mro__ if is_class else type(obj).__mro__)]
    return {"$r": key, "c": classes, "n": obj.__name__ if is_class else type(obj).__name__, "t": is_class}


def encode(value):
    return wire.Encoder(_handle)(value)


def _ref(data):
    key = data["$r"]
    if type(key) is not int or key not in _objects:
        raise LookupError("unknown handle")
    return _objects[key]


def _sent(data, depth):
    """What the teacher's test passed: a Keras object by value, or a temporary folder."""
    import keras

    if "$dir" in data:
        path = str(data["$dir"])
        if path.startswith(tempfile.gettempdir() + os.sep):
            os.makedirs(path, exist_ok=True)
        return path
    if "$m" in data:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sent.keras")
            with open(path, "wb") as f:
                f.write(base64.b64decode(data["$m"], validate=True))
            obj = keras.saving.load_model(path, safe_mode=True)
    elif "$y" in data:
        obj = keras.saving.deserialize_keras_object(data["$y"], safe_mode=True)
        weights = wire.decode({"$l": data["w"]}, depth + 1)
        if weights:
            obj.set_weights(weights)
        if not isinstance(obj, keras.layers.Layer):
            return obj
    else:
        raise wire.Unsupported("unknown form")
    _sent_objects.append(obj)
    return obj


_sent_objects: list = []


def _decode(data):
    """The teacher's arguments; a symbolic tensor becomes a keras.Input of its shape (so the
    student's layer or function can be called on it, and models built from it)."""
    return _inputs(wire.decode(data, ref=_ref, extra=_sent))


def _inputs(value):
    import keras

    if type(value) is keras.KerasTensor:
        return keras.Input(batch_shape=value.shape, dtype=value.dtype, name=None)
    if type(value) in (list, tuple):
        return type(value)(_inputs(v) for v in value)
    if type(value) is dict:
        return {k: _inputs(v) for k, v in value.items()}
    return value


def fingerprint() -> dict[str, int]:
    """ids of the functions a verdict could be forged with; compared before and after the
    student's cells (a change means the notebook replaced one)."""
    import builtins
    import math

    import keras
    import numpy as np

    import kerastutor

    watched = {f"builtins.{n}": getattr(builtins, n, None) for n in (
        "isinstance", "issubclass", "type", "len", "abs", "int", "float", "bool", "str", "repr", "round", "max", "min",
        "sum", "all", "any", "print", "__import__", "getattr", "hasattr", "id", "callable", "tuple", "list", "dict",
        "range", "zip", "sorted", "iter", "next", "input", "AssertionError", "Exception")}
    watched.update({f"math.{n}": getattr(math, n) for n in ("isclose", "isfinite", "fabs", "sqrt")})
    watched.update({f"numpy.{n}": getattr(np, n) for n in (
        "allclose", "isclose", "array_equal", "max", "min", "abs", "all", "any", "asarray", "array", "sum", "mean",
        "isfinite", "issubdtype", "argmax", "concatenate", "maximum")})
    watched["numpy.testing.assert_allclose"] = np.testing.assert_allclose
    watched.update({f"keras.ops.{n}": getattr(keras.ops, n) for n in ("convert_to_numpy", "sum", "convert_to_tensor")})
    for cls, names in ((keras.layers.Layer, ("count_params", "__call__", "get_weights", "build")),
                       (keras.Model, ("count_params", "__call__", "get_weights"))):
        watched.update({f"{cls.__name__}.{n}": vars(cls).get(n) for n in names})
    import sys

    watched["kerastutor.pick"] = getattr(kerastutor, "pick", None)
    watched["kerastutor.setup"] = getattr(kerastutor, "setup", None)
    exercises = sys.modules.get("kerastutor.exercises")
    framework = sys.modules.get("kerastutor.exercises.framework")
    watched["kerastutor.exercises.check"] = getattr(exercises, "check", None)
    if framework is not None:
        for cls, names in ((framework.Exercise, ("run",)), (framework.Answers, ("expect", "equal", "close", "shape"))):
            watched.update({f"{cls.__name__}.{n}": vars(cls).get(n) for n in names})

    for name in ("numpy", "math", "builtins", "keras", "json", "kerastutor"):
        watched[f"sys.modules.{name}"] = sys.modules.get(name)
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    watched["kernel.do_execute"] = vars(kernel).get("do_execute") if kernel is not None else None
    return {name: id(obj) for name, obj in watched.items()}


SNAPSHOT = ("builtins", "math", "numpy", "json", "base64", "os", "tempfile")


def snapshot() -> None:
    """Before the student's code: a copy of the namespaces of the modules this side uses, so that
    the grader's reset (runner.reset_code) can undo a patch (only so that the honest answers of a notebook that patched them
    can still be served; the verdict never depends on it)."""
    import importlib
    import sys

    sys._kt_snapshot = {name: dict(vars(importlib.import_module(name))) for name in SNAPSHOT}


def _names() -> dict:
    import types

    ns = _user_ns()
    out = {}
    for name, value in list(ns.items()):
        if not isinstance(name, str) or name.startswith("_") or name in RESERVED or isinstance(value, types.ModuleType):
            continue
        try:
            out[name] = encode(value)
        except wire.Forged as exc:  # stays here: compared on the teacher's side, it equals nothing
            _lying.append(f"{name}: {exc}")
            out[name] = _handle(value)
        except Exception:  # noqa: BLE001 - e.g. a huge array: a handle instead
            out[name] = _handle(value)
    return {"$d": [[k, v] for k, v in out.items()]}


_lying: list[str] = []


def _write_back() -> list:
    """The weights of the Keras objects the teacher sent, after the student's code had them."""
    back = []
    for obj in _sent_objects:
        try:
            back.append({"w": encode(obj.get_weights()), "b": encode(obj.get_build_config())
                         if getattr(obj, "built", False) and hasattr(obj, "get_build_config") else None})
        except Exception:  # noqa: BLE001
            back.append(None)
    return back


def _run(request: dict):
    op = request["op"]
    if op == "names":
        return _names()
    if op == "fingerprint":
        return encode(fingerprint())
    obj = _ref({"$r": request["ref"]})
    if op == "getattr":
        return encode(getattr(obj, request["name"]))
    if op == "setattr":
        setattr(obj, request["name"], _decode(request["value"]))
        return None
    if op == "call":
        args = _decode(request["args"])
        kwargs = _decode(request["kwargs"])
        return encode(obj(*args, **kwargs))
    if op == "getitem":
        return encode(obj[_decode(request["key"])])
    if op == "len":
        return len(obj)
    if op == "iter":
        return encode(list(obj))
    if op == "array":
        import numpy as np

        return wire.array_data(np.asarray(obj))
    if op == "repr":
        text = repr(obj)
        return text[:300] if type(text) is str else "?"
    if op == "bool":
        return bool(obj)
    if op == "contains":
        return _decode(request["item"]) in obj
    raise ValueError(f"unknown op {op!r}")


def handle(text: str) -> str:
    """One request (JSON) -> one reply (JSON): {"ok": data, "back": [...]}, {"raised": [name, message]},
    or {"forged": what}."""
    _sent_objects.clear()
    _lying.clear()
    try:
        request = json.loads(text)
        value = _run(request)
        reply = {"ok": value}
        if _lying:
            reply["lying"] = "; ".join(_lying)[:300]
        if _sent_objects:
            reply["back"] = _write_back()
    except wire.Forged as exc:
        reply = {"forged": str(exc)[:200]}
    except BaseException as exc:  # noqa: BLE001 - the student's code raised: the teacher's side re-raises
        if isinstance(exc, KeyboardInterrupt):
            raise
        kind = type(exc)
        reply = {"raised": [kind.__name__, " ".join(str(exc).split())[:300],
                            kind.__module__ == "builtins"]}
    return json.dumps(reply)
