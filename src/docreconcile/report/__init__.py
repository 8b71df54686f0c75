"""Report: render a `Report` for people and for machines. Each format is one module with
one pure function of the Report; the CLI only picks which."""

from __future__ import annotations

from docreconcile.model import Difference, Report, Severity

SHOW_LEVELS: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "all": (Severity.SUBSTANTIVE, Severity.MINOR, Severity.LAYOUT),
}
"""What each `--show` level includes: a level shows itself and everything more severe."""


def shown(report: Report, show: str) -> list[Difference]:
    """The differences a `--show` level includes, in document order."""
    severities = SHOW_LEVELS[show]
    return [difference for difference in report.differences if difference.severity in severities]
