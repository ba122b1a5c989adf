"""Pure core of the convolution / pooling shape calculator: output length with its arithmetic
(from kerastutor.shapes.formulas) and where each window lands on the input."""
from __future__ import annotations

from ..errors import KerastutorError
from ..shapes import formulas as F
from ._base import check_choice, check_number

KINDS = ("conv", "pool", "transpose")
DEFAULTS = dict(kind="conv", n=12, kernel_size=3, strides=1, padding="valid", dilation_rate=1,
                output_padding=None, position=0)


def normalize(state: dict) -> dict:
    s = dict(state)
    s["kind"] = check_choice("kind", s["kind"], KINDS)
    s["n"] = check_number("n", s["n"], 1, 10_000, integer=True)
    s["kernel_size"] = check_number("kernel_size", s["kernel_size"], 1, 1000, integer=True)
    s["strides"] = check_number("strides", s["strides"], 1, 1000, integer=True)
    s["dilation_rate"] = check_number("dilation_rate", s["dilation_rate"], 1, 1000, integer=True)
    s["output_padding"] = check_number("output_padding", s["output_padding"], 0, 1000, integer=True, allow_none=True)
    allowed = {"conv": F.PADDINGS_CONV, "pool": F.PADDINGS_POOL, "transpose": F.PADDINGS_TRANSPOSE}[s["kind"]]
    s["padding"] = check_choice("padding", s["padding"], allowed)
    s["position"] = check_number("position", s["position"], 0, None, integer=True)
    return s


def _length(s):
    if s["kind"] == "conv":
        return F.conv_length(s["n"], s["kernel_size"], s["strides"], s["padding"], s["dilation_rate"])
    if s["kind"] == "pool":
        return F.pool_length(s["n"], s["kernel_size"], s["strides"], s["padding"])
    return F.conv_transpose_length(s["n"], s["kernel_size"], s["strides"], s["padding"], s["output_padding"],
                                   s["dilation_rate"])


def transpose_taps(n, kernel_size, strides, padding, output_padding=None, dilation_rate=1) -> list[list[int]]:
    """For a transposed convolution: for each input position, the output positions its kernel taps
    write to (positions outside 0..L-1 are cut off). It is the mirror image of the forward
    convolution from L outputs back to n inputs, with that convolution's zero padding."""
    length = F.conv_transpose_length(n, kernel_size, strides, padding, output_padding, dilation_rate).value
    ke = F.effective_kernel(kernel_size, dilation_rate)
    left = max((n - 1) * strides + ke - length, 0) // 2
    return [[i * strides + j * dilation_rate - left for j in range(kernel_size)] for i in range(n)]


def compute(state: dict) -> dict:
    """value/text/formula of the output length; `windows` (conv/pool: input indices read by each
    output) or `taps` (transpose: output indices written by each input); `pad` (zeros before,
    after); `position`: the highlighted output (conv/pool) or input (transpose), clipped to range.
    When the window does not fit, ok=False and `error` holds the learner-facing message."""
    s = state
    try:
        length = _length(s)
    except KerastutorError as err:
        return dict(kind=s["kind"], ok=False, error=str(err), error_key=err.key, n=s["n"], value=None, text="",
                    formula="", pad=(0, 0), windows=[], taps=[], position=0, count=0, selected=[])
    res = dict(kind=s["kind"], ok=True, error="", error_key=None, n=s["n"], value=length.value, text=length.text,
               formula=length.formula)
    if s["kind"] == "transpose":
        taps = transpose_taps(s["n"], s["kernel_size"], s["strides"], s["padding"], s["output_padding"],
                              s["dilation_rate"])
        count = s["n"]
        pos = min(s["position"], count - 1)
        res.update(pad=(0, 0), windows=[], taps=taps, count=count, position=pos,
                   selected=[o for o in taps[pos] if 0 <= o < length.value])
    else:
        windows = F.window_positions(s["n"], s["kernel_size"], s["strides"], s["padding"], s["dilation_rate"],
                                     pool=s["kind"] == "pool")
        count = len(windows)
        pos = min(s["position"], count - 1)
        res.update(pad=length.pad or (0, 0), windows=windows, taps=[], count=count, position=pos,
                   selected=windows[pos])
    return res


def make_state(**changes) -> dict:
    """DEFAULTS with `changes`, checked: the state compute() takes."""
    return normalize({**DEFAULTS, **changes})
