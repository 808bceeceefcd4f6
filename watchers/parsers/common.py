"""Pieces every Kamervragen parser shares: Dutch dates, the header sentences, number lists.

All pure functions on text. They return None (or an empty list) where the text does not say,
never raise on odd input.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from kamervragen.model import Asker

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTHS.update(
    {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
)
MONTHS.update({"okt": 10, "nov": 11, "dec": 12})

ZAAKNUMMER_RE = re.compile(r"\b(\d{4}Z\d{5})\b")
DOCUMENTNUMMER_RE = re.compile(r"\b(\d{4}D\d{5})\b")
PUBLICATION_ID_RE = re.compile(r"\b((?:ah|kv)-tk-\d{4,8}(?:Z\d{5}|-\d+)(?:-[a-z0-9]+)?)\b")

# "18 juli 2019", also glued by PDF text ("18 november2024") and abbreviated ("10 sept. 2019").
_DUTCH_DATE_RE = re.compile(r"(\d{1,2})\s{0,3}([A-Za-z]{3,9})\.?\s{0,3}(\d{4})(?!\d)")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_dutch_date(text: str | None) -> dt.date | None:
    """The first date in `text`: "18 juli 2019", "18 Juli 2019" or ISO "2019-07-18"."""
    if not text:
        return None
    for match in _DUTCH_DATE_RE.finditer(text):
        month = MONTHS.get(match.group(2).lower())
        if month:
            try:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    match = _ISO_DATE_RE.search(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    return None


def fold(text: str) -> str:
    """Lower case without diacritics: "Financiën" -> "financien"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_title(text: str | None) -> str:
    """A title reduced for comparison: folded, quotes and punctuation gone, spaces collapsed."""
    if not text:
        return ""
    words = re.findall(r"[0-9a-z]+", fold(text))
    return " ".join(words)


def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and strip."""
    return re.sub(r"\s+", " ", text).strip()


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


def deadline_for(submitted: dt.date | None, postponed: bool) -> dt.date | None:
    """Three weeks after submission, three more after a postponement."""
    if submitted is None:
        return None
    days = 21 * (2 if postponed else 1)
    return submitted + dt.timedelta(days=days)
