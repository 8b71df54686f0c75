"""Shared fixtures: paths of the bundled documents and makers of small real PDFs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from docreconcile import compare
from docreconcile.model import Report

ROOT = Path(__file__).resolve().parent.parent
LINKOPING = ROOT / "fixtures" / "linkoping"
TEXT_VERSION = LINKOPING / "tjansteskrivelse.txt"
PDF_VERSION = LINKOPING / "tjansteskrivelse.pdf"
PDF_TEXT_VERSION = LINKOPING / "pdf-version.txt"


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tool's cache (`$XDG_CACHE_HOME/docreconcile`) and the key that signs its entries
    (`$XDG_STATE_HOME/docreconcile`) go to temporary folders for the whole run, the CLI's
    and every subprocess's: tests never write the user's."""
    before = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME")}
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("xdg-state"))  # the cache key
    yield
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True, scope="session")
def _english_whatever_the_locale() -> Iterator[None]:
    """Tests read English unless they ask for another language: a developer's
    `LANG=sv_SE.UTF-8` would otherwise make every message Swedish (`i18n.from_locale`),
    in this process and every command it starts."""
    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    before = {name: os.environ.get(name) for name in names}
    for name in names[:-1]:
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "doc.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def seed_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture memo as text and as PDF, copied into a temporary folder (where a
    decisions file beside them may be written)."""
    text, pdf = tmp_path / "beslut.txt", tmp_path / "beslut.pdf"
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    return text, pdf


@pytest.fixture(scope="session")
def report() -> Report:
    """The fixture pair compared once: the report every reporter's tests render."""
    return compare(TEXT_VERSION, PDF_VERSION)


def require_tool(name: str, package: str, purpose: str) -> str:
    """The path of an external program a test needs: skipped without it, but required
    (a failure) where CI is set, since `.ci/run` installs it."""
    import os

    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed: apt-get install {package}"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {purpose} need it: {message}")
        pytest.skip(message)
    return found
