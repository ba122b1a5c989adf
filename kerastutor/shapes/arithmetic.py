"""How each shape-changing layer computes its output shape, with the numbers filled in.

`explain_layer(layer, input_shapes, output_shape)` returns the arithmetic as data:
a list of steps {"axis": role key, "value": int|None, "text": "(28 + 2·0 − 3) // 1 + 1 = 26"} and,
for layers with weights, the parameter count as arithmetic. Every step is checked against the
shape Keras produced; a step that disagrees is dropped, so the course never shows wrong arithmetic.
"""
from __future__ import annotations

import math

from . import formulas as F
from .families import conv_kind, is_global_pooling, is_pooling

SPATIAL = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def _step(axis, value, text, **extra):
    return dict(axis=axis, value=value, text=text, **extra)


def _spatial_axes(rank: int, data_format: str, ndim: int) -> list[int]:
    return list(range(1, 1 + rank)) if data_format == "channels_last" else list(range(2, 2 + rank))


def _channel_axis(data_format: str, ndim: int) -> int:
    return ndim - 1 if data_format == "channels_last" else 1


def _prod_text(dims) -> str:
    return "·".join(str(d) for d in dims)


def _conv_steps(layer, shape, kind):
    rank = len(layer.pool_size) if kind == "pool" else layer.rank
    fmt = getattr(layer, "data_format", "channels_last")
    axes = _spatial_axes(rank, fmt, len(shape))
    steps = []
    for j, ax in enumerate(axes):
        n = shape[ax]
        if kind == "conv":
            ln = F.conv_length(n, layer.kernel_size[j], layer.strides[j], layer.padding, layer.dilation_rate[j])
        elif kind == "transpose":
            op = None if layer.output_padding is None else layer.output_padding[j]
            ln = F.conv_transpose_length(n, layer.kernel_size[j], layer.strides[j], layer.padding, op,
                                         layer.dilation_rate[j])
        else:
            ln = F.pool_length(n, layer.pool_size[j], layer.strides[j], layer.padding)
        steps.append(_step(SPATIAL[rank][j], ln.value, ln.text, out_axis=ax, formula=ln.formula))
    return steps, fmt


def _channels_step(layer, in_shape, fmt, cls):
    c_axis = _channel_axis(fmt, len(in_shape))
    c_in = in_shape[c_axis]
    if cls == "depthwise":
        dm = layer.depth_multiplier
        value = None if c_in is None else c_in * dm
        return _step("channels", value, f"{c_in}·{dm} = {value}", out_axis=c_axis, key="depth_multiplier")
    if cls == "pool":
        return None
    return _step("channels", layer.filters, f"filters = {layer.filters}", out_axis=c_axis)


def _param_conv(layer, in_shape, cls):
    fmt = getattr(layer, "data_format", "channels_last")
    c_in = in_shape[_channel_axis(fmt, len(in_shape))]
    if c_in is None:
        return None
    k = list(layer.kernel_size)
    bias = getattr(layer, "use_bias", False)
    if cls == "separable":
        dm, f = layer.depth_multiplier, layer.filters
        value = math.prod(k) * c_in * dm + c_in * dm * f + (f if bias else 0)
        text = f"{_prod_text(k)}·{c_in}·{dm} + {c_in}·{dm}·{f}" + (f" + {f}" if bias else "")
    elif cls == "depthwise":
        dm = layer.depth_multiplier
        value = math.prod(k) * c_in * dm + (c_in * dm if bias else 0)
        text = f"{_prod_text(k)}·{c_in}·{dm}" + (f" + {c_in}·{dm}" if bias else "")
    else:
        f, g = layer.filters, getattr(layer, "groups", 1)
        cin = c_in // g
        value = math.prod(k) * cin * f + (f if bias else 0)
        text = f"{_prod_text(k)}·{cin}·{f}" + (f" + {f}" if bias else "")
    return f"{text} = {value}", value


def _pairs(value, rank):
    """Cropping/ZeroPadding arguments as ((before, after), …) per spatial axis."""
    if rank == 1:
        return [tuple(value)]
    return [tuple(v) for v in value]


def explain_layer(layer, input_shapes, output_shape):
    """Arithmetic for one layer call. input_shapes: list of tuples; output_shape: tuple or list."""
    from keras import layers as L

    steps: list[dict] = []
    params = None
    s = tuple(input_shapes[0]) if input_shapes else None
    out = output_shape if not isinstance(output_shape, list) else (output_shape[0] if output_shape else None)

    family = conv_kind(layer)
    if family is not None:
        kind = "transpose" if family == "transpose" else "conv"
        cls = family if family in ("separable", "depthwise") else "conv"
        steps, fmt = _conv_steps(layer, s, kind)
        ch = _channels_step(layer, s, fmt, cls)
        if ch:
            steps.append(ch)
        params = _param_conv(layer, s, cls)
    elif is_pooling(layer):
        steps, _ = _conv_steps(layer, s, "pool")
    elif is_global_pooling(layer):
        fmt = layer.data_format
        axes = _spatial_axes(len(s) - 2, fmt, len(s))
        removed = ", ".join(str(s[a]) for a in axes)
        steps.append(_step("global", None, f"{removed} → {'1' if layer.keepdims else '—'}"))
    elif type(layer).__name__ in ("Cropping1D", "Cropping2D", "Cropping3D",
                                 "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"):
        rank = int(type(layer).__name__[-2])
        crop = type(layer).__name__.startswith("Cropping")
        pairs = _pairs(layer.cropping if crop else layer.padding, rank)
        fmt = getattr(layer, "data_format", "channels_last")
        for j, ax in enumerate(_spatial_axes(rank, fmt, len(s))):
            n, (b, a) = s[ax], pairs[j]
            sign = "−" if crop else "+"
            value = None if n is None else (n - b - a if crop else n + b + a)
            steps.append(_step(SPATIAL[rank][j], value, f"{n} {sign} {b} {sign} {a} = {value}", out_axis=ax))
    elif type(layer).__name__ in ("UpSampling1D", "UpSampling2D", "UpSampling3D"):
        rank = int(type(layer).__name__[-2])
        size = (layer.size,) if rank == 1 else tuple(layer.size)
        fmt = getattr(layer, "data_format", "channels_last")
        for j, ax in enumerate(_spatial_axes(rank, fmt, len(s))):
            n = s[ax]
            value = None if n is None else n * size[j]
            steps.append(_step(SPATIAL[rank][j], value, f"{n}·{size[j]} = {value}", out_axis=ax))
    elif isinstance(layer, L.Flatten):
        dims = s[1:]
        value = math.prod(dims) if all(d is not None for d in dims) else None
        steps.append(_step("features", value, f"{_prod_text(dims)} = {value}", out_axis=1))
    elif isinstance(layer, L.Reshape):
        dims = s[1:]
        target = tuple(layer.target_shape)
        if -1 in target and all(d is not None for d in dims):
            total = math.prod(dims)
            known = [d for d in target if d != -1]
            value = total // math.prod(known) if known else total
            idx = target.index(-1)
            num = _prod_text(dims)
            den = _prod_text(known) or "1"
            den = f"({den})" if len(known) > 1 else den
            chain = f"{num} / {den}"
            if len(dims) > 1 or len(known) > 1:
                chain += f" = {total} / {math.prod(known)}"
            steps.append(_step("reshape", value, f"−1 = {chain} = {value}", out_axis=idx + 1))
        elif all(d is not None for d in dims):
            steps.append(_step("reshape", None,
                               f"{_prod_text(dims)} = {math.prod(dims)} = {_prod_text(target)}"))
    elif isinstance(layer, L.Permute):
        dims = tuple(layer.dims)
        moved = ", ".join(f"{i + 1}←{d}" for i, d in enumerate(dims))
        new = tuple(s[d] for d in dims)
        steps.append(_step("permute", None, f"dims={dims}: {moved} → {new}"))
    elif isinstance(layer, L.RepeatVector):
        steps.append(_step("steps", layer.n, f"n = {layer.n}", out_axis=1))
    elif isinstance(layer, L.Concatenate):
        axis = layer.axis
        sizes = [sh[axis] for sh in input_shapes]
        value = None if any(v is None for v in sizes) else sum(sizes)
        steps.append(_step("concat", value, " + ".join(str(v) for v in sizes) + f" = {value}",
                           out_axis=axis % len(s), axis_arg=axis))
    elif isinstance(layer, L.Embedding):
        steps.append(_step("embedding", layer.output_dim, f"output_dim = {layer.output_dim}", out_axis=len(s)))
        params = (f"{layer.input_dim}·{layer.output_dim} = {layer.input_dim * layer.output_dim}",
                  layer.input_dim * layer.output_dim)
    elif isinstance(layer, L.Bidirectional):
        units = layer.forward_layer.cell.units
        rs = layer.return_sequences
        mode = layer.merge_mode
        value = 2 * units if mode == "concat" else units
        text = (f"2·{units} = {value}" if mode == "concat" else f"units = {units}") + f"  (merge_mode={mode!r})"
        steps.append(_step("rnn_seq" if rs else "rnn_last", value, text, out_axis=2 if rs else 1))
        inner = _rnn_params(layer.forward_layer, s)
        if inner:
            params = (f"2·({inner[0].split(' = ')[0]}) = {2 * inner[1]}", 2 * inner[1])
    elif isinstance(layer, L.RNN):
        units = layer.cell.units if hasattr(layer.cell, "units") else None
        rs = layer.return_sequences
        text = f"return_sequences={rs}: units = {units}"
        steps.append(_step("rnn_seq" if rs else "rnn_last", units, text, out_axis=2 if rs else 1))
        params = _rnn_params(layer, s)
    elif isinstance(layer, L.Dense):
        steps.append(_step("dense", layer.units, f"{s[-1]} → units = {layer.units}", out_axis=len(s) - 1))
        if s[-1] is not None:
            b = layer.units if layer.use_bias else 0
            value = s[-1] * layer.units + b
            params = (f"{s[-1]}·{layer.units}" + (f" + {layer.units}" if b else "") + f" = {value}", value)
    return _checked(steps, out), params


def _rnn_params(layer, s):
    name = type(layer).__name__
    units, n = layer.cell.units, s[-1]
    if n is None:
        return None
    bias = getattr(layer.cell, "use_bias", True)
    if name == "SimpleRNN":
        value = n * units + units * units + (units if bias else 0)
        return f"{n}·{units} + {units}·{units}" + (f" + {units}" if bias else "") + f" = {value}", value
    if name == "LSTM":
        value = 4 * (n * units + units * units + (units if bias else 0))
        return f"4·({n}·{units} + {units}·{units}" + (f" + {units}" if bias else "") + f") = {value}", value
    if name == "GRU":
        nb = (2 if layer.cell.reset_after else 1) if bias else 0
        value = 3 * (n * units + units * units + nb * units)
        btxt = {0: "", 1: f" + {units}", 2: f" + 2·{units}"}[nb]
        return f"3·({n}·{units} + {units}·{units}{btxt}) = {value}", value
    return None


def _checked(steps, out):
    """Keep only the steps whose value agrees with the shape Keras produced."""
    if out is None:
        return steps
    kept = []
    for st in steps:
        ax = st.get("out_axis")
        if ax is not None and st["value"] is not None:
            if ax >= len(out) or out[ax] != st["value"]:
                continue
        kept.append(st)
    return kept
