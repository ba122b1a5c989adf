"""Two runs of a lesson give the same outputs: text, numbers and pictures.

TensorFlow runs with its defaults (oneDNN on), as a learner has it, so "the same" means: the same
text, every printed integer equal, every printed decimal number equal within a tolerance (relative
1e-4, or one unit of its last printed digit, whichever is larger), and every picture equal pixel
by pixel except for at most a few anti-aliasing pixels. A lesson that is really not deterministic (an unseeded random draw, a
training run that depends on the clock) changes numbers far beyond that, and pictures by far more
pixels; the tests at the end prove that the comparison catches both.
"""
import base64
import io
import re

import nbformat
import numpy as np
import pytest

from kerastutor.course import execute_one
from kerastutor.layout import ROOT

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
RTOL = 1e-4
PIXEL_TOLERANCE = 48 / 255  # a pixel counts as changed when a channel moves by more than this
CHANGED_PIXELS = 0.001  # at most this fraction of a picture's pixels may change


def outputs(path):
    """Per cell: its stream texts (joined per stream) and its rich outputs, in order."""
    nb = nbformat.read(path, as_version=4)
    seen = []
    for cell in nb.cells:
        streams = {}  # a kernel may split one print into several messages: compare the text per cell
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                streams[out["name"]] = streams.get(out["name"], "") + out["text"]
            elif "data" in out:
                data = {k: v for k, v in out["data"].items() if k != "application/vnd.jupyter.widget-view+json"}
                seen.append(("data", sorted(data.items())))
        seen += [("stream", name, text) for name, text in sorted(streams.items())]
    return seen


def _unit(token: str) -> float:
    """One unit of the last printed digit of a rounded number: 0.123 → 0.001, 1.5e-3 → 1e-4; an
    integer (a count, an epoch, a shape) has none: it must not change at all."""
    if not any(c in token for c in ".eE"):
        return 0.0
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 10.0 ** (int(exponent or 0) - decimals)


def _words(text: str) -> list[str]:
    """The text between the numbers, with runs of white space made one (NumPy pads by width)."""
    return [" ".join(part.split()) for part in NUMBER.split(text)]


def text_differences(a: str, b: str) -> list[str]:
    """Where two texts differ beyond the tolerance: the words around numbers, or the numbers."""
    if _words(a) != _words(b):
        return [f"text differs: {a[:200]!r} vs {b[:200]!r}"]
    found = []
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        fx, fy = float(x), float(y)
        if abs(fx - fy) > max(RTOL * max(abs(fx), abs(fy)), _unit(x), _unit(y)) * (1 + 1e-9):
            found.append(f"number differs: {x} vs {y}")
    return found


def _pixels(png_base64: str) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(png_base64))).convert("RGBA")
    return np.asarray(image, dtype=np.float32) / 255


def image_differences(a: str, b: str) -> list[str]:
    """Two PNG pictures differ when their sizes differ or too many pixels changed noticeably."""
    pa, pb = _pixels(a), _pixels(b)
    if pa.shape != pb.shape:
        return [f"picture size differs: {pa.shape} vs {pb.shape}"]
    changed = np.mean(np.abs(pa - pb).max(axis=-1) > PIXEL_TOLERANCE)
    return [f"picture differs in {changed:.2%} of its pixels"] if changed > CHANGED_PIXELS else []


def differences(first, second) -> list[str]:
    """Everything that differs between two runs' outputs, beyond the tolerances."""
    if len(first) != len(second):
        return [f"{len(first)} outputs vs {len(second)}"]
    found = []
    for i, (x, y) in enumerate(zip(first, second)):
        if x[0] != y[0] or (x[0] == "stream" and x[1] != y[1]):
            found.append(f"output {i}: kinds differ")
        elif x[0] == "stream":
            found += [f"output {i}: {d}" for d in text_differences(x[2], y[2])]
        else:
            mx, my = dict(x[1]), dict(y[1])
            if mx.keys() != my.keys():
                found.append(f"output {i}: formats differ")
                continue
            for mime in mx:
                if mime == "image/png":
                    found += [f"output {i}: {d}" for d in image_differences(mx[mime], my[mime])]
                else:
                    found += [f"output {i} ({mime}): {d}" for d in text_differences(str(mx[mime]), str(my[mime]))]
    return found


@pytest.mark.parametrize("lesson", ["02_initializers", "03_constraints_and_regularizers"])
def test_two_runs_give_the_same_outputs(tmp_path, lesson):
    first = execute_one(lesson, "en", str(tmp_path / "a"), True, 42, str(ROOT))
    second = execute_one(lesson, "en", str(tmp_path / "b"), True, 42, str(ROOT))
    assert first.ok and second.ok, (first.error, second.error)
    a, b = outputs(tmp_path / "a" / first.output), outputs(tmp_path / "b" / second.output)
    assert len(a) > 20
    assert any(kind == "data" and any(k == "image/png" for k, _ in items) for kind, *rest in a for items in rest[-1:])
    assert differences(a, b) == []


# The comparison itself: tolerant of what oneDNN may change, strict about real non-determinism.

def _png(values) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
    ax.hist(values, bins=30)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def test_printed_numbers_may_differ_in_their_last_digits_only():
    assert text_differences("loss = 0.123456, w = [1.25 -3.5e-03]", "loss = 0.123457, w = [1.25 -3.5e-03]") == []
    assert text_differences("std 0.3536", "std 0.3535") == []  # one unit of the last printed digit
    assert text_differences("epoch 3: 0.5", "epoch 4: 0.5")  # an integer that changed
    assert text_differences("mean 0.1234", "mean 0.1251")  # beyond the tolerance
    assert text_differences("✓ ok", "✗ ok")  # the words around the numbers


def test_pictures_may_differ_in_a_few_pixels_only():
    rng = np.random.default_rng(0)
    sample = rng.normal(size=5000)
    picture = _png(sample)
    assert image_differences(picture, _png(sample * (1 + 1e-7))) == []  # rounding-sized changes
    assert image_differences(picture, _png(np.random.default_rng(1).normal(size=5000)))  # another draw


def test_an_unseeded_notebook_is_caught(tmp_path):
    """Two real executions of a notebook that draws unseeded random numbers and plots them."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nvalues = np.random.default_rng().normal(size=3000)\n"
                                  "print(values[:3].round(4))"),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.hist(values, bins=30)\nplt.show()"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    runs = []
    for name in ("a", "b"):
        executed = NotebookClient(nbformat.from_dict(nb), kernel_name="python3", timeout=120).execute()
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(executed, path)
        runs.append(outputs(path))
    found = differences(*runs)
    assert any("number differs" in d for d in found) and any("picture differs" in d for d in found), found
