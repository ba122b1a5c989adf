"""kerastutor.initializers against what Keras actually samples (large kernels, fixed seeds)."""
import math

import numpy as np
import pytest
from scipy.integrate import trapezoid  # np.trapezoid is NumPy >= 2 only; the course supports 1.26

import kerastutor as kt  # noqa: F401  (quiet TensorFlow before keras loads)
from kerastutor import initializers as kinit

keras = pytest.importorskip("keras")

SHAPES = [(784, 512), (3, 3, 64, 128), (5, 32, 64), (1000,)]


def draw(initializer, shape):
    return keras.ops.convert_to_numpy(initializer(shape)).astype(float)


@pytest.mark.parametrize("shape,expected", [
    ((784, 512), (784, 512)), ((3, 3, 64, 128), (576, 1152)), ((5, 32, 64), (160, 320)),
    ((7,), (7, 7)), ((), (1, 1)), ((2, 3, 4, 5, 6), (2 * 3 * 4 * 5, 2 * 3 * 4 * 6)),
])
def test_fans_by_hand(shape, expected):
    assert kinit.fans(shape) == expected


@pytest.mark.parametrize("name", sorted(kinit.NAMED))
@pytest.mark.parametrize("shape", SHAPES[:3], ids=str)
def test_named_initializers_match_keras(name, shape):
    spread = kinit.spread(name, shape)
    values = draw(keras.initializers.get({"class_name": name, "config": {"seed": 7}}), shape)
    assert values.std() == pytest.approx(spread.std, rel=0.03)
    assert values.min() >= spread.low - 1e-7 and values.max() <= spread.high + 1e-7
    # the bound is reached, not just respected: the formula's limit is the real one
    assert np.abs(values).max() > 0.97 * spread.high


@pytest.mark.parametrize("mode", kinit.MODES)
@pytest.mark.parametrize("distribution", kinit.DISTRIBUTIONS + ("normal",))
def test_variance_scaling_matches_keras(mode, distribution):
    shape, scale = (3, 3, 64, 128), 3.0
    spread = kinit.variance_scaling(shape, scale, mode, distribution)
    values = draw(keras.initializers.VarianceScaling(scale, mode, distribution, seed=3), shape)
    assert values.std() == pytest.approx(spread.std, rel=0.02)
    assert spread.std == pytest.approx(math.sqrt(scale / kinit.fan_n(shape, mode)))
    if np.isfinite(spread.high):
        assert np.abs(values).max() <= spread.high + 1e-7


@pytest.mark.parametrize("name,config", [
    ("random_normal", {}), ("random_normal", {"mean": 1.0, "stddev": 0.3}),
    ("random_uniform", {}), ("random_uniform", {"minval": -2.0, "maxval": 1.0}),
    ("truncated_normal", {}), ("truncated_normal", {"stddev": 0.5}),
    ("zeros", {}), ("ones", {}), ("constant", {"value": 5.0}),
    ("orthogonal", {"gain": 1.5}), ("identity", {"gain": 2.0}),
])
def test_other_initializers_match_keras(name, config):
    shape = (400, 300)
    spread = kinit.spread(name, shape, **config)
    seed = {"seed": 11} if name in ("random_normal", "random_uniform", "truncated_normal", "orthogonal") else {}
    values = draw(keras.initializers.get({"class_name": name, "config": {**config, **seed}}), shape)
    assert values.mean() == pytest.approx(spread.mean, abs=0.01 + 0.01 * abs(spread.mean))
    assert values.std() == pytest.approx(spread.std, rel=0.03, abs=1e-9)
    assert values.min() >= spread.low - 1e-6 and values.max() <= spread.high + 1e-6


def test_truncated_normal_is_narrower_than_its_stddev_argument():
    values = draw(keras.initializers.TruncatedNormal(stddev=0.05, seed=1), (1000, 1000))
    assert values.std() == pytest.approx(0.05 * kinit.TRUNCATED_STD_FACTOR, rel=0.01)
    assert kinit.TRUNCATED_STD_FACTOR == pytest.approx(0.87962566103423978, rel=1e-12)


def test_density_integrates_to_one():
    grid = np.linspace(-1, 1, 200001)
    for name in ("he_normal", "he_uniform", "glorot_normal"):
        spread = kinit.spread(name, (50, 40))
        assert trapezoid(spread.pdf(grid), grid) == pytest.approx(1.0, abs=2e-3)


def test_formula_text_fills_in_numbers():
    assert kinit.formula_text("he_uniform", (784, 512)) == "limit = √(3·2/784) = 0.087482"
    assert kinit.formula_text("glorot_normal", (784, 512)) == "stddev = √(1/648) = 0.039284"


@pytest.mark.parametrize("bad", ["784", (784, -1), (3.5, 2), None, (True, 3)])
def test_bad_shapes_get_a_clear_message(bad):
    kt.set_language("en")
    with pytest.raises(kt.KerastutorError, match="tuple of positive integers"):
        kinit.fans(bad)


def test_bad_choices_get_a_clear_message():
    kt.set_language("zh")
    with pytest.raises(kt.KerastutorError, match="应为"):
        kinit.variance_scaling((4, 4), mode="fan_middle")
    with pytest.raises(kt.KerastutorError, match="不认识的初始化器"):
        kinit.spread("xavier_magic", (4, 4))
    with pytest.raises(kt.KerastutorError, match="二维"):
        kinit.spread("identity", (3, 3, 4))
    kt.set_language("en")
