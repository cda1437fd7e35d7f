"""Finding the mode an endpoint supports: doctor's probe, --mode auto, and the json_object fallback."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.engines.doctor import mode_for, probe, recommend
from pipeline.engines.local import extract_all
from pipeline.extract.settings import LLMSettings
from pipeline.testing.mock_server import MockState, running_mock
from tests.cli_subprocess import run_newsfacts
from tests.test_llm import _article, _config

REFUSED = {"status": 500, "message": "response_format type json_schema is not supported, use json_object"}


def test_doctor_tables_every_mode_and_recommends_one(tmp_path: Path) -> None:
    with running_mock(MockState()) as (url, _state):
        done = run_newsfacts("doctor", "--base-url", url, "--model", "m", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for mode in ("json_schema", "tools", "json", "md_json"):
        assert f"| {mode} | yes |" in done.stdout
    assert "recommended mode: json_schema" in done.stdout
    assert "API call failed" not in done.stderr


def test_probe_reports_why_a_mode_fails_and_recommends_among_the_rest() -> None:
    with running_mock(MockState()) as (url, state):
        state.script.extend([REFUSED] * 2)  # json_schema and its json_object fallback both refused
        results = probe(LLMSettings(base_url=url, model="m", max_transport_retries=0, backoff_initial_s=0.01))
    by_mode = {r.mode: r for r in results}
    assert by_mode["json_schema"].works is False and "HTTP 500" in (by_mode["json_schema"].problem or "")
    assert recommend(results) in ("tools", "json", "md_json")


def test_auto_mode_probes_once_per_endpoint_and_model(tmp_path: Path) -> None:
    store = tmp_path / "modes.json"
    with running_mock(MockState()) as (url, state):
        settings = LLMSettings(base_url=url, model="m")
        first, probed = mode_for(settings, store)
        sent = state.requests
        again, probed_again = mode_for(settings, store)
        assert state.requests == sent  # remembered: no second probe
    assert (first, probed, again, probed_again) == ("json_schema", True, "json_schema", False)
    assert json.loads(store.read_text())[f"{url} m"]["mode"] == "json_schema"


def test_a_server_refusing_json_schema_gets_json_object_with_the_schema(capfd: object) -> None:
    with running_mock(MockState()) as (url, state):
        state.script.append(REFUSED)
        [line] = extract_all([_article()], _config(url, mode="json_schema", max_transport_retries=0))
        formats = [entry["response_format"] for entry in state.log]
    assert formats[:2] == ["json_schema", "json_object"]
    assert line.usage.requests == 2  # the refused request counts
    assert "refuses response_format json_schema" in capfd.readouterr().err  # type: ignore[attr-defined]
