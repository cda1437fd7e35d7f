"""A slow model shows on the progress bar which article waits, for which request, and for how long."""

from __future__ import annotations

import threading
import time

from pipeline import extract_all
from pipeline.engines.local import waiting_text
from pipeline.extract.waiting import IN_FLIGHT, InFlight
from pipeline.testing.mock_server import MockState
from tests.test_llm import _article, _config


def test_the_bar_names_the_article_and_request_the_model_is_slow_on(mock_llm: tuple[str, MockState]) -> None:
    url, state = mock_llm
    state.latency_s = 0.8
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.extend(extract_all([_article("slow-one")], _config(url))))
    worker.start()
    seen = None
    for _ in range(200):
        seen = IN_FLIGHT.oldest()
        if seen is not None:
            break
        time.sleep(0.01)
    assert seen is not None, "no request was noted while the model was thinking"
    assert (seen.article_id, seen.request) == ("slow-one", 1)
    assert waiting_text(now=seen.since + 37.2) == "waiting on slow-one (request 1) 37 s"
    worker.join(timeout=30)
    assert len(done) == 1 and IN_FLIGHT.oldest() is None, "an answered request must leave the bar"


def test_quick_answers_show_nothing_and_two_requests_of_one_article_stay_apart() -> None:
    out = InFlight()
    with out.request("a", 1):
        first = out.oldest()
        assert first is not None
        with out.request("a", 2):
            assert len(out) == 2 and out.oldest() == first
        assert len(out) == 1
    assert out.oldest() is None
    assert waiting_text() == ""
