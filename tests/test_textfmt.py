"""kerastutor.textfmt.shorten: the one truncation helper (feedback, checks, kernel replies)."""
from kerastutor.textfmt import shorten


def test_shorten_puts_text_on_one_line_and_marks_a_cut():
    assert shorten("a  b\n\tc", 100) == "a b c"
    assert shorten("abcdefghij", 5) == "abcd…"
    assert shorten("abcde", 5) == "abcde"


def test_shorten_can_keep_the_lines_of_an_error_message():
    message = "line one\n  line two"
    assert shorten(message, 100, one_line=False) == message
    assert shorten(message, 6, one_line=False) == "line …"
