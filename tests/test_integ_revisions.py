"""Real revisions of the eight Kungsbacka memos, as a proofreader meets them.

Each memo's text is revised (tests/revisions.py: a date and a sum changed, a sentence
reworded, a clause deleted, a sentence added) and compared with the memo's PDF (set by
LibreOffice, tests/memos). Each revision must come out as one difference, of the right
category, with the right words marked in both context sentences; nothing else.
"""

from __future__ import annotations

from collections import Counter

import pytest

from docreconcile import Category, Severity
from docreconcile.model import Difference
from tests.revisions import revise
from tests.test_integ_memos import MEMOS, NAMES, compare_text


def marked(difference: Difference, side: str) -> str:
    """The text marked in one side's context sentence, runs joined by a space."""
    context = difference.a_context if side == "a" else difference.b_context
    return " ".join(context[start:end] for start, end in difference.context_marks(side))


@pytest.mark.parametrize("name", NAMES)
def test_each_revision_is_one_difference_marked_at_its_words(name: str) -> None:
    path = MEMOS / f"{name}.txt"
    revised, revisions = revise(path.read_text(encoding="utf-8"))
    assert len(revisions) >= 2, [r.kind for r in revisions]
    report = compare_text(path, name, revised)
    found = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert len(found) == len(revisions), [(d.category.value, d.a, d.b) for d in found]
    for revision in revisions:
        matching = [
            d
            for d in found
            if d.category.value == revision.category
            and marked(d, "a") == revision.a_marked
            and marked(d, "b").strip(", ") == revision.b_marked
        ]
        assert len(matching) == 1, (revision, [(d.category.value, d.a, d.b) for d in found])
        difference = matching[0]
        # both sides are shown in the same sentence, cut at the same words
        a_marks, b_marks = difference.context_marks("a"), difference.context_marks("b")
        if a_marks and b_marks:
            a_context, b_context = difference.a_context, difference.b_context
            assert a_context[: a_marks[0][0]] == b_context[: b_marks[0][0]]
            assert a_context[a_marks[-1][1] :] == b_context[b_marks[-1][1] :]


def test_every_kind_of_revision_is_tried() -> None:
    kinds: Counter[str] = Counter()
    for name in NAMES:
        _, revisions = revise((MEMOS / f"{name}.txt").read_text(encoding="utf-8"))
        kinds.update(revision.kind for revision in revisions)
    assert set(kinds) == {"date", "sum", "reword", "clause", "sentence"}
    assert kinds["date"] == len(NAMES) and kinds["reword"] == len(NAMES)


def test_a_reworded_sentence_shows_word_marks_deleted_before_inserted() -> None:
    name = NAMES[4]
    path = MEMOS / f"{name}.txt"
    revised, _ = revise(path.read_text(encoding="utf-8"))
    report = compare_text(path, name, revised)
    reworded = [d for d in report.differences if d.category is Category.REWORDED]
    assert len(reworded) == 1
    operations = [operation for operation, _ in reworded[0].segments]
    assert operations.index("delete") < operations.index("insert")
    assert all(" " not in piece.strip() for _, piece in reworded[0].segments if piece.strip())
