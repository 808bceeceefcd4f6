"""The watchers inside the running bot: a polling job on the JobQueue, and on-demand lookups.

Its `poll` job reads the sources every POLL_INTERVAL seconds in a worker thread, with its own
database connection and HTTP client, so a long catch-up never keeps the bot from answering; a
failing source is logged and shown in `status`, never raised into the bot. `fetch_case` looks up
a case that is not in the database yet (the bot's /case) at officielebekendmakingen and stores
what it finds, through the HTTP client the service opens when the bot starts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

import httpx
from sqlite_utils import Database
from telegram.ext import Application, ContextTypes

from kamervragen.core.references import publication_to_look_up
from kamervragen.settings import Settings
from kamervragen.storage import cases
from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.http import Fetcher, FetchError, make_client
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml
from kamervragen.watchers.poller import PollSummary, poll_once

log = logging.getLogger(__name__)


class WatcherService:
    """The sources, polled from the bot's process."""

    def __init__(self, settings: Settings, db: Database | None = None) -> None:
        self.settings = settings
        self.db = db
        self._client: httpx.AsyncClient | None = None
        self.fetcher: Fetcher | None = None
        self.last_summary: PollSummary | None = None

    def open(self, db: Database) -> None:
        """Open the HTTP client for on-demand lookups (call once, when the bot starts)."""
        self.db = db
        self._client = make_client(timeout=self.settings.http_timeout)
        self.fetcher = Fetcher(self._client, base_delay=self.settings.http_retry_delay)

    async def stop(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            await self._client.aclose()
        self._client = None
        self.fetcher = None

    async def poll(self) -> PollSummary | None:
        """One poll of every source; errors are logged and kept, never raised.

        The poll runs in a worker thread with its own database connection and HTTP client, so
        a long catch-up never keeps the bot from answering (SQLite's WAL lets both write).
        """
        if self.db is None:
            return None
        try:
            summary = await asyncio.to_thread(self._poll_in_thread)
        except Exception:  # a bug must not stop the bot; it is logged with its traceback
            log.exception("poll failed")
            return None
        self.last_summary = summary
        for error in summary.errors:
            log.warning("source: %s", error)
        if summary.events:
            log.info("poll: %s", "; ".join(summary.lines()[:3]))
        return summary

    def _poll_in_thread(self) -> PollSummary:
        db = open_db(self.settings.db)

        async def poll() -> PollSummary:
            async with make_client(timeout=self.settings.http_timeout) as client:
                fetcher = Fetcher(client, base_delay=self.settings.http_retry_delay)
                return await poll_once(db, fetcher, self.settings)

        try:
            return asyncio.run(poll())
        finally:
            db.close()

    async def fetch_case(self, reference: str) -> str | None:
        """Find a case not stored yet at officielebekendmakingen; its case key, or None."""
        if self.db is None or self.fetcher is None:
            return None
        ref = reference.strip()
        publication = publication_to_look_up(ref)
        if publication is None:
            return None  # a document number can only be found through the SyncFeed
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for suffix in (".xml", "/metadata.xml"):
            url = f"{self.settings.ob_url}/{publication}{suffix}"
            try:
                response = await self.fetcher.get(url)
                store_document(self.db, parse_koop_xml(response.content), now=now)
            except (FetchError, ParseError, UnlinkableDocument) as exc:
                log.info("on-demand lookup of %s: %s", url, exc)
        return cases.find_case_key(self.db, ref)

    def schedule(self, application: Application) -> Callable[[], Awaitable[None]]:
        """Open the client and put the poll on the JobQueue; returns the cleanup for shutdown."""
        self.open(application.bot_data["db"])

        async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
            await self.poll()

        assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
        application.job_queue.run_repeating(
            poll_job,
            interval=self.settings.poll_interval,
            first=1,
            name="poll",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )
        return self.stop
