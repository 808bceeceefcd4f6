"""Turn a Zaak's SyncFeed records and fetched texts into documents of its case, and events.

For every dirty Zaak: the Zaak itself (with its actors) becomes a `zaak` document; each of its
Documents becomes the parsed text when it has been fetched, a notice for postponements and
withdrawals, or a pending text to fetch. The case is rebuilt through `storage.ingest`, and each
change becomes an event, once per (case, kind, document), and once across sources (a change
officielebekendmakingen brought first is not recorded again; see `storage.events`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kamervragen.core.dates import iso_date
from kamervragen.core.model import Asker, ParsedDocument, SourceIds
from kamervragen.storage import cases, events, texts, zaken
from kamervragen.storage.db import Database
from kamervragen.storage.ingest import rebuild_case, remove_document, store_document
from kamervragen.storage.zaken import StoredRecord
from kamervragen.watchers.parsers.common import capitalise
from kamervragen.watchers.parsers.sentences import parse_vragen_header
from kamervragen.watchers.syncfeed.entities import publication_id_of

# The event a document of each kind gives, and whether it waits for the document's text.
EVENT_BY_KIND = {
    "question": ("question_filed", True),
    "postponement": ("postponed", False),
    "answer": ("answered", True),
    "answered_by_letter": ("answered", False),  # settled by a letter: an answer to followers
    "further_answer": ("further_answer", True),
    "withdrawal": ("withdrawn", False),
}
# Kinds known without their text; a plain "notice" is what its text says it is.
NOTICE_KINDS = ("postponement", "withdrawal", "answered_by_letter")
TEXT_KINDS = ("question", "answer", "further_answer", *NOTICE_KINDS, "notice")


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
    dirty = zaken.dirty_zaken(db)
    for start in range(0, len(dirty), BATCH):
        with db.atomic():
            for zaak in dirty[start : start + BATCH]:
                _rebuild(db, zaak, now, result)
                zaken.clear_dirty(db, zaak)
    return result


def register_texts(db: Database, now: str) -> int:
    """Mark the texts the dirty Zaken's documents need, so they can be fetched before the
    rebuild (one rebuild per Zaak and poll, with the texts in). Returns how many are pending."""
    with db.atomic():
        for zaak_guid in zaken.dirty_zaken(db):
            nummer = zaken.zaak_nummer(db, zaak_guid)
            if not nummer:
                continue
            for document in zaken.documents_of(db, zaak_guid):
                if document.deleted or document.kind not in TEXT_KINDS:
                    continue
                publication_id = _publication_id(db, document, nummer)
                texts.ensure_pending(db, document.guid, publication_id, now)
    return texts.pending_count(db)


def _rebuild(db: Database, zaak_guid: str, now: str, result: RebuildResult) -> None:
    stored_zaak = zaken.zaak(db, zaak_guid)
    if stored_zaak is None:
        return  # a Document pointing at a Zaak that is not about Kamervragen (or not here yet)
    zaak = stored_zaak.data
    nummer = zaak.get("nummer")
    if not nummer:
        return
    if stored_zaak.deleted:
        remove_document(db, f"tk:{zaak_guid}", now=now)
        return
    before = cases.case_state(db, nummer)
    seen_before = cases.reader_hash(db, nummer) if before is not None else None
    stored = store_document(db, _zaak_document(db, zaak_guid, zaak), now=now, rebuild=False)
    changed = stored.document_changed or stored.case_created
    for document in zaken.documents_of(db, zaak_guid):
        changed = _store_tk_document(db, document, nummer, now) or changed
    if changed or before is None:
        rebuild_case(db, nummer, now)  # once, with every document of the Zaak in place
    after = cases.case_state(db, nummer)
    if after is None:
        return
    new_events = _record_events(db, nummer, zaak_guid, after.title, now)
    if before is None:
        result.cases_new.add(nummer)
    elif before.content_hash != after.content_hash:
        result.cases_updated.add(nummer)
        if (
            not new_events
            and cases.reader_hash(db, nummer) != seen_before  # not only another document
            and events.has_events(db, nummer)
            and events.record_event(
                db, nummer, "updated", after.content_hash, now, {"title": after.title}
            )
        ):
            new_events.append("updated")
    result.events.update(new_events)


def _zaak_document(db: Database, guid: str, zaak: dict[str, Any]) -> ParsedDocument:
    """The Zaak's own registration as a document: number, subject, actors, dates."""
    onderwerp = zaak.get("onderwerp") or zaak.get("titel") or ""
    header = parse_vragen_header(onderwerp, onderwerp=True) if onderwerp else None
    askers: list[Asker] = []
    addressees: list[str] = []
    for actor in zaken.actors_of(db, guid):
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


def _store_tk_document(db: Database, document: StoredRecord, nummer: str, now: str) -> bool:
    """Store one Document of the Zaak (without merging the case); True when it changed."""
    guid, kind, data = document.guid, document.kind or "unknown", document.data
    doc_id = f"tk:{guid}"
    if document.deleted or kind not in TEXT_KINDS:
        return remove_document(db, doc_id, now=now)
    publication_id = _publication_id(db, document, nummer)
    ids = SourceIds(
        tk_guid=guid, document_number=data.get("document_nummer"), publication_id=publication_id
    )
    parsed = texts.fetched_document(db, guid)
    if parsed is None:
        texts.ensure_pending(db, guid, publication_id, now)
        if kind not in NOTICE_KINDS:
            return False  # questions, answers and plain notices wait for their text
        parsed = ParsedDocument(kind=kind, format="syncfeed", title=data.get("onderwerp"))
        parsed.content_hash = _hash(data)
    if parsed.received is None:  # the notice's date counts for its new deadline
        parsed.received = iso_date(data.get("datum_ontvangst") or data.get("datum"))
    else:
        texts.ensure_pending(db, guid, publication_id, now)  # notes a changed publication id
    # The Tweede Kamer's soort decides what the document is; a plain notice, its text.
    parsed.kind = _text_kind(parsed) if kind == "notice" else kind
    parsed.zaaknummer = nummer
    parsed.ids = SourceIds(ids.tk_guid, ids.document_number, ids.publication_id, parsed.ids.source)
    result = store_document(db, parsed, now=now, rebuild=False)
    return result.document_changed


def _publication_id(db: Database, document: StoredRecord, nummer: str) -> str | None:
    """The official-publication id of a stored Document (its current version's, if any)."""
    data = document.data
    versie = zaken.current_versie(db, document.guid, data.get("huidige_versie_ref"))
    return publication_id_of(
        soort=data.get("soort"),
        onderwerp=data.get("onderwerp"),
        vergaderjaar=data.get("vergaderjaar"),
        aanhangselnummer=data.get("aanhangselnummer"),
        externe_identifier=versie.get("externe_identifier") if versie else None,
        zaak_nummer=nummer,
    )


def _record_events(
    db: Database, nummer: str, zaak_guid: str, title: str | None, now: str
) -> list[str]:
    recorded: list[str] = []
    for document in zaken.documents_of(db, zaak_guid):
        kind = document.kind or "unknown"
        if kind == "notice":  # a plain notice is what its fetched text says
            parsed = texts.fetched_document(db, document.guid)
            kind = _text_kind(parsed) if parsed else kind
        if document.deleted or kind not in EVENT_BY_KIND:
            continue
        event, needs_text = EVENT_BY_KIND[kind]
        if needs_text and not texts.is_settled(db, document.guid):
            continue
        detail = {"document_number": document.data.get("document_nummer"), "title": title}
        publication_id = _publication_id(db, document, nummer)
        if events.record_event(
            db, nummer, event, document.guid, now, detail, publication_id=publication_id
        ):
            recorded.append(event)
    return recorded


def _text_kind(parsed: ParsedDocument) -> str:
    """What a plain notice is by its text: a notice kind, else "unknown"."""
    return parsed.kind if parsed.kind in NOTICE_KINDS else "unknown"
