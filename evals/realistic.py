"""Answers a real model gives, for the benchmark's realistic workload: flawed, big, sometimes fixed on a re-ask.

A benchmark that serves already-grounded drafts never exercises what costs
a real run its time: evidence found only after normalising, records the
article does not support (a re-ask, then a drop), missed records and long
answers. This turns the heuristic's drafts of each synthetic article into
such an answer, seeded and deterministic, and writes it as a mock fixture
(``extraction``, and the corrected ``reask`` answer where the model fixes
what it was told). The rates are plausible for a capable model, not
measured from one: the point is that every path runs, in proportion.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.backends.heuristic.extractor import extract_drafts
from pipeline.io.articles import Article

#: An invented quote: the grounding check cannot find it, so the article is re-asked.
UNSUPPORTED_QUOTE = "We have decided to leave the alliance at once"


@dataclass(frozen=True)
class Flaws:
    """Per-record and per-article rates of what goes wrong in an answer (0-1)."""

    missed: float = 0.15  # a record the model leaves out
    case_changed: float = 0.10  # evidence with its case changed: found only by the normalised search
    partial: float = 0.10  # evidence cut to a part of its passage: a shorter exact span
    unsupported_fixed: float = 0.06  # an invented quote, dropped by the model on the re-ask
    unsupported_kept: float = 0.02  # an invented quote the model keeps: dropped after the last re-ask


def flawed_answer(text: str, rng: random.Random, flaws: Flaws) -> dict[str, Any]:
    """The fixture for one article: its first answer, and the one a re-ask gets.

    The re-ask's answer is the same records with their evidence as the
    article has it (the model fixed what it was told about), except when
    the model keeps its invented quote: then every re-ask gets the flawed
    answer again and the pipeline drops the quote after the last one.
    """
    found = _named_in_evidence(extract_drafts(text).model_dump(mode="json"))
    kept = {kind: [r for r in records if rng.random() >= flaws.missed] for kind, records in found.items()}
    first = {kind: [_flawed_record(r, rng, flaws) for r in records] for kind, records in kept.items()}
    roll = rng.random()
    if roll < flaws.unsupported_fixed + flaws.unsupported_kept:
        invented: dict[str, Any] = {"text": UNSUPPORTED_QUOTE, "speaker": None, "kind": "direct", "evidence": []}
        first["quotes"] = [*first["quotes"], invented]
    return {"extraction": first} if roll < flaws.unsupported_kept else {"extraction": first, "reask": kept}


def _named_in_evidence(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with only the participants and parties its records' evidence names: what passes the check.

    The heuristic links some actors from the surrounding paragraph; the
    model path re-asks for those, and a fixture that kept them would be
    re-asked to its last attempt however well the "model" answered.
    """
    for event in answer["events"]:
        passage = " ".join(event["evidence"])
        event["participants"] = [p for p in event["participants"] if p["actor"] in passage]
    for agreement in answer["agreements"]:
        passage = " ".join(agreement["evidence"])
        agreement["parties"] = [name for name in agreement["parties"] if name in passage]
    return answer


def _flawed_record(record: dict[str, Any], rng: random.Random, flaws: Flaws) -> dict[str, Any]:
    evidence = list(record.get("evidence") or [])
    if evidence:
        roll = rng.random()
        if roll < flaws.case_changed:
            evidence[0] = evidence[0].swapcase()
        elif roll < flaws.case_changed + flaws.partial and len(evidence[0]) > 40:
            evidence[0] = evidence[0][: len(evidence[0]) // 2].rstrip()
    return {**record, "evidence": evidence}


def write_fixtures(articles: Iterable[Article], folder: Path, seed: int, flaws: Flaws | None = None) -> None:
    """Write one flawed-answer fixture per article into ``folder`` (``<article id>.json``, the mock's format)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for article in articles:
        fixture = flawed_answer(article.text, rng, flaws or Flaws())
        (folder / f"{article.id}.json").write_text(json.dumps(fixture), encoding="utf-8")
