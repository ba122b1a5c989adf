"""Two runs of a lesson give the same outputs: text, numbers and pictures."""
import nbformat
import pytest

from kerastutor.course import execute_one
from kerastutor.layout import ROOT


def outputs(path):
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


@pytest.mark.parametrize("lesson", ["02_initializers"])
def test_two_runs_give_identical_outputs(tmp_path, lesson):
    first = execute_one(lesson, "en", str(tmp_path / "a"), True, 42, str(ROOT))
    second = execute_one(lesson, "en", str(tmp_path / "b"), True, 42, str(ROOT))
    assert first.ok and second.ok, (first.error, second.error)
    a, b = outputs(tmp_path / "a" / first.output), outputs(tmp_path / "b" / second.output)
    assert len(a) > 20
    assert any(kind == "data" and any(k == "image/png" for k, _ in items) for kind, *rest in a for items in rest[-1:])
    assert a == b
