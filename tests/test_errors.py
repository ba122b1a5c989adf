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
