"""Inject edits that only move words, the way a careless revision reorders text.

Five kinds, each placed by rule among every place in the text where it fits, the place
drawn by a seeded random generator (so many seeds test the rule, not one place):

- `swap_words`: two neighbouring plain words swapped (`att inte bevilja` -> `inte att
  bevilja`);
- `swap_numbers`: two different numbers of one sentence swapped (`mål nr 940 – 15 och 934
  – 15` -> `mål nr 934 – 15 och 940 – 15`; `den 3 maj 2016` -> `den 2016 maj 3`);
- `swap_names`: two different capitalised names inside one sentence swapped (`Åsa
  Regner` and `Ardan Shekarabi`);
- `move_word`: a plain word taken out of a sentence and put into the next one, after its
  second word;
- `swap_sentences`: two neighbouring sentences of a line swapped.

Only lines of 40 characters or more that occur once in the text (numbers masked) are
used, as in `tests/edits.py`: body text, not running headers or table cells; and only
one edit on a line, two lines apart at least.

Each edit comes with what the tool must report when the edited text is A and the
untouched version B: the severity, and the words the difference must hold on each side.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docreconcile.model import Difference, Report, Severity

KINDS = ("swap_words", "swap_numbers", "swap_names", "move_word", "swap_sentences")

# A plain word between two plain words (not beside a bullet, a mark or the line's end).
_PLAIN = r"[a-zåäöéü]{2,}"
_ADJACENT = re.compile(rf"(?<=[^\W\d_]{{2}} )({_PLAIN}) ({_PLAIN})(?= [^\W\d_]{{2}})")
_NUMBER = re.compile(r"(?<![\w,.:/-])(\d{1,4})(?![\w,.:/-]|\s\d{3}\b)")
# A name: one or two capitalised words, not the first word of a sentence.
_NAME = re.compile(
    r"(?<=[a-zåäöé,] )([A-ZÅÄÖ][a-zåäöé]{2,}(?: [A-ZÅÄÖ][a-zåäöé]{2,})?)(?= [a-zåäöé(),])"
)
_MOVABLE = re.compile(r"(?<=[a-zåäö]{2} )([a-zåäö]{4,})(?= [a-zåäö]{2})")
# A sentence ends with a full stop after a word of three letters or more (not `bl.a.`,
# `nr.`) and a space before a capital.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3}[.!?]) (?=[A-ZÅÄÖ])")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class OrderEdit:
    kind: str
    line: int  # 0-based line of the text
    edited: str  # the words as they stand after the edit
    original: str  # the same words before it

    @property
    def severities(self) -> tuple[str, ...]:
        """The severities the difference may have: words swapped or moved are substance;
        whole sentences swapped are at least a minor move."""
        if self.kind == "swap_sentences":
            return ("substantive", "minor")
        return ("substantive",)

    @property
    def words(self) -> list[str]:
        """The words both wordings hold, each of which the difference must show."""
        return re.findall(r"\w+", self.original)


def sentences(line: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence of a line.

    >>> line = "Hon kom. Han gick hem. Sedan"
    >>> [line[s:e] for s, e in sentences(line)]
    ['Hon kom.', 'Han gick hem.', 'Sedan']
    """
    bounds = [0, *(m.start() for m in _SENTENCE_END.finditer(line)), len(line)]
    spans = []
    for start, end in itertools.pairwise(bounds):
        start += 1 if start and line[start] == " " else 0
        spans.append((start, end))
    return spans


def _sentence_of(line: str, position: int) -> tuple[int, int]:
    for start, end in sentences(line):
        if start <= position < end:
            return start, end
    return 0, len(line)


_Made = tuple[str, str, str]
"""(the edited line, the edited words, the original words)."""


def _swap_words(line: str, rng: random.Random) -> _Made | None:
    found = [m for m in _ADJACENT.finditer(line) if m.group(1) != m.group(2)]
    if not found:
        return None
    match = rng.choice(found)
    first, second = match.groups()
    edited = f"{second} {first}"
    return line[: match.start()] + edited + line[match.end() :], edited, match.group()


def _swap_spans(line: str, first: re.Match[str], second: re.Match[str]) -> _Made:
    """Swap two matched pieces of a line; the words between stay."""
    a, b = first.group(1), second.group(1)
    middle = line[first.end(1) : second.start(1)]
    edited = b + middle + a
    original = line[first.start(1) : second.end(1)]
    return line[: first.start(1)] + edited + line[second.end(1) :], edited, original


def _swap_in_sentence(pattern: re.Pattern[str]) -> Callable[[str, random.Random], _Made | None]:
    def swap(line: str, rng: random.Random) -> _Made | None:
        found = list(pattern.finditer(line))
        pairs = [
            (first, second)
            for index, first in enumerate(found)
            for second in found[index + 1 :]
            if first.group(1) != second.group(1)
            and _sentence_of(line, first.start(1)) == _sentence_of(line, second.start(1))
            and second.start(1) - first.end(1) <= 120
        ]
        if not pairs:
            return None
        return _swap_spans(line, *rng.choice(pairs))

    return swap


def _move_word(line: str, rng: random.Random) -> _Made | None:
    spans = sentences(line)
    options = []
    for (start, end), (next_start, next_end) in itertools.pairwise(spans):
        following = line[next_start:next_end].split(" ")
        if len(following) < 4:
            continue
        for match in _MOVABLE.finditer(line, start, end):
            if match.group(1) not in line[next_start:next_end].split(" "):
                options.append((match, next_start + len(" ".join(following[:2]))))
    if not options:
        return None
    match, at = rng.choice(options)
    word = match.group(1)
    # out of its sentence (with the space before it), then in after the next one's
    # second word
    without = line[: match.start() - 1] + line[match.end() :]
    at_then = at - len(word) - 1
    edited_line = without[:at_then] + " " + word + without[at_then:]
    edited = edited_line[match.start() : at_then + 1 + len(word)]
    return edited_line, edited, line[match.start() : at]


def _swap_sentences(line: str, rng: random.Random) -> _Made | None:
    spans = sentences(line)
    options = [
        (first, second)
        for first, second in itertools.pairwise(spans)
        if len(line[first[0] : first[1]].split()) >= 4
        and len(line[second[0] : second[1]].split()) >= 4
        and line[second[0] : second[1]].rstrip().endswith((".", "!", "?"))
        and line[first[0] : first[1]] != line[second[0] : second[1]]
    ]
    if not options:
        return None
    (start, first_end), (second_start, end) = rng.choice(options)
    edited = line[second_start:end] + " " + line[start:first_end]
    return line[:start] + edited + line[end:], edited, line[start:end]


MAKERS: dict[str, Callable[[str, random.Random], _Made | None]] = {
    "swap_words": _swap_words,
    "swap_numbers": _swap_in_sentence(_NUMBER),
    "swap_names": _swap_in_sentence(_NAME),
    "move_word": _move_word,
    "swap_sentences": _swap_sentences,
}


def _body_lines(lines: list[str]) -> Iterator[int]:
    """Lines of 40 characters or more that occur once (numbers masked)."""
    masked = Counter(_DIGITS.sub("#", line.strip()) for line in lines)
    for index, line in enumerate(lines):
        if len(line) >= 40 and masked[_DIGITS.sub("#", line.strip())] == 1:
            yield index


def inject_order_edits(
    text: str, seed: int, kinds: tuple[str, ...] = KINDS
) -> tuple[str, list[OrderEdit]]:
    """The text with one edit of each kind that finds a place, and the edits made."""
    rng = random.Random(seed)
    lines = text.split("\n")
    body = list(_body_lines(lines))
    edits: list[OrderEdit] = []
    for kind in kinds:
        candidates = [index for index in body if MAKERS[kind](lines[index], random.Random(0))]
        candidates = [i for i in candidates if all(abs(i - e.line) > 2 for e in edits)]
        if not candidates:
            continue
        index = rng.choice(candidates)
        made = MAKERS[kind](lines[index], rng)
        assert made is not None
        lines[index], edited, original = made
        edits.append(OrderEdit(kind, index, edited, original))
    return "\n".join(lines), edits


@dataclass(frozen=True)
class Outcome:
    """How the tool reported one edit: `found` the new differences at its line, `exact`
    whether that is one difference of an expected severity holding the edit's words."""

    edit: OrderEdit
    found: tuple[tuple[str, str, str, str], ...]  # (severity, category, a, b)

    @property
    def reported(self) -> bool:
        return any(severity in self.edit.severities for severity, *_ in self.found)

    @property
    def exact(self) -> bool:
        return len(self.found) == 1 and self.reported


def _key(difference: Difference) -> tuple[str, str, str]:
    return (difference.category.value, difference.a, difference.b)


def judge(
    before: Report, after: Report, edits: list[OrderEdit], text_side: str = "a"
) -> tuple[list[Outcome], list[tuple[str, str, str, str]]]:
    """Each edit's outcome, and the new differences no edit explains.

    New differences are those of `after` (the edited pair) not in `before` (the
    unedited one), layout left out. A difference belongs to an edit when it starts on the
    edit's line of the text side, or the line before (`text_side`: the edited text, or the
    original one against a PDF set from the edited text; an edit keeps every line where
    it was; edits stand three lines apart at least)."""
    old = Counter(_key(d) for d in before.differences if d.severity is not Severity.LAYOUT)
    new: list[Difference] = []
    for difference in after.differences:
        if difference.severity is Severity.LAYOUT:
            continue
        key = _key(difference)
        if old[key]:
            old[key] -= 1
            continue
        new.append(difference)
    by_line: dict[int, list[Difference]] = {}
    for difference in new:
        location = difference.a_location if text_side == "a" else difference.b_location
        if location is not None:
            by_line.setdefault(location.line - 1, []).append(difference)
    outcomes = []
    claimed: set[int] = set()
    for edit in edits:
        # where a line-wrapped text's edit is one difference with words before it (a raised
        # `¹⁄4` against `1⁄4` on the line above), the difference starts a line earlier
        at = by_line.get(edit.line, []) + by_line.get(edit.line - 1, [])
        claimed.update(id(d) for d in at)
        outcomes.append(
            Outcome(edit, tuple((d.severity.value, d.category.value, d.a, d.b) for d in at))
        )
    rest = [(d.severity.value, d.category.value, d.a, d.b) for d in new if id(d) not in claimed]
    return outcomes, rest
