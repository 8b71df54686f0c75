"""What normalisation took out of a document (its running headers and footers, page
numbers and footnote marks), kept to explain the other version's text with: the other
side may keep a header inline, a page number mid-page, a footnote mark as a plain
number, or a header with one word changed. This room decides whether such text is page
furniture; `classify` asks it, difference by difference."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from docreconcile.model import Category, LayoutEvent, Location

_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


class Removed:
    """What each side's normalisation removed as layout, to explain the other side's text.

    Another extractor (or a text copied from a PDF without its page breaks) keeps what
    we removed inline: a running header between two paragraphs, a page number, a raised
    footnote number at the foot of the page written as `18 mg/m3` against `¹⁸ mg/m³`.
    Numbers are used up once each; furniture text may explain any number of runs.
    """

    def __init__(self, a: Sequence[LayoutEvent], b: Sequence[LayoutEvent]) -> None:
        self.numbers: dict[str, Counter[tuple[Category, str]]] = {}
        self.furniture: dict[str, str] = {}
        self.furniture_ends: dict[str, set[tuple[str, ...]]] = {}
        for side, events in (("a", a), ("b", b)):
            self.numbers[side] = Counter(
                (event.category, _number_of(event.category, event.text))
                for event in events
                if event.category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER)
            )
            self.furniture[side] = "\n".join(
                " ".join(event.text.split())
                for event in events
                if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER)
            )
            self.furniture_ends[side] = _line_ends(
                event.text
                for event in events
                if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER)
            )
        self.headers = {
            side: FurnitureLines(e for e in events if e.category is Category.HEADER_FOOTER)
            for side, events in (("a", a), ("b", b))
        }

    def take_number(self, side: str, category: Category, number: str) -> bool:
        """Use up a removed footnote mark or page number `number` of `side`, if one is left."""
        key = (category, number)
        if self.numbers[side][key] <= 0:
            return False
        self.numbers[side][key] -= 1
        return True

    def take_numbers(self, side: str, numbers: list[str]) -> Category | None:
        """Use up removed marks or page numbers for every one of `numbers`, or for none.

        A pasted text runs the foot of one page and the head of the next together: page
        number 5, then 6 (`5 6`), or a page's footnote numbers (`7 8 9`). What they are
        is the category most of them were removed as.
        """
        wanted = Counter(numbers)
        taken: Counter[tuple[Category, str]] = Counter()
        for number, count in wanted.items():
            for category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER):
                key = (category, number)
                share = min(count, self.numbers[side][key] - taken[key])
                taken[key] += share
                count -= share
            if count:
                return None
        self.numbers[side] -= taken
        kinds = Counter({category: n for (category, _), n in taken.items()})
        return kinds.most_common(1)[0][0]

    def header_in_broken_word(self, a: str, b: str) -> bool:
        """Whether one side reads as the other with a running header the other removed
        between the halves of a word broken at a line end.

        A text copied from a PDF runs the title in the page's outer margin into the
        body's first line, after a word broken there: `betydelse- Prop. 2012/13:144
        fulla` against `betydelsefulla`. Only the header and the break are between them.
        """
        for text, other, side in ((a, b, "b"), (b, a, "a")):
            words, target = text.split(), other.split()
            # `word- header words half` becomes `wordhalf`: the words dropped are fixed
            # by the lengths, and the rest must be the other's words before and after
            dropped = len(words) - len(target)
            if dropped < 2:
                continue
            before = _common_prefix(words, target)
            after = _common_prefix(words[::-1], target[::-1])
            for start in range(min(before, len(target) - 1) + 1):
                end = start + dropped
                word = words[start]
                if (
                    len(words) - end - 1 <= after
                    and _BROKEN_WORD.search(word)
                    and target[start] == word[:-1] + words[end]
                    and self.in_furniture(side, " ".join(words[start + 1 : end]))
                ):
                    return True
        return False

    def in_furniture(self, side: str, text: str) -> bool:
        """Whether `text` (with a real word in it) stands in `side`'s removed furniture."""
        if not any(len(word) >= 3 for word in _NOT_WORD.split(text)):
            return False
        if " ".join(text.split()) in self.furniture[side]:
            return True
        return _covered_by_line_ends(_masked_words(text), self.furniture_ends[side])


def _common_prefix(first: Sequence[str], second: Sequence[str]) -> int:
    """How many items two sequences share from their start.

    >>> _common_prefix(["a", "b", "c"], ["a", "b", "x", "c"])
    2
    """
    shared = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared += 1
    return shared


FURNITURE_LINE_WORDS = 40
"""The longest header or footer line, in words, whose beginnings and ends are indexed."""

_DIGIT_RUN = re.compile(r"\d+")


def _masked_words(text: str) -> tuple[str, ...]:
    """The words of a line with every number written 0 (page 9's footer is page 10's)
    and no punctuation at their ends (the diff may leave a footer's full stop apart).

    >>> _masked_words("December 1998  Page 9"), _masked_words("MUST be removed.")
    (('December', '0', 'Page', '0'), ('MUST', 'be', 'removed'))
    """
    words = (_DIGIT_RUN.sub("0", word).strip(_END_PUNCTUATION) for word in text.split())
    return tuple(word for word in words if word)


_END_PUNCTUATION = ".,;:!?()[]\"'’”"


def _line_ends(lines: Iterable[str]) -> set[tuple[str, ...]]:
    """Every beginning and every end (in whole words, numbers masked) of these lines and
    of each of their cells (the parts a wide gap sets apart, written with a tab).

    Another extractor may read a line's cells as lines of their own and put them apart:
    poppler prints the Federal Register's margin line `VerDate …⇥PO 00000⇥Frm 00004⇥…`
    in pieces, one of them between the page's columns.

    >>> len(_line_ends(["Sida 1 av 2", "Sida 2 av 2"]))  # one masked line: 4 + 4 - 1 whole
    7
    >>> ("Frm", "0") in _line_ends(["VerDate 2014\\tPO 00000\\tFrm 00004\\tFmt 4702"])
    True
    """
    ends: set[tuple[str, ...]] = set()
    units = {unit for line in lines for unit in (line, *line.split("\t"))}
    for words in {_masked_words(unit)[:FURNITURE_LINE_WORDS] for unit in units}:
        for cut in range(1, len(words) + 1):
            ends.add(words[:cut])
            ends.add(words[-cut:])
    return ends


def _covered_by_line_ends(words: tuple[str, ...], ends: set[tuple[str, ...]]) -> bool:
    """Whether `words` are furniture lines run together, each cut only at the run's ends.

    A text pasted from a PDF and reflowed glues a page's footer and the next page's
    header into the sentence that crosses the break, and the diff may cut them where
    the neighbouring words happen to match:
    `Copyright Office Summary December 1998 Page 9 The Digital Millennium Copyright Act`
    is the footer lines and a header's beginning. A single word is never enough (a word
    of the body that the header also uses is no evidence): at least two are needed.
    """
    if len(words) < 2:
        return False
    reachable = [True] + [False] * len(words)
    for start in range(len(words)):
        if not reachable[start]:
            continue
        for end in range(start + 1, min(len(words), start + FURNITURE_LINE_WORDS) + 1):
            if words[start:end] in ends:
                reachable[end] = True
    return reachable[-1]


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _number_of(category: Category, text: str) -> str:
    """The number a removed footnote mark or page number stands for: a page number by
    its first number, whatever its form (`-23-`, `Sida 2 (5)`, `Page 2 of 48` are 23, 2, 2).

    >>> _number_of(Category.PAGE_NUMBER, "- 23 -"), _number_of(Category.FOOTNOTE_MARK, "¹²")
    ('23', '12')
    """
    plain = _plain_digits(text).strip()
    if category is Category.PAGE_NUMBER:
        first = _DIGIT_RUN.search(plain)
        return first.group() if first else plain
    return plain


def _plain_digits(text: str) -> str:
    return text.translate(_SUPERSCRIPT_DIGITS)


class FurnitureLines:
    """One side's removed running headers and footers, by shape (numbers masked), to find
    the line another text is with one word changed.

    A word changed in a running header is a real difference (`Copyight` on one page); a
    page counter that differs is not. A number counts as changed only where the lines of
    its shape hold one value on two pages or more (a year, a case number), never where
    they count (`Page 4`, `Page 5`)."""

    def __init__(self, events: Iterable[LayoutEvent]) -> None:
        self.by_shape: dict[tuple[str, ...], list[tuple[tuple[str, ...], LayoutEvent]]] = (
            defaultdict(list)
        )
        self.by_length: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for event in events:
            words = _furniture_words(event.text)
            shape = _masked_words(" ".join(words))
            if not self.by_shape[shape]:
                self.by_length[len(shape)].append(shape)
            self.by_shape[shape].append((words, event))

    def changed_word(self, words: tuple[str, ...]) -> tuple[int, str, LayoutEvent] | None:
        """Where `words` differ from one of these lines in exactly one word that is no
        page counter: (that word's index, the line's word there, the line's event); None
        when some line has them all, or none is one word apart.

        >>> event = LayoutEvent(Category.HEADER_FOOTER, "The Act of 1998", Location(1), "")
        >>> from dataclasses import replace
        >>> lines = FurnitureLines([event, replace(event, location=Location(9))])
        >>> lines.changed_word(("The", "Acts", "of", "1998"))[:2]
        (1, 'Act')
        >>> lines.changed_word(("The", "Act", "of", "1999"))[:2]
        (3, '1998')
        >>> lines.changed_word(("The", "Act", "of", "1998")) is None
        True
        """
        if len(words) < CHANGED_LINE_WORDS:
            return None
        shape = _masked_words(" ".join(words))
        if shape in self.by_shape:
            return self._changed_number(words, shape)
        for other in self.by_length.get(len(shape), ()):
            apart = [i for i, (x, y) in enumerate(zip(shape, other, strict=True)) if x != y]
            if len(apart) != 1 or not _WORD_LETTERS.search(words[apart[0]]):
                continue
            line, event = self.by_shape[other][0]
            if all(words[i] == line[i] for i in range(len(words)) if i != apart[0]):
                return (apart[0], line[apart[0]], event)
        return None

    def nearest(self, event: LayoutEvent, place: Location) -> LayoutEvent:
        """The line of `event`'s shape that stands nearest `place` (the same header on
        the page where the other side's text is)."""
        shape = _masked_words(" ".join(_furniture_words(event.text)))
        return min(
            (line_event for _, line_event in self.by_shape[shape]),
            key=lambda line_event: (
                abs((line_event.location.page or 0) - (place.page or 0)),
                abs(line_event.location.line - place.line),
            ),
        )

    def _changed_number(
        self, words: tuple[str, ...], shape: tuple[str, ...]
    ) -> tuple[int, str, LayoutEvent] | None:
        """The one number of `words` that differs from the value its place holds on every
        line of this shape (two lines at least); places whose values vary count pages."""
        lines = self.by_shape[shape]
        if len(lines) < 2 or any(line == words for line, _ in lines):
            return None
        changed = []
        for index in (i for i, word in enumerate(words) if word != shape[i]):
            values = {line[index] for line, _ in lines}
            if len(values) == 1 and words[index] not in values:
                changed.append((index, values.pop()))
        if len(changed) != 1:
            return None
        index, value = changed[0]
        return index, value, lines[0][1]


CHANGED_LINE_WORDS = 4
"""Words at least in a header line that is taken for another with one word changed: a
piece of two or three words (`of 1998` against `December 1998`) is no such evidence."""

_WORD_LETTERS = re.compile(r"[^\W\d_]")


def _furniture_words(text: str) -> tuple[str, ...]:
    """The words of a furniture line without punctuation at their ends (unmasked)."""
    words = (word.strip(_END_PUNCTUATION) for word in text.split())
    return tuple(word for word in words if word)
