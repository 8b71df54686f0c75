"""Reconcile: the agreed text from decisions, end to end on the seed pair (the fixture's
text and PDF, which differ in `Ardan`/`Ardalan` and `genomlysna`/`genomlysa`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docreconcile.baseline import decision_for, load, pair_key, record
from docreconcile.cli import app
from docreconcile.model import Difference, Severity
from docreconcile.pipeline import Options, compare
from docreconcile.reconcile import agreed_text, decidable

runner = CliRunner()


@pytest.fixture
def pair(seed_pair: tuple[Path, Path]) -> tuple[Path, Path]:
    return seed_pair


def substantive(a: Path, b: Path) -> list[tuple[str, str]]:
    report = compare(a, b, Options())
    return [(d.a, d.b) for d in report.differences if d.severity is Severity.SUBSTANTIVE]


def test_decisions_for_b_give_the_pdfs_words_and_nothing_else(pair: tuple[Path, Path]) -> None:
    """Both differences decided for B: the agreed text has the PDF's two words; compared
    with the PDF it has no substantive difference, with the text exactly the two."""
    text, pdf = pair
    decisions = text.parent / "beslut.json"
    for difference in compare(text, pdf, Options()).differences:
        if difference.severity is Severity.SUBSTANTIVE:
            record(decisions, pair_key(text, pdf), decision_for(difference, "b"))
    agreed = text.parent / "agreed.txt"
    result = runner.invoke(
        app, ["reconcile", str(text), str(pdf), "--decisions", str(decisions), "-o", str(agreed)]
    )
    assert result.exit_code == 0, result.output
    assert "2 differences decided, no conflict left" in result.stderr
    assert substantive(agreed, pdf) == []
    assert sorted(substantive(text, agreed)) == [("Ardan", "Ardalan"), ("genomlysna", "genomlysa")]


def test_undecided_differences_are_conflict_blocks_and_exit_1(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    result = runner.invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 1
    assert result.stdout.count("<<<<<<< A\n") == 2
    assert "<<<<<<< A\nArdan\n=======\nArdalan\n>>>>>>> B\n" in result.stdout
    assert "2 conflicts left" in result.stderr


def test_prefer_settles_the_rest_and_a_decision_outweighs_it(pair: tuple[Path, Path]) -> None:
    """`--prefer a` keeps A's words where nothing was decided; the one decision for an
    own wording stands. Compared with A, only that wording differs."""
    text, pdf = pair
    report = compare(text, pdf, Options())
    name = next(d for d in report.differences if d.a == "Ardan")
    decisions = [decision_for(name, "text", "Ardalan Shekarabi")]
    agreed = agreed_text(report, decisions, prefer="a")
    assert agreed.conflicts == 0 and agreed.decided == 2
    assert "(civilminister Ardalan Shekarabi Shekarabi)" in agreed.text
    assert "genomlysna" in agreed.text and "<<<<<<<" not in agreed.text


def test_an_accepted_difference_is_no_verdict_on_which_side_is_right(
    pair: tuple[Path, Path],
) -> None:
    """Issue 29: after `accept` (a CI baseline), `reconcile` kept the typo `Ardan` and said
    `2 differences decided, no conflict left`: accepted meant "A is right", silently. It
    says only that the difference is known: reconcile leaves it to decide, and says so."""
    text, pdf = pair
    assert runner.invoke(app, ["accept", str(text), str(pdf)]).exit_code == 0
    result = runner.invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 1
    assert result.stdout.count("<<<<<<< A\n") == 2
    assert "2 differences were only accepted" in result.stderr
    assert "docreconcile review" in result.stderr
    settled = runner.invoke(app, ["reconcile", str(text), str(pdf), "--prefer", "b"])
    assert settled.exit_code == 0
    output = text.parent / "out.txt"
    output.write_text(settled.stdout, encoding="utf-8")
    assert substantive(output, pdf) == []


def test_a_decisions_file_that_is_not_there_is_no_advice_to_accept(
    pair: tuple[Path, Path],
) -> None:
    text, pdf = pair
    missing = text.parent / "missing.json"
    result = runner.invoke(app, ["reconcile", str(text), str(pdf), "--decisions", str(missing)])
    assert result.exit_code == 2
    assert "no such decisions file" in result.stderr and "review" in result.stderr
    assert "accept" not in result.stderr


def test_a_pdf_first_still_builds_on_the_text_version(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    result = runner.invoke(app, ["reconcile", str(pdf), str(text), "--prefer", "a"])
    assert result.exit_code == 0
    assert "agreed text on B's paragraphs" in result.stderr
    output = text.parent / "out.txt"
    output.write_text(result.stdout, encoding="utf-8")
    assert substantive(output, pdf) == []


def test_a_word_put_in_or_taken_out_keeps_the_spaces_around_it(tmp_path: Path) -> None:
    """Issue 29: `--prefer b` put `hela` in as `helabidraget`, and taking a word out left
    two spaces; comparing the result with B then called the glued word layout."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Nämnden beslutar att bevilja bidraget i år.\n", encoding="utf-8")
    b.write_text("Nämnden beslutar att bevilja hela bidraget i år.\n", encoding="utf-8")
    for prefer in ("a", "b"):
        for first, second in ((a, b), (b, a)):
            result = runner.invoke(
                app, ["reconcile", str(first), str(second), "--prefer", prefer, "--no-cache"]
            )
            assert result.exit_code == 0, result.output
            chosen = (first, second)[prefer == "b"]
            assert result.stdout == chosen.read_text(encoding="utf-8")


WORDS = ["nämnden", "beslutar", "att", "bevilja", "hela", "bidraget", "i", "år", "för", "kommunen"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=30),
    st.lists(
        st.tuples(st.sampled_from(["insert", "delete", "replace", "swap"]), st.integers(0, 29)),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["a", "b"]),
)
def test_the_agreed_text_is_the_chosen_sides_words_spaced_as_written(
    words: list[str], edits: list[tuple[str, int]], side: str
) -> None:
    """For random sentences and random edits (words put in, taken out, changed, swapped),
    every difference settled for one side gives that side's words, one space apart: no
    word glued to its neighbour, none doubled, none lost."""
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text

    changed = list(words)
    for operation, position in edits:
        at = position % len(changed)
        if operation == "insert":
            changed.insert(at, "tydligt")
        elif operation == "delete" and len(changed) > 3:
            del changed[at]
        elif operation == "replace":
            changed[at] = "samtliga"
        elif operation == "swap" and at + 1 < len(changed):
            changed[at], changed[at + 1] = changed[at + 1], changed[at]
    a_text = " ".join(words).capitalize() + ".\n"
    b_text = " ".join(changed).capitalize() + ".\n"
    report = compare_documents(
        extract_text(Path("a.txt"), a_text.encode()), extract_text(Path("b.txt"), b_text.encode())
    )
    agreed = agreed_text(report, [], prefer=side).text
    wanted = b_text if side == "b" else a_text
    assert agreed.split() == wanted.split(), (a_text, b_text, agreed)
    assert "  " not in agreed


def test_a_plain_comparison_reads_the_decisions_review_wrote(pair: tuple[Path, Path]) -> None:
    """Issue 29: `compare` did not read the decisions file `review` wrote beside A, so
    decided differences still failed the run. It does now, and says so."""
    text, pdf = pair
    for difference in compare(text, pdf, Options()).differences:
        if difference.severity is Severity.SUBSTANTIVE:
            record(
                text.parent / ".docreconcile-baseline.json",
                pair_key(text, pdf),
                decision_for(difference, "b"),
            )
    result = runner.invoke(app, [str(text), str(pdf), "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "the decisions in" in result.stderr and ".docreconcile-baseline.json" in result.stderr


def test_lines_the_author_broke_stay_lines(tmp_path: Path) -> None:
    """Issue 29: the agreed text joined a paragraph's lines that were lines in A
    (`Beslutet skickas till: Motionärerna`); a decided word changes the words, not the
    lines around them."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Beslutet skickas till:\nMotionärerna\n\nNämnden beslutar att bevilja\n"
        "bidraget i år och\nstänger ärendet.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Beslutet skickas till: Motionärerna\n\nNämnden beslutar att bevilja hela bidraget "
        "i år och stänger ärendet.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["reconcile", str(a), str(b), "--prefer", "b", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Beslutet skickas till:\nMotionärerna\n\nNämnden beslutar att bevilja\n"
        "hela bidraget i år och\nstänger ärendet.\n"
    )


ANCHORS = ["ankaret", "bryggan", "cykeln", "dörren", "elden", "furan", "gläntan", "hamnen"]
"""Words that stand between the regions of a random text, once each and never edited,
ending a sentence (a rewording is one sentence's changes), so every difference falls in
one region and a region's verdict is known."""

OWN = "egen lydelse"


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
            st.sampled_from(["same", "insert", "delete", "replace", "swap", "reverse"]),
            st.sampled_from(["a", "b", "text", "both", "undecided"]),
        ),
        min_size=2,
        max_size=6,
    ),
    st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_random_verdicts_give_the_text_they_describe(
    regions: list[tuple[list[str], str, str]], breaks: list[bool]
) -> None:
    """For random texts, random edits (words changed, put in, taken out, swapped, turned
    round) and a random verdict per edit, the agreed text is word for word the text the
    verdicts describe, built here apart from reconcile: A's words where A was chosen or
    both are fine, B's where B was, the own wording or a conflict block in place of A's
    words where one was given or nothing decided. A's lines stay where A is chosen."""
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text

    a_regions: list[list[str]] = []
    b_regions: list[list[str]] = []
    a_words: list[str] = []
    b_words: list[str] = []
    starts: list[int] = []  # where each region starts in A's paragraph
    for index, (words, edit, _) in enumerate(regions):
        changed = list(words)
        if edit == "insert":
            changed.insert(len(changed) // 2, "tydligt")
        elif edit == "delete" and len(changed) > 1:
            del changed[0]
        elif edit == "replace":
            changed[-1] = "samtliga"
        elif edit == "swap" and len(changed) > 1:
            changed[0], changed[1] = changed[1], changed[0]
        elif edit == "reverse":
            changed.reverse()
        anchor = [ANCHORS[index], "och", ANCHORS[index].upper() + "."]  # a sentence apart
        a_words += anchor
        b_words += anchor
        starts.append(len(" ".join(a_words)) + 1)
        a_words += words
        b_words += changed
        a_regions.append(words)
        b_regions.append(changed)
    # A's lines: a break after a word wherever `breaks` says so
    a_text = "".join(word + ("\n" if breaks[i] else " ") for i, word in enumerate(a_words))
    a_text += "slut.\n"
    b_text = " ".join(b_words) + " slut.\n"
    report = compare_documents(
        extract_text(Path("a.txt"), a_text.encode()), extract_text(Path("b.txt"), b_text.encode())
    )
    # where each of A's paragraphs starts in the words joined by spaces
    assert " ".join(view.text for view in report.a_paragraphs) == " ".join([*a_words, "slut."])
    offsets = [0]
    for view in report.a_paragraphs:
        offsets.append(offsets[-1] + len(view.text) + 1)
    verdicts = [verdict for *_, verdict in regions]
    spanned: set[int] = set()  # regions a difference of several regions covers
    found: dict[int, list[tuple[int, int, Difference]]] = {}  # each region's differences
    for difference in report.differences:
        if not decidable(difference):
            continue
        span = difference.a_span
        assert span is not None
        start, end = offsets[span.paragraph] + span.start, offsets[span.paragraph] + span.end
        for part in difference.a_rest:  # a difference over A's paragraph break goes on
            end = offsets[part.paragraph] + part.end
        touched = [
            i
            for i, first in enumerate(starts)
            if first <= end and start <= first + len(" ".join(a_regions[i]))
        ]
        assert touched, difference  # never in the anchors alone
        if len(touched) > 1:  # one difference over two sentences' changes (reordered):
            # the first region's verdict for all, and one side's words
            verdict = verdicts[touched[0]] if verdicts[touched[0]] in ("a", "b", "both") else "b"
            for i in touched:
                verdicts[i] = verdict
                spanned.add(i)
        found.setdefault(touched[0], []).append((start, end, difference))
    decisions = []
    wanted: list[str] = []
    for index, verdict in enumerate(verdicts):
        wanted += [ANCHORS[index], "och", ANCHORS[index].upper() + "."]
        here = found.get(index, [])
        decisions += [decision_for(d, verdict, OWN) for *_, d in here if verdict != "undecided"]
        if verdict in ("a", "both") or (not here and index not in spanned):
            wanted += a_regions[index]
        elif verdict == "b":
            wanted += b_regions[index]
        else:  # each difference's A words give way to the own wording or a conflict
            region = " ".join(a_regions[index])
            for start, end, difference in sorted(here, key=lambda found: -found[0]):
                start, end = start - starts[index], end - starts[index]
                instead = (
                    OWN
                    if verdict == "text"
                    else f"<<<<<<< A {difference.a} ======= {difference.b} >>>>>>> B"
                )
                region = f"{region[:start]} {instead} {region[end:]}"
            wanted += region.split()
    agreed = agreed_text(report, decisions).text
    assert agreed.split() == [*wanted, "slut."], (a_text, b_text, agreed)
    assert "  " not in agreed
    if all(
        verdict in ("a", "both") or a_regions[i] == b_regions[i]
        for i, verdict in enumerate(verdicts)
    ):
        assert agreed == a_text


def test_an_agreed_text_that_does_not_match_the_decisions_is_refused(
    pair: tuple[Path, Path],
) -> None:
    """The verification is its own check, not the splicing's: two decided differences
    over the same words cannot both be taken, and the text is refused on one line rather
    than written with one of them silently left out."""
    from dataclasses import replace

    from docreconcile.model import TextRange
    from docreconcile.reconcile import UnverifiedText

    text, pdf = pair
    report = compare(text, pdf, Options())
    first = next(d for d in report.differences if d.severity is Severity.SUBSTANTIVE)
    assert first.a_span is not None
    wider = replace(
        first,
        a="x " + first.a,
        b="y",
        a_span=TextRange(first.a_span.paragraph, max(0, first.a_span.start - 3), first.a_span.end),
    )
    overlapping = replace(report, differences=(*report.differences, wider))
    assert agreed_text(report, [], prefer="b").text  # the real report passes
    with pytest.raises(UnverifiedText) as raised:
        agreed_text(overlapping, [], prefer="b")
    assert "\n" not in str(raised.value)
    assert "nothing written" in str(raised.value)


def test_the_log_records_who_decided_what_when_and_what_prefer_settled(
    pair: tuple[Path, Path],
) -> None:
    """Issue 29: `reconcile --log` writes a Markdown record for the case file: each
    difference with both places, both sides, the verdict, the words taken, who, when and
    why; what --prefer settled says so."""
    from docreconcile.baseline import Audit

    text, pdf = pair
    decisions = text.parent / "beslut.json"
    first = next(
        d for d in compare(text, pdf, Options()).differences if d.severity is Severity.SUBSTANTIVE
    )
    audit = Audit("Anna Berg", "2026-12-07T10:15:00+01:00", "enligt folkbokföringen")
    record(decisions, pair_key(text, pdf), decision_for(first, "b", audit=audit))
    log = text.parent / "logg.md"
    result = runner.invoke(
        app,
        [
            "reconcile",
            str(text),
            str(pdf),
            "--decisions",
            str(decisions),
            "--prefer",
            "a",
            "-o",
            str(text.parent / "agreed.txt"),
            "--log",
            str(log),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| # | where (A / B) | A | B | verdict")
    assert first.a_location is not None and first.b_location is not None
    where = f"{first.a_location.describe()} / {first.b_location.describe()}"
    assert where.startswith("line ") and "p. " in where  # the text's line, the PDF's page
    assert rows[1] == (
        f"| 1 | {where} | Ardan | Ardalan | b | Ardalan | Anna Berg | "
        "2026-12-07T10:15:00+01:00 | enligt folkbokföringen |"
    )
    assert rows[2].startswith("| 2 | ") and "| genomlysna | genomlysa | a (--prefer a) |" in rows[2]
    assert "2 decided, 0 left as conflicts" in log.read_text(encoding="utf-8")


def test_accept_signs_new_entries_and_keeps_earlier_ones(pair: tuple[Path, Path]) -> None:
    """`accept --reviewer` records who accepted and when; accepting again keeps each
    earlier entry as it was (its reviewer and time), and a file without an audit trail is
    written without empty audit fields."""
    import json

    text, pdf = pair
    baseline = text.parent / "baseline.json"
    result = runner.invoke(
        app, ["accept", str(text), str(pdf), "--baseline", str(baseline), "--reviewer", "CI"]
    )
    assert result.exit_code == 0, result.output
    entries = json.loads(baseline.read_text(encoding="utf-8"))["pairs"]
    (decisions,) = [value["decisions"] for value in entries.values()]
    assert {entry["reviewer"] for entry in decisions} == {"CI"}
    stamped = {entry["fingerprint"]: entry["decided_at"] for entry in decisions}
    runner.invoke(
        app, ["accept", str(text), str(pdf), "--baseline", str(baseline), "--reviewer", "X"]
    )
    again = json.loads(baseline.read_text(encoding="utf-8"))
    (kept,) = [value["decisions"] for value in again["pairs"].values()]
    assert {e["fingerprint"]: (e["reviewer"], e["decided_at"]) for e in kept} == {
        f: ("CI", t) for f, t in stamped.items()
    }
    plain = text.parent / "plain.json"
    for entry in kept:
        del entry["reviewer"], entry["decided_at"]
    plain.write_text(json.dumps(again), encoding="utf-8")
    record(plain, pair_key(text, pdf), load(plain, pair_key(text, pdf))[0])
    assert "reviewer" not in plain.read_text(encoding="utf-8")


def test_a_swap_over_the_bases_paragraph_break_takes_the_other_sides_paragraph() -> None:
    """Two names swapped where the base (A) breaks the sentence pair into two paragraphs
    and B has one: one `reordered` difference over A's paragraph break. Taking B's side
    gives B's words once each, and the rest of A's second paragraph goes on in the
    first, as B has it; taking A's keeps A's text as it was."""
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text

    a = (
        "Bakgrund\n\nAllmänna riktlinjer gäller.\n\n"
        "För uppdraget gäller Dataskyddsförordningen från maj 2018.\n\n"
        "Utredaren ska lämna förslag.\n"
    )
    b = (
        "Bakgrund\n\nDataskyddsförordningen riktlinjer gäller. För uppdraget gäller Allmänna "
        "från maj 2018.\n\nUtredaren ska lämna förslag.\n"
    )
    report = compare_documents(
        extract_text(Path("a.txt"), a.encode()), extract_text(Path("b.txt"), b.encode())
    )
    (swap,) = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert swap.category.value == "reordered" and swap.a_rest
    assert agreed_text(report, [], prefer="b").text == b
    assert agreed_text(report, [], prefer="a").text == a
