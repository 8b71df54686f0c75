"""The dictionary hint: which side of a one-word difference is probably right."""

from __future__ import annotations

import pytest

from docreconcile.hints import favoured_side, standing
from docreconcile.model import Category, Difference, Severity
from docreconcile.pipeline import Options, compare
from docreconcile.reconcile import agreed_text
from tests.conftest import PDF_VERSION, TEXT_VERSION


def spelling(a: str, b: str) -> Difference:
    return Difference(1, Severity.SUBSTANTIVE, Category.SPELLING, a, b, "", "", None, None)


@pytest.mark.parametrize(
    ("a", "b", "hint"),
    [
        ("genomlysna", "genomlysa", "b"),  # a word in use against none
        ("förvaltningsdomstolen", "förvaltningdomstolen", "a"),  # in use against a bare split
        ("tjänsteskrivelse", "tjänsteskrivlese", "a"),  # a compound against none
        ("Verksamhetsberätelse", "Verksamhetsberättelse.", "b"),  # case and punctuation aside
        ("attt", "att", "b"),  # both listed, one a hundred times commoner
        ("Hellgrén", "Hellgren", "b"),  # a name the word list knows
        ("Signeshus", "Signehus", None),  # a place name it knows neither way: no hint
        ("bil", "bild", None),  # two words in use alike: no hint
        ("den nya", "det nya", None),  # not one word a side
    ],
)
def test_the_hint_favours_the_side_in_better_standing(a: str, b: str, hint: str | None) -> None:
    assert favoured_side(spelling(a, b)) == hint


def test_a_word_stands_in_use_as_a_compound_or_not_at_all() -> None:
    assert [standing(w) for w in ("genomlysa", "tjänsteskrivelse", "genomlysna")] == [2, 1, 0]


def test_every_report_of_the_seed_pair_carries_the_hint_and_prefer_hint_uses_it() -> None:
    """Both of the seed's misspellings are in A: the hint points to B for each, and
    `--prefer hint` takes B's words for both, as a proofreader would have."""
    report = compare(TEXT_VERSION, PDF_VERSION, Options())
    words = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert [(d.a, d.hint) for d in words] == [("Ardan", "b"), ("genomlysna", "b")]
    agreed = agreed_text(report, [], prefer="hint")
    assert agreed.conflicts == 0
    assert "Ardalan" in agreed.text and "genomlysa " in agreed.text
    assert "Ardan " not in agreed.text and "genomlysna" not in agreed.text
