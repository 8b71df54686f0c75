"""Exit statuses as diff has them, and input errors a user can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile import compare
from docreconcile.errors import DocReconcileError, ExitStatus, InputError


def test_exit_statuses_are_diffs() -> None:
    assert [int(status) for status in ExitStatus] == [0, 1, 2]


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"%PDF-1.4\ngarbage"])
def test_a_bad_input_is_one_line_naming_the_file(tmp_path: Path, content: bytes) -> None:
    text = tmp_path / "memo.txt"
    text.write_text("Ett stycke.\n", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(InputError) as raised:
        compare(text, bad)
    message = str(raised.value)
    assert isinstance(raised.value, DocReconcileError)
    assert "bad.pdf" in message and "\n" not in message
