"""Actor forms and the speaker each quotation gets: what the attribution tests build their cases from."""

from __future__ import annotations

from pipeline.extract.attribution import ActorForms, QuoteFrames, attribute, find_mentions


def person(key: str, *names: str, title: str | None = None) -> ActorForms:
    """A person known by ``names`` (the first the fullest)."""
    return ActorForms(key, names, "person", title, "person")


def body(key: str, name: str, org_type: str = "organization") -> ActorForms:
    """An organisation, agency or other body."""
    return ActorForms(key, (name,), "body", None, org_type)


def speakers(text: str, actors: list[ActorForms]) -> list[str | None]:
    """The speaker key attribution gives each quotation of ``text``, in order (None: nobody)."""
    frames = QuoteFrames(text)
    mentions = find_mentions(text, actors, frames.quotes)
    return [attribute(frames, q, mentions).speaker for q in frames.quotes]
