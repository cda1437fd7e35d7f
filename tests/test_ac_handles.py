"""Users named by a social-media handle in speaker position, on invented sentences."""

from pipeline.backends.heuristic.extractor import extract_drafts
from schemas import ActorType


def _actors(text: str) -> dict[str, ActorType]:
    return {a.name: a.type for a in extract_drafts(text).actors}


def test_handles_that_post_or_respond_are_people() -> None:
    text = (
        "\"He got what he deserved,\" kestrel_fan88 responded to the clip. \"Shame on them,\" posted Dovrin7.\n"
        "On Twitter, @marivoss expressed her sadness at the news."
    )
    actors = _actors(text)
    for handle in ("kestrel_fan88", "Dovrin7", "@marivoss"):
        assert actors.get(handle) is ActorType.person


def test_a_handle_inside_a_quote_or_a_code_is_no_actor() -> None:
    text = "The governor said, \"As such, @vantorhealth said it will close the polls.\" Flight MH17 said nothing."
    actors = _actors(text)
    assert "@vantorhealth" not in actors
    assert "MH17" not in actors
