"""Turn a Zaak's SyncFeed records and fetched texts into documents of its case, and events.

For every dirty Zaak: the Zaak itself (with its actors) becomes a `zaak` document; each of its
Documents becomes the parsed text when it has been fetched, a notice for postponements and
withdrawals, or a pending text to fetch. The case is rebuilt through `storage.ingest`, and each
change becomes an event, once per (case, kind, document).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from kamervragen.core.dates import iso_date
from kamervragen.core.model import Asker, ParsedDocument, SourceIds
from kamervragen.storage.ingest import rebuild_case, remove_document, store_document
from kamervragen.storage.texts import ensure_pending, fetched_document
from kamervragen.watchers.parsers.common import capitalise, parse_vragen_header
from kamervragen.watchers.syncfeed.entities import publication_id_for
from kamervragen.watchers.syncfeed.store import revive

# The event a document of each kind gives, and whether it waits for the document's text.
EVENT_BY_KIND = {
    "question": ("question_filed", True),
    "postponement": ("postponed", False),
    "answer": ("answered", True),
    "further_answer": ("further_answer", True),
    "withdrawal": ("withdrawn", False),
}
TEXT_KINDS = ("question", "answer", "further_answer", "postponement", "withdrawal")


@dataclass
class RebuildResult:
    """What rebuilding the dirty Zaken did."""

    cases_new: set[str] = field(default_factory=set)
    cases_updated: set[str] = field(default_factory=set)
    events: Counter[str] = field(default_factory=Counter)


BATCH = 50  # Zaken rebuilt per transaction: a commit each time costs more than the rebuild


def rebuild_dirty(db: Database, now: str) -> RebuildResult:
    """Rebuild the case of every dirty Zaak; a Zaak's marker goes in the same transaction as its
    rebuild, so a crash leaves it dirty to be rebuilt again."""
    result = RebuildResult()
    dirty = [r[0] for r in db.execute("SELECT zaak FROM tk_dirty ORDER BY zaak")]
    for start in range(0, len(dirty), BATCH):
        with db.atomic():
            for zaak in dirty[start : start + BATCH]:
                _rebuild(db, zaak, now, result)
                db.execute("DELETE FROM tk_dirty WHERE zaak = ?", [zaak])
    return result


def register_texts(db: Database, now: str) -> int:
    """Mark the texts the dirty Zaken's documents need, so they can be fetched before the
    rebuild (one rebuild per Zaak and poll, with the texts in). Returns how many are pending."""
    for (zaak_guid,) in db.execute("SELECT zaak FROM tk_dirty").fetchall():
        row = db.execute(
            "SELECT json_extract(data, '$.nummer') FROM tk_zaken WHERE guid = ? AND deleted = 0",
            [zaak_guid],
        ).fetchone()
        if not row or not row[0]:
            continue
        for guid, kind, deleted, data in _documents_of(db, zaak_guid):
            if deleted or kind not in TEXT_KINDS:
                continue
            versie = _current_versie(db, guid, data.get("huidige_versie_ref"))
            ensure_pending(db, guid, _publication_id(data, versie, row[0]), now)
    return db.execute("SELECT count(*) FROM texts WHERE status = 'pending'").fetchone()[0]


def _rebuild(db: Database, zaak_guid: str, now: str, result: RebuildResult) -> None:
    row = db.execute("SELECT data, deleted FROM tk_zaken WHERE guid = ?", [zaak_guid]).fetchone()
    if row is None:
        return  # a Document pointing at a Zaak that is not about Kamervragen (or not here yet)
    zaak = json.loads(row[0])
    nummer = zaak.get("nummer")
    if not nummer:
        return
    if row[1]:
        remove_document(db, f"tk:{zaak_guid}", now=now)
        return
    before = db.execute("SELECT content_hash FROM cases WHERE case_key = ?", [nummer]).fetchone()
    stored = store_document(db, _zaak_document(db, zaak_guid, zaak), now=now, rebuild=False)
    changed = stored.document_changed or stored.case_created
    for doc_row in _documents_of(db, zaak_guid):
        changed = _store_tk_document(db, doc_row, nummer, now) or changed
    if changed or before is None:
        rebuild_case(db, nummer, now)  # once, with every document of the Zaak in place
    after = db.execute(
        "SELECT content_hash, title FROM cases WHERE case_key = ?", [nummer]
    ).fetchone()
    if after is None:
        return
    title = after[1]
    new_events = _record_events(db, nummer, zaak_guid, title, now)
    if before is None:
        result.cases_new.add(nummer)
    elif after and before[0] != after[0]:
        result.cases_updated.add(nummer)
        if (
            not new_events
            and _has_events(db, nummer)
            and _insert_event(db, nummer, "updated", after[0], now, {"title": title})
        ):
            new_events.append("updated")
    result.events.update(new_events)


def _zaak_document(db: Database, guid: str, zaak: dict[str, Any]) -> ParsedDocument:
    """The Zaak's own registration as a document: number, subject, actors, dates."""
    onderwerp = zaak.get("onderwerp") or zaak.get("titel") or ""
    header = parse_vragen_header(onderwerp, onderwerp=True) if onderwerp else None
    askers: list[Asker] = []
    addressees: list[str] = []
    for data, deleted in db.execute(
        "SELECT data, deleted FROM tk_actors WHERE zaak = ? ORDER BY guid", [guid]
    ):
        if deleted:
            continue
        actor = json.loads(data)
        relatie = (actor.get("relatie") or "").strip().lower()
        name = (actor.get("actor_naam") or "").strip()
        if relatie in ("indiener", "medeindiener") and name:
            askers.append(Asker(name, actor.get("actor_fractie") or None))
        elif relatie == "gericht aan" and (actor.get("functie") or name):
            addressees.append(capitalise((actor.get("functie") or name).strip()))
    askers.sort(key=lambda a: 0 if a in askers[:1] else 1)
    if header and not askers:
        askers = header.askers
    if header and not addressees:
        addressees = header.addressees
    title = header.subject if header and header.subject else (onderwerp or None)
    return ParsedDocument(
        kind="zaak",
        format="syncfeed",
        zaaknummer=zaak["nummer"],
        title=title,
        askers=askers,
        addressees=addressees,
        submitted=iso_date(zaak.get("gestart_op")),
        deadline=iso_date(zaak.get("termijn")),
        ids=SourceIds(tk_guid=guid),
        content_hash=_hash(zaak, askers, addressees),
    )


def _hash(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _documents_of(db: Database, zaak_guid: str) -> list[tuple[str, str, int, dict[str, Any]]]:
    rows = db.execute(
        "SELECT d.guid, d.kind, d.deleted, d.data FROM tk_documents d "
        "JOIN tk_document_zaken z ON z.document = d.guid WHERE z.zaak = ? ORDER BY d.guid",
        [zaak_guid],
    ).fetchall()
    return [(g, k, deleted, json.loads(data)) for g, k, deleted, data in rows]


def _store_tk_document(
    db: Database, row: tuple[str, str, int, dict[str, Any]], nummer: str, now: str
) -> bool:
    """Store one Document of the Zaak (without merging the case); True when it changed."""
    guid, kind, deleted, data = row
    doc_id = f"tk:{guid}"
    if deleted or kind not in TEXT_KINDS:
        return remove_document(db, doc_id, now=now)
    versie = _current_versie(db, guid, data.get("huidige_versie_ref"))
    publication_id = _publication_id(data, versie, nummer)
    ids = SourceIds(
        tk_guid=guid, document_number=data.get("document_nummer"), publication_id=publication_id
    )
    parsed = fetched_document(db, guid)
    if parsed is None:
        ensure_pending(db, guid, publication_id, now)
        if kind not in ("postponement", "withdrawal"):
            return False  # questions and answers wait for their text
        parsed = ParsedDocument(kind=kind, format="syncfeed", title=data.get("onderwerp"))
        parsed.content_hash = _hash(data)
    else:
        ensure_pending(db, guid, publication_id, now)  # notes a changed publication id
    parsed.kind = kind  # the Tweede Kamer's soort decides what the document is
    parsed.zaaknummer = nummer
    parsed.ids = SourceIds(ids.tk_guid, ids.document_number, ids.publication_id, parsed.ids.source)
    result = store_document(db, parsed, now=now, rebuild=False)
    return result.document_changed


def _current_versie(db: Database, document: str, ref: str | None) -> dict[str, Any] | None:
    if ref:
        row = db.execute(
            "SELECT data FROM tk_versies WHERE guid = ? AND deleted = 0", [ref]
        ).fetchone()
        if row:
            return json.loads(row[0])
    row = db.execute(
        "SELECT data FROM tk_versies WHERE document = ? AND deleted = 0 "
        "ORDER BY json_extract(data, '$.versienummer') DESC LIMIT 1",
        [document],
    ).fetchone()
    return json.loads(row[0]) if row else None


def _publication_id(data: dict[str, Any], versie: dict[str, Any] | None, nummer: str) -> str | None:
    document = revive("document", data)
    version = revive("documentVersie", versie) if versie else None
    return publication_id_for(document, version, zaak_nummer=nummer)  # type: ignore[arg-type]


def _record_events(
    db: Database, nummer: str, zaak_guid: str, title: str | None, now: str
) -> list[str]:
    recorded: list[str] = []
    for guid, kind, deleted, data in _documents_of(db, zaak_guid):
        if deleted or kind not in EVENT_BY_KIND:
            continue
        event, needs_text = EVENT_BY_KIND[kind]
        if needs_text and not _text_settled(db, guid):
            continue
        detail = {
            "document_number": data.get("document_nummer"),
            "title": title,
        }
        if _insert_event(db, nummer, event, guid, now, detail):
            recorded.append(event)
    return recorded


def _text_settled(db: Database, guid: str) -> bool:
    row = db.execute("SELECT status FROM texts WHERE document = ?", [guid]).fetchone()
    return bool(row) and row[0] in ("fetched", "gave_up")


def _insert_event(
    db: Database, case_key: str, kind: str, document: str, now: str, detail: dict[str, Any]
) -> bool:
    cursor = db.execute(
        "INSERT OR IGNORE INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [case_key, case_key, kind, document, now, json.dumps(detail, ensure_ascii=False)],
    )
    return cursor.rowcount > 0


def _has_events(db: Database, case_key: str) -> bool:
    return db.execute("SELECT 1 FROM events WHERE case_key = ?", [case_key]).fetchone() is not None
