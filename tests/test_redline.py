"""Word redlines (issue 30): the agreed text as a Word file with each decision a tracked
change, and A's text with every difference to B as one, opened by LibreOffice: accepting
all changes gives B's words (or the agreed ones), rejecting all gives A's, as docreconcile
itself reads them back."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from docreconcile.baseline import Audit, decision_for, pair_key, record
from docreconcile.cli import app
from docreconcile.extract import extract_data
from docreconcile.model import Severity
from docreconcile.pipeline import Options, compare
from docreconcile.reconcile import accepted_text, agreed_text, redline, rejected_text
from docreconcile.redline import Tracked, docx
from tests.conftest import require_tool
from tests.revisions import revise

runner = CliRunner()
MEMOS = Path(__file__).resolve().parent / "memos"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _soffice() -> str:
    return require_tool("soffice", "libreoffice-writer-nogui", "the redline tests")


def as_libreoffice_saves_it(word_file: Path, folder: Path) -> Path:
    """The Word file opened by LibreOffice and saved as OpenDocument, its tracked changes
    kept as LibreOffice understood them."""
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "odt",
            "--outdir",
            str(folder),
            str(word_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{word_file.stem}.odt"


def rejected_odt_text(odt: Path) -> str:
    """An OpenDocument text with every tracked change rejected: what was inserted left
    out, what was deleted put back where its mark stands."""
    with zipfile.ZipFile(odt) as package:
        root = ElementTree.fromstring(package.read("content.xml"))
    deleted: dict[str, str] = {}
    inserted: set[str] = set()
    for region in root.iter(f"{TEXT}changed-region"):
        ident = region.get(f"{TEXT}id", "")
        deletion = region.find(f"{TEXT}deletion")
        if deletion is not None:
            deleted[ident] = " ".join(
                "".join(p.itertext()) for p in deletion if p.tag in (f"{TEXT}p", f"{TEXT}h")
            )
        elif region.find(f"{TEXT}insertion") is not None:
            inserted.add(ident)
    paragraphs: list[str] = []
    skipping: set[str] = set()

    def walk(element: ElementTree.Element, out: list[str]) -> None:
        for child in element:
            ident = child.get(f"{TEXT}change-id", "")
            if child.tag == f"{TEXT}tracked-changes":
                pass
            elif child.tag == f"{TEXT}change-start" and ident in inserted:
                skipping.add(ident)
            elif child.tag == f"{TEXT}change-end":
                skipping.discard(ident)
            elif child.tag == f"{TEXT}change" and ident in deleted:
                out.append(deleted[ident])
            elif child.tag in (f"{TEXT}p", f"{TEXT}h"):
                words: list[str] = [] if skipping else [child.text or ""]
                walk(child, words)
                paragraphs.append("".join(words))
            elif child.tag in (f"{TEXT}line-break", f"{TEXT}tab", f"{TEXT}s"):
                out.append(" ")
            else:
                walk(child, out)
            if not skipping and child.tag not in (f"{TEXT}p", f"{TEXT}h"):
                out.append(child.tail or "")

    body = root.find(".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text")
    assert body is not None
    walk(body, [])
    return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"


def word_differences(a: Path, b: Path) -> list[tuple[str, str, str]]:
    """The differences of words between two versions (substantive and minor, moves of
    place apart)."""
    return [
        (d.category.value, d.a, d.b)
        for d in compare(a, b, Options()).differences
        if d.severity is not Severity.LAYOUT and d.category.value not in ("moved", "reading_order")
    ]


def test_a_word_file_reads_back_as_its_changes_accepted() -> None:
    """The writer's own output, read by the Word reader (which reads a file as accepted):
    the inserted words, not the deleted ones; a line the author broke stays a break."""
    data = docx([["Nämnden beslutar att ", Tracked("bevilja", "avslå", "Eva", ""), " ansökan."]])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        part = ElementTree.fromstring(package.read("word/document.xml"))
    assert [e.get(f"{W}author") for e in part.iter(f"{W}del")] == ["Eva"]
    lines = [line.text for line in extract_data("redline.docx", data).lines if line.text]
    assert lines == ["Nämnden beslutar att avslå ansökan."]


def test_a_redline_accepted_gives_bs_words_and_rejected_as(seed_pair: tuple[Path, Path]) -> None:
    """The fixture's text against its PDF (`Ardan`/`Ardalan`, `genomlysna`/`genomlysa`):
    the redline written by `reconcile --redline`, opened and saved by LibreOffice. All its
    changes accepted, the text has the PDF's words; all rejected, the text's own."""
    text, pdf = seed_pair
    folder = text.parent
    target = folder / "red.docx"
    result = runner.invoke(app, ["reconcile", str(text), str(pdf), "--redline", str(target)])
    assert result.exit_code in (0, 1), result.output
    odt = as_libreoffice_saves_it(target, folder)
    accepted = folder / "accepted.odt"
    shutil.copy(odt, accepted)
    assert word_differences(accepted, pdf) == []
    rejected = folder / "rejected.txt"
    rejected.write_text(rejected_odt_text(odt), encoding="utf-8")
    assert word_differences(rejected, text) == []
    assert len(word_differences(rejected, pdf)) == 2


def test_the_agreed_word_file_tracks_each_decision_by_its_reviewer(
    seed_pair: tuple[Path, Path],
) -> None:
    """Both differences decided for B by a reviewer: `reconcile -o agreed.docx` tracks
    each as the reviewer's change at the decision's time; accepted, it is the agreed text
    (the PDF's words), rejected the text's."""
    text, pdf = seed_pair
    decisions = text.parent / "beslut.json"
    audit = Audit("Eva Ek", "2026-12-07T10:15:00+01:00", "")
    for difference in compare(text, pdf, Options()).differences:
        if difference.severity is Severity.SUBSTANTIVE:
            record(decisions, pair_key(text, pdf), decision_for(difference, "b", audit=audit))
    target = text.parent / "agreed.docx"
    result = runner.invoke(
        app, ["reconcile", str(text), str(pdf), "--decisions", str(decisions), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as package:
        part = ElementTree.fromstring(package.read("word/document.xml"))
    tracked = [
        (e.tag[len(W) :], e.get(f"{W}author"), e.get(f"{W}date"))
        for e in part.iter()
        if e.tag in (f"{W}ins", f"{W}del")
    ]
    by_eva = [("del", "Eva Ek", "2026-12-07T09:15:00Z"), ("ins", "Eva Ek", "2026-12-07T09:15:00Z")]
    assert tracked == by_eva * 2
    odt = as_libreoffice_saves_it(target, text.parent)
    assert word_differences(odt, pdf) == []
    rejected = text.parent / "rejected.txt"
    rejected.write_text(rejected_odt_text(odt), encoding="utf-8")
    assert word_differences(rejected, text) == []


@pytest.mark.parametrize(
    "memo",
    ["03-miljo-remissvar-tillsyn-apotek-sou-2023-101", "05-ifo-tage-larssons-stiftelse-2025"],
)
def test_a_memo_revisions_redline_gives_the_memo_back(memo: str, tmp_path: Path) -> None:
    """A real memo revised (a date, a sum, a rewording, a clause, a sentence: tests/
    revisions.py) against the memo's PDF: the redline of the revision, accepted in
    LibreOffice, has the PDF's words; rejected, the revision's."""
    revised, revisions = revise((MEMOS / f"{memo}.txt").read_text(encoding="utf-8"))
    assert len(revisions) >= 2
    text = tmp_path / "revision.txt"
    text.write_text(revised, encoding="utf-8")
    pdf = MEMOS / f"{memo}.pdf"
    report = compare(text, pdf, Options())
    changes = redline(report, "B: memo.pdf", "2026-12-07T10:00:00+01:00")
    assert sum(isinstance(p, Tracked) for paragraph in changes for p in paragraph) >= len(revisions)
    target = tmp_path / "revision.docx"
    target.write_bytes(docx(changes))
    odt = as_libreoffice_saves_it(target, tmp_path)
    assert word_differences(odt, pdf) == []
    rejected = tmp_path / "rejected.txt"
    rejected.write_text(rejected_odt_text(odt), encoding="utf-8")
    assert word_differences(rejected, text) == []
    # the memo's headings are headings in LibreOffice too (an outline), its sentences not
    with zipfile.ZipFile(odt) as package:
        root = ElementTree.fromstring(package.read("content.xml"))
    headings = ["".join(h.itertext()) for h in root.iter(f"{TEXT}h")]
    assert "Förslag till beslut" in headings and "Sammanfattning av ärendet" in headings
    assert all(not heading.rstrip().endswith(".") for heading in headings)
    # the same, without LibreOffice: the pieces themselves
    accepted = "\n\n".join(accepted_text(p) for p in changes)
    assert "\n\n".join(rejected_text(p) for p in changes).split() == [
        word for view in report.a_paragraphs for word in view.text.split()
    ]
    assert accepted.split() != revised.split()


def test_the_agreed_texts_tracked_form_is_the_agreed_text(seed_pair: tuple[Path, Path]) -> None:
    """Accepting every change of the tracked form gives the agreed text word for word;
    rejecting every change, the base's."""
    text, pdf = seed_pair
    report = compare(text, pdf, Options())
    agreed = agreed_text(report, [], prefer="b")
    accepted = " ".join(accepted_text(p) for p in agreed.tracked)
    rejected = " ".join(rejected_text(p) for p in agreed.tracked)
    assert accepted.split() == agreed.text.split()
    assert rejected.split() == " ".join(v.text for v in report.a_paragraphs).split()


def test_a_redline_that_is_no_word_file_is_refused(seed_pair: tuple[Path, Path]) -> None:
    text, pdf = seed_pair
    result = runner.invoke(
        app, ["reconcile", str(text), str(pdf), "--redline", str(text.parent / "red.txt")]
    )
    assert result.exit_code == 2
    assert "a redline is a Word file: name it .docx" in result.output
    assert not (text.parent / "red.txt").exists()
