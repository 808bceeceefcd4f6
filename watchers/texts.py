"""Fetching the texts of question and answer documents, each on its own schedule.

The official publication at officielebekendmakingen (`<id>.xml`) comes first; when it is not
there (yet), the SyncFeed `Resources` file (PDF or DOCX, its length checked against the feed's
contentLength). A text that is nowhere yet is retried later with backoff (storage.texts), and
never holds up the feed or the other texts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from kamervragen.core.model import ParsedDocument
from kamervragen.storage import texts
from kamervragen.storage.sources import record_source
from kamervragen.watchers.http import Fetcher, FetchError, NotFound, SourceUnavailable
from kamervragen.watchers.parsers.dispatch import parse_bytes
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


class TextNotAvailable(Exception):
    """Neither source has the text (yet)."""


async def fetch_due(
    db: Database, fetcher: Fetcher, *, ob_url: str, syncfeed_url: str, now: dt.datetime
) -> TextResult:
    """Fetch every text whose attempt is due, concurrently (the fetcher limits each host)."""
    result = TextResult()
    now_text = now.isoformat(timespec="seconds")
    pending = texts.due(db, now_text)
    outcomes = await asyncio.gather(
        *(_fetch_one(db, fetcher, p, ob_url, syncfeed_url) for p in pending)
    )
    with db.atomic():  # one transaction for the round: each text with its Zaken marked dirty
        for item, (doc, source, error) in zip(pending, outcomes, strict=True):
            if doc is not None:
                texts.mark_fetched(db, item.document, doc, source, now_text)
                result.fetched += 1
            else:
                status = texts.mark_failed(db, item.document, error, now)
                if status == "gave_up":
                    result.gave_up += 1
                    result.errors.append(f"text of {item.publication_id or item.document}: gave up")
                else:
                    result.retrying += 1
            for (zaak,) in db.execute(
                "SELECT zaak FROM tk_document_zaken WHERE document = ?", [item.document]
            ).fetchall():
                db.execute("INSERT OR IGNORE INTO tk_dirty (zaak) VALUES (?)", [zaak])
    return result


async def _fetch_one(
    db: Database, fetcher: Fetcher, item: texts.PendingText, ob_url: str, syncfeed_url: str
) -> tuple[ParsedDocument | None, str, str]:
    problems: list[str] = []
    if item.publication_id:
        url = f"{ob_url}/{item.publication_id}.xml"
        try:
            response = await fetcher.get(url)
            record_source(db, OB, None)
            return parse_koop_xml(response.content), url, ""
        except NotFound:
            problems.append(f"{item.publication_id} not published yet")
        except SourceUnavailable as exc:
            record_source(db, OB, str(exc))
            problems.append(str(exc))
        except (FetchError, ParseError) as exc:
            problems.append(f"{url}: {exc}")
    row = db.execute("SELECT data FROM tk_documents WHERE guid = ?", [item.document]).fetchone()
    data = json.loads(row[0]) if row else {}
    url = f"{syncfeed_url}/Resources/{item.document}"
    try:
        response = await fetcher.get(url, expect_length=data.get("content_length"))
        name = item.document + _EXTENSION.get(data.get("content_type") or "", "")
        return parse_bytes(response.content, name), url, ""
    except NotFound:
        problems.append("no SyncFeed resource yet")
    except (FetchError, ParseError) as exc:
        problems.append(f"resource: {exc}")
    return None, "", "; ".join(problems)
