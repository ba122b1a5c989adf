"""The teacher's side of grading: the student's names, as seen from a kernel that never ran
student code.

The teacher's tests (public check and hidden tests, unchanged) run in a clean kernel. `bind()`
puts each of the student's names into its namespace: plain values (numbers, strings, arrays,
shapes) as themselves, everything else as a `Remote`, whose every use (an attribute, a call, an
item, `len`, iteration, `np.asarray`) is a request to the student's kernel, relayed by the grader
through this kernel's input channel. What comes back is plain data of exact types
(kerastutor.grading.wire), so every comparison the tests make is made here, by the real numpy and
math, on values that cannot lie.

A Keras object the test builds and passes to a student function travels by value (a model as a
.keras file, a layer as its config and weights); the weights the student's code leaves in it are
copied back, so a test can see what a function did to the model it was given.
"""
from __future__ import annotations

import base64
import builtins
import json
import os
import tempfile

from . import wire

PROMPT = "\x00kerastutor-grading\x00"
_remotes: dict[int, Remote] = {}
_bound: set[str] = set()
_generation = [0]
_fresh: set[str] = set()  # the names of a teacher's kernel before its first submission (empty())


class StudentError(Exception):
    """The student's code raised an exception of this name (not one of Python's own)."""


class StudentKernelLost(BaseException):
    """The student's kernel died or timed out while answering (a BaseException: a test's
    `except Exception` cannot swallow it)."""


class ForgedValue(BaseException):
    """The student's code returned a value whose class redefines comparison or conversion."""


RERAISED = {cls.__name__: cls for cls in (NotImplementedError, ValueError, TypeError, AttributeError, KeyError,
                                          IndexError, ZeroDivisionError, RuntimeError, ArithmeticError, LookupError,
                                          OverflowError, FloatingPointError, RecursionError, UnboundLocalError,
                                          NameError, StopIteration)}
_kinds: dict[str, type] = {}


def _exception(name: str, message: str, builtin: bool) -> BaseException:
    if builtin and name in RERAISED:
        return RERAISED[name](message)
    if name not in _kinds:
        _kinds[name] = type(name if name.isidentifier() else "StudentError", (StudentError,), {})
    return _kinds[name](message)


def _ask(payload: dict, sent: list) -> object:
    text = builtins.input(PROMPT + json.dumps(payload))
    reply = json.loads(text)
    if "lost" in reply:
        raise StudentKernelLost(reply["lost"])
    if "forged" in reply:
        raise ForgedValue(reply["forged"])
    if "raised" in reply:
        name, message, builtin = reply["raised"]
        raise _exception(str(name), str(message), bool(builtin))
    value = wire.decode(reply["ok"], ref=_remote)
    for obj, back in zip(sent, reply.get("back") or []):
        _copy_back(obj, back)
    return value


class _Folder:
    """A temporary folder the test made: the student's side makes one of the same name."""

    def __init__(self, path: str):
        self.path = path


def _folder(value):
    if type(value) is str and os.path.isabs(value) and os.path.isdir(value) \
            and value.startswith(tempfile.gettempdir() + os.sep):
        return _Folder(value)
    return value


def request(op: str, ref: int | None = None, **fields):
    sent: list = []
    encode = wire.Encoder(lambda obj: _send(obj, sent))
    payload = {"op": op, "ref": ref}
    if op == "call":
        fields["args"] = [_folder(a) for a in fields["args"]]
        fields["kwargs"] = {k: _folder(v) for k, v in fields["kwargs"].items()}
    for key, value in fields.items():
        payload[key] = value if key == "name" else encode(value)
    return _ask(payload, sent)


def _send(obj, sent: list) -> dict:
    """A teacher's object passed to the student's code: a handle back, a folder, or a Keras
    object by value (a model as a .keras file, a layer as config and weights, an optimizer,
    loss, initializer … as its config)."""
    if is_remote(obj):
        return {"$r": object.__getattribute__(obj, "_kt_ref")}
    if isinstance(obj, type) and isinstance(vars(obj).get("_kt_ref"), int):  # a stand-in class
        return {"$r": vars(obj)["_kt_ref"]}
    if type(obj) is _Folder:
        return {"$dir": obj.path}
    import keras

    if isinstance(obj, keras.Model):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "sent.keras")
            obj.save(path)
            with open(path, "rb") as f:
                data = {"$m": base64.b64encode(f.read()).decode("ascii")}
        sent.append(obj)
    elif (type(obj).__module__ or "").startswith("keras") and hasattr(obj, "get_config"):
        layer = isinstance(obj, keras.layers.Layer)
        data = {"$y": keras.saving.serialize_keras_object(obj),
                "w": wire.Encoder(_unsupported)(obj.get_weights() if layer else [])["$l"]}
        json.dumps(data)  # fails here, not in the student's kernel, when the config is not plain
        if layer:
            sent.append(obj)
    else:
        raise TypeError(f"cannot pass a {type(obj).__name__} to the student's code")
    return data


def _unsupported(obj):
    raise TypeError(f"cannot send a {type(obj).__name__}")


def _copy_back(obj, back) -> None:
    if not isinstance(back, dict):
        return
    weights = wire.decode(back["w"])
    build = wire.decode(back["b"]) if back.get("b") is not None else None
    if not getattr(obj, "built", False) and isinstance(build, dict) and hasattr(obj, "build_from_config"):
        obj.build_from_config(build)
    current = obj.get_weights()
    if isinstance(weights, list) and len(weights) == len(current) and all(
            getattr(w, "shape", None) == c.shape for w, c in zip(weights, current)):
        obj.set_weights(weights)


def _local_class(names) -> type:
    for name in names:
        cls = wire.resolve(name, load=False)
        if isinstance(cls, type):
            return cls
    return object


def _remote(data: dict) -> Remote:
    key = data["$r"]
    if type(key) is not int:
        raise wire.Unsupported("bad handle")
    if key not in _remotes:
        classes = [c for c in data.get("c", []) if type(c) is str]
        kind = str(data.get("n", "object"))
        if data.get("t") is True:
            _remotes[key] = _stand_in(key, kind, _local_class(classes))
        else:
            _remotes[key] = _remote_class(kind)(key, _local_class(classes), kind, False)
    return _remotes[key]


def _stand_in(ref: int, kind: str, base: type) -> type:
    """A class of the student's, seen from here: a real class (so `issubclass(MLP, keras.Model)`
    and `isinstance(MLP, type)` work) derived from the nearest library class, whose instances are
    made in the student's kernel (`MLP(4, 2)` returns a Remote)."""
    def __new__(cls, *args, **kwargs):
        return request("call", ref, args=list(args), kwargs=kwargs)

    name = kind if kind.isidentifier() else "StudentClass"
    return type(name, (base,) if base is not object else (), {"__new__": __new__, "__module__": __name__,
                                                                "_kt_ref": ref})


_classes: dict[str, type] = {}


def _remote_class(kind: str) -> type:
    """A subclass of Remote named like the student's class, so that `type(r).__name__` in a check
    or a message says "Dense", not "Remote"."""
    name = kind if kind.isidentifier() else "Remote"
    if name not in _classes:
        _classes[name] = type(name, (Remote,), {"__slots__": (), "__module__": __name__})
    return _classes[name]


def is_remote(value) -> bool:
    return issubclass(type(value), Remote)


class Remote:
    """An object that lives in the student's kernel. `isinstance(r, keras.layers.Dense)` works
    (its `__class__` is the nearest library class); `type(r)` is a subclass of Remote named like
    the student's class."""

    __slots__ = ("_kt_ref", "_kt_cls", "_kt_kind", "_kt_is_class")

    def __init__(self, ref: int, cls: type, kind: str, is_class: bool):
        for name, value in (("_kt_ref", ref), ("_kt_cls", cls), ("_kt_kind", kind), ("_kt_is_class", is_class)):
            object.__setattr__(self, name, value)

    @property
    def __class__(self):
        return type if object.__getattribute__(self, "_kt_is_class") else object.__getattribute__(self, "_kt_cls")

    def _kt(self, op, **fields):
        return request(op, object.__getattribute__(self, "_kt_ref"), **fields)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._kt("getattr", name=name)

    def __setattr__(self, name, value):
        self._kt("setattr", name=name, value=value)

    def __call__(self, *args, **kwargs):
        return self._kt("call", args=list(args), kwargs=kwargs)

    def __getitem__(self, key):
        return self._kt("getitem", key=key)

    def __len__(self):
        return self._kt("len")

    def __iter__(self):
        return iter(self._kt("iter"))

    def __contains__(self, item):
        return self._kt("contains", item=item)

    def __bool__(self):
        return self._kt("bool")

    def __array__(self, dtype=None, copy=None):
        value = self._kt("array")
        return value if dtype is None else value.astype(dtype)

    def __repr__(self):
        return self._kt("repr")

    def __hash__(self):
        return hash(object.__getattribute__(self, "_kt_ref"))

    def __eq__(self, other):
        return self is other


def empty(namespace: dict) -> None:
    """Make a teacher's kernel that graded earlier submissions as good as new for the next one: the
    first call notes the names a new kernel has; later calls remove every other name (the last
    submission's values, stand-ins and the tests' own variables) and reset Keras' global state
    (layer names count from the start again). kt.setup in the setup cells then seeds afresh."""
    if not _fresh:
        _fresh.update(namespace)
        return
    for name in [name for name in namespace if name not in _fresh]:
        del namespace[name]
    _bound.clear()
    _remotes.clear()
    import keras

    try:
        keras.backend.clear_session(free_memory=False)  # no gc.collect(): the names are what matters
    except TypeError:  # a Keras without the argument
        keras.backend.clear_session()


def bind(namespace: dict) -> list[str]:
    """Put the student's names into `namespace` (the teacher's kernel's globals), except names the
    teacher's own cells defined. Names bound by an earlier call (another student kernel) go first."""
    for name in _bound:
        namespace.pop(name, None)
    _bound.clear()
    _remotes.clear()
    values = request("names")
    for name, value in values.items():
        if isinstance(name, str) and name.isidentifier() and name not in namespace:
            namespace[name] = value
            _bound.add(name)
    return sorted(_bound)



