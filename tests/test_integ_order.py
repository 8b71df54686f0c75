"""Order is substance: edits that only move words, on real documents.

`tests/order_edits.py` swaps neighbouring words, two numbers or two names of a sentence,
moves a word into the next sentence, or swaps two sentences, at places drawn by a seeded
generator among all that fit (many seeds: the rule is tested, not the places). Each edit
must be reported, on its own line of the text, with its severity (substantive, a
sentence swap at least minor), as one difference, and nothing else may come new.

- the text side edited, against the PDF: the Kungsbacka memos (set by LibreOffice,
  tests/memos), the fixture, and the real-world PDFs against poppler's text of them;
- the PDF side edited: the edited text set by LibreOffice (tests/order, made by
  `make_order_pdfs.py`) against the original text.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from docreconcile import compare_documents
from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Document, Report
from tests.order.make_order_pdfs import SEEDS, name_of, sources
from tests.order_edits import KINDS, OrderEdit, Outcome, inject_order_edits, judge

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS.parent / "fixtures" / "linkoping"
MEMOS = sorted(
    path for path in (TESTS / "memos").glob("0*.txt") if not path.name.endswith(".pdftotext.txt")
)
REALWORLD = TESTS / "realworld"
TEXT_SEEDS = range(6)


@cache
def pdf_document(path: Path) -> Document:
    return extract(path, jobs=1)


def compare_text(text_path: Path, pdf: Path, text: str | None = None) -> Report:
    data = text_path.read_bytes() if text is None else text.encode("utf-8")
    return compare_documents(extract_text(text_path, data), pdf_document(pdf))


def edited_text_outcomes(
    text_path: Path, pdf: Path, seed: int
) -> tuple[list[Outcome], list[tuple[str, str, str, str]]]:
    original = text_path.read_text(encoding="utf-8")
    edited, edits = inject_order_edits(original, seed)
    return judge(compare_text(text_path, pdf), compare_text(text_path, pdf, edited), edits)


def describe(outcomes: list[Outcome], rest: list[tuple[str, str, str, str]]) -> list[object]:
    wrong: list[object] = [
        (o.edit.kind, o.edit.line + 1, o.edit.edited[:60], o.found) for o in outcomes if not o.exact
    ]
    return wrong + [("unexplained", found) for found in rest]


@pytest.mark.parametrize("seed", TEXT_SEEDS)
@pytest.mark.parametrize("memo", MEMOS, ids=lambda path: path.stem[:5])
def test_order_edits_in_a_memos_text_come_out_exactly(memo: Path, seed: int) -> None:
    outcomes, rest = edited_text_outcomes(memo, memo.with_suffix(".pdf"), seed)
    assert outcomes
    assert describe(outcomes, rest) == []


@pytest.mark.parametrize("seed", range(10))
def test_order_edits_in_the_fixtures_text_come_out_exactly(seed: int) -> None:
    outcomes, rest = edited_text_outcomes(
        FIXTURE / "tjansteskrivelse.txt", FIXTURE / "tjansteskrivelse.pdf", seed
    )
    assert describe(outcomes, rest) == []


def test_the_issues_four_edits_of_the_fixture_are_each_one_difference() -> None:
    """The edits the issue tried first, each once, on the bundled fixture."""
    text_path = FIXTURE / "tjansteskrivelse.txt"
    original = text_path.read_text(encoding="utf-8")
    edits = [
        ("att inte bevilja prövningstillstånd.", "inte att bevilja prövningstillstånd."),
        ("mål nr 940 – 15 och 934 – 15", "mål nr 934 – 15 och 940 – 15"),
        ("den 3 maj 2016", "den 2016 maj 3"),
    ]
    pdf = FIXTURE / "tjansteskrivelse.pdf"
    known = {("spelling", "Ardan", "Ardalan"), ("spelling", "genomlysna", "genomlysa")}
    for old, new in edits:
        report = compare_text(text_path, pdf, original.replace(old, new, 1))
        found = {
            (d.category.value, d.a, d.b) for d in report.differences if d.severity.value != "layout"
        }
        (edit,) = found - known
        assert edit[0] == "reordered" and sorted(edit[1].split()) == sorted(edit[2].split())


REALWORLD_PAIRS = sorted(
    f"{pdf.stem}.{variant}" for pdf in REALWORLD.glob("*.pdf") for variant in ("raw", "reflowed")
)

NOT_YET_EXACT = {
    # pair: edits (over seeds 0 and 1) not yet one difference on their line, and new
    # differences no edit explains, measured 2026-12-07; a ratchet. A swap across a
    # paragraph break of the PDF's (a heading run into the text's paragraph) is one
    # difference since that evening; what is left is mostly where an edit falls in a
    # table of contents or a table run into one paragraph (AFS 2011:19, the IRS index):
    # the paragraph is paired anew and more of it is reported. AFS 2011:19 5 -> 7 on
    # 2026-12-08: two entries' first words swapped in its table of contents, till then
    # two minor moves (unreported), are reported, with two entries the PDF holds again
    # as headings paired to those headings
    "afs-2011-19.reflowed": 7,
    "dir-2014-158.raw": 1,
    "federal_register.reflowed": 3,
    "irs_i1040nr.reflowed": 3,
    "prop-2012-13-144.reflowed": 1,
}

UNREPORTED = {
    # pair: edits not reported on their line (as substance), each with why: a cause to fix
    "irs_i1040nr.reflowed": [
        # the index (p. 48), one paragraph of the reflowed text: two page numbers of its
        # entries swapped, each a unit after its dot leaders
        ("swap_numbers", "4 Exemptions . . . . . . . . . . . . . . 9, 18 Extension of "),
    ],
    "prop-2012-13-144.reflowed": [
        # since the running title beside page 8's first line is furniture (2026-12-07),
        # the PDF's paragraph runs on over the page break; the text breaks it there
        # and glues the bare page number `8` to its second half: two sentences swapped
        # in that half are paired with the half's whole text, the `8` with them
        ("swap_sentences", "För de fartyg som skulle komma att omfattas av sjöfartsstöde"),
    ],
}


@pytest.mark.parametrize("pair", REALWORLD_PAIRS)
def test_order_edits_in_real_world_texts_are_all_reported(pair: str) -> None:
    """Every order edit is reported on its line with its severity; how many are not yet
    one difference (or bring others with them) may not rise above what was measured."""
    name, _ = pair.rsplit(".", 1)
    unreported, inexact = [], 0
    for seed in (0, 1):
        outcomes, rest = edited_text_outcomes(
            REALWORLD / f"{pair}.txt", REALWORLD / f"{name}.pdf", seed
        )
        unreported += [(o.edit.kind, o.edit.edited[:60]) for o in outcomes if not o.reported]
        inexact += sum(not o.exact for o in outcomes) + len(rest)
    assert unreported == UNREPORTED.get(pair, [])
    assert inexact <= NOT_YET_EXACT.get(pair, 0)


@pytest.mark.parametrize(
    ("folder", "text_path", "seed"),
    [(folder, text, seed) for folder, text in sources() for seed in SEEDS],
    ids=lambda value: value.stem[:5] if isinstance(value, Path) else str(value),
)
def test_order_edits_in_the_pdf_come_out_exactly(folder: str, text_path: Path, seed: int) -> None:
    """The original text against its edited text set by LibreOffice: each edit on the
    PDF's side is one difference at its line of the text, and nothing else."""
    name = name_of(text_path)
    pdf = TESTS / "order" / folder / f"{name}.seed{seed}.pdf"
    recorded = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    _, edits = inject_order_edits(text_path.read_text(encoding="utf-8"), seed)
    assert recorded == [edit.__dict__ for edit in edits], "run tests/order/make_order_pdfs.py"
    original_pdf = (
        text_path.with_suffix(".pdf")
        if folder == "memos"
        else REALWORLD / "hyphenated" / f"{name}.pdf"
    )
    before = compare_text(text_path, original_pdf)
    after = compare_text(text_path, pdf)
    outcomes, rest = judge(before, after, [OrderEdit(**record) for record in recorded])
    assert describe(outcomes, rest) == []


def test_sentences_swapped_beside_a_margin_title_are_a_move() -> None:
    """Proposition 2012/13:144 sets a title in the margin beside its paragraphs, so each
    of their lines is free (a reader may take the title first). Two sentences swapped in
    the text (seed 3, p. 5): the line `ändras. En anmälan ... genomföra` is no table's
    cell, and its first words matched in place stay matched (`units.MAX_CELL`): taken
    into the change, they made one passage with the moved sentence, in place, and the
    swap was nothing (found while making units, 2026-12-07)."""
    outcomes, _ = edited_text_outcomes(
        REALWORLD / "prop-2012-13-144.reflowed.txt", REALWORLD / "prop-2012-13-144.pdf", 3
    )
    (swap,) = [o for o in outcomes if o.edit.kind == "swap_sentences"]
    assert swap.reported, swap.found


def test_list_items_beside_their_bullets_keep_their_order() -> None:
    """The DMCA summary sets each title's item beside a bullet in a box of its own
    (a symbol font's `!`); a bullet is no text beside the item, so the items' lines are
    not free to be read in any order. Two items' sentences swapped in the text, which
    runs the list into one paragraph (seed 4), were reading order, nothing; they are a
    move now, one difference."""
    outcomes, _ = edited_text_outcomes(REALWORLD / "dmca.reflowed.txt", REALWORLD / "dmca.pdf", 4)
    (swap,) = [o for o in outcomes if o.edit.kind == "swap_sentences"]
    assert swap.exact, swap.found


def test_a_sentence_traded_with_its_neighbour_inside_a_line_is_reported() -> None:
    """NFS 2007:10 p. 2: `... rovdjur. Personen är även kontaktperson gentemot
    länsstyrelsen.` ends a definition that starts mid-line, the next definition starts
    the line after; the text runs both into one paragraph. The two sentences swapped
    (seed 4) were found as pieces that together make whole lines of the definitions'
    box, which stands beside its term, and were forgiven as reading order; cut inside a
    line, with the next piece right between them in the text, they are a trade of
    sentences, at least a move."""
    outcomes, _ = edited_text_outcomes(
        REALWORLD / "nfs-2007-10.reflowed.txt", REALWORLD / "nfs-2007-10.pdf", 4
    )
    (swap,) = [o for o in outcomes if o.edit.kind == "swap_sentences"]
    assert swap.reported, swap.found
    assert ("minor", "moved") in {found[:2] for found in swap.found}


def test_every_kind_of_order_edit_is_tried_on_both_sides() -> None:
    kinds: Counter[str] = Counter()
    for memo in MEMOS:
        for seed in TEXT_SEEDS:
            kinds.update(edit.kind for edit in inject_order_edits(memo.read_text("utf-8"), seed)[1])
    for folder, text_path in sources():
        for seed in SEEDS:
            pdf = TESTS / "order" / folder / f"{name_of(text_path)}.seed{seed}.json"
            kinds.update(record["kind"] for record in json.loads(pdf.read_text("utf-8")))
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 20, kinds


def test_names_swapped_across_the_pdfs_paragraph_break_are_one_difference() -> None:
    """In Kommittédirektiv 2016:15 the reflowed text runs the headings `Allmänna
    riktlinjer för uppdraget` and `Dataskyddsförordningen` into one paragraph; the PDF
    has them apart. Those two words swapped (seed 1) were two `word` differences, one
    in each of the PDF's paragraphs; they are one edit, one difference with both
    wordings whole. Taking the PDF's side gives back the original words, once each."""
    from docreconcile.reconcile import agreed_text

    text_path, pdf = REALWORLD / "dir-2016-15.reflowed.txt", REALWORLD / "dir-2016-15.pdf"
    original = text_path.read_text(encoding="utf-8")
    edited, edits = inject_order_edits(original, 1)
    (swap,) = [edit for edit in edits if edit.kind == "swap_names"]
    assert swap.edited.startswith("Dataskyddsförordningen riktlinjer för uppdraget Allmänna")
    outcomes, _ = judge(compare_text(text_path, pdf), compare_text(text_path, pdf, edited), [swap])
    assert outcomes[0].exact, outcomes[0].found
    report = compare_text(text_path, pdf, edited)
    (difference,) = [
        d for d in report.differences if "Allmänna" in d.a and d.severity.value == "substantive"
    ]
    assert difference.a.split()[0] == "Dataskyddsförordningen" == difference.b.split()[-1]
    assert difference.b_rest  # over the PDF's paragraph break
    agreed = agreed_text(report, [], prefer="b").text
    assert "Allmänna riktlinjer för uppdraget Dataskyddsförordningen" in " ".join(agreed.split())
    assert agreed.count("Dataskyddsförordningen") == original.count("Dataskyddsförordningen")
