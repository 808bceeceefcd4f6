"""Fetching the texts of question and answer documents, each on its own schedule.

The official publication at officielebekendmakingen (`<id>.xml`) comes first; when it is not
there (yet), the SyncFeed `Resources` file (PDF or DOCX, its length checked against the feed's
contentLength). A text that is nowhere yet is retried later with backoff (storage.texts), and
never holds up the feed or the other texts.

`fetch_text` does the I/O and parsing of one text and returns what it found; the round is then
kept in one transaction by `storage.texts.save_round`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from kamervragen.storage import texts
from kamervragen.storage.db import DatabaseThread
from kamervragen.storage.texts import PendingText, TextOutcome
from kamervragen.watchers.http import Fetcher, FetchError, NotFound, SourceUnavailable
from kamervragen.watchers.parsers.dispatch import ParseLimits, parse_bytes
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml

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
) -> TextResult:
    """Fetch every text whose attempt is due, concurrently (the fetcher limits each host), and
    keep the round."""
    pending = await database.run(texts.due, now.isoformat(timespec="seconds"))
    outcomes = await asyncio.gather(
        *(
            fetch_text(fetcher, item, ob_url=ob_url, syncfeed_url=syncfeed_url, limits=limits)
            for item in pending
        )
    )
    statuses = await database.run(texts.save_round, outcomes, now, OB)
    result = TextResult()
    for item, status in zip(pending, statuses, strict=True):
        if status == "fetched":
            result.fetched += 1
        elif status == "gave_up":
            result.gave_up += 1
            result.errors.append(f"text of {item.publication_id or item.document}: gave up")
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
) -> TextOutcome:
    """One text from the first source that has it, parsed; or why neither had it. A document
    over the `limits` is refused like any document that cannot be read."""
    limits = limits or ParseLimits()
    problems: list[str] = []
    health: tuple[str | None] | None = None
    if item.publication_id:
        url = f"{ob_url}/{item.publication_id}.xml"
        try:
            response = await fetcher.get(url)
            health = (None,)
            limits.check_text(len(response.content))
            parsed = await asyncio.to_thread(parse_koop_xml, response.content)
            return TextOutcome(item.document, parsed, url, publications=health)
        except NotFound:
            problems.append(f"{item.publication_id} not published yet")
        except SourceUnavailable as exc:
            health = (str(exc),)
            problems.append(str(exc))
        except (FetchError, ParseError) as exc:
            problems.append(f"{url}: {exc}")
    url = f"{syncfeed_url}/Resources/{item.document}"
    try:
        response = await fetcher.get(url, expect_length=item.content_length)
        name = item.document + _EXTENSION.get(item.content_type or "", "")
        parsed = await asyncio.to_thread(parse_bytes, response.content, name, limits)
        return TextOutcome(item.document, parsed, url, publications=health)
    except NotFound:
        problems.append("no SyncFeed resource yet")
    except (FetchError, ParseError) as exc:
        problems.append(f"resource: {exc}")
    return TextOutcome(item.document, None, "", "; ".join(problems), publications=health)
