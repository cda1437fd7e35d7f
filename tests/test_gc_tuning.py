"""The batch run's collector settings: import-time objects frozen, young collections rarer."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pipeline.engines.gc_tuning import YOUNG_THRESHOLD, tune_for_batch


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored")
def test_full_collections_no_longer_walk_the_imported_libraries() -> None:
    import instructor  # noqa: F401 - what a run has loaded before it starts
    import openai  # noqa: F401

    tune_for_batch()
    # Everything alive at start-up (modules, classes, schemas) is out of the collector's reach.
    assert gc.get_freeze_count() > 50_000
    assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD


@pytest.mark.usefixtures("restored")
def test_cycles_made_after_tuning_are_still_collected() -> None:
    tune_for_batch()

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert gc.collect() >= 2, "memory held in cycles still comes back"
