"""Lines at one height: beside other text, or printed over another (`normalize.geometry`)."""

from __future__ import annotations

from docreconcile.model import Box, Line, Location
from docreconcile.normalize.geometry import lines_at_one_height


def pdf_line(text: str, x0: float, y0: float, x1: float, number: int, block: int) -> Line:
    return Line(
        text,
        Location(number, page=1),
        box=Box(x0, y0, x1, y0 + 10),
        block=block,
        page_height=842.0,
    )


def test_two_columns_are_beside_each_other_and_a_stamp_over_a_line_is_overlaid() -> None:
    """Two columns' lines share their heights apart across: each may be read before or
    after the other, and the rest of each one's block with it. A shorter line crossing a
    longer one at its height is printed over it."""
    left = pdf_line("Vänster spalt börjar här", 50, 400, 250, 1, block=1)
    left_below = pdf_line("och går vidare.", 50, 386, 250, 2, block=1)
    right = pdf_line("Höger spalt börjar här", 300, 401, 500, 3, block=2)
    alone = pdf_line("En rad ensam över hela bredden.", 50, 300, 500, 4, block=3)
    stamp = pdf_line("INKOM 2024-05-02", 200, 301, 320, 5, block=4)
    free, overlaid = lines_at_one_height([left, left_below, right, alone, stamp])
    assert free[id(left)] == {id(right)} and free[id(right)] == {id(left)}
    assert id(left_below) in free  # its block stands beside the other column
    assert overlaid == {id(stamp): alone.location}
    assert id(alone) not in free


def test_a_bullet_beside_its_item_does_not_free_the_item() -> None:
    """A list's bullet in a box of its own beside its item is no text beside the item:
    the item's sentences keep their order (the bullet itself may go either way)."""
    bullet = pdf_line("•", 54, 400, 58, 1, block=1)
    item = pdf_line("Installing new FCC OPS software", 62, 400, 250, 2, block=2)
    free, _ = lines_at_one_height([bullet, item])
    assert id(item) not in free
    assert id(bullet) in free
