"""The second source: new Kamervragen publications at officielebekendmakingen.nl, found through
its search service (SRU at repository.overheid.nl, CQL on `w.publicatienaam`), or, when the
search fails, through its RSS feed (read with feedparser).

One poll: search for publications modified since the cursor (with an overlap of two days:
the index may list a publication later than its date), keep what is new with the moved cursor
in one transaction, fetch each new publication's XML and metadata.xml, store them as documents
of their case (the metadata's `OVERHEIDop.vraagnummer` names it; without it an answer links by
publication id, or by title, askers and submission date as a loose document does), and record
its event once its case is known. Events are once across sources (`storage.events`): whichever
source sees an answer first raises `answered`, the other only adds its document.

A failed search is retried by the fetcher, then noted (the source's status, for `status` and
the operators) and not tried again before its backoff (1 minute, doubling, at most an hour);
a publication not readable yet is retried on its own schedule, like the SyncFeed's texts.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from kamervragen.core.model import ParsedDocument
from kamervragen.core.references import QUESTION_PREFIX, is_zaaknummer
from kamervragen.storage import cases, documents, events, publications
from kamervragen.storage.db import Database, DatabaseThread
from kamervragen.storage.ingest import store_document
from kamervragen.storage.sources import record_source
from kamervragen.watchers.http import Fetcher, FetchError, NotFound
from kamervragen.watchers.parsers.dispatch import ParseLimits
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.ob_listing import Listed, parse_rss, parse_sru_response
from kamervragen.watchers.parsing import DocumentParser, in_threads
from kamervragen.watchers.syncfeed.rebuild import EVENT_BY_KIND

log = logging.getLogger(__name__)

SEARCH = "officielebekendmakingen-search"
RSS = "officielebekendmakingen-rss"
PUBLICATION_NAMES = ("Kamervragen (Aanhangsel)", "Kamervragen zonder antwoord")
OVERLAP = dt.timedelta(days=2)  # searched again: the index may list a publication late
MAX_PAGES = 200  # of one search; more means the cursor is far behind: the rest next time


class SearchFailed(Exception):
    """Neither the search service nor the RSS feed could be read."""


@dataclass(frozen=True)
class PublicationSources:
    """Where officielebekendmakingen publishes, searches and lists."""

    ob_url: str
    sru_url: str | None
    rss_url: str | None
    backfill_days: int = 30
    limits: ParseLimits = field(default_factory=ParseLimits)
    page_size: int = 100


@dataclass
class PublicationSummary:
    """What one poll of officielebekendmakingen did."""

    listed: int = 0
    new: int = 0
    listed_by: str | None = None  # sru or rss
    fetched: int = 0
    retrying: int = 0
    events: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    skipped_until: str | None = None  # the search waits for its backoff

    def lines(self) -> list[str]:
        """The summary as lines of text."""
        events_text = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items())) or "none"
        if self.skipped_until:
            search = f"search waits until {self.skipped_until} (backoff)"
        else:
            search = f"{self.listed} listed ({self.new} new) by {self.listed_by or 'nothing'}"
        out = [
            f"officielebekendmakingen: {search}; {self.fetched} fetched, "
            f"{self.retrying} waiting; events: {events_text}",
        ]
        out.extend(f"  {e}" for e in self.errors)
        return out


def search_query(since: dt.date | None) -> str:
    """The CQL query for Kamervragen publications modified on or after `since`."""
    names = " or ".join(f'w.publicatienaam=="{name}"' for name in PUBLICATION_NAMES)
    query = f"c.product-area==officielepublicaties and ({names})"
    return f"{query} and dt.modified>={since.isoformat()}" if since else query


def sru_page_url(base: str, query: str, start: int, size: int) -> str:
    """The URL of one page of an SRU 2.0 searchRetrieve."""
    params = {
        "operation": "searchRetrieve",
        "version": "2.0",
        "query": query,
        "startRecord": start,
        "maximumRecords": size,
    }
    return f"{base}?{urlencode(params)}"


def rss_feed_url(base: str) -> str:
    """The RSS feed of Kamervragen publications (a CQL query in `q`)."""
    names = "or".join(f'(w.publicatienaam=="{name}")' for name in PUBLICATION_NAMES)
    query = f'(c.product-area=="officielepublicaties")and({names})'
    return f"{base}?q={quote(query, safe='()=')}"


async def search_sru(
    fetcher: Fetcher, sources: PublicationSources, since: dt.date | None
) -> list[Listed]:
    """Every Kamervragen publication the search lists since `since`, page by page."""
    assert sources.sru_url
    query = search_query(since)
    found: list[Listed] = []
    start = 1
    for _ in range(MAX_PAGES):
        response = await fetcher.get(sru_page_url(sources.sru_url, query, start, sources.page_size))
        page = await asyncio.to_thread(parse_sru_response, response.content)
        found.extend(page.publications)
        seen = len(page.publications) + page.others
        if page.next_position is not None and page.next_position > start:
            start = page.next_position  # the service says where the next page starts
        elif seen and page.total is not None and start + seen <= page.total:
            start += seen  # no nextRecordPosition: count
        else:
            break
    return found


async def search(
    search_fetcher: Fetcher,
    fetcher: Fetcher,
    sources: PublicationSources,
    since: dt.date | None,
    health: dict[str, str | None],
) -> tuple[list[Listed], str]:
    """The publications listed since `since`: the search service's, else the RSS feed's
    (which lists only the newest). `health` gets each source's error (None: it worked)."""
    problems = []
    if sources.sru_url:
        try:
            listed = await search_sru(search_fetcher, sources, since)
            health[SEARCH] = None
            return listed, "sru"
        except (FetchError, ParseError) as exc:
            health[SEARCH] = f"search: {exc}"
            problems.append(f"search: {exc}")
    if sources.rss_url:
        try:
            response = await fetcher.get(rss_feed_url(sources.rss_url))
            listing = await asyncio.to_thread(parse_rss, response.content)
            health[RSS] = None
            return listing.publications, "rss"
        except (FetchError, ParseError) as exc:
            health[RSS] = f"RSS: {exc}"
            problems.append(f"RSS: {exc}")
    raise SearchFailed("; ".join(problems) or "no search URL and no RSS URL configured")


async def fetch_documents(
    fetcher: Fetcher, ob_url: str, publication_id: str, parser: DocumentParser
) -> list[ParsedDocument]:
    """A publication's XML text and (when it has one) its metadata record, parsed where a
    hostile one cannot stall the bot. Raises FetchError or ParseError when the text cannot be
    had; a missing or unreadable metadata record only leaves it out."""
    url = f"{ob_url}/{publication_id}.xml"
    response = await fetcher.get(url)
    text = await parser.parse_publication(response.content)
    text.ids = dataclasses.replace(text.ids, source=url)
    found = [text]
    meta_url = f"{ob_url}/{publication_id}/metadata.xml"
    try:
        meta = await fetcher.get(meta_url)
        found.append(await parser.parse_publication(meta.content))
    except NotFound:
        pass
    except (FetchError, ParseError) as exc:
        log.info("%s: metadata left out: %s", publication_id, exc)
    return found


def store_publication(
    db: Database,
    publication_id: str,
    found: list[ParsedDocument],
    zaaknummer: str | None,
    now: str,
) -> None:
    """Store a publication's documents in their case, in one transaction; its event waits for
    `record_events`. The zaaknummer comes from the text, else its metadata, else the listing,
    else a question's publication id (kv-tk-<zaaknummer>)."""
    text = found[0]
    others = found[1:]
    zaak = text.zaaknummer or next((d.zaaknummer for d in others if d.zaaknummer), zaaknummer)
    if zaak is None and is_zaaknummer(publication_id.removeprefix(QUESTION_PREFIX)):
        zaak = publication_id.removeprefix(QUESTION_PREFIX).upper()  # kv-tk-<zaaknummer>
    for doc in found:
        doc.zaaknummer = doc.zaaknummer or zaak
        doc.ids = dataclasses.replace(doc.ids, publication_id=publication_id)
    with db.atomic():
        for doc in (*others, text):  # the metadata first: it names the case
            store_document(db, doc, now=now)
        publications.mark_stored(db, publication_id, text.kind)


def record_events(db: Database, now: dt.datetime) -> Counter[str]:
    """The event of every stored publication whose case is known (a provisional case waits for
    its zaaknummer); once across sources. Returns the new events by kind."""
    stamp = now.isoformat(timespec="seconds")
    recorded: Counter[str] = Counter()
    for publication_id, kind in publications.waiting_for_case(db):
        doc_id = f"pub:{publication_id}#xml"
        case_key = documents.case_of(db, doc_id)
        if case_key is not None and documents.is_provisional(case_key):
            continue
        with db.atomic():
            event = EVENT_BY_KIND.get(kind or "")
            if case_key is not None and event is not None:
                state = cases.case_state(db, case_key)
                detail = {
                    "publication_id": publication_id,
                    "title": state.title if state else None,
                    "source": "officielebekendmakingen",
                }
                if events.record_event(
                    db, case_key, event[0], doc_id, stamp, detail, publication_id=publication_id
                ):
                    recorded[event[0]] += 1
            publications.mark_done(db, publication_id, case_key, now)
    return recorded


def _listed_rows(listed: list[Listed]) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.publication_id, p.modified.isoformat() if p.modified else None, p.zaaknummer)
        for p in listed
    ]


class PublicationWatcher:
    """Polls officielebekendmakingen for new Kamervragen publications."""

    def __init__(
        self,
        database: DatabaseThread,
        fetcher: Fetcher,
        sources: PublicationSources,
        *,
        search_fetcher: Fetcher | None = None,
        parser: DocumentParser | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.database = database
        self.fetcher = fetcher
        self.parser = parser or in_threads(sources.limits)
        self.search_fetcher = search_fetcher or fetcher  # the search is slow: its own timeout
        self.sources = sources
        self.now = now or (lambda: dt.datetime.now(dt.UTC))

    async def poll(self, *, until_done: bool = False) -> PublicationSummary:
        """Search, fetch what is due, store, record events. With `until_done`, fetch rounds
        until nothing more is due now (the `poll --once` command)."""
        summary = PublicationSummary()
        await self._search(summary)
        while True:
            fetched = await self._fetch_round(summary)
            if not (until_done and fetched):
                break
        summary.events.update(await self.database.run(record_events, self.now()))
        return summary

    async def _search(self, summary: PublicationSummary) -> None:
        now = self.now()
        cursor = await self.database.run(publications.cursor)
        if cursor.next_attempt_at and cursor.next_attempt_at > now.isoformat(timespec="seconds"):
            summary.skipped_until = cursor.next_attempt_at
            return
        since = (
            dt.date.fromisoformat(cursor.since)
            if cursor.since
            else now.date() - dt.timedelta(days=self.sources.backfill_days)
        )
        health: dict[str, str | None] = {}
        try:
            listed, by = await search(
                self.search_fetcher, self.fetcher, self.sources, since, health
            )
        except SearchFailed as exc:
            message = str(exc)
            when = await self.database.run(
                publications.search_failed, source=SEARCH, error=message, now=now
            )
            if RSS in health:
                await self.database.run(record_source, RSS, health[RSS], _iso(now))
            summary.errors.append(f"officielebekendmakingen: {message}; next search {_iso(when)}")
            return
        newest = max((p.modified for p in listed if p.modified), default=None)
        moved = (newest - OVERLAP).isoformat() if newest and by == "sru" else None
        summary.listed, summary.listed_by = len(listed), by
        summary.new = await self.database.run(
            publications.save_listing,
            _listed_rows(listed),
            source=SEARCH if by == "sru" else RSS,
            listed_by=by,
            since=moved,
            now=now,
        )
        if health.get(SEARCH):  # the RSS feed stood in for a failing search
            await self.database.run(record_source, SEARCH, health[SEARCH], _iso(now))
            summary.errors.append(f"officielebekendmakingen: {health[SEARCH]} (RSS used)")

    async def _fetch_round(self, summary: PublicationSummary) -> int:
        """Fetch and store every publication that is due; how many were stored."""
        now = self.now()
        due = await self.database.run(publications.due, now)
        results = await asyncio.gather(*(self._fetch(p.publication_id) for p in due))
        stored = 0
        for pending, result in zip(due, results, strict=True):
            if isinstance(result, str):
                status = await self.database.run(
                    publications.mark_failed, pending.publication_id, result, now
                )
                summary.retrying += status == "pending"
                if status == "gave_up":
                    summary.errors.append(f"{pending.publication_id}: gave up: {result}")
                continue
            await self.database.run(
                store_publication, pending.publication_id, result, pending.zaaknummer, _iso(now)
            )
            stored += 1
        summary.fetched += stored
        return stored

    async def _fetch(self, publication_id: str) -> list[ParsedDocument] | str:
        """The publication's documents, or why they could not be had."""
        try:
            return await fetch_documents(
                self.fetcher, self.sources.ob_url, publication_id, self.parser
            )
        except NotFound:
            return "not published yet"
        except (FetchError, ParseError) as exc:
            return str(exc)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")
