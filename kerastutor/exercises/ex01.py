"""Exercise 1 · Models and layers: the public checks behind check("q1") … check("q4").

q1  first_layer             a Dense layer given its five settings (units, initializer, regularizer,
                            constraint, activation)
q2  dense_output_shape(…)   the output shape of Dense on an input of any rank
q3  build_model()           document 002's Sequential model, with keras.Input instead of input_shape=
q4  input_for(batch)        keras.Input for the samples of a NumPy batch (batch dimension None)
"""
from __future__ import annotations

import warnings

import numpy as np

from .framework import Exercise

MESSAGES = {
    "ex01.q1.not_dense": {
        "zh": "first_layer 应该是一个 keras.layers.Dense 层，现在它是 {got}。",
        "en": "first_layer should be a keras.layers.Dense layer; it is a {got}.",
    },
    "ex01.q1.units": {
        "zh": "first_layer 的神经元个数（units）是 {got}，题目要求 {expected}。",
        "en": "first_layer has {got} units; the question asks for {expected}.",
    },
    "ex01.q1.activation": {
        "zh": "first_layer 的激活函数是 {got}，题目要求 relu。",
        "en": "first_layer's activation is {got}; the question asks for relu.",
    },
    "ex01.q1.activation_hint": {
        "zh": "把 activation=\"relu\" 传给 Dense。",
        "en": "pass activation=\"relu\" to Dense.",
    },
    "ex01.q1.initializer": {
        "zh": "first_layer 的核初始化器是 {got}，题目要求 he_uniform。",
        "en": "first_layer's kernel initializer is {got}; the question asks for he_uniform.",
    },
    "ex01.q1.initializer_hint": {
        "zh": "参数名是 kernel_initializer，值可以是字符串 \"he_uniform\"。",
        "en": "the argument is kernel_initializer, and the string \"he_uniform\" will do.",
    },
    "ex01.q2.not_tuple": {
        "zh": "dense_output_shape 应返回一个元组（tuple），现在返回的是 {got}。",
        "en": "dense_output_shape should return a tuple; it returned a {got}.",
    },
    "ex01.q2.hint": {
        "zh": "Dense 只作用在最后一个轴上：其余各轴原样保留，最后一轴变成 units。",
        "en": "Dense acts on the last axis only: every other axis stays as it is, the last becomes units.",
    },
    "ex01.q3.not_model": {
        "zh": "build_model() 应返回一个 keras 模型（keras.Model 或 keras.Sequential），现在返回的是 {got}。",
        "en": "build_model() should return a Keras model (keras.Model or keras.Sequential); it returned a {got}.",
    },
    "ex01.q3.input_shape_arg": {
        "zh": "build_model() 把 input_shape= 传给了某个层，Keras 3 会为此发出警告。",
        "en": "build_model() passes input_shape= to a layer, which Keras 3 warns about.",
    },
    "ex01.q3.input_shape_hint": {
        "zh": "把 keras.Input(shape=(16,)) 作为模型的第一项，层本身不再写 input_shape。",
        "en": "put keras.Input(shape=(16,)) first in the model and leave input_shape out of the layers.",
    },
    "ex01.q3.dense_count": {
        "zh": "模型应有 3 个 Dense 层，现在有 {got} 个。",
        "en": "The model should have 3 Dense layers; it has {got}.",
    },
    "ex01.q3.units": {
        "zh": "各 Dense 层的神经元个数是 {got}，应为 {expected}。",
        "en": "The Dense layers have {got} units; they should have {expected}.",
    },
    "ex01.q3.params": {
        "zh": "模型共有 {got} 个参数，应为 {expected}。",
        "en": "The model has {got} parameters; it should have {expected}.",
    },
    "ex01.q3.params_hint": {
        "zh": "每个 Dense 层有 输入数×units 个权重，外加 units 个偏置。",
        "en": "each Dense layer has inputs × units weights plus units biases.",
    },
    "ex01.q4.not_input": {
        "zh": "input_for 应返回 keras.Input(...) 创建的符号张量（KerasTensor），现在返回的是 {got}。",
        "en": "input_for should return the symbolic tensor made by keras.Input(...) (a KerasTensor); it returned a {got}.",
    },
    "ex01.q4.hint": {
        "zh": "批次的第一个轴是样本个数；keras.Input 只要一个样本的形状，批次维由 Keras 记为 None。",
        "en": "a batch's first axis counts the samples; keras.Input takes one sample's shape, and Keras records the batch axis as None.",
    },
}

EX = Exercise("01", MESSAGES)


def _name(obj) -> str:
    return getattr(obj, "__name__", None) or type(obj).__name__


@EX.question("q1")
def q1(a):
    import keras

    layer = a.value("first_layer")
    a.expect(isinstance(layer, keras.layers.Dense), "ex01.q1.not_dense", got=a.kind(layer))
    a.expect(layer.units == 32, "ex01.q1.units", got=layer.units, expected=32)
    a.expect(layer.activation is keras.activations.relu, "ex01.q1.activation", "ex01.q1.activation_hint",
             got=_name(layer.activation))
    a.expect(isinstance(layer.kernel_initializer, keras.initializers.HeUniform), "ex01.q1.initializer",
             "ex01.q1.initializer_hint", got=a.kind(layer.kernel_initializer))


@EX.question("q2")
def q2(a):
    dense_output_shape = a.function("dense_output_shape")
    got = dense_output_shape((4, 2), 8)
    a.expect(isinstance(got, tuple), "ex01.q2.not_tuple", got=a.kind(got))
    a.equal("dense_output_shape((4, 2), 8)", got, (4, 8), hint="ex01.q2.hint")


@EX.question("q3")
def q3(a):
    import keras

    build_model = a.function("build_model")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = build_model()
    a.expect(isinstance(model, keras.Model), "ex01.q3.not_model", got=a.kind(model))
    a.expect(not any("input_shape" in str(w.message) for w in caught), "ex01.q3.input_shape_arg",
             "ex01.q3.input_shape_hint")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    a.expect(len(dense) == 3, "ex01.q3.dense_count", got=len(dense))
    a.expect([d.units for d in dense] == [32, 16, 8], "ex01.q3.units", got=[d.units for d in dense],
             expected=[32, 16, 8])
    a.shape(model.inputs[0], (None, 16), name="model.inputs[0]")
    a.shape(model.outputs[0], (None, 8), name="model.outputs[0]")
    a.expect(model.count_params() == 1208, "ex01.q3.params", "ex01.q3.params_hint",
             got=model.count_params(), expected=1208)


@EX.question("q4")
def q4(a):
    import keras

    input_for = a.function("input_for")
    tensor = input_for(np.zeros((3, 4, 2)))
    a.expect(isinstance(tensor, keras.KerasTensor), "ex01.q4.not_input", got=a.kind(tensor))
    a.shape(tensor, (None, 4, 2), name="input_for(np.zeros((3, 4, 2)))", hint="ex01.q4.hint")
