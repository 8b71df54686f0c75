"""A reporter of our own, as a user would add one: one module, one line in the registry."""

from __future__ import annotations

from docreconcile.model import Report
from docreconcile.report import Settings, shown


def report(report: Report, settings: Settings) -> str:
    """One line a difference: its category and both texts."""
    return "".join(f"{d.category.value}\t{d.a}\t{d.b}\n" for d in shown(report, settings.show))
