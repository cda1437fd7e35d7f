"""Attribution grounding against a noisy oracle served over HTTP (issue: answers checked harder).

The mock model answers from fixtures made from the gold with quotes
fabricated and speakers and participants swapped at known rates; the real
client, instructor and grounding run in a ``newsfacts extract`` subprocess.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from evals.noisy import score_noisy, write_noisy
from pipeline.testing.mock_server import MockState, running_mock
from tests.cli_subprocess import run_newsfacts

ROOT = Path(__file__).resolve().parent.parent


def _extract(tmp_path: Path, fixtures: Path, *flags: str) -> tuple[Path, str]:
    out = tmp_path / "out.jsonl"
    with running_mock(MockState(fixtures=fixtures)) as (url, _state):
        done = run_newsfacts(
            "extract", str(ROOT / "seeds"), "--base-url", url, "--model", "noisy", "--no-cache",
            "-o", str(out), "--overwrite", *flags, cwd=tmp_path, timeout=120,
        )
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def _summary_counts(stderr: str) -> dict[str, int]:
    line = next(s for s in stderr.splitlines() if s.startswith("attribution:"))
    tied, checked, nulled, kept = map(int, re.findall(r"(\d+) of (\d+) speakers tied.*?\((\d+) nulled, (\d+) kept", line)[0])
    return {"tied": tied, "checked": checked, "nulled": nulled, "kept": kept}


def test_swapped_speakers_are_nulled_fabrications_dropped_and_honest_answers_kept(tmp_path: Path) -> None:
    fixtures = tmp_path / "noisy"
    write_noisy(ROOT / "evals" / "gold", fixtures, fabricate=0.4, swap=0.4, seed=3)
    out, stderr = _extract(tmp_path, fixtures)
    score = score_noisy(out, fixtures)
    enough = score.fabricated.served >= 5 and score.swapped.served >= 4 and score.honest.served >= 4
    assert enough, "too little noise to mean anything"
    assert score.fabricated.emitted == 0
    assert score.swapped.emitted <= 0.2 * score.swapped.served
    assert score.honest.emitted >= 0.95 * score.honest.served
    counts = _summary_counts(stderr)
    assert counts["nulled"] == score.swapped.served - score.swapped.emitted
    assert counts["tied"] >= score.honest.emitted
    warned = [w for line in out.read_text().splitlines() for w in json.loads(line)["warnings"]]
    assert sum(w["code"] == "speaker_unattributed" for w in warned) == counts["nulled"]


def test_lenient_grounding_keeps_swapped_speakers_but_warns_about_each(tmp_path: Path) -> None:
    fixtures = tmp_path / "noisy"
    write_noisy(ROOT / "evals" / "gold", fixtures, fabricate=0.0, swap=0.5, seed=5)
    out, stderr = _extract(tmp_path, fixtures, "--grounding", "lenient")
    score = score_noisy(out, fixtures)
    assert score.swapped.served >= 4
    assert score.swapped.emitted == score.swapped.served  # lenient: kept as served...
    counts = _summary_counts(stderr)
    assert counts["kept"] >= score.swapped.served and counts["nulled"] == 0  # ...and counted and warned
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(line["extractor"]["grounding"] == "lenient" for line in lines)


def test_a_perfect_model_loses_no_speaker_participant_or_party(tmp_path: Path) -> None:
    out, stderr = _extract(tmp_path, ROOT / "evals" / "fixtures")
    counts = _summary_counts(stderr)
    assert counts["checked"] > 10 and counts["nulled"] == 0 and counts["tied"] == counts["checked"]
    assert re.search(r"; 0 of \d+ participants/parties dropped", stderr)
    for line in out.read_text().splitlines():
        data = json.loads(line)
        for quote in data["records"]["quotes"]:
            span = quote["attribution"]
            if quote["speaker_id"] is not None:
                assert data["text"][span["start"] : span["end"]] == span["text"]
