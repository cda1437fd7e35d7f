"""Trigger words whose sense in the sentence is not the event type they usually report.

The trigger table (``triggers``) matches words; several of them have an
everyday sense that reports no happening of their type:

* a question ("Who killed him?") asks, it does not report;
* a call or demand ("demanding the arrest of", "called for his
  resignation") asks for something that has not happened;
* "captured" is an arrest only of people ("police captured two suspects",
  "he was captured"), not of a building or an image ("captured the
  embassy", "cameras captured their arrival");
* "defeated" is a sports result, not a war's or a vote's outcome
  ("troops defeated the militia", "was defeated in the constituency by
  the candidate");
* an election or campaign rally is canvassing, not a protest;
* "met" in a relative clause of a life story ("where he met his wife",
  "a man whom she met") is how people got to know each other, not a meeting;
* a trigger word after a prefix ("post-election resources", "anti-war
  group") modifies a noun; it reports no happening;
* the killing of animals ("the killing of 300 pigs") and a running death
  toll ("the virus has killed more than 1,000 people") are no killing event.
"""

from __future__ import annotations

import re

from pipeline.text.sentences import Segment
from pipeline.text.wordlists import alternatives, word_regex
from schemas import EventType

_E = EventType

#: A call or demand right before the trigger, with a few words between ('demanding the immediate arrest of').
_DEMAND = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|petition(?:s|ed|ing)?\s+for)"
    r"\s+(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w'\u2019-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: People a capture can take ('captured two suspects', 'captured the rebel commander').
_CAPTIVES = (
    "suspects?", "militants?", "fighters?", "soldiers?", "men", "man", "women", "woman", "leaders?",
    "commanders?", "gunm[ae]n", "rebels?", "prisoners?", "insurgents?", "troops", "fugitives?", "hostages?",
    "members?",
)
_CAPTIVE = re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{alternatives(_CAPTIVES)})\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: War and vote words: 'defeated' in their company is no sports result.
_NOT_SPORT = word_regex(
    (
        "troops?", "forces", "military", "army", "militants?", "militias?", r"insurgen\w*", "rebels?",
        r"terror\w*", "war", "battles?", "elections?", "electoral", "votes?", "voters?", "candidates?",
        "seats?", r"constituenc\w+", "ballots?", r"parliament\w*", "motion", "referendum", "bill", "party",
        "parties",
    ),
    re.IGNORECASE,
)
_CANVASS = re.compile(r"\b(?:election|electoral|campaign|pre-election|re-election)\s+$", re.IGNORECASE)
_ACQUAINTED = re.compile(r"\b(?:where|whom|who)\s+(?:he|she|they|i|we)?\s*(?:first\s+|later\s+)?$", re.IGNORECASE)
_ANIMAL_WORDS = (
    "pigs?", "hogs?", "chickens?", "birds?", "poultry", "cattle", "cows?", "sheep", "goats?", "animals?",
    "dogs?", "cats?", "ducks?", "fish", "livestock", "deer", "whales?", "dolphins?", "elephants?", "wolves",
    "bears?", "horses?", "buffalo(?:es)?", "bison", "turtles?", "birds?", "wolves", "lynx(?:es)?",
)
_ANIMALS = re.compile(
    r"\s+(?:of\s+)?(?:(?:over|more than|about|some|nearly|at least|around)\s+)?(?:[\d,.]+\s+(?:million\s+)?)?"
    rf"(?:{alternatives(_ANIMAL_WORDS)})\b",
    re.IGNORECASE,
)
_TOLL = re.compile(
    r"\b(?:has|have|had)\s+(?:reportedly\s+|already\s+|so\s+far\s+|now\s+)?$", re.IGNORECASE
)
_TOLL_AFTER = re.compile(
    r"\s+(?:(?:more than|over|at least|nearly|almost|about|around|some)\s+)?[\d,]+\b", re.IGNORECASE
)


_PREFIX = re.compile(r"\b(?:post|pre|anti|non|counter|mid|inter)-$", re.IGNORECASE)
#: A medical attack ('heart attacks', 'an asthma attack'): no violence.
_MEDICAL = re.compile(r"\b(?:heart|asthma|panic|anxiety)\s+$", re.IGNORECASE)
#: An election named only as the goal or frame of something else: 'nominee for the 2020 election',
#: 'a candidate in the election', 'ahead of the 2018 elections'.
_ELECTION_FRAME = re.compile(
    r"\b(?:for|candidates?\s+in|ahead\s+of|in\s+the\s+run-up\s+to|in\s+the\s+lead-up\s+to)\s+"
    r"(?:(?:a|an|the|this|next|its|their)\s+)?(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
#: An election word that modifies a noun ('election rally', 'election campaign', 'election implications').
_ELECTION_NOUN = re.compile(
    r"\s+(?:rall(?:y|ies)|campaigns?|campaigning|implications|promises?|pledges?|manifestos?|posters?"
    r"|commissions?|officials?|laws?|rules?|day)\b",
    re.IGNORECASE,
)
#: Animals right before 'were released' ('the buffalo were released into the reserve'): no prisoner freed.
_ANIMALS_BEFORE = re.compile(rf"\b(?:{alternatives(_ANIMAL_WORDS)})\s+$", re.IGNORECASE)
#: A gerund after a time preposition frames another act's time ('before resigning', 'after meeting').
_TIME_FRAME = re.compile(r"\b(?:before|after|upon|without)\s+$", re.IGNORECASE)
#: 'after being impeached for, and convicted of': a condition or a time frame, no report of the act.
_BEING_FRAME = re.compile(r"\b(?:before|after|upon|without)\s+being\s+(?:[\w,-]+\s+){0,4}$", re.IGNORECASE)
#: A modal right after a noun trigger ('the earthquakes may continue', 'the talks could resume'): no report.
_MODAL_AFTER = re.compile(r"\s+(?:may|might|could|would|will|should)\b")
#: 'convicted' as an adjective before a noun ('a convicted murderer'), not a conviction of the story.
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|his|her|their|two|three|several)\s+$", re.IGNORECASE)
_NOUN_NEXT = re.compile(r"\s+(?!of\b|in\b|on\b|by\b|for\b|and\b|or\b)[a-z]")
#: Words, not blows: 'attacked the plan as "garbage"'.
_ATTACKED_AS = re.compile(r"\s+(?:[\w'\u2019-]+\s+){1,5}?as\b")
#: Gunfire, not a blaze: 'returned the fire', 'opened fire', 'came under heavy fire', 'a cease fire'.
_GUNFIRE = re.compile(
    r"\b(?:return(?:s|ed|ing)?|open(?:s|ed|ing)?|exchang(?:e|es|ed|ing)|under|dr[ae]w|cease|hold|held)\s+"
    r"(?:(?:the|a|an|their|heavy|enemy)\s+)?$",
    re.IGNORECASE,
)
#: A capitalised trigger word inside a name ('Revenue Tower', 'Election Commission'): no happening.
_NAME_WORD = re.compile(r"\s+[A-Z][a-z]")
#: Types whose words are often part of a name; violent, military and disaster names ('Operation X',
#: 'Hurricane X') are read by their own rules.
_NAMEABLE = (
    _E.earnings, _E.election, _E.legislation, _E.sanction, _E.protest, _E.meeting, _E.acquisition,
    _E.resignation, _E.appointment, _E.release, _E.lawsuit, _E.layoffs, _E.offer,
)


def _question(text: str, seg: Segment) -> bool:
    """A sentence that ends with a question mark asks; it reports nothing."""
    return text[seg.start : seg.end].rstrip().rstrip("\"'\u201d\u2019)").endswith("?")


def weak_trigger(text: str, seg: Segment, etype: EventType, trig: re.Match[str]) -> bool:
    """Whether the trigger, read in its sentence, reports no happening of its type (see the module)."""
    start, end, word = trig.start(), trig.end(), trig.group().lower()
    before = text[max(seg.start, start - 60) : start]
    if _question(text, seg) or _DEMAND.search(before) or _PREFIX.search(before):
        return True
    if etype in _NAMEABLE and _in_name(text, seg, trig):
        return True
    if etype is _E.release and _ANIMALS_BEFORE.search(before):
        return True
    if etype in (_E.verdict, _E.charge, _E.arrest, _E.appointment) and _BEING_FRAME.search(before):
        return True
    if word.endswith("ing") and _TIME_FRAME.search(before):
        return True  # 'Before resigning, X appointed Y': the gerund frames the time of another act
    if _MODAL_AFTER.match(text, end, seg.end) and not word.endswith("ed"):
        return True
    if etype is _E.verdict and word == "convicted" and _ARTICLE_BEFORE.search(before):
        return _NOUN_NEXT.match(text, end, seg.end) is not None
    if etype is _E.attack and word == "attacked" and _ATTACKED_AS.match(text, end, seg.end):
        return True
    if etype is _E.fire and word == "fire" and _GUNFIRE.search(before):
        return True
    if etype is _E.attack and _MEDICAL.search(before):
        return True
    if etype is _E.protest and word.startswith("march") and text[start].isupper():
        return True  # the month ('a March 3 meeting')
    if etype is _E.election and word.startswith("caucus") and text[start].isupper():
        return True  # a parliamentary group ('the Black Caucus'), not a vote
    if etype is _E.election:
        return bool(_ELECTION_FRAME.search(before) or _ELECTION_NOUN.match(text, end, seg.end))
    if etype is _E.arrest and word == "captured":
        return not (_PASSIVE_BEFORE.search(before) or _CAPTIVE.match(text, end, seg.end))
    if etype is _E.sports_result and word == "defeated":
        return _NOT_SPORT.search(text, seg.start, seg.end) is not None
    if etype is _E.protest and word.startswith("rall"):
        return _CANVASS.search(before) is not None
    if etype is _E.meeting and word == "met":
        return _ACQUAINTED.search(before) is not None
    if etype is _E.killing:
        return _killing_is_no_event(text, seg, trig, before)
    return False


def _in_name(text: str, seg: Segment, trig: re.Match[str]) -> bool:
    """A capitalised trigger word, not opening the sentence, followed by a capitalised word: part of a name."""
    start = trig.start()
    opening = not text[seg.start : start].strip()
    return text[start].isupper() and not opening and _NAME_WORD.match(text, trig.end(), seg.end) is not None


def _killing_is_no_event(text: str, seg: Segment, trig: re.Match[str], before: str) -> bool:
    """The killing of animals, or a running toll ('has already killed more than 1,000 people')."""
    word = trig.group().lower()
    if word == "killing" and _ANIMALS.match(text, trig.end(), seg.end):
        return True
    return word == "killed" and bool(_TOLL.search(before)) and bool(_TOLL_AFTER.match(text, trig.end(), seg.end))
