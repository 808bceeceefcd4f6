"""Keeping what the SyncFeed says about Kamervragen: its records, cursors, orphans, dirty Zaken.

One call to `save_page` is one transaction: the page's relevant records, the Zaken whose case
must be rebuilt, and the category's cursor are committed together, so a crash never moves the
cursor past data that was not stored. The watcher decides what each entity is (`FeedRecord`);
versions and actors whose document or Zaak is not stored yet wait as orphans (for a while) and
are adopted when it arrives, since the categories are read independently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kamervragen.storage.db import Database, row_of, rows_of

ORPHAN_DAYS = 30
Action = Literal["store", "delete", "skip", "ignore"]
# A record's category -> its table and the table's own column (what the record points at).
TABLES: dict[str, tuple[str, str]] = {
    "zaak": ("tk_zaken", "nummer"),
    "document": ("tk_documents", "kind"),
    "documentVersie": ("tk_versies", "document"),
    "zaakActor": ("tk_actors", "zaak"),
}


@dataclass(frozen=True)
class FeedRecord:
    """One SyncFeed entity as storage keeps it.

    `action`: store it; delete it (the source did); skip it (a Zaak or Document not about
    Kamervragen: its children are dropped too); or ignore it (nothing to keep).
    """

    category: str  # zaak, document, documentVersie, zaakActor (as the feed's term says)
    guid: str
    action: Action = "store"
    data: dict[str, Any] = field(default_factory=dict)  # what the entity says, JSON-ready
    column: str | None = None  # a Zaak's nummer, a Document's kind, a version's document, ...
    zaken: tuple[str, ...] = ()  # the Zaken a Document belongs to


@dataclass
class PageResult:
    """What storing one page did."""

    entries: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: int = 0
    orphaned: int = 0
    deleted: int = 0
    dirty: set[str] = field(default_factory=set)


def record_hash(data: dict[str, Any]) -> str:
    """What a record says, not when it was said: a re-emission hashes the same."""
    content = {k: v for k, v in data.items() if k != "bijgewerkt"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def get_cursor(db: Database, category: str) -> int | None:
    """The skiptoken to resume a category from, or None before the first read."""
    row = row_of(db, "SELECT skiptoken FROM feed_cursors WHERE category = ?", [category])
    return row["skiptoken"] if row and row["skiptoken"] is not None else None


def set_cursor(db: Database, category: str, skiptoken: int) -> None:
    """Place a category's cursor (used by backfill and the first poll)."""
    db.execute(
        "INSERT INTO feed_cursors (category, skiptoken) VALUES (?, ?) "
        "ON CONFLICT(category) DO UPDATE SET skiptoken = excluded.skiptoken",
        [category, skiptoken],
    )


def record_failure(db: Database, category: str, error: str, now: str) -> None:
    """Note a failed read of a category; the cursor stays where it was."""
    db.execute(
        "INSERT INTO feed_cursors (category, last_error, last_error_at, failing_since) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(category) DO UPDATE SET last_error = excluded.last_error,"
        " last_error_at = excluded.last_error_at,"
        " failing_since = coalesce(feed_cursors.failing_since, excluded.failing_since)",
        [category, error, now, now],
    )


def save_page(
    db: Database, category: str, records: Sequence[FeedRecord], cursor: int | None, now: str
) -> PageResult:
    """Store a page's records and move the cursor past it, in one transaction."""
    result = PageResult(entries=len(records))
    with db.atomic():
        context = _PageContext.prefetch(db, records)
        for record in records:
            _save_record(db, record, now, result, context)
        skipped = [(g,) for g in context.to_skip]
        db.conn.executemany("INSERT OR IGNORE INTO tk_skipped (guid) VALUES (?)", skipped)
        # Children that arrived before their (unrelated) parent are dropped now.
        db.conn.executemany("DELETE FROM tk_orphans WHERE ref = ?", skipped)
        db.execute(
            "INSERT INTO feed_cursors (category, skiptoken, pages, entries, last_success) "
            "VALUES (?, ?, 1, ?, ?) ON CONFLICT(category) DO UPDATE SET "
            "skiptoken = coalesce(excluded.skiptoken, feed_cursors.skiptoken), "
            "pages = feed_cursors.pages + 1, entries = feed_cursors.entries + excluded.entries, "
            "last_success = excluded.last_success, failing_since = NULL",
            [category, cursor, len(records), now],
        )
        for zaak in result.dirty:
            db.execute("INSERT OR IGNORE INTO tk_dirty (zaak) VALUES (?)", [zaak])
    return result


@dataclass
class _PageContext:
    """What one page's versions and actors point at, looked up in one query per table."""

    parents: set[str] = field(default_factory=set)  # refs that are stored documents or Zaken
    skipped: set[str] = field(default_factory=set)  # refs that are known not to concern us
    to_skip: list[str] = field(default_factory=list)  # Zaken and Documents skipped on this page

    @classmethod
    def prefetch(cls, db: Database, records: Sequence[FeedRecord]) -> _PageContext:
        """Look up every parent the page's versions and actors refer to."""
        context = cls()
        stored = [r for r in records if r.action == "store"]
        documents = {r.column for r in stored if r.category == "documentVersie"}
        zaken = {r.column for r in stored if r.category == "zaakActor"}
        for table, refs in (("tk_documents", documents), ("tk_zaken", zaken)):
            context.parents |= _existing(db, table, refs)
        context.skipped = _existing(db, "tk_skipped", documents | zaken)
        return context


def _existing(db: Database, table: str, guids: set[str | None]) -> set[str]:
    wanted = [g for g in guids if g]
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = rows_of(db, f"SELECT guid FROM {table} WHERE guid IN ({marks})", chunk)
        found.update(r["guid"] for r in rows)
    return found


def _save_record(
    db: Database, record: FeedRecord, now: str, result: PageResult, context: _PageContext
) -> None:
    if record.action == "skip":
        context.to_skip.append(record.guid)
        result.skipped += 1
    elif record.action == "ignore":
        result.skipped += 1
    elif record.action == "delete":
        _delete(db, record, result)
    elif record.category == "zaak":
        if _upsert(db, record.category, record.guid, record.data, record.column, result):
            result.dirty.add(record.guid)
        _adopt(db, record.guid, result)
    elif record.category == "document":
        changed = _upsert(db, "document", record.guid, record.data, record.column, result)
        db.execute("DELETE FROM tk_document_zaken WHERE document = ?", [record.guid])
        for zaak in record.zaken:
            db.execute(
                "INSERT OR IGNORE INTO tk_document_zaken (document, zaak) VALUES (?, ?)",
                [record.guid, zaak],
            )
        if changed:
            result.dirty.update(record.zaken)
        _adopt(db, record.guid, result)
    elif record.column not in context.parents:  # a version or an actor
        _orphan(db, record, now, result, context)
    else:
        _store_child(db, record.category, record.guid, record.data, record.column, result)


def _store_child(
    db: Database,
    category: str,
    guid: str,
    data: dict[str, Any],
    parent: str | None,
    result: PageResult,
) -> None:
    """A version (of a stored document) or an actor (of a stored Zaak)."""
    if _upsert(db, category, guid, data, parent, result):
        if category == "documentVersie":
            result.dirty.update(_zaken_of_document(db, parent))
        elif parent:
            result.dirty.add(parent)


def _upsert(
    db: Database,
    category: str,
    guid: str,
    data: dict[str, Any],
    value: str | None,
    result: PageResult,
) -> bool:
    """Insert or update; False (and nothing written) when the content is unchanged."""
    table, column = TABLES[category]
    digest = record_hash(data)
    existing = row_of(db, f"SELECT record_hash, deleted FROM {table} WHERE guid = ?", [guid])
    if existing and existing["record_hash"] == digest and not existing["deleted"]:
        result.unchanged += 1
        return False
    db.execute(
        f"INSERT INTO {table} (guid, deleted, data, record_hash, {column}) VALUES (?, 0, ?, ?, ?) "
        f"ON CONFLICT(guid) DO UPDATE SET deleted = 0, data = excluded.data, "
        f"record_hash = excluded.record_hash, {column} = excluded.{column}",
        [guid, json.dumps(data, sort_keys=True), digest, value],
    )
    result.stored += 1
    return True


def _known(db: Database, table: str, guid: str | None) -> bool:
    if not guid:
        return False
    return row_of(db, f"SELECT 1 FROM {table} WHERE guid = ?", [guid]) is not None


def _orphan(
    db: Database, record: FeedRecord, now: str, result: PageResult, context: _PageContext
) -> None:
    if not record.column or record.column in context.skipped:
        result.skipped += 1  # no parent, or one that is not about Kamervragen
        return
    db.execute(
        "INSERT OR REPLACE INTO tk_orphans (guid, category, ref, data, seen_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [record.guid, record.category, record.column, json.dumps(record.data, sort_keys=True), now],
    )
    result.orphaned += 1


def _adopt(db: Database, parent: str, result: PageResult) -> None:
    """Move orphans that point at `parent` (just stored) to their real tables."""
    for row in rows_of(db, "SELECT guid, category, data FROM tk_orphans WHERE ref = ?", [parent]):
        data = json.loads(row["data"])
        _store_child(db, row["category"], row["guid"], data, parent, result)
        db.execute("DELETE FROM tk_orphans WHERE guid = ?", [row["guid"]])


def _delete(db: Database, record: FeedRecord, result: PageResult) -> None:
    table = TABLES[record.category][0] if record.category in TABLES else None
    db.execute("DELETE FROM tk_orphans WHERE guid = ?", [record.guid])
    if table is None or not _known(db, table, record.guid):
        result.skipped += 1
        return
    db.execute(f"UPDATE {table} SET deleted = 1, record_hash = NULL WHERE guid = ?", [record.guid])
    result.deleted += 1
    if table == "tk_zaken":
        result.dirty.add(record.guid)
    elif table == "tk_documents":
        result.dirty.update(_zaken_of_document(db, record.guid))
    elif table == "tk_versies":
        row = row_of(db, "SELECT document FROM tk_versies WHERE guid = ?", [record.guid])
        result.dirty.update(_zaken_of_document(db, row["document"] if row else None))
    else:
        row = row_of(db, "SELECT zaak FROM tk_actors WHERE guid = ?", [record.guid])
        if row:
            result.dirty.add(row["zaak"])


def _zaken_of_document(db: Database, document: str | None) -> list[str]:
    if not document:
        return []
    rows = rows_of(db, "SELECT zaak FROM tk_document_zaken WHERE document = ?", [document])
    return [r["zaak"] for r in rows]


def prune_orphans(db: Database, now: dt.datetime) -> int:
    """Forget orphans older than ORPHAN_DAYS: their document or Zaak is not about Kamervragen."""
    cutoff = (now - dt.timedelta(days=ORPHAN_DAYS)).isoformat(timespec="seconds")
    return db.execute("DELETE FROM tk_orphans WHERE seen_at < ?", [cutoff]).rowcount


def mark_documents_dirty(db: Database, documents: Sequence[str]) -> None:
    """The Zaken of these documents must be rebuilt (their texts came in, or were given up)."""
    for document in documents:
        for zaak in _zaken_of_document(db, document):
            db.execute("INSERT OR IGNORE INTO tk_dirty (zaak) VALUES (?)", [zaak])
