"""The widgets in a real kernel without a front end (as nbval / papermill run lessons): every
widget leaves a static PNG of its initial state in the saved output, nothing reaches stderr, and
the nbconvert HTML export shows the pictures."""
from __future__ import annotations

import base64

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

WIDGET_CELLS = [
    "W.initializer_explorer('he_uniform', 784, 512)",
    "W.activation_explorer(['relu', 'elu', 'hard_sigmoid'])",
    "W.conv_shape_calculator(28, 3, 2, 'same')",
    "W.constraint_explorer('max_norm', max_value=1.0)",
    "W.dropout_explorer(0.5)",
]
PNG, VIEW = "image/png", "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.v4.new_notebook()
    setup = ("import kerastutor as kt\nfrom kerastutor import plotting\n"
             "kt.set_language('zh')\nplotting.configure()\nfrom kerastutor import widgets as W")
    nb.cells = [nbformat.v4.new_code_cell(setup)] + [nbformat.v4.new_code_cell(c) for c in WIDGET_CELLS]
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()  # stores widget state, as by default
    return nb


def test_every_widget_leaves_a_static_picture(executed):
    for cell in executed.cells[1:]:
        results = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        assert len(results) == 1, cell.source
        data = results[0].data
        assert {PNG, VIEW, "text/plain"} <= set(data)
        assert base64.b64decode(data[PNG]).startswith(b"\x89PNG")
        assert "text/html" not in data  # it would outrank the PNG in exports without widget state


def test_nothing_on_stderr(executed):
    for cell in executed.cells:
        for out in cell.outputs:
            assert out.output_type != "error", out
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text


def test_text_fallback_in_the_learner_language(executed):
    from kerastutor.initializers import formula_text
    from kerastutor.shapes import conv_length

    texts = [c.outputs[-1].data["text/plain"] for c in executed.cells[1:]]
    assert texts[0].startswith("初始化器探索器")
    assert formula_text("he_uniform", (784, 512)) in texts[0]
    assert texts[2].startswith("卷积") and conv_length(28, 3, 2, "same").text in texts[2]


def test_html_export_shows_the_pictures(executed):
    nb = nbformat.from_dict(executed)  # a copy
    pngs = [c.outputs[-1].data[PNG] for c in nb.cells[1:]]
    # With the widget state saved (nbclient's default), nbconvert renders the live widget views with
    # the JupyterLab widget manager; the PNG stays in the notebook file.
    assert "widgets" in nb.metadata
    # Without widget state (store_widget_state=False, or the state stripped, as for an offline
    # export), the static pictures are what the HTML shows.
    nb.metadata.pop("widgets")
    body, _ = HTMLExporter().from_notebook_node(nb)
    for png in pngs:
        assert f'src="data:image/png;base64,{png}' in body.replace("\n", "")
