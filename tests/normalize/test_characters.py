"""The character steps (`normalize.characters`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docreconcile.normalize import (
    Compose,
    clean_line,
    collapse_spaces,
    expand_ligatures,
    mark_line_end_soft_hyphen,
    remove_invisible_characters,
    replace_unusual_spaces,
    to_nfc,
)


def test_nfc_composes_decomposed_swedish_letters() -> None:
    assert to_nfc("Ha\u030akansson ja\u0308msta\u0308lld") == "Håkansson jämställd"


def test_unusual_spaces_become_plain_spaces() -> None:
    assert (
        replace_unusual_spaces("§\u00a0385,\u2009Ds\u202f2017:12\tslut") == "§ 385, Ds 2017:12 slut"
    )


def test_invisible_characters_are_removed() -> None:
    text = "\ufeffbistånds\u00adprövning\u200b \u200eVälfärd\u2060en\x07"
    assert remove_invisible_characters(text) == "biståndsprövning Välfärden"


def test_line_end_soft_hyphen_becomes_a_break_hyphen() -> None:
    assert mark_line_end_soft_hyphen("tillits\u00ad ") == "tillits-"
    assert mark_line_end_soft_hyphen("till\u00adits") == "till\u00adits"


def test_ligatures_are_expanded() -> None:
    assert (
        expand_ligatures("pro\ufb01l, \ufb02ykting, e\ufb00ekt, a\ufb03sch")
        == "profil, flykting, effekt, affisch"
    )


def test_spaces_collapse() -> None:
    assert collapse_spaces("  Linköpings  kommun   har ") == "Linköpings kommun har"


def test_clean_line_runs_every_step_in_order() -> None:
    assert (
        clean_line("  Linko\u0308pings\u00a0 kommun  \ufb01nns\u00ad") == "Linköpings kommun finns-"
    )


_PIECES = [*"aoAÖ.- \t1", "o\u0308", "\u00a8", "\u00ad", "\ufb01", "\uf0b7", "\u00a0"]


_PIECES += ["\u200b", "\x07", "\ud800", "....", ". . . ."]


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_clean_lines_shortcut_changes_nothing(text: str) -> None:
    """`clean_line` skips the steps a line gives no work: it gives what every step in
    turn gives, for lines with and without the characters those steps rewrite."""
    assert clean_line(text) == Compose(clean_line.steps)(text)
