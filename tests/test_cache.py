"""The extraction cache: a hit skips pdfminer; another version's entry is not used."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from docreconcile import compare
from docreconcile.extract import cache as cache_module
from docreconcile.extract import extract
from docreconcile.extract import pdf as pdf_reader
from docreconcile.extract.cache import SIGNATURE, Cache, content_key, stamp
from docreconcile.pipeline import Options
from tests.conftest import PDF_VERSION, TEXT_VERSION


def test_cached_extraction_is_used_instead_of_pdfminer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    first = extract(PDF_VERSION, cache=cache)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfminer was run although the cache holds this PDF")

    monkeypatch.setattr(pdf_reader, "extract_pdf", no_extraction)
    copy = tmp_path / "kopia.pdf"
    shutil.copy(PDF_VERSION, copy)
    second = extract(copy, cache=cache)
    assert second.path == str(copy)  # shown under its own name
    assert [(line.text, line.location) for line in second.lines] == [
        (line.text, line.location) for line in first.lines
    ]
    report = compare(TEXT_VERSION, copy, Options(cache=cache))
    assert [d.b for d in report.differences if d.severity.value == "substantive"] == [
        "Ardalan",
        "genomlysa",
    ]


def entry_data(entry: Path) -> dict[str, object]:
    """An entry's JSON, without the signature on its last line."""
    content, _, _ = entry.read_bytes().rpartition(SIGNATURE)
    data: dict[str, object] = json.loads(content)
    return data


def test_an_entry_from_another_version_is_not_used(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    extract(PDF_VERSION, cache=cache)
    key = content_key(PDF_VERSION.read_bytes())
    data = entry_data(tmp_path / f"{key}.json")
    assert data["stamp"] == stamp() and "pdfminer.six" in str(data["stamp"])
    data["stamp"] = str(data["stamp"]).replace("docreconcile", "docreconcile 0.0.0-old")
    cache.write(key, json.dumps(data))  # signed: still another version's
    assert cache.get(key, "x.pdf") is None


def test_an_entry_not_signed_with_this_users_key_is_not_used(tmp_path: Path) -> None:
    """Issue 33: an edited entry, or one made elsewhere (a cache restored in CI from
    another branch's run), was trusted. Entries are signed with a key kept outside the
    cache folder: one edited, or signed with another key, is a miss."""
    cache = Cache(tmp_path)
    extract(PDF_VERSION, cache=cache)
    key = content_key(PDF_VERSION.read_bytes())
    entry = tmp_path / f"{key}.json"
    assert cache.get(key, "x.pdf") is not None
    good = entry.read_bytes()
    assert b"Ardalan" in good
    entry.write_bytes(good.replace(b"Ardalan", b"Ardan", 1))
    assert cache.get(key, "x.pdf") is None
    content, _, _ = good.rpartition(SIGNATURE)
    entry.write_bytes(content)  # no signature at all
    assert cache.get(key, "x.pdf") is None
    entry.write_bytes(content + SIGNATURE + b"0" * 64)  # another key's
    assert cache.get(key, "x.pdf") is None
    entry.write_bytes(good)
    assert cache.get(key, "x.pdf") is not None


def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = content_key(PDF_VERSION.read_bytes())
    (tmp_path / f"{key}.json").write_text("{not json", encoding="utf-8")
    assert cache.get(key, "x.pdf") is None
    assert extract(PDF_VERSION, cache=cache).pages == 4  # and is replaced


def test_password_protected_pdfs_are_not_cached(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    from tests.pdfmaker import make_pdf

    path = make_pdf(
        tmp_path / "hemlig.pdf", [["Hemligt"]], encrypt=StandardEncryption("pw", strength=128)
    )
    cache = Cache(tmp_path / "cache")
    extract(path, password="pw", cache=cache)
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_does_not_fail_the_comparison(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    assert extract(PDF_VERSION, cache=Cache(blocker / "cache")).pages == 4


def _planted(tmp_path: Path) -> tuple[Cache, str, Path, dict[str, object]]:
    """A cache with a good entry for the fixture PDF, to be tampered with."""
    cache = Cache(tmp_path / "cache")
    extract(PDF_VERSION, cache=cache)
    key = content_key(PDF_VERSION.read_bytes())
    entry = tmp_path / "cache" / f"{key}.json"
    return cache, key, entry, entry_data(entry)


def test_a_fifo_where_an_entry_should_be_is_ignored_at_once(tmp_path: Path) -> None:
    cache, key, entry, _ = _planted(tmp_path)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.get(key, "x.pdf") is None  # returns; reading it would wait for ever


def test_an_entry_behind_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    cache, key, entry, _ = _planted(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache.get(key, "x.pdf") is None


def test_a_planted_entry_of_huge_lines_is_refused(tmp_path: Path) -> None:
    """An entry of million-character lines took 4.2 GB to compare; it is not a PDF's."""
    cache, key, _, data = _planted(tmp_path)
    lines = data["lines"]
    assert isinstance(lines, list)
    lines[0][0] = "x" * 3_000_000
    cache.write(key, json.dumps(data))  # signed as ours: refused for what it holds
    assert cache.get(key, "x.pdf") is None
    lines[0][0] = "Linköping"
    lines[1][1] = "sida tre"  # a page that is no number
    cache.write(key, json.dumps(data))
    assert cache.get(key, "x.pdf") is None


def _as_another_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files made here now belong to someone else, as far as the cache can tell (only
    root can give a file away; the cache compares owners with the effective user)."""
    others = os.geteuid() + 1
    monkeypatch.setattr("docreconcile.extract.cache.os.geteuid", lambda: others)


def test_an_entry_owned_by_another_user_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, key, _, _ = _planted(tmp_path)
    assert cache.get(key, "x.pdf") is not None
    _as_another_user(monkeypatch)
    assert Cache(tmp_path / "cache").get(key, "x.pdf") is None


def test_a_cache_folder_of_another_user_is_not_used_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    _as_another_user(monkeypatch)
    cache = Cache(folder)
    assert extract(PDF_VERSION, cache=cache).pages == 4
    assert list(folder.iterdir()) == []
    assert cache.problem is not None and "belongs to another user" in cache.problem


def test_the_folder_is_kept_under_its_size_least_recently_used_out_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries of older versions are never read again; past MAX_FOLDER_MB the least
    recently used go first, and an entry read now counts as used now."""
    folder = tmp_path / "cache"
    memos = sorted((Path(__file__).parent / "memos").glob("0*.pdf"))[:3]
    for pdf in memos:
        extract(pdf, cache=Cache(folder))
    entries = [folder / f"{content_key(pdf.read_bytes())}.json" for pdf in memos]
    for age, entry in enumerate(entries):  # written long ago, in this order
        os.utime(entry, (1_000 + age, 1_000 + age))
    assert Cache(folder).read(content_key(memos[0].read_bytes())) is not None  # used now
    written = sum(entry.stat().st_size for entry in entries)
    monkeypatch.setattr(cache_module, "MAX_FOLDER_MB", 1.1 * written / 2**20)
    extract(PDF_VERSION, cache=Cache(folder))  # one more entry: past the limit
    left = {path.name for path in folder.glob("*.json")}
    assert entries[0].name in left  # the oldest, but read just now
    assert entries[1].name not in left  # the least recently used
    assert f"{content_key(PDF_VERSION.read_bytes())}.json" in left  # the newest
    kept = sum(path.stat().st_size for path in folder.glob("*.json"))
    assert kept <= cache_module.PRUNED_TO * cache_module.MAX_FOLDER_MB * 2**20


def test_a_cached_reading_shares_equal_numbers_as_a_fresh_one_does(tmp_path: Path) -> None:
    """JSON gives every number an object of its own; lines read back from the cache
    share equal coordinates and pages as freshly read ones do (`Interned`)."""
    cache = Cache(tmp_path / "cache")
    fresh = extract(PDF_VERSION, cache=cache)
    cached = extract(PDF_VERSION, cache=cache)
    assert cached.lines == fresh.lines
    for document in (fresh, cached):
        lefts = [line.box.x0 for line in document.lines if line.box is not None]
        assert len({id(value) for value in lefts}) == len(set(lefts)) < len(lefts)
        pages = [line.location.page for line in document.lines]
        assert len({id(page) for page in pages}) == len(set(pages))


def test_verbose_says_once_that_entries_made_elsewhere_were_not_used(tmp_path: Path) -> None:
    import subprocess

    cache_dir = tmp_path / "cache"
    extract(PDF_VERSION, cache=Cache(cache_dir))
    for entry in cache_dir.glob("*.json"):
        content, _, _ = entry.read_bytes().rpartition(SIGNATURE)
        entry.write_bytes(content + SIGNATURE + b"0" * 64)  # another key's signature
    arguments = ["docreconcile", str(TEXT_VERSION), str(PDF_VERSION), "-q"]
    run = subprocess.run(
        [*arguments, "--cache-dir", str(cache_dir), "-v"], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stderr.count("not signed by this user's key") == 1, run.stderr


def test_a_cached_pair_still_keeps_to_max_pages(tmp_path: Path) -> None:
    """Issue 33: a pair answered from the cache ignored --max-pages (and a PDF read from
    the extraction cache too): the limit holds whether the PDF is read now or not."""
    from typer.testing import CliRunner

    from docreconcile.cli import app

    runner = CliRunner()
    cache = tmp_path / "cache"
    base = [str(TEXT_VERSION), str(PDF_VERSION), "--cache-dir", str(cache), "-q"]
    assert runner.invoke(app, base).exit_code == 1  # kept: the report and the PDF
    refused = runner.invoke(app, [*base, "--max-pages", "3"])
    assert refused.exit_code == 2
    assert "has more than 3 pages: raise the limit with --max-pages" in refused.stderr
    single = runner.invoke(app, ["reconcile", *base[:-1], "--max-pages", "3", "--prefer", "b"])
    assert single.exit_code == 2 and "has more than 3 pages" in single.stderr


def test_a_cache_folder_that_cannot_be_made_is_said_once(tmp_path: Path) -> None:
    """Issue 33: an XDG_CACHE_HOME where no folder can be made was skipped without a
    word. The comparison still runs; one warning says the cache is not used."""
    from typer.testing import CliRunner

    from docreconcile.cli import app

    result = CliRunner().invoke(
        app, [str(TEXT_VERSION), str(PDF_VERSION), "-q"], env={"XDG_CACHE_HOME": "/proc/nej"}
    )
    assert result.exit_code == 1
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "docreconcile: warning: cache folder /proc/nej/docreconcile: cannot be written "
        "(No such file or directory): not used"
    ]
