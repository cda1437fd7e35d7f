"""Companies marked by a legal form ("X Group A/S", "X Kft.", "X S.A. de C.V.", "X Inc.").

A registered company's full name ends in its legal form, a closed list of
business-law abbreviations from many countries; whatever capitalised words
precede it are the company's name, however foreign or unknown. The same
article then shortens the name ("X Group", "X"), so ``core`` gives the part
that identifies the company once the legal form and generic words such as
"Group" or "Holdings" are dropped, and ``actors`` joins the short forms to
the full name.
"""

from __future__ import annotations

import re

from pipeline.backends.heuristic.vocab import STOPWORDS
from pipeline.text.names import CAPITAL

#: Legal forms of companies (Nordic, German, Dutch, Romance, Central European, English-speaking).
_LEGAL_FORMS = (
    r"S\.A\.B\. de C\.V\.|S\.A\. de C\.V\.|S\.p\.A\.|S\.A\.|S\.L\.|N\.V\.|B\.V\.|Sp\. z o\.o\."
    r"|A/S|ApS|AB|ASA|AG|GmbH|KGaA|SE|Kft\.|Zrt\.|Nyrt\.|Oyj|plc|PLC|Plc|Inc\.|Inc|Ltd\.|Ltd|LLC|LLP|Corp\."
    r"|Pty Ltd|Pte Ltd"
)
_WORD = rf"(?:{CAPITAL}[\w'\u2019&-]*|[A-Z]{{2,}}[\w-]*)"
_COMPANY = re.compile(
    rf"(?<![\w'\u2019.-])(?P<name>{_WORD}(?:\s(?:de|&)?\s?{_WORD}){{0,3}})\s+(?:{_LEGAL_FORMS})(?![\w/])"
)
_LEGAL_FORM_END = re.compile(rf"\s+(?:{_LEGAL_FORMS})$")
#: Words after a company's distinctive name that the article drops when it shortens it.
_GENERIC_TAIL = frozenset(["group", "holdings", "holding", "company", "corporation", "corp", "companies"])


def registered_companies(text: str) -> list[tuple[int, int]]:
    """Spans of company names ending in a legal form, a leading 'The' or sentence word left out."""
    out: list[tuple[int, int]] = []
    for m in _COMPANY.finditer(text):
        words = m.group("name").split()
        skip = 0
        while skip < len(words) - 1 and words[skip] in STOPWORDS:
            skip += 1
        start = m.start("name") + len(" ".join(words[:skip])) + (1 if skip else 0)
        out.append((start, m.end()))
    return out


def core(name: str) -> str:
    """The identifying part of an organisation's name, lower-cased ('salling' for 'Salling Group A/S')."""
    words = _LEGAL_FORM_END.sub("", name).split()
    while len(words) > 1 and words[-1].lower() in _GENERIC_TAIL:
        words.pop()
    return " ".join(words).lower()


def short_forms(name: str) -> list[str]:
    """The shorter forms by which an article refers to a company named with a legal form."""
    if not _LEGAL_FORM_END.search(name):
        return []
    bare = _LEGAL_FORM_END.sub("", name)
    words = bare.split()
    forms = [bare]
    while len(words) > 1 and words[-1].lower() in _GENERIC_TAIL:
        words.pop()
        forms.append(" ".join(words))
    return forms
