"""kerastutor.shapes: the formulas against Keras, expect_shape, trace and diagnose in both languages."""
from __future__ import annotations

import math
import re
import subprocess
import sys

import kerastutor as kt  # noqa: F401  (before keras: quiet TensorFlow)
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import keras
import tensorflow as tf
from keras import layers
from kerastutor.i18n import t
from kerastutor.shapes import (conv_length, conv_transpose_length, diagnose, expect_shape, pool_length, trace,
                               window_positions)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _english():
    kt.set_language("en")
    yield
    kt.set_language("en")


# ------------------------------------------------------------------ reading the arithmetic back
_ARITH = re.compile(r"^[0-9 +·−/()⌈⌉]+$")


def evaluate(text: str) -> int:
    """Evaluate the filled-in arithmetic of a Length/step independently: every expression of a
    chain "a = b = value" must come to the value at its end."""
    if "; " in text:  # "k′ = 2·(3 − 1) + 1 = 5; (28 + 2·0 − 5) // 1 + 1 = 24"
        pre, text = text.split("; ", 1)
        pre_val = evaluate(pre.split(" = ", 1)[1])
        assert str(pre_val) in text
    if text.startswith("−1 = "):  # Reshape's "−1 = 3136 / 64 = 49"
        text = text[len("−1 = "):]
    *exprs, rhs = text.split(" = ")
    assert exprs, text
    for lhs in exprs:
        expr = lhs.replace("·", "*").replace("−", "-").replace("⌈", "ceil(").replace("⌉", ")")
        assert re.fullmatch(r"[0-9 +*\-/()ceil]+", expr), expr
        value = eval(expr, {"ceil": math.ceil, "__builtins__": {}})  # noqa: S307 - digits and operators only
        assert value == int(rhs), text
    return int(rhs)


def keras_len(layer, n, rank=1):
    shape = (1, n, 2) if rank == 1 else (1, n, n, 2)
    return layer.compute_output_shape(shape)[1]


# ------------------------------------------------------------------ formulas vs Keras
sizes = st.integers(1, 70)
kernels = st.integers(1, 9)
small = st.integers(1, 5)


@FAST
@given(n=sizes, k=kernels, s=small, d=small, padding=st.sampled_from(["valid", "same", "causal"]))
def test_conv_length_matches_keras(n, k, s, d, padding):
    def make():
        return layers.Conv1D(1, k, strides=s, padding=padding, dilation_rate=d)

    if s > 1 and d > 1:  # Keras refuses the combination; so do we
        with pytest.raises(ValueError):
            make()
        with pytest.raises(kt.KerastutorError):
            conv_length(n, k, s, padding, d)
        return
    layer = make()
    try:
        expected = keras_len(layer, n)
    except ValueError:  # Keras >= 3.14: "Computed output size would be zero or negative"
        expected = 0
    if expected <= 0:  # Keras 3.10-3.13 compute an empty axis where 3.14 raises; we refuse it
        with pytest.raises(kt.KerastutorError) as err:
            conv_length(n, k, s, padding, d)
        assert err.value.key == "shapes.too_small"
        return
    length = conv_length(n, k, s, padding, d)
    assert length.value == expected
    assert evaluate(length.text) == expected
    value, text = length  # unpacks as (number, arithmetic)
    assert (value, text) == (length.value, length.text)


@FAST
@given(n=sizes, k=kernels, s=small, d=small, padding=st.sampled_from(["valid", "same"]),
       op=st.one_of(st.none(), st.integers(0, 4)))
def test_conv_transpose_length_matches_keras(n, k, s, d, padding, op):
    def make():
        return layers.Conv1DTranspose(1, k, strides=s, padding=padding, output_padding=op, dilation_rate=d)

    if op is not None and op >= s:  # Keras 3.15 refuses it when built; 3.10 and 3.11 accept it (TF fails when it runs)
        with pytest.raises(kt.KerastutorError):
            conv_transpose_length(n, k, s, padding, op, d)
        return
    try:
        layer = make()
        expected = keras_len(layer, n)
    except ValueError:
        with pytest.raises(kt.KerastutorError):
            conv_transpose_length(n, k, s, padding, op, d)
        return
    if expected <= 0:  # Keras computes an empty axis (TensorFlow then fails to run it); we refuse it
        with pytest.raises(kt.KerastutorError) as err:
            conv_transpose_length(n, k, s, padding, op, d)
        assert err.value.key == "shapes.too_small"
        return
    length = conv_transpose_length(n, k, s, padding, op, d)
    assert length.value == expected
    assert evaluate(length.text) == expected


@FAST
@given(n=sizes, p=kernels, s=st.one_of(st.none(), small), padding=st.sampled_from(["valid", "same"]))
def test_pool_length_matches_keras(n, p, s, padding):
    for cls in (layers.MaxPooling1D, layers.AveragePooling1D):
        layer = cls(pool_size=p, strides=s, padding=padding)
        try:
            expected = keras_len(layer, n)
        except ValueError:  # Keras >= 3.14 raises where 3.10-3.13 compute an empty axis
            expected = 0
        if expected <= 0:
            with pytest.raises(kt.KerastutorError):
                pool_length(n, p, s, padding)
            continue
        length = pool_length(n, p, s, padding)
        assert length.value == expected
        assert evaluate(length.text) == expected


@FAST
@given(h=sizes, w=sizes, kh=kernels, kw=kernels, s=small, padding=st.sampled_from(["valid", "same"]))
def test_conv2d_each_axis_follows_the_1d_formula(h, w, kh, kw, s, padding):
    layer = layers.Conv2D(3, (kh, kw), strides=s, padding=padding)
    try:
        out = layer.compute_output_shape((None, h, w, 2))
    except ValueError:  # Keras >= 3.14 raises where 3.10-3.13 compute an empty axis
        out = (None, 0, 0, 3)
    if 0 in out[1:3] or min(out[1:3]) < 0:
        with pytest.raises(kt.KerastutorError):
            conv_length(h, kh, s, padding)
            conv_length(w, kw, s, padding)
        return
    assert out == (None, conv_length(h, kh, s, padding).value, conv_length(w, kw, s, padding).value, 3)


@FEW
@given(n=st.integers(1, 24), k=st.integers(1, 5), s=st.integers(1, 3), d=st.integers(1, 3),
       padding=st.sampled_from(["valid", "same", "causal"]), kind=st.sampled_from(["conv", "pool", "transpose"]))
def test_formulas_match_real_tensors(n, k, s, d, padding, kind):
    """compute_output_shape is what the formulas are tested against; check it against running ops."""
    x = np.ones((1, n, 1), dtype="float32")
    try:
        if kind == "conv":
            assume(not (s > 1 and d > 1))
            layer, ours = layers.Conv1D(1, k, strides=s, padding=padding, dilation_rate=d), \
                (lambda: conv_length(n, k, s, padding, d))
        elif kind == "pool":
            assume(padding != "causal")
            layer, ours = layers.MaxPooling1D(k, s, padding=padding), (lambda: pool_length(n, k, s, padding))
        else:
            assume(padding != "causal" and d == 1)  # TF on CPU cannot run dilated transposed convolutions
            layer, ours = layers.Conv1DTranspose(1, k, strides=s, padding=padding, dilation_rate=d), \
                (lambda: conv_transpose_length(n, k, s, padding, None, d))
        y = layer(x)
    except (ValueError, tf.errors.InvalidArgumentError):  # at build time (Keras) or at run time (TF)
        with pytest.raises(kt.KerastutorError):
            ours()
        return
    if y.shape[1] == 0:  # run eagerly, TF gives an empty result where building a model raises
        with pytest.raises(kt.KerastutorError):
            ours()
        return
    assert y.shape[1] == ours().value


def test_none_means_any_size():
    for fn in (lambda: conv_length(None, 3), lambda: pool_length(None, 2),
               lambda: conv_transpose_length(None, 3, 2)):
        assert fn().value is None


@pytest.mark.parametrize("call", [
    lambda: conv_length("28", 3), lambda: conv_length(-1, 3), lambda: conv_length(28, 0),
    lambda: conv_length(28, 3, padding="full"), lambda: pool_length(28, 2, padding="causal"),
    lambda: conv_transpose_length(10, 3, 2, output_padding=2), lambda: conv_length(28, 3.0),
    lambda: conv_length(28, True),
])
def test_formulas_reject_bad_arguments(call):
    with pytest.raises(kt.KerastutorError):
        call()


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 30), k=st.integers(1, 5), s=st.integers(1, 3), padding=st.sampled_from(["valid", "same"]))
def test_window_positions_reproduce_pooling(n, k, s, padding):
    """Max-pooling by hand over the windows the calculator draws equals Keras's max-pooling."""
    try:
        windows = window_positions(n, k, s, padding, pool=True)
    except kt.KerastutorError:
        return
    x = np.arange(1, n + 1, dtype="float32")
    by_hand = [max(x[i] for i in w if 0 <= i < n) for w in windows]
    pooled = keras.ops.convert_to_numpy(layers.MaxPooling1D(k, s, padding=padding)(x[None, :, None]))[0, :, 0]
    np.testing.assert_array_equal(by_hand, pooled)


# ------------------------------------------------------------------ expect_shape
def test_expect_shape_success_prints_and_returns(capsys):
    x = np.zeros((4, 3, 2))
    assert expect_shape(x, (4, 3, 2)) == (4, 3, 2)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "(4, 3, 2)" in out
    assert expect_shape(x, (None, 3, None)) == (4, 3, 2)
    assert "(None, 3, None)" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_expect_shape_names_the_axis(lang):
    kt.set_language(lang)
    x = keras.Input((26, 26, 16))
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(x, (None, 26, 26, 32))
    msg = str(err.value)
    assert "(None, 26, 26, 32)" in msg and "(None, 26, 26, 16)" in msg
    assert t("shapes.axis_role", axis=3, role=t("shapes.role.channels")) in msg
    assert t("shapes.axis_differs", axis=t("shapes.axis_role", axis=3, role=t("shapes.role.channels")),
             expected=32, actual=16) in msg
    assert "shapes.hint.last_axis" in err.value.values["hints"]
    assert t("shapes.hint", text=t("shapes.hint.last_axis", actual=16, expected=32)) in msg


CASES = [  # (actual, expected, the hint that must be given)
    ((28, 28, 1), (None, 28, 28, 1), "shapes.hint.missing_batch"),
    ((None, 28, 28), (None, 28, 28, 1), "shapes.hint.missing_channel"),
    ((28, 28), (None, 28, 28, 1), "shapes.hint.missing_batch_and_channel"),
    ((None, 7, 7, 64), (None, 3136), "shapes.hint.flatten"),
    ((None, 7, 7, 10), (None, 10), "shapes.hint.dense_last_axis"),
    ((None, 3, 32, 32), (None, 32, 32, 3), "shapes.hint.channels_first"),
    ((None, 32, 32, 3), (None, 3, 32, 32), "shapes.hint.channels_last"),
    ((None, 26, 26, 8), (None, 28, 28, 8), "shapes.hint.valid_padding"),
    ((None, 14, 14, 8), (None, 28, 28, 8), "shapes.hint.halved"),
    ((None, 28, 28, 8), (None, 14, 14, 8), "shapes.hint.not_halved"),
    ((32, 10), (64, 10), "shapes.hint.batch_only"),
    ((None, None, 28, 28), (None, 28, 28), "shapes.hint.input_has_batch"),
    ((None, 10, 1), (None, 10), "shapes.hint.extra_one"),
    ((None, 4, 6), (None, 6, 4), "shapes.hint.permuted"),
    ((None, 12, 2), (None, 4, 3, 2), "shapes.hint.reshape"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("actual,expected,hint", CASES)
def test_expect_shape_hints(actual, expected, hint, lang):
    kt.set_language(lang)
    x = keras.KerasTensor(actual) if None in actual else np.zeros(actual)
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(x, expected)
    assert err.value.values["hints"][0] == hint
    # the hint's text is in the message, in the learner's language (its first words, before values)
    template = kt.i18n.CATALOGUE[hint][lang]
    assert template.split("{")[0][:12] in str(err.value)
    assert len(str(err.value).splitlines()) >= 2


def test_two_none_hint_only_for_an_input_and_return_sequences_hint_for_a_sequence():
    """Issue 16: "two None axes… keras.Input(shape=(16,))" is for keras.Input only; an LSTM with
    return_sequences=True gets a return_sequences hint instead."""
    kt.set_language("en")
    steps = keras.Input((None, 8))
    for sequence in (layers.LSTM(16, return_sequences=True)(steps),
                     layers.GRU(16, return_sequences=True)(keras.Input((10, 8))),
                     keras.Model(steps, layers.LSTM(16, return_sequences=True)(steps))):
        with pytest.raises(kt.KerastutorError) as err:
            expect_shape(sequence, (None, 16))
        assert err.value.values["hints"] == ["shapes.hint.drop_return_sequences"]
        assert "return_sequences=True" in str(err.value) and "keras.Input" not in str(err.value)
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(keras.Input((None, 16)), (None, 16))
    assert err.value.values["hints"][0] == "shapes.hint.input_has_batch"
    with pytest.raises(kt.KerastutorError) as err:  # a convolution's output: neither hint
        expect_shape(layers.Conv1D(16, 3)(steps), (None, 16))
    assert not {"shapes.hint.input_has_batch", "shapes.hint.drop_return_sequences",
                "shapes.hint.dense_last_axis"} & set(err.value.values["hints"])


def test_expect_shape_zh_en_shows_both():
    kt.set_language("zh-en")
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(np.zeros((3,)), (4,))
    msg = str(err.value)
    assert "期望" in msg and "expected" in msg


def test_expect_shape_on_layers_models_and_tensors(capsys):
    inp = keras.Input((8,))
    dense = layers.Dense(4)
    out = dense(inp)
    model = keras.Model(inp, out)
    assert expect_shape(dense, (None, 4)) == (None, 4)
    assert expect_shape(model, (None, 4)) == (None, 4)
    assert expect_shape(out, (None, 4)) == (None, 4)
    eager = layers.Dense(3)
    eager(np.zeros((2, 5)))  # called on real data: no symbolic output; its shape comes from that call
    assert expect_shape(eager, (None, 3)) == (2, 3)
    assert expect_shape(keras.ops.ones((2, 7)), (2, 7)) == (2, 7)
    assert expect_shape([[1, 2], [3, 4]], (2, 2)) == (2, 2)
    seq = keras.Sequential([keras.Input((5,)), layers.Dense(2)])
    assert expect_shape(seq, (None, 2)) == (None, 2)
    assert "dense" in capsys.readouterr().out


def test_expect_shape_several_outputs():
    inp = keras.Input((8,))
    model = keras.Model(inp, [layers.Dense(1)(inp), layers.Dense(3)(inp)])
    assert expect_shape(model, [(None, 1), (None, 3)]) == [(None, 1), (None, 3)]
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(model, [(None, 1), (None, 4)])
    assert err.value.values["index"] == 1
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(model, [(None, 1)])
    assert err.value.key == "shapes.output_count"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("bad,key", [
    ("(None, 28)", "shapes.bad_spec_string"), ((None, -3), "shapes.negative_dim"),
    ((None, 28.0), "shapes.float_dim"), ((None, "a"), "shapes.bad_dim"), (object(), "shapes.bad_spec"),
])
def test_bad_expected_shape(bad, key, lang):
    kt.set_language(lang)
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(np.zeros((2, 28)), bad)
    assert err.value.key == key
    assert str(err.value) == t(key, **err.value.values)


def test_bad_objects():
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(layers.Dense(3), (None, 3))
    assert err.value.key == "shapes.layer_not_called"
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape(keras.Sequential([layers.Dense(3)]), (None, 3))
    assert err.value.key == "shapes.model_not_built"
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape("abc", (3,))
    assert err.value.key == "shapes.bad_object"
    with pytest.raises(kt.KerastutorError) as err:
        expect_shape([[1, 2], [3]], (2, 2))
    assert err.value.key == "shapes.ragged"


# ------------------------------------------------------------------ trace
SHAPE_CHANGERS = {"Conv1D", "Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "MaxPooling2D",
                  "AveragePooling1D", "Cropping2D", "ZeroPadding2D", "UpSampling2D", "Reshape", "Flatten",
                  "Permute", "RepeatVector", "Concatenate", "Embedding", "LSTM", "GRU", "SimpleRNN",
                  "Bidirectional", "Cropping1D", "ZeroPadding1D", "UpSampling1D", "Conv3D", "MaxPooling3D"}
WITH_PARAM_TEXT = {"Conv1D", "Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "Embedding",
                   "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense", "Conv3D"}


def big_model():
    img = keras.Input((28, 28, 1), name="image")
    x = layers.Conv2D(8, 3, name="c1")(img)
    x = layers.ZeroPadding2D(((1, 2), (0, 1)))(x)
    x = layers.Cropping2D(((2, 1), (1, 0)))(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.SeparableConv2D(12, 3, padding="same", depth_multiplier=2)(x)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2)(x)
    x = layers.Conv2DTranspose(6, 3, strides=2, padding="same", output_padding=1)(x)
    x = layers.UpSampling2D((2, 3))(x)
    x = layers.Conv2D(4, 5, strides=3, padding="same")(x)
    x = layers.Permute((2, 1, 3))(x)
    x = layers.Flatten()(x)
    x = layers.Dense(12)(x)
    x = layers.Reshape((-1, 4))(x)
    seq = layers.Conv1D(5, 3, padding="causal", dilation_rate=2)(x)
    seq = layers.ZeroPadding1D((2, 1))(seq)
    seq = layers.Cropping1D((1, 0))(seq)
    seq = layers.UpSampling1D(2)(seq)
    seq = layers.AveragePooling1D(2, strides=1)(seq)
    vec = layers.LSTM(6)(seq)
    rep = layers.RepeatVector(4)(vec)
    ids = keras.Input((9,), dtype="int32", name="ids")
    emb = layers.Embedding(50, 5)(ids)
    g = layers.GRU(7, return_sequences=True)(emb)
    r = layers.SimpleRNN(3)(layers.Bidirectional(layers.LSTM(4, return_sequences=True))(g))
    joined = layers.Concatenate()([vec, r, layers.Flatten()(rep)])
    vol = keras.Input((6, 6, 6, 1), name="vol")
    v = layers.MaxPooling3D(2)(layers.Conv3D(2, 2, padding="valid")(vol))
    out = layers.Dense(1)(layers.Concatenate()([joined, layers.Flatten()(v)]))
    return keras.Model([img, ids, vol], out)


@pytest.fixture(scope="module")
def model_and_trace():
    kt.set_language("en")
    m = big_model()
    return m, trace(m)


def test_trace_rows_agree_with_keras(model_and_trace):
    model, tr = model_and_trace
    assert len(tr.rows) == len(model.layers)
    assert tr.total == model.count_params()
    by_name = {layer.name: layer for layer in model.layers}
    checked = set()
    for row in tr.rows:
        layer = by_name[row.name]
        assert row.cls == type(layer).__name__
        assert tuple(row.output_shape) == tuple(layer.output.shape)
        assert row.params == layer.count_params()
        if row.cls in SHAPE_CHANGERS:
            assert row.steps, f"no arithmetic for {row.cls}"
        if row.cls in WITH_PARAM_TEXT:
            assert row.param_text and evaluate_params(row.param_text) == row.params, row
        for step in row.steps:
            if step.get("out_axis") is not None and step["value"] is not None:
                assert row.output_shape[step["out_axis"]] == step["value"], (row.name, step)
            arith = step["text"]
            if _ARITH.fullmatch(arith.replace("=", "").replace(";", "").replace("k′", "").replace("//", "/")):
                assert evaluate(arith) == step["value"]
                checked.add(row.cls)
    # the arithmetic of every family below was actually evaluated, not skipped by the filter
    assert {"Conv2D", "MaxPooling2D", "Cropping2D", "ZeroPadding2D", "UpSampling2D", "Flatten", "Reshape",
            "Concatenate", "Conv1D", "Conv2DTranspose", "Conv3D"} <= checked


def evaluate_params(text: str) -> int:
    return evaluate(text)


def test_trace_data_text_and_html(model_and_trace):
    model, tr = model_and_trace
    data = tr.to_data()
    assert [d["name"] for d in data] == [r.name for r in tr.rows]
    assert all(isinstance(d["params"], int) for d in data)
    text, html = str(tr), tr._repr_html_()
    assert html.count("<tr") == len(tr.rows) + 2  # header + rows + total
    for layer in model.layers:
        assert layer.name in text and layer.name in html
    conv = next(r for r in tr.rows if r.name == "c1")
    assert "(28 + 2·0 − 3) // 1 + 1 = 26" in text  # the example, found in the table
    assert conv.steps[0]["text"] in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trace_language(lang):
    kt.set_language(lang)
    m = keras.Sequential([keras.Input((10, 3)), layers.Conv1D(4, 3), layers.Flatten(), layers.Dense(2)])
    text = str(trace(m))
    assert t("shapes.col.output") in text and t("shapes.axis.steps") in text and t("shapes.total") in text


def test_trace_shared_layer_and_unbuilt():
    a, b = keras.Input((5, 3)), keras.Input((5, 3))
    shared = layers.LSTM(4, name="shared")
    m = keras.Model([a, b], layers.Concatenate()([shared(a), shared(b)]))
    rows = [r for r in trace(m).rows if r.name == "shared"]
    assert [r.call for r in rows] == [0, 1]
    assert rows[0].params == shared.count_params() and rows[1].params == 0
    assert trace(m).total == m.count_params()
    with pytest.raises(kt.KerastutorError) as err:
        trace(keras.Sequential([layers.Dense(3)]))
    assert err.value.key == "shapes.model_not_built"
    # an unbuilt Sequential plus an input shape is built on the way
    assert trace(keras.Sequential([layers.Dense(3)]), input_shape=(4,)).rows[-1].output_shape == (None, 3)
    with pytest.raises(kt.KerastutorError):
        trace("model")


def test_trace_notes_dense_on_images():
    m = keras.Sequential([keras.Input((4, 4, 2)), layers.Dense(3)])
    row = trace(m).rows[-1]
    assert ("shapes.note.dense_nd", {"shape": "(None, 4, 4, 2)"}) in row.notes


# ------------------------------------------------------------------ diagnose
DIAG = [  # (layers, input shape, failing index, hint key)
    (lambda: [layers.Conv2D(8, 3), layers.Flatten()], (28, 28), 0, "shapes.hint.add_channel_axis"),
    (lambda: [layers.LSTM(8), layers.LSTM(4)], (10, 3), 1, "shapes.hint.return_sequences"),
    (lambda: [layers.Flatten(), layers.Conv2D(4, 3)], (8, 8, 1), 1, "shapes.hint.flat_before_spatial"),
    (lambda: [layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Conv2D(4, 3), layers.MaxPooling2D()],
     (8, 8, 1), 3, "shapes.hint.too_small"),
    (lambda: [layers.Dense(8), layers.Reshape((3, 3))], (4,), 1, "shapes.hint.reshape_size"),
    (lambda: [layers.Conv1D(4, 3)], (28, 28, 1), 0, "shapes.hint.too_many_axes"),
    (lambda: [layers.LSTM(4)], (5, 6, 7), 0, "shapes.hint.rnn_too_many"),
    (lambda: [layers.Dense(3), layers.Concatenate()], (4,), 1, "shapes.hint.merge_needs_list"),
    (lambda: [layers.SimpleRNN(3, return_state=True), layers.Dense(2)], (5, 7), 1, "shapes.hint.got_list_state"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("make,shape,index,hint", DIAG)
def test_diagnose_finds_the_failing_layer(make, shape, index, hint, lang):
    kt.set_language(lang)
    items = make()
    report = diagnose(items, shape)
    assert not report.ok
    data = report.to_data()
    fail = data["failure"]
    assert fail["index"] == index and fail["name"] == items[index].name
    assert fail["hints"][0][0] == hint
    # the shape it received is the previous layer's real output shape (or the input)
    if index == 0:
        received = (None,) + shape
    else:
        out = items[index - 1].output
        received = [tuple(o.shape) for o in out] if isinstance(out, (list, tuple)) else tuple(out.shape)
    assert (list(fail["input_shape"]) if isinstance(received, list) else tuple(fail["input_shape"])) == received
    assert [r["name"] for r in data["rows"]] == [layer.name for layer in items[:index + 1]]
    assert data["rows"][-1]["failed"]
    text = str(report)
    assert t(hint, **fail["hints"][0][1]) in text
    assert t("shapes.diag.received", shape=str(received).replace("'", "")) in text
    assert "\x1b[" not in text and "Traceback" not in text
    assert "<table" in report._repr_html_()


def test_diagnose_already_built_layer():
    dense = layers.Dense(3)
    dense(keras.Input((10,)))
    report = diagnose([dense], (7,))
    assert report.failure["hints"][0][0] == "shapes.hint.built_for"


def test_diagnose_ok_and_output_shape(capsys):
    items = [layers.Conv2D(4, 3, padding="same"), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(5)]
    report = diagnose(items, (8, 8, 1))
    assert report.ok and report.output_shape == (None, 5)
    assert [r.output_shape for r in report.rows] == [tuple(layer.output.shape) for layer in items]
    assert t("shapes.diag.ok", count=4, output="(None, 5)") in str(report)


def test_diagnose_builders():
    def functional(x):
        x = layers.Dense(8)(x)
        x = layers.LSTM(3)(x)  # needs 3-D input
        return x

    report = diagnose(functional, (4,))
    assert report.failure["name"].startswith("lstm") and report.failure["index"] == 1
    assert report.failure["mode"] == "builder"

    def sequential_with_input():
        return keras.Sequential([keras.Input((28, 28)), layers.Conv2D(4, 3)])

    report = diagnose(sequential_with_input)
    assert report.failure["cls"] == "Conv2D"
    assert report.failure["hints"][0][0] == "shapes.hint.add_channel_axis"

    def unbuilt():
        return keras.Sequential([layers.Dense(4), layers.Dense(2)])

    report = diagnose(unbuilt, (3,))
    assert report.ok and report.output_shape == (None, 2)

    def two_inputs(a, b):
        return layers.Add()([layers.Dense(4)(a), layers.Dense(5)(b)])

    report = diagnose(two_inputs, [(3,), (3,)])
    assert report.failure["cls"] == "Add"
    assert report.failure["hints"][0][0] == "shapes.hint.merge_mismatch"

    def python_bug():
        raise ZeroDivisionError("oops")

    report = diagnose(python_bug)
    assert report.failure["index"] is None and report.failure["error_type"] == "ZeroDivisionError"
    # the patch on Layer.__call__ is gone afterwards
    from keras.src.layers.layer import Layer

    assert Layer.__call__.__name__ == "__call__"


@pytest.mark.parametrize("args,key", [
    (([layers.Dense(2)], "(4,)"), "shapes.bad_spec_string"),
    (([layers.Dense(2)], (-4,)), "shapes.negative_dim"),
    (([layers.Dense(2), "relu"], (4,)), "shapes.not_a_layer"),
    (([layers.Dense(2)], None), "shapes.need_input_shape"),
    ((42, (4,)), "shapes.bad_diagnose_target"),
])
def test_diagnose_bad_input(args, key):
    with pytest.raises(kt.KerastutorError) as err:
        diagnose(*args)
    assert err.value.key == key


def test_import_stays_light():
    code = ("import sys, kerastutor, kerastutor.shapes, kerastutor.shapes.formulas;"
            "print(any(m.split('.')[0] in ('keras', 'tensorflow', 'ipywidgets') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("module", ["shapes", "widgets"])
def test_catalogue_has_both_languages_with_the_same_placeholders(module):
    import importlib

    from kerastutor.i18n import placeholders

    messages = importlib.import_module(f"kerastutor.messages.{module}").MESSAGES
    assert all(key.startswith(f"{module}.") for key in messages)
    for key, texts in messages.items():
        assert set(texts) == {"zh", "en"} and texts["zh"].strip() and texts["en"].strip(), key
        assert placeholders(texts["zh"]) == placeholders(texts["en"]), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in texts["zh"]) or texts["zh"] == texts["en"] or \
            not any(ch.isalpha() for ch in texts["en"]), key


def test_every_message_key_used_exists():
    """Every catalogue key the code names is in the catalogue (a typo would crash a learner's cell)."""
    import pathlib

    root = pathlib.Path(kt.__file__).parent
    sources = [*root.glob("shapes/*.py"), *root.glob("widgets/*.py"), root / "activations.py",
               root / "constraints.py", root / "regularizers.py"]
    used = set()
    for path in sources:
        used |= set(re.findall(r'"((?:shapes|widgets)\.[a-z_]+(?:\.[a-z_]+)*)"', path.read_text()))
    missing = sorted(k for k in used if k not in kt.i18n.CATALOGUE and not k.endswith("."))
    assert not missing
