"""Rule lines (`normalize.rules`)."""

from __future__ import annotations

import pytest

from docreconcile.model import Category
from docreconcile.normalize import (
    is_rule_line,
    remove_rule_lines,
)
from tests.normalize import text_lines


@pytest.mark.parametrize("text", ["__________", "-----", "=====", "  ______  ", "———————"])
def test_rule_lines(text: str) -> None:
    assert is_rule_line(text)


@pytest.mark.parametrize("text", ["– se över", "__init__", "---x---", "1. Motionen"])
def test_not_rule_lines(text: str) -> None:
    assert not is_rule_line(text)


def test_rule_lines_are_removed_as_layout_events() -> None:
    kept, events = remove_rule_lines(text_lines("riktning.", "__________", "Beslutsunderlag:"))
    assert [line.text for line in kept] == ["riktning.", "Beslutsunderlag:"]
    assert [(event.category, event.location.line) for event in events] == [(Category.RULE, 2)]
