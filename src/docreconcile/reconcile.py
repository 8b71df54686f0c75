"""Reconcile: the one agreed text of a document, from the decisions about its differences.

The agreed text is the text version's clean paragraphs (A's, unless only B is a text
file), with each substantive or minor difference replaced as it was decided: `a` or `b`
takes that side's words, `text` an own wording, `both` keeps the base's; `accepted`
(what `accept` records for a CI baseline) says nothing of which side is right and counts
as undecided. Layout
differences take the base's form (its line breaks, its quotes where they only differ in
layout), and text read in another order or moved keeps the base's order: a decision
chooses words, not places.

An undecided difference becomes a conflict block, the way git marks one: on lines of
their own, `<<<<<<< A`, A's words, `=======`, B's words and `>>>>>>> B` (the text around
them runs on before and after), unless `prefer` settles it (`a` or `b`: that side;
`hint`: the side the dictionary hint favours, where it has one). Comparing the agreed
text with either input shows exactly the decisions that went the other way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from docreconcile.errors import DocReconcileError
from docreconcile.i18n import _
from docreconcile.model import (
    Category,
    Decision,
    Difference,
    ParagraphView,
    Report,
    Severity,
    SourceFormat,
    TextRange,
)
from docreconcile.redline import TOOL, Piece, Tracked, word_date

PREFERENCES = ("a", "b", "hint")
"""What `--prefer` may settle undecided differences with."""

_PLACED_ELSEWHERE = (Category.MOVED, Category.READING_ORDER)
"""Differences of place, not of words: the agreed text keeps the base's order."""

_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_EDGE_SPACES = re.compile(r" *\n *")

_TOKENS = re.compile(r"\w+|[^\w\s]")
"""The words and marks the verification compares: a word glued to the next one, or cut
in two, is another token."""


class UnverifiedText(DocReconcileError):
    """The agreed text does not say what the decisions say: it is not written."""


@dataclass(frozen=True)
class Agreed:
    """The agreed text, and what went into it."""

    text: str
    base: str
    """The side whose paragraphs the text is built on: `a` or `b`."""
    decided: int
    """Differences settled by a decision (or by `prefer`)."""
    conflicts: int
    """Differences left undecided, marked as conflict blocks."""
    accepted: int = 0
    """Differences only `accepted` (a baseline's word: known, not which side is right),
    settled by `prefer` or left as conflicts like undecided ones."""
    outcomes: tuple[Outcome, ...] = ()
    """How each difference to decide was settled, in report order (for `--log`)."""
    tracked: tuple[tuple[Piece, ...], ...] = ()
    """The same text as paragraphs of the base's text and tracked changes (each decision
    that changed the base's words, by its reviewer): for a Word file (`redline.docx`)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one difference in the agreed text."""

    difference: Difference
    verdict: str | None
    """`a`, `b`, `text` or `both`; None: left a conflict."""
    wording: str
    """The words the agreed text has in its place (the conflict block's two sides aside)."""
    decision: Decision | None
    """The decision that settled it; None where `prefer` did, or nothing did."""


@dataclass(frozen=True)
class _Edit:
    span: TextRange
    replacement: str
    whole_paragraph: bool
    author: str = TOOL
    date: str = ""


def base_side(report: Report) -> str:
    """The side the agreed text is built on: the text version (A when both are text)."""
    if report.a.format is not SourceFormat.PDF or report.b.format is SourceFormat.PDF:
        return "a"
    return "b"


def decidable(difference: Difference) -> bool:
    """Whether a difference is a matter of words, to be decided (not layout, not place)."""
    return difference.severity is not Severity.LAYOUT and difference.category not in (
        _PLACED_ELSEWHERE
    )


def agreed_text(
    report: Report,
    decisions: Sequence[Decision],
    prefer: str | None = None,
    now: str = "",
) -> Agreed:
    """Build the agreed text of a compared pair from the decisions about it; `prefer`
    settles what is undecided (`hint`: each difference's dictionary hint, where it has
    one). `now` (ISO 8601) dates the changes `prefer` settled, in the tracked form."""
    base = base_side(report)
    views = report.a_paragraphs if base == "a" else report.b_paragraphs
    paragraphs = [_with_line_breaks(view) for view in views]
    by_fingerprint: dict[str, list[Decision]] = defaultdict(list)
    for entry in decisions:
        by_fingerprint[entry.fingerprint].append(entry)
    edits: dict[int, list[_Edit]] = defaultdict(list)
    run_on: set[int] = set()  # paragraphs an edit over a paragraph break joins to the one before
    decided = conflicts = accepted = 0
    tail: list[str] = []
    outcomes: list[Outcome] = []
    for difference in report.differences:
        if not decidable(difference):
            continue
        decision, verdict, known = _verdict(
            _next_decision(by_fingerprint.get(difference.fingerprint)), difference, prefer
        )
        accepted += known
        base_words = difference.a if base == "a" else difference.b
        if verdict is None:
            replacement = _conflict(difference)
            conflicts += 1
            outcomes.append(Outcome(difference, None, "", None))
        else:
            decided += 1
            own = decision.text if decision is not None else ""
            replacement = {"a": difference.a, "b": difference.b, "text": own}.get(
                verdict, base_words
            )
            outcomes.append(Outcome(difference, verdict, replacement, decision))
            if replacement == base_words:
                continue
        span = difference.a_span if base == "a" else difference.b_span
        if span is None:  # nothing of the base stands near it: it goes at the end
            tail.append(replacement)
            continue
        author, date = _author(decision, verdict, prefer, now)
        edits[span.paragraph].append(
            _Edit(span, replacement, difference.whole_paragraph, author, word_date(date))
        )
        # where the base's words run on into the next paragraphs (a swap over a heading,
        # a change over a paragraph break), those parts go too: the replacement has them,
        # and what follows them goes on in the replacement's paragraph, as the other
        # side has it
        for part in difference.a_rest if base == "a" else difference.b_rest:
            edits[part.paragraph].append(_Edit(part, "", False, author, word_date(date)))
            run_on.add(part.paragraph)
    text = _joined(views, paragraphs, edits, run_on, tail)
    _verify(text, paragraphs, edits, tail)
    tracked = _tracked(paragraphs, edits, [_Edit(_AT_END, words, True) for words in tail])
    return Agreed(text, base, decided, conflicts, accepted, tuple(outcomes), tracked)


def _verdict(
    decision: Decision | None, difference: Difference, prefer: str | None
) -> tuple[Decision | None, str | None, bool]:
    """The decision that settles a difference (None where `prefer` or nobody does), its
    verdict, and whether it was only accepted: `accept` (a CI baseline) says a difference
    is known, not which side is right, so it counts as undecided, lest A's words be taken
    silently."""
    verdict = decision.verdict if decision is not None else None
    known = verdict == "accepted"
    if verdict is None or known:
        return None, difference.hint if prefer == "hint" else prefer, known
    return decision, verdict, False


def _author(
    decision: Decision | None, verdict: str | None, prefer: str | None, now: str
) -> tuple[str, str]:
    """Who made a change of the agreed text, and when: the reviewer who decided it, or
    the tool (with the `--prefer` that settled it) now."""
    if decision is not None:
        return decision.reviewer or TOOL, decision.decided_at
    return (f"{TOOL} (--prefer {prefer})" if verdict is not None else TOOL), now


def _joined(
    views: Sequence[ParagraphView],
    paragraphs: list[str],
    edits: Mapping[int, list[_Edit]],
    run_on: set[int],
    tail: list[str],
) -> str:
    """The agreed text: each paragraph edited, after a blank line (on the next line where
    the base had it so, on the same line where an edit ran it on), then what stands
    nowhere in the base."""
    pieces: list[str] = []
    for index, view in enumerate(views):
        text = _edited(paragraphs[index], edits.get(index, [])).strip()
        if text:
            pieces += [" " if index in run_on else "\n" if view.tight else "\n\n", text]
    for words in tail:
        pieces += ["\n\n", words.strip()]
    joined = "".join(pieces[1:])
    return _BLANK_LINES.sub("\n\n", _LINE_EDGE_SPACES.sub("\n", joined)) + "\n"


def redline(report: Report, author: str = TOOL, now: str = "") -> tuple[tuple[Piece, ...], ...]:
    """A's paragraphs with every difference of words to B as a tracked change by
    `author` (B's name), dated `now`: accepting all of them gives B's words, rejecting
    all A's. Differences of place and of layout are no change of words."""
    paragraphs = [_with_line_breaks(view) for view in report.a_paragraphs]
    edits: dict[int, list[_Edit]] = defaultdict(list)
    tail: list[_Edit] = []
    date = word_date(now)
    for difference in report.differences:
        if not decidable(difference) or difference.a == difference.b:
            continue
        edit = _Edit(
            difference.a_span or _AT_END,
            difference.b,
            difference.whole_paragraph,
            author,
            date,
        )
        if difference.a_span is None:
            tail.append(edit)
        else:
            edits[difference.a_span.paragraph].append(edit)
            for part in difference.a_rest:  # A's words that run on past the paragraph
                edits[part.paragraph].append(_Edit(part, "", False, author, date))
    return _tracked(paragraphs, edits, tail)


_AT_END = TextRange(paragraph=-1, start=0, end=0)
"""Where a change with no place in the base goes: a paragraph of its own at the end."""


def _tracked(
    paragraphs: list[str], edits: dict[int, list[_Edit]], tail: list[_Edit]
) -> tuple[tuple[Piece, ...], ...]:
    """The base's paragraphs with their edits as tracked changes (see `tracked_edits`),
    a whole paragraph put in as an inserted paragraph of its own."""
    result: list[tuple[Piece, ...]] = []
    for index, paragraph in enumerate(paragraphs):
        current: list[Piece] = []
        for piece in tracked_edits(paragraph, edits.get(index, [])):
            if isinstance(piece, Tracked) and piece.inserted.startswith("\n\n"):
                result.append(tuple(current))
                result.append((replace(piece, inserted=piece.inserted.strip()),))
                current = []
            else:
                current.append(piece)
        result.append(tuple(current))
    result += [(Tracked("", edit.replacement.strip(), edit.author, edit.date),) for edit in tail]
    return tuple(paragraph for paragraph in result if any(paragraph))


def tracked_edits(text: str, edits: Sequence[_Edit]) -> list[Piece]:
    """A paragraph with its edits as tracked changes: what an edit takes out (with the
    spaces the splice drops) and what it puts in (with the spaces it adds), the rest as
    text. Accepting all gives `_edited(text, edits)`; rejecting all gives `text`.

    >>> span = TextRange(paragraph=0, start=12, end=19)
    >>> pieces = tracked_edits("att inte få bevilja ansökan", [_Edit(span, "", False)])
    >>> pieces[0], pieces[1].deleted, pieces[2]
    ('att inte få ', 'bevilja ', 'ansökan')
    >>> accepted_text(pieces), rejected_text(pieces)
    ('att inte få ansökan', 'att inte få bevilja ansökan')
    """
    pieces: list[Piece] = []
    position = 0
    for edit in _by_place(list(edits)):
        start, end = edit.span.start, edit.span.end
        if start < position:
            continue  # overlapping one made already: left out, as `_edited` does
        left, right = text[position:start], text[end:]
        if edit.whole_paragraph and start == end and edit.replacement.strip():
            words = f"\n\n{edit.replacement.strip()}"
            kept_left, inserted, taken_right = left, words, 0
        elif "\n" in edit.replacement:  # a conflict block, on lines of its own: text
            pieces += [left, edit.replacement]
            position = end
            continue
        else:
            spliced = _spliced(left, edit.replacement, right)
            kept_left = _common_prefix(left, spliced)
            tail_length = _common_suffix_length(right, spliced[len(kept_left) :])
            inserted = spliced[len(kept_left) : len(spliced) - tail_length]
            taken_right = len(right) - tail_length
        deleted = left[len(kept_left) :] + text[start:end] + right[:taken_right]
        if kept_left:
            pieces.append(kept_left)
        if deleted or inserted:
            pieces.append(Tracked(deleted, inserted, edit.author, edit.date))
        position = end + taken_right
    if text[position:]:
        pieces.append(text[position:])
    return _merged_text(pieces)


def _common_prefix(left: str, spliced: str) -> str:
    """The part of `left` the splice kept as it was."""
    length = 0
    while length < min(len(left), len(spliced)) and left[length] == spliced[length]:
        length += 1
    return left[:length]


def _common_suffix_length(right: str, rest: str) -> int:
    """How much of `right`'s end the splice kept as it was (not more than `rest` holds)."""
    length = 0
    while length < min(len(right), len(rest)) and right[-1 - length] == rest[-1 - length]:
        length += 1
    return length


def _merged_text(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring text pieces as one."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece != "":
            merged.append(piece)
    return merged


def accepted_text(paragraph: Sequence[Piece]) -> str:
    """A tracked paragraph with every change accepted."""
    return "".join(p if isinstance(p, str) else p.inserted for p in paragraph)


def rejected_text(paragraph: Sequence[Piece]) -> str:
    """A tracked paragraph with every change rejected."""
    return "".join(p if isinstance(p, str) else p.deleted for p in paragraph)


def _with_line_breaks(view: ParagraphView) -> str:
    """A paragraph's text with the lines its author broke (`breaks`) on lines again.

    >>> from docreconcile.model import Location
    >>> _with_line_breaks(ParagraphView("Skickas till: Motionärerna", Location(1), (13,)))
    'Skickas till:\\nMotionärerna'
    """
    characters = list(view.text)
    for offset in view.breaks:
        if 0 <= offset < len(characters) and characters[offset] == " ":
            characters[offset] = "\n"
    return "".join(characters)


def _verify(
    text: str, paragraphs: list[str], edits: dict[int, list[_Edit]], tail: list[str]
) -> None:
    """Refuse an agreed text that is not, word for word, the base with every edit made.

    The expected words are counted apart from the splicing: each unchanged stretch of
    the base and each replacement tokenised on its own, so a glued word, a word cut in
    two, a dropped or doubled edit is a mismatch. The spacing must be normal too: no two
    spaces, no space at the edge of a line.
    """
    expected: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        position = 0
        for edit in _by_place(edits.get(index, [])):
            if edit.span.start < position:
                raise UnverifiedText(
                    _(
                        "two decided differences overlap in paragraph {number} of the base "
                        "text, so the agreed text cannot take both: nothing written; decide "
                        "one of them the base's way, or report this with both files"
                    ).format(number=index + 1)
                )
            expected += _TOKENS.findall(paragraph[position : edit.span.start])
            expected += _TOKENS.findall(edit.replacement)
            position = edit.span.end
        expected += _TOKENS.findall(paragraph[position:])
    for words in tail:
        expected += _TOKENS.findall(words)
    found = _TOKENS.findall(text)
    if found != expected:
        at = next(
            (i for i, pair in enumerate(zip(found, expected, strict=False)) if len(set(pair)) > 1),
            min(len(found), len(expected)),
        )
        near = " ".join(found[max(0, at - 3) : at + 3])
        raise UnverifiedText(
            _(
                "the agreed text would not match the decisions word for word (near “{near}”): "
                "nothing written; report this with both files and the decisions file"
            ).format(near=near)
        )
    if "  " in text or re.search(r"^ | $", text, re.MULTILINE):
        raise UnverifiedText(
            _(
                "the agreed text would have a double space or a space at the edge of a line: "
                "nothing written; report this with both files and the decisions file"
            )
        )


def _next_decision(found: list[Decision] | None) -> Decision | None:
    """The next decision about one difference; each decision settles one occurrence of
    its difference."""
    return found.pop(0) if found else None


def _conflict(difference: Difference) -> str:
    return f"\n<<<<<<< A\n{difference.a}\n=======\n{difference.b}\n>>>>>>> B\n"


def _by_place(edits: list[_Edit]) -> list[_Edit]:
    """Edits in the order of their places (an insertion before a replacement at one
    place); edits at the same place keep the order they were decided in."""
    return sorted(edits, key=lambda edit: (edit.span.start, edit.span.end))


def _edited(text: str, edits: list[_Edit]) -> str:
    """A paragraph with its edits made, last first so earlier offsets stay valid; an
    edit overlapping one already made is left out."""
    result = text
    limit = len(text) + 1
    # last first; of two at one place the later one first, so they stand in their order
    for edit in reversed(_by_place(edits)):
        start, end = edit.span.start, edit.span.end
        if end > limit:
            continue
        replacement = edit.replacement
        if edit.whole_paragraph and start == end and replacement.strip():
            replacement = f"\n\n{replacement}\n\n"  # a paragraph of its own
            result = result[:start] + replacement + result[end:]
        elif "\n" in replacement:  # a conflict block, on lines of its own
            result = result[:start] + replacement + result[end:]
        else:
            result = _spliced(result[:start], replacement, result[end:])
        limit = start
    return result


_ATTACHES_LEFT = tuple(",.;:!?)]}”’»%")
"""What stands right after a word, with no space: closing marks and punctuation."""

_ATTACHES_RIGHT = tuple("([{“‘«")
"""What stands right before a word, with no space: opening marks."""


def _spliced(left: str, words: str, right: str) -> str:
    """`words` put between `left` and `right` with the spacing of the words around them:
    a space on each side where a word meets a word, none before a comma or after an
    opening bracket, and no two spaces where `words` is empty (a word taken out).

    >>> _spliced("att bevilja ", "hela", "bidraget i år.")
    'att bevilja hela bidraget i år.'
    >>> _spliced("att bevilja ", "", " bidraget.")
    'att bevilja bidraget.'
    >>> _spliced("i sin", "egen", " nuvarande form")
    'i sin egen nuvarande form'
    >>> _spliced("bidraget ", "", ", i år")
    'bidraget, i år'
    >>> _spliced("skickas till:\\n", "", " Motionärerna")
    'skickas till:\\nMotionärerna'
    """
    words = words.strip()
    if not words:
        if left[-1:].isspace() and right.startswith(_ATTACHES_LEFT):
            left = left.rstrip()
        elif left.endswith(" ") and right[:1].isspace():
            left = left.rstrip(" ")
        if (not left or left.endswith("\n")) and right.startswith(" "):
            right = right.lstrip(" ")
        meet = bool(left and right) and not left[-1].isspace() and not right[0].isspace()
        if meet and not right.startswith(_ATTACHES_LEFT) and not left.endswith(_ATTACHES_RIGHT):
            return left + " " + right  # two words the taken-out ones stood between
        return left + right
    after_word = bool(left) and not left[-1].isspace() and not left.endswith(_ATTACHES_RIGHT)
    if after_word and not words.startswith(_ATTACHES_LEFT):
        left += " "
    if right and not right[0].isspace() and not right.startswith(_ATTACHES_LEFT):
        if not words.endswith(_ATTACHES_RIGHT):
            right = " " + right
    elif right.startswith(" ") and words.startswith(_ATTACHES_LEFT) and left.endswith(" "):
        left = left.rstrip(" ")
    return left + words + right


def decision_log(agreed: Agreed, pair: str, written_at: str, prefer: str | None = None) -> str:
    """A short Markdown record of how each difference was settled, for the case file:
    who decided what, when and why, and what `--prefer` or nobody settled.

    One table row per difference (its place in both inputs, both sides' words, the
    verdict, the words the agreed text has, who, when, the comment), under a line that
    says when the agreed text was made and what is left.
    """
    made = _(
        "Agreed text made {when} on {side}'s paragraphs: {decided} decided, {conflicts} left "
        "as conflicts"
    ).format(
        when=written_at,
        side="A" if agreed.base == "a" else "B",
        decided=agreed.decided,
        conflicts=agreed.conflicts,
    )
    if prefer:
        made += _(", undecided ones settled by --prefer {prefer}").format(prefer=prefer)
    heads = [
        "#",
        _("where (A / B)"),
        "A",
        "B",
        _("verdict"),
        _("agreed text has"),
        _("who"),
        _("when"),
        _("comment"),
    ]
    lines = [
        _("# Decisions: {pair}").format(pair=_cell(pair)),
        "",
        made + ".",
        "",
        "| " + " | ".join(heads) + " |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, outcome in enumerate(agreed.outcomes, start=1):
        cells = [str(number), *_log_cells(outcome, prefer)]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _log_cells(outcome: Outcome, prefer: str | None) -> list[str]:
    """A decision log row's cells after its number: where, both sides' words, the
    verdict, the words the agreed text has, who, when, the comment."""
    difference, decision = outcome.difference, outcome.decision
    where = " / ".join(
        location.describe() if location is not None else "—"
        for location in (difference.a_location, difference.b_location)
    )
    if outcome.verdict is None:
        verdict, wording = _("undecided (conflict block)"), ""
    elif decision is None:
        verdict, wording = f"{outcome.verdict} (--prefer {prefer})", outcome.wording
    else:
        verdict, wording = outcome.verdict, outcome.wording
    return [
        where,
        difference.a,
        difference.b,
        verdict,
        wording,
        decision.reviewer if decision is not None else "",
        decision.decided_at if decision is not None else "",
        decision.comment if decision is not None else "",
    ]


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: one line, pipes escaped, empty shown as —.

    >>> _cell("a | b\\nc"), _cell("")
    ('a \\\\| b c', '—')
    """
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat or "—"
