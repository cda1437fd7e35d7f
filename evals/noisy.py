"""A noisy oracle: gold answers with quotes fabricated and speakers and participants swapped.

A model that answers the right quotes with the wrong speaker is the costliest
failure a news tool can let through, and the one a perfect fixture never
shows. This module corrupts the gold answers at known rates, writes them as
fixtures for ``newsfacts mock-llm --fixtures`` (the mock reads only the
``extraction`` key; ``noise`` records what was changed), and scores an
extraction run against that record: how many fabrications and swaps the
grounding let through, and how many honest answers it kept.

    python -m evals.noisy --gold evals/gold --out /tmp/noisy --fabricate 0.4 --swap 0.4
    newsfacts mock-llm --port 0 --fixtures /tmp/noisy &
    newsfacts extract seeds/ --base-url http://127.0.0.1:PORT/v1 -o out.jsonl --no-cache
    python -m evals.noisy --score out.jsonl --out /tmp/noisy
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from pydantic import BaseModel, Field

from evals.fixtures import gold_to_extraction
from pipeline.io.results import parse_result, result_lines
from schemas import Extraction, GoldArticle


class Noise(BaseModel):
    """What was done to one article's answer, keyed by the served quote text or event summary."""

    fabricated: list[str] = Field(default_factory=list, description="Quote texts the article does not contain.")
    swapped: dict[str, str] = Field(default_factory=dict, description="Quote text -> the wrong speaker served.")
    honest: dict[str, str] = Field(default_factory=dict, description="Quote text -> the right speaker served.")
    swapped_participants: dict[str, list[str]] = Field(
        default_factory=dict, description="Event summary -> actors served as participants who are not."
    )


class Tally(BaseModel):
    """One kind of noise: how many answers carried it, and how many of those came out as served."""

    served: int = 0
    emitted: int = 0

    def count(self, emitted: list[bool]) -> None:
        """Add one article's noisy answers, each flagged by whether it came out as served."""
        self.served += len(emitted)
        self.emitted += sum(emitted)


#: The kinds of noise in report order, with what their ``emitted`` count means.
_LABELS = {
    "fabricated": "fabricated quotes emitted",
    "swapped": "swapped speakers emitted as served",
    "honest": "honest speakers kept",
    "swapped_participants": "swapped participants emitted",
}


class NoisyScore(BaseModel):
    """What the grounding let through of a noisy oracle's answers."""

    fabricated: Tally = Field(default_factory=Tally)
    swapped: Tally = Field(default_factory=Tally, description="Emitted swapped speakers are the harm.")
    honest: Tally = Field(default_factory=Tally, description="Emitted honest speakers were kept.")
    swapped_participants: Tally = Field(default_factory=Tally)

    def text(self) -> str:
        """The one-paragraph summary printed by ``--score``."""
        lines = []
        for name, label in _LABELS.items():
            tally: Tally = getattr(self, name)
            lines.append(f"{label}: {tally.emitted} of {tally.served}")
        return "\n".join(lines)


def _fabricate(text: str, article: str) -> str:
    """A quote made of the real one's words in reverse order: plausible, and not in the article."""
    words = text.split()
    fake = " ".join(reversed(words)) if len(words) > 2 else f"{text} and nothing else ever"
    return fake if fake not in article else f"Nobody ever said that {fake}"


def corrupt(gold: GoldArticle, rng: random.Random, fabricate: float, swap: float) -> tuple[Extraction, Noise]:
    """The gold answer with quotes fabricated and speakers and participants swapped at these rates.

    A swap picks another labelled actor of the same article, so the wrong
    answer is as plausible as a real model's mistake.
    """
    answer = gold_to_extraction(gold)
    names = [a.name for a in answer.actors]
    noise = Noise()
    for quote in answer.quotes:
        draw = rng.random()
        if draw < fabricate:
            quote.text = _fabricate(quote.text, gold.text)
            noise.fabricated.append(quote.text)
            continue
        if quote.speaker is None:
            continue
        others = [n for n in names if n != quote.speaker]
        if draw < fabricate + swap and others:
            quote.speaker = rng.choice(others)
            noise.swapped[quote.text] = quote.speaker
        else:
            noise.honest[quote.text] = quote.speaker
    for event in answer.events:
        taken = {p.actor for p in event.participants}
        free = [n for n in names if n not in taken]
        for participant in event.participants:
            if free and rng.random() < swap:
                participant.actor = free.pop(rng.randrange(len(free)))
                noise.swapped_participants.setdefault(event.summary, []).append(participant.actor)
    return answer, noise


def write_noisy(gold_dir: Path, out_dir: Path, fabricate: float, swap: float, seed: int) -> int:
    """Write one corrupted fixture per gold article; return how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    count = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        answer, noise = corrupt(gold, rng, fabricate, swap)
        payload = {
            "synthetic": True,
            "note": f"Noisy oracle from the gold: fabricate={fabricate}, swap={swap}, seed={seed}.",
            "extraction": answer.model_dump(mode="json"),
            "noise": noise.model_dump(mode="json"),
        }
        (out_dir / path.name).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        count += 1
    return count


def score_noisy(predictions: Path, fixtures: Path) -> NoisyScore:
    """Compare an extraction run with the noise its fixtures carried."""
    total = NoisyScore()
    for where, line in result_lines(predictions):
        result = parse_result(line, where)
        fixture = fixtures / f"{result.article_id}.json"
        if not fixture.is_file():
            raise SystemExit(f"{where}: no fixture {fixture} for article {result.article_id}")
        noise = Noise.model_validate(json.loads(fixture.read_text(encoding="utf-8"))["noise"])
        recs = result.records
        names = {a.id: {a.name, a.canonical_name, *a.aliases} for a in recs.actors}
        spoken = {q.text: names.get(q.speaker_id or "", set()) for q in recs.quotes}
        total.fabricated.count([text in spoken for text in noise.fabricated])
        total.swapped.count([served in spoken.get(text, set()) for text, served in noise.swapped.items()])
        total.honest.count([served in spoken.get(text, set()) for text, served in noise.honest.items()])
        by_summary = {e.summary: {n for p in e.participants for n in names.get(p.actor_id, set())} for e in recs.events}
        for summary, wrong in noise.swapped_participants.items():
            total.swapped_participants.count([n in by_summary.get(summary, set()) for n in wrong])
    return total


def main(argv: list[str] | None = None) -> int:
    """Write noisy fixtures, or score a run made with them."""
    parser = argparse.ArgumentParser(prog="python -m evals.noisy", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("evals/gold"))
    parser.add_argument("--out", type=Path, required=True, help="Fixture folder to write (or read with --score).")
    parser.add_argument("--fabricate", type=float, default=0.4)
    parser.add_argument("--swap", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--score", type=Path, help="Extraction JSONL made against these fixtures.")
    args = parser.parse_args(argv)
    if args.score is not None:
        print(score_noisy(args.score, args.out).text())
        return 0
    count = write_noisy(args.gold, args.out, args.fabricate, args.swap, args.seed)
    print(f"wrote {count} noisy fixtures to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
