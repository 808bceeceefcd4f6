"""Reading the stored SyncFeed records of one Zaak back, for rebuilding its case: the Zaak, its
actors, its documents with their current versions, and which Zaken are dirty."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kamervragen.storage.db import Database, row_of, rows_of


@dataclass(frozen=True)
class StoredRecord:
    """A stored SyncFeed record: what it says, and whether the source deleted it."""

    guid: str
    data: dict[str, Any]
    deleted: bool
    kind: str | None = None  # a Document's kind


def dirty_zaken(db: Database) -> list[str]:
    """Zaken whose case must be rebuilt."""
    return [r["zaak"] for r in rows_of(db, "SELECT zaak FROM tk_dirty ORDER BY zaak")]


def clear_dirty(db: Database, zaak: str) -> None:
    """The Zaak's case was rebuilt."""
    db.execute("DELETE FROM tk_dirty WHERE zaak = ?", [zaak])


def zaak(db: Database, guid: str) -> StoredRecord | None:
    """A stored Zaak (deleted ones too)."""
    row = row_of(db, "SELECT data, deleted FROM tk_zaken WHERE guid = ?", [guid])
    return StoredRecord(guid, json.loads(row["data"]), bool(row["deleted"])) if row else None


def zaak_nummer(db: Database, guid: str) -> str | None:
    """The nummer of a stored Zaak the source did not delete."""
    row = row_of(
        db,
        "SELECT json_extract(data, '$.nummer') AS nummer FROM tk_zaken "
        "WHERE guid = ? AND deleted = 0",
        [guid],
    )
    return row["nummer"] if row else None


def actors_of(db: Database, zaak_guid: str) -> list[dict[str, Any]]:
    """The Zaak's actors the source did not delete, in GUID order."""
    rows = rows_of(
        db, "SELECT data, deleted FROM tk_actors WHERE zaak = ? ORDER BY guid", [zaak_guid]
    )
    return [json.loads(r["data"]) for r in rows if not r["deleted"]]


def documents_of(db: Database, zaak_guid: str) -> list[StoredRecord]:
    """The Zaak's Documents (deleted ones too), in GUID order."""
    rows = rows_of(
        db,
        "SELECT d.guid, d.kind, d.deleted, d.data FROM tk_documents d "
        "JOIN tk_document_zaken z ON z.document = d.guid WHERE z.zaak = ? ORDER BY d.guid",
        [zaak_guid],
    )
    return [
        StoredRecord(r["guid"], json.loads(r["data"]), bool(r["deleted"]), r["kind"]) for r in rows
    ]


def current_versie(db: Database, document: str, ref: str | None) -> dict[str, Any] | None:
    """A Document's current version: the one it names, else its highest version number."""
    if ref:
        row = row_of(db, "SELECT data FROM tk_versies WHERE guid = ? AND deleted = 0", [ref])
        if row:
            return dict(json.loads(row["data"]))
    row = row_of(
        db,
        "SELECT data FROM tk_versies WHERE document = ? AND deleted = 0 "
        "ORDER BY json_extract(data, '$.versienummer') DESC LIMIT 1",
        [document],
    )
    return dict(json.loads(row["data"])) if row else None
