"""Languages: every message, report label and help text in English or Swedish.

The words live in gettext catalogues (`locale/sv/LC_MESSAGES/docreconcile.po`, compiled
to `.mo`), not in code: code says `_("differ")`, a translator edits the catalogue, and
`python tools/catalogue.py` (Babel) extracts new messages and compiles. English is the
catalogue's keys, so a message without a translation is still said, in English.

The language is `--lang`, or else the locale's, as gettext reads it (`LANGUAGE`, then
`LC_ALL`, `LC_MESSAGES`, `LANG`): `LANG=sv_SE.UTF-8` gives Swedish. click's own words
(`Usage:`, `Options`, `Show this message and exit.`) are in the same catalogue, so that
a Swedish help page is Swedish throughout.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

DOMAIN = "docreconcile"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "sv": "svenska"}
"""The languages there is a catalogue for (English is the messages themselves)."""

DEFAULT_LANGUAGE = "en"
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined (a help text), to be
    translated where it is shown (`_(text)` then)."""
    return message


LIBRARY_WORDS = (
    # What typer (and the click it ships) says in a help page or a usage error, through
    # the standard library's gettext or not at all: the catalogue holds it in Swedish.
    N_("Usage: "),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("Show this message and exit."),
)


class UnknownLanguage(ValueError):
    """A `--lang` there is no catalogue for."""


def from_locale(environ: Mapping[str, str] = os.environ) -> str:
    """The language the locale asks for, as gettext reads it, if there is a catalogue for
    it; else English.

    >>> from_locale({"LANG": "sv_SE.UTF-8"}), from_locale({"LANGUAGE": "de:sv", "LANG": "C"})
    ('sv', 'sv')
    >>> from_locale({"LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"}), from_locale({})
    ('en', 'en')
    """
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for wanted in value.split(":"):  # LANGUAGE is a list of preferences
            code = wanted.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if variable != "LANGUAGE":
            return DEFAULT_LANGUAGE  # the first locale variable set decides (`C`: English)
    return DEFAULT_LANGUAGE


def language_code(value: str) -> str:
    """A `--lang` value as a language we have: `sv`, `sv_SE`, `sv-SE.UTF-8` are Swedish.

    >>> language_code("sv-SE"), language_code("EN")
    ('sv', 'en')
    """
    code = value.strip().split(".")[0].replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(value)
    return code


def language_code_or_none(value: str) -> str | None:
    """`language_code`, or None where there is no such language."""
    try:
        return language_code(value)
    except UnknownLanguage:
        return None


def use(language: str) -> None:
    """Speak `language` from now on (a code of LANGUAGES)."""
    global _active, _language
    _language = language
    _active = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def use_in_process(language: str) -> None:
    """Speak `language`, and have the libraries that say their own words through the
    standard library's gettext (typer's `Options`, `Arguments`) say them from our
    catalogue in it too: for a whole run of the command, as it changes the process's
    environment (`LANGUAGE`) and gettext's default domain."""
    use(language)
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)


def current() -> str:
    """The language in use."""
    return _language


def _(message: str) -> str:
    """`message` in the language in use."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the plural of a message for `count`, in the language in use."""
    return _active.ngettext(singular, plural, count)


def lang_from_arguments(arguments: Sequence[str]) -> tuple[str | None, list[str]]:
    """The `--lang` value among command-line arguments (anywhere before `--`), and the
    arguments without it.

    >>> lang_from_arguments(["a.txt", "--lang", "sv", "b.pdf"])
    ('sv', ['a.txt', 'b.pdf'])
    >>> lang_from_arguments(["--lang=en", "a", "--", "--lang", "x"])
    ('en', ['a', '--', '--lang', 'x'])
    """
    value: str | None = None
    rest: list[str] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            rest.extend(arguments[index:])
            break
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
            index += 2
            continue
        if argument.startswith("--lang="):
            value = argument.partition("=")[2]
            index += 1
            continue
        rest.append(argument)
        index += 1
    return value, rest
