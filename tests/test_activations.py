"""The pure NumPy formulas (activations, constraints, regularizers) against Keras itself."""
from __future__ import annotations

import kerastutor as kt  # noqa: F401  (before keras)
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import keras
import tensorflow as tf
from kerastutor import activations as A
from kerastutor import constraints as C
from kerastutor import regularizers as R

X = np.concatenate([np.linspace(-8, 8, 321), [-3.0, 3.0, 0.0, 1e-3, -1e-3]]).astype("float32")
# points where a derivative jumps: autodiff picks one side, the formula may pick the other
KINKS = {"relu": [0.0], "elu": [0.0], "selu": [0.0], "hard_sigmoid": [-3.0, 3.0]}


def keras_act(name):
    return getattr(keras.activations, name)


@pytest.mark.parametrize("name", [n for n in A.NAMES if n != "softmax"])
def test_activation_matches_keras(name):
    np.testing.assert_allclose(A.apply(name, X), keras.ops.convert_to_numpy(keras_act(name)(X)),
                               rtol=2e-6, atol=2e-6)


def test_softmax_matches_keras():
    z = np.random.default_rng(0).normal(size=(5, 7)).astype("float32")
    for axis in (-1, 0):
        np.testing.assert_allclose(A.softmax(z, axis=axis),
                                   keras.ops.convert_to_numpy(keras.activations.softmax(z, axis=axis)), rtol=1e-6)
    # the explorer's curve: softmax([x, 0])[0] is the sigmoid
    np.testing.assert_allclose(A.apply("softmax", X, curve=True), A.sigmoid(X), rtol=1e-12)


def test_hard_sigmoid_is_keras3():
    """Keras 3's hard_sigmoid is relu6(x + 3) / 6, not Keras 2's clip(0.2·x + 0.5, 0, 1)."""
    x = np.array([-4.0, -3.0, -1.5, 0.0, 1.5, 2.5, 3.0, 4.0], dtype="float32")
    ours = A.hard_sigmoid(x)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(keras.activations.relu6(x + 3)) / 6, rtol=1e-6)
    assert not np.allclose(ours, np.clip(0.2 * x + 0.5, 0, 1))


@pytest.mark.parametrize("kw", [dict(negative_slope=0.1), dict(max_value=2.0), dict(threshold=1.0),
                                dict(threshold=-1.0), dict(negative_slope=0.2, threshold=0.5, max_value=3.0),
                                dict(max_value=6.0), dict(negative_slope=0.3, threshold=-0.5)])
def test_relu_arguments_match_keras(kw):
    np.testing.assert_allclose(A.relu(X, **kw), keras.ops.convert_to_numpy(keras.activations.relu(X, **kw)),
                               rtol=1e-6, atol=1e-6)
    # and the derivative, away from the kinks
    xv = tf.Variable(X)
    with tf.GradientTape() as tape:
        y = keras.activations.relu(xv, **kw)
    grad = tape.gradient(y, xv).numpy()
    kinks = [kw.get("threshold", 0.0), 0.0] + ([kw["max_value"]] if "max_value" in kw else [])
    away = np.all([np.abs(X - k) > 1e-2 for k in kinks], axis=0)
    np.testing.assert_allclose(A.derivative("relu", X, **kw)[away], grad[away], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", A.NAMES)
def test_derivative_matches_autodiff(name):
    xv = tf.Variable(X)
    with tf.GradientTape() as tape:
        if name == "softmax":  # the curve softmax([x, 0])[0]
            logits = tf.stack([xv, tf.zeros_like(xv)], axis=-1)
            y = keras.activations.softmax(logits, axis=-1)[:, 0]
        else:
            y = keras_act(name)(xv)
    grad = tape.gradient(y, xv).numpy()
    away = np.all([np.abs(X - k) > 1e-2 for k in KINKS.get(name, [])], axis=0) if name in KINKS else slice(None)
    np.testing.assert_allclose(A.derivative(name, X)[away], grad[away], rtol=2e-5, atol=1e-6)


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(A.NAMES), x=st.floats(-6, 6).filter(lambda v: min(abs(v), abs(abs(v) - 3)) > 1e-2))
def test_derivative_matches_finite_differences(name, x):
    h = 1e-5
    kw = {"curve": True} if name == "softmax" else {}
    numeric = (A.apply(name, np.array([x + h]), **kw) - A.apply(name, np.array([x - h]), **kw)) / (2 * h)
    assert A.derivative(name, np.array([x]))[0] == pytest.approx(float(numeric[0]), rel=1e-4, abs=1e-6)


def test_formula_text_and_unknown_names():
    for name in A.NAMES:
        f, df = A.formula(name)
        assert f and df
    with pytest.raises(kt.KerastutorError):
        A.apply("swishy", X)
    kt.set_language("zh")
    with pytest.raises(kt.KerastutorError) as err:
        A.formula("swishy")
    assert "不认识" in str(err.value)
    kt.set_language("en")


# ------------------------------------------------------------------ constraints
W = np.random.default_rng(3).normal(0, 1.5, (7, 5)).astype("float32")
W3 = np.random.default_rng(4).normal(0, 1.0, (3, 3, 4, 6)).astype("float32")


@pytest.mark.parametrize("name,keras_c,kw", [
    ("non_neg", keras.constraints.NonNeg(), {}),
    ("unit_norm", keras.constraints.UnitNorm(axis=0), {"axis": 0}),
    ("unit_norm", keras.constraints.UnitNorm(axis=1), {"axis": 1}),
    ("max_norm", keras.constraints.MaxNorm(1.5, axis=0), {"max_value": 1.5, "axis": 0}),
    ("max_norm", keras.constraints.MaxNorm(2.0, axis=1), {"max_value": 2.0, "axis": 1}),
    ("min_max_norm", keras.constraints.MinMaxNorm(0.5, 1.0, rate=1.0, axis=0),
     {"min_value": 0.5, "max_value": 1.0, "rate": 1.0, "axis": 0}),
    ("min_max_norm", keras.constraints.MinMaxNorm(2.0, 4.0, rate=0.3, axis=1),
     {"min_value": 2.0, "max_value": 4.0, "rate": 0.3, "axis": 1}),
])
def test_constraints_match_keras(name, keras_c, kw):
    np.testing.assert_allclose(C.apply(name, W, **kw), keras.ops.convert_to_numpy(keras_c(W)), rtol=1e-5, atol=1e-6)


def test_constraints_on_conv_kernels_and_their_promises():
    axes = [0, 1, 2]
    np.testing.assert_allclose(C.max_norm(W3, 1.0, axis=axes),
                               keras.ops.convert_to_numpy(keras.constraints.MaxNorm(1.0, axis=axes)(W3)), rtol=1e-5)
    assert np.all(C.norms(C.max_norm(W, 1.0), 0) <= 1.0 + 1e-6)
    np.testing.assert_allclose(C.norms(C.unit_norm(W, 1), 1), 1.0, rtol=1e-6)
    after = C.min_max_norm(W, 0.5, 1.0)
    assert np.all((C.norms(after) >= 0.5 - 1e-6) & (C.norms(after) <= 1.0 + 1e-6))
    assert np.all(C.non_neg(W) >= 0)
    with pytest.raises(kt.KerastutorError):
        C.apply("clip", W)


# ------------------------------------------------------------------ regularizers
@pytest.mark.parametrize("name,reg,kw", [
    ("l1", keras.regularizers.L1(0.02), {"l1": 0.02}),
    ("l2", keras.regularizers.L2(0.005), {"l2": 0.005}),
    ("l1_l2", keras.regularizers.L1L2(l1=0.01, l2=0.03), {"l1": 0.01, "l2": 0.03}),
    ("l1", keras.regularizers.L1(), {}),
    ("l2", keras.regularizers.L2(), {}),
])
def test_penalties_match_keras(name, reg, kw):
    expected = float(keras.ops.convert_to_numpy(reg(W)))
    assert R.penalty(name, W, **kw) == pytest.approx(expected, rel=1e-5)
    text = R.penalty_text(name, W, **kw)
    assert text.endswith(f"= {expected:.4g}") or text.endswith(f"= {R.penalty(name, W, **kw):.4g}")


def test_penalty_reaches_model_losses():
    """What a Dense layer adds to model.losses is our penalty of its kernel."""
    layer = keras.layers.Dense(3, kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02))
    layer(keras.Input((4,)))
    kernel = layer.kernel.numpy()
    assert sum(float(x) for x in layer.losses) == pytest.approx(
        R.l1_l2_penalty(kernel, 0.01, 0.02), rel=1e-5)
