"""Run Python's cyclic garbage collector less often (or not at all) during
allocation-heavy stages.

Reading pages (pdfminer: millions of short-lived character and box objects) and comparing
long documents (tokens, spans, differences) allocate far more than they keep, while what
they keep (all lines, all paragraphs) stays alive. With the default thresholds the
collector rescans that growing live heap again and again, a good share of the time of
both (its measurements are in the commit that made this). Nothing is kept longer:
reference counting still frees almost everything at once; only cycles wait a little
longer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FIRST_GENERATION_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the first-generation threshold for the duration, then restore it."""
    thresholds = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, thresholds[1], thresholds[2])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Switch the cyclic collector off for the duration (if it was on), then on again.

    For comparing: it keeps millions of objects alive (every word of a shuffled
    document is a token of its own) and makes next to no reference cycles (311 objects
    to collect after comparing 5,000 shuffled paragraphs, as after 5,000 ordinary ones;
    a test holds it so). With the collector only slowed (`fewer_collections`), its full
    passes over what the comparison keeps were a tenth of a long shuffled comparison.
    Reading a PDF keeps the threshold instead: pdfminer's objects do refer to each other.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
