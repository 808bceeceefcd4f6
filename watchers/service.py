"""The watchers inside the running bot: the polls the composition root puts on the JobQueue
(the SyncFeed, and officielebekendmakingen as a second source), and on-demand lookups of cases
that are not stored yet.

Both use the one HTTP client (through the `Fetcher`), the one `DatabaseThread` and the one
`DocumentParser` (worker processes) the composition root opens when the bot starts and closes
when it stops; both run on the bot's own event loop. A failing source is logged and shown in
`status`, never raised into the bot by the poll; an on-demand lookup raises `SourceUnavailable`
when a source could not be reached, so the bot can say so instead of "no such case".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable
from typing import TypeVar

from kamervragen.core.model import ParsedDocument
from kamervragen.core.references import (
    DOCNR_RE,
    publication_to_look_up,
    question_publication_id,
)
from kamervragen.storage import cases
from kamervragen.storage.db import Database, DatabaseThread
from kamervragen.storage.errors import StorageError
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.http import Fetcher, FetchError, NotFound, SourceUnavailable
from kamervragen.watchers.odata import (
    ODataError,
    document_query_url,
    odata_url_for,
    parse_document_zaken,
)
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsing import DocumentParser, in_threads
from kamervragen.watchers.poller import PollSummary, Sources, poll_once
from kamervragen.watchers.publications import PublicationSummary, PublicationWatcher

log = logging.getLogger(__name__)
T = TypeVar("T")


async def fetch_publication(
    fetcher: Fetcher,
    ob_url: str,
    publication_id: str,
    parser: DocumentParser | None = None,
) -> list[ParsedDocument]:
    """The documents officielebekendmakingen holds for a publication: its XML text and its
    metadata record, as far as they exist and parse (what failed is logged). Raises
    SourceUnavailable when the source could not be reached for either and nothing was found."""
    parser = parser or in_threads()
    documents = []
    unreachable: FetchError | None = None
    for suffix in (".xml", "/metadata.xml"):
        url = f"{ob_url}/{publication_id}{suffix}"
        try:
            response = await fetcher.get(url, document=True)
            documents.append(await parser.parse_publication(response.content))
        except NotFound as exc:
            log.info("on-demand lookup of %s: %s", url, exc)
        except FetchError as exc:
            log.warning("on-demand lookup of %s: %s", url, exc)
            unreachable = unreachable or exc
        except ParseError as exc:
            log.info("on-demand lookup of %s: %s", url, exc)
    if not documents and unreachable is not None:
        raise _unavailable(unreachable)
    return documents


async def fetch_document_zaken(fetcher: Fetcher, odata_url: str, number: str) -> list[str]:
    """The zaaknummers of a document number (2019D30185) at the Tweede Kamer's OData API;
    [] when it knows no such document; SourceUnavailable when it could not be asked."""
    url = document_query_url(odata_url, number)
    try:
        response = await fetcher.get(url)
        return await asyncio.to_thread(parse_document_zaken, response.content)
    except NotFound:
        return []
    except FetchError as exc:
        log.warning("on-demand lookup of %s: %s", number, exc)
        raise _unavailable(exc) from None
    except ODataError as exc:
        log.warning("on-demand lookup of %s: %s", number, exc)
        raise SourceUnavailable(f"{number}: {exc}", url=url) from None


def _unavailable(exc: FetchError) -> SourceUnavailable:
    if isinstance(exc, SourceUnavailable):
        return exc
    return SourceUnavailable(str(exc), url=exc.url, status=exc.status, attempts=exc.attempts)


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
        parser: DocumentParser | None = None,
        publications: PublicationWatcher | None = None,
        *,
        odata_url: str | None = None,
    ) -> None:
        self.database = database
        self.fetcher = fetcher
        self.sources = sources
        self.parser = parser or in_threads(sources.limits)
        self.odata_url = odata_url or odata_url_for(sources.syncfeed_url)
        self.publications = publications  # None: officielebekendmakingen is not watched
        self.last_summary: PollSummary | None = None
        self.last_publications: PublicationSummary | None = None

    async def poll(self) -> PollSummary | None:
        """One poll of the SyncFeed; errors are logged and kept, never raised."""
        polled = poll_once(self.database, self.fetcher, self.sources, parser=self.parser)
        summary = await _logged("poll", polled)
        if summary is not None:
            # An idle bot keeps no catch-up's worth of cached pages.
            await _logged("freeing the page cache", self.database.release_memory())
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
        """Find a case not stored yet at the sources; its case key, or None when they do not
        know it. Raises SourceUnavailable when a source could not be reached."""
        ref = reference.strip()
        publication = publication_to_look_up(ref)
        if publication is None and DOCNR_RE.match(ref):
            zaken = await fetch_document_zaken(self.fetcher, self.odata_url, ref)
            if not zaken:
                return None
            ref = zaken[0]  # the case is found by its zaaknummer once stored
            publication = question_publication_id(ref)
        if publication is None:
            return None
        documents = await fetch_publication(
            self.fetcher, self.sources.ob_url, publication, self.parser
        )
        return await self.database.run(save_publication, documents, ref)


async def _logged(what: str, poll: Awaitable[T]) -> T | None:
    """The poll's summary; a bug in it is logged with its traceback and gives None (it must
    not stop the bot)."""
    try:
        return await poll
    except StorageError as exc:  # read-only, full, busy: one line; the next poll tries again
        log.error("%s stopped: %s", what, exc)
        return None
    except Exception:  # a bug must not stop the bot; it is logged with its traceback
        log.exception("%s failed", what)
        return None


def _log_summary(errors: list[str], events: Counter[str], line: str) -> None:
    for error in errors:
        log.warning("source: %s", error)
    if events:
        log.info("poll: %s", line)
