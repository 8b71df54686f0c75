"""Bad, hostile and odd inputs: each gets one clear line and exit status 2, never a
traceback, a hang or a half-written file. Also: a mutation fuzz over the fixture PDF."""

from __future__ import annotations

import io
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.cli import app
from docreconcile.errors import InputError
from docreconcile.extract import Limits
from docreconcile.pipeline import Options
from tests import hostile
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2, (out, err)
    assert out == ""
    assert err.startswith("docreconcile: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize(
    ("make", "flags", "fragments"),
    [
        (
            hostile.decompression_bomb,
            ["--max-memory", "256"],
            ["needs more than 256 MB", "--max-memory"],
        ),
        (hostile.tiny_fragments, ["--timeout", "1.5"], ["longer than 1.5 s", "--timeout"]),
    ],
    ids=["decompression-bomb", "tiny-fragments"],
)
def test_hostile_pdf_hits_a_limit(
    tmp_path: Path, make: Callable[[Path], Path], flags: list[str], fragments: list[str]
) -> None:
    path = make(tmp_path / "fientlig.pdf")
    assert_one_line_error(*invoke(str(path), str(TEXT_VERSION), *flags), *fragments)


@pytest.mark.parametrize(
    "make", [hostile.deep_nesting, hostile.cyclic_page_tree, hostile.reference_cycle]
)
def test_structurally_hostile_pdf_ends_within_the_time_limit(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path / "fientlig.pdf")
    try:
        document_report = compare(path, path, Options(limits=Limits(timeout=20)))
    except InputError as error:
        assert str(error).startswith(str(path))
    else:
        assert document_report.differences == ()


def test_hand_written_pdf_is_readable(tmp_path: Path) -> None:
    """The hostile files' writer makes valid PDFs: the traps, not the writer, cause the errors."""
    report = compare(hostile.plain(tmp_path / "a.pdf"), hostile.plain(tmp_path / "b.pdf"))
    assert report.a.paragraphs == 1 and report.differences == ()


@pytest.mark.parametrize(
    "name",
    ["Linköping tjänsteskrivelse.txt", "med mellanslag och åäö.txt", "-inleds-med-streck.txt"],
)
def test_odd_paths_work(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(TEXT_VERSION, path)
    paths = [str(path), str(PDF_VERSION)]
    status, out, err = invoke("--format", "json", "--", *paths)
    assert status == 1, err
    assert json.loads(out)["a"]["path"].endswith(name)


def test_relative_path_with_a_leading_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(TEXT_VERSION, tmp_path / "-beslut.txt")
    monkeypatch.chdir(tmp_path)
    status, _, err = invoke("--", "-beslut.txt", str(PDF_VERSION))
    assert status == 1, err
    status, _, err = invoke("./-beslut.txt", str(PDF_VERSION))
    assert status == 1, err


def test_the_same_path_twice_is_allowed(tmp_path: Path) -> None:
    status, out, _ = invoke(str(PDF_VERSION), str(PDF_VERSION))
    assert status == 0 and "No substantive differences" in out


def test_pdf_with_a_blank_page_compares_the_rest_and_warns(tmp_path: Path) -> None:
    from tests.pdfmaker import make_pdf

    pages = [["Ärende", "", "Syftet var att genomlysa verksamheten."], [], ["Ej påkallat."]]
    pdf = make_pdf(tmp_path / "delvis.pdf", pages)
    text = tmp_path / "delvis.txt"
    text.write_text(
        "Ärende\n\nSyftet var att genomlysa verksamheten.\n\nEj påkallat.\n", encoding="utf-8"
    )
    status, out, _ = invoke(str(text), str(pdf))
    assert status == 0
    assert "pages without text (not compared; read them by OCR with --ocr auto): 2" in " ".join(
        out.split()
    )


def test_encrypted_pdf_with_password_option(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from tests.pdfmaker import make_pdf

    path = make_pdf(
        tmp_path / "hemlig.pdf", [["Ärende"]], encrypt=StandardEncryption("hemligt", strength=128)
    )
    assert_one_line_error(
        *invoke(str(path), str(path)), "encrypted with a password: give it with --password"
    )
    assert_one_line_error(
        *invoke(str(path), str(path), "--password", "fel"),
        "password given with --password is wrong",
    )
    assert invoke(str(path), str(path), "--password", "hemligt")[0] == 0


MUTANTS = 40


def mutants() -> list[tuple[str, bytes]]:
    """Byte flips, truncations and cut-out chunks of the fixture PDF, from a fixed seed."""
    original = PDF_VERSION.read_bytes()
    generator = random.Random(20261125)
    result: list[tuple[str, bytes]] = []
    for number in range(MUTANTS):
        data = bytearray(original)
        kind = number % 3
        if kind == 0:
            for _ in range(generator.randint(1, 40)):
                data[generator.randrange(len(data))] = generator.randrange(256)
        elif kind == 1:
            del data[generator.randrange(len(data) // 10, len(data)) :]
        else:
            start = generator.randrange(len(data))
            del data[start : start + generator.randint(1, 2000)]
        result.append((f"mutant-{number}-{('flip', 'truncate', 'cut')[kind]}", bytes(data)))
    return result


def test_mutated_pdfs_never_crash_or_hang(tmp_path: Path) -> None:
    """Every mutant either compares or gives a clean InputError, within the time limit."""
    outcomes = {"compared": 0, "refused": 0}
    for name, data in mutants():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        try:
            compare(TEXT_VERSION, path, Options(limits=Limits(timeout=15, max_memory_mb=1024)))
            outcomes["compared"] += 1
        except InputError as error:
            assert str(error).startswith(str(path)), error
            assert "\n" not in str(error)
            outcomes["refused"] += 1
    assert sum(outcomes.values()) == MUTANTS
    assert outcomes["refused"] > 0 and outcomes["compared"] > 0  # both paths were exercised


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_compared_with_itself_has_no_difference_or_a_clean_error(text: str) -> None:
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text

    data = text.encode("utf-8", "surrogatepass")
    try:
        document = extract_text(Path("x.txt"), data)
    except InputError:
        return
    report = compare_documents(document, document)
    assert report.differences == ()


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=300))
def test_any_two_texts_compare_without_raising(a: str, b: str) -> None:
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text
    from docreconcile.report import json as json_report

    try:
        first = extract_text(Path("a.txt"), a.encode("utf-8", "surrogatepass"))
        second = extract_text(Path("b.txt"), b.encode("utf-8", "surrogatepass"))
    except InputError:
        return
    report = compare_documents(first, second)
    json.loads(json_report.render(report, "all"))  # always valid JSON


_HOSTILE_PIECES = st.one_of(
    st.text(alphabet="abcåäö ÅÄÖ.,;§-", min_size=1, max_size=30),  # ordinary Swedish text
    st.text(alphabet=[chr(c) for c in (*range(0, 32), 127, *range(128, 160))], max_size=5),
    st.text(alphabet="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"),
    st.text(alphabet="\u0300\u0301\u0308\u030a\u0327\u20dd", max_size=8),  # combining marks
    st.text(alphabet="aeiouåäöns", min_size=200, max_size=5000),  # one very long word
    st.text(max_size=20),  # anything Unicode has
)
_HOSTILE_TEXT = st.lists(_HOSTILE_PIECES, min_size=1, max_size=12).map("".join)


@settings(max_examples=120, deadline=None)
@given(_HOSTILE_TEXT, _HOSTILE_TEXT)
def test_control_bidi_combining_and_very_long_words_never_break_a_report(a: str, b: str) -> None:
    """Text made of the pieces that break tools: control characters, bidi overrides,
    combining marks on nothing, words thousands of letters long, any Unicode. Each pair
    is compared and reported in every format without raising; a text against itself has
    no difference."""
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text
    from docreconcile.report import github, html, junit, markdown, terminal
    from docreconcile.report import json as json_report

    try:
        first = extract_text(Path("a.txt"), a.encode("utf-8", "surrogatepass"))
        second = extract_text(Path("b.txt"), (a + b).encode("utf-8", "surrogatepass"))
    except InputError:
        return
    assert compare_documents(first, first).differences == ()
    report = compare_documents(first, second)
    for text in (
        markdown.render(report, "all"),
        github.render(report, "all"),
        junit.render(report, "substantive"),
        html.render(report),
    ):
        text.encode("utf-8")  # no lone surrogate left: writable as UTF-8
    assert json.loads(json_report.render(report, "all"))["summary"]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    terminal.render(report, console, "all")


def test_a_cycle_of_object_references_is_named_not_timed_out(tmp_path: Path) -> None:
    """Issue 33: a PDF of some 560 bytes whose font is a reference to a reference back to
    it kept a reader spinning for the whole --timeout. The cycle is found and named: the
    file is damaged, the timeout never reached."""
    path = hostile.reference_cycle(tmp_path / "cykel.pdf")
    assert path.stat().st_size < 600
    with pytest.raises(InputError) as raised:
        compare(path, TEXT_VERSION, Options(limits=Limits(timeout=60)))
    message = str(raised.value)
    assert "a cycle of object references" in message and "the PDF is damaged" in message
    assert "took longer" not in message
