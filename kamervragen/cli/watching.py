"""The watcher commands `poll`, `backfill`, `events` and `status` (`kamervragen.cli` adds them)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kamervragen.settings import Settings, settings_or_report
from kamervragen.storage import events
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.storage.status import status_data
from kamervragen.watchers.http import Fetcher, FetchError, make_client
from kamervragen.watchers.parsers.dispatch import ParseLimits
from kamervragen.watchers.poller import (
    CATEGORIES,
    PollSummary,
    Progress,
    Sources,
    poll_once,
    start_cursor,
)
from kamervragen.watchers.syncfeed.errors import SyncFeedError


@asynccontextmanager
async def watching(settings: Settings) -> AsyncIterator[tuple[DatabaseThread, Fetcher]]:
    """The watchers' database thread and one HTTP client for the sources, closed when done."""
    database = DatabaseThread(settings.db)
    try:
        async with make_client(timeout=settings.http_timeout) as client:
            yield database, Fetcher(client, base_delay=settings.http_retry_delay)
    finally:
        await database.close()


def sources_of(settings: Settings) -> Sources:
    """Where the watchers read, from the settings."""
    return Sources(
        settings.syncfeed_url,
        settings.ob_url,
        settings.backfill_days,
        ParseLimits(settings.max_pdf_pages, settings.max_text_bytes),
    )


async def _poll_once(settings: Settings, progress: Progress | None = None) -> PollSummary:
    async with watching(settings) as (database, fetcher):
        return await poll_once(database, fetcher, sources_of(settings), progress=progress)


def cmd_poll(args: argparse.Namespace) -> int:
    """Poll once (--once) or every POLL_INTERVAL seconds."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    open_db(settings.db).close()  # created and migrated before the first poll
    if args.once:
        summary = asyncio.run(_poll_once(settings))
        print("\n".join(summary.lines()))
        return 1 if summary.errors else 0
    return asyncio.run(_poll_forever(settings))


async def _poll_forever(settings: Settings) -> int:
    while True:
        summary = await _poll_once(settings)
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{stamp} " + "; ".join(summary.lines()[:3]), flush=True)
        await asyncio.sleep(settings.poll_interval)


def cmd_backfill(args: argparse.Namespace) -> int:
    """Find the skiptoken for a date in every category, then catch up with a progress bar."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    open_db(settings.db).close()  # created and migrated before the search
    return asyncio.run(_backfill(settings, args.since))


async def _backfill(settings: Settings, since: dt.date) -> int:
    from tqdm import tqdm

    sources = sources_of(settings)
    async with watching(settings) as (database, fetcher):
        for category in CATEGORIES:
            try:
                token = await start_cursor(database, fetcher, sources.syncfeed_url, category, since)
            except (FetchError, SyncFeedError) as exc:
                print(
                    f"error: {category}: cannot find where {since} starts: {exc}", file=sys.stderr
                )
                return 1
            print(f"{category}: from skiptoken {token}", file=sys.stderr)
        bar = tqdm(unit=" entries", file=sys.stderr, dynamic_ncols=True)

        def progress(category: str, entries: int, skiptoken: int | None) -> None:
            bar.set_postfix_str(f"{category} at {skiptoken}")
            bar.update(entries)

        summary = await poll_once(database, fetcher, sources, progress=progress)
        bar.close()
    print("\n".join(summary.lines()))
    return 1 if summary.errors else 0


def cmd_events(args: argparse.Namespace) -> int:
    """List recorded events, oldest first."""
    db = open_db(Settings.database_path(args.db))
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
    """Print per source the cursor, last success, last error and pending texts; the outbox."""
    db = open_db(Settings.database_path(args.db))
    data = status_data(db)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"cases: {data['cases']}, events: {data['events']}")
    box = data["outbox"]
    print(
        f"Outbox: {box['pending']} to send, {box['held_for_digest']} held for digests; "
        f"last 24 h: {box['sent_24h']} sent, {box['failed_24h']} failed; "
        f"inactive chats: {box['inactive_chats']}"
    )
    print("SyncFeed cursors:")
    if not data["cursors"]:
        print("  (none yet: the first poll starts KAMERVRAGEN_BACKFILL_DAYS ago)")
    for c in data["cursors"]:
        line = (
            f"  {c['category']:<15} skiptoken {c['skiptoken']}, {c['pages']} pages, "
            f"last success {c['last_success'] or 'never'}"
        )
        if c["failing_since"]:
            line += f", FAILING since {c['failing_since']}: {c['last_error']}"
        elif c["last_error"]:
            line += f", last error {c['last_error_at']}: {c['last_error']}"
        print(line)
    print("Sources:")
    for s in data["sources"]:
        state = f"FAILING since {s['failing_since']}" if s["failing_since"] else "ok"
        print(
            f"  {s['source']:<24} {state}; last success {s['last_success'] or 'never'}"
            + (f"; last error {s['last_error_at']}: {s['last_error']}" if s["last_error"] else "")
        )
    t = data["texts"]
    print(
        f"Texts: {t.get('fetched', 0)} fetched, {t.get('pending', 0)} pending, "
        f"{t.get('gave_up', 0)} given up"
    )
    for p in data["pending_texts"]:
        print(
            f"  {p['publication_id'] or p['document']}: attempt {p['attempts']}, next "
            f"{p['next_attempt_at']}" + (f" ({p['last_error']})" if p["last_error"] else "")
        )
    return 0
