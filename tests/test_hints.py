"""The dictionary hint: which side of a one-word difference is probably right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docreconcile.hints import favoured_side, standing
from docreconcile.model import Category, Difference, Severity
from docreconcile.pipeline import Options, compare
from docreconcile.reconcile import agreed_text
from tests.conftest import PDF_VERSION, TEXT_VERSION

MEMOS = Path(__file__).resolve().parent / "memos"


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


def test_the_one_pass_lookup_gives_wordfreqs_own_zipf_frequencies() -> None:
    """`Frequencies` reads wordfreq's list itself, bucket by bucket; for every string a
    hint asks about (the memos' words and every part they could split into, hyphenated
    ones and unknown ones among them) it must give what `zipf_frequency` gives."""
    from wordfreq import zipf_frequency

    from docreconcile.hints import Frequencies, _queries

    words = {
        word.casefold()
        for path in sorted(MEMOS.glob("0[123]-*[a-z0-9].txt"))
        for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", path.read_text(encoding="utf-8"))
    }
    words |= {"e-post", "förvaltnings-domstolen", "barn-och-ungdom", "xqzzyk", "naïve"}
    texts = sorted({query for word in words for query in _queries(word)})
    assert len(texts) > 3000 and any("-" in text for text in texts)
    looked_up = Frequencies.of(texts)
    expected = {text: zipf_frequency(text, "sv") for text in texts}
    assert {text: looked_up(text) for text in texts} == expected
    assert sum(value > 0 for value in expected.values()) > 1000


def test_hints_are_given_without_importing_wordfreq() -> None:
    """The fixture's two misspellings get their hints (B's words stand better) from
    wordfreq's list, found and read without importing wordfreq (0.11 s and 6 MB in every
    comparison); the list is the one wordfreq itself would read."""
    import subprocess
    import sys

    from wordfreq import available_languages

    from docreconcile.hints import word_list

    assert str(word_list()) == available_languages("best")["sv"]
    code = (
        "import sys\n"
        "from docreconcile import compare\n"
        f"report = compare({str(TEXT_VERSION)!r}, {str(PDF_VERSION)!r})\n"
        "print(sorted((d.b, d.hint) for d in report.differences if d.hint))\n"
        "print('wordfreq' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    hints, imported = result.stdout.split("\n")[:2]
    assert hints == "[('Ardalan', 'b'), ('genomlysa', 'b')]" and imported == "False"
