"""Pieces every Kamervragen parser shares: Dutch dates, the header sentences, number lists.

All pure functions on text. They return None (or an empty list) where the text does not say,
never raise on odd input.
"""

from __future__ import annotations

import datetime as dt
import re

from kamervragen.core.dates import MONTHS, deadline_for, parse_dutch_date  # noqa: F401
from kamervragen.core.model import Asker
from kamervragen.core.references import (  # noqa: F401
    DOCUMENTNUMMER_RE,
    PUBLICATION_ID_RE,
    ZAAKNUMMER_RE,
)
from kamervragen.core.text import fold, normalise_title, squash  # noqa: F401


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched ("minister voor X" -> "Minister voor X")."""
    return text[:1].upper() + text[1:] if text else text


# "Vragen van het lid X (P) aan de Minister ... over ... (ingezonden 18 juli 2019)."
_VRAGEN_RE = re.compile(
    r"Vragen\s+(?:gesteld\s+)?van\s+(?:het\s+lid|de\s+leden|lid|leden)\s+(?P<askers>.+?)"
    r"\s+aan\s+(?P<to>.+?)"
    r"(?:\s+over\s+(?P<subject>.+?))?"
    r"\s*\(\s*ingezonden\s+(?P<date>[^)]*)\)",
    re.S,
)
# The same sentence as a Zaak's onderwerp: no "(ingezonden ...)" at its end.
_VRAGEN_SUBJECT_RE = re.compile(
    r"Vragen\s+(?:gesteld\s+)?van\s+(?:het\s+lid|de\s+leden|lid|leden)\s+(?P<askers>.+?)"
    r"\s+aan\s+(?P<to>.+?)\s+over\s+(?P<subject>.+?)\s*(?:\(\s*ingezonden\s+(?P<date>[^)]*)\))?\.?$",
    re.S,
)
# "Antwoord van Minister Kaag (BHOS), mede namens de Minister van BZ (ontvangen 10 sept 2019)."
_ANTWOORD_RE = re.compile(
    r"(?P<kind>(?i:(?:nader\s+|aanvullend\s+)?antwoord|mededeling))\s+van\s+(?:de\s+|het\s+)?"
    r"(?P<who>[^(]+?)\s*(?:\((?P<office>[^)]*)\))?\s*,?"
    r"(?:\s*mede\s+namens\s+(?P<namens>.+?))?"
    r"\s*\(\s*ontvangen\s+(?P<date>[^)]*)\)",
    re.S,
)


class VragenHeader:
    """The parts of the "Vragen van ..." sentence."""

    def __init__(
        self, askers: list[Asker], addressees: list[str], subject: str | None, date: dt.date | None
    ):
        self.askers = askers
        self.addressees = addressees
        self.subject = subject
        self.submitted = date


class AntwoordHeader:
    """The parts of the "Antwoord van ..." (or "Mededeling van ...") sentence."""

    def __init__(self, kind: str, who: str, on_behalf_of: list[str], date: dt.date | None):
        self.kind = kind  # "antwoord", "nader", "mededeling"
        self.who = who
        self.on_behalf_of = on_behalf_of
        self.received = date


def parse_vragen_header(text: str, *, onderwerp: bool = False) -> VragenHeader | None:
    """Parse the first "Vragen van het lid ... (ingezonden ...)" sentence in `text`.

    With `onderwerp=True`, `text` is a Zaak's subject line, which ends without "(ingezonden)".
    """
    pattern = _VRAGEN_SUBJECT_RE if onderwerp else _VRAGEN_RE
    match = pattern.search(squash(text))
    if not match:
        return None
    subject = match.group("subject")
    if subject:
        subject = capitalise(subject.strip().rstrip(".").strip())
    return VragenHeader(
        askers=parse_askers(match.group("askers")),
        addressees=parse_addressees(match.group("to")),
        subject=subject or None,
        date=parse_dutch_date(match.group("date")),
    )


def parse_antwoord_header(text: str) -> AntwoordHeader | None:
    """Parse the first "Antwoord van ... (ontvangen ...)" or "Mededeling van ..." sentence."""
    match = _ANTWOORD_RE.search(squash(text))
    if not match:
        return None
    raw_kind = match.group("kind").lower()
    kind = "mededeling" if raw_kind.startswith("mededeling") else "antwoord"
    if raw_kind.startswith(("nader", "aanvullend")):
        kind = "nader"
    who = capitalise(squash(match.group("who")).rstrip(","))
    namens = match.group("namens")
    return AntwoordHeader(
        kind=kind,
        who=who,
        on_behalf_of=parse_addressees(namens) if namens else [],
        date=parse_dutch_date(match.group("date")),
    )


_PARTY_RE = re.compile(r"^(?P<name>.*?)\s*\((?:beiden\s+|allen\s+|alle\s+)?(?P<party>[^)]+)\)\s*$")


def parse_askers(text: str) -> list[Asker]:
    """Askers with party: "Omtzigt (CDA), Schouw (D66)", "Van Ojik en Diks (beiden GroenLinks)"."""
    parts = [p.strip() for p in re.split(r",\s*|\s+en\s+", squash(text)) if p.strip()]
    askers: list[Asker] = []
    pending: list[str] = []
    for part in parts:
        match = _PARTY_RE.match(part)
        if match:
            pending.append(match.group("name").strip())
            party = match.group("party").strip()
            askers.extend(Asker(name, party) for name in pending if name)
            pending = []
        else:
            pending.append(part)
    askers.extend(Asker(name) for name in pending if name)
    return askers


def parse_addressees(text: str) -> list[str]:
    """Addressed offices: "de Minister van X en de Staatssecretaris van Y" -> two offices."""
    text = squash(text).rstrip(".,")
    parts = re.split(r",\s*(?:en\s+)?(?:de|het)\s+|\s+en\s+(?:de|het)\s+|\s+en\s+aan\s+de\s+", text)
    result = []
    for part in parts:
        part = re.sub(r"^(?:aan\s+)?(?:de|het)\s+", "", part.strip())
        if part:
            result.append(capitalise(part))
    return result


_NUMBER_LIST_RE = r"\d{1,3}(?:\s*(?:,|en|t/m|t\.m\.|tot\s+en\s+met|-|–|&)\s*\d{1,3})*"
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
