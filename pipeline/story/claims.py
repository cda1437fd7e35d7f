"""Claims: where the outlets reporting one story disagree.

A merged entity keeps every value each article stated (names, titles,
dates, places, fatality counts, agreement statuses) with its sources. When
those values still disagree after normalisation, and not merely because one
is vaguer than another, the disagreement is itself a fact worth reporting:
it becomes a claim listing each value with the articles that stated it.
These rules are a separate concern from clustering records into entities,
so they live here rather than in ``pipeline.story.merge``, which calls
``story_claims`` once a story's entities are built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.text.names import fold
from schemas import ActorType
from schemas.story import Claim, MergedActor, MergedAgreement, MergedEvent, SourcedValue, SubjectKind


def _token_subsumes(general: str, specific: str) -> bool:
    """Whether every token of ``general`` appears in ``specific`` (e.g. "Sudani" in "Mohammed Shia Sudani")."""
    g, s = general.split(), specific.split()
    return bool(g) and len(g) < len(s) and set(g) <= set(s)


def _never_subsumes(general: str, specific: str) -> bool:
    """For values where only equality agrees (counts, statuses): "1" is not part of "12"."""
    return False


def _status_subsumes(general: str, specific: str) -> bool:
    """An agreement in force was signed: "signed" does not contradict "in_force"."""
    return (general, specific) == ("signed", "in_force")


def _prefix_subsumes(general: str, specific: str) -> bool:
    """Whether a coarser ISO value contains a finer one ("2025-03" contains "2025-03-13")."""
    return len(general) < len(specific) and specific.startswith(general)


def _person_fold(value: str) -> str:
    """Fold a person name (titles dropped) for comparing spellings."""
    return fold(value, person=True)


_Rule = tuple[str, str, Callable[[str], str], Callable[[str, str], bool]]
#: (attribute, field of the merged entity, normalisation, "is contained in") per subject kind.
CLAIM_RULES: dict[SubjectKind, list[_Rule]] = {
    SubjectKind.actor: [
        ("name", "names", _person_fold, _token_subsumes),
        ("title", "titles", fold, _token_subsumes),
        ("alias", "aliases", fold, _token_subsumes),
    ],
    SubjectKind.event: [
        ("date", "dates", str, _prefix_subsumes),
        ("location", "locations", fold, _token_subsumes),
        ("fatalities", "fatalities", str, _never_subsumes),
    ],
    SubjectKind.agreement: [
        ("status", "statuses", str, _status_subsumes),
        ("signed", "signed", str, _prefix_subsumes),
        ("deadline", "deadlines", str, _prefix_subsumes),
    ],
}


def claim_values(
    values: list[SourcedValue], key: Callable[[str], str], subsumes: Callable[[str, str], bool]
) -> list[SourcedValue] | None:
    """The values of a disagreement, or None when the sources agree.

    A value subsumed by a more specific one (a month by a day in it, a
    surname by the full name) is folded into it: it does not contradict it.
    A disagreement needs two remaining values stated by different articles;
    one article giving two values is not a disagreement between sources.
    """
    merged: list[SourcedValue] = []
    for v in sorted(values, key=lambda v: (-len(key(v.value)), key(v.value))):
        target = next((m for m in merged if subsumes(key(v.value), key(m.value))), None)
        if target is None:
            merged.append(SourcedValue(value=v.value, articles=list(v.articles), sources=list(v.sources)))
            continue
        target.articles = sorted(set(target.articles) | set(v.articles))
        target.sources = sorted(set(target.sources) | set(v.sources))
    if len(merged) < 2:
        return None
    disjoint = any(
        not set(a.articles) & set(b.articles) for n, a in enumerate(merged) for b in merged[n + 1 :]
    )
    if not disjoint:
        return None
    return sorted(merged, key=lambda v: (-len(v.articles), key(v.value), v.value))


def _claim_inputs(
    entity: MergedActor | MergedEvent | MergedAgreement, attribute: str, field_name: str
) -> list[SourcedValue]:
    """The values a claim is judged on, minus those that are not competing values.

    Names are compared for people only (organisations go by acronyms and
    short forms), and a name that is one of the actor's own aliases is not a
    competing spelling; an "unknown" status states nothing.
    """
    values: list[SourcedValue] = getattr(entity, field_name)
    if attribute == "name":
        if getattr(entity, "type", None) != ActorType.person:
            return []
        aliases = {_person_fold(v.value) for v in getattr(entity, "aliases", [])}
        return [v for v in values if _person_fold(v.value) not in aliases]
    return [v for v in values if v.value != "unknown"] if attribute == "status" else values


def _claims(
    kind: SubjectKind, entities: Sequence[MergedActor | MergedEvent | MergedAgreement]
) -> list[Claim]:
    """Every disagreement among the entities' attributes, per ``CLAIM_RULES``."""
    out: list[Claim] = []
    for entity in entities:
        for attribute, field_name, key, subsumes in CLAIM_RULES[kind]:
            values = claim_values(_claim_inputs(entity, attribute, field_name), key, subsumes)
            if values is not None:
                out.append(
                    Claim(id="", subject_kind=kind, subject_id=entity.id, attribute=attribute, values=values)
                )
    return out


def story_claims(
    actors: Sequence[MergedActor], events: Sequence[MergedEvent], agreements: Sequence[MergedAgreement]
) -> list[Claim]:
    """A story's claims with ids C1.. (actors, then events, then agreements), so ids are stable."""
    claims = (
        _claims(SubjectKind.actor, actors)
        + _claims(SubjectKind.event, events)
        + _claims(SubjectKind.agreement, agreements)
    )
    for n, claim in enumerate(claims, 1):
        claim.id = f"C{n}"
    return claims
