"""Word diff inside aligned pairs."""

from __future__ import annotations

from docreconcile.diff import diff
from docreconcile.model import Location, Pair, PairKind, Paragraph, Span
from docreconcile.tokens import tokenize


def paragraph(index: int, text: str) -> Paragraph:
    return Paragraph(index, text, (Span(0, len(text), Location(line=index + 1)),))


def test_tokens_keep_dates_references_and_numbers_whole() -> None:
    tokens = tokenize(paragraph(0, "Dom 2015-12-14 (mål nr 940 – 15), SOU 2017:21 och 2,4 mkr."))
    assert [token.text for token in tokens] == [
        "Dom",
        "2015-12-14",
        "(",
        "mål",
        "nr",
        "940",
        "–",
        "15",
        ")",
        ",",
        "SOU",
        "2017:21",
        "och",
        "2,4",
        "mkr",
        ".",
    ]


def test_one_changed_word_is_one_change_with_both_positions() -> None:
    a = [paragraph(0, "med civildepartementet, (civilminister Ardan Shekarabi).")]
    b = [paragraph(0, "med civildepartementet, (civilminister Ardalan Shekarabi).")]
    (change,) = diff([Pair(PairKind.MATCHED, (0,), (0,))], a, b)
    assert [t.text for t in change.a_tokens] == ["Ardan"]
    assert [t.text for t in change.b_tokens] == ["Ardalan"]


def test_case_only_change_is_found_inside_equal_keys() -> None:
    a = [paragraph(0, "skrivelse till socialdepartementet och")]
    b = [paragraph(0, "skrivelse till Socialdepartementet och")]
    (change,) = diff([Pair(PairKind.MATCHED, (0,), (0,))], a, b)
    assert (change.a_tokens[0].text, change.b_tokens[0].text) == (
        "socialdepartementet",
        "Socialdepartementet",
    )


def test_insertion_has_a_position_on_the_side_without_text() -> None:
    a = [paragraph(0, "att inte bevilja prövningstillstånd")]
    b = [paragraph(0, "att bevilja prövningstillstånd")]
    (change,) = diff([Pair(PairKind.MATCHED, (0,), (0,))], a, b)
    assert [t.text for t in change.a_tokens] == ["inte"]
    assert change.b_tokens == ()
    assert change.b_at is not None and change.b_at.text == "bevilja"


def test_merged_pair_diffs_across_paragraphs() -> None:
    a = [paragraph(0, "Ärende"), paragraph(1, "I en motion föreslår de.")]
    b = [paragraph(0, "Ärende I en motion föreslog de.")]
    (change,) = diff([Pair(PairKind.MATCHED, (0, 1), (0,))], a, b)
    assert (change.a_tokens[0].text, change.a_tokens[0].paragraph) == ("föreslår", 1)


def test_inserted_paragraph_is_one_whole_paragraph_change() -> None:
    a = [paragraph(0, "Första.")]
    b = [paragraph(0, "Första."), paragraph(1, "Helt nytt stycke.")]
    pairs = [Pair(PairKind.MATCHED, (0,), (0,)), Pair(PairKind.INSERTED, (), (1,), a_position=1)]
    (change,) = diff(pairs, a, b)
    assert change.whole_paragraph and change.a_tokens == ()
    assert change.a_at is not None and change.a_at.text == "."


def test_identical_pair_has_no_change() -> None:
    a = [paragraph(0, "Ej påkallat.")]
    assert diff([Pair(PairKind.MATCHED, (0,), (0,))], a, a) == []


def changed_texts(a_text: str, b_text: str) -> list[tuple[str, str]]:
    a, b = [paragraph(0, a_text)], [paragraph(0, b_text)]
    return [
        (" ".join(t.text for t in change.a_tokens), " ".join(t.text for t in change.b_tokens))
        for change in diff([Pair(PairKind.MATCHED, (0,), (0,))], a, b)
    ]


def test_a_common_word_shared_by_chance_is_part_of_the_change_around_it() -> None:
    """Two unlike texts paired (columns read in another order) share `the` by chance;
    kept equal, it would cut the text into pieces too short to be found elsewhere."""
    a_text = "Send your comments to an address listed under the ADDRESSES section"
    b_text = "Before acting on this proposal the FAA will consider all comments received"
    changes = changed_texts(a_text, b_text)
    assert len(changes) == 1
    assert changes[0] == (a_text, b_text)


def test_common_words_shared_by_chance_in_a_cluster_are_part_of_the_change() -> None:
    """`the`, `AD`, `docket`: two chance matches with a short insertion between them are
    one coincidence, as one alone is; kept, they leave `Examining the AD Docket` in
    pieces that cannot be found where the other document holds it."""
    a_text = "supporting data . To ensure the docket does not contain duplicate comments"
    b_text = "Examining the AD Docket You may examine the AD docket on the internet"
    assert changed_texts(a_text, b_text) == [(a_text, b_text)]


def test_a_sentence_deleted_before_words_that_recur_in_it_is_one_deletion() -> None:
    """The IRS instructions: `wages even if ... the grant. If the grant was reported ...
    you must include` against `If the grant was reported ... you must generally include`.
    Of the equally long alignments the diff takes one that pairs `if the` and `grant`
    inside the sentence, and those chance matches, taken into the edit, leave `... the
    grant. If the grant` against nothing but `If the grant`. The words both sides end
    with go back to the equal text: the deletion is the sentence, whole, which
    relocation can find where the other side holds it."""
    a_text = (
        "wages even if the services were required to get the grant . "
        "If the grant was reported on Form ( s ) 1042-S , you must include"
    )
    b_text = "If the grant was reported on Form ( s ) 1042-S , you must generally include"
    deleted = "wages even if the services were required to get the grant ."
    assert changed_texts(a_text, b_text) == [(deleted, ""), ("", "generally")]


def test_an_inserted_run_that_may_slide_is_whole_words() -> None:
    """`$0` inserted before `$3,400` may be taken as `$ 0` or as `0 $` (the `$` of
    either number); only the first is words, which relocation can find where the other
    side holds them. A run that starts after a space and ends before one is taken."""
    assert changed_texts("= $3,400.", "= $0 $3,400.") == [("", "$ 0")]
    assert changed_texts("a $0 $3,400 b", "a $3,400 b") == [("$ 0", "")]
    assert changed_texts("cost: $5", "cost: $5 $5") == [("", "$ 5")]


def test_two_sentences_that_only_begin_alike_are_one_edit_with_their_first_word() -> None:
    """Swedish sentences often begin with `I` (in): `I det nuvarande direktivet ...`
    against `I artikel 21.2 ...` share it by chance. Kept equal, it left each sentence
    without its first word, and a sentence moved elsewhere was found nowhere whole (the
    Swedish committee terms, dir. 2016:15, two sentences swapped: a deletion and an
    insertion). A word changed after an agreeing first word stays a word."""
    assert changed_texts(
        "Detta gäller bl.a. rätten. I det nuvarande direktivet fanns en annan regel.",
        "Detta gäller bl.a. rätten. I artikel 21.2 ställs vidare krav på vad som ska gälla.",
    ) == [
        (
            "I det nuvarande direktivet fanns en annan regel",
            "I artikel 21.2 ställs vidare krav på vad som ska gälla",
        )
    ]
    assert changed_texts("Kommunen beslutar att bevilja.", "Kommunen föreslår att bevilja.") == [
        ("beslutar", "föreslår")
    ]


def test_a_word_moved_a_little_is_one_edit_with_the_words_between() -> None:
    """A word taken out and put back a few words on (into the next sentence, or this
    one's end) is one word moved: one `reordered` edit with the words it jumped over,
    not a deletion here and an insertion there. A different word put back stays two."""
    assert changed_texts(
        "Mötet hölls den 3 maj i Kungsbacka.", "Mötet den 3 maj hölls i Kungsbacka."
    ) == [("hölls den 3 maj", "den 3 maj hölls")]
    assert changed_texts(
        "Nämnden beslutade att avslå ansökan. Beslutet gäller från i dag.",
        "Nämnden beslutade att avslå. Beslutet gäller ansökan från i dag.",
    ) == [("ansökan . Beslutet gäller", ". Beslutet gäller ansökan")]
    assert changed_texts("Mötet hölls den 3 maj.", "Mötet den 3 maj sågs.") == [
        ("hölls", ""),
        ("", "sågs"),
    ]


def test_a_word_changed_between_agreeing_words_keeps_them() -> None:
    """The cluster rule leaves agreeing text alone: only the changed words change."""
    a_text = "You may examine the AD docket on the internet at the address"
    b_text = "You may examine the ED docket on the intranet at the address"
    assert changed_texts(a_text, b_text) == [("AD", "ED"), ("internet", "intranet")]


def test_edits_close_together_keep_the_words_between() -> None:
    """Two single changed tokens beside one equal token: that token is the document's."""
    assert changed_texts("beslut 2016 § 385 .", "beslut 2017 § 386 .") == [
        ("2016", "2017"),
        ("385", "386"),
    ]


def test_every_token_points_at_its_text_in_short_and_long_paragraphs() -> None:
    """Offsets come from a shared table in paragraphs shorter than it, from the match
    itself in longer ones (a document of one line is one paragraph): both point at the
    token's text. A real text, AFS 2011:19, as paragraphs and as one."""
    from pathlib import Path

    text = (Path(__file__).parent / "realworld" / "afs-2011-19.raw.txt").read_text("utf-8")
    blocks = [block for block in text.split("\n\n") if block.strip()]
    whole = " ".join(" ".join(blocks).split())
    assert len(whole) > 50_000 and max(len(block) for block in blocks) < 4096
    for index, body in enumerate([*blocks, whole]):
        tokens = tokenize(paragraph(index, body))
        assert tokens and all(body[token.start : token.end] == token.text for token in tokens)
        assert all(token.paragraph == index for token in tokens)
    assert [token.text for token in tokenize(paragraph(0, whole))] == [
        token.text for block in blocks for token in tokenize(paragraph(0, " ".join(block.split())))
    ]
