"""Synthetic model answers for the seeds, made from the gold, for the mock model in CI.

They are labelled synthetic in every file: scoring the model path on them
tests the plumbing (prompting, instructor, HTTP, grounding, scoring), not a
model's quality. Regenerate with ``python -m evals.fixtures`` after the gold
changes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas import (
    ActorDraft,
    AgreementDraft,
    EventDraft,
    Extraction,
    GoldArticle,
    ParticipantDraft,
    QuoteDraft,
)

GOLD_DIR = Path(__file__).parent / "gold"
FIXTURE_DIR = Path(__file__).parent / "fixtures"


def gold_to_extraction(gold: GoldArticle) -> Extraction:
    """The drafts a perfect model would return for this article (names instead of ids)."""
    recs = gold.records
    names = {a.id: a.name for a in recs.actors}
    return Extraction(
        actors=[
            ActorDraft(name=a.name, type=a.type, title=a.title, affiliation=a.affiliation,
                       aliases=a.aliases, evidence=[s.text for s in a.evidence])
            for a in recs.actors
        ],
        events=[
            EventDraft(
                type=e.type, summary=e.summary, date_text=e.date.text if e.date else None,
                location=e.location.name if e.location else None,
                admin_region=e.location.admin_region if e.location else None,
                country=e.location.country if e.location else None,
                participants=[ParticipantDraft(actor=names[p.actor_id], role=p.role) for p in e.participants],
                fatalities=e.fatalities, evidence=[s.text for s in e.evidence],
            )
            for e in recs.events
        ],
        quotes=[
            QuoteDraft(text=q.text, speaker=names.get(q.speaker_id or ""), kind=q.kind, channel=q.channel,
                       evidence=[s.text for s in q.evidence[1:]])
            for q in recs.quotes
        ],
        agreements=[
            AgreementDraft(
                parties=[names[p] for p in g.parties], subject=g.subject, status=g.status,
                signed_text=g.signed.text if g.signed else None,
                deadline_text=g.deadline.text if g.deadline else None,
                evidence=[s.text for s in g.evidence],
            )
            for g in recs.agreements
        ],
    )


def write_fixtures(gold_dir: Path = GOLD_DIR, out_dir: Path = FIXTURE_DIR) -> int:
    """Write one ``<article_id>.json`` answer per gold article; return how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        payload = {
            "synthetic": True,
            "note": "Made from the hand-labelled gold by evals/fixtures.py; tests plumbing, not a model.",
            "extraction": gold_to_extraction(gold).model_dump(mode="json"),
        }
        (out_dir / f"{gold.article_id}.json").write_text(
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        count += 1
    return count


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evals.fixtures", description="Perfect answers made from gold.")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="Folder of gold files.")
    parser.add_argument("--out", type=Path, default=FIXTURE_DIR, help="Folder to write <article_id>.json into.")
    args = parser.parse_args()
    print(f"wrote {write_fixtures(args.gold, args.out)} synthetic fixtures to {args.out}", file=sys.stderr)
