"""Read HTML pages and Markdown files: their text in reading order, markup as layout.

HTML (the standard library's tolerant parser): the body's text, block by block (a
paragraph, a heading, a list item, a table cell, a quotation), scripts, styles,
navigation, page headers and footers and templates left out; character references
decoded. Markdown (markdown-it-py, CommonMark with tables, already installed with rich):
`**bold**`, `#` headings, escapes, links and bullets are markup, not text; an ordered
list's numbers are text (`1. Motionen besvaras …` is decision 1); footnotes (`[^1]`) read
after the body, their marks out of the sentence, as a Word file's do.

Each block becomes one line, with a blank line between blocks, so the text reader's
paragraph rules apply; its location is the line of the source file where the block
starts, the place an editor opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.extract.text import decode_text
from docreconcile.i18n import _
from docreconcile.model import Document, Line, Location, SourceFormat

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)

BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "caption",
        "figcaption",
        "blockquote",
        "pre",
        "address",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "form",
        "fieldset",
        "legend",
        "body",
    ]
)
"""Elements that end the text before them and start a new block."""

LEFT_OUT = frozenset(["script", "style", "nav", "noscript", "template", "head", "svg", "dialog"])
"""Elements whose text is no part of the document: code, styling, site navigation, a
dialog box."""

SITE_ROLES = frozenset(["navigation", "search", "dialog", "alertdialog", "menu", "menubar"])
"""ARIA roles of the site around a document: its menus, search forms and dialogs."""

SITE_CLASSES = frozenset(
    ["cookie", "cookies", "consent", "gdpr", "popup", "modal", "skip", "skiplink", "skip-link"]
)
"""Class and id words (a class cut at `-` and `_`) of what lies over or before a page:
cookie banners, pop-ups, skip links (`Hoppa till huvudinnehåll`)."""

PRINT_HIDDEN = frozenset(
    [
        "no-print",
        "noprint",
        "not-print",
        "do-not-print",
        "print-hidden",
        "hidden-print",
        "d-print-none",
        "print:hidden",
        "screen-only",
    ]
)
"""Classes that hide an element from print: the PDF is the printed page, so the page's
author says the element is no part of the document."""

LANDMARKS = frozenset(["header", "footer", "aside"])
"""Elements that may hold the site around a document, or the document's own heading,
imprint or note: which one their links tell (see `_Element.is_site`)."""

LANDMARK_ROLES = frozenset(["banner", "contentinfo", "complementary"])
_CHROME_WORDS = re.compile(
    r"header|footer|menu|nav|breadcrumb|pagination|pager|share|social|sidebar|toolbar"
    r"|related|search|topbar|masthead|links",
    re.I,
)
"""Class or id words of page furniture (`nav-bar`, `site-header`, `socialmedia`): such an
element is left out only where its text is mostly links."""

LINK_DENSITY = 0.5
"""An element whose text is at least this share link text is navigation: a menu, a
breadcrumb trail, a list of related pages. Prose with a link or two stays."""

_BLANK_LINE = re.compile(r"([ \t\r]*\n[ \t\r]*\n\s*)")
PREFORMATTED_PARAGRAPHS = 2
"""A piece of text (between two tags) in more than this many paragraphs parted by blank
lines is a document pasted in as plain text, laid out by the site's stylesheet; the
blank lines of a page's markup lie between tags, and one in a text may be chance."""

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
"""Elements without an end tag: they never hold text."""


def is_html(data: bytes, name: str) -> bool:
    """A page that says it is HTML (`<!DOCTYPE html>` or `<html>` first), or an `.html`
    file that starts with a tag."""
    if _HTML_START.match(data[:4096]):
        return True
    return name.lower().endswith((".html", ".htm")) and data.lstrip()[:1] == b"<"


_LIST_TYPES = {
    "1": "decimal",
    "a": "lower-alpha",
    "A": "upper-alpha",
    "i": "lower-roman",
    "I": "upper-roman",
}
"""The `type` attribute of an ordered list, as the list-style-type it stands for."""

_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.I)
_STYLE_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_LITERAL_NUMBER = re.compile(r"\s*(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]\s")
"""An item that starts with its own number (`1. `, `a) `): a counter would double it."""


def list_marker(number: int, style: str) -> str:
    """What a browser shows before an ordered list item (`list-style-type`), or "".

    >>> [list_marker(n, s) for n, s in [(3, "decimal"), (2, "lower-alpha"),
    ...     (28, "upper-alpha"), (4, "lower-roman"), (9, "upper-roman"), (1, "none")]]
    ['3. ', 'b. ', 'AB. ', 'iv. ', 'IX. ', '']
    """
    if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        text = letters.upper() if style.startswith("upper") else letters
    elif style in ("lower-roman", "upper-roman"):
        text = _roman(number)
        text = text.lower() if style == "lower-roman" else text
    elif style in ("decimal", "decimal-leading-zero"):
        text = f"{number:02d}" if style == "decimal-leading-zero" else str(number)
    else:  # none, disc, circle, square: no number to read
        return ""
    return f"{text}. "


def _roman(number: int) -> str:
    values = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out or str(number)


@dataclass
class _List:
    """An open list: the next item's number, its style, the step (-1: `reversed`)."""

    number: int
    style: str
    step: int = 1


@dataclass
class _Element:
    """An open element the reader may leave out: always (`skip`) or, once its end is
    seen, if its text turns out mostly links (a landmark, a class named like a menu)."""

    tag: str
    skip: bool
    first_block: int  # the index of the first block read inside it
    depth: int = 1  # open elements of its tag inside it, itself included
    text: int = 0  # characters of text read inside it
    links: int = 0  # of those, characters inside links

    def is_site(self) -> bool:
        """Whether the element's text is navigation (or there is none to keep)."""
        return self.skip or self.links >= LINK_DENSITY * self.text


def leaves_out(tag: str, attributes: dict[str, str]) -> bool | None:
    """Whether an element is the site around the document: True (always left out), None
    (left out if its text is mostly links), False (the document's).

    >>> leaves_out("div", {"class": "col-2 no-print"}), leaves_out("div", {"hidden": ""})
    (True, True)
    >>> leaves_out("a", {"id": "skip-to-content"}), leaves_out("footer", {})
    (True, None)
    >>> leaves_out("div", {"class": "nav-bar"}), leaves_out("div", {"class": "body-text"})
    (None, False)
    """
    if tag in LEFT_OUT:
        return True
    classes = attributes.get("class", "").lower().split()
    names = [*classes, attributes.get("id", "").lower()]
    words = {word for name in names for word in re.split(r"[-_]", name) if word}
    style = attributes.get("style", "").replace(" ", "").lower()
    role = attributes.get("role", "").lower()
    if (
        "hidden" in attributes
        or attributes.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
        or role in SITE_ROLES
        or PRINT_HIDDEN.intersection(classes)
        or SITE_CLASSES.intersection(words)
        or SITE_CLASSES.intersection(names)
    ):
        return True
    if tag in LANDMARKS or role in LANDMARK_ROLES or any(map(_CHROME_WORDS.search, names)):
        return None
    return False


class _Blocks(HTMLParser):
    """Collects the text of each block with the source line it starts on."""

    def __init__(
        self, styles: dict[str, str] | None = None, reversed_counts: list[int] | None = None
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._text: list[str] = []
        self._line = 1
        self._open: list[_Element] = []  # elements that may be left out, outermost first
        self._in_link = 0
        self._lists: list[_List | None] = []  # per open list (None: bullets)
        self._marker = ""  # an item's number, put in front once its own text is seen
        self._styles = styles or {}  # list-style-type by selector, from the page's <style>
        self._item_style = next(
            (self._styles[s] for s in ("li", "ol li", "ol > li", "ol>li") if s in self._styles),
            None,
        )
        self._reversed_counts = list(reversed_counts or [])  # items of each reversed list
        self._started = False
        self.preformatted = False  # a block was cut into paragraphs at blank lines

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for element in self._open:
            if element.tag == tag:
                element.depth += 1
        if tag == "a":
            self._in_link += 1  # counted inside what is left out too (see `_count`)
        if self._skipping:
            return
        found = {name: value or "" for name, value in attrs}
        kind = leaves_out(tag, found) if tag not in _VOID else False
        # an element that may be left out is a block of its own (unless it is left out
        # whatever it holds: a hidden word inside a sentence does not cut the sentence)
        if tag in BLOCKS or kind is None:
            self._end_block()
        if kind is not False:
            self._open.append(_Element(tag, bool(kind), len(self.blocks)))
            if kind:
                return
        if tag == "ol":
            style = self._list_style(found)
            reversed_list = "reversed" in found
            start = found.get("start", "")
            items = self._reversed_counts.pop(0) if reversed_list and self._reversed_counts else 1
            first = int(start) if start.lstrip("-").isdigit() else items if reversed_list else 1
            self._lists.append(_List(first, style, -1 if reversed_list else 1))
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            current = self._lists[-1]
            if found.get("value", "").lstrip("-").isdigit():
                current.number = int(found["value"])
            # a rule for the items themselves beats what they inherit from the list
            # (LibreOffice's pages: `li { list-style: none }`, the numbers written out)
            own = _LIST_STYLE.search(found.get("style", ""))
            style = own.group(1).lower() if own else self._item_style or current.style
            # a browser shows it: it is text (unless the item writes its own number)
            self._marker = list_marker(current.number, style)
            current.number += current.step
        elif tag == "br":
            self._text.append(" ")

    def _list_style(self, attributes: dict[str, str]) -> str:
        """An ordered list's list-style-type: its own style, its `type`, the page's
        `<style>` rules for `ol` or its class (in that order), else decimal."""
        inline = _LIST_STYLE.search(attributes.get("style", ""))
        if inline:
            return inline.group(1).lower()
        if attributes.get("type") in _LIST_TYPES:
            return _LIST_TYPES[attributes["type"]]
        for name in attributes.get("class", "").split():
            for selector in (f"ol.{name}", f".{name}"):
                if selector in self._styles:
                    return self._styles[selector]
        return self._styles.get("ol", "decimal")

    @property
    def _skipping(self) -> bool:
        return any(element.skip for element in self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in_link:
            self._in_link -= 1
        closed = next((e for e in reversed(self._open) if e.tag == tag), None)
        if closed is not None:
            for element in self._open:
                if element.tag == tag:
                    element.depth -= 1
        if closed is not None and closed.depth == 0:
            if not self._skipping:
                self._end_block()
            index = self._open.index(closed)
            for element in reversed(self._open[index:]):  # unclosed ones inside end too
                self._close(element)
            del self._open[index:]
            return
        if self._skipping:
            return
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        if tag in BLOCKS:
            self._end_block()

    def _count(self, data: str) -> None:
        """Count a text's letters (and its link letters) in every open element that may
        be left out: a list of links left out whatever it holds (`rs_skip`) still makes
        the heading above it part of a block of links. Code and styles count for nothing."""
        if any(element.tag in LEFT_OUT for element in self._open):
            return
        letters = len(data.strip())
        for element in self._open:
            element.text += letters
            if self._in_link:
                element.links += letters

    def _close(self, element: _Element) -> None:
        """At an element's end: drop the blocks read inside it if it is the site's."""
        if element.is_site():
            del self.blocks[element.first_block :]

    def handle_data(self, data: str) -> None:
        self._count(data)
        if self._skipping:
            return
        pieces = _BLANK_LINE.split(data)  # text, blank lines, text, …
        if sum(1 for piece in pieces[::2] if piece.strip()) > PREFORMATTED_PARAGRAPHS:
            # a text laid out in paragraphs by blank lines is shown so only by a
            # stylesheet (`white-space: pre-line`): read as it was written, and say so
            self.preformatted = True
            line = self.getpos()[0]
            for index, piece in enumerate(pieces):
                if index % 2 == 0:
                    self._add(piece, line)
                    self._end_block()
                line += piece.count("\n")
            return
        self._add(data, self.getpos()[0])

    def _add(self, data: str, line: int) -> None:
        """Read a piece of text that starts on source line `line`."""
        if not self._started and data.strip():
            self._started = True  # the block starts where its first text does
            self._line = line + data[: len(data) - len(data.lstrip())].count("\n")
        if self._marker and data.strip():
            if not _LITERAL_NUMBER.match(data + " "):
                self._text.append(self._marker)
            self._marker = ""
        self._text.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((self._line, text))
        self._text = []
        self._started = False

    def close(self) -> None:
        super().close()
        self._end_block()


def read_html(path: Path, data: bytes) -> Document:
    """An HTML page's text, block by block, located by source line. Ordered lists are
    numbered as a browser numbers them (`type`, `start`, `value`, `reversed`, the
    list-style-type of the page's own styles); a page that takes its styles from a
    stylesheet it does not carry gets a warning that its lists may be numbered otherwise."""
    text, encoding = decode_text(data, str(path))
    parser = _Blocks(page_list_styles(text), reversed_list_items(text))
    parser.feed(text)
    parser.close()
    document = blocks_document(path, SourceFormat.HTML, parser.blocks, encoding)
    if parser.preformatted:
        document.warnings.append(
            _(
                "{path}: holds text laid out by blank lines, which only a stylesheet "
                "shows as paragraphs: read as paragraphs at its blank lines"
            ).format(path=path)
        )
    if "<ol" in text.lower() and _EXTERNAL_STYLESHEET.search(text):
        document.warnings.append(
            _(
                "{path}: takes its styles from a stylesheet it does not "
                "carry: its numbered lists are read as the page's own markup "
                "numbers them, which the stylesheet may change"
            ).format(path=path)
        )
    return document


_EXTERNAL_STYLESHEET = re.compile(r"<link\b[^>]*rel=[\"']?stylesheet", re.I)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S)


class _ReversedLists(HTMLParser):
    """Counts the items of each `<ol reversed>`, in document order: a reversed list
    counts down from its number of items, known only at its end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: list[int] = []
        self._open: list[int | None] = []  # per open list: its index in counts (None: other)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ol", "ul"):
            if tag == "ol" and any(name == "reversed" for name, _ in attrs):
                self.counts.append(0)
                self._open.append(len(self.counts) - 1)
            else:
                self._open.append(None)
        elif tag == "li" and self._open and self._open[-1] is not None:
            self.counts[self._open[-1]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self._open:
            self._open.pop()


def reversed_list_items(page: str) -> list[int]:
    """The number of items of each reversed ordered list of a page, in order.

    >>> reversed_list_items("<ol reversed><li>a<li>b<ol><li>c</ol></ol><ol reversed></ol>")
    [2, 0]
    """
    if "reversed" not in page:
        return []
    counter = _ReversedLists()
    counter.feed(page)
    counter.close()
    return counter.counts


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def page_list_styles(page: str) -> dict[str, str]:
    """The list-style-type the page's own `<style>` gives `ol` and classes, by selector.

    >>> page_list_styles("<style>ol { list-style-type: lower-alpha } .romer, ol.x"
    ...                  " { list-style: upper-roman }</style>")
    {'ol': 'lower-alpha', '.romer': 'upper-roman', 'ol.x': 'upper-roman'}
    """
    found: dict[str, str] = {}
    for sheet in _STYLE_ELEMENT.findall(page):
        for selectors, body in _STYLE_RULE.findall(_CSS_COMMENT.sub("", sheet)):
            style = _LIST_STYLE.search(body)
            if style is None:
                continue
            for selector in selectors.split(","):
                found[selector.strip()] = style.group(1).lower()
    return found


def blocks_document(
    path: Path, source_format: SourceFormat, blocks: list[tuple[int, str]], encoding: str
) -> Document:
    """One line a block, a blank line between blocks, each at its source line."""
    lines: list[Line] = []
    for line, text in blocks:
        if lines:
            lines.append(Line("", Location(line=line)))
        lines.append(Line(text, Location(line=line)))
    if not lines:
        raise InputError(_("{path}: has no text: nothing to compare").format(path=path))
    return Document(str(path), source_format, 1, lines, encoding)
