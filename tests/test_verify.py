import warnings

import pytest

import kerastutor as kt


@pytest.fixture(autouse=True)
def english():
    kt.set_language("en")


def test_verify_close_passes_and_fails(capsys):
    kt.verify_close("pi", 3.14159, 3.1416, rtol=1e-4)
    assert "✓ pi" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="exceeds tolerance"):
        kt.verify_close("pi", 3.0, 3.1416, rtol=1e-3)


def test_verify_close_on_arrays_reports_the_largest_gap(capsys):
    import numpy as np

    kt.verify_close("eye", np.eye(3) + 1e-9, np.eye(3), rtol=0, atol=1e-6)
    out = capsys.readouterr().out
    assert "shape (3, 3)" in out and "[[" not in out
    with pytest.raises(AssertionError, match="differ by up to 0.1"):
        kt.verify_close("eye", np.eye(3) + 0.1, np.eye(3), rtol=0, atol=1e-6)


def test_verify_equal_and_true():
    import numpy as np

    kt.verify_equal("shape", (2, 3), (2, 3))
    kt.verify_equal("arr", np.zeros(3), np.zeros(3))
    with pytest.raises(AssertionError, match="got"):
        kt.verify_equal("shape", (2, 3), (3, 2))
    with pytest.raises(AssertionError, match="elements that differ: 1"):
        kt.verify_equal("arr", np.array([0, 1]), np.array([0, 0]))
    with pytest.raises(AssertionError, match="does not hold"):
        kt.verify_true("claim", False)


def test_expect_error_shows_the_error_and_fails_when_none_comes(capsys):
    with kt.expect_error(ZeroDivisionError):
        1 / 0
    assert "ZeroDivisionError" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="Keras may have changed"):
        with kt.expect_error(ValueError):
            pass
    with pytest.raises(KeyError):  # a different error is not swallowed
        with kt.expect_error(ValueError):
            raise KeyError("x")


def test_expect_warning_prints_instead_of_stderr(capsys):
    with kt.expect_warning(UserWarning, match="old"):
        warnings.warn("old argument", UserWarning)
    captured = capsys.readouterr()
    assert "old argument" in captured.out and captured.err == ""
    with pytest.raises(AssertionError, match="but it did not"):
        with kt.expect_warning(UserWarning):
            pass


def test_keras_messages_lose_colour_codes_and_the_argument_echo():
    from kerastutor.verify import keras_message

    exc = ValueError("Exception in call.\n\x1b[1mExpected shape (None, 16)\x1b[0m\nArguments received by X:\n  • inputs=[0 0]")
    assert keras_message(exc) == "Exception in call. Expected shape (None, 16)"
    exc = ValueError("Unrecognized keyword arguments: {'x': <keras.src.Foo object at 0x7f00deadbeef>}")
    assert keras_message(exc) == "Unrecognized keyword arguments: {'x': <keras.src.Foo>}"
    exc = ValueError("Please use one of {'uniform', 'truncated_normal', 'b'}")
    assert keras_message(exc) == "Please use one of {'b', 'truncated_normal', 'uniform'}"


def test_verify_close_with_one_element_arrays_and_zero(capsys):
    import numpy as np

    kt.verify_close("one", np.array([2.0]), [2.0 + 1e-9], rtol=1e-6)
    kt.verify_close("zero", 1e-9, 0.0, rtol=0, atol=1e-6)
    out = capsys.readouterr().out
    assert "✓ one" in out and "✓ zero" in out and "e+" not in out
    with pytest.raises(AssertionError, match="differ by up to 0.1"):
        kt.verify_close("zero", 0.1, 0.0, rtol=0, atol=1e-6)
