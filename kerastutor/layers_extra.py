"""Layers the course needs that Keras 3 no longer ships.

`LocallyConnected1D`: Keras 2's locally connected layer for sequences (a Conv1D whose kernel is not
shared: every output position has its own), written in lesson 07 and used by exercise 07.
Keras is imported here, so import this module only where Keras is wanted.
"""
from __future__ import annotations

import keras


@keras.saving.register_keras_serializable(package="kerastutor")
class LocallyConnected1D(keras.layers.Layer):
    """Input (batch, steps, channels) -> output (batch, output_length, filters), padding "valid".

    output_length = (steps - kernel_size) // strides + 1
    kernel: (output_length, kernel_size·channels, filters); row j·channels + c of position i
            multiplies input[:, i·strides + j, c]
    bias:   (output_length, filters)
    """

    def __init__(self, filters, kernel_size, strides=1, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.filters = int(filters)
        self.kernel_size = int(kernel_size)
        self.strides = int(strides)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    def output_length(self, steps):
        if steps is None:
            return None
        return (steps - self.kernel_size) // self.strides + 1

    def build(self, input_shape):
        steps, channels = input_shape[1], input_shape[2]
        if steps is None or channels is None:
            raise ValueError("LocallyConnected1D needs a known number of steps and channels; "
                             f"got input shape {tuple(input_shape)}.")
        length = self.output_length(steps)
        if length < 1:
            raise ValueError(f"LocallyConnected1D: kernel_size={self.kernel_size} is longer than the "
                             f"{steps} input steps.")
        self.kernel = self.add_weight(name="kernel", shape=(length, self.kernel_size * channels, self.filters),
                                      initializer=self.kernel_initializer)
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(length, self.filters),
                                        initializer=self.bias_initializer)
        else:
            self.bias = None

    def call(self, inputs):
        k, s = self.kernel_size, self.strides
        length, width = self.kernel.shape[0], self.kernel.shape[1]
        patches = keras.ops.stack(
            [keras.ops.reshape(inputs[:, i * s:i * s + k, :], (-1, width)) for i in range(length)], axis=1)
        outputs = keras.ops.einsum("bld,ldf->blf", patches, self.kernel)
        if self.use_bias:
            outputs = outputs + self.bias
        return outputs

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_length(input_shape[1]), self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "use_bias": self.use_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer)}


def local1d_params(steps: int, kernel_size: int, channels: int, filters: int, strides: int = 1,
                   use_bias: bool = True) -> int:
    """Parameters of LocallyConnected1D: L·(k·C·F + F), L = (steps − k) // strides + 1."""
    length = (steps - kernel_size) // strides + 1
    return length * (kernel_size * channels * filters + (filters if use_bias else 0))
