"""Word redlines: a text with its changes as tracked changes a registrar can accept or reject.

Two documents, one writer:

- the agreed text (`reconcile -o agreed.docx`): the base's paragraphs, each decision that
  changed them a tracked change by its reviewer at the time of the decision; what is
  undecided stays a conflict block, as in the text file;
- the redline (`reconcile --redline FILE.docx`): A's paragraphs with every difference of
  words to B as a tracked change: accepting all gives B's words, rejecting all A's.

The Word file is WordprocessingML written by hand (a document part, its styles, its
relationships and content types): a paragraph a base paragraph (a heading in Word's
heading style), a line the author broke a `w:br`, a change a `w:del` of the base's words
and a `w:ins` of the new ones (`w:author`, `w:date`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

TOOL = "docreconcile"
"""The author of a change no person decided: the redline's proposals, `--prefer`'s
settling."""


@dataclass(frozen=True)
class Tracked:
    """One tracked change: the words taken out and put in at one place, by whom, when."""

    deleted: str
    inserted: str
    author: str = TOOL
    date: str = ""
    """ISO 8601 with an offset (a decision's `decided_at`), or empty."""


Piece = str | Tracked
"""A paragraph of a redline is a run of plain text and tracked changes."""


def word_date(moment: str) -> str:
    """A decision's time as Word writes a change's date: UTC, to the second.

    >>> word_date("2026-12-07T10:15:00+01:00"), word_date("")
    ('2026-12-07T09:15:00Z', '')
    """
    if not moment:
        return ""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)

_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{_NS}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="160"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>'
    '</w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>'
    "</w:styles>"
)
"""Word's own names: a heading is `heading 2` (under the title's level), so that Word
and LibreOffice show it in the navigation pane and an outline."""

_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{_NS}"><w:trackRevisions/></w:settings>'
)
"""Tracking stays on: what the registrar edits next is tracked too."""


def docx(paragraphs: Sequence[Sequence[Piece]]) -> bytes:
    """A Word file of `paragraphs`, their tracked changes as `w:del`/`w:ins`.

    >>> data = docx([["Nämnden beslutar att ", Tracked("bevilja", "avslå", "Eva", "")]])
    >>> part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    >>> '<w:del w:id="1" w:author="Eva"><w:r><w:delText xml:space="preserve">bevilja' in part
    True
    """
    body = "".join(_paragraph(pieces, number) for number, pieces in _numbered(paragraphs))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        package.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELATIONSHIPS)
        package.writestr("word/document.xml", document)
        package.writestr("word/settings.xml", _SETTINGS)
        package.writestr("word/styles.xml", _STYLES)
    return buffer.getvalue()


def _numbered(
    paragraphs: Sequence[Sequence[Piece]],
) -> list[tuple[int, Sequence[Piece]]]:
    """Each paragraph with the id its first change takes (ids count up through the file)."""
    numbered, next_id = [], 1
    for pieces in paragraphs:
        numbered.append((next_id, pieces))
        next_id += 2 * sum(isinstance(piece, Tracked) for piece in pieces)
    return numbered


HEADING_WORDS = 8
"""Words at most in a paragraph that reads as a heading (`Sammanfattning av ärendet`,
`Förslag till beslut`): a sentence is longer, or ends in a full stop."""


def is_heading(text: str) -> bool:
    """Whether a paragraph of the base reads as a heading: one line of at most
    HEADING_WORDS words, opening with a capital letter, with a word of three letters, and
    no sentence's or list's end (a text file keeps no styles, so its headings are read
    off their form; the PDF set from it shows them bold).

    >>> [is_heading(t) for t in ("Förslag till beslut", "Beslutet fattades.", "2025-04-04")]
    [True, False, False]
    """
    words = text.split()
    return (
        0 < len(words) <= HEADING_WORDS
        and "\n" not in text.strip()
        and text.strip()[0].isupper()
        and any(sum(character.isalpha() for character in word) >= 3 for word in words)
        and not text.rstrip().endswith((".", ",", ";", ":", "!", "?", ")"))
    )


def _paragraph(pieces: Sequence[Piece], first_id: int) -> str:
    """One `w:p`: its text in runs, its changes as a deletion then an insertion; in the
    heading style where the base's words read as a heading (`is_heading`)."""
    base = "".join(piece if isinstance(piece, str) else piece.deleted for piece in pieces)
    style = '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>' if is_heading(base) else ""
    parts, change_id = [style], first_id
    for piece in pieces:
        if isinstance(piece, str):
            parts.append(_run(piece, "t"))
            continue
        who = f"w:author={quoteattr(piece.author)}"
        when = f" w:date={quoteattr(piece.date)}" if piece.date else ""
        if piece.deleted:
            parts.append(
                f'<w:del w:id="{change_id}" {who}{when}>{_run(piece.deleted, "delText")}</w:del>'
            )
        if piece.inserted:
            parts.append(
                f'<w:ins w:id="{change_id + 1}" {who}{when}>{_run(piece.inserted, "t")}</w:ins>'
            )
        change_id += 2
    return f"<w:p>{''.join(parts)}</w:p>"


def _run(text: str, tag: str) -> str:
    """A run of `text`, a line break (`\\n`) as `w:br`.

    >>> _run("Skickas till:\\nMotionärerna", "t").count("<w:br/>")
    1
    """
    if not text:
        return ""
    lines = [
        f'<w:{tag} xml:space="preserve">{escape(line)}</w:{tag}>' if line else ""
        for line in text.split("\n")
    ]
    return "<w:r>" + "<w:br/>".join(lines) + "</w:r>"
