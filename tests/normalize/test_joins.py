"""Line joins (`normalize.joins`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile.extract import extract
from docreconcile.model import Category
from docreconcile.normalize import (
    continues_sentence,
    join_at_line_end,
    normalize,
)


def test_continues_sentence() -> None:
    assert continues_sentence("kommunen tillskrivit", "socialdepartementet respektive")
    assert not continues_sentence("Ärende", "I en motion")
    assert not continues_sentence("bland annat:", "– se över")
    assert not continues_sentence("biståndsprövning.", "omsorgskontoret")
    # a hyphen after a digit, or before a number, leaves the sentence open
    assert continues_sentence("ämnen CAS-nr 2-", "Acetamidofluoren 53-96-3")
    assert continues_sentence("emailed to: 9-", "ANM-Seattle-ACO-AMOC-Requests@faa.gov")
    assert continues_sentence("eller metyl-", "2-cyanoakrylat")
    # a letter's hyphen before a capital may end a column, the next column's heading after
    assert not continues_sentence("Soekarno-", "Examining the AD Docket")


@pytest.mark.parametrize(
    ("before", "after", "separator", "category"),
    [
        ("att genom-", "lysa verksamheten", "", Category.HYPHENATION),
        ("tillits-", "baserad styrning", "", Category.HYPHENATION),
        ("barn-", "och ungdomsnämnden", " ", Category.LINE_BREAK),
        ("(barn-", "äldre och jämställdhetsministern", " ", Category.LINE_BREAK),
        ("för-", "och nackdelar", " ", Category.LINE_BREAK),
        ("kommun-", "eller landstingsnivå", " ", Category.LINE_BREAK),
        ("IVO-", "rapporten", "", Category.LINE_BREAK),
        ("mål nr 940 –", "15", " ", Category.LINE_BREAK),
        ("Elmsäter-", "Svärd,", "", Category.LINE_BREAK),  # a double name (prop. 2012/13:144)
        ("metyl-", "2-cyanoakrylat", "", Category.LINE_BREAK),  # AFS 2011:19
        ("(2,4-", "diaminoanisol)", "", Category.LINE_BREAK),
        ("Stockholms-", "– Linköping", " ", Category.LINE_BREAK),
        ("av god", "kvalitet", " ", Category.LINE_BREAK),
    ],
)
def test_join_at_line_end(before: str, after: str, separator: str, category: Category) -> None:
    assert join_at_line_end(before, after) == (separator, category)


def test_a_word_broken_before_och_is_joined_when_its_rest_is_no_word_of_its_own() -> None:
    """Dir. 2017:29: `av stort allmänt in-` / `tresse och det är`. A word followed by
    `och` after a line-end hyphen may be a hanging hyphen (`barn-` / `äldre och`), but
    `tresse` is used nowhere else in the document: it is the rest of `intresse`."""
    pdf = Path(__file__).resolve().parents[1] / "realworld" / "dir-2017-29.pdf"
    text = " ".join(paragraph.text for paragraph in normalize(extract(pdf)).paragraphs)
    assert "av stort allmänt intresse och det är" in text


def test_a_hyphen_after_a_digit_or_before_a_capital_at_a_line_end_is_the_words_own(
    tmp_path: Path,
) -> None:
    """No word is broken after a digit or before a capital, so a hyphen there is part of
    the word when a PDF wraps after it: `2,4-diaminotoluen` stays whole (AFS 2011:19 set by
    LibreOffice came out as `2,4diaminoanisol`, a substantive difference from its text),
    and so do `metyl-2-cyanoakrylat` and a double name (`Elmsäter-Svärd`, prop.
    2012/13:144): each wrap is one line break, and nothing else differs."""
    from docreconcile import compare
    from tests.pdfmaker import make_pdf

    lines = [
        "Ämnet 2,4-diaminoanisol får enligt beslutet inte hanteras, inte heller 2,4-",
        "diaminotoluen eller metyl-cyanoakrylat i fasta former, sade statsrådet Elmsäter-",
        "Svärd, och inte heller den vanliga formen av akrylat med beteckningen metyl-",
        "2-cyanoakrylat i någon form.",
    ]
    text = tmp_path / "beslut.txt"
    text.write_text("".join(lines) + "\n", encoding="utf-8")
    report = compare(text, make_pdf(tmp_path / "beslut.pdf", [lines]))
    assert [(d.category, d.b) for d in report.differences] == [
        (Category.LINE_BREAK, "2,4- ⏎ diaminotoluen"),
        (Category.LINE_BREAK, "Elmsäter- ⏎ Svärd,"),
        (Category.LINE_BREAK, "metyl- ⏎ 2-cyanoakrylat"),
    ]
