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
from collections.abc import Sequence
from dataclasses import dataclass

from docreconcile.model import (
    Category,
    Decision,
    Difference,
    Report,
    Severity,
    SourceFormat,
    TextRange,
)

PREFERENCES = ("a", "b", "hint")
"""What `--prefer` may settle undecided differences with."""

_PLACED_ELSEWHERE = (Category.MOVED, Category.READING_ORDER)
"""Differences of place, not of words: the agreed text keeps the base's order."""

_BLANK_LINES = re.compile(r"\n{3,}")


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


@dataclass(frozen=True)
class _Edit:
    span: TextRange
    replacement: str
    whole_paragraph: bool


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


def agreed_text(report: Report, decisions: Sequence[Decision], prefer: str | None = None) -> Agreed:
    """Build the agreed text of a compared pair from the decisions about it; `prefer`
    settles what is undecided (`hint`: each difference's dictionary hint, where it has
    one)."""
    base = base_side(report)
    paragraphs = [
        view.text for view in (report.a_paragraphs if base == "a" else report.b_paragraphs)
    ]
    by_fingerprint: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_fingerprint[decision.fingerprint].append(decision)
    edits: dict[int, list[_Edit]] = defaultdict(list)
    decided = conflicts = accepted = 0
    tail: list[str] = []
    for difference in report.differences:
        if not decidable(difference):
            continue
        found = by_fingerprint.get(difference.fingerprint)
        verdict, own = _verdict(found)
        if verdict == "accepted":
            # `accept` (a CI baseline) says a difference is known, not which side is
            # right: as undecided, lest A's words be taken silently
            verdict, accepted = None, accepted + 1
        if verdict is None and prefer == "hint":
            verdict = difference.hint
        elif verdict is None:
            verdict = prefer
        base_words = difference.a if base == "a" else difference.b
        if verdict is None:
            replacement = _conflict(difference)
            conflicts += 1
        else:
            decided += 1
            replacement = {"a": difference.a, "b": difference.b, "text": own}.get(
                verdict, base_words
            )
            if replacement == base_words:
                continue
        span = difference.a_span if base == "a" else difference.b_span
        if span is None:  # nothing of the base stands near it: it goes at the end
            tail.append(replacement)
            continue
        edits[span.paragraph].append(_Edit(span, replacement, difference.whole_paragraph))
    texts = [_edited(text, edits.get(index, [])) for index, text in enumerate(paragraphs)]
    joined = "\n\n".join(text.strip() for text in [*texts, *tail] if text.strip())
    return Agreed(_BLANK_LINES.sub("\n\n", joined) + "\n", base, decided, conflicts, accepted)


def _verdict(found: list[Decision] | None) -> tuple[str | None, str]:
    """The verdict (and own wording) of the next decision about one difference; each
    decision settles one occurrence of its difference."""
    if not found:
        return None, ""
    decision = found.pop(0)
    return decision.verdict, decision.text


def _conflict(difference: Difference) -> str:
    return f"\n<<<<<<< A\n{difference.a}\n=======\n{difference.b}\n>>>>>>> B\n"


def _edited(text: str, edits: list[_Edit]) -> str:
    """A paragraph with its edits made, last first so earlier offsets stay valid; an
    edit overlapping one already made is left out."""
    result = text
    limit = len(text) + 1
    for edit in sorted(edits, key=lambda edit: (edit.span.start, edit.span.end), reverse=True):
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
    """
    words = words.strip()
    if not words:
        if left.endswith(" ") and (right.startswith(" ") or right.startswith(_ATTACHES_LEFT)):
            left = left.rstrip(" ")
        if not left and right.startswith(" "):
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
