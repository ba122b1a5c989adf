"""kerastutor.graph: the layer graph of a model as plain data, its layout, its drawing."""
from __future__ import annotations

import os
import warnings

import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import kerastutor  # noqa: E402,F401  (quiet TensorFlow before it loads)
from kerastutor import graph  # noqa: E402
from kerastutor.errors import KerastutorError  # noqa: E402
from kerastutor.i18n import set_language  # noqa: E402

keras = pytest.importorskip("keras")


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("zh")


def shared_model():
    a = keras.Input((5, 3), name="a")
    b = keras.Input((5, 3), name="b")
    lstm = keras.layers.LSTM(4, name="shared")
    joined = keras.layers.Concatenate(name="join")([lstm(a), lstm(b)])
    out = keras.layers.Dense(1, name="out")(joined)
    return keras.Model([a, b], out, name="siamese")


def test_shared_layer_is_one_node_with_two_calls():
    g = graph.model_graph(shared_model())
    assert [n.name for n in g.nodes] == ["a", "b", "shared", "join", "out"]
    kinds = {n.name: n.kind for n in g.nodes}
    assert kinds == {"a": "input", "b": "input", "shared": "layer", "join": "layer", "out": "output"}
    assert g.shared() == ["shared"]
    assert g.node("shared").calls == 2 and g.node("join").calls == 1
    assert g.node("shared").output_shapes == [(None, 4), (None, 4)]
    levels = {n.name: n.level for n in g.nodes}
    assert levels == {"a": 0, "b": 0, "shared": 1, "join": 2, "out": 3}
    edges = {(e.src, e.dst, e.call, e.shape) for e in g.edges}
    assert edges == {("a", "shared", 0, (None, 5, 3)), ("b", "shared", 1, (None, 5, 3)),
                     ("shared", "join", 0, (None, 4)), ("join", "out", 0, (None, 8))}
    assert len(g.edges) == 5  # the concatenation receives the shared layer's output twice
    assert g.inputs_of("join") == ["shared", "shared"]


def test_multi_input_multi_output():
    main = keras.Input((4,), name="main")
    aux = keras.Input((2,), name="aux")
    h = keras.layers.Dense(3, name="h")(main)
    aux_out = keras.layers.Dense(1, name="aux_out")(h)
    joined = keras.layers.concatenate([h, aux], name="cat")
    main_out = keras.layers.Dense(1, name="main_out")(joined)
    g = graph.model_graph(keras.Model([main, aux], [main_out, aux_out]))
    kinds = {n.name: n.kind for n in g.nodes}
    assert kinds["main_out"] == kinds["aux_out"] == "output" and kinds["h"] == "layer"
    assert sorted(g.inputs_of("cat")) == ["aux", "h"]
    assert g.node("cat").level == 2 and g.node("aux").level == 0
    assert g.to_data()["nodes"][0]["name"] in {"main", "aux"}


def test_sequential_with_input_and_subclass():
    seq = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d1"), keras.layers.Dense(1, name="d2")])
    g = graph.model_graph(seq)
    assert [n.cls for n in g.nodes] == ["InputLayer", "Dense", "Dense"]
    assert [n.level for n in g.nodes] == [0, 1, 2]

    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = keras.layers.Dense(1)

        def call(self, x):
            return self.d(x)

    with pytest.raises(KerastutorError, match="no layer graph"):
        graph.model_graph(Sub())


def test_layout_rows_and_draw_without_warnings():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    g = graph.model_graph(shared_model())
    pos = graph.layout(g)
    assert pos["a"][1] == pos["b"][1] > pos["shared"][1] > pos["join"][1] > pos["out"][1]
    assert pos["a"][0] != pos["b"][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = graph.draw(g, title="siamese")
    labels = [text.get_text() for text in ax.texts]
    assert any(label.startswith("shared\nLSTM") and "called 2×" in label for label in labels)
    plt.close("all")


def test_plot_model_missing_graphviz_is_explained(tmp_path, monkeypatch, capsys):
    def no_pydot(*args, **kwargs):
        raise ImportError("You must install pydot (`pip install pydot`) for `plot_model` to work.")

    monkeypatch.setattr(keras.utils, "plot_model", no_pydot)
    assert graph.plot_model_or_explain(shared_model(), tmp_path / "m.png") is False
    out = capsys.readouterr().out
    assert "pydot" in out and "kerastutor.graph.draw" in out

    def prints_instead(*args, **kwargs):  # what Keras does inside a notebook
        print("You must install graphviz for `plot_model` to work.")

    monkeypatch.setattr(keras.utils, "plot_model", prints_instead)
    assert graph.plot_model_or_explain(shared_model(), tmp_path / "m.png") is False
    assert "graphviz" in capsys.readouterr().out
