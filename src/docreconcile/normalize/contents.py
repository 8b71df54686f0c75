"""A table of contents' page numbers: the pages another version does not have."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.model import Category, LayoutEvent, Line

_CONTENTS_ENTRY = re.compile(
    r"^(?P<title>.*?\w.*?\S)(?:\s*(?:[.·…_]{4,}|(?:[.·…_] ){3,}[.·…_]?)\s*|\s+)"
    r"(?P<page>\d{1,4})$"
)
"""A table of contents' line: a title, then dot leaders, a tab or a space, and a page number
(`Förslag till riksdagsbeslut ........ 3`)."""

_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|(?:Bilaga|Appendix|Annex)(?:\s+\d+)?)\s+",
    re.IGNORECASE,
)
"""What numbers a heading and may stand before its title or not (`3.1`, `Bilaga 2`)."""

MAX_CONTENTS_LINE = 200
"""Characters: a longer line is no table of contents' entry (two lines of a contents page)."""

MIN_CONTENTS_ENTRIES = 3
"""Entries on one page whose titles stand at the pages they name, with one offset between
printed and physical pages, needed before their numbers are taken for page numbers."""


def remove_contents_page_numbers(
    lines: Sequence[Line],
) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a table of contents' page numbers out of its lines, recording each as a page
    number: a web page or a Word file's contents (or none at all) has no page numbers,
    and the PDF's `Rutiner 10` would be a changed word.

    Evidence, not the look of a line: an entry's title must stand at the end of a line
    (a heading) on a later page, the page it names must be that page with one offset
    (front matter numbered apart) shared by the entries, and its own page must hold at
    least MIN_CONTENTS_ENTRIES such entries. A list of sums or years ending its lines
    names no page its words stand on.
    """
    # each line's text by its last word: a title is looked up among the lines it may end
    by_last_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in lines:
        key = _title_key(line.text)
        if key:
            by_last_word[key.rsplit(" ", 1)[-1]].append((line.page_index, key))
    offsets: Counter[int] = Counter()
    entries: dict[int, tuple[str, int, set[int]]] = {}  # line index: title, page, its pages
    for index, line in enumerate(lines):
        text = line.text.strip()
        # a contents entry is one short line ending in its page number: a long line (a
        # reflowed paragraph) is never tried, so the pattern's search stays cheap
        if len(text) > MAX_CONTENTS_LINE or not _ends_as_contents_entry(text):
            continue
        entry = _CONTENTS_ENTRY.match(text)
        title = _title_key(entry.group("title")) if entry else ""
        if entry is None or len(title.replace(" ", "")) < 4:
            continue
        pages = {
            page
            for page, text in by_last_word[title.rsplit(" ", 1)[-1]]
            if page > line.page_index and text.endswith(title)
        }
        number = int(entry.group("page"))
        offsets.update(number - page for page in pages)
        entries[index] = (entry.group("title"), number, pages)
    if not offsets or offsets.most_common(1)[0][1] < MIN_CONTENTS_ENTRIES:
        return list(lines), []
    offset = offsets.most_common(1)[0][0]
    at_offset = [index for index, (_, number, pages) in entries.items() if number - offset in pages]
    # a table of contents is a run of entries on its page, not a stray line anywhere (an
    # index's `worksheet 19`, a form's `Line 16`)
    per_page = Counter(lines[index].page_index for index in at_offset)
    kept = list(lines)
    events: list[LayoutEvent] = []
    for index in at_offset:
        title, number, _ = entries[index]
        if per_page[lines[index].page_index] >= MIN_CONTENTS_ENTRIES:
            line = lines[index]
            events.append(
                LayoutEvent(Category.PAGE_NUMBER, str(number), line.location, f"{title} {number}")
            )
            # only the number goes: the leaders stay for the step that takes them out of
            # every line alike, so the entry reads as the same entry without its number does
            stripped = line.text.rstrip()
            kept[index] = replace(line, text=stripped[: len(stripped) - len(str(number))])
    return kept, events


def _ends_as_contents_entry(text: str) -> bool:
    """Whether a line ends as `_CONTENTS_ENTRY` needs: at most four digits after a space
    or a leader. Most lines that end in a digit are a table's figures (`1,234`), which
    this tells without the pattern's search.

    >>> [_ends_as_contents_entry(t) for t in ("Rutiner 10", "Rutiner ....10", "1,234", "47699")]
    [True, True, False, False]
    """
    start = len(text)
    while start > 0 and text[start - 1].isdecimal():  # what the pattern's \d takes
        start -= 1
    before = text[start - 1 : start]
    return 0 < len(text) - start <= 4 and (before.isspace() or before in _LEADERS)


_LEADERS = frozenset(".·…_")
"""The characters of a contents entry's dot leaders (`_CONTENTS_ENTRY`)."""


def _title_key(text: str) -> str:
    """A heading or contents title as compared: its number (`3.1`) off, spaces single,
    case folded.

    >>> _CONTENTS_ENTRY.match("Utdrag ur protokoll den 18 april 2013. ........10").groups()
    ('Utdrag ur protokoll den 18 april 2013.', '10')

    >>> _title_key("3.1\tEU:s bestämmelser  om stöd"), _title_key("Förslag till beslut")
    ('eu:s bestämmelser om stöd', 'förslag till beslut')
    """
    return " ".join(_HEADING_NUMBER.sub("", text.strip()).split()).casefold()
