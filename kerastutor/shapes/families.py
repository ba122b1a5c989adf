"""Which family a Keras layer belongs to, from Keras's public classes only.

The shape helpers explain a layer by its family (a convolution, a pooling, a merge …). Keras's own
base classes for these families are private and move between releases; the public layer classes below are what the helpers test against instead (a subclass of a public
layer, such as a learner's `class MyConv(keras.layers.Conv2D)`, belongs to the family too).
"""
from __future__ import annotations


def _classes(*names: str) -> tuple[type, ...]:
    from keras import layers

    return tuple(getattr(layers, n) for n in names if hasattr(layers, n))


def conv_kind(layer) -> str | None:
    """"conv", "transpose", "depthwise" or "separable" for a convolution layer; None otherwise."""
    kinds = {
        "transpose": ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"),
        "depthwise": ("DepthwiseConv1D", "DepthwiseConv2D"),
        "separable": ("SeparableConv1D", "SeparableConv2D"),
        "conv": ("Conv1D", "Conv2D", "Conv3D"),
    }
    for kind, names in kinds.items():          # transposed before plain: in Keras 3 neither subclasses the other
        if isinstance(layer, _classes(*names)):
            return kind
    return None


def is_pooling(layer) -> bool:
    """A windowed pooling layer (max or average, 1-D to 3-D)."""
    return isinstance(layer, _classes(*(f"{op}Pooling{d}D" for op in ("Max", "Average") for d in (1, 2, 3))))


def is_global_pooling(layer) -> bool:
    return isinstance(layer, _classes(*(f"Global{op}Pooling{d}D" for op in ("Max", "Average") for d in (1, 2, 3))))


def is_merge(layer) -> bool:
    """A layer that merges a list of tensors (Add, Concatenate, Dot …)."""
    return isinstance(layer, _classes("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
                                      "Concatenate", "Dot"))
