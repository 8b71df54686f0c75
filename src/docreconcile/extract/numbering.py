"""List and heading numbers of Word and OpenDocument files, as their readers see them.

Word and LibreOffice number a list item or a heading from a numbering definition, not
from its text: the `1.`, `a)` or `IV.` a reader (and the PDF) shows is in no text run. Read
without it, every such number is a difference against the PDF. Here the counters run
as the word processor runs them: per list, a level's counter counts its items and starts
again under each item of the level above; the label is the level's pattern (`%1.%2.`)
with each level's counter in its own format (decimal, letters, Roman numerals). Bullets
and unnumbered levels get no label: a bullet is a glyph, not a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def formatted(value: int, style: str) -> str | None:
    """A counter in a numbering format, Word's name (`lowerLetter`) or OpenDocument's
    (`a`); None for a format that shows no number (`bullet`, `none`).

    >>> [formatted(4, style) for style in ("decimal", "lowerLetter", "upperRoman", "A", "i")]
    ['4', 'd', 'IV', 'D', 'iv']
    >>> formatted(28, "lowerLetter"), formatted(3, "decimalZero"), formatted(1, "bullet")
    ('bb', '03', None)
    """
    if style in ("decimal", "1", "") or (style.startswith("decimal") and style != "decimalZero"):
        return str(value)
    if style == "decimalZero":
        return f"{value:02d}"
    if style in ("lowerLetter", "upperLetter", "a", "A"):
        # Word and LibreOffice go on after z with doubled letters: aa, bb, ...
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if style in ("upperLetter", "A") else letter
    if style in ("lowerRoman", "upperRoman", "i", "I"):
        roman, rest = "", value
        for amount, digits in _ROMAN:
            while rest >= amount:
                roman, rest = roman + digits, rest - amount
        return roman.upper() if style in ("upperRoman", "I") else roman
    return None


@dataclass
class Counters:
    """The counters of one list, a level each: counting an item at a level starts every
    deeper level again."""

    values: dict[int, int] = field(default_factory=dict)

    def count(self, level: int, start: int) -> dict[int, int]:
        """Count an item at `level` (its first is `start`); the counters of this level and
        those above it, as they stand for the item."""
        self.values[level] = self.values[level] + 1 if level in self.values else start
        for deeper in [key for key in self.values if key > level]:
            del self.values[deeper]
        return dict(self.values)


@dataclass(frozen=True)
class WordLevel:
    start: int
    style: str
    pattern: str  # `%1.%2.`: each %N the counter of level N (1-based)
    suffix: str  # what stands between the label and the text: tab, space or nothing


class WordNumbering:
    """A .docx file's numbering (`word/numbering.xml`, and `word/styles.xml` for headings
    numbered by their style): the label of each numbered paragraph, in body order."""

    def __init__(
        self, numbering: ElementTree.Element | None, styles: ElementTree.Element | None
    ) -> None:
        abstract: dict[str, dict[int, WordLevel]] = {}
        self.instances: dict[str, dict[int, WordLevel]] = {}
        self.counters: dict[str, Counters] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        if numbering is not None:
            for definition in numbering.iter(f"{W}abstractNum"):
                abstract[definition.get(f"{W}abstractNumId", "")] = {
                    int(level.get(f"{W}ilvl", "0")): _word_level(level)
                    for level in definition.iter(f"{W}lvl")
                }
            for instance in numbering.iter(f"{W}num"):
                levels = dict(abstract.get(_value(instance, "abstractNumId") or "", {}))
                for override in instance.iter(f"{W}lvlOverride"):
                    level = int(override.get(f"{W}ilvl", "0"))
                    start = _value(override, "startOverride")
                    if start is not None and level in levels:
                        old = levels[level]
                        levels[level] = WordLevel(int(start), old.style, old.pattern, old.suffix)
                self.instances[instance.get(f"{W}numId", "")] = levels
        if styles is not None:
            self._read_styles(styles)

    def _read_styles(self, styles: ElementTree.Element) -> None:
        """Each paragraph style's numbering, its own or the one it is based on."""
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in styles.iter(f"{W}style"):
            name = style.get(f"{W}styleId", "")
            number = style.find(f"{W}pPr/{W}numPr")
            if number is not None:
                depth = _value(number, "ilvl")
                own[name] = (_value(number, "numId"), int(depth) if depth else None)
            parent = _value(style, "basedOn")
            if parent:
                based[name] = parent
        for name in {*own, *based}:
            seen, current = set(), name
            while current not in own and current in based and current not in seen:
                seen.add(current)
                current = based[current]
            if current in own and own[current][0]:
                num_id, style_level = own[current]
                self.style_numbers[name] = (num_id or "", style_level or 0)

    def label(self, paragraph: ElementTree.Element) -> str:
        """The label of a paragraph (`2.1 `), counted now; empty when it has none."""
        properties = paragraph.find(f"{W}pPr")
        if properties is None:
            return ""
        number = properties.find(f"{W}numPr")
        style = _value(properties, "pStyle")
        num_id, level = self.style_numbers.get(style or "", ("", 0))
        if number is not None:
            num_id = _value(number, "numId") or num_id
            level = int(_value(number, "ilvl") or level)
        levels = self.instances.get(num_id)
        if not levels or level not in levels:
            return ""  # numId 0 (numbering taken off) or no such definition
        counters = self.counters.setdefault(num_id, Counters())
        values = counters.count(level, levels[level].start)
        text = levels[level].pattern
        for index, value in sorted(values.items(), reverse=True):
            shown = formatted(value, levels[index].style if index in levels else "decimal")
            text = text.replace(f"%{index + 1}", shown or "")
        if formatted(values[level], levels[level].style) is None or not text.strip():
            return ""
        return text + ("" if levels[level].suffix == "nothing" else " ")


def _word_level(level: ElementTree.Element) -> WordLevel:
    return WordLevel(
        start=int(_value(level, "start") or "1"),
        style=_value(level, "numFmt") or "decimal",
        pattern=_value(level, "lvlText") or "",
        suffix=_value(level, "suff") or "tab",
    )


def _value(element: ElementTree.Element, child: str) -> str | None:
    """The `w:val` of a child element (`<w:numId w:val="3"/>`), or None."""
    found = element.find(f"{W}{child}")
    return None if found is None else found.get(f"{W}val")


@dataclass(frozen=True)
class OdtLevel:
    start: int
    style: str  # `1`, `a`, `I`; empty for a bullet
    prefix: str
    suffix: str
    shown_levels: int  # how many levels the label shows (`2.1.`: 2)


def odt_list_styles(*roots: ElementTree.Element | None) -> dict[str, dict[int, OdtLevel]]:
    """The list styles of an OpenDocument file (content's automatic styles, and the
    styles part's), each level's numbering by its level (1-based)."""
    styles: dict[str, dict[int, OdtLevel]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{TEXT}list-style"):
            styles[style.get(f"{STYLE}name", "")] = _odt_levels(style)
    return styles


def _odt_levels(style: ElementTree.Element) -> dict[int, OdtLevel]:
    """The levels of a list style or of the outline style; a bullet level shows no number."""
    levels: dict[int, OdtLevel] = {}
    for level in style:
        depth = int(level.get(f"{TEXT}level", "1"))
        numbered = level.tag in (
            f"{TEXT}list-level-style-number",
            f"{TEXT}outline-level-style",
        )
        levels[depth] = OdtLevel(
            start=int(level.get(f"{TEXT}start-value", "1")),
            style=level.get(f"{STYLE}num-format", "") if numbered else "",
            prefix=level.get(f"{STYLE}num-prefix", ""),
            suffix=level.get(f"{STYLE}num-suffix", ""),
            shown_levels=int(level.get(f"{TEXT}display-levels", "1")),
        )
    return levels


def odt_outline(*roots: ElementTree.Element | None) -> dict[int, OdtLevel]:
    """The outline (chapter) numbering of an OpenDocument file's headings, by level."""
    for root in roots:
        outline = None if root is None else root.find(f".//{TEXT}outline-style")
        if outline is not None:
            return _odt_levels(outline)
    return {}


def odt_unnumbered_styles(*roots: ElementTree.Element | None) -> set[str]:
    """The paragraph styles that take their headings out of the outline numbering
    (`style:list-style-name=""`, their own or inherited from a parent style)."""
    own: dict[str, str | None] = {}
    parents: dict[str, str] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{STYLE}style"):
            name = style.get(f"{STYLE}name", "")
            own[name] = style.get(f"{STYLE}list-style-name")
            if parent := style.get(f"{STYLE}parent-style-name"):
                parents[name] = parent
    unnumbered = set()
    for name in own:
        seen, current = set(), name
        while own.get(current) is None and current in parents and current not in seen:
            seen.add(current)
            current = parents[current]
        if own.get(current) == "":
            unnumbered.add(name)
    return unnumbered


def odt_label(levels: dict[int, OdtLevel], values: dict[int, int], depth: int) -> str:
    """An OpenDocument list item's label at `depth` (`a. `), or empty for a bullet.

    >>> levels = {1: OdtLevel(1, "1", "", ".", 1), 2: OdtLevel(1, "a", "", ")", 2)}
    >>> odt_label(levels, {1: 3}, 1), odt_label(levels, {1: 3, 2: 2}, 2)
    ('3. ', '3.b) ')
    """
    level = levels.get(depth)
    if level is None or formatted(values.get(depth, 1), level.style) is None or not level.style:
        return ""
    shown = []
    for index in range(max(1, depth - level.shown_levels + 1), depth + 1):
        style = levels[index].style if index in levels else "1"
        shown.append(formatted(values.get(index, 1), style) or "")
    return f"{level.prefix}{'.'.join(shown)}{level.suffix} "
