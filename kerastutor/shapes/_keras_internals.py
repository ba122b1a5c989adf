"""The one place where the shape helpers reach past Keras's public API.

Keras 3 has no public way to (1) list every *call* of every layer of a functional model in order,
with the tensors of each call (a shared layer is called more than once; `get_input_at`/`get_output_at`
are gone), nor (2) watch the layer calls a model-building function makes, including the one that
fails. Both are done here, and only here, so that a Keras release that moves them breaks one module,
and `tests/test_shapes.py::test_keras_internals_on_this_keras` says which.

Checked on: Keras 3.10.0 and 3.15.1 (TensorFlow backend).
"""
from __future__ import annotations

import contextlib

CHECKED_ON = ("3.10.0", "3.15.1")


def call_nodes(model):
    """(layer, input tensors, output tensors) for every layer call of a built model, inputs first.

    Uses the functional graph's `_nodes_by_depth` (a Sequential keeps its graph in `_functional`).
    Returns None when the model has no graph (a subclassed model, or one not built yet)."""
    import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    if graph is None or not hasattr(graph, "_nodes_by_depth"):
        return None
    return [(node.operation, list(node.input_tensors), list(node.output_tensors))
            for depth in sorted(graph._nodes_by_depth, reverse=True)
            for node in graph._nodes_by_depth[depth]]


@contextlib.contextmanager
def recording_layer_calls(on_call):
    """While active, every `keras.layers.Layer.__call__` goes through `on_call(layer, call, args,
    kwargs)`, where `call()` runs the real call and returns its result. The original is restored
    on exit, even when the body raises."""
    from keras.layers import Layer

    original = Layer.__call__

    def recording(self, *args, **kwargs):
        return on_call(self, lambda: original(self, *args, **kwargs), args, kwargs)

    Layer.__call__ = recording
    try:
        yield
    finally:
        Layer.__call__ = original
