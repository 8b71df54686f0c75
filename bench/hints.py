"""Measure the dictionary hint on spelling edits built from the Kungsbacka memos; write
bench/HINTS.md.

    python bench/hints.py

Every distinct word of five letters or more in the eight memos (tests/memos, the text of
../shared/realworld) is misspelt the ways people and OCR misspell: a letter doubled, a
letter dropped, two neighbours swapped, a letter replaced by its keyboard neighbour. For
each (original, misspelling) pair, the hint is right (it favours the original), wrong
(it favours the misspelling) or silent. Not run by CI.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from pathlib import Path

from docreconcile.hints import favoured_sides
from docreconcile.model import Category, Difference, Severity

ROOT = Path(__file__).resolve().parent.parent
MEMOS = sorted(
    path for path in (ROOT / "tests" / "memos").glob("0*.txt") if ".pdftotext" not in path.name
)
NEIGHBOURS = dict(
    zip("qwertyuiopåasdfghjklöäzxcvbnm", "wertyuiopåqsdfghjklöäaxcvbnmz", strict=True)
)


def misspellings(word: str, rng: random.Random) -> dict[str, str]:
    """One misspelling of each kind (where the word allows it)."""
    at = rng.randrange(1, len(word) - 1)
    edits = {
        "doubled": word[:at] + word[at] + word[at:],
        "dropped": word[:at] + word[at + 1 :],
        "swapped": word[:at] + word[at + 1] + word[at] + word[at + 2 :],
    }
    if word[at] in NEIGHBOURS:
        edits["keyboard"] = word[:at] + NEIGHBOURS[word[at]] + word[at + 1 :]
    return {kind: edit for kind, edit in edits.items() if edit != word}


def main() -> None:
    rng = random.Random(2026)
    words = sorted(
        {
            word
            for path in MEMOS
            for word in re.findall(r"\b[a-zåäö]{5,}\b", path.read_text(encoding="utf-8"))
        }
    )
    outcomes: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    cases = []  # (kind, the side that holds the original word, the difference)
    for word in words:
        for kind, wrong in misspellings(word, rng).items():
            for original_side in ("a", "b"):
                a, b = (word, wrong) if original_side == "a" else (wrong, word)
                difference = Difference(
                    1, Severity.SUBSTANTIVE, Category.SPELLING, a, b, "", "", None, None
                )
                cases.append((kind, original_side, difference))
    # All hints at once, as a report gives them: the word list is read once.
    sides = favoured_sides([difference for _, _, difference in cases])
    for (kind, original_side, _), side in zip(cases, sides, strict=True):
        verdict = "silent" if side is None else "right" if side == original_side else "wrong"
        outcomes[(kind, verdict)] += 1
    seconds = time.perf_counter() - started
    kinds = sorted({kind for kind, _ in outcomes})
    lines = [
        "# Dictionary hint on misspellings of the memos' words",
        "",
        f"`python bench/hints.py`, {time.strftime('%Y-%m-%d')}: {len(words)} distinct words of "
        f"five letters or more from the {len(MEMOS)} Kungsbacka memos, each misspelt each "
        f"way, the original on side A and on side B ({seconds:.1f} s in all).",
        "",
        "| misspelling | pairs | right | wrong | silent | precision (right of hinted) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in [*kinds, "all"]:
        counts = {
            verdict: sum(n for (k, v), n in outcomes.items() if v == verdict and kind in (k, "all"))
            for verdict in ("right", "wrong", "silent")
        }
        total = sum(counts.values())
        hinted = counts["right"] + counts["wrong"]
        precision = f"{100 * counts['right'] / hinted:.1f}%" if hinted else "–"
        lines.append(
            f"| {kind} | {total} | {counts['right']} ({100 * counts['right'] / total:.0f}%) | "
            f"{counts['wrong']} ({100 * counts['wrong'] / total:.1f}%) | "
            f"{counts['silent']} ({100 * counts['silent'] / total:.0f}%) | {precision} |"
        )
    (ROOT / "bench" / "HINTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
