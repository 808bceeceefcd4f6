"""Pieces every Kamervragen parser shares: askers and parties, number lists, name repairs.

All pure functions on text. They return None (or an empty list) where the text does not say,
never raise on odd input.
"""

from __future__ import annotations

import re
import unicodedata

from kamervragen.core.dates import MONTHS, deadline_for, parse_dutch_date  # noqa: F401
from kamervragen.core.model import Asker
from kamervragen.core.references import (  # noqa: F401
    DOCUMENTNUMMER_RE,
    PUBLICATION_ID_RE,
    ZAAKNUMMER_RE,
)
from kamervragen.core.text import fold, normalise_title, squash  # noqa: F401

# PDF text gives a letter and its accent apart: "Kostic´" for "Kostić".
_SPACING_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
}
_SPACING_ACCENT_RE = re.compile("(?<=[A-Za-z])[" + "".join(_SPACING_ACCENTS) + "]")


def compose_accents(name: str) -> str:
    """ "Kostic´" -> "Kostić": a spacing accent after a letter joins the letter (for names)."""
    if not _SPACING_ACCENT_RE.search(name):
        return name
    joined = _SPACING_ACCENT_RE.sub(lambda m: _SPACING_ACCENTS[m.group(0)], name)
    return unicodedata.normalize("NFC", joined)


# PDF text glues a first name to the surname: "DaniëlleJansen".
_GLUED_NAME_RE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z][a-zà-ÿ])")


def _unglue_names(text: str) -> str:
    return _GLUED_NAME_RE.sub(" ", text)


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched ("minister voor X" -> "Minister voor X")."""
    return text[:1].upper() + text[1:] if text else text


_PARTY_RE = re.compile(r"^(?P<name>.*?)\s*\((?:beiden\s+|allen\s+|alle\s+)?(?P<party>[^)]+)\)\s*$")


def parse_askers(text: str) -> list[Asker]:
    """Askers with party: "Omtzigt (CDA), Schouw (D66)", "Van Ojik en Diks (beiden GroenLinks)"."""
    text = compose_accents(squash(text))
    parts = [p.strip() for p in re.split(r",\s?|\sen\s", text) if p.strip()]
    askers: list[Asker] = []
    pending: list[str] = []
    for part in parts:
        match = _PARTY_RE.match(part)
        if match:
            pending.append(match.group("name").strip())
            party = match.group("party").strip()
            askers.extend(Asker(_unglue_names(name), party) for name in pending if name)
            pending = []
        else:
            pending.append(part)
    askers.extend(Asker(_unglue_names(name)) for name in pending if name)
    return askers


_NUMBER_LIST_RE = (
    r"\d{1,3}(?:\s{0,3}(?:,|en|t/m|t\.m\.|tot\s{1,3}en\s{1,3}met|-|–|&)\s{0,3}\d{1,3}){0,40}"
)
NUMBER_LIST_RE = re.compile(_NUMBER_LIST_RE)


def parse_number_list(text: str) -> tuple[int, ...]:
    """ "4, 5" -> (4, 5); "2 en 3" -> (2, 3); "1 t/m 3" and "1-3" -> (1, 2, 3)."""
    numbers: list[int] = []
    tokens = re.findall(r"\d+|t/m|t\.m\.|tot\s+en\s+met|-|–", text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isdigit():
            numbers.append(int(token))
        elif numbers and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            start, end = numbers[-1], int(tokens[i + 1])
            if start < end <= start + 50:
                numbers.extend(range(start + 1, end + 1))
                i += 1
        i += 1
    seen: list[int] = []
    for n in numbers:
        if n not in seen:
            seen.append(n)
    return tuple(seen)
