"""The HTML report for proofreaders (`--html FILE`): one self-contained page.

Both documents side by side, paragraph by paragraph as aligned; every difference marked in
place (`<del>` struck through, `<ins>` underlined, so they differ without colour too); a
list of differences with both locations, filters for severity and category, and keyboard
navigation. The page skeleton, style and script are templates beside this module; all
document text is escaped here and never enters the script.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from string import Template

from docreconcile import i18n
from docreconcile.baseline import SCHEMA as DECISIONS_SCHEMA
from docreconcile.baseline import pair_key
from docreconcile.i18n import _, ngettext
from docreconcile.measure import looks_unrelated, unrelated_warning
from docreconcile.model import (
    Category,
    Decision,
    Difference,
    ParagraphView,
    Report,
    Row,
    Severity,
    SourceInfo,
    describe_location,
)
from docreconcile.output import written_out
from docreconcile.page_images import PageImage, PageMark, PageViews
from docreconcile.reconcile import decidable
from docreconcile.report import (
    Settings,
    category_label,
    counted,
    describe_confidence,
    describe_hint,
    severity_label,
)
from docreconcile.version import __version__

_TEMPLATES = resources.files("docreconcile.report") / "templates"


def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def escape(text: str) -> str:
    r"""Escape document text for HTML text and attribute values alike; control
    characters are written out.

    >>> escape('<script>alert("x")</script> & </div>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;/div&gt;'
    >>> escape("beslut]2;t‮.pdf")
    'beslut\\x1b]2;t\\x07\\u202e.pdf'
    """
    return html.escape(written_out(text, keep="\t\n\r"), quote=True)


def render(
    report: Report,
    show_layout: bool = False,
    decisions: Sequence[Decision] = (),
    reviewer: str = "",
    pages: PageViews | None = None,
) -> str:
    """The whole page as one string. Layout differences are listed but filtered out
    unless `show_layout` (the reader can switch them on). With `pages` (`page_images`),
    each difference on a PDF side shows its part of the page, the words marked."""
    pages = pages or PageViews()
    substantive = report.new_count(Severity.SUBSTANTIVE)
    verdict = (
        ngettext(
            "{count} substantive difference", "{count} substantive differences", substantive
        ).format(count=substantive)
        if substantive
        else _("no substantive differences")
    )
    categories = sorted({d.category for d in report.differences}, key=list(Category).index)
    marks = _index_marks(report)
    verdicts = {decision.fingerprint: decision.verdict for decision in decisions}
    page = Template(localised(_template("report.html")))
    return page.substitute(
        lang=i18n.current(),
        words=_script_json(_words()),
        version=escape(__version__),
        title=escape(f"{report.a.path} ↔ {report.b.path}"),
        css=_template("report.css"),
        js=_template("report.js"),
        verdict=escape(verdict),
        verdict_class="fail" if substantive else "pass",
        sources=_sources(report),
        severity_filters=_severity_filters(show_layout),
        category_options="".join(
            f'<option value="{c.value}">{escape(category_label(c))}</option>' for c in categories
        ),
        summary=_summary(report),
        difference_items="\n".join(_item(report, d, verdicts, pages) for d in report.differences),
        page_defs=_page_defs(pages),
        stale=_stale(report),
        a_name=escape(Path(report.a.path).name),
        b_name=escape(Path(report.b.path).name),
        rows="\n".join(_row(report, row, marks, pages) for row in report.rows),
        decision_data=_decision_data(report, decisions, reviewer),
    )


def _sources(report: Report) -> str:
    def describe(label: str, source: SourceInfo) -> str:
        pages = counted(source.pages, "page")
        details = [source.format.value, pages, counted(source.paragraphs, "paragraph")]
        return (
            f"<tr><td><b>{label}</b></td><td>{escape(source.path)}</td>"
            f"<td>{escape(', '.join(details))}</td></tr>"
        )

    similar = ""
    if report.similarity is not None:
        warning = (
            f' <strong class="unrelated">{escape(unrelated_warning(report.similarity))}</strong>'
            if looks_unrelated(report.similarity)
            else ""
        )
        similar = (
            f'<tr><td></td><td colspan="2" class="similarity">'
            f"{escape(report.similarity.describe())}{warning}</td></tr>"
        )
    return (
        f'<table class="sources">{describe("A", report.a)}{describe("B", report.b)}'
        f"{similar}</table>"
    )


def _severity_filters(show_layout: bool) -> str:
    boxes = []
    for severity in Severity:
        checked = severity is not Severity.LAYOUT or show_layout
        boxes.append(
            f'<label><input type="checkbox" class="severity-filter" value="{severity.value}"'
            f"{' checked' if checked else ''}> {escape(severity_label(severity))}</label>"
        )
    return "".join(boxes)


def _summary(report: Report) -> str:
    counts = report.by_category()
    rows = "".join(
        f"<tr><td>{escape(severity_label(category.severity))}</td>"
        f"<td>{escape(category_label(category))}"
        f"</td><td>{counts[category]}</td></tr>"
        for category in Category
        if category in counts
    )
    accepted = (
        "<tr><td colspan=2>" + escape(_("accepted by baseline")) + "</td>"
        f"<td>{len(report.accepted)}</td></tr>"
        if report.baseline
        else ""
    )
    return f'<table class="summary">{rows}{accepted}</table>'


def _item(
    report: Report, difference: Difference, verdicts: dict[str, str], pages: PageViews
) -> str:
    """One entry of the list of differences, linking to its place in the documents."""
    change = _short(difference)
    verdict = verdicts.get(difference.fingerprint, "accepted")
    accepted = (
        (
            " (" + escape(_("accepted")) + ")"
            if verdict == "accepted"
            else " (" + escape(_("decided: {verdict}").format(verdict=verdict)) + ")"
        )
        if difference.id in report.accepted
        else ""
    )
    return (
        f'      <li class="difference-item" data-id="{difference.id}" '
        f'data-severity="{difference.severity.value}" data-category="{difference.category.value}">'
        f'<a href="#d{difference.id}"><b>#{difference.id}</b> '
        f"{escape(category_label(difference.category))}{accepted}: {change}"
        f"{_hint(difference)}{_confidence(difference)}"
        f'<span class="where">A {escape(describe_location(difference.a_location))} · '
        f"B {escape(describe_location(difference.b_location))}</span></a>"
        f"{_page_crops(difference, pages)}{_decide(difference)}</li>"
    )


def _decide(difference: Difference) -> str:
    """Buttons that decide a difference in the browser (kept in its local storage until
    the decisions file is downloaded): A, B, both fine, or an own wording, and a comment.
    A difference of place or layout says why it has none."""
    if not decidable(difference):
        nothing = _("nothing to decide: the agreed text keeps the text version's order and layout")
        return f'<div class="no-decision">{escape(nothing)}</div>'
    fingerprint = escape(difference.fingerprint)
    words = {
        "decide": _("Decide #{number}").format(number=difference.id),
        "own": _("Own wording"),
        "use_title": _("Use this wording"),
        "use": _("use"),
        "comment": _("Comment"),
        "why": _("comment (why)"),
    }
    said = {key: escape(value) for key, value in words.items()}
    return (
        f'<div class="decide" data-fingerprint="{fingerprint}" role="group" '
        f'aria-label="{said["decide"]}">{_verdict_buttons()}'
        f'<input type="text" class="own" aria-label="{said["own"]}" '
        f'value="{escape(difference.b)}">'
        f'<button type="button" data-verdict="text" title="{said["use_title"]}">'
        f"{said['use']}</button>"
        f'<input type="text" class="comment" aria-label="{said["comment"]}" '
        f'placeholder="{said["why"]}">'
        '<span class="decided" aria-live="polite"></span></div>'
    )


def _verdict_buttons() -> str:
    a, b, both, both_title = (
        escape(_("A is right")),
        escape(_("B is right")),
        escape(_("both")),
        escape(_("Both are fine")),
    )
    return (
        f'<button type="button" data-verdict="a" title="{a}">A</button>'
        f'<button type="button" data-verdict="b" title="{b}">B</button>'
        f'<button type="button" data-verdict="both" title="{both_title}">{both}</button>'
    )


_MARKED = re.compile(r"\[\[(.+?)\]\]", re.S)


def localised(fragment: str) -> str:
    """The page's template with each text marked in double brackets in the language in
    use, before any document text goes in: a document that uses double brackets stays
    as it is. (`tools/catalogue.py` collects the marked texts.)

    >>> localised('<button title="[' '[A is right]]">A</button>')
    '<button title="A is right">A</button>'
    """
    return _MARKED.sub(lambda found: _(found.group(1)), fragment)


def _words() -> dict[str, str]:
    """What the page's script says, in the language in use (`{count}` and the like are
    filled in by the script)."""
    return {
        "shown": _("{count} shown"),
        "decided": _("{count} of {total} decided"),
        "undecidable": _(" ({count} of place or layout: nothing to decide)"),
        "decision": _("decided: {verdict}"),
    }


def _decide_in_place(difference: Difference) -> str:
    """The same buttons beside the highlighted text (shown while it is the current
    difference), so a proofreader reading the documents need not go to the list."""
    if not decidable(difference):
        return ""
    here = escape(_("Decide #{number} here").format(number=difference.id))
    return (
        f'<span class="decide inline" data-fingerprint="{escape(difference.fingerprint)}" '
        f'role="group" aria-label="{here}">'
        f"{_verdict_buttons()}"
        '<span class="decided" aria-live="polite"></span></span>'
    )


def _decision_data(report: Report, decisions: Sequence[Decision], reviewer: str) -> str:
    """What the page needs to write a decisions file: the pair's key, per decidable
    difference the fields of its entry, the decisions already made (from the decisions
    file) and who decides by default: JSON inside a script element."""
    known = {d.fingerprint for d in report.differences if decidable(d)}
    data = {
        "schema": DECISIONS_SCHEMA,
        "pair": pair_key(report.a.path, report.b.path),
        "reviewer": reviewer,
        "decided": {
            entry.fingerprint: {
                "verdict": entry.verdict,
                "text": entry.text,
                "reviewer": entry.reviewer,
                "decided_at": entry.decided_at,
                "comment": entry.comment,
            }
            for entry in decisions
            if entry.fingerprint in known and entry.verdict != "accepted"
        },
        "differences": {
            d.fingerprint: {
                "fingerprint": d.fingerprint,
                "severity": d.severity.value,
                "category": d.category.value,
                "a": d.a,
                "b": d.b,
                "a_context": d.a_context,
                "b_context": d.b_context,
            }
            for d in report.differences
            if decidable(d)
        },
    }
    return _script_json(data)


def _script_json(data: object) -> str:
    """JSON to put inside a script element. No `<`, `>` or `&` at all: the parser cannot
    be led out of it (`</script>`) or into a comment state (`<!--`) by document text."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hint(difference: Difference) -> str:
    """The dictionary hint, as a small note after the change (empty without one)."""
    hint = describe_hint(difference)
    if hint is None or difference.hint is None:
        return ""
    return (
        f' <span class="hint" title="{escape(hint)}">'
        + escape(_("hint"))
        + f": {difference.hint.upper()}</span>"
    )


def _confidence(difference: Difference) -> str:
    """An OCR difference's confidence, as a small note after the change (else empty)."""
    said = describe_confidence(difference)
    if said is None:
        return ""
    return f' <span class="hint" title="{escape(said)}">OCR {difference.confidence}</span>'


def _short(difference: Difference, limit: int = 60) -> str:
    def cut(text: str) -> str:
        return escape(text if len(text) <= limit else text[: limit - 1] + "…")

    if difference.category.is_relocation:
        return cut(difference.a)
    parts = []
    if difference.a:
        parts.append(f"<del>{cut(difference.a)}</del>")
    if difference.b:
        parts.append(f"<ins>{cut(difference.b)}</ins>")
    return " → ".join(parts)


def _stale(report: Report) -> str:
    if not report.stale:
        return ""
    items = "".join(
        f"<li>{escape(entry.category)}: "
        f"<del>{escape(entry.a)}</del> → <ins>{escape(entry.b)}</ins></li>"
        for entry in report.stale
    )
    title = escape(_("Stale accepted differences"))
    return f'<h2>{title}</h2><ul class="stale">{items}</ul>'


_Marks = dict[tuple[str, int], list[Difference]]
"""The differences to show in each paragraph, by (side, paragraph index)."""


def _index_marks(report: Report) -> _Marks:
    """Each side's differences by the paragraph they stand in, found in one pass over the
    differences: the page is built in time linear in paragraphs plus differences."""
    marks: _Marks = {}
    for difference in report.differences:
        for side, text_range in (("a", difference.a_range), ("b", difference.b_range)):
            if text_range is not None:
                marks.setdefault((side, text_range.paragraph), []).append(difference)
    return marks


def _row(report: Report, row: Row, marks: _Marks, pages: PageViews) -> str:
    a_cell = "".join(_paragraph(report, index, "a", marks, pages) for index in row.a)
    b_cell = "".join(_paragraph(report, index, "b", marks, pages) for index in row.b)
    return (
        f'    <div class="row" data-kind="{row.kind.value}">'
        f'<div class="cell a" data-side="A">{a_cell}</div>'
        f'<div class="cell b" data-side="B">{b_cell}</div></div>'
    )


def _paragraph(report: Report, index: int, side: str, marks: _Marks, pages: PageViews) -> str:
    """A paragraph with its differences marked in place; whole-paragraph ones on the <p>."""
    paragraphs: tuple[ParagraphView, ...] = (
        report.a_paragraphs if side == "a" else report.b_paragraphs
    )
    view = paragraphs[index]
    ranges: list[tuple[int, int, Difference]] = []
    whole: Difference | None = None
    for difference in marks.get((side, index), ()):
        text_range = difference.a_range if side == "a" else difference.b_range
        assert text_range is not None
        if difference.whole_paragraph:
            whole = whole or difference
        elif difference.severity is not Severity.LAYOUT:
            ranges.append((text_range.start, text_range.end, difference))
    body = _marked_text(view.text, sorted(ranges, key=lambda mark: mark[0]), side, pages)
    attributes = ""
    if whole is not None:
        anchor = f' id="d{whole.id}"' if side == "b" or not whole.b_range else ""
        attributes = f' class="whole {whole.severity.value}" data-diff="{whole.id}"{anchor}'
        if anchor:
            body += _decide_in_place(whole) + _page_crops(whole, pages, inline=True)
    location = f'<span class="loc">{escape(view.location.describe())}</span>'
    return f"<p{attributes}>{location}{body}</p>"


def _marked_text(
    text: str, ranges: list[tuple[int, int, Difference]], side: str, pages: PageViews
) -> str:
    """Escape `text`, each difference's range in a <span class="diff"> and, inside it,
    what changed in <del> (A) or <ins> (B): the letters of a misspelt word
    (`Arda<ins>la</ins>n`), the words of a rewording, or the whole range."""
    pieces: list[str] = []
    position = 0
    for start, end, difference in ranges:
        if start < position:
            continue  # overlapping marks cannot nest: the first one wins
        anchor = f' id="d{difference.id}"' if side == "b" or not difference.b else ""
        pieces.append(escape(text[position:start]))
        pieces.append(
            f'<span class="diff {difference.severity.value}" data-diff="{difference.id}"'
            f'{anchor} title="#{difference.id} {escape(difference.category.value)}">'
            f"{_inner_marks(text, start, end, difference, side)}</span>"
            + (
                _decide_in_place(difference) + _page_crops(difference, pages, inline=True)
                if anchor
                else ""
            )
        )
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def _inner_marks(text: str, start: int, end: int, difference: Difference, side: str) -> str:
    tag = "del" if side == "a" else "ins"
    css = difference.severity.value
    marks = [(s, e) for s, e in difference.marks(side) if start <= s and e <= end]
    if not marks and not (difference.segments and difference.marks("b" if side == "a" else "a")):
        marks = [(start, end)]  # nothing finer: the whole range changed
    pieces: list[str] = []
    position = start
    for mark_start, mark_end in marks:
        pieces.append(escape(text[position:mark_start]))
        pieces.append(f'<{tag} class="{css}">{escape(text[mark_start:mark_end])}</{tag}>')
        position = mark_end
    pieces.append(escape(text[position:end]))
    return "".join(pieces)


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render`, layout shown with `show` all."""
    return render(report, show_layout=settings.show == "all")


def _page_id(side: str, page: int) -> str:
    return f"page-{side}-{page}"


def _page_defs(pages: PageViews) -> str:
    """Each page image once, for every crop of it to show (`<use>`)."""
    if not pages.images:
        return ""
    images = "".join(
        f'<image id="{_page_id(image.side, image.page)}" href="{image.image}" '
        f'width="{image.width:.1f}" height="{image.height:.1f}"/>'
        for image in pages.images
    )
    left_out = ""
    if pages.left_out:
        left_out = (
            '<p class="pages-left-out">'
            + escape(
                ngettext(
                    "The page of {count} more page with differences is not shown.",
                    "The pages of {count} more pages with differences are not shown.",
                    pages.left_out,
                ).format(count=pages.left_out)
            )
            + "</p>"
        )
    return (
        f'<svg class="page-defs" aria-hidden="true" width="0" height="0"><defs>{images}</defs>'
        f"</svg>{left_out}"
    )


CROP_ROOM_ACROSS = 60.0
"""Points of the page shown left and right of a difference's marks: the words around."""

CROP_ROOM_DOWN = 1.7
"""Shown above and below the marks, in their line's height: the line before and after
(line spacing is some 1.2 times the type, and a mark is a little taller than its line)."""

CROP_WIDTH = 220.0
"""The narrowest crop in points: a short word's crop still shows a few words around."""


def _page_crops(difference: Difference, pages: PageViews, inline: bool = False) -> str:
    """The difference's part of each page it is marked on (A's, then B's), a button that
    opens the whole page; `inline` in the documents' text, shown while the difference
    is the current one."""
    crops = []
    for mark in sorted(pages.of(difference.id), key=lambda mark: (mark.side, mark.page)):
        image = pages.image(mark.side, mark.page)
        if image is not None:
            crops.append(_crop(difference, mark, image))
    if not crops:
        return ""
    if inline:  # inside a paragraph: phrasing content only
        return f'<span class="page-crops inline">{"".join(crops)}</span>'
    return f'<div class="page-crops">{"".join(crops)}</div>'


def _crop(difference: Difference, mark: PageMark, image: PageImage) -> str:
    """One page's crop: the page image under the difference's marks, in page points (y
    down from the crop box's top, as SVG has it)."""
    top = image.bottom + image.height
    rectangles = [
        (x0 - image.left, top - y1, x1 - x0, y1 - y0) for x0, y0, x1, y1 in mark.rectangles
    ]
    left = min(x for x, _, _, _ in rectangles)
    right = max(x + width for x, _, width, _ in rectangles)
    upper = min(y for _, y, _, _ in rectangles)
    lower = max(y + height for _, y, _, height in rectangles)
    middle = (left + right) / 2
    half = max(CROP_WIDTH, right - left + 2 * CROP_ROOM_ACROSS) / 2
    x0 = max(0.0, min(middle - half, image.width - 2 * half))
    x1 = min(image.width, x0 + 2 * half)
    line = min(height for _, _, _, height in rectangles)
    y0 = max(0.0, upper - CROP_ROOM_DOWN * line)
    y1 = min(image.height, lower + CROP_ROOM_DOWN * line)
    severity = difference.severity.value
    drawn = "".join(
        f'<rect class="mark {severity}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}"/>'
        for x, y, width, height in rectangles
    )
    side = mark.side.upper()
    page_number = escape(_("p. {page}").format(page=mark.page))
    where = escape(
        _("{side}, page {page}: #{number} marked (click for the whole page)").format(
            side=side, page=mark.page, number=difference.id
        )
    )
    return (
        f'<button type="button" class="page-open" title="{where}" '
        f'data-page="0 0 {image.width:.1f} {image.height:.1f}">'
        f'<svg class="page-crop" viewBox="{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}" '
        f'role="img" aria-label="{where}">'
        f'<use href="#{_page_id(mark.side, mark.page)}"/>{drawn}</svg>'
        f'<span class="page-label">{escape(side)} · {page_number}</span></button>'
    )
