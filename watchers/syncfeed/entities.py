"""The SyncFeed entities we read, as plain dataclasses, and the rules that interpret them.

Timestamps: every timestamp is returned as an AWARE datetime. Values with a zone ("Z",
"+0100", "+01:00") keep their own offset; values without one ("2019-08-12T12:56:35.4070000",
"2025-01-08T00:00:00") are taken as Dutch local time (Europe/Amsterdam). Evidence: a deleted
Document has `bijgewerkt` 2019-07-03T15:32:12.67 (no zone) and `updated` 2019-07-03T13:33:10Z;
read as UTC the change would have become visible two hours before it was made, read as summer
time (UTC+2) it became visible 58 seconds after. Midnight dates such as `gestartOp` thus keep
their calendar day under `.date()`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import KW_ONLY, dataclass
from zoneinfo import ZoneInfo

from kamervragen.core.references import question_publication_id
from kamervragen.core.text import fold
from kamervragen.watchers.parsers.notices import classify_notice

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Feed category (as in `?category=`) -> category term on each entry (lowerCamel).
CATEGORIES: dict[str, str] = {
    "Zaak": "zaak",
    "Document": "document",
    "DocumentVersie": "documentVersie",
    "ZaakActor": "zaakActor",
}


@dataclass(frozen=True, slots=True)
class Zaak:
    """A case; one set of written questions is a Zaak of soort "Schriftelijke vragen"."""

    guid: str
    nummer: str | None
    soort: str | None
    onderwerp: str | None
    titel: str | None
    gestart_op: dt.datetime | None
    termijn: dt.datetime | None
    vergaderjaar: str | None
    afgedaan: bool | None
    status: str | None
    bijgewerkt: dt.datetime | None
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document (questions, answer, notice, ...) that points at its Zaken with `zaak_refs`."""

    guid: str
    zaak_refs: list[str]
    soort: str | None
    document_nummer: str | None
    titel: str | None
    onderwerp: str | None
    datum: dt.datetime | None
    vergaderjaar: str | None
    aanhangselnummer: str | None
    huidige_versie_ref: str | None
    content_type: str | None
    content_length: int | None
    enclosure_url: str | None
    datum_ontvangst: dt.datetime | None
    bijgewerkt: dt.datetime | None
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DocumentVersie:
    """A version of a Document; `externe_identifier` is its official-publication id."""

    guid: str
    document_ref: str | None
    versienummer: int | None
    extensie: str | None
    externe_identifier: str | None
    datum: dt.datetime | None
    bestandsgrootte: int | None
    status: str | None
    bijgewerkt: dt.datetime | None
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ZaakActor:
    """Who asked (Indiener, Medeindiener) or was asked (Gericht aan) in a Zaak."""

    guid: str
    zaak_ref: str | None
    persoon_ref: str | None
    actor_naam: str | None
    actor_fractie: str | None
    functie: str | None
    relatie: str | None
    bijgewerkt: dt.datetime | None
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Deleted:
    """An entity of any category that the source deleted (`verwijderd="true"`)."""

    guid: str
    category: str
    bijgewerkt: dt.datetime | None
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Other:
    """An entry we do not read: another category, or a soort filtered out. No fields built."""

    guid: str
    category: str
    _: KW_ONLY
    skiptoken: int | None = None
    updated: dt.datetime | None = None


Entity = Zaak | Document | DocumentVersie | ZaakActor | Deleted | Other


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """Any SyncFeed timestamp as an aware datetime (no zone: Amsterdam time); None if unreadable."""
    if not value:
        return None
    cached = _TIMESTAMPS.get(value, _MISSING)
    if cached is not _MISSING:
        return cached  # type: ignore[return-value]
    try:
        parsed: dt.datetime | None = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = _parse_odd_timestamp(value)  # also strips surrounding white space
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=AMSTERDAM)
    if len(_TIMESTAMPS) >= 4096:
        _TIMESTAMPS.clear()
    _TIMESTAMPS[value] = parsed
    return parsed


# Feed pages repeat timestamps (midnight dates, an `updated` shared by a batch): remember some.
_TIMESTAMPS: dict[str, dt.datetime | None] = {}
_MISSING = object()


_ODD_TIMESTAMP_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


def _parse_odd_timestamp(value: str) -> dt.datetime | None:
    """Shapes `fromisoformat` refuses: surrounding space, lower-case z, "+01", long fractions."""
    match = _ODD_TIMESTAMP_RE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz: dt.tzinfo | None = None
    if zone:
        if zone.upper() == "Z":
            tz = dt.UTC
        else:
            digits = zone[1:].replace(":", "")
            offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            tz = dt.timezone(-offset if zone[0] == "-" else offset)
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None


def soort_key(soort: str | None) -> str:
    """A soort reduced for comparison: folded, only letters and digits ("Mededeling (uitstel")."""
    if not soort:
        return ""
    return _NON_ALNUM_RE.sub("", fold(soort))


_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")

_KIND_BY_SOORT = {
    "schriftelijkevragen": "question",
    "mededelinguitstelantwoord": "postponement",
    "antwoordschriftelijkevragen": "answer",
    "antwoordschriftelijkevragennader": "further_answer",
}

# Soort keys (see `soort_key`) of the Zaken and Documents that make up written questions.
QUESTION_ZAAK_SOORTEN = frozenset({"schriftelijkevragen"})
QUESTION_DOCUMENT_SOORTEN = frozenset({*_KIND_BY_SOORT, "mededeling"})


def document_kind(soort: str | None, onderwerp: str | None) -> str:
    """Our document kind for a Document soort (and onderwerp for withdrawals), else "unknown"."""
    key = soort_key(soort)
    kind = _KIND_BY_SOORT.get(key)
    if kind:
        return kind
    if key == "mededeling":
        # What a plain notice is, its subject may say; otherwise its text will ("notice").
        return classify_notice(onderwerp) or "notice"
    return "unknown"


def publication_id_for(
    document: Document, versie: DocumentVersie | None, *, zaak_nummer: str | None = None
) -> str | None:
    """The official-publication id (kv-tk-..., ah-tk-...) of a Document, if it can be known.

    The version's `externe_identifier` wins. Otherwise: a question's id is kv-tk-<zaak nummer>
    (pass `zaak_nummer`: a Document only knows its Zaak by GUID); any document with an
    aanhangselnummer gets ah-tk-<vergaderjaar without dash>-<aanhangselnummer without its first
    four digits, no leading zeros>.
    """
    return publication_id_of(
        soort=document.soort,
        onderwerp=document.onderwerp,
        vergaderjaar=document.vergaderjaar,
        aanhangselnummer=document.aanhangselnummer,
        externe_identifier=versie.externe_identifier if versie is not None else None,
        zaak_nummer=zaak_nummer,
    )


def publication_id_of(
    *,
    soort: str | None,
    onderwerp: str | None,
    vergaderjaar: str | None,
    aanhangselnummer: str | None,
    externe_identifier: str | None,
    zaak_nummer: str | None,
) -> str | None:
    """`publication_id_for` on the fields it reads (as stored for a Document and its version)."""
    if externe_identifier:
        return externe_identifier
    if document_kind(soort, onderwerp) == "question":
        return question_publication_id(zaak_nummer) if zaak_nummer else None
    return _aanhangsel_id(vergaderjaar, aanhangselnummer)


def _aanhangsel_id(vergaderjaar: str | None, aanhangselnummer: str | None) -> str | None:
    """ah-tk-20152016-1580 from ("2015-2016", "151601580"); the year from the number if need be."""
    number = (aanhangselnummer or "").strip()
    if len(number) < 5 or not number.isdigit():
        return None
    serial = number[4:].lstrip("0")
    if not serial:
        return None
    years = (vergaderjaar or "").replace("-", "").strip()
    if not (len(years) == 8 and years.isdigit()):
        # 1516... -> 2015-2016: the first four digits are the two years' last two digits.
        first = int(number[:2])
        start = (1900 if first >= 90 else 2000) + first
        if int(number[2:4]) != (start + 1) % 100:
            return None
        years = f"{start}{start + 1}"
    return f"ah-tk-{years}-{serial}"
