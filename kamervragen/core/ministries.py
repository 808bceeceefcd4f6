"""The ministry a set of questions is addressed to, from however the addressee is written.

Addressees vary: "Minister van Buitenlandse Zaken", "minister van BZ", "Staatssecretaris van
Financiën - Fiscaliteit en Belastingdienst", "Minister voor Buitenlandse Handel en
Ontwikkelingshulp" (a minister at Foreign Affairs), "Minister-President". Each is folded (lower
case, no diacritics) and looked up by the names and abbreviations of the ministries and of the
ministers without a ministry of their own, longest first. Renamed ministries count as their
current name (LNV as LVVN, EZK as EZ), so a year of statistics is not split in two.

    ministry_of("minister van BZ")                       -> MINISTRIES["BZ"]
    ministry_of("Minister voor Medische Zorg")           -> MINISTRIES["VWS"]
    find_ministry("financien"), find_ministry("Fin")     -> MINISTRIES["FIN"]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kamervragen.core.text import fold


@dataclass(frozen=True)
class Ministry:
    """A ministry: its short code (as the Kamer abbreviates it) and its name."""

    code: str
    name: str


# code, name, then the words that name it in an addressee (folded), besides the name itself.
_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("AZ", "Algemene Zaken", ("minister-president", "minister president", "premier")),
    (
        "BZ",
        "Buitenlandse Zaken",
        ("bz", "buza", "buitenlandse handel", "ontwikkelingssamenwerking", "ontwikkelingshulp"),
    ),
    (
        "BZK",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        ("bzk", "binnenlandse zaken", "koninkrijksrelaties", "digitalisering"),
    ),
    ("DEF", "Defensie", ("def", "defensie")),
    (
        "EZ",
        "Economische Zaken",
        ("ez", "ezk", "economische zaken en klimaat", "economische zaken"),
    ),
    (
        "FIN",
        "Financiën",
        ("fin", "financien", "fiscaliteit", "belastingdienst", "toeslagen", "douane"),
    ),
    ("IENW", "Infrastructuur en Waterstaat", ("ienw", "i&w", "infrastructuur", "waterstaat")),
    (
        "JENV",
        "Justitie en Veiligheid",
        ("jenv", "j&v", "justitie", "rechtsbescherming", "veiligheid"),
    ),
    ("AENM", "Asiel en Migratie", ("aenm", "asiel", "migratie", "vreemdelingenzaken")),
    ("KGG", "Klimaat en Groene Groei", ("kgg", "klimaat", "groene groei", "energie")),
    (
        "LVVN",
        "Landbouw, Visserij, Voedselzekerheid en Natuur",
        ("lvvn", "lnv", "landbouw", "visserij", "voedselzekerheid", "natuur", "stikstof"),
    ),
    (
        "OCW",
        "Onderwijs, Cultuur en Wetenschap",
        ("ocw", "onderwijs", "cultuur", "wetenschap", "media", "emancipatie"),
    ),
    (
        "SZW",
        "Sociale Zaken en Werkgelegenheid",
        ("szw", "sociale zaken", "werkgelegenheid", "armoedebeleid", "participatie", "pensioenen"),
    ),
    (
        "VWS",
        "Volksgezondheid, Welzijn en Sport",
        ("vws", "volksgezondheid", "welzijn", "sport", "medische zorg", "langdurige zorg", "jeugd"),
    ),
    (
        "VRO",
        "Volkshuisvesting en Ruimtelijke Ordening",
        ("vro", "volkshuisvesting", "ruimtelijke ordening", "wonen"),
    ),
)
MINISTRIES: dict[str, Ministry] = {code: Ministry(code, name) for code, name, _ in _TABLE}
OTHER = "?"  # the group of sets whose addressee names no known ministry

# (folded word, code), longest first: "economische zaken en klimaat" before "klimaat".
_WORDS: list[tuple[str, str]] = sorted(
    {(fold(word), code) for code, name, words in _TABLE for word in (name, *words)},
    key=lambda item: (-len(item[0]), item[1]),
)


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The words as whole-word patterns, compiled on first use (not by every command)."""
    return [(re.compile(rf"(?<![\w&]){re.escape(word)}(?![\w&])"), code) for word, code in _WORDS]


def ministry_of(addressee: str | None) -> Ministry | None:
    """The ministry an addressee ("Minister van Financiën", "minister van BZ") belongs to."""
    if not addressee:
        return None
    text = fold(addressee)
    for pattern, code in _patterns():
        if pattern.search(text):
            return MINISTRIES[code]
    return None


def ministry_code(addressees: list[str]) -> str | None:
    """The code of the first addressee's ministry that is known (a set counts for one)."""
    for addressee in addressees:
        ministry = ministry_of(addressee)
        if ministry is not None:
            return ministry.code
    return None


def find_ministry(text: str) -> Ministry | None:
    """The ministry a person means by a code or (part of) a name: "BZ", "financien",
    "Buitenlandse Zaken", "minister van VWS"."""
    word = fold(text.strip())
    if not word:
        return None
    by_code = MINISTRIES.get(word.upper())
    return by_code if by_code is not None else ministry_of(word)
