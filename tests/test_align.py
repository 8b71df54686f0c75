"""Alignment: 1:1, split, merge, insertion, deletion, move, and anchors inside repeats."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from docreconcile import align as align_module
from docreconcile.align import MAX_FAN, align
from docreconcile.model import Location, Pair, PairKind, Paragraph, Span
from docreconcile.tokens import alignment_key


def paragraphs(*texts: str) -> list[Paragraph]:
    return [
        Paragraph(index, text, (Span(0, len(text), Location(line=index + 1)),))
        for index, text in enumerate(texts)
    ]


BODY = [
    "Ärende",
    "I en motion föreslår Paul Lindvall (M) att Linköpings kommun ansöker hos regeringen.",
    "Motionärerna grundar sitt förslag i att IVO och kammarrätten riktat kritik.",
    "Kommunstyrelsen beslutade den 8 november 2016, § 385, att godkänna skrivelsen.",
    "Tillitsdelegationen inbjöd i slutet av 2016 kommuner och landsting till ett samarbete.",
    "Regeringen utsåg i april 2017 en särskild utredare för en översyn av socialtjänstlagen.",
]


def shape(pairs: list[Pair]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(pair.kind.value, pair.a, pair.b) for pair in pairs]


def test_identical_documents_pair_one_to_one() -> None:
    pairs = align(paragraphs(*BODY), paragraphs(*BODY))
    assert shape(pairs) == [("matched", (i,), (i,)) for i in range(len(BODY))]


def test_changed_paragraph_still_pairs_one_to_one() -> None:
    changed = [*BODY]
    changed[4] = changed[4].replace("samarbete", "samarbetsprojekt")
    pairs = align(paragraphs(*BODY), paragraphs(*changed))
    assert ("matched", (4,), (4,)) in shape(pairs)
    assert len(pairs) == len(BODY)


def test_merge_heading_and_paragraph_into_one_pdf_block() -> None:
    merged = [BODY[0] + " " + BODY[1], *BODY[2:]]
    pairs = align(paragraphs(*BODY), paragraphs(*merged))
    assert shape(pairs)[0] == ("matched", (0, 1), (0,))
    assert all(pair.kind is PairKind.MATCHED for pair in pairs)


def test_split_one_paragraph_into_two() -> None:
    first, second = BODY[3].split(", § 385, ")
    split = [*BODY[:3], first + ",", "§ 385, " + second, *BODY[4:]]
    pairs = align(paragraphs(*BODY), paragraphs(*split))
    assert ("matched", (3,), (3, 4)) in shape(pairs)


def test_crossing_boundaries_pair_as_a_group() -> None:
    """A heading joined to half a paragraph, the other half on its own: 2:2."""
    text = paragraphs(
        "Förslag till beslut",
        "1. Motionen besvaras med hänvisning till att kommunen tillskrivit "
        "socialdepartementet om åtgärder.",
    )
    pdf = paragraphs(
        "Förslag till beslut 1. Motionen besvaras med hänvisning till att kommunen tillskrivit",
        "socialdepartementet om åtgärder.",
    )
    assert shape(align(text, pdf)) == [("matched", (0, 1), (0, 1))]


def test_inserted_paragraph() -> None:
    inserted = [
        *BODY[:2],
        "Ett helt nytt stycke om något annat som inte fanns förut alls.",
        *BODY[2:],
    ]
    pairs = align(paragraphs(*BODY), paragraphs(*inserted))
    insertion = [pair for pair in pairs if pair.kind is PairKind.INSERTED]
    assert [(pair.b, pair.a_position) for pair in insertion] == [((2,), 2)]


def test_deleted_paragraph() -> None:
    pairs = align(paragraphs(*BODY), paragraphs(*BODY[:3], *BODY[4:]))
    deletion = [pair for pair in pairs if pair.kind is PairKind.DELETED]
    assert [(pair.a, pair.b_position) for pair in deletion] == [((3,), 3)]


def test_a_moved_paragraph_is_left_to_relocation_as_deletion_and_insertion() -> None:
    moved = [BODY[0], BODY[1], BODY[3], BODY[4], BODY[5], BODY[2]]
    pairs = align(paragraphs(*BODY), paragraphs(*moved))
    unmatched = [(p.kind.value, p.a, p.b) for p in pairs if p.kind is not PairKind.MATCHED]
    assert unmatched == [
        ("deleted", (2,), ()),
        ("inserted", (), (5,)),
    ]
    assert sum(pair.kind is PairKind.MATCHED for pair in pairs) == 5


def test_repeated_paragraphs_align_in_order() -> None:
    repeated = ["Ej påkallat.", BODY[1], "Ej påkallat.", BODY[2], "Ej påkallat."]
    pairs = align(paragraphs(*repeated), paragraphs(*repeated))
    assert shape(pairs) == [("matched", (i,), (i,)) for i in range(5)]


def test_every_paragraph_is_in_exactly_one_pair() -> None:
    a = paragraphs(*BODY, "Slutord.")
    b = paragraphs(BODY[5], *BODY[:3], "Nytt stycke helt annorlunda än allt annat här.")
    pairs = align(a, b)
    assert sorted(i for pair in pairs for i in pair.a) == list(range(len(a)))
    assert sorted(i for pair in pairs for i in pair.b) == list(range(len(b)))


def test_alignment_key_folds_case_typography_and_spacing() -> None:
    assert alignment_key("”Läs  mig!” – SOU") == alignment_key('"läs mig!" - sou')


CORPUS_MEMO = (
    Path(__file__).parent / "corpus" / "03-miljo-remissvar-tillsyn-apotek-sou-2023-101.txt"
)


def test_a_paragraph_holding_more_than_max_fan_paragraphs_pairs_with_all() -> None:
    """A reflowed text joins a page's paragraphs into one line; the search is bounded to
    MAX_FAN paragraphs per group, and what it leaves beside the group belongs to it."""
    blocks = [b for b in CORPUS_MEMO.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    pieces = [" ".join(block.split()) for block in blocks[2 : 2 + MAX_FAN + 3]]
    before, after = "Bakgrund", "Beslutet skickas till kommunstyrelsen."
    pairs = align(paragraphs(before, " ".join(pieces), after), paragraphs(before, *pieces, after))
    assert shape(pairs) == [
        ("matched", (0,), (0,)),
        ("matched", (1,), tuple(range(1, len(pieces) + 1))),
        ("matched", (2,), (len(pieces) + 1,)),
    ]


def _realistic_paragraphs(count: int) -> list[str]:
    """Real Swedish sentences from the corpus, three to a paragraph, each with an amount."""
    corpus = Path(__file__).resolve().parent / "corpus"
    sentences = sorted(
        {
            sentence
            for path in sorted(corpus.glob("*.txt"))
            for sentence in " ".join(path.read_text(encoding="utf-8").split()).split(". ")
            if len(sentence.split()) >= 8
        }
    )
    return [
        f"{sentences[(3 * n) % len(sentences)]}. {sentences[(3 * n + 1) % len(sentences)]}. "
        f"Beloppet är {1000 + 7 * n} kronor."
        for n in range(count)
    ]


def scores_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the similarity scores alignment computes: `[n]`, updated as it runs."""
    calls = [0]
    ratio = align_module.fuzz.ratio

    def counted(*args: Any, **kwargs: Any) -> float:
        calls[0] += 1
        return float(ratio(*args, **kwargs))

    monkeypatch.setattr(align_module.fuzz, "ratio", counted)
    return calls


def test_every_amount_revised_still_pairs_each_paragraph_with_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A budget with every amount revised has no identical paragraph to anchor on. Near
    anchors (each other's best candidate from a word index, nearly the same text) pair
    each paragraph with its own, scoring a few candidates each: not the whole gap search,
    which scored every paragraph against dozens (41 ms a paragraph at 5,000)."""
    a = _realistic_paragraphs(300)
    b = [text.replace(" kronor.", "0 kronor.") for text in a]
    calls = scores_counted(monkeypatch)
    pairs = align(paragraphs(*a), paragraphs(*b))
    assert shape(pairs) == [("matched", (i,), (i,)) for i in range(300)]
    assert calls[0] < 3 * len(a)


def test_a_near_anchor_takes_in_the_heading_split_off_it() -> None:
    """A near anchor is paired alone, but a short heading the other side keeps apart
    beside it joins the pair: the pair is then more alike."""
    a = _realistic_paragraphs(40)
    b = [text.replace(" kronor.", "0 kronor.") for text in a]
    b[10:11] = ["Budget", b[10].removeprefix("Budget ")]
    a[10] = "Budget " + a[10]
    pairs = align(paragraphs(*a), paragraphs(*b))
    assert ("matched", (10,), (10, 11)) in shape(pairs)


def test_a_shuffled_document_tries_only_groups_whose_paragraphs_share_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paragraphs in another order leave gaps of paragraphs whose partners stand elsewhere.
    Any two of them share a common word; only paragraphs sharing a good part of their
    words open a group to be scored. Each paragraph still pairs with its own where its own
    is in the gap, and the rest is left to relocation."""
    a = _realistic_paragraphs(300)
    order = list(range(300))
    random.Random(7).shuffle(order)
    b = [a[index] for index in order]
    calls = scores_counted(monkeypatch)
    pairs = align(paragraphs(*a), paragraphs(*b))
    assert calls[0] < 10 * len(a)  # 7,359 when any shared word opened a group
    matched = [pair for pair in pairs if pair.kind is PairKind.MATCHED]
    own = [pair for pair in matched if order[pair.b[0]] == pair.a[0]]
    assert len(own) >= 20  # the skeleton in order; what moved is relocation's to find
    assert sorted(i for pair in pairs for i in pair.a) == list(range(300))
    assert sorted(j for pair in pairs for j in pair.b) == list(range(300))


def test_a_lone_heading_that_also_opens_a_paragraph_is_no_anchor() -> None:
    """One extractor runs a heading into its text on page 2, the other on page 4: each
    side has one lone copy of `Additional Information`, pages apart. Unique as a whole
    paragraph, it is no evidence of where the two sides meet, and pairs with the copy on
    its own page (inside the longer paragraph there) instead. The IRS instructions had
    the two lone copies matched across pages, with no identical paragraph between them
    to outweigh the pair, and four differences around them."""
    a = paragraphs(
        BODY[1],
        "Additional Information",
        "If you need more information, our free publications may help you.",
        *BODY[2:5],
        "Additional Information Portfolio interest. Include a description of the debt.",
        BODY[5],
    )
    b = paragraphs(
        BODY[1],
        "Additional Information If you need more information, our free publications may help you.",
        *(text + " Reviderad." for text in BODY[2:5]),  # no paragraph identical
        "Additional Information",
        "Portfolio interest. Include a description of the debt.",
        BODY[5],
    )
    pairs = shape(align(a, b))
    assert ("matched", (1,), (5,)) not in pairs
    assert ("matched", (1, 2), (1,)) in pairs
    assert ("matched", (6,), (5, 6)) in pairs


def test_a_paragraph_moved_far_is_not_paired_with_a_new_one_like_it() -> None:
    """A paragraph once on each side but out of order stands in a gap whose other side
    lacks it. A new paragraph there shares two of its three sentences: the gap search had
    paired them (a changed paragraph, and the moved one inserted at the end). The moved
    one is left for relocate, and the new one stays new."""
    moved = f"{BODY[1]} {BODY[2]} {BODY[3]}"
    new = f"{BODY[1]} {BODY[2]} {BODY[4]}"
    a = paragraphs(BODY[0], moved, BODY[5], "Slut.", "Bilagor: inga.")
    b = paragraphs(BODY[0], new, BODY[5], "Slut.", "Bilagor: inga.", moved)
    pairs = shape(align(a, b))
    assert ("deleted", (1,), ()) in pairs
    assert ("inserted", (), (1,)) in pairs
    assert ("inserted", (), (5,)) in pairs


def test_shuffled_paragraphs_are_each_reported_moved_and_nothing_else(tmp_path: Path) -> None:
    """Every paragraph of a real memo put in another order: each is found again whole,
    as a move, and no word of it is reported added or removed."""
    from docreconcile import compare
    from docreconcile.model import Category, Severity

    text = Path(__file__).parent.parent / "fixtures" / "linkoping" / "tjansteskrivelse.txt"
    blocks = [block for block in text.read_text(encoding="utf-8").split("\n\n")]
    blocks = [block for block in blocks if len(block.split()) > 8]
    shuffled = blocks[:]
    random.Random(7).shuffle(shuffled)
    (tmp_path / "a.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n\n".join(shuffled) + "\n", encoding="utf-8")
    report = compare(tmp_path / "a.txt", tmp_path / "b.txt")
    assert len(blocks) >= 15
    assert report.count(Severity.SUBSTANTIVE) == 0
    assert report.by_category().get(Category.MOVED, 0) >= 5


def test_a_tie_between_candidates_falls_to_the_first_paragraph_whatever_the_hashing() -> None:
    """Twenty paragraphs of B share one word each with a paragraph of A: the first of
    them is its candidate. The words are a set, whose order follows Python's string
    hashing; ties fell by that order, and the IRS instructions against their text set
    anew were aligned two ways from run to run (25 or 27 differences)."""
    from docreconcile.align import _best_candidates

    words = {f"ord{number}" for number in range(20)}
    others = {100 - number: {f"ord{number}"} for number in range(20)}
    assert _best_candidates({0: words}, others) == {0: 81}
