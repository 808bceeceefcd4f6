"""Reading stored cases for the bot: query previews, searches kept for paging, recent cases.

Matching a query against a case is CPU work (about a millisecond a case); the cases are read
from the database on the caller's thread (an SQLite connection stays on its thread) and matched
in a worker thread so the event loop keeps answering other chats meanwhile.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from kamervragen.bot.conversation.views import Found, Preview
from kamervragen.core.matching import CaseText, Query, evaluate, highlight
from kamervragen.core.model import Case
from kamervragen.storage import cases
from kamervragen.storage.cases import iter_cases
from kamervragen.storage.db import Database

PREVIEW_DAYS = 90  # /subscribe shows what the query would have caught in this many days
PREVIEW_SHOWN = 3  # ... and this many of the newest
SCAN_LIMIT = 3000  # at most this many of the newest cases are matched per request
OLDER_LIMIT = 1000  # ... and this many older ones when a preview's window has no match
MAX_RESULTS = 100  # a search keeps at most this many case keys
SEARCH_TTL = 3600.0  # seconds a search stays pageable
SEARCH_SLOTS = 256  # searches kept at once (the oldest is dropped first)


@dataclass(frozen=True)
class SearchResult:
    """A search kept for paging: its query, the case keys found (newest first), and whether
    there were more than kept, and how many cases were scanned when the scan was cut short."""

    query: str
    keys: tuple[str, ...]
    more: bool
    scanned: int | None
    created: float


MAX_QUERY_CHARS = 200  # a query typed inline is held to the default query length


def matching_keys(
    query: Query, cases: list[tuple[str, Case]], limit: int
) -> tuple[list[str], bool]:
    """Keys of the cases the query matches, in the given order, at most `limit` (and whether
    there were more)."""
    keys: list[str] = []
    for key, case in cases:
        if evaluate(query, CaseText.from_case(case)):
            if len(keys) == limit:
                return keys, True
            keys.append(key)
    return keys, False


def _newest_cases(db: Database, since: str | None = None) -> list[tuple[str, Case]]:
    return list(itertools.islice(iter_cases(db, since=since), SCAN_LIMIT))


def _cases_before(db: Database, before: str, limit: int) -> list[tuple[str, Case]]:
    """The newest cases submitted before a date (or on an unknown date), newest first."""
    return cases.cases_before(db, before, limit)


def found(query: Query, case: Case) -> Found:
    """The case with the words the query matched in it."""
    return Found(case, tuple(highlight(query, case)))


async def preview(db: Database, query: Query, today: dt.date) -> Preview:
    """What `query` would have caught in the last PREVIEW_DAYS days (submitted then), the
    newest few; when nothing, the newest older match among the scanned cases."""
    since = (today - dt.timedelta(days=PREVIEW_DAYS)).isoformat()
    window = _newest_cases(db, since)
    keys, _ = await asyncio.to_thread(matching_keys, query, window, SCAN_LIMIT)
    by_key = dict(window)
    newest = tuple(found(query, by_key[k]) for k in keys[:PREVIEW_SHOWN])
    older = None
    if not keys:
        rest = _cases_before(db, since, OLDER_LIMIT)
        old_keys, _ = await asyncio.to_thread(matching_keys, query, rest, 1)
        older = found(query, dict(rest)[old_keys[0]]) if old_keys else None
    return Preview(PREVIEW_DAYS, len(keys), newest, older)


class Searches:
    """Searches kept under short tokens so page buttons stay within 64 bytes of callback data."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._kept: OrderedDict[str, SearchResult] = OrderedDict()

    async def run(self, db: Database, query: Query, text: str) -> tuple[str, SearchResult]:
        """Match the query against the newest stored cases; keep the result; (token, result)."""
        cases = _newest_cases(db)
        keys, more = await asyncio.to_thread(matching_keys, query, cases, MAX_RESULTS)
        scanned = len(cases) if len(cases) == SCAN_LIMIT else None
        result = SearchResult(text, tuple(keys), more, scanned, self._clock())
        token = secrets.token_urlsafe(6)
        self._kept[token] = result
        while len(self._kept) > SEARCH_SLOTS:
            self._kept.popitem(last=False)
        return token, result

    def get(self, token: str) -> SearchResult | None:
        """A kept search, unless it expired."""
        result = self._kept.get(token)
        if result is None or self._clock() - result.created > SEARCH_TTL:
            self._kept.pop(token, None)
            return None
        return result


def recent_cases(db: Database, limit: int = 5) -> tuple[list[Case], list[Case]]:
    """The newest question sets (by submission) and the newest answers (by answer date)."""
    return cases.recent(db, limit)
