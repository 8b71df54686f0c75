"""Keep the message catalogues in step with the code: extract, update, compile.

    python tools/catalogue.py          # after changing a message or a help text
    python tools/catalogue.py --check  # exit 1 if a catalogue is out of date (CI, tests)

Messages are what the code marks (`_()`, `N_()`, `ngettext()`, found by Babel's
extractor) and every help text of the command line (read from the commands
themselves: a command's docstring is its help). Each language's `.po` is updated from
them (a message no longer used is dropped, a new one added untranslated) and compiled
to the `.mo` the installed package reads with the standard library.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "docreconcile"
LOCALE = PACKAGE / "locale"
DOMAIN = "docreconcile"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def marked_messages() -> Iterator[str | tuple[str, str]]:
    """What the code marks for translation (a plural as its two forms)."""
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            yield (message[0], message[1])
        else:
            yield message


def help_texts() -> Iterator[str]:
    """Every help text of the command line: the group's, each command's, each option's."""
    import typer

    from docreconcile.cli import app

    pending = [typer.main.get_command(app)]
    while pending:
        command = pending.pop()
        for holder in (command, *command.params):
            for field in ("help", "epilog"):
                text = getattr(holder, field, None)
                if text:
                    yield text
        pending.extend(getattr(command, "commands", {}).values())


def template_texts() -> Iterator[str]:
    """The texts of the page templates and of the page's fixed fragments, marked
    `[[text]]` (`report.html.localised` puts them in the language in use)."""
    from docreconcile.report.html import _MARKED

    for path in [
        *(PACKAGE / "report" / "templates").glob("*.html"),
        PACKAGE / "report" / "html.py",
    ]:
        yield from _MARKED.findall(path.read_text(encoding="utf-8"))


def template() -> Catalog:
    catalog = Catalog(project=DOMAIN, charset="utf-8")
    for message in [*marked_messages(), *help_texts(), *template_texts()]:
        catalog.add(message)
    return catalog


def _po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, no_location=True, sort_output=True, width=100)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def languages() -> list[str]:
    return sorted(path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES").is_dir())


def read_catalogue(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=language)


def updated(language: str, source: Catalog) -> tuple[bytes, bytes]:
    """The `.po` and `.mo` of `language`, updated from `source`."""
    catalog = read_catalogue(language)
    created = catalog.creation_date
    catalog.update(source, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # no churn in the file from the clock: the dates stay the catalogue's own
    catalog.creation_date = catalog.revision_date = created
    return _po_text(catalog), _mo_bytes(catalog)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether up to date")
    arguments = parser.parse_args()
    source = template()
    stale = []
    for language in languages():
        folder = LOCALE / language / "LC_MESSAGES"
        po, mo = updated(language, source)
        for path, content in ((folder / f"{DOMAIN}.po", po), (folder / f"{DOMAIN}.mo", mo)):
            if path.exists() and path.read_bytes() == content:
                continue
            stale.append(path)
            if not arguments.check:
                path.write_bytes(content)
    if arguments.check and stale:
        sys.exit("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))


if __name__ == "__main__":
    main()
