"""Generated news-like articles for benchmarks, soak tests and scale tests.

Synthetic on purpose: invented names and places, seeded and deterministic,
with the features the extractors look for (titled speakers, quotes before
and after attribution, dated events with places, agreements). They test
throughput and plumbing, never extraction quality.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from pipeline.io.articles import Article
from schemas import ArticleMeta

_FIRST = ["Lena", "Omar", "Sofia", "Ravi", "Ines", "Tomas", "Amara", "Kenji", "Marta", "Yusuf", "Hana", "Pavel"]
_LAST = ["Okafor", "Haddad", "Lindqvist", "Moreau", "Castell", "Varga", "Nakamura", "Osei", "Petrov", "Quiroga"]
_TITLES = ["Defence Minister", "Foreign Minister", "President", "Prime Minister", "General", "Interior Minister"]
_PLACES = ["Marvel", "Kessel", "Dunmore", "Aldwick", "Port Senna", "Valbruna", "Tarrow", "Eastmere"]
_REGIONS = ["Kessel province", "the northern region", "Aldwick district", "the coastal province"]
_GROUPS = ["Northern Liberation Front", "Coastal Defence Council", "Valley Brigade", "National Unity Party"]
_COUNTRIES = ["Norland", "Estavia", "Morrowind Republic", "Calvania"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EVENTS = [
    "An airstrike near {place} killed {n} fighters of the {group} on {day} night.",
    "Security forces arrested {n} members of the {group} in {place} on {day}.",
    "Clashes between the army and the {group} broke out in {place}, {region}, on {day}.",
    "Thousands of people protested in {place} on {day} against the {group}.",
]
_QUOTES = [
    "We will not stop until the region is safe",
    "This is a turning point for our people",
    "Nobody is above the law",
    "The talks were constructive and we expect progress",
    "Our forces acted with restraint",
]


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(_TITLES), f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def article_text(rng: random.Random, paragraphs: int = 6) -> str:
    """One article of a few paragraphs with speakers, quotes, events and an agreement."""
    title1, name1 = _person(rng)
    title2, name2 = _person(rng)
    place, group = rng.choice(_PLACES), rng.choice(_GROUPS)
    day, region = rng.choice(_DAYS), rng.choice(_REGIONS)
    c1, c2 = rng.sample(_COUNTRIES, 2)
    lines = [
        f"{title1} {name1} announced on {day} that the operation in {place} had ended.",
        _EVENTS[rng.randrange(len(_EVENTS))].format(
            place=place, group=group, day=day, n=rng.randint(2, 40), region=region
        ),
        f'"{rng.choice(_QUOTES)}," {name1.split()[-1]} told reporters at a press conference.',
        f'{title2} {name2} said: "{rng.choice(_QUOTES)}."',
        f"{c1} and {c2} signed an agreement last year to withdraw troops from {region} by September {rng.randint(2025, 2027)}.",
        f"The {group} has not commented on the events in {place}.",
    ]
    while len(lines) < paragraphs:
        lines.append(
            f"Residents of {rng.choice(_PLACES)} said the situation remained tense after the events of {rng.choice(_DAYS)}."
        )
    return "\n".join(lines[:paragraphs]) + "\n"


def generate_articles(n: int, seed: int = 0, paragraphs: int = 6) -> Iterator[Article]:
    """``n`` distinct articles, lazily, each with a publication date and a unique id."""
    rng = random.Random(seed)
    for i in range(n):
        text = article_text(rng, paragraphs) + f"(Dispatch {seed}-{i}.)\n"
        yield Article(
            id=f"synth-{seed}-{i:07d}",
            source=f"synthetic:{seed}:{i}",
            text=text,
            metadata=ArticleMeta(published_at=f"2025-0{1 + i % 9}-1{i % 10}", outlet=f"outlet-{i % 7}"),
        )
