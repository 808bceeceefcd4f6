"""Fetching the texts of question and answer documents, each on its own schedule.

The official publication at officielebekendmakingen (`<id>.xml`) comes first; when it is not
there (yet), the SyncFeed `Resources` file (PDF or DOCX, its length checked against the feed's
contentLength). A text that is nowhere yet is retried later with backoff (storage.texts), and
never holds up the feed or the other texts.

`fetch_text` does the I/O and parsing of one text and returns what it found; the round is then
kept in one transaction by `storage.texts.save_round`. Parsing runs in a worker process with a
time limit (`watchers.parsing`); a document over that limit, or a file over its size cap, is
given up at once with its reason (it would fail again), and its case is announced without it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from kamervragen.storage import texts
from kamervragen.storage.db import DatabaseThread
from kamervragen.storage.texts import PendingText, TextOutcome
from kamervragen.watchers.http import (
    Fetcher,
    FetchError,
    NotFound,
    SourceUnavailable,
    TooLargeDownload,
)
from kamervragen.watchers.parsers.dispatch import ParseLimits
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsing import DocumentParser, ParseTimedOut, in_threads

# Failures that would happen again on every try: the text is given up at once.
FINAL = (ParseTimedOut, TooLargeDownload)

OB = "officielebekendmakingen"
RESOURCES = "syncfeed-resources"
_EXTENSION = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/xml": ".xml",
    "application/xml": ".xml",
}


@dataclass
class TextResult:
    """What one round of text fetching did."""

    fetched: int = 0
    retrying: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)


async def fetch_due(
    database: DatabaseThread,
    fetcher: Fetcher,
    *,
    ob_url: str,
    syncfeed_url: str,
    now: dt.datetime,
    limits: ParseLimits | None = None,
    parser: DocumentParser | None = None,
) -> TextResult:
    """Fetch every text whose attempt is due, concurrently (the fetcher limits each host), and
    keep the round. Parsed by `parser` (in worker processes), else in threads with `limits`."""
    parser = parser or in_threads(limits)
    pending = await database.run(texts.due, now.isoformat(timespec="seconds"))
    outcomes = await asyncio.gather(
        *(
            fetch_text(fetcher, item, ob_url=ob_url, syncfeed_url=syncfeed_url, parser=parser)
            for item in pending
        )
    )
    statuses = await database.run(texts.save_round, outcomes, now, OB)
    result = TextResult()
    for item, outcome, status in zip(pending, outcomes, statuses, strict=True):
        if status == "fetched":
            result.fetched += 1
        elif status == "gave_up":
            result.gave_up += 1
            result.errors.append(
                f"text of {item.publication_id or item.document}: gave up ({outcome.error})"
            )
        else:
            result.retrying += 1
    return result


async def fetch_text(
    fetcher: Fetcher,
    item: PendingText,
    *,
    ob_url: str,
    syncfeed_url: str,
    limits: ParseLimits | None = None,
    parser: DocumentParser | None = None,
) -> TextOutcome:
    """One text from the first source that has it, parsed; or why neither had it. A document
    over the limits is refused like any document that cannot be read; one whose parsing runs
    out of time, or whose file is over its size cap, is refused for good (`final`)."""
    parser = parser or in_threads(limits)
    problems: list[str] = []
    health: tuple[str | None] | None = None
    if item.publication_id:
        url = f"{ob_url}/{item.publication_id}.xml"
        try:
            response = await fetcher.get(url, document=True)
            health = (None,)
            parsed = await parser.parse_publication(response.content)
            return TextOutcome(item.document, parsed, url, publications=health)
        except NotFound:
            problems.append(f"{item.publication_id} not published yet")
        except SourceUnavailable as exc:
            health = (str(exc),)
            problems.append(str(exc))
        except FINAL as exc:
            return _final(item, f"{url}: {exc}", health)
        except (FetchError, ParseError) as exc:
            problems.append(f"{url}: {exc}")
    url = f"{syncfeed_url}/Resources/{item.document}"
    try:
        response = await fetcher.get(url, expect_length=item.content_length, document=True)
        name = item.document + _EXTENSION.get(item.content_type or "", "")
        parsed = await parser.parse(response.content, name)
        return TextOutcome(item.document, parsed, url, publications=health)
    except NotFound:
        problems.append("no SyncFeed resource yet")
    except FINAL as exc:
        return _final(item, f"resource: {exc}", health, problems)
    except (FetchError, ParseError) as exc:
        problems.append(f"resource: {exc}")
    return TextOutcome(item.document, None, "", "; ".join(problems), publications=health)


def _final(
    item: PendingText,
    reason: str,
    health: tuple[str | None] | None,
    problems: list[str] | None = None,
) -> TextOutcome:
    """A text refused for good, with every reason found on the way."""
    error = "; ".join([*(problems or []), reason])
    return TextOutcome(item.document, None, "", error, publications=health, final=True)
