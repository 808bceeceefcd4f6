"""Reading stored cases for the bot: searches and query previews over every stored case,
searches kept for paging, recent cases, the operators' status.

Searching is CPU work (the engine decides what SQL leaves open; snippets are cut), so the
`Finder` runs it as a job of `Workers` on its own connection to the database file: in a worker
process for the running bot (neither the event loop nor the interpreter lock waits for it), on
a thread for the console. A database in memory (tests) is searched in place.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kamervragen.bot.conversation.views import Found, Preview
from kamervragen.core.model import Case
from kamervragen.core.offload import OffloadError, Workers
from kamervragen.storage import cases
from kamervragen.storage.db import Database, database_file
from kamervragen.storage.search_jobs import (
    Request,
    Result,
    Shown,
    ready,
    run,
    run_on_file,
    show,
    status_on_file,
)
from kamervragen.storage.search_jobs import show_on_file as show_file
from kamervragen.storage.status import status_data

log = logging.getLogger(__name__)

PREVIEW_DAYS = 90  # /subscribe shows what the query would have caught in this many days
PREVIEW_SHOWN = 3  # ... and this many of the newest
MAX_RESULTS = 100  # a search keeps at most this many case keys
SEARCH_TTL = 3600.0  # seconds a search stays pageable
SEARCH_SLOTS = 256  # searches kept at once (the oldest is dropped first)
SEARCH_TIMEOUT = 20.0  # seconds a search may take in a worker before it is given up


class Finder:
    """Searches over every stored case (and the operators' counts), off the event loop (see
    the module docstring)."""

    def __init__(
        self, db: Database, workers: Workers | None = None, timeout: float = SEARCH_TIMEOUT
    ) -> None:
        self.db = db
        self.path = database_file(db)
        self.workers = workers or Workers(processes=0)
        self.timeout = timeout

    async def warm_up(self) -> None:
        """Start the worker now (it loads what searching needs), not at the first search."""
        if self.path is None:
            return
        try:
            await self.workers.run(ready, timeout=self.timeout)
        except OffloadError:
            log.warning("the search worker did not start; the first search tries again")

    async def run(self, request: Request) -> Result:
        """The matching keys, newest first, and the first few shown (`search_jobs.run`)."""
        if self.path is None:
            return run(self.db, request)
        return await self.workers.run(run_on_file, self.path, request, timeout=self.timeout)

    async def show(self, query: str, keys: tuple[str, ...], today: dt.date) -> tuple[Shown, ...]:
        """The matched words and snippet of each of these cases."""
        if self.path is None:
            return show(self.db, query, keys, today)
        return await self.workers.run(
            show_file, self.path, query, keys, today, timeout=self.timeout
        )

    async def status(self) -> dict[str, Any]:
        """What the operators' /status shows (`storage.status.status_data`)."""
        if self.path is None:
            return status_data(self.db)
        return await self.workers.run(status_on_file, self.path, timeout=self.timeout)

    def found(self, shown: tuple[Shown, ...]) -> tuple[Found, ...]:
        """The shown matches with their cases (those still stored)."""
        loaded = ((s, cases.load_case(self.db, s.case_key)) for s in shown)
        return tuple(Found(case, s.words, s.snippet) for s, case in loaded if case is not None)

    async def preview(self, query: str, today: dt.date) -> Preview:
        """What `query` would have caught in the last PREVIEW_DAYS days (submitted then), the
        newest few; when nothing, the newest older match."""
        since = today - dt.timedelta(days=PREVIEW_DAYS)
        window = await self.run(Request(query, today, since=since, show=PREVIEW_SHOWN))
        older = None
        if not window.keys:
            before = await self.run(Request(query, today, before=since, limit=1, show=1))
            older = next(iter(self.found(before.shown)), None)
        return Preview(PREVIEW_DAYS, len(window.keys), self.found(window.shown), older)


@dataclass(frozen=True)
class SearchResult:
    """A search kept for paging: its query, the case keys found (newest first), and whether
    there were more than kept."""

    query: str
    keys: tuple[str, ...]
    more: bool
    created: float


MAX_QUERY_CHARS = 200  # a query typed inline is held to the default query length


class Searches:
    """Searches kept under short tokens so page buttons stay within 64 bytes of callback data."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._kept: OrderedDict[str, SearchResult] = OrderedDict()

    def keep(self, query: str, result: Result) -> tuple[str, SearchResult]:
        """Keep a search's keys for paging; its token, and what is kept."""
        kept = SearchResult(query, result.keys, result.more, self._clock())
        token = secrets.token_urlsafe(6)
        self._kept[token] = kept
        while len(self._kept) > SEARCH_SLOTS:
            self._kept.popitem(last=False)
        return token, kept

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
