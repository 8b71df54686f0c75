"""Fewer garbage collections while a stage allocates much and keeps little."""

from __future__ import annotations

import gc

import pytest

from docreconcile.allocation import FIRST_GENERATION_THRESHOLD, fewer_collections


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
