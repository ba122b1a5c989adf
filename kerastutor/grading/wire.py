"""Plain data between the student's kernel and the teacher's: what crosses, and how.

Only JSON crosses (the grader relays it, capped in size). A value becomes:

- itself, when its type is exactly None, bool, int, float or str;
- {"$t": [...]} a tuple, {"$l": [...]} a list, {"$d": [[key, value], ...]} a dict (exact types);
- {"$a": dtype, "s": shape, "b": base64} a NumPy array of numbers or booleans (also what a
  TensorFlow tensor becomes); {"$n": dtype, "v": number} a NumPy scalar;
- {"$k": shape, "d": dtype} a symbolic Keras tensor (shape and dtype only);
- {"$g": "module:qualname"} a function or class that both sides import from the same library
  module (keras.activations.relu, keras.layers.Dense …);
- {"$m": base64 of a .keras file} (teacher -> student only) a Keras model the teacher's test built,
  {"$y": serialized config, "w": [arrays]} a Keras layer;
- {"$r": id, "c": [class names]} (student -> teacher only) anything else: a handle, which the
  teacher's side turns into a `Remote` whose every use is a request to the student's kernel.

Decoding makes only these exact types, so an object that lies about equality cannot cross: on the
student's side a value whose class is a subclass of a plain type (int, float, str, tuple, list,
dict, ndarray, a NumPy scalar) and redefines comparison or conversion is reported as forged
(`Forged`), and the row says "tampered".
"""
from __future__ import annotations

import base64
import importlib
import sys

MAX_DEPTH = 24
MAX_ITEMS = 200_000
MAX_ARRAY_BYTES = 16 * 1024 * 1024
# Modules whose functions and classes travel by name (both sides have the same installation).
LIBRARIES = ("keras", "numpy", "math", "builtins", "tensorflow", "kerastutor")
# Redefining any of these on a subclass of a plain type makes a value that can lie.
LYING = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__int__",
         "__float__", "__index__", "__array__", "__array_ufunc__", "__array_function__", "__getattribute__")


class Forged(Exception):
    """A value whose class redefines how it compares or converts: it cannot be trusted."""


class Unsupported(Exception):
    pass


def _np():
    import numpy

    return numpy


def qualified(obj) -> str | None:
    """"module:qualname" when `obj` is a function or class importable by that name from one of
    LIBRARIES (and is that very object), else None."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
        return None
    if module.split(".")[0] not in LIBRARIES:
        return None
    return f"{module}:{qualname}" if resolve(f"{module}:{qualname}", load=False) is obj else None


def resolve(name: str, load: bool = True):
    """The object "module:qualname" names, from a module already imported (or importable, with
    `load`, only from LIBRARIES); None when there is no such object."""
    if not isinstance(name, str) or ":" not in name:
        return None
    module, qualname = name.split(":", 1)
    if module.split(".")[0] not in LIBRARIES:
        return None
    mod = sys.modules.get(module)
    if mod is None and load:
        try:
            mod = importlib.import_module(module)
        except Exception:  # noqa: BLE001
            return None
    obj = mod
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


PLAIN = (object, int, float, complex, str, bool, tuple, list, dict)
HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement


def check_honest(value) -> None:
    """Raise Forged when a class of `value` below the plain type or NumPy class it derives from
    redefines a LYING method (identity, not a class's own claim about its module, decides)."""
    np = sys.modules.get("numpy")
    for cls in type(value).__mro__:
        if cls in PLAIN or (np is not None and getattr(np, cls.__name__, None) is cls):
            return
        if not cls.__flags__ & HEAPTYPE:  # a type written in C (collections.defaultdict …): not the student's
            continue
        names = vars(cls)
        for name in LYING:
            if name in names:
                raise Forged(f"{getattr(cls, '__module__', '?')}.{cls.__qualname__}.{name}")


def array_data(a) -> dict:
    np = _np()
    a = np.asarray(a)  # (not ascontiguousarray: it makes a 0-d array 1-d)
    if a.dtype.kind not in "biufc" or a.dtype.hasobject:
        raise Unsupported(f"array of {a.dtype}")
    if a.nbytes > MAX_ARRAY_BYTES:
        raise Unsupported(f"array of {a.nbytes} bytes")
    return {"$a": a.dtype.str, "s": list(a.shape), "b": base64.b64encode(a.tobytes(order="C")).decode("ascii")}


class Encoder:
    """Turns a value into JSON-able data. `handle(obj)` is called for what has no plain form
    (the student's side makes a handle, the teacher's side a by-value copy of a Keras object)."""

    def __init__(self, handle):
        self.handle = handle
        self.items = 0

    def __call__(self, value, depth: int = 0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise Unsupported("too deeply nested or too many items")
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if value == value and value not in (float("inf"), float("-inf")) else {"$f": repr(value)}
        if kind is tuple:
            return {"$t": [self(v, depth + 1) for v in value]}
        if kind is list:
            return {"$l": [self(v, depth + 1) for v in value]}
        if kind is dict:
            return {"$d": [[self(k, depth + 1), self(v, depth + 1)] for k, v in value.items()]}
        np = sys.modules.get("numpy")
        if np is not None:
            if kind is np.ndarray:
                return array_data(value)
            if isinstance(value, np.generic) and kind.__module__ == "numpy":
                if value.dtype.kind not in "biufc":
                    raise Unsupported(f"NumPy scalar of {value.dtype}")
                return {"$n": value.dtype.str, "v": self(value.item(), depth + 1)}
        if isinstance(value, (int, float, str, tuple, list, dict)) or (np is not None and isinstance(value, (np.ndarray, np.generic))):
            check_honest(value)  # a subclass that redefines nothing: the plain value it holds
            for base in (bool, int, float, str, tuple, list, dict):
                if isinstance(value, base):
                    return self(base(value), depth)
            return self(np.asarray(value).view(np.ndarray) if isinstance(value, np.ndarray) else value.item(), depth)
        symbolic = _keras_tensor(value)
        if symbolic is not None:
            return symbolic
        if _is_tensor(value):
            if type(value).__name__ != "EagerTensor":  # symbolic (Keras tracing a Lambda): shape only
                return {"$k": [d if type(d) is int else None for d in value.shape.as_list()],
                        "d": value.dtype.name}
            return array_data(_np().asarray(value))
        name = qualified(value)
        if name is not None:
            return {"$g": name}
        return self.handle(value)


def _keras_tensor(value):
    keras = sys.modules.get("keras")
    if keras is None or type(value) is not getattr(keras, "KerasTensor", None):
        return None
    data = {"$k": [d if type(d) is int else None for d in value.shape], "d": str(value.dtype)}
    if type(value.name) is str:
        data["n"] = value.name
    return data


def _is_tensor(value) -> bool:
    """A TensorFlow tensor (what a model or layer call gives): it travels as its value. Keras
    variables stay handles (`.numpy()`, `.shape`, `np.asarray(...)` work on them)."""
    module = type(value).__module__ or ""
    return module.startswith("tensorflow") and hasattr(value, "shape") and hasattr(value, "dtype") \
        and not hasattr(value, "assign")


def decode(data, depth: int = 0, ref=None, extra=None):
    """Plain data back into values of exact types. `ref(data)` makes what a {"$r"} stands for;
    `extra(data)` decodes the other side-specific forms ({"$m"}, {"$y"})."""
    if depth > MAX_DEPTH:
        raise Unsupported("too deeply nested")
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:  # only inside the forms below
        raise Unsupported("bare list")
    if kind is not dict or len(data) == 0:
        raise Unsupported(f"unexpected {kind.__name__}")
    if "$t" in data:
        return tuple(decode(v, depth + 1, ref, extra) for v in _items(data["$t"]))
    if "$l" in data:
        return [decode(v, depth + 1, ref, extra) for v in _items(data["$l"])]
    if "$d" in data:
        return {decode(k, depth + 1, ref, extra): decode(v, depth + 1, ref, extra)
                for k, v in (_pair(p) for p in _items(data["$d"]))}
    if "$f" in data:
        return float(data["$f"]) if data["$f"] in ("nan", "inf", "-inf") else _bad()
    if "$a" in data:
        np = _np()
        dtype = np.dtype(data["$a"])
        if dtype.kind not in "biufc" or dtype.hasobject:
            raise Unsupported(f"array of {dtype}")
        shape = tuple(int(s) for s in _items(data["s"]))
        raw = base64.b64decode(data["b"], validate=True)
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if "$n" in data:
        np = _np()
        dtype = np.dtype(data["$n"])
        if dtype.kind not in "biufc":
            raise Unsupported(f"scalar of {dtype}")
        return dtype.type(decode(data["v"], depth + 1))
    if "$k" in data:
        import keras

        shape = tuple(None if d is None else int(d) for d in _items(data["$k"]))
        name = data.get("n") if type(data.get("n")) is str else None
        return keras.KerasTensor(shape, dtype=str(data["d"]), name=name)
    if "$g" in data:
        obj = resolve(data["$g"])
        if obj is None:
            raise Unsupported(f"unknown name {data['$g']!r}")
        return obj
    if "$r" in data and ref is not None:
        return ref(data)
    if extra is not None:
        return extra(data, depth)
    raise Unsupported("unknown form")


def _items(value) -> list:
    if type(value) is not list:
        raise Unsupported("expected a list")
    return value


def _pair(value):
    if type(value) is not list or len(value) != 2:
        raise Unsupported("expected a pair")
    return value


def _bad():
    raise Unsupported("bad float")
