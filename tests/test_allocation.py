"""Fewer garbage collections (or none) while a stage allocates much and keeps little."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docreconcile import compare_documents
from docreconcile.allocation import (
    FIRST_GENERATION_THRESHOLD,
    collector_paused,
    fewer_collections,
)
from docreconcile.extract import extract


def test_the_threshold_is_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (FIRST_GENERATION_THRESHOLD, before[1], before[2])
    assert gc.get_threshold() == before


def test_the_threshold_is_restored_when_the_stage_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the stage failed")
    assert gc.get_threshold() == before


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_left_as_it_was(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("the stage failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_comparing_real_documents_makes_no_reference_cycles() -> None:
    """What pausing the collector while comparing (`collector_paused`) rests on: the
    comparison leaves no cyclic garbage behind, so nothing waits for the collector.
    The IRS instructions (three columns, 15,000 differences against their text) and AFS
    2011:19, each after a first comparison has loaded what it loads."""
    realworld = Path(__file__).parent / "realworld"
    pairs = [
        (extract(realworld / f"{name}.raw.txt"), extract(realworld / f"{name}.pdf"))
        for name in ("afs-2011-19", "irs_i1040nr")
    ]
    compare_documents(*pairs[0])
    gc.collect()
    for a, b in pairs:
        with collector_paused():
            report = compare_documents(a, b)
            assert report.differences
            assert gc.collect() == 0
