"""Modality, negation and states: trigger words that report no happening of the article.

News English reports what did not happen ("police did not arrest anyone",
"the two sides never signed the deal") and what is only planned or expected
("the union will hold a protest", "is set to visit", "a campaign to organise
a rally") and what is a present condition ("the region is in the middle of
a heat wave"). The guidelines count none of them as an event; for an
agreement, a planned or possible signing is ``proposed``, a denied one is
no agreement. The checks read only the few words right before the trigger inside its
clause, so a negation elsewhere in the sentence ("did not comment after the
arrest") does not cancel the event.
"""

from __future__ import annotations

import re

from pipeline.text.sentences import Segment

#: A negation right before the trigger, with at most two words (an adverb, an auxiliary) between.
_NEGATED = re.compile(
    r"\b(?:not|never|n['\u2019]t|no\s+longer|failed\s+to|refused\s+to|declined\s+to)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: A future, expectation or purpose frame before the trigger ('will visit', 'is expected to sign',
#: 'to organise a protest'); the trigger is a plan, not a report.
_DEFERRED = re.compile(
    r"(?:\b(?:will|shall|may|might)|['\u2019]ll"
    r"|\b(?:is|are|was|were)\s+(?:set|expected|scheduled|due|going|poised|likely)\s+to"
    r"|\b(?:plans?|planned|planning|intends?|intending|aims?|aiming|hopes?|hoping|wants?|seeks?|seeking)\s+to"
    r"|\bto\s+(?:organi[sz]e|hold|stage|host|arrange|call(?:\s+for)?|make\s+sure|ensure))"
    r"\s+(?:(?:a|an|the|its|their|new|further|next|another)\s+)?(?:[\w-]+\s+){0,3}$"
)  # case-sensitive: 'May' the month is no modal
#: A present state around the trigger ('are in the middle of a heat wave', 'is experiencing a drought').
_ONGOING = re.compile(
    r"\b(?:is|are|remains?)\s+(?:(?:still|now|currently)\s+)?"
    r"(?:in\s+the\s+(?:middle|midst|grip)\s+of|experiencing|suffering\s+from)"
    r"\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: A present schedule ('the election is scheduled for March 24', 'the board is due to discuss'): a plan.
_SCHEDULED = re.compile(r"\b(?:is|are)\s+(?:now\s+)?(?:scheduled|slated|due)\s+(?:to|for)\b", re.IGNORECASE)
#: The rest of a noun phrase after the trigger before its verb ('election commission is scheduled to').
_SCHEDULED_AFTER = re.compile(
    r"(?:\s+[\w'\u2019-]+){0,3}?\s+(?:is|are)\s+(?:now\s+)?(?:scheduled|slated|due)\s+(?:to|for)\b", re.IGNORECASE
)
#: How far back the frames above may start: a handful of words.
_REACH = 60


def negated(text: str, clause: Segment, trigger: int) -> bool:
    """Whether the clause denies the trigger ('did not sign', 'was never arrested')."""
    return _NEGATED.search(text, max(clause.start, trigger - _REACH), trigger) is not None


def ongoing(text: str, clause: Segment, trigger: int) -> bool:
    """Whether the clause states a present condition, not a happening ('is in the grip of a drought')."""
    return _ONGOING.search(text, max(clause.start, trigger - _REACH), trigger) is not None


def deferred(text: str, clause: Segment, trigger: int) -> bool:
    """Whether the clause puts the trigger in the future or makes it a plan ('will meet', 'plans to sign')."""
    return _DEFERRED.search(text, max(clause.start, trigger - _REACH), trigger) is not None


def scheduled(text: str, clause: Segment, start: int, end: int) -> bool:
    """Whether the clause puts the trigger on a present schedule ('X is scheduled to hold an election').

    Either the schedule comes earlier in the clause, or the trigger heads the
    noun phrase that is scheduled ('the election is scheduled for May').
    """
    return bool(_SCHEDULED.search(text, clause.start, start) or _SCHEDULED_AFTER.match(text, end, clause.end))
