"""The texts of Tweede Kamer documents: which are pending, fetched, or given up, with backoff.

A text that is not published yet is retried later with exponential backoff (5 minutes doubling,
at most 6 hours between tries) without holding anything else up; after MAX_ATTEMPTS it is given
up, so that the case still gets its event, without the text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from kamervragen.core.model import ParsedDocument
from kamervragen.storage import codec
from kamervragen.storage.db import Database, row_of, rows_of
from kamervragen.storage.sources import record_source
from kamervragen.storage.syncfeed import mark_documents_dirty

MAX_ATTEMPTS = 12
FIRST_DELAY = dt.timedelta(minutes=5)
MAX_DELAY = dt.timedelta(hours=6)


@dataclass(frozen=True)
class PendingText:
    """A document whose text is still to be fetched."""

    document: str  # Tweede Kamer Document GUID
    publication_id: str | None
    attempts: int
    content_type: str | None = None  # of the SyncFeed's file, as the feed announced it
    content_length: int | None = None


@dataclass(frozen=True)
class TextOutcome:
    """What one attempt at a text found: the parsed document, or why not; and, when the
    official publications answered, whether they worked (None: success, else the error)."""

    document: str
    parsed: ParsedDocument | None
    source: str = ""
    error: str = ""
    publications: tuple[str | None] | None = None  # (error or None,) when it was asked
    final: bool = False  # it would fail again (too large, parsing over its time): give up now


def ensure_pending(db: Database, document: str, publication_id: str | None, now: str) -> None:
    """Register a document's text as wanted; a changed publication id makes it wanted again."""
    row = row_of(db, "SELECT publication_id, status FROM texts WHERE document = ?", [document])
    if row is None:
        db.table("texts").insert(
            {
                "document": document,
                "publication_id": publication_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "first_seen": now,
            }
        )
    elif publication_id and row["publication_id"] != publication_id:
        # A new publication id (a corrected version, or one learnt late): fetch the text again.
        db.table("texts").update(
            document,
            {
                "publication_id": publication_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
            },
        )


def due(db: Database, now: str, limit: int = 200) -> list[PendingText]:
    """Pending texts whose next attempt is due, with what the feed said about their file."""
    rows = rows_of(
        db,
        "SELECT t.document, t.publication_id, t.attempts, d.data FROM texts t "
        "LEFT JOIN tk_documents d ON d.guid = t.document "
        "WHERE t.status = 'pending' AND t.next_attempt_at <= ? ORDER BY t.next_attempt_at LIMIT ?",
        [now, limit],
    )
    due_texts = []
    for row in rows:
        data = json.loads(row["data"]) if row["data"] else {}
        due_texts.append(
            PendingText(
                row["document"],
                row["publication_id"],
                row["attempts"],
                data.get("content_type"),
                data.get("content_length"),
            )
        )
    return due_texts


def mark_fetched(db: Database, document: str, doc: ParsedDocument, source: str, now: str) -> None:
    """Keep a fetched and parsed text."""
    db.table("texts").update(
        document,
        {
            "status": "fetched",
            "source": source,
            "content_hash": doc.content_hash,
            "parsed": codec.dumps(doc),
            "fetched_at": now,
            "last_error": None,
        },
    )


def mark_failed(
    db: Database, document: str, error: str, now: dt.datetime, *, give_up: bool = False
) -> str:
    """Note a failed try; schedule the next with backoff, or give up (after MAX_ATTEMPTS, or
    at once with `give_up`). Returns the new status."""
    row = row_of(db, "SELECT attempts FROM texts WHERE document = ?", [document])
    attempts = (row["attempts"] if row else 0) + 1
    status = "gave_up" if give_up or attempts >= MAX_ATTEMPTS else "pending"
    delay = min(FIRST_DELAY * (2 ** (attempts - 1)), MAX_DELAY)
    db.table("texts").update(
        document,
        {
            "attempts": attempts,
            "status": status,
            "last_error": error,
            "next_attempt_at": (now + delay).isoformat(timespec="seconds"),
        },
    )
    return status


def fetched_document(db: Database, document: str) -> ParsedDocument | None:
    """The parsed text of a document, if it has been fetched."""
    row = row_of(
        db, "SELECT parsed FROM texts WHERE document = ? AND status = 'fetched'", [document]
    )
    return codec.loads(ParsedDocument, row["parsed"]) if row and row["parsed"] else None


def is_settled(db: Database, document: str) -> bool:
    """Is the document's text fetched, or given up?"""
    row = row_of(db, "SELECT status FROM texts WHERE document = ?", [document])
    return row is not None and row["status"] in ("fetched", "gave_up")


def save_round(
    db: Database, outcomes: Sequence[TextOutcome], now: dt.datetime, source: str
) -> list[str]:
    """Keep one round of fetching in one transaction: each text fetched or failed (with its
    backoff), its Zaken marked dirty, the official publications' health. The new statuses."""
    now_text = now.isoformat(timespec="seconds")
    statuses = []
    with db.atomic():
        for outcome in outcomes:
            if outcome.publications is not None:
                record_source(db, source, outcome.publications[0], now_text)
            if outcome.parsed is not None:
                mark_fetched(db, outcome.document, outcome.parsed, outcome.source, now_text)
                statuses.append("fetched")
            else:
                statuses.append(
                    mark_failed(db, outcome.document, outcome.error, now, give_up=outcome.final)
                )
        mark_documents_dirty(db, [o.document for o in outcomes])
    return statuses


def counts(db: Database) -> dict[str, int]:
    """How many texts are pending, fetched and given up."""
    rows = rows_of(db, "SELECT status, count(*) AS n FROM texts GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


def pending_count(db: Database) -> int:
    """How many texts are still to be fetched."""
    row = row_of(db, "SELECT count(*) AS n FROM texts WHERE status = 'pending'")
    return int(row["n"]) if row else 0


def pending_details(db: Database, limit: int = 20) -> list[dict[str, object]]:
    """The pending texts with their last error, oldest first (for `status`)."""
    rows = rows_of(
        db,
        "SELECT document, publication_id, attempts, next_attempt_at, last_error FROM texts "
        "WHERE status = 'pending' ORDER BY first_seen LIMIT ?",
        [limit],
    )
    return [dict(row) for row in rows]
