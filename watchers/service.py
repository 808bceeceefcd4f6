"""The watchers inside the running bot: the polls the composition root puts on the JobQueue
(the SyncFeed, and officielebekendmakingen as a second source), and on-demand lookups of cases
that are not stored yet.

Both use the one HTTP client (through the `Fetcher`) and the one `DatabaseThread` the
composition root opens when the bot starts and closes when it stops; both run on the bot's own
event loop. A failing source is logged and shown in `status`, never raised into the bot.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable
from typing import TypeVar

from kamervragen.core.model import ParsedDocument
from kamervragen.core.references import publication_to_look_up
from kamervragen.storage import cases
from kamervragen.storage.db import Database, DatabaseThread
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.http import Fetcher, FetchError
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml
from kamervragen.watchers.poller import PollSummary, Sources, poll_once
from kamervragen.watchers.publications import PublicationSummary, PublicationWatcher

log = logging.getLogger(__name__)
T = TypeVar("T")


async def fetch_publication(
    fetcher: Fetcher, ob_url: str, publication_id: str
) -> list[ParsedDocument]:
    """The documents officielebekendmakingen holds for a publication: its XML text and its
    metadata record, as far as they exist and parse (what failed is logged)."""
    documents = []
    for suffix in (".xml", "/metadata.xml"):
        url = f"{ob_url}/{publication_id}{suffix}"
        try:
            response = await fetcher.get(url)
            documents.append(parse_koop_xml(response.content))
        except (FetchError, ParseError) as exc:
            log.info("on-demand lookup of %s: %s", url, exc)
    return documents


def save_publication(db: Database, documents: list[ParsedDocument], reference: str) -> str | None:
    """Store looked-up documents; the key of the case `reference` now names, if any."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for document in documents:
        try:
            store_document(db, document, now=now)
        except UnlinkableDocument as exc:
            log.info("on-demand lookup of %s: %s", reference, exc)
    return cases.find_case_key(db, reference)


class WatcherService:
    """The sources, polled and looked up from the bot's process."""

    def __init__(
        self,
        database: DatabaseThread,
        fetcher: Fetcher,
        sources: Sources,
        publications: PublicationWatcher | None = None,
    ) -> None:
        self.database = database
        self.fetcher = fetcher
        self.sources = sources
        self.publications = publications  # None: officielebekendmakingen is not watched
        self.last_summary: PollSummary | None = None
        self.last_publications: PublicationSummary | None = None

    async def poll(self) -> PollSummary | None:
        """One poll of the SyncFeed; errors are logged and kept, never raised."""
        summary = await _logged("poll", poll_once(self.database, self.fetcher, self.sources))
        if summary is not None:
            self.last_summary = summary
            _log_summary(summary.errors, summary.events, "; ".join(summary.lines()[:3]))
        return summary

    async def poll_publications(self) -> PublicationSummary | None:
        """One poll of officielebekendmakingen; errors are logged and kept, never raised."""
        if self.publications is None:
            return None
        summary = await _logged("officielebekendmakingen poll", self.publications.poll())
        if summary is not None:
            self.last_publications = summary
            _log_summary(summary.errors, summary.events, summary.lines()[0])
        return summary

    async def fetch_case(self, reference: str) -> str | None:
        """Find a case not stored yet at officielebekendmakingen; its case key, or None."""
        ref = reference.strip()
        publication = publication_to_look_up(ref)
        if publication is None:
            return None  # a document number can only be found through the SyncFeed
        documents = await fetch_publication(self.fetcher, self.sources.ob_url, publication)
        return await self.database.run(save_publication, documents, ref)


async def _logged(what: str, poll: Awaitable[T]) -> T | None:
    """The poll's summary; a bug in it is logged with its traceback and gives None (it must
    not stop the bot)."""
    try:
        return await poll
    except Exception:
        log.exception("%s failed", what)
        return None


def _log_summary(errors: list[str], events: Counter[str], line: str) -> None:
    for error in errors:
        log.warning("source: %s", error)
    if events:
        log.info("poll: %s", line)
