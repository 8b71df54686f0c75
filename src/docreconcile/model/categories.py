"""How much a difference matters (`Severity`) and what kind it is (`Category`)."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a difference matters to a proofreader, most important first."""

    SUBSTANTIVE = "substantive"
    MINOR = "minor"
    LAYOUT = "layout"


class Category(StrEnum):
    """What kind of difference it is. Each category has one fixed severity."""

    # substantive
    WORD = "word"
    REWORDED = "reworded"
    REORDERED = "reordered"
    SPELLING = "spelling"
    NUMBER = "number"
    INSERTED = "inserted"
    DELETED = "deleted"
    PARAGRAPH_ADDED = "paragraph_added"
    PARAGRAPH_REMOVED = "paragraph_removed"
    # minor
    PUNCTUATION = "punctuation"
    CASE = "case"
    TYPOGRAPHY = "typography"
    MOVED = "moved"
    OCR = "ocr"
    # layout
    READING_ORDER = "reading_order"
    UNREADABLE = "unreadable"
    WHITESPACE = "whitespace"
    LINE_BREAK = "line_break"
    HYPHENATION = "hyphenation"
    HEADER_FOOTER = "header_footer"
    PAGE_NUMBER = "page_number"
    PAGE_BREAK = "page_break"
    RULE = "rule"
    FOOTNOTE_MARK = "footnote_mark"

    @property
    def severity(self) -> Severity:
        return CATEGORY_SEVERITY[self]

    @property
    def is_relocation(self) -> bool:
        """Text both sides contain, in another place: shown once, not as a change."""
        return self in (Category.MOVED, Category.READING_ORDER)


CATEGORY_SEVERITY: dict[Category, Severity] = {
    Category.WORD: Severity.SUBSTANTIVE,
    Category.REWORDED: Severity.SUBSTANTIVE,
    Category.REORDERED: Severity.SUBSTANTIVE,
    Category.SPELLING: Severity.SUBSTANTIVE,
    Category.NUMBER: Severity.SUBSTANTIVE,
    Category.INSERTED: Severity.SUBSTANTIVE,
    Category.DELETED: Severity.SUBSTANTIVE,
    Category.PARAGRAPH_ADDED: Severity.SUBSTANTIVE,
    Category.PARAGRAPH_REMOVED: Severity.SUBSTANTIVE,
    Category.PUNCTUATION: Severity.MINOR,
    Category.CASE: Severity.MINOR,
    Category.TYPOGRAPHY: Severity.MINOR,
    Category.MOVED: Severity.MINOR,
    Category.OCR: Severity.MINOR,
    Category.READING_ORDER: Severity.LAYOUT,
    Category.UNREADABLE: Severity.LAYOUT,
    Category.WHITESPACE: Severity.LAYOUT,
    Category.LINE_BREAK: Severity.LAYOUT,
    Category.HYPHENATION: Severity.LAYOUT,
    Category.HEADER_FOOTER: Severity.LAYOUT,
    Category.PAGE_NUMBER: Severity.LAYOUT,
    Category.PAGE_BREAK: Severity.LAYOUT,
    Category.RULE: Severity.LAYOUT,
    Category.FOOTNOTE_MARK: Severity.LAYOUT,
}


FAIL_ON: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "never": (),
}
"""The severities that make a run fail (exit 1) for each `--fail-on` level."""
