"""One poll: read every SyncFeed category until caught up, fetch texts, record events.

Each category is read on its own from its cursor; a category that fails (after the fetcher's
retries) is noted and skipped until the next poll, and never stops the others. A page is stored
with its cursor in one transaction, so the cursor never passes data that was not stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from kamervragen.settings import Settings
from kamervragen.storage.sources import record_source
from kamervragen.watchers.http import Fetcher, FetchError
from kamervragen.watchers.syncfeed import store
from kamervragen.watchers.syncfeed.bisect import find_skiptoken_for
from kamervragen.watchers.syncfeed.entities import QUESTION_DOCUMENT_SOORTEN, QUESTION_ZAAK_SOORTEN
from kamervragen.watchers.syncfeed.errors import SyncFeedError
from kamervragen.watchers.syncfeed.feed import FeedPage, feed_url, parse_feed_page
from kamervragen.watchers.syncfeed.rebuild import RebuildResult, rebuild_dirty, register_texts
from kamervragen.watchers.texts import fetch_due

CATEGORIES = ("Zaak", "Document", "DocumentVersie", "ZaakActor")
SOORTEN = {"zaak": QUESTION_ZAAK_SOORTEN, "document": QUESTION_DOCUMENT_SOORTEN}
SYNCFEED = "syncfeed"

Progress = Callable[[str, int, int | None], None]  # category, entries in the page, skiptoken


@dataclass
class PollSummary:
    """What a poll did, for the `poll` command's summary and the status."""

    pages: int = 0
    entries: int = 0
    stored: int = 0
    cases_new: set[str] = field(default_factory=set)
    cases_updated: set[str] = field(default_factory=set)
    events: Counter[str] = field(default_factory=Counter)
    texts_fetched: int = 0
    texts_pending: int = 0
    errors: list[str] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def lines(self) -> list[str]:
        """The summary as lines of text."""
        events = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items())) or "none"
        out = [
            f"pages: {self.pages}, entities: {self.entries} ({self.stored} stored)",
            f"cases: {len(self.cases_new)} new, {len(self.cases_updated - self.cases_new)} updated",
            f"events: {events}",
            f"texts: {self.texts_fetched} fetched, {self.texts_pending} waiting",
            f"errors: {len(self.errors)}",
        ]
        out.extend(f"  {e}" for e in self.errors)
        return out


def _iso(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


async def fetch_page(fetcher: Fetcher, base: str, category: str, skiptoken: int | None) -> FeedPage:
    """One feed page of a category after `skiptoken`."""
    response = await fetcher.get(feed_url(base, category, skiptoken))
    return parse_feed_page(response.content, soorten=SOORTEN)


async def start_cursor(
    db: Database, fetcher: Fetcher, settings: Settings, category: str, since: dt.date
) -> int:
    """Find and store the skiptoken where `category` reaches `since` (by bisection)."""

    async def probe(token: int) -> FeedPage:
        return await fetch_page(fetcher, settings.syncfeed_url, category, token)

    token = await find_skiptoken_for(since, probe)
    store.set_cursor(db, category, token)
    return token


async def read_category(
    db: Database,
    fetcher: Fetcher,
    settings: Settings,
    category: str,
    summary: PollSummary,
    *,
    now: Callable[[], dt.datetime],
    progress: Progress | None = None,
    max_pages: int | None = None,
) -> None:
    """Read one category from its cursor until caught up (or max_pages).

    The next page is requested before the current one is stored, so that the source prepares
    it while this process parses and stores (a page is stored only after the one before it).
    """
    cursor = store.get_cursor(db, category)
    if cursor is None:
        since = now().date() - dt.timedelta(days=settings.backfill_days)
        cursor = await start_cursor(db, fetcher, settings, category, since)

    def request(token: int | None) -> asyncio.Task[FeedPage]:
        return asyncio.create_task(fetch_page(fetcher, settings.syncfeed_url, category, token))

    pages = 0
    pending = request(cursor)
    try:
        while max_pages is None or pages < max_pages:
            try:
                page = await pending
            except (FetchError, SyncFeedError) as exc:
                message = f"{category}: {exc}"
                store.record_failure(db, category, message, _iso(now()))
                record_source(db, SYNCFEED, message)
                summary.errors.append(message)
                return
            next_token = page.next_skiptoken or page.last_skiptoken
            more = not page.caught_up and next_token is not None and next_token != cursor
            if more:
                pending = request(next_token)
                await asyncio.sleep(0)  # let the request go out before the CPU-bound store
            result = store.save_page(db, category, page, _iso(now()))
            record_source(db, SYNCFEED, None)
            pages += 1
            summary.pages += 1
            summary.entries += result.entries
            summary.stored += result.stored
            if progress:
                progress(category, result.entries, page.last_skiptoken)
            if not more:
                return
            cursor = next_token
    finally:
        if not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, FetchError, SyncFeedError):
                await pending


async def poll_once(
    db: Database,
    fetcher: Fetcher,
    settings: Settings,
    *,
    now: Callable[[], dt.datetime] | None = None,
    progress: Progress | None = None,
) -> PollSummary:
    """Read every category until caught up, rebuild the cases, fetch texts, record events."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    summary = PollSummary()
    started = time.perf_counter()

    async def read(category: str) -> None:
        try:
            await read_category(
                db, fetcher, settings, category, summary, now=clock, progress=progress
            )
        except (FetchError, SyncFeedError) as exc:  # the start-cursor search failed
            message = f"{category}: {exc}"
            store.record_failure(db, category, message, _iso(clock()))
            summary.errors.append(message)

    # Parents first (Zaak, Document, then their versions and actors): children then find
    # their parent stored or skipped, and few wait as orphans. Each category still prefetches.
    for category in CATEGORIES:
        await read(category)
    summary.durations["feed"] = time.perf_counter() - started
    started = time.perf_counter()
    with db.atomic():
        register_texts(db, _iso(clock()))
    while True:  # each round fetches what is due; a failed text is due again only later
        text_result = await fetch_due(
            db, fetcher, ob_url=settings.ob_url, syncfeed_url=settings.syncfeed_url, now=clock()
        )
        summary.texts_fetched += text_result.fetched
        summary.errors.extend(text_result.errors)
        if not (text_result.fetched or text_result.retrying or text_result.gave_up):
            break
    summary.durations["texts"] = time.perf_counter() - started
    started = time.perf_counter()
    _collect(summary, rebuild_dirty(db, _iso(clock())))
    summary.durations["rebuild"] = time.perf_counter() - started
    store.prune_orphans(db, clock())
    summary.texts_pending = db.execute(
        "SELECT count(*) FROM texts WHERE status = 'pending'"
    ).fetchone()[0]
    return summary


def _collect(summary: PollSummary, result: RebuildResult) -> None:
    summary.cases_new |= result.cases_new
    summary.cases_updated |= result.cases_updated
    summary.events.update(result.events)
