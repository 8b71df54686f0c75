"""Rule lines (`-----`, `_____`): drawn, not written."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize.page import line_event

_RULE = re.compile(r"^\s*([_\-=–—*·.~])\1{3,}\s*$")


def is_rule_line(text: str) -> bool:
    """A line made of one repeated mark (`__________`, `-----`, `=====`) is a drawn rule.

    >>> is_rule_line("__________"), is_rule_line("– se över")
    (True, False)
    """
    return bool(_RULE.match(text))


def remove_rule_lines(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take rule lines out of the text, recording each as a layout event."""
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for line in lines:
        if is_rule_line(line.text):
            events.append(line_event(Category.RULE, line, key=line.text.strip()[:1]))
        else:
            kept.append(line)
    return kept, events
