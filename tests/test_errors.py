"""A KerastutorError shows as its message in IPython, and the cell still fails."""
import pytest

import kerastutor as kt
from kerastutor import errors

IPython = pytest.importorskip("IPython")


def test_learner_errors_show_as_one_message_and_still_fail(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert errors.install_notebook_handler()
        kt.set_language("en")
        result = shell.run_cell("from kerastutor import initializers\ninitializers.fans('784')")
        out = capsys.readouterr().out
        assert result.success is False
        assert isinstance(result.error_in_exec, kt.KerastutorError)
        assert "tuple of positive integers" in out and "Traceback" not in out
        other = shell.run_cell("1/0")  # everything else keeps its normal traceback
        assert other.success is False and "ZeroDivisionError" in capsys.readouterr().out
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("lang,words", [("en", "Today's names"), ("zh", "今天的写法")])
@pytest.mark.parametrize("make,pairs", [
    (lambda keras: keras.layers.Conv2D(8, 3, border_mode="same", dim_ordering="th"),
     ["border_mode → padding", "dim_ordering → data_format"]),
    (lambda keras: keras.layers.Dense(4, init="he_uniform", W_regularizer=None), ["init → kernel_initializer",
                                                                                 "W_regularizer → kernel_regularizer"]),
    (lambda keras: keras.layers.LSTM(4, inner_init="orthogonal", dropout_W=0.2, dropout_U=0.1),
     ["inner_init → recurrent_initializer", "dropout_W → dropout", "dropout_U → recurrent_dropout"]),
])
def test_keras1_keywords_get_todays_names(make, pairs, lang, words):
    """Keras's English "Unrecognized keyword arguments" for a Keras 1 name: today's name, in the
    learner's language (issue 16)."""
    import keras

    kt.set_language(lang)
    with pytest.raises(ValueError, match="Unrecognized keyword") as info:
        make(keras)
    explained = errors.keras1_keywords(info.value)
    assert isinstance(explained, kt.KerastutorError) and explained.key == "errors.keras1_keyword"
    assert words in str(explained) and all(pair in str(explained) for pair in pairs)
    assert "Unrecognized" not in str(explained)


def test_other_errors_are_not_taken_for_keras1():
    import keras

    with pytest.raises(ValueError, match="Unrecognized keyword") as info:
        keras.layers.Dense(4, activaton="relu")  # a typo, not a Keras 1 name
    assert errors.keras1_keywords(info.value) is None
    assert errors.keras1_keywords(ValueError("something else")) is None


def test_keras1_keyword_in_a_cell_shows_todays_name(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert errors.install_notebook_handler()
        kt.set_language("en")
        result = shell.run_cell("import keras\nkeras.layers.Conv2D(64, 3, border_mode='same')")
        out = capsys.readouterr().out
        assert result.success is False and "border_mode → padding" in out and "Traceback" not in out
        other = shell.run_cell("int('x')")  # any other ValueError keeps its normal traceback
        assert other.success is False and "invalid literal" in capsys.readouterr().out
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
