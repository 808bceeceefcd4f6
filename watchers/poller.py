"""One poll: read every SyncFeed category until caught up, fetch texts, record events.

Each category is read on its own from its cursor; a category that fails (after the fetcher's
retries) is noted and skipped until the next poll, and never stops the others. A page is stored
with its cursor in one transaction, so the cursor never passes data that was not stored.

A page is checked before it is stored (`page_problem`): its entries and its next link must lie
after the skiptoken it was asked for, in order, so a feed whose links go back or round in a
circle ends the category's read with an error instead of running forever; a page holding entries
that cannot be read is refused whole. Either way the cursor stays where it was and `status`
shows the error. An empty page never moves the cursor, and the next page is asked after the
last entry read (the cursor's own skiptoken), never after a link that jumps further.

The network is awaited on the caller's event loop; parsing a page runs in a worker thread,
parsing a document in a worker process with a time limit (`watchers.parsing`), and every
storage call on the `DatabaseThread`, so a long catch-up or a hostile document never blocks that
loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from kamervragen.storage import syncfeed as store
from kamervragen.storage import texts
from kamervragen.storage.db import Database, DatabaseThread
from kamervragen.storage.errors import StorageError
from kamervragen.storage.sources import record_source
from kamervragen.storage.syncfeed import FeedRecord
from kamervragen.watchers.http import Fetcher, FetchError
from kamervragen.watchers.parsers.dispatch import ParseLimits
from kamervragen.watchers.parsing import DocumentParser, in_threads
from kamervragen.watchers.syncfeed.bisect import find_skiptoken_for
from kamervragen.watchers.syncfeed.entities import QUESTION_DOCUMENT_SOORTEN, QUESTION_ZAAK_SOORTEN
from kamervragen.watchers.syncfeed.errors import SyncFeedError
from kamervragen.watchers.syncfeed.feed import FeedPage, feed_url, parse_feed_page
from kamervragen.watchers.syncfeed.rebuild import RebuildResult, rebuild_dirty, register_texts
from kamervragen.watchers.syncfeed.records import feed_record
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
    storage_errors: list[str] = field(default_factory=list)  # the database's, not a source's
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


@dataclass(frozen=True)
class Sources:
    """Where the sources are, and how far back a first poll starts."""

    syncfeed_url: str
    ob_url: str
    backfill_days: int = 30
    limits: ParseLimits = field(default_factory=ParseLimits)  # how much of a document is read


async def fetch_page(fetcher: Fetcher, base: str, category: str, skiptoken: int | None) -> FeedPage:
    """One feed page of a category after `skiptoken`."""
    response = await fetcher.get(feed_url(base, category, skiptoken))
    return await asyncio.to_thread(parse_feed_page, response.content, soorten=SOORTEN)


async def start_cursor(
    database: DatabaseThread, fetcher: Fetcher, syncfeed_url: str, category: str, since: dt.date
) -> int:
    """Find and store the skiptoken where `category` reaches `since` (by bisection)."""

    async def probe(token: int) -> FeedPage:
        return await fetch_page(fetcher, syncfeed_url, category, token)

    token = await find_skiptoken_for(since, probe)
    await database.run(store.set_cursor, category, token)
    return token


async def read_category(
    database: DatabaseThread,
    fetcher: Fetcher,
    sources: Sources,
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
    cursor = await database.run(store.get_cursor, category)
    if cursor is None:
        since = now().date() - dt.timedelta(days=sources.backfill_days)
        cursor = await start_cursor(database, fetcher, sources.syncfeed_url, category, since)

    def request(token: int | None) -> asyncio.Task[FeedPage]:
        return asyncio.create_task(fetch_page(fetcher, sources.syncfeed_url, category, token))

    pages = 0
    pending = request(cursor)
    try:
        while max_pages is None or pages < max_pages:
            try:
                page = await pending
            except (FetchError, SyncFeedError) as exc:
                message = f"{category}: {exc}"
                await database.run(_record_failure, category, message, _iso(now()))
                summary.errors.append(message)
                return
            problem = page_problem(page, cursor)
            if problem is not None:
                message = f"{category}: page after skiptoken {cursor}: {problem}; the cursor stays"
                await database.run(_record_failure, category, message, _iso(now()))
                summary.errors.append(message)
                return
            # Resume after the last entry read (what the cursor keeps), never further on: a next
            # link that jumps ahead would skip the entries in between.
            next_token = page.last_skiptoken
            more = not page.caught_up and next_token is not None
            if more:
                pending = request(next_token)
                await asyncio.sleep(0)  # let the request go out before the CPU-bound store
            records = [feed_record(entity) for entity in page.entries]
            resume = None if page.caught_up else page.last_skiptoken  # an empty page: stay
            result = await database.run(_save_page, category, records, resume, _iso(now()))
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


def page_problem(page: FeedPage, requested: int | None) -> str | None:
    """Why a page must not be stored, or None: entries that cannot be read, entries not after
    the skiptoken it was asked for (or out of order), a next link that goes back."""
    if page.unreadable:
        count = len(page.unreadable)
        return (
            f"{count} {'entry' if count == 1 else 'entries'} not understood "
            f"({page.unreadable[0]}); nothing of the page is stored"
        )
    floor = requested
    for entry in page.entries:
        token = entry.skiptoken
        if token is None:
            continue
        if floor is not None and token <= floor:
            return f"entry skiptoken {token} is not after {floor} (the feed goes back)"
        floor = token
    following = page.next_skiptoken
    if not page.entries or following is None:
        return None
    if requested is not None and following <= requested:
        return f"the next link goes back to skiptoken {following}, not after {requested} (a cycle)"
    if floor is not None and following < floor:
        return f"the next link goes back to skiptoken {following}, before the page's last {floor}"
    return None


def _save_page(
    db: Database, category: str, records: list[FeedRecord], cursor: int | None, now: str
) -> store.PageResult:
    result = store.save_page(db, category, records, cursor, now)
    record_source(db, SYNCFEED, None, now)
    return result


def _record_failure(db: Database, category: str, message: str, now: str) -> None:
    store.record_failure(db, category, message, now)
    record_source(db, SYNCFEED, message, now)


async def poll_once(
    database: DatabaseThread,
    fetcher: Fetcher,
    sources: Sources,
    *,
    now: Callable[[], dt.datetime] | None = None,
    progress: Progress | None = None,
    parser: DocumentParser | None = None,
) -> PollSummary:
    """Read every category until caught up, rebuild the cases, fetch texts (parsed by `parser`,
    in worker processes; in threads without one), record events."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    parser = parser or in_threads(sources.limits)
    summary = PollSummary()
    started = time.perf_counter()

    async def read(category: str) -> None:
        try:
            await read_category(
                database, fetcher, sources, category, summary, now=clock, progress=progress
            )
        except (FetchError, SyncFeedError) as exc:  # the start-cursor search failed
            message = f"{category}: {exc}"
            summary.errors.append(message)
            await database.run(_record_failure, category, message, _iso(clock()))
        except StorageError as exc:  # the database, not the source: the others still go on
            summary.errors.append(f"{category}: {exc}")
            summary.storage_errors.append(str(exc))

    # Parents first (Zaak, Document, then their versions and actors): children then find
    # their parent stored or skipped, and few wait as orphans. Each category still prefetches.
    for category in CATEGORIES:
        await read(category)
    summary.durations["feed"] = time.perf_counter() - started
    started = time.perf_counter()
    await database.run(register_texts, _iso(clock()))
    while True:  # each round fetches what is due; a failed text is due again only later
        text_result = await fetch_due(
            database,
            fetcher,
            ob_url=sources.ob_url,
            syncfeed_url=sources.syncfeed_url,
            now=clock(),
            parser=parser,
        )
        summary.texts_fetched += text_result.fetched
        summary.errors.extend(text_result.errors)
        if not (text_result.fetched or text_result.retrying or text_result.gave_up):
            break
    summary.durations["texts"] = time.perf_counter() - started
    started = time.perf_counter()
    _collect(summary, await database.run(rebuild_dirty, _iso(clock())))
    summary.durations["rebuild"] = time.perf_counter() - started
    await database.run(store.prune_orphans, clock())
    summary.texts_pending = await database.run(texts.pending_count)
    return summary


def _collect(summary: PollSummary, result: RebuildResult) -> None:
    summary.cases_new |= result.cases_new
    summary.cases_updated |= result.cases_updated
    summary.events.update(result.events)
