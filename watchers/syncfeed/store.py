"""Keeping what the SyncFeed says about Kamervragen: entities, cursors, orphans, dirty Zaken.

One call to `save_page` is one transaction: the page's relevant entities, the Zaken whose case
must be rebuilt, and the category's cursor are committed together, so a crash never moves the
cursor past data that was not stored. Entities that do not concern Kamervragen are skipped;
versions and actors whose document or Zaak is not known yet wait as orphans (for a while) and
are adopted when it arrives, since the categories are read independently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

from sqlite_utils import Database

from kamervragen.watchers.syncfeed.entities import (
    QUESTION_ZAAK_SOORTEN,
    Deleted,
    Document,
    DocumentVersie,
    Entity,
    Other,
    Zaak,
    ZaakActor,
    document_kind,
    soort_key,
)
from kamervragen.watchers.syncfeed.feed import FeedPage

# The fields that say what an entity is (its feed position, skiptoken and updated, is not).
_FIELDS = {
    cls: tuple(f.name for f in fields(cls) if f.name not in ("skiptoken", "updated"))
    for cls in (Zaak, Document, DocumentVersie, ZaakActor, Deleted, Other)
}

ORPHAN_DAYS = 30
_TABLE_BY_CATEGORY = {
    "zaak": "tk_zaken",
    "document": "tk_documents",
    "documentVersie": "tk_versies",
    "zaakActor": "tk_actors",
}


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


def entity_data(entity: Entity) -> dict[str, Any]:
    """An entity as JSON-ready data, without its feed position."""
    data: dict[str, Any] = {}
    for name in _FIELDS[type(entity)]:
        value = getattr(entity, name)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        data[name] = value
    return data


def _content_hash(data: dict[str, Any]) -> str:
    """What an entity says, not when it was said: a re-emission hashes the same."""
    content = {k: v for k, v in data.items() if k != "bijgewerkt"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def get_cursor(db: Database, category: str) -> int | None:
    """The skiptoken to resume a category from, or None before the first read."""
    row = db.execute("SELECT skiptoken FROM feed_cursors WHERE category = ?", [category]).fetchone()
    return row[0] if row and row[0] is not None else None


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


def save_page(db: Database, category: str, page: FeedPage, now: str) -> PageResult:
    """Store a page's relevant entities and move the cursor past it, in one transaction."""
    result = PageResult(entries=len(page.entries))
    with db.atomic():
        context = _PageContext.prefetch(db, page)
        for entity in page.entries:
            _save_entity(db, entity, now, result, context)
        skipped = [(g,) for g in context.to_skip]
        db.conn.executemany("INSERT OR IGNORE INTO tk_skipped (guid) VALUES (?)", skipped)
        # Children that arrived before their (unrelated) parent are dropped now.
        db.conn.executemany("DELETE FROM tk_orphans WHERE ref = ?", skipped)
        cursor = page.last_skiptoken
        db.execute(
            "INSERT INTO feed_cursors (category, skiptoken, pages, entries, last_success) "
            "VALUES (?, ?, 1, ?, ?) ON CONFLICT(category) DO UPDATE SET "
            "skiptoken = coalesce(excluded.skiptoken, feed_cursors.skiptoken), "
            "pages = feed_cursors.pages + 1, entries = feed_cursors.entries + excluded.entries, "
            "last_success = excluded.last_success, failing_since = NULL",
            [category, cursor, len(page.entries), now],
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
    def prefetch(cls, db: Database, page: FeedPage) -> _PageContext:
        """Look up every parent the page's versions and actors refer to."""
        context = cls()
        documents = {e.document_ref for e in page.entries if isinstance(e, DocumentVersie)}
        zaken = {e.zaak_ref for e in page.entries if isinstance(e, ZaakActor)}
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
        rows = db.execute(f"SELECT guid FROM {table} WHERE guid IN ({marks})", chunk)
        found.update(r[0] for r in rows)
    return found


def _save_entity(
    db: Database, entity: Entity, now: str, result: PageResult, context: _PageContext
) -> None:
    if isinstance(entity, Zaak):
        if soort_key(entity.soort) not in QUESTION_ZAAK_SOORTEN:
            _skip(entity.guid, result, context)
            return
        if _upsert(db, "tk_zaken", entity, {"nummer": entity.nummer}, result):
            result.dirty.add(entity.guid)
        _adopt(db, entity.guid, result)
    elif isinstance(entity, Document):
        if (
            document_kind(entity.soort, entity.onderwerp) == "unknown"
            and soort_key(entity.soort) != "mededeling"
        ):
            result.skipped += 1
            return
        kind = document_kind(entity.soort, entity.onderwerp)
        changed = _upsert(db, "tk_documents", entity, {"kind": kind}, result)
        db.execute("DELETE FROM tk_document_zaken WHERE document = ?", [entity.guid])
        for zaak in entity.zaak_refs:
            db.execute(
                "INSERT OR IGNORE INTO tk_document_zaken (document, zaak) VALUES (?, ?)",
                [entity.guid, zaak],
            )
        if changed:
            result.dirty.update(entity.zaak_refs)
        _adopt(db, entity.guid, result)
    elif isinstance(entity, DocumentVersie):
        if entity.document_ref not in context.parents:
            _orphan(db, "documentVersie", entity, entity.document_ref, now, result, context)
            return
        if _upsert(db, "tk_versies", entity, {"document": entity.document_ref}, result):
            result.dirty.update(_zaken_of_document(db, entity.document_ref))
    elif isinstance(entity, ZaakActor):
        if entity.zaak_ref not in context.parents:
            _orphan(db, "zaakActor", entity, entity.zaak_ref, now, result, context)
            return
        if _upsert(db, "tk_actors", entity, {"zaak": entity.zaak_ref}, result):
            result.dirty.add(entity.zaak_ref)  # type: ignore[arg-type]
    elif isinstance(entity, Deleted):
        _delete(db, entity, result)
    elif isinstance(entity, Other) and entity.category in ("zaak", "document"):
        _skip(entity.guid, result, context)  # a Zaak or Document of another soort
    else:
        result.skipped += 1


def _skip(guid: str, result: PageResult, context: _PageContext) -> None:
    """Remember a Zaak or Document that is not about Kamervragen, so its children are dropped."""
    context.to_skip.append(guid)
    result.skipped += 1


def _upsert(
    db: Database, table: str, entity: Entity, extra: dict[str, Any], result: PageResult
) -> bool:
    """Insert or update; False (and nothing written) when the content is unchanged."""
    data = entity_data(entity)
    digest = _content_hash(data)
    row = db.execute(f"SELECT record_hash, deleted FROM {table} WHERE guid = ?", [entity.guid])
    existing = row.fetchone()
    if existing and existing[0] == digest and not existing[1]:
        result.unchanged += 1
        return False
    ((column, value),) = extra.items()
    db.execute(
        f"INSERT INTO {table} (guid, deleted, data, record_hash, {column}) VALUES (?, 0, ?, ?, ?) "
        f"ON CONFLICT(guid) DO UPDATE SET deleted = 0, data = excluded.data, "
        f"record_hash = excluded.record_hash, {column} = excluded.{column}",
        [entity.guid, json.dumps(data, sort_keys=True), digest, value],
    )
    result.stored += 1
    return True


def _known(db: Database, table: str, guid: str | None) -> bool:
    if not guid:
        return False
    return db.execute(f"SELECT 1 FROM {table} WHERE guid = ?", [guid]).fetchone() is not None


def _orphan(
    db: Database,
    category: str,
    entity: Entity,
    ref: str | None,
    now: str,
    result: PageResult,
    context: _PageContext,
) -> None:
    if not ref:
        result.skipped += 1
        return
    if ref in context.skipped:
        result.skipped += 1  # its document or Zaak is not about Kamervragen
        return
    db.execute(
        "INSERT OR REPLACE INTO tk_orphans (guid, category, ref, data, seen_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [entity.guid, category, ref, json.dumps(entity_data(entity), sort_keys=True), now],
    )
    result.orphaned += 1


def _adopt(db: Database, parent: str, result: PageResult) -> None:
    """Move orphans that point at `parent` (just stored) to their real tables."""
    rows = db.execute(
        "SELECT guid, category, data FROM tk_orphans WHERE ref = ?", [parent]
    ).fetchall()
    for guid, category, data in rows:
        entity = revive(category, json.loads(data))
        if category == "documentVersie":
            if _upsert(db, "tk_versies", entity, {"document": parent}, result):
                result.dirty.update(_zaken_of_document(db, parent))
        else:
            if _upsert(db, "tk_actors", entity, {"zaak": parent}, result):
                result.dirty.add(parent)
        db.execute("DELETE FROM tk_orphans WHERE guid = ?", [guid])


_ENTITY_BY_CATEGORY: dict[str, type] = {
    "zaak": Zaak,
    "document": Document,
    "documentVersie": DocumentVersie,
    "zaakActor": ZaakActor,
}


def revive(category: str, data: dict[str, Any]) -> Entity:
    """Rebuild an entity from its stored data (the inverse of `entity_data`)."""
    cls = _ENTITY_BY_CATEGORY[category]
    values = {}
    for name, spec in cls.__dataclass_fields__.items():
        if name in ("skiptoken", "updated", "_") or spec.kw_only:
            continue
        value = data.get(name)
        if isinstance(value, str) and "datetime" in str(spec.type) and value:
            value = dt.datetime.fromisoformat(value)
        values[name] = value
    if cls is Document and values.get("zaak_refs") is None:
        values["zaak_refs"] = []
    return cls(**values)


def _delete(db: Database, entity: Deleted, result: PageResult) -> None:
    table = _TABLE_BY_CATEGORY.get(entity.category)
    db.execute("DELETE FROM tk_orphans WHERE guid = ?", [entity.guid])
    if table is None or not _known(db, table, entity.guid):
        result.skipped += 1
        return
    db.execute(f"UPDATE {table} SET deleted = 1, record_hash = NULL WHERE guid = ?", [entity.guid])
    result.deleted += 1
    if table == "tk_zaken":
        result.dirty.add(entity.guid)
    elif table == "tk_documents":
        result.dirty.update(_zaken_of_document(db, entity.guid))
    elif table == "tk_versies":
        row = db.execute("SELECT document FROM tk_versies WHERE guid = ?", [entity.guid]).fetchone()
        result.dirty.update(_zaken_of_document(db, row[0]))
    else:
        row = db.execute("SELECT zaak FROM tk_actors WHERE guid = ?", [entity.guid]).fetchone()
        result.dirty.add(row[0])


def _zaken_of_document(db: Database, document: str | None) -> list[str]:
    if not document:
        return []
    rows = db.execute("SELECT zaak FROM tk_document_zaken WHERE document = ?", [document])
    return [r[0] for r in rows]


def prune_orphans(db: Database, now: dt.datetime) -> int:
    """Forget orphans older than ORPHAN_DAYS: their document or Zaak is not about Kamervragen."""
    cutoff = (now - dt.timedelta(days=ORPHAN_DAYS)).isoformat(timespec="seconds")
    return db.execute("DELETE FROM tk_orphans WHERE seen_at < ?", [cutoff]).rowcount


def dirty_zaken(db: Database) -> list[str]:
    """Zaken whose case must be rebuilt."""
    return [r[0] for r in db.execute("SELECT zaak FROM tk_dirty ORDER BY zaak")]
