"""`expect_shape`: check a shape and, when it is wrong, say which axis and why."""
from __future__ import annotations

import math

from ..i18n import t
from ._coerce import check_shape_spec, describe
from ._text import ShapeError, both, fmt_shape

# Usual meaning of each axis of a batch-first, channels_last tensor of a given rank.
ROLES = {
    2: ("batch", "features"),
    3: ("batch", "steps", "features"),
    4: ("batch", "height", "width", "channels"),
    5: ("batch", "depth", "height", "width", "channels"),
}


def dims_match(actual, expected) -> bool:
    """Same rank and every axis equal, where None in `expected` means any size."""
    return len(actual) == len(expected) and all(e is None or a == e for a, e in zip(actual, expected))


def _known(shape) -> bool:
    return all(d is not None for d in shape)


def _prod(dims) -> int:
    return math.prod(dims)


def _axis_name(axis: int, rank: int, lang: str, batch_first: bool) -> str:
    roles = ROLES.get(rank)
    if batch_first and roles:
        return t("shapes.axis_role", lang=lang, axis=axis, role=t(f"shapes.role.{roles[axis]}", lang=lang))
    return t("shapes.axis_plain", lang=lang, axis=axis)


def _size(d, lang: str) -> str:
    return t("shapes.any_size", lang=lang) if d is None else str(d)


def origin(x) -> str | None:
    """Where a symbolic tensor (or a model's or layer's output) comes from, as far as a hint needs:
    "input" (keras.Input), "sequence" (a recurrent layer with return_sequences=True), "dense", "layer"
    (any other layer), or None when it cannot be told (an array, a bare KerasTensor)."""
    import sys

    keras = sys.modules.get("keras")
    if keras is None:
        return None
    if isinstance(x, keras.Model):
        outputs = getattr(x, "outputs", None) or []
        x = outputs[0] if len(outputs) == 1 else None
    if isinstance(x, keras.layers.Layer):
        layer = x
    else:
        history = getattr(x, "_keras_history", None)
        layer = getattr(history, "operation", None)
        if layer is None:
            return None
    if isinstance(layer, keras.layers.InputLayer):
        return "input"
    if getattr(layer, "return_sequences", False):
        return "sequence"
    return "dense" if isinstance(layer, keras.layers.Dense) else "layer"


def hints(actual: tuple, expected: tuple, source: str | None = None) -> list[tuple[str, dict]]:
    """The likely causes of a mismatch, as (message key, values); most specific first.
    `source` is what `origin()` says of the checked object: a hint about keras.Input is given only
    for an input (or an object of unknown origin), a return_sequences hint only for a recurrent
    layer that returns every step."""
    a, e = tuple(actual), tuple(expected)
    out: list[tuple[str, dict]] = []
    ra, re_ = len(a), len(e)
    # --- a different number of axes
    if ra == re_ - 1 and dims_match(a, e[1:]):
        out.append(("shapes.hint.missing_batch", dict(fixed=fmt_shape((1,) + a))))
    if ra == re_ - 1 and e[-1] == 1 and dims_match(a, e[:-1]):
        out.append(("shapes.hint.missing_channel", dict(fixed=fmt_shape(a + (1,)))))
    if ra == re_ - 2 and e[-1] == 1 and dims_match(a, e[1:-1]):
        out.append(("shapes.hint.missing_batch_and_channel", dict(fixed=fmt_shape((1,) + a + (1,)))))
    if ra == re_ + 1 and source == "sequence" and ra >= 3 and dims_match(a[:1] + a[2:], e):
        out.append(("shapes.hint.drop_return_sequences", {}))
    elif ra == re_ + 1 and dims_match(a[1:], e):
        if ra >= 2 and a[0] is None and a[1] is None and source in ("input", None):
            out.append(("shapes.hint.input_has_batch", dict(fixed=fmt_shape(e[1:]) if e and e[0] is None else fmt_shape(e))))
        elif a[0] is not None:
            out.append(("shapes.hint.extra_batch", dict(size=a[0], fixed=fmt_shape((a[0],) + e))))
    if ra == re_ + 1 and not out:
        for i, d in enumerate(a):
            if d == 1 and dims_match(a[:i] + a[i + 1:], e):
                out.append(("shapes.hint.extra_one", dict(axis=i)))
                break
    if out:
        pass
    elif re_ == 2 and ra > 2 and _known(a[1:]) and e[1] is not None and _prod(a[1:]) == e[1]:
        arith = "·".join(str(d) for d in a[1:]) + f" = {_prod(a[1:])}"
        out.append(("shapes.hint.flatten", dict(actual=fmt_shape(a), arith=arith, fixed=fmt_shape((a[0], e[1])))))
    elif re_ == 2 and ra > 2 and a[-1] == e[-1] and source in (None, "dense"):
        out.append(("shapes.hint.dense_last_axis", dict(middle=fmt_shape(a[1:-1]))))
    elif ra != re_ and ra >= 2 and re_ >= 2 and _known(a[1:]) and _known(e[1:]) and _prod(a[1:]) == _prod(e[1:]):
        out.append(("shapes.hint.reshape", dict(count=_prod(a[1:]), target=fmt_shape(e[1:]))))
    if ra != re_:
        return out
    # --- same number of axes, some sizes differ
    diff = [i for i, (x, y) in enumerate(zip(a, e)) if y is not None and x != y]
    if not diff:
        return out
    if ra >= 4 and (a[0] == e[0] or e[0] is None):
        if a[1:] == (e[-1],) + e[1:-1] and _known(e[1:]):
            out.append(("shapes.hint.channels_first", dict(fix=fmt_shape((0,) + tuple(range(2, ra)) + (1,)),
                                                         permute=fmt_shape(tuple(range(2, ra)) + (1,)))))
        elif a[1:] == e[2:] + (e[1],) and _known(e[1:]):
            out.append(("shapes.hint.channels_last", dict(fix=fmt_shape((0, ra - 1) + tuple(range(1, ra - 1))),
                                                        permute=fmt_shape((ra - 1,) + tuple(range(1, ra - 1))))))
    if not out and ra >= 2 and (a[0] == e[0] or e[0] is None) and _known(a[1:]) and _known(e[1:]) \
            and sorted(a[1:]) == sorted(e[1:]):
        out.append(("shapes.hint.permuted", {}))
    if diff == [0]:
        out.append(("shapes.hint.batch_only", dict(fixed=fmt_shape((None,) + e[1:]))))
        return out
    spatial = list(range(1, ra - 1))
    if ra >= 3 and diff and all(i in spatial for i in diff) and all(a[i] is not None for i in diff):
        shrink = {e[i] - a[i] for i in diff}
        if all(a[i] == -(-e[i] // 2) for i in diff):
            out.append(("shapes.hint.halved", {}))
        elif all(e[i] == -(-a[i] // 2) for i in diff):
            out.append(("shapes.hint.not_halved", {}))
        elif len(shrink) == 1 and 0 < (c := shrink.pop()) <= 10:
            out.append(("shapes.hint.valid_padding", dict(lost=c, kernel=c + 1)))
    if diff == [ra - 1] and ra >= 2:
        out.append(("shapes.hint.last_axis", dict(actual=a[-1], expected=e[-1])))
    return out


def _mismatch_lines(actual, expected, lang: str) -> list[str]:
    a, e = tuple(actual), tuple(expected)
    if len(a) != len(e):
        return [t("shapes.rank_differs", lang=lang, expected_rank=len(e), actual_rank=len(a))]
    batch_first = (a and a[0] is None) or (e and e[0] is None)
    lines = []
    for i, (x, y) in enumerate(zip(a, e)):
        if y is not None and x != y:
            lines.append(t("shapes.axis_differs", lang=lang, axis=_axis_name(i, len(a), lang, batch_first),
                           expected=_size(y, lang), actual=_size(x, lang)))
    return lines


def _what(what, lang: str) -> str:
    return what if isinstance(what, str) else t(what[0], lang=lang, **what[1])


def _render_mismatch(what, actual, expected, found_hints, index=None):
    def render(lang):
        head = t("shapes.mismatch", lang=lang, what=_what(what, lang), expected=fmt_shape(expected), actual=fmt_shape(actual))
        if index is not None:
            head = t("shapes.output_n", lang=lang, index=index) + head
        lines = [head] + ["  • " + s for s in _mismatch_lines(actual, expected, lang)]
        lines += [t("shapes.hint", lang=lang, text=t(k, lang=lang, **v)) for k, v in found_hints]
        return "\n".join(lines)
    return render


def _compare(actual, expected, what, index=None, source=None):
    if dims_match(actual, expected):
        return
    found = hints(actual, expected, source)
    raise ShapeError("shapes.mismatch", _render_mismatch(what, actual, expected, found, index),
                     what=_what(what, "en"), actual=actual, expected=expected, hints=[k for k, _ in found], index=index)


def expect_shape(x, expected, name: str | None = None, quiet: bool = False):
    """Check the shape of `x` (array, tensor, KerasTensor, called layer, built model).

    `expected` is a tuple such as (None, 26, 26, 32); None means "any size" on that axis. For a
    model with several outputs give a list of tuples. On success print one ✓ line (unless quiet)
    and return the shape; on mismatch raise a KerastutorError naming the axis that differs, what
    was expected, what arrived, and a hint when the cause is a usual one.
    """
    expected = check_shape_spec(expected)
    actual, what = describe(x)
    what = name or what
    source = origin(x)
    if isinstance(expected, dict):
        expected = list(expected.values())
    multi_a, multi_e = isinstance(actual, list), isinstance(expected, list)
    if multi_a or multi_e:
        acts = actual if multi_a else [actual]
        exps = expected if multi_e else [expected]
        if len(acts) != len(exps):
            raise ShapeError("shapes.output_count",
                             lambda lang: t("shapes.output_count", lang=lang, what=_what(what, lang), expected=len(exps),
                                            actual=len(acts), shapes=fmt_shape(acts)),
                             what=_what(what, "en"), actual=actual, expected=expected)
        for i, (a, e) in enumerate(zip(acts, exps)):
            _compare(a, e, what, index=i)
    else:
        _compare(actual, expected, what, source=source)
    if not quiet:
        wild = fmt_shape(expected) != fmt_shape(actual)
        key = "shapes.ok_pattern" if wild else "shapes.ok"
        print(both(lambda lang: t(key, lang=lang, what=_what(what, lang), actual=fmt_shape(actual),
                                  expected=fmt_shape(expected))))
    return actual
