"""Reading a failed run's stderr: the variant's own lines in its traceback, not the instrumented copy's."""

from __future__ import annotations

from golf.engine.failures import with_original_lines

ORIGINAL = "x = 1\nloss.backward()\nfor i in range(3): f(i)\n"
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "v.py", line 2, in <module>\n'
    "    __golf_method__(loss, 'backward')\n"
    "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    '  File "lib.py", line 2, in g\n'
    "    __golf_method__(other)\n"
    '  File "v.py", line 3, in <module>\n'
    "    for i in __golf_for__(0, range(3)): f(i)\n"
    "ValueError: no\n"
)


def test_frames_of_the_variant_show_its_own_lines() -> None:
    shown = with_original_lines(TRACEBACK, "v.py", ORIGINAL).splitlines()
    assert shown[2] == "    loss.backward()"
    assert "^^^" not in "\n".join(shown), "carets under the copy's line would point at the wrong columns"
    assert shown[4] == "    __golf_method__(other)", "another file's frame is left as it is"
    assert shown[6] == "    for i in range(3): f(i)"
    assert shown[-1] == "ValueError: no"


def test_a_line_beyond_the_source_is_left_alone() -> None:
    text = '  File "v.py", line 99, in f\n    code\n'
    assert with_original_lines(text, "v.py", ORIGINAL) == text
