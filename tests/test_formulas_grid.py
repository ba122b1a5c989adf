"""The length formulas of kerastutor.shapes on a fixed, exhaustive grid of edge cases, against real
Keras tensors: strides longer than the kernel, lengths the stride does not divide, kernels of length 1,
dilated windows as long as the input, every padding and every output_padding. (tests/test_shapes.py
samples a wider space at random against compute_output_shape; this grid always runs the same cases,
and also checks the zeros `.pad` says are added.)"""
import itertools

import numpy as np
import pytest

import kerastutor as kt  # noqa: F401  (sets the backend before Keras loads)
from kerastutor.shapes import conv_length, conv_transpose_length

keras = pytest.importorskip("keras")
layers = keras.layers

LENGTHS = (1, 4, 5, 7, 10)
KERNELS = (1, 2, 3, 5)
STRIDES = (1, 2, 3, 4, 6)
DILATIONS = (1, 2, 3)

CONV_GRID = [(n, k, s, d, padding) for n, k, s, d, padding in
             itertools.product(LENGTHS, KERNELS, STRIDES, DILATIONS, ("valid", "same", "causal"))
             if (s == 1 or d == 1) and (padding != "valid" or d * (k - 1) + 1 <= n)]


def valid_conv1d(x, kernel, strides, dilation):
    """Valid 1-D cross-correlation in NumPy: x (batch, n, C), kernel (k, C, F)."""
    k = kernel.shape[0]
    length = (x.shape[1] - dilation * (k - 1) - 1) // strides + 1
    return sum(x[:, j * dilation:j * dilation + (length - 1) * strides + 1:strides, :] @ kernel[j] for j in range(k))


def test_the_conv_grid_has_the_edge_cases():
    assert any(s > k for _, k, s, _, _ in CONV_GRID)
    assert any(n % s for n, _, s, _, _ in CONV_GRID)
    assert any(d > 1 and d * (k - 1) + 1 == n for n, k, _, d, _ in CONV_GRID)


@pytest.mark.parametrize("padding", ["valid", "same", "causal"])
def test_conv_length_and_padding_match_real_conv1d(padding):
    rng = np.random.default_rng(0)
    for n, k, s, d, _ in [case for case in CONV_GRID if case[4] == padding]:
        x = rng.normal(size=(1, n, 2)).astype("float32")
        layer = layers.Conv1D(3, k, strides=s, padding=padding, dilation_rate=d, use_bias=False)
        out = keras.ops.convert_to_numpy(layer(x))
        length = conv_length(n, k, s, padding, d)
        assert out.shape[1] == length.value, (n, k, s, d, padding)
        padded = np.pad(x, ((0, 0), length.pad, (0, 0)))
        np.testing.assert_allclose(out, valid_conv1d(padded, layer.get_weights()[0], s, d), rtol=1e-4, atol=1e-4,
                                   err_msg=str((n, k, s, d, padding)))


TRANSPOSE_GRID = [(n, k, s, padding, op) for n, k, s, padding in
                  itertools.product((1, 4, 5, 7), (1, 2, 3, 4), (1, 2, 3, 5), ("valid", "same"))
                  for op in (None, *range(1 if padding == "same" else 0, s))]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv_transpose_length_matches_real_conv1d_transpose(padding):
    for n, k, s, _, op in [case for case in TRANSPOSE_GRID if case[3] == padding]:
        layer = layers.Conv1DTranspose(1, k, strides=s, padding=padding, output_padding=op)
        out = layer(np.ones((1, n, 1), "float32"))
        assert out.shape[1] == conv_transpose_length(n, k, s, padding, op).value, (n, k, s, padding, op)


def test_stride_longer_than_kernel_is_not_the_old_formula():
    # (n − 1)·s + k would give 14; Keras pads the end to n·s = 15
    out = layers.Conv1DTranspose(1, 2, strides=3)(np.ones((1, 5, 1), "float32"))
    assert out.shape[1] == conv_transpose_length(5, 2, 3).value == 15


@pytest.mark.parametrize("n,k,d,padding", [(n, k, d, padding) for n in (1, 4, 7) for k in (2, 3)
                                           for d in (2, 3) for padding in ("valid", "same")])
def test_dilated_conv_transpose_length_matches_keras_shape(n, k, d, padding):
    # a dilated transposed convolution only runs on TensorFlow's CPU with oneDNN on; Keras's shape does not depend on it
    layer = layers.Conv1DTranspose(1, k, dilation_rate=d, padding=padding)
    assert layer.compute_output_shape((1, n, 1))[1] == conv_transpose_length(n, k, 1, padding, dilation_rate=d).value
