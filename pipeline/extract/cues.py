"""The reporting-cue vocabulary of general news English, shared by mention finding and attribution.

A cue is the verb (or "according to") that ties words to whoever the
article says spoke them. Mention finding needs the list too: a name form
taken from evidence may run on into its cue ("Mary Quant described"), and
the name stops before it.
"""

from __future__ import annotations

import re

#: Reporting verbs of general news English, in the forms that follow or precede a speaker.
REPORTING_VERBS = (
    "said|says|say|stated|states|told|tells|added|adds|noted|notes|wrote|writes|declared|declares|"
    "announced|announces|posted|tweeted|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|mentioned|"
    "explained|explains|warned|warns|insisted|insists|claimed|claims|argued|argues|asserted|confirmed|"
    "revealed|replied|responded|continued|concluded|highlighted|urged|vowed|described|describes|"
    "remarked|acknowledged|admitted|observed|recalled|recalls|pledged|promised|predicted|suggested|"
    "testified|told|asked|asks|answered|commented|conceded|countered|cautioned|complained|"
    "lamented|boasted|quipped|shouted|screamed|whispered|joked|explained|reported|announced|thanked|"
    "spoke|speaks|alleged|alleges|criticized|criticised|defended|reacted|cited|informed|"
    "pointed\\s+out|points\\s+out|"
    "saying|adding|noting|stating|writing|declaring|warning|telling|describing|insisting|arguing|"
    "explaining|recalling|asking|calling|speaking|observing|quoted\\s+as\\s+saying|according\\s+to"
)
#: Verbs whose quoted words are the complement of their object ("Li called the deal "a disaster"", "described
#: the plan as "reckless""): a cue only when the quotation closes the clause a few words on (see attribution).
COMPLEMENT_VERBS = (
    "called|calls|characteri[sz]ed|characteri[sz]es|referred\\s+to|refers\\s+to|dubbed|dubs|labell?ed|branded"
)
#: Verbs of judging whose quoted words follow "as" ("condemned the attack as "cowardly""): cues like the
#: complement verbs, only with "as" right before the quotation.
AS_COMPLEMENT_VERBS = (
    "condemn(?:ed|s)|hail(?:ed|s)|dismiss(?:ed|es)|denounc(?:ed|es)|prais(?:ed|es)|reject(?:ed|s)|slam(?:med|s)|"
    "blast(?:ed|s)|decri(?:ed|es)|welcom(?:ed|es)|regard(?:ed|s)|view(?:ed|s)|saw|sees|brand(?:ed|s)"
)
#: A document's cue: "the statement read", "reads the ruling".
DOCUMENT_VERBS = "read|reads"
#: Cues whose object follows them ("told Reuters", "thanked the police"): what comes after is never the speaker.
TRANSITIVE_VERBS = (
    "told|tells|telling|informed|informs|thanked|urged|criticized|criticised|defended|cited|"
    + COMPLEMENT_VERBS
)
#: An optional adverb between a speaker and its cue ("Li later said", "he also told").
ADVERB = r"(?:(?:also|further|later|then|again|once|\w+ly)\s+)?"


#: A passive auxiliary right before a cue, an adverb allowed ("was told", "were later informed").
_PASSIVE_AUX = re.compile(rf"\b(?:is|are|was|were|been|being)\s+{ADVERB}$", re.IGNORECASE)


def passive_cue(text: str, start: int, cue_start: int, cue: str) -> bool:
    """Whether the cue at ``cue_start`` is a passive participle ("Li was told", "were informed by").

    The subject of a passive cue heard the words, and only an agent after
    "by" may have spoken them. A progressive ("was saying") is no passive.
    ``start`` bounds the look back (the clause's start).
    """
    return not cue.lower().endswith("ing") and bool(_PASSIVE_AUX.search(text, max(start, cue_start - 20), cue_start))
