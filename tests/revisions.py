"""Revise a real memo the way a later version revises it: a date and a sum changed, a
sentence reworded, a clause deleted, a sentence added.

Each revision is placed by pattern, never by looking at the document, on its own body line
(40 characters or more, two lines away from any other revision), and comes with what the
tool must report with the revised text as A and the original (the memo's PDF) as B: its
category, and the words to be marked on each side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

ADDED_SENTENCE = "Beslutet gäller från och med i dag."

_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SUM = re.compile(
    r"(?<![\d-])(\d{1,3}(?: \d{3})+|\d{3,})(?= (?:kronor|kr|tkr|mnkr|miljoner|procent))"
)
_PLAIN = r"[a-zåäö]{3,}"
# words 2, 3 and 4 of a sentence of plain words: the 2nd and 4th swap places
_REWORD = re.compile(rf"(?<=[^\W\d_] )({_PLAIN}) ({_PLAIN}) ({_PLAIN})(?= [^\W\d_])")
_CLAUSE = re.compile(r"(?<=[^\W\d_]), ((?:[^\W\d_]+ ){1,6}[^\W\d_]+),(?= [^\W\d_])")
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3}\.) (?=[A-ZÅÄÖ])")


@dataclass(frozen=True)
class Revision:
    kind: str  # date, sum, reword, clause, sentence
    category: str  # what the tool must call it
    a_marked: str  # the words marked in the revised text (A)
    b_marked: str  # the words marked in the original (B)
    line: int  # 0-based line of the text


def _date(line: str) -> tuple[str, str, str, str] | None:
    match = _DATE.search(line)
    if match is None:
        return None
    day = int(match.group(3))
    new = f"{match.group(1)}-{match.group(2)}-{(day + 9) % 28 + 1:02d}"
    return line[: match.start()] + new + line[match.end() :], "number", new, match.group()


def _sum(line: str) -> tuple[str, str, str, str] | None:
    match = _SUM.search(line)
    if match is None:
        return None
    old = match.group(1)
    new = str(int(old[0]) % 9 + 1) + old[1:]  # the leading digit: 385 986 -> 485 986
    return line[: match.start(1)] + new + line[match.end(1) :], "number", new, old


REPLACEMENTS = ("tydligt", "samtliga")
"""Words a rewording puts in (none of the memos uses them)."""


def _reword(line: str) -> tuple[str, str, str, str] | None:
    """Words 2 and 4 of a run of three plain words replaced by others."""
    match = _REWORD.search(line)
    if match is None:
        return None
    first, middle, last = match.groups()
    new = f"{REPLACEMENTS[0]} {middle} {REPLACEMENTS[1]}"
    revised = line[: match.start()] + new + line[match.end() :]
    return revised, "reworded", " ".join(REPLACEMENTS), f"{first} {last}"


def _clause(line: str) -> tuple[str, str, str, str] | None:
    match = _CLAUSE.search(line)
    if match is None:
        return None
    return line[: match.start()] + line[match.end() :], "inserted", "", match.group(1)


def _sentence(line: str) -> tuple[str, str, str, str] | None:
    """A sentence added after the first sentence of a line (or after its only one)."""
    match = _SENTENCE_END.search(line)
    if match is not None:
        revised = line[: match.start()] + " " + ADDED_SENTENCE + line[match.start() :]
    elif re.search(r"[^\W\d_]{3}\.$", line):
        revised = line + " " + ADDED_SENTENCE
    else:
        return None
    return revised, "deleted", ADDED_SENTENCE, ""


PLAN: tuple[tuple[str, Callable[[str], tuple[str, str, str, str] | None]], ...] = (
    ("date", _date),
    ("sum", _sum),
    ("reword", _reword),
    ("clause", _clause),
    ("sentence", _sentence),
)


def revise(
    text: str,
    plan: tuple[tuple[str, Callable[[str], tuple[str, str, str, str] | None]], ...] = PLAN,
) -> tuple[str, list[Revision]]:
    """The text with every revision of `plan` that finds a place made once, and the
    revisions made."""
    lines = text.split("\n")
    revisions: list[Revision] = []
    for kind, make in plan:
        # body lines first; a date may also stand alone on a short line (`Datum`)
        order = sorted(range(len(lines)), key=lambda index: len(lines[index]) < 40)
        for index in order:
            line = lines[index]
            if len(line) < 40 and kind != "date":
                continue
            if any(abs(index - r.line) <= 2 for r in revisions):
                continue
            made = make(line)
            if made is None:
                continue
            lines[index], category, a_marked, b_marked = made
            revisions.append(Revision(kind, category, a_marked, b_marked, index))
            break
    return "\n".join(lines), revisions


REWRITE_WORDS = (
    "styrelsen",
    "föreslår",
    "tydligare",
    "underlaget",
    "fortsatt",
    "bedömningen",
    "särskilt",
    "samordning",
    "perioden",
    "åtgärderna",
)
"""Words a rewritten sentence takes in (none of the memos uses them)."""

NEW_PARAGRAPH = (
    "Förvaltningen har under året sett över rutinerna för att förbättra kvaliteten och "
    "för att minska kostnaderna. Arbetet fortsätter under nästa år och redovisas i "
    "samband med bokslutet."
)
"""A paragraph put where another was taken out: it shares the common words (`för att`,
`och`, `under`) with any paragraph of the memos, and nothing else."""


def _rewrite(line: str) -> tuple[str, str, str, str] | None:
    """A sentence of ten words or more rewritten: each word of four letters or more
    replaced (the short ones, `att`, `och`, `för`, kept in place)."""
    for match in re.finditer(r"(?:^|(?<=\. ))([A-ZÅÄÖ][^.]{60,}?\.)(?= |$)", line):
        sentence = match.group(1)
        words = sentence[:-1].split(" ")
        if len(words) < 10 or any(not word.isalpha() for word in words):
            continue
        long_words = [index for index, word in enumerate(words) if len(word) >= 4]
        new = list(words)
        for count, index in enumerate(long_words):
            new[index] = REWRITE_WORDS[count % len(REWRITE_WORDS)]
        new[0] = new[0].capitalize()
        rewritten = " ".join(new) + "."
        revised = line[: match.start(1)] + rewritten + line[match.end(1) :]
        return revised, "reworded", rewritten, sentence
    return None


def _replace(line: str) -> tuple[str, str, str, str] | None:
    """A whole paragraph (a body line of the memo) taken out and another put in."""
    if len(line) < 120 or not line.rstrip().endswith("."):
        return None
    return NEW_PARAGRAPH, "replaced", NEW_PARAGRAPH, line


HEAVY_PLAN: tuple[tuple[str, Callable[[str], tuple[str, str, str, str] | None]], ...] = (
    *PLAN,
    ("rewrite", _rewrite),
    ("replace", _replace),
)
"""The revisions of PLAN, and heavier ones: a sentence rewritten, a paragraph replaced."""


def revise_heavily(text: str) -> tuple[str, list[Revision]]:
    """`revise` with HEAVY_PLAN."""
    return revise(text, HEAVY_PLAN)
