"""A serving process tunes Python's garbage collector once its app has started.

What start-up built is set aside for good (``gc.freeze``) and collections run less often:
each full collection otherwise walked that whole heap again, in pauses behind the worst
latencies. The test suite's own apps (built and dropped by the dozen) are left alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.app import GC_THRESHOLDS, create_app


@pytest.fixture
def collector_as_it_was() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


async def test_a_serving_process_sets_its_start_up_heap_aside(
    settings: Settings, registry: CertificationRegistry, collector_as_it_was: None
) -> None:
    # Given the app of a serving process (clea serve, each of --workers N)
    application = create_app(settings, registry, periodic_rounds=False, server_process=True)
    gc.unfreeze()
    # When it has started
    async with application.router.lifespan_context(application):
        # Then what it built is out of the collector's sight, and collections are rarer
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == GC_THRESHOLDS
        assert GC_THRESHOLDS[0] > 700


async def test_an_app_built_for_tests_leaves_the_collector_alone(
    settings: Settings, registry: CertificationRegistry, collector_as_it_was: None
) -> None:
    application = create_app(settings, registry, periodic_rounds=False)
    gc.unfreeze()
    before = gc.get_threshold()
    async with application.router.lifespan_context(application):
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == before
