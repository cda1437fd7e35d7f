"""Event triggers: the words that report a happening, and the clause each one governs.

A table maps each event type to its stock trigger words; one pass over the
ASCII-lower-cased sentence finds them all. Words inside an "according to"
source phrase are not events, and "operation" is military only among
security words. The sentence's main trigger is the most specific violent one
(an accident's death toll is not a killing), else the earliest. A trigger's
participants, place and date are looked for within its clause: the span of
the sentence between clause breaks (semicolons, dashes, "but", "while",
"which", "when"). Some trigger words report no happening at all: a
hypothetical or vow, a state ("under sanctions"), a named storm that did
not strike (``reports_no_happening``).
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.vocab import SPEECH_VERBS
from pipeline.text.sentences import Segment
from pipeline.text.wordlists import alternatives, word_regex
from schemas import EventType

#: A trigger word found in a sentence, with the type it reports.
Hit = tuple[EventType, re.Match[str]]

_E = EventType
#: Each type's stock trigger words (regex fragments), in the order one pass tries them.
_TRIGGERS: dict[EventType, tuple[str, ...]] = {
    _E.airstrike: (
        r"air\s?strikes?", "airstrikes?", "drone strikes?", "air raids?", "missile strikes?", "air attacks?",
        "(?<!hunger )(?<!general )(?<!labour )(?<!labor )strikes?",
    ),
    _E.bombing: ("bombings?", "explosions?", "blasts?", "car bombs?", r"suicide bomb\w*", "roadside bombs?"),
    _E.armed_clash: ("clash(?:es|ed)?", "fighting", "firefights?", "gun ?battles?", "skirmish(?:es)?"),
    _E.killing: (
        "killed", "killing", "kills?", r"assassinat\w+", "slain", "shot dead", "murder(?:ed|s)?", "executed",
        "beheaded",
    ),
    _E.attack: (
        "attack(?:s|ed)?", "ambush(?:es|ed)?", "stormed", "stab(?:s|bed|bing)?",
        "(?:mass )?shootings?", "open(?:s|ed)? fire", "(?:gunm[ae]n|shooters?|assailants?) shot",
        r"(?:took|taking|taken|take|takes) (?:[\w-]+ ){0,4}?hostages?",
    ),
    _E.arrest: ("arrest(?:s|ed)?", "detain(?:ed|s)?", "detention", "captured"),
    _E.military_operation: (
        r"operation(?!\s+(?:room|center|centre|command|cell))", "raids?", "incursion", "invasion", "invaded",
        # 'offensive' the noun ('a military offensive'), not the adjective ('deemed offensive to').
        (
            "(?:(?<=an )|(?<=the )|(?<=its )|(?<=their )|(?<=military )|(?<=ground )|(?<=air )|(?<=major )"
            "|(?<=new )|(?<=final )|(?<=army ))offensive"
            "(?! (?:to|messages?|remarks?|comments?|language|content))"
        ),
    ),
    _E.troop_withdrawal: ("withdraw(?:s|n|al|ing)?", "withdrew", "pull(?:ed|ing)? out", "pullout"),
    _E.protest: (
        "protest(?:s|ed|ers)?", "demonstrat(?:ion|ions|ors)", "rall(?:y|ies)",
        # a march, not the month: the verb, or the noun after an article or 'long' (the month is capitalised,
        # see ``weak_triggers``)
        "marched", "(?:(?<=a )|(?<=the )|(?<=long )|(?<=protest )|(?<=peaceful ))march(?:es)?",
    ),
    _E.election: (
        "elections?", "referendum", "primaries", "caucus(?:es)?", r"held (?:its|their|the|a) (?:[\w-]+ )?primary",
    ),
    _E.visit: ("visit(?:s|ed|ing)?",),
    _E.meeting: (
        "met", "meetings?", "talks", "summit",
        # a conversation between two sides ('spoke by phone with', 'a phone call with')
        r"spoke (?:by (?:tele)?phone |on the (?:tele)?phone )?with", r"(?:tele)?phone (?:call|conversation)s? with",
    ),
    _E.other: (
        "ousted", "ouster", r"overthrow\w*", "toppled", "fall of", "downfall", "to power", "coup",
        # dated family events of a life story
        "divorced", "marriage to", "(?:was|were|got) married", "wedding",
    ),
    # Beyond conflict: accidents, courts, politics, business, sport. Stock words of each beat.
    _E.crash: (
        "crash(?:es|ed)?", "derail(?:s|ed|ment)", "collid(?:ed|es)", "collision", "capsi[sz]ed",
        "ran aground", "pile-?ups?", "(?:road|traffic|car|bus|train|rail|plane|boat) accidents?",
    ),
    _E.fire: (
        "wildfires?", "bushfires?", "forest fires?", "house fires?", "blazes?", "inferno", "caught fire",
        "fire broke out",
        # a fire of a building or vehicle ('hotel fire', 'a fire on the highway'), not the fire service
        (
            r"(?:(?<=\ba )|(?<=\bthe )|(?<=hotel )|(?<=building )|(?<=factory )|(?<=apartment )|(?<=boat )"
            r"|(?<=ship )|(?<=warehouse )|(?<=market )|(?<=hospital )|(?<=school )|(?<=church )"
            r"|(?<=nightclub )|(?<=club )|(?<=tower )|(?<=bus )|(?<=train ))fire"
            r"(?! (?:services?|departments?|brigades?|fighters?|stations?|chiefs?|crews?|officials?|officers?"
            r"|trucks?|engines?|safety|alarms?|escapes?|exits?|codes?|hydrants?|authorit(?:y|ies)|and rescue"
            r"|extinguishers?|suppression|doors?|drills?|hoses?))"
        ),
    ),
    _E.natural_disaster: (
        "earthquakes?", "quakes?", "tsunamis?", "floods?", "flooding", "hurricanes?", "typhoons?",
        "cyclones?", "tornado(?:es)?", "(?<!a )landslides?(?! (?:victory|win|majority|defeat))", "mudslides?",
        "avalanches?", "droughts?", "heat ?waves?", "eruptions?", "erupted",
    ),
    _E.charge: ("charged", "indicted", "indictments?", "prosecuted"),
    _E.trial: ("(?:on|stand|stands|stood|go on|went on) trial", "trial (?:of|began|opened|started)"),
    _E.verdict: (
        "sentenced", "convicted", "acquitted", "verdicts?", "found (?:not )?guilty",
        "pleaded (?:not )?guilty", "jailed", "imprisoned", "overturned (?:a |the |his |her )?conviction",
    ),
    _E.lawsuit: ("sued", "lawsuits?", "filed (?:a )?(?:suit|complaint)", "class action"),
    _E.appointment: (
        "appointed", "sworn in", r"nominated(?! for\b)", "took office", "named (?:as )?(?:the )?new",
        # 'became the chair of the committee', 'became mayor of X': taking up a post
        (
            r"became (?:the )?(?:new |first |acting |interim |deputy )?(?:chair(?:man|woman|person)?|president"
            r"|prime minister|governor|mayor|minister|leader|head|director|chief executive|ceo|speaker"
            r"|secretary|premier|chancellor|commissioner|ambassador)\b"
        ),
    ),
    _E.resignation: ("resign(?:s|ed|ing|ations?)", "stepp?(?:ed|s|ing)? down"),
    _E.legislation: (
        "passed (?:a |the )?(?:new )?(?:law|bill|legislation)", "signed into law", "(?:new|draft) law",
        "the bill", "legislation", "(?:imposed|introduced|lifted) (?:a |the )?ban", "state of emergency",
        "declared (?:a |the )?national emergency",
        "voted to (?:pass|approve|adopt|enact)",
        r"(?:announced|signed|issued) (?:a |the )?new (?:[\w-]+ ){0,2}(?:laws?|decrees?|regulations?)",
    ),
    _E.offer: ("takeover (?:bid|offer)", "(?:bid|offer|offered) (?:to (?:buy|acquire)|for)", "tender offer"),
    _E.acquisition: (
        "acquir(?:e|es|ed|ing)", "acquisitions?", "takeover", "merger", "bought", "purchased",
        "(?:to sell|sold|sells|selling) (?:its|their|the|a|his|her)", "sale of",
    ),
    _E.earnings: (
        "(?:operating |net |pre-tax |annual |quarterly )(?:profits?|loss(?:es)?)", "revenues?", "earnings",
    ),
    _E.layoffs: (
        "laid off", "lay(?:ing)? off", "layoffs?", "job cuts", r"cut (?:\d[\d,]* |some |about )?jobs",
        r"halv\w+ (?:its |the )?(?:staff|workforce)",
        (
            r"(?:closed|closing|shut|shutting) (?:down )?(?:\w+ ){0,2}"
            "(?:stores|plants|factories|branches|distribution cent(?:er|re)s?)"
        ),
    ),
    _E.sanction: (
        "sanctions?", "sanctioned", "embargo(?:es)?", r"banned (?:[\w-]+ ){1,4}?from",
        "cease[- ]and[- ]desist orders?",
        "(?:new )?restrictions on (?:flights|flying|travel|imports|exports|trade) (?:to|from|with)",
    ),
    _E.release: ("freed", "(?:was|were|been) released", "released from", "deported", "pardoned"),
    _E.evacuation: ("evacuat(?:ed|ion|ions|e|es|ing)",),
    _E.sports_result: (
        "defeated", "victory over", "win over", "lost to", "drew with", "clinched",
        (
            r"won (?:the |a |their |his |her |its )(?:\w+ ){0,3}"
            "(?:title|cup|match|game|final|race|championship|medal|trophy|tournament|league|series|marathon)"
        ),
        r"(?:set|sets|setting|broke|breaks|breaking) (?:a |the )?(?:new )?(?:[\w-]+ ){0,2}world records?",
    ),
}
#: All triggers in one pass over ASCII-lower-cased text (case-insensitive matching is slow in ``re``).
_TRIGGER_RE = word_regex(f"(?P<{t.value}>{alternatives(words)})" for t, words in _TRIGGERS.items())
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
KILLING_RE = word_regex(_TRIGGERS[_E.killing], re.IGNORECASE)
#: Violent types, most specific first: the first of them in a sentence is its main event.
VIOLENT = (_E.airstrike, _E.bombing, _E.armed_clash, _E.killing, _E.attack, _E.military_operation)
DIPLOMATIC = (_E.visit, _E.meeting)
_ACCIDENTS = (_E.crash, _E.fire, _E.explosion, _E.natural_disaster)
#: Words of an accidental explosion ('a gas leak led to an explosion'): without attack words, a blast in
#: their company is an accident, not a bombing.
_ACCIDENTAL = word_regex(
    (
        "gas", "leak", "boiler", "accidental(?:ly)?", "industrial", "chemicals?", "fireworks?", "pipeline",
        "methane", "mine", "refinery", "tanker", "cylinders?",
    )
)
_ATTACK_WORDS = word_regex(
    (r"bomb\w*", r"terror\w*", "attacks?", "attackers?", "militants?", r"suicide", "explosives?", "devices?",
     "claimed", "insurgents?", "detonated")
)
_SECURITY_CONTEXT = word_regex(
    (
        "troops?", "forces", "military", "army", "security", "police", "soldiers", "militants?", "fighters?",
        r"terror\w*", r"insurgen\w*", "rebels?", "strikes?", "killed", "raids?", "intelligence", r"jihad\w*",
        "armed", r"militar\w*", "combat", "rescue",
    )
)
#: Types reported as background: an event only with a time expression of its own.
NEEDS_DATE = (_E.troop_withdrawal, _E.election, _E.other, _E.protest)
#: Types whose participants after the trigger are harmed (victims or targets) unless named by 'by'.
HARMED = (_E.killing, _E.arrest)
#: A reported-speech clause ("X said on Friday that"): what comes before "that" is the report, not the event.
REPORTED = re.compile(rf"\b(?:{SPEECH_VERBS}|revealed|reported)\b[^.;]*?\bthat\b")
_CLAUSE_CUT = re.compile(
    r";|\s[\u2014\u2013]\s|\u2014|\s+but\s+|,?\s+while\s+|,\s+including\s+|,\s+(?:which|who|whose)\s+|\s+when\s+"
)
_SOURCE = re.compile(r"\baccording to\b[^;]*?(?=[,;]|\.(?:\s|$)|$)")


#: Agreement words: a sentence about an agreement reports it as an agreement record.
AGREEMENT_WORDS = word_regex(
    ("agreement", "deal", "accord", "treaty", "ceasefire", "truce", "agreed", r"pledg\w+"), re.IGNORECASE
)


def find_hits(lowered: str, seg: Segment) -> list[Hit]:
    """Every trigger word of the sentence (matched on the lower-cased text, same offsets).

    Words inside an 'according to ...' source phrase ('diplomats briefed on
    the talks') name the source, not an event.
    """
    source = _SOURCE.search(lowered, seg.start, seg.end)
    secure = _SECURITY_CONTEXT.search(lowered, seg.start, seg.end) is not None
    accidental = bool(
        _ACCIDENTAL.search(lowered, seg.start, seg.end) and not _ATTACK_WORDS.search(lowered, seg.start, seg.end)
    )
    return [
        (_E.explosion if accidental and _is_blast(m) else EventType(m.lastgroup), m)
        for m in _TRIGGER_RE.finditer(lowered, seg.start, seg.end)
        if m.lastgroup
        and not (source and source.start() <= m.start() < source.end())
        # "Brightmart's Polish operation" is a business: an operation is military among soldiers, or when
        # it refers back to one ("the operation took place on Thursday").
        and (secure or not m.group().startswith("operation") or lowered.endswith("the ", 0, m.start()))
    ]


def _is_blast(m: re.Match[str]) -> bool:
    """A bombing trigger that only says something blew up ('explosion', 'blast')."""
    return m.lastgroup == _E.bombing.value and m.group().startswith(("explosion", "blast"))


def main_hit(hits: list[Hit]) -> Hit | None:
    """The sentence's main trigger: the most specific violent one, else the earliest other.

    A background type (election, protest, withdrawal, 'other') is the main
    one only when the sentence has no other trigger: in "before the
    election, a judge dismissed the lawsuit" the lawsuit is the news.

    Deaths in a crash, fire or disaster are its toll, not a killing, and an
    explosion or blast beside a crash or fire is part of it, not a bombing:
    the accident is the event ("an inferno that killed 19", "an explosion
    shortly before the plane crashed").
    """
    accident = [h for h in hits if h[0] in _ACCIDENTS]
    if accident and all(_part_of_accident(h) for h in hits if h[0] in VIOLENT):
        return min(accident, key=lambda h: h[1].start())
    violent = [h for h in hits if h[0] in VIOLENT]
    if violent:
        return min(violent, key=lambda h: (_violent_rank(h), h[1].start()))
    # Background types (an election, a protest) are the main event only when nothing else happens.
    return min(hits, key=lambda h: (h[0] in NEEDS_DATE, h[1].start())) if hits else None


#: Attacks told by their weapon ('a mass shooting that killed three', 'stabbed two people, killing one'):
#: the attack is the event, its deaths are its toll.
_WEAPON_ATTACK = ("shooting", "mass shooting", "stab", "open", "gunm", "shooter", "assailant")


def _violent_rank(hit: Hit) -> float:
    """VIOLENT order, with a shooting or stabbing just ahead of the killing it causes."""
    etype, m = hit
    if etype is _E.attack and m.group().startswith(_WEAPON_ATTACK):
        return VIOLENT.index(_E.killing) - 0.5
    return VIOLENT.index(etype)


def _part_of_accident(hit: Hit) -> bool:
    """A death toll ('killed') or a bang ('explosion', 'blast'), which an accident may have of its own."""
    etype, m = hit
    return etype is _E.killing or (etype is _E.bombing and m.group().startswith(("explosion", "blast")))


def clause_at(text: str, seg: Segment, pos: int) -> Segment:
    """The clause around ``pos``: participants of a trigger stay within it."""
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(text, seg.start, pos)]
    after = _CLAUSE_CUT.search(text, pos, seg.end)
    return Segment(cuts[-1] if cuts else seg.start, after.start() if after else seg.end)


#: Hypotheticals, vows and conditions before a trigger ('would have been contested in the elections',
#: 'vowed to keep fighting', 'even if they succeed in killing it', 'a potential charge of murder').
_HYPOTHETICAL = word_regex(
    (
        "would", "could", "might", "should", "if", "unless", "potential", "possible", "vow(?:s|ed)? to",
        "threaten(?:s|ed)? to", "plan(?:s|ned|ning)? to", "intend(?:s|ed)? to",
    )
)


#: A state, not a happening: 'under sanctions', 'under an embargo'.
_UNDER = re.compile(r"\bunder\s+(?:[\w-]+\s+){0,2}$")
#: 'was met with applause', 'were met by protesters': a reception, not a meeting.
_PASSIVE_MET = re.compile(r"\b(?:was|were|been|being|is|are)\s+$")


def reports_no_happening(text: str, seg: Segment, etype: EventType, trig: re.Match[str]) -> bool:
    """Trigger words that report no happening of the article.

    A background type in a sentence about an agreement (the agreement is the
    record), a hypothetical, vow or condition before the trigger, a named
    storm that did not strike, a state ('under sanctions') and a reception
    ('was met with applause').
    """
    clause = clause_at(text, seg, trig.start())
    near = max(clause.start, trig.start() - 30)
    return bool(
        (etype in NEEDS_DATE and AGREEMENT_WORDS.search(text, seg.start, seg.end))
        or _HYPOTHETICAL.search(text, clause.start, trig.start())
        or (etype is _E.natural_disaster and _named_storm_only(text, clause, trig))
        or (etype is _E.sanction and _UNDER.search(text, near, trig.start()))
        or (
            etype is _E.meeting
            and trig.group().lower() == "met"
            and _PASSIVE_MET.search(text, near, trig.start())
        )
    )


#: A disaster's name ('Hurricane Ida', 'Typhoon Rai'): a capitalised disaster word before a capitalised name.
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_STRUCK = word_regex(
    (
        "struck", "strikes?", "hit", "hits", "made landfall", "makes landfall", "slammed", "battered",
        "lashed", "pounded", "ravaged", "devastated", "destroyed", "flooded", "swept", "tore", "killed",
        "killing", r"left \d+",
    )
)


def _named_storm_only(text: str, clause: Segment, trig: re.Match[str]) -> bool:
    """A disaster named only by its name ('animals rescued from Hurricane Ida') is no event of the article.

    It is one when its clause says it struck ('Typhoon Rai hit the coast', 'killed 40').
    """
    named = text[trig.start()].isupper() and _NAME_AFTER.match(text, trig.end()) is not None
    return named and _STRUCK.search(text, clause.start, clause.end) is None
