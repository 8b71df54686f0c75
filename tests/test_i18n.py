"""Languages: the catalogues are whole and current, and the main paths speak both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from docreconcile import i18n
from tests.conftest import PDF_VERSION, ROOT, TEXT_VERSION
from tools import catalogue

FIELD = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def swedish() -> list[tuple[str, str]]:
    """Every message of the Swedish catalogue with its translation (each plural form)."""
    pairs = []
    for message in catalogue.read_catalogue("sv"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((ids[min(i, len(ids) - 1)], string) for i, string in enumerate(strings))
    return pairs


def test_the_catalogues_hold_every_message_and_are_compiled() -> None:
    """Every marked message and help text is in each `.po`, no other is, and the `.mo`
    the package reads is the `.po` compiled (`python tools/catalogue.py` makes it so)."""
    source = catalogue.template()
    for language in catalogue.languages():
        folder = catalogue.LOCALE / language / "LC_MESSAGES"
        po, mo = catalogue.updated(language, source)
        assert (folder / "docreconcile.po").read_bytes() == po, "run python tools/catalogue.py"
        assert (folder / "docreconcile.mo").read_bytes() == mo, "run python tools/catalogue.py"


def test_every_message_has_a_swedish_translation_with_the_same_fields(
    swedish: list[tuple[str, str]],
) -> None:
    assert len(swedish) > 150
    untranslated = [english for english, string in swedish if not string.strip()]
    assert untranslated == []
    unlike = [
        (english, string)
        for english, string in swedish
        if sorted(FIELD.findall(english)) != sorted(FIELD.findall(string))
    ]
    assert unlike == []


def test_help_texts_are_in_the_catalogue() -> None:
    """A help text added to a command is a message too (read from the commands)."""
    texts = set(catalogue.help_texts())
    assert any(text.startswith("Which differences to list") for text in texts)
    ids = {message.id for message in catalogue.read_catalogue("sv")}
    assert texts <= ids


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LANGUAGE": "fr:sv", "LANG": "fr_FR.UTF-8"}, "sv"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_locale_chooses_the_language(environment: dict[str, str], expected: str) -> None:
    assert i18n.from_locale(environment) == expected


@pytest.fixture
def in_swedish() -> Iterator[None]:
    i18n.use("sv")
    yield
    i18n.use("en")


def test_the_library_speaks_the_language_in_use(in_swedish: None) -> None:
    from docreconcile.model import Location
    from docreconcile.report import counted

    assert Location(line=41, page=3).describe() == "s. 3, rad 41"
    assert counted(1, "page") == "1 sida" and counted(4, "page") == "4 sidor"


def _docreconcile(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (typer's own words included)."""
    command = shutil.which("docreconcile")
    assert command is not None, "docreconcile is not installed on PATH"
    env = {**os.environ, **environment}
    return subprocess.run(
        [command, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.mark.parametrize("choose", [("--lang", "sv"), ("LANG", "sv_SE.UTF-8")])
def test_compare_reports_in_swedish(choose: tuple[str, str]) -> None:
    option, value = choose
    args = [str(TEXT_VERSION), str(PDF_VERSION)]
    run = (
        _docreconcile(*args, option, value)
        if option == "--lang"
        else _docreconcile(*args, **{option: value})
    )
    assert run.returncode == 1, run.stderr
    out = run.stdout
    assert "Sakliga skillnader: 2" in out
    assert "#1 stavning  A rad 41  B s. 3, rad 19" in out
    assert "B har troligen rätt: ”Ardalan” förekommer i skriven svenska" in out
    assert "Sammanfattning" in out and "2 sakliga skillnader; 0 mindre" in out
    assert "difference" not in out.lower() and "substantive" not in out


def test_compare_reports_in_english_by_default_and_with_lang_en() -> None:
    args = [str(TEXT_VERSION), str(PDF_VERSION)]
    for run in (_docreconcile(*args), _docreconcile(*args, "--lang", "en", LANG="sv_SE.UTF-8")):
        assert run.returncode == 1, run.stderr
        assert "Substantive differences: 2" in run.stdout
        assert "#1 spelling  A line 41  B p. 3, line 19" in run.stdout


def test_the_brief_line_and_an_error_in_both_languages(tmp_path: Path) -> None:
    args = [str(TEXT_VERSION), str(PDF_VERSION), "-q"]
    assert ": same" not in _docreconcile(*args).stdout
    assert (
        "skiljer sig: 2 sakliga, 0 mindre skillnader" in _docreconcile(*args, "--lang", "sv").stdout
    )
    missing = _docreconcile(str(TEXT_VERSION), str(tmp_path / "saknas.pdf"), "--lang", "sv")
    assert missing.returncode == 2
    assert missing.stderr == (
        f"docreconcile: fel: {tmp_path / 'saknas.pdf'}: filen finns inte: kontrollera sökvägen\n"
    )
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    said = _docreconcile(str(empty), str(PDF_VERSION), LANG="sv_SE.UTF-8").stderr
    assert said == f"docreconcile: fel: {empty}: är tom: inget att jämföra\n"
    unknown = _docreconcile(str(TEXT_VERSION), "--shwo", "--lang", "sv")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("docreconcile: fel: Ingen sådan flagga: --shwo")


def test_help_in_swedish_is_swedish_throughout() -> None:
    run = _docreconcile("compare", "--help", LANG="sv_SE.UTF-8")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Användning: docreconcile compare")
    assert "Flaggor" in run.stdout and "Argument" in run.stdout
    assert "Vilka skillnader som listas" in run.stdout
    assert "Visa det här meddelandet och avsluta." in run.stdout
    assert "Exempel:" in run.stdout and "Slutstatus:" in run.stdout
    english = _docreconcile("compare", "--help")
    assert english.stdout.startswith("Usage: docreconcile compare")
    assert "Which differences to list" in english.stdout


def test_an_unknown_language_is_one_line_in_the_locales_language() -> None:
    run = _docreconcile(str(TEXT_VERSION), str(PDF_VERSION), "--lang", "xx", LANG="sv_SE.UTF-8")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "'xx' är inget språk här: använd en eller sv" in run.stderr


def test_reconcile_says_what_it_did_in_swedish(tmp_path: Path) -> None:
    a, b = (Path(shutil.copy(path, tmp_path)) for path in (TEXT_VERSION, PDF_VERSION))
    agreed = tmp_path / "slutlig.txt"
    run = _docreconcile("reconcile", str(a), str(b), "--prefer", "hint", "-o", str(agreed),
                        "--lang", "sv")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "överenskommen text på A:s stycken: 2 skillnader avgjorda" in run.stderr
    assert "ingen konflikt kvar" in run.stderr
    assert "Ardalan" in agreed.read_text(encoding="utf-8")
    missing = _docreconcile("reconcile", str(a), str(b), "--decisions", "x.json", "--lang", "sv")
    assert "x.json: beslutsfilen finns inte" in missing.stderr


def test_no_message_is_marked_inside_an_f_string() -> None:
    """Babel's extractor does not look inside f-strings: a `_("…")` there would never
    reach the catalogue and stay English in every language."""
    import ast

    hidden = []
    for path in sorted(catalogue.PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in catalogue.KEYWORDS
                ):
                    hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []


def test_the_html_report_speaks_the_language_in_use(in_swedish: None) -> None:
    from docreconcile import compare
    from docreconcile.report import html

    page = html.render(compare(TEXT_VERSION, PDF_VERSION))
    assert '<html lang="sv">' in page
    assert "[[" not in page
    assert "Nästa skillnad" in page and "Beslutsfil" in page
    assert 'title="A har rätt"' in page and "stavning" in page
    words = re.search(r'<script type="application/json" id="words">(.*?)</script>', page)
    assert words is not None and "avgjorda" in words.group(1)
    assert "Next difference" not in page and "struck through" not in page


def test_the_markdown_and_batch_reports_speak_the_language_in_use(in_swedish: None) -> None:
    from docreconcile import compare
    from docreconcile.report import markdown
    from docreconcile.report.batch import render_markdown

    comment = markdown.render(compare(TEXT_VERSION, PDF_VERSION))
    assert comment.startswith("### ❌ docreconcile: 2 sakliga skillnader")
    assert "| # | grad | kategori | A | B | ändring |" in comment
    assert "| 1 | saklig | stavning | rad 41 | s. 3, rad 19 |" in comment
    record = {"pair": "beslut", "status": "different", "error": None,
              "summary": {"substantive": 2, "minor": 0}}  # fmt: skip
    index = render_markdown([record], "substantive", lambda _record: None)
    assert "docreconcile batch: 1 par, 1 skiljer sig, 0 med fel" in index
    assert "| beslut | 2 | 0 | skiljer sig |  |" in index


def test_review_asks_in_swedish(seed_pair: tuple[Path, Path]) -> None:
    from tests.test_review import finish, spawn

    text, pdf = seed_pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", "--lang", "sv",
                  cwd=text.parent)  # fmt: skip
    child.expect("Skillnad 1 av 2, 2 oavgjorda")
    child.expect("a: A  b: B  e: redigera  y: båda bra")
    child.send("a")
    child.expect("Skillnad 2 av 2, 1 oavgjorda")
    child.send("q")
    child.expect("1 av 2 skillnader avgjorda, 1 kvar: kör review igen för att fortsätta")
    assert finish(child) == 1
