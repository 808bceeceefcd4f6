"""The texts of Tweede Kamer documents: which are pending, fetched, or given up, with backoff.

A text that is not published yet is retried later with exponential backoff (5 minutes doubling,
at most 6 hours between tries) without holding anything else up; after MAX_ATTEMPTS it is given
up, so that the case still gets its event, without the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from kamervragen.core.model import ParsedDocument
from kamervragen.storage.documents import from_record, to_record

MAX_ATTEMPTS = 12
FIRST_DELAY = dt.timedelta(minutes=5)
MAX_DELAY = dt.timedelta(hours=6)


@dataclass(frozen=True)
class PendingText:
    """A document whose text is still to be fetched."""

    document: str  # Tweede Kamer Document GUID
    publication_id: str | None
    attempts: int


def ensure_pending(db: Database, document: str, publication_id: str | None, now: str) -> None:
    """Register a document's text as wanted; a changed publication id makes it wanted again."""
    row = db.execute(
        "SELECT publication_id, status FROM texts WHERE document = ?", [document]
    ).fetchone()
    if row is None:
        db["texts"].insert(
            {
                "document": document,
                "publication_id": publication_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "first_seen": now,
            }
        )
    elif publication_id and row[0] != publication_id:
        # A new publication id (a corrected version, or one learnt late): fetch the text again.
        db["texts"].update(
            document,
            {
                "publication_id": publication_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
            },
        )


def due(db: Database, now: str, limit: int = 200) -> list[PendingText]:
    """Pending texts whose next attempt is due."""
    rows = db.execute(
        "SELECT document, publication_id, attempts FROM texts "
        "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        [now, limit],
    ).fetchall()
    return [PendingText(*r) for r in rows]


def mark_fetched(db: Database, document: str, doc: ParsedDocument, source: str, now: str) -> None:
    """Keep a fetched and parsed text."""
    db["texts"].update(
        document,
        {
            "status": "fetched",
            "source": source,
            "content_hash": doc.content_hash,
            "parsed": to_record(doc),
            "fetched_at": now,
            "last_error": None,
        },
    )


def mark_failed(db: Database, document: str, error: str, now: dt.datetime) -> str:
    """Note a failed try; schedule the next with backoff, or give up. Returns the new status."""
    row = db.execute("SELECT attempts FROM texts WHERE document = ?", [document]).fetchone()
    attempts = (row[0] if row else 0) + 1
    status = "gave_up" if attempts >= MAX_ATTEMPTS else "pending"
    delay = min(FIRST_DELAY * (2 ** (attempts - 1)), MAX_DELAY)
    db["texts"].update(
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
    row = db.execute(
        "SELECT parsed FROM texts WHERE document = ? AND status = 'fetched'", [document]
    ).fetchone()
    return from_record(row[0]) if row and row[0] else None


def counts(db: Database) -> dict[str, int]:
    """How many texts are pending, fetched and given up."""
    return {
        status: n for status, n in db.execute("SELECT status, count(*) FROM texts GROUP BY status")
    }


def pending_details(db: Database, limit: int = 20) -> list[dict[str, object]]:
    """The pending texts with their last error, oldest first (for `status`)."""
    rows = db.execute(
        "SELECT document, publication_id, attempts, next_attempt_at, last_error FROM texts "
        "WHERE status = 'pending' ORDER BY first_seen LIMIT ?",
        [limit],
    )
    keys = ["document", "publication_id", "attempts", "next_attempt_at", "last_error"]
    return [dict(zip(keys, r, strict=True)) for r in rows]
