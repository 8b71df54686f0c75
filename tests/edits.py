"""Inject known edits into a real document's text, the way versions drift.

Three edits at fixed shares of the text (a quarter, a half, three quarters), each the
first candidate from there on, so no edit is placed by looking at the document:

- a letter: a letter taken out of the middle of a long word (`genomlysna` -> `genomlya`);
- a digit: the last digit of a number of two or more digits changed (`2014` -> `2015`);
- a word: a word of four letters or more taken out of the middle of a line.

Only lines of 40 characters or more that occur once in the text (numbers masked) are
used: body text, not running headers or table cells. From the chosen share the search
runs to the end and then from the start.

Returned with each edit is the difference the tool must report, the edited text being A
and the untouched version B: `("spelling", "genomlya", "genomlysna")`,
`("number", "2015", "2014")`, `("inserted", "", "word")`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

# Each stands between two plain words on its line (not beside a bullet, a footnote mark
# or the line's end), so what changed is that one word.
_BEFORE, _AFTER = r"(?<=[^\W\d_]{2} )", r"(?= [^\W\d_]{2})"
_LONG_WORD = re.compile(_BEFORE + r"([^\W\d_]{8,})" + _AFTER)
_NUMBER = re.compile(_BEFORE + r"(\d{2,})" + _AFTER)
_PLAIN_WORD = re.compile(_BEFORE + r"([a-zåäöéü]{4,})" + _AFTER)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Edit:
    category: str
    a: str  # the text in the original
    b: str  # the text after the edit ("" for a deleted word)
    line: int  # 1-based line of the original

    @property
    def expected(self) -> tuple[str, str, str]:
        """(category, A, B) as reported when the edited text is A and the original B."""
        if self.category == "deleted":
            return ("inserted", "", self.a)
        return (self.category, self.b, self.a)


def _candidates(
    lines: list[str], start: int, pattern: re.Pattern[str]
) -> Iterator[tuple[int, re.Match[str]]]:
    """Matches on body lines, from line `start` to the end, then from the top."""
    masked = Counter(_DIGITS.sub("#", line.strip()) for line in lines)
    for index in [*range(start, len(lines)), *range(start)]:
        line = lines[index]
        if len(line) < 40 or masked[_DIGITS.sub("#", line.strip())] > 1:
            continue
        for match in pattern.finditer(line):
            yield index, match


def inject_edits(text: str, chars_apart: int | None = None) -> tuple[str, list[Edit]]:
    """The text with three edits made, and the edits (original line numbers).

    One edit a line, two lines apart at least; or, with `chars_apart` (a web page's
    paragraph written on one source line), several on a line that far apart.
    """
    lines = text.split("\n")
    edits: list[Edit] = []
    used: dict[int, list[int]] = {}  # line: where its edits start
    plan = (
        (0.25, _LONG_WORD, "spelling"),
        (0.5, _NUMBER, "number"),
        (0.75, _PLAIN_WORD, "deleted"),
    )
    for share, pattern, category in plan:
        for index, match in _candidates(lines, int(len(lines) * share), pattern):
            # one edit a line, and not on a neighbouring line of another edit
            if chars_apart is None and any(abs(index - other) <= 2 for other in used):
                continue
            if chars_apart is not None and any(
                abs(match.start(1) - start) < chars_apart for start in used.get(index, [])
            ):
                continue
            word = match.group(1)
            if category == "spelling":
                middle = len(word) // 2
                new = word[:middle] + word[middle + 1 :]
                if word[middle] == word[middle - 1] or word[middle] == word[middle + 1]:
                    continue  # a doubled letter: which one went would be ambiguous
            elif category == "number":
                new = word[:-1] + str((int(word[-1]) + 1) % 10)
            else:
                new = ""
            line = lines[index]
            if category == "deleted":
                lines[index] = line[: match.start(1)] + line[match.end(1) + 1 :]
            else:
                lines[index] = line[: match.start(1)] + new + line[match.end(1) :]
            edits.append(Edit(category, word, new, index + 1))
            used.setdefault(index, []).append(match.start(1))
            break
    return "\n".join(lines), edits
