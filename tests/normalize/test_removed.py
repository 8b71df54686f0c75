"""What normalisation took out, to explain the other side's text with
(`normalize.removed`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docreconcile.model import Category, LayoutEvent, Location
from docreconcile.normalize.removed import Removed


def _header_removed_by_brute_force(removed: Removed, a: str, b: str) -> bool:
    """`Removed.header_in_broken_word` as first written: every broken word, every end."""
    for text, other, side in ((a, b, "b"), (b, a, "a")):
        words = text.split()
        for start, word in enumerate(words[:-2]):
            if not word.endswith("-"):
                continue
            for end in range(start + 2, len(words)):
                joined = [*words[:start], word[:-1] + words[end], *words[end + 1 :]]
                if joined == other.split() and removed.in_furniture(
                    side, " ".join(words[start + 1 : end])
                ):
                    return True
    return False


def _removed_header(header: str, side: str) -> Removed:
    event = LayoutEvent(Category.HEADER_FOOTER, header, Location(1, page=1), header)
    return Removed([event] if side == "a" else [], [event] if side == "b" else [])


def test_a_running_title_between_a_broken_words_halves_is_furniture() -> None:
    """Proposition 2012/13:144 as poppler reads its page 7: the margin title run into
    the body after a word broken at the line's end."""
    removed = _removed_header("Prop. 2012/13:144", "b")
    assert removed.header_in_broken_word(
        "sjöfartens betydelse- Prop. 2012/13:144 fulla roll", "sjöfartens betydelsefulla roll"
    )
    assert not removed.header_in_broken_word(
        "sjöfartens betydelse- Prop. 2012/13:144 fulla roll", "sjöfartens betydelsefulla del"
    )


WORDS_AROUND = ["betydelse-", "fulla", "Prop.", "144", "roll", "och"]


@given(
    st.lists(st.sampled_from(WORDS_AROUND), max_size=6),
    st.lists(st.sampled_from(["Prop.", "144", "Prop. 144", "och"]), min_size=1, max_size=2),
    st.lists(st.sampled_from(WORDS_AROUND), max_size=6),
    st.sampled_from(["fulla", "roll", "betydelse-"]),
    st.integers(-1, 12),
)
def test_the_broken_word_search_finds_what_trying_every_place_finds(
    head: list[str], between: list[str], tail: list[str], half: str, changed: int
) -> None:
    """The search fixes the header's length from the two lengths (linear in the words);
    it finds a header exactly where trying every broken word and every end does: on a
    text with words between a broken word's halves, and on the other side with a word
    changed (`changed`) or not."""
    removed = _removed_header("Prop. 144", "b")
    text = " ".join([*head, "betydelse-", *between, half, *tail])
    other = [*head, "betydelse"[:-1] + "e" + half, *tail]
    if 0 <= changed < len(other):
        other[changed] = "annat"
    expected = _header_removed_by_brute_force(removed, text, " ".join(other))
    found = removed.header_in_broken_word(text, " ".join(other))
    assert found == expected


def test_footer_and_header_lines_run_together_are_furniture() -> None:
    """A reflowed text glues a page's footer and the next page's header into the
    sentence over the break; the words between are those lines' ends, each cut only at
    the run's ends, page numbers masked (page 9's footer is page 10's)."""
    footer = LayoutEvent(
        Category.HEADER_FOOTER, "December 1998 Page 9", Location(40, page=9), "footer"
    )
    header = LayoutEvent(
        Category.HEADER_FOOTER,
        "Copyright Office Summary",
        Location(41, page=10),
        "header",
    )
    removed = Removed([], [footer, header])
    assert removed.in_furniture("b", "Summary December 1998 Page 10 Copyright Office")
    assert not removed.in_furniture("b", "Summary of the Act")
    assert not removed.in_furniture("a", "December 1998 Page 10")


def test_removed_page_numbers_and_marks_are_used_up_once_each() -> None:
    """`5 6` where the other side took out page numbers 5 and 6 is those page numbers;
    each number explains one run only."""
    events = [
        LayoutEvent(Category.PAGE_NUMBER, f"Sida {n} av 9", Location(n, page=n), "") for n in (5, 6)
    ]
    removed = Removed(events, [])
    assert removed.take_numbers("a", ["5", "6"]) is Category.PAGE_NUMBER
    assert removed.take_numbers("a", ["5"]) is None
    assert removed.take_number("a", Category.PAGE_NUMBER, "6") is False
