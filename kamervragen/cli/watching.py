"""The watcher commands `poll`, `backfill`, `events` and `status` (`kamervragen.cli` adds them).

`poll` and `backfill` hold the database's instance lock while they run (a second one, or a
`run`, is refused in one line); they parse documents in a worker process with a time limit.
`events` and `status` open the database read-only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from kamervragen.cli.output import EXIT_STORAGE, fail, printable
from kamervragen.core.offload import Workers
from kamervragen.core.secrets import redact
from kamervragen.settings import Settings, settings_or_report
from kamervragen.storage import events
from kamervragen.storage.db import DatabaseThread, open_db, open_for_reading
from kamervragen.storage.lock import instance_lock
from kamervragen.storage.status import status_data
from kamervragen.watchers.http import Fetcher, FetchError, make_client, make_fetcher
from kamervragen.watchers.parsing import DocumentParser
from kamervragen.watchers.poller import (
    CATEGORIES,
    PollSummary,
    Progress,
    poll_once,
    start_cursor,
)
from kamervragen.watchers.syncfeed.errors import SyncFeedError

if TYPE_CHECKING:
    from kamervragen.watchers.publications import PublicationSummary


@asynccontextmanager
async def watching(settings: Settings) -> AsyncIterator[tuple[DatabaseThread, Fetcher]]:
    """The watchers' database thread and one HTTP client for the sources, closed when done."""
    database = DatabaseThread(settings.db, busy_timeout=settings.busy_timeout)
    try:
        async with make_client(timeout=settings.http_timeout) as client:
            yield database, make_fetcher(client, settings.fetch_limits())
    finally:
        await database.close()


@asynccontextmanager
async def document_parser(settings: Settings) -> AsyncIterator[DocumentParser]:
    """Documents parsed in a worker process, each within KAMERVRAGEN_PARSE_TIMEOUT."""
    workers = Workers(processes=1)
    try:
        yield DocumentParser(workers, settings.sources().limits, timeout=settings.parse_timeout)
    finally:
        await asyncio.to_thread(workers.close)


async def _poll_once(settings: Settings, progress: Progress | None = None) -> PollSummary:
    async with watching(settings) as (database, fetcher), document_parser(settings) as parser:
        return await poll_once(
            database, fetcher, settings.sources(), progress=progress, parser=parser
        )


def _finish(summary: PollSummary) -> int:
    """Print the summary; the exit code: 0, 1 when a source or category failed, 3 (with an
    error line) when the database did."""
    print("\n".join(printable(redact(line)) for line in summary.lines()))
    if summary.storage_errors:
        fail(summary.storage_errors[0])
        return EXIT_STORAGE
    return 1 if summary.errors else 0


async def _poll_publications(settings: Settings) -> PublicationSummary:
    """One poll of officielebekendmakingen, fetching until nothing is due."""
    from kamervragen.watchers.publications import PublicationWatcher

    async with (
        watching(settings) as (database, fetcher),
        make_client(timeout=settings.ob_search_timeout) as search_client,
    ):
        watcher = PublicationWatcher(
            database,
            fetcher,
            settings.publication_sources(),
            search_fetcher=Fetcher(search_client, base_delay=settings.http_retry_delay),
        )
        return await watcher.poll(until_done=True)


def cmd_poll(args: argparse.Namespace) -> int:
    """Poll once (--once) or every POLL_INTERVAL seconds (officielebekendmakingen every
    KAMERVRAGEN_OB_POLL_INTERVAL)."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    with instance_lock(settings.db, "poll"):
        open_db(settings.db, busy_timeout=settings.busy_timeout).close()  # created, migrated
        if not args.once:
            return asyncio.run(_poll_forever(settings))
        summary = asyncio.run(_poll_once(settings))
        code = _finish(summary)
        if settings.ob_watch and code != EXIT_STORAGE:
            publications = asyncio.run(_poll_publications(settings))
            print("\n".join(printable(redact(line)) for line in publications.lines()))
            code = code or (1 if publications.errors else 0)
        return code


async def _poll_forever(settings: Settings) -> int:
    next_publications = 0.0
    while True:
        summary = await _poll_once(settings)
        lines = summary.lines()[:3]
        if settings.ob_watch and time.monotonic() >= next_publications:
            next_publications = time.monotonic() + settings.ob_poll_interval
            lines += (await _poll_publications(settings)).lines()[:1]
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{stamp} {printable(redact('; '.join(lines)))}", flush=True)
        await asyncio.sleep(settings.poll_interval)


def cmd_backfill(args: argparse.Namespace) -> int:
    """Find the skiptoken for a date in every category, then catch up with a progress bar."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    with instance_lock(settings.db, "backfill"):
        open_db(settings.db, busy_timeout=settings.busy_timeout).close()  # created, migrated
        return asyncio.run(_backfill(settings, args.since))


async def _backfill(settings: Settings, since: dt.date) -> int:
    from tqdm import tqdm

    sources = settings.sources()
    async with watching(settings) as (database, fetcher), document_parser(settings) as parser:
        for category in CATEGORIES:
            try:
                token = await start_cursor(database, fetcher, sources.syncfeed_url, category, since)
            except (FetchError, SyncFeedError) as exc:
                fail(f"{category}: cannot find where {since} starts: {exc}")
                return 1
            print(f"{category}: from skiptoken {token}", file=sys.stderr)
        bar = tqdm(unit=" entries", file=sys.stderr, dynamic_ncols=True)

        def progress(category: str, entries: int, skiptoken: int | None) -> None:
            bar.set_postfix_str(f"{category} at {skiptoken}")
            bar.update(entries)

        summary = await poll_once(database, fetcher, sources, progress=progress, parser=parser)
        bar.close()
    return _finish(summary)


def cmd_events(args: argparse.Namespace) -> int:
    """List recorded events, oldest first."""
    db = open_for_reading(Settings.database_path(args.db))
    found = [
        {
            "id": e.id,
            "zaaknummer": e.zaaknummer,
            "kind": e.kind,
            "document": e.document,
            "created_at": e.created_at,
            "detail": json.loads(e.detail or "{}"),
        }
        for e in events.latest_events(db, since=args.since, limit=args.limit)
    ]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no events")
    for e in found:
        title = e["detail"].get("title") or ""
        print(f"{e['created_at']}  {e['kind']:<15} {e['zaaknummer']}  {title}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print per source the cursor, last success, last error and pending texts; the outbox.
    Everything it prints has the process's secrets masked."""
    db = open_for_reading(Settings.database_path(args.db))
    data = status_data(db)
    if args.json:
        print(redact(json.dumps(data, ensure_ascii=False, indent=2)))
        return 0
    for line in _status_lines(data):
        print(printable(redact(line)))
    return 0


def _status_lines(data: dict) -> list[str]:  # type: ignore[type-arg]
    """The status as lines of text."""
    out: list[str] = []
    out.append(f"cases: {data['cases']}, events: {data['events']}")
    box = data["outbox"]
    out.append(
        f"Outbox: {box['pending']} to send, {box['held_for_digest']} held for digests; "
        f"last 24 h: {box['sent_24h']} sent, {box['failed_24h']} failed; "
        f"inactive chats: {box['inactive_chats']}"
    )
    out.append("SyncFeed cursors:")
    if not data["cursors"]:
        out.append("  (none yet: the first poll starts KAMERVRAGEN_BACKFILL_DAYS ago)")
    for c in data["cursors"]:
        line = (
            f"  {c['category']:<15} skiptoken {c['skiptoken']}, {c['pages']} pages, "
            f"last success {c['last_success'] or 'never'}"
        )
        if c["failing_since"]:
            line += f", FAILING since {c['failing_since']}: {c['last_error']}"
        elif c["last_error"]:
            line += f", last error {c['last_error_at']}: {c['last_error']}"
        out.append(line)
    out.append("Sources:")
    for s in data["sources"]:
        state = f"FAILING since {s['failing_since']}" if s["failing_since"] else "ok"
        out.append(
            f"  {s['source']:<24} {state}; last success {s['last_success'] or 'never'}"
            + (f"; last error {s['last_error_at']}: {s['last_error']}" if s["last_error"] else "")
        )
    ob = data["publications"]
    out.append(
        f"officielebekendmakingen: searched {ob['searches']} times, from {ob['since'] or '-'}; "
        f"publications: {ob.get('done', 0)} done, {ob.get('pending', 0)} pending, "
        f"{ob.get('stored', 0)} waiting for their case, {ob.get('gave_up', 0)} given up"
        + (f"; next search after {ob['next_search_at']}" if ob["next_search_at"] else "")
    )
    t = data["texts"]
    out.append(
        f"Texts: {t.get('fetched', 0)} fetched, {t.get('pending', 0)} pending, "
        f"{t.get('gave_up', 0)} given up"
    )
    for p in data["pending_texts"]:
        out.append(
            f"  {p['publication_id'] or p['document']}: attempt {p['attempts']}, next "
            f"{p['next_attempt_at']}" + (f" ({p['last_error']})" if p["last_error"] else "")
        )
    return out
