"""kerastutor.widgets: the pure cores against the formulas and Keras; the ipywidgets layer."""
from __future__ import annotations

import base64
import math

import kerastutor as kt  # noqa: F401  (before keras)
import numpy as np
import pytest
from scipy.integrate import trapezoid  # np.trapezoid is NumPy >= 2 only; the course supports 1.26
from hypothesis import given, settings
from hypothesis import strategies as st

import keras
import tensorflow as tf
from kerastutor import activations as A
from kerastutor import constraints as C
from kerastutor import initializers as I
from kerastutor import regularizers as R
from kerastutor import widgets as W
from kerastutor.i18n import CATALOGUE, t
from kerastutor.shapes import conv_length, conv_transpose_length, pool_length
from kerastutor.widgets import activation_core, constraint_core, conv_core, dropout_core, initializer_core


@pytest.fixture(autouse=True)
def _english():
    kt.set_language("en")
    yield
    kt.set_language("en")


def state(core, **changes):
    return core.normalize({**core.DEFAULTS, **changes})


# ------------------------------------------------------------------ initializer core
CONFIGS = [
    ("zeros", {}), ("ones", {}), ("constant", {"value": 0.3}),
    ("random_normal", {"mean": 0.1, "stddev": 0.2}), ("random_uniform", {"minval": -0.3, "maxval": 0.1}),
    ("truncated_normal", {"mean": 0.0, "stddev": 0.5}),
    ("variance_scaling", {"scale": 2.0, "mode": "fan_avg", "distribution": "uniform"}),
    ("variance_scaling", {"scale": 0.5, "mode": "fan_out", "distribution": "untruncated_normal"}),
    ("variance_scaling", {"scale": 1.5, "mode": "fan_in", "distribution": "truncated_normal"}),
    ("lecun_normal", {}), ("lecun_uniform", {}), ("glorot_normal", {}), ("glorot_uniform", {}),
    ("he_normal", {}), ("he_uniform", {}), ("orthogonal", {"gain": 1.5}), ("identity", {"gain": 0.7}),
]


@pytest.mark.parametrize("name,cfg", CONFIGS)
def test_initializer_core_follows_the_formula(name, cfg):
    s = state(initializer_core, initializer=name, fan_in=300, fan_out=120, **cfg)
    r = initializer_core.compute(s)
    spread = I.spread(name, (300, 120), **cfg)
    assert r["spread"] == spread
    assert r["formula"] == I.formula_text(name, (300, 120), **cfg)
    samples = r["samples"]
    # empirical spread against the formula (3.5 standard errors of the estimate)
    se = max(spread.std, 1e-12) * 3.5 / math.sqrt(samples.size)
    assert abs(samples.mean() - spread.mean) <= se + 1e-12
    assert samples.std() == pytest.approx(spread.std, rel=0.03, abs=1e-12)
    assert samples.min() >= spread.low - 1e-12 and samples.max() <= spread.high + 1e-12
    if spread.family in ("uniform", "truncated_normal"):  # the samples reach the bounds the formula gives
        width = spread.high - spread.low
        assert samples.min() < spread.low + 0.02 * width and samples.max() > spread.high - 0.02 * width
    # the histogram is a density; so is the theoretical curve
    assert np.sum(r["density"] * np.diff(r["edges"])) == pytest.approx(1.0, rel=1e-9)
    if r["pdf"] is not None:
        assert trapezoid(r["pdf"], r["x"]) == pytest.approx(1.0, rel=0.02)


@pytest.mark.parametrize("name,cfg", [c for c in CONFIGS if c[0] not in ("zeros", "ones", "constant")])
def test_initializer_core_samples_like_keras(name, cfg):
    """Our NumPy sampler and Keras's initializer give the same spread and the same bounds."""
    s = state(initializer_core, initializer=name, fan_in=256, fan_out=128, **cfg)
    ours = initializer_core.compute(s)["samples"]
    seed = {} if name == "identity" else {"seed": 1}
    init = keras.initializers.get({"class_name": name, "config": {**cfg, **seed}})
    theirs = keras.ops.convert_to_numpy(init((256, 128))).ravel().astype(float)
    assert ours.std() == pytest.approx(theirs.std(), rel=0.04)
    assert ours.mean() == pytest.approx(theirs.mean(), abs=5 * theirs.std() / math.sqrt(theirs.size) + 1e-6)
    family = I.spread(name, (256, 128), **cfg).family
    if family in ("uniform", "truncated_normal", "identity"):  # bounded: both reach the same bounds
        assert ours.max() == pytest.approx(theirs.max(), rel=0.03, abs=1e-6)
        assert ours.min() == pytest.approx(theirs.min(), rel=0.03, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(fan_in=st.integers(64, 600), fan_out=st.integers(64, 600), scale=st.floats(0.1, 4.0),
       mode=st.sampled_from(I.MODES), dist=st.sampled_from(initializer_core.DISTRIBUTIONS), seed=st.integers(0, 50))
def test_variance_scaling_core_on_a_grid(fan_in, fan_out, scale, mode, dist, seed):
    s = state(initializer_core, initializer="variance_scaling", fan_in=fan_in, fan_out=fan_out, scale=scale,
              mode=mode, distribution=dist, seed=seed)
    r = initializer_core.compute(s)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    std = math.sqrt(scale / n)  # the formula of document 002, derived here independently
    assert r["samples"].std() == pytest.approx(std, rel=6 / math.sqrt(r["samples"].size))
    if dist == "uniform":
        assert r["high"] == pytest.approx(math.sqrt(3 * scale / n))
        assert np.all(np.abs(r["samples"]) <= math.sqrt(3 * scale / n))
    if dist == "truncated_normal":
        assert np.all(np.abs(r["samples"]) <= 2 * std / I.TRUNCATED_STD_FACTOR + 1e-12)


def test_initializer_core_bad_input():
    for bad in (dict(initializer="kaiming"), dict(fan_in=0), dict(fan_in="256"), dict(scale=-1),
                dict(mode="fan_sum"), dict(distribution="gauss")):
        with pytest.raises(kt.KerastutorError):
            state(initializer_core, **bad)


# ------------------------------------------------------------------ activation core
def test_activation_core_curves():
    s = state(activation_core, names=list(A.NAMES), x0=0.7, alpha=0.5, negative_slope=0.1)
    r = activation_core.compute(s)
    assert list(r["curves"]) == list(A.NAMES)
    x = r["x"]
    for name, c in r["curves"].items():
        kw = activation_core.params(name, s)
        np.testing.assert_allclose(c["y"], A.apply(name, x, **dict(kw)))
        assert c["y0"] == pytest.approx(float(A.apply(name, np.array([0.7]), **dict(kw))[0]))
        assert c["formula"] == A.formula(name)
    # the parameters reach Keras's own functions
    np.testing.assert_allclose(r["curves"]["elu"]["y"],
                               keras.ops.convert_to_numpy(keras.activations.elu(x.astype("float32"), alpha=0.5)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(r["curves"]["relu"]["y"], keras.ops.convert_to_numpy(
        keras.activations.relu(x.astype("float32"), negative_slope=0.1)), rtol=1e-5, atol=1e-6)
    # hard_sigmoid's derivative is 1/6 inside (−3, 3)
    hs = r["curves"]["hard_sigmoid"]["dy"]
    inside = (x > -3) & (x < 3)
    assert np.allclose(hs[inside], 1 / 6) and np.allclose(hs[~inside & (np.abs(np.abs(x) - 3) > 1e-9)], 0)
    with pytest.raises(kt.KerastutorError):
        state(activation_core, names=["relu", "gelu2"])


# ------------------------------------------------------------------ conv core
@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 30), k=st.integers(1, 6), s=st.integers(1, 4), d=st.integers(1, 3),
       padding=st.sampled_from(["valid", "same", "causal"]))
def test_conv_core_windows_reproduce_keras_conv1d(n, k, s, d, padding):
    """Summing the input over the windows the calculator draws equals Keras's Conv1D with a kernel of ones."""
    if s > 1 and d > 1:
        return
    r = conv_core.compute(state(conv_core, n=n, kernel_size=k, strides=s, padding=padding, dilation_rate=d))
    layer = keras.layers.Conv1D(1, k, strides=s, padding=padding, dilation_rate=d, use_bias=False,
                                kernel_initializer="ones")
    x = np.arange(1, n + 1, dtype="float32")
    try:
        y = keras.ops.convert_to_numpy(layer(x[None, :, None]))[0, :, 0]
    except ValueError:
        assert not r["ok"] and r["error_key"] == "shapes.too_small"
        return
    if y.size == 0:
        assert not r["ok"]
        return
    assert r["ok"] and r["value"] == conv_length(n, k, s, padding, d).value == y.size
    by_hand = [sum(x[i] for i in w if 0 <= i < n) for w in r["windows"]]
    np.testing.assert_allclose(by_hand, y)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 12), k=st.integers(1, 5), s=st.integers(1, 3), padding=st.sampled_from(["valid", "same"]),
       op=st.one_of(st.none(), st.integers(0, 2)), i=st.integers(0, 11))
def test_conv_core_transpose_taps_match_keras(n, k, s, padding, op, i):
    if op is not None and op >= s:
        return
    i = i % n
    r = conv_core.compute(state(conv_core, kind="transpose", n=n, kernel_size=k, strides=s, padding=padding,
                                output_padding=op, position=i))
    layer = keras.layers.Conv1DTranspose(1, k, strides=s, padding=padding, output_padding=op, use_bias=False,
                                         kernel_initializer="ones")
    if not r["ok"]:  # an empty output: Keras cannot run it either
        assert r["error_key"] == "shapes.too_small"
        assert layer.compute_output_shape((1, n, 1))[1] == 0
        return
    x = np.zeros((1, n, 1), dtype="float32")
    x[0, i, 0] = 1.0
    try:
        y = keras.ops.convert_to_numpy(layer(x))[0, :, 0]
    except tf.errors.InvalidArgumentError:
        # Keras's shape rule accepts padding="same" with an even kernel and this output_padding, but
        # TensorFlow cannot run it (its forward convolution would not give back n)
        assert padding == "same" and op is not None and math.ceil(r["value"] / s) != n
        return
    assert y.size == r["value"] == conv_transpose_length(n, k, s, padding, op).value
    assert sorted(np.flatnonzero(y).tolist()) == sorted(r["selected"])


def test_conv_core_pool_and_errors():
    r = conv_core.compute(state(conv_core, kind="pool", n=9, kernel_size=2, strides=None or 2, padding="same"))
    assert r["value"] == pool_length(9, 2, 2, "same").value and r["pad"] == (0, 1)
    r = conv_core.compute(state(conv_core, n=2, kernel_size=5))
    assert not r["ok"] and r["error_key"] == "shapes.too_small" and r["error"]
    with pytest.raises(kt.KerastutorError):
        state(conv_core, kind="pool", padding="causal")
    r = conv_core.compute(state(conv_core, n=10, kernel_size=3, position=99))
    assert r["position"] == r["count"] - 1 == 7


# ------------------------------------------------------------------ constraint core
@pytest.mark.parametrize("name,kw,keras_c", [
    ("non_neg", {}, lambda s: keras.constraints.NonNeg()),
    ("unit_norm", {"axis": 1}, lambda s: keras.constraints.UnitNorm(axis=1)),
    ("max_norm", {"max_value": 0.8, "axis": 0}, lambda s: keras.constraints.MaxNorm(0.8, axis=0)),
    ("min_max_norm", {"min_value": 1.2, "max_value": 2.0, "rate": 0.4, "axis": 1},
     lambda s: keras.constraints.MinMaxNorm(1.2, 2.0, rate=0.4, axis=1)),
])
@pytest.mark.parametrize("reg,rkw,keras_r", [
    ("l1", {"l1": 0.02}, lambda: keras.regularizers.L1(0.02)),
    ("l2", {"l2": 0.03}, lambda: keras.regularizers.L2(0.03)),
    ("l1_l2", {"l1": 0.01, "l2": 0.05}, lambda: keras.regularizers.L1L2(0.01, 0.05)),
])
def test_constraint_core_matches_keras(name, kw, keras_c, reg, rkw, keras_r):
    s = state(constraint_core, constraint=name, regularizer=reg, rows=5, cols=7, weight_scale=1.3, **kw, **rkw)
    r = constraint_core.compute(s)
    w = r["before"].astype("float32")
    np.testing.assert_allclose(r["after"], keras.ops.convert_to_numpy(keras_c(s)(w)), rtol=1e-5, atol=1e-6)
    axis = kw.get("axis", 0)
    np.testing.assert_allclose(r["norms_after"], np.linalg.norm(r["after"], axis=axis), rtol=1e-9)
    assert r["penalty_before"] == pytest.approx(float(keras.ops.convert_to_numpy(keras_r()(w))), rel=1e-5)
    assert r["penalty_after"] == pytest.approx(
        float(keras.ops.convert_to_numpy(keras_r()(r["after"].astype("float32")))), rel=1e-5)
    assert r["penalty_text_before"] == R.penalty_text(reg, r["before"], **rkw)
    if name == "max_norm":
        assert np.all(r["norms_after"] <= 0.8 + 1e-6)


# ------------------------------------------------------------------ dropout core
@pytest.mark.parametrize("rate", [0.0, 0.1, 0.5, 0.8])
def test_dropout_core(rate):
    s = state(dropout_core, rate=rate, rows=64, cols=64, inputs="random", seed=3)
    r = dropout_core.compute(s)
    x, y, keep = r["x"], r["y"], r["keep"]
    assert r["scale"] == pytest.approx(1 / (1 - rate))
    np.testing.assert_allclose(y[keep], x[keep] / (1 - rate))
    assert np.all(y[~keep] == 0)
    assert r["dropped"] / r["total"] == pytest.approx(rate, abs=4 * math.sqrt(rate * (1 - rate) / 4096) + 1e-9)
    assert r["mean_y"] == pytest.approx(r["mean_x"], rel=0.05 if rate < 0.8 else 0.1)
    # inference: nothing happens
    r_inf = dropout_core.compute({**s, "training": False})
    np.testing.assert_array_equal(r_inf["y"], x)
    # Keras's Dropout does the same thing: zeros, and the rest scaled by 1/(1 − rate)
    out = keras.ops.convert_to_numpy(keras.layers.Dropout(rate, seed=1)(x.astype("float32"), training=True))
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - rate), rtol=1e-5)
    assert (~kept).mean() == pytest.approx(rate, abs=4 * math.sqrt(rate * (1 - rate) / 4096) + 1e-9)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(keras.layers.Dropout(rate)(x, training=False)),
                                  x.astype("float32"))


def test_dropout_core_higher_rate_drops_more_and_bad_rate():
    low = dropout_core.compute(state(dropout_core, rate=0.2))["keep"]
    high = dropout_core.compute(state(dropout_core, rate=0.6))["keep"]
    assert np.all(high <= low)  # every unit dropped at 0.2 is still dropped at 0.6
    for bad in (1.0, -0.1, "0.5"):
        with pytest.raises(kt.KerastutorError):
            state(dropout_core, rate=bad)


# ------------------------------------------------------------------ the ipywidgets layer
MAKERS = {
    "initializer": (lambda: W.initializer_explorer("he_uniform", 128, 64),
                    [("initializer", "glorot_normal"), ("fan_in", 500), ("initializer", "orthogonal"), ("gain", 2.0),
                     ("initializer", "variance_scaling"), ("distribution", "uniform"), ("initializer", "zeros")]),
    "activation": (lambda: W.activation_explorer(["relu", "tanh"]),
                   [("names", ("elu", "selu", "softmax")), ("x0", -2.0), ("alpha", 2.0), ("xmax", 8.0),
                    ("names", ()), ("names", tuple(A.NAMES))]),
    "conv": (lambda: W.conv_shape_calculator(12, 3),
             [("strides", 2), ("padding", "same"), ("position", 3), ("kind", "pool"), ("kind", "transpose"),
              ("output_padding", 1), ("n", 3), ("kind", "conv"), ("padding", "causal"), ("dilation_rate", 3)]),
    "constraint": (lambda: W.constraint_explorer("max_norm"),
                   [("max_value", 0.5), ("axis", 1), ("constraint", "min_max_norm"), ("rate", 0.3),
                    ("regularizer", "l1_l2"), ("l1", 0.05), ("constraint", "non_neg"), ("seed", 5)]),
    "dropout": (lambda: W.dropout_explorer(0.5),
                [("rate", 0.2), ("training", False), ("inputs", "random"), ("training", True), ("rate", 0.9)]),
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_widget_controls_drive_the_core(kind):
    make, changes = MAKERS[kind]
    ex = make()
    box = ex.widget
    assert box.children  # an ipywidgets VBox with controls, text and image
    fig_id, n_axes = id(ex.fig), len(ex.fig.axes)
    pngs = {ex.png()}
    for name, value in changes:
        ex.controls[name].value = value  # as a learner moving the control
        assert ex.message == "", ex.message
        expected = tuple(value) if isinstance(value, (list, tuple)) else value
        if name == "xmax":
            assert ex.state["xmin"] == -value
        assert ex.state[name] == expected, name
        # the result is the core's result for that state, and the picture shown is the new one
        fresh = ex.core.compute(ex.state)
        for key in ("value", "formula", "text", "kept", "penalty_before", "std"):
            if key in fresh:
                assert ex.result[key] == fresh[key]
        assert ex._image.value == ex.png()
        pngs.add(ex.png())
    assert len(pngs) >= len(changes) - 1  # (nearly) every change changed the picture
    assert id(ex.fig) == fig_id and len(ex.fig.axes) == n_axes  # redrawn in place
    assert ex.warnings == []


def pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("kind", list(MAKERS))
def test_blitted_frames_equal_full_redraws(kind):
    """Redraws reuse a cached background; after every change the picture must be exactly what a
    full redraw of the same state gives (the background never goes stale)."""
    make, changes = MAKERS[kind]
    ex = make()
    for name, value in changes:
        ex.set(**{name: value})
        blitted = ex.png()
        ex._background = None  # force a full redraw of the same state
        full = ex._render_png()
        np.testing.assert_array_equal(pixels(blitted), pixels(full), err_msg=f"{kind}: {name}={value!r}")


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_widget_static_picture_and_language(kind, lang):
    kt.set_language(lang)
    ex = MAKERS[kind][0]()
    data, meta = ex._repr_mimebundle_()
    assert set(data) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.widget.model_id
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG") and png == ex.png()
    assert meta["image/png"]["width"] > 100
    title = CATALOGUE[ex.title_key][lang]
    assert data["text/plain"].startswith(title) and title in ex._title.value
    assert ex.text() in data["text/plain"]
    assert ex.warnings == []


def test_widget_rejects_bad_values_without_breaking():
    ex = W.dropout_explorer(0.5)
    with pytest.raises(kt.KerastutorError):
        ex.set(rate=1.5)
    assert ex.state["rate"] == 0.5
    with pytest.raises(kt.KerastutorError):
        W.initializer_explorer("he_normal", 0, 10)
    with pytest.raises(kt.KerastutorError) as err:
        W.conv_shape_calculator(12, 3, colour="red")
    assert err.value.key == "widgets.unknown_option"
    # a control value the core refuses: the message is shown instead of a traceback, the picture stays
    ex = W.dropout_explorer(0.5)
    ex.widget
    before = ex.png()
    ex.controls["rate"].max = 1.0
    ex.controls["rate"].value = 1.0
    assert ex.message == t("widgets.bad_number", name="rate", got="1.0", range="[0, 1)")
    assert ex.state["rate"] == 0.5 and ex.png() == before
    assert "color:#b00020" in ex._text.value
    ex.controls["rate"].value = 0.3  # the next good value clears the message
    assert ex.message == "" and ex.state["rate"] == 0.3
    # a combination Keras refuses: the calculator says why, in words and in the picture
    ex = W.conv_shape_calculator(12, 3, strides=2)
    ex.widget
    ex.controls["dilation_rate"].value = 2
    assert not ex.result["ok"]
    assert ex.text() == t("shapes.stride_and_dilation", strides=2, dilation_rate=2)


def test_conv_calculator_text_uses_the_shape_formulas():
    ex = W.conv_shape_calculator(28, 3, 2, "same")
    assert conv_length(28, 3, 2, "same").text in ex.text()
    ex.set(n=2, kernel_size=5, strides=1, padding="valid")
    assert not ex.result["ok"] and ex.text() == ex.result["error"]
    kt.set_language("zh")
    assert "输入太短" in W.conv_shape_calculator(2, 5).text()


def test_initializer_explorer_text_uses_initializers_module():
    ex = W.initializer_explorer("he_uniform", 784, 512)
    assert I.formula_text("he_uniform", (784, 512)) in ex.text()
    assert f"{I.spread('he_uniform', (784, 512)).std:.4g}" in ex.text()


def test_widgets_import_stays_light():
    import subprocess
    import sys

    code = ("import sys, kerastutor, kerastutor.widgets, kerastutor.activations, kerastutor.constraints, "
            "kerastutor.regularizers; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'keras', 'tensorflow', 'ipywidgets', 'matplotlib'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_blas_thread_is_restored():
    lib = initializer_core._openblas()
    if lib is None:
        pytest.skip("no OpenBLAS found to limit")
    before = lib.get()
    with initializer_core._one_blas_thread():
        assert lib.get() == 1
    assert lib.get() == before
    with pytest.raises(RuntimeError), initializer_core._one_blas_thread():
        raise RuntimeError("the thread count is restored even when the block fails")
    assert lib.get() == before


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cached_text_and_legend_layers_look_like_matplotlib(kind, lang):
    """Two shortcuts of a redraw — texts painted from cached images, legends laid over as a
    prepared layer — show what matplotlib itself draws: after the changes, the picture is compared
    with a fresh canvas (no text cache) where the background is drawn and then every moving artist
    and every legend is drawn by matplotlib, in that order."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    kt.set_language(lang)
    make, changes = MAKERS[kind]
    ex = make()
    for name, value in changes:
        ex.set(**{name: value})
    fast = pixels(ex.png()).astype(int)
    assert ex.fig.text_cache.hits > 0  # the shortcut was taken
    canvas = FigureCanvasAgg(ex.fig)  # its renderer has no text cache
    canvas.draw()  # the moving artists and the legends are animated: not drawn here
    renderer = canvas.get_renderer()
    for artist in ex.dynamic_artists() + ex.overlay_artists():
        if artist is not None and artist.get_visible():
            artist.draw(renderer)
    plain = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    diff = np.abs(fast - plain).max(axis=-1)
    # a legend composited as a layer rounds differently from one drawn in place, at a few
    # anti-aliased edges (a few levels of 255); nothing is missing, moved or stale
    assert diff.max() <= 8 and (diff > 2).sum() <= 0.001 * diff.size, (
        f"{kind}: {int((diff > 2).sum())} pixels differ by more than 2 levels (at most {int(diff.max())})")


@pytest.mark.parametrize("kind", list(MAKERS))
def test_png_is_exactly_the_canvas(kind):
    """The widget's own PNG encoder: Pillow decodes it to exactly the pixels of the canvas."""
    make, changes = MAKERS[kind]
    ex = make()
    ex.set(**dict(changes[:1]))
    png = ex.png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    canvas = np.asarray(ex.fig.canvas.buffer_rgba())[..., :3]
    np.testing.assert_array_equal(pixels(png), canvas)
