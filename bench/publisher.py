"""Measure docreconcile on the versions made by the publisher (tests/publisher).

    python bench/publisher.py            # per pair: substantive, true ones, the tool's own
    python bench/publisher.py --list     # also each substantive difference with its verdict

Which differences are true ones (text only one version holds) and which are the tool's
own is decided by tests/test_integ_publisher.py's rules (`is_true_difference`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_integ_publisher import PAIRS, compare_pair, is_true_difference, substantive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every substantive difference")
    arguments = parser.parse_args()
    started = time.perf_counter()
    print("| pair | substantive | the versions truly differ | the tool's own |")
    print("| --- | ---: | ---: | ---: |")
    listing: list[str] = []
    for name in PAIRS:
        found = substantive(compare_pair(name))
        true = [d for d in found if is_true_difference(name, d)]
        print(f"| {name} | {len(found)} | {len(true)} | {len(found) - len(true)} |")
        for d in found:
            where = f"A {d.a_location.line if d.a_location else '-'}"
            if d.b_location is not None:
                where += f", B p. {d.b_location.page} l. {d.b_location.line}"
            verdict = "true" if is_true_difference(name, d) else "TOOL'S OWN"
            listing.append(
                f"- {name} · {where} · {d.category.value} · {verdict}: "
                f"{d.a[:70]!r} / {d.b[:70]!r}"
            )
    if arguments.list:
        print()
        print("\n".join(listing))
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
