"""Dates as the sources write them (Dutch and ISO) and as the database stores them (ISO).

parse_dutch_date("ingezonden 18 juli 2019")   -> date(2019, 7, 18)
iso_date("2019-07-18"), iso_date("2024-12-20T00:00:00+01:00")   -> the calendar day
deadline_for(date(2019, 7, 18), postponed=False)                 -> date(2019, 8, 8)
"""

from __future__ import annotations

import datetime as dt
import re

ANSWER_DAYS = 21  # an answer is due within three weeks; a postponement gives three more

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
    **{"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9},
    **{"sept": 9, "okt": 10, "nov": 11, "dec": 12},
}

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
    iso_match = _ISO_DATE_RE.search(text)
    if iso_match:
        try:
            year, month_, day = (int(iso_match.group(i)) for i in (1, 2, 3))
            return dt.date(year, month_, day)
        except ValueError:
            return None
    return None


def iso_date(value: str | None) -> dt.date | None:
    """The calendar day of a stored ISO date or date-time (its own day, whatever its zone)."""
    return dt.datetime.fromisoformat(value).date() if value else None


def iso(value: dt.date | None) -> str | None:
    """A date as stored: ISO 8601, or None."""
    return value.isoformat() if value else None


def deadline_for(submitted: dt.date | None, postponed: bool) -> dt.date | None:
    """Three weeks after submission, three more after a postponement."""
    if submitted is None:
        return None
    days = ANSWER_DAYS * (2 if postponed else 1)
    return submitted + dt.timedelta(days=days)
