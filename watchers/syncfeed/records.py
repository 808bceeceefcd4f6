"""What each SyncFeed entity is to us, as the record storage keeps: pure, no I/O.

A Zaak of another soort, or a Document of no kind we read, is skipped (its children are
dropped when they come); a version or an actor is kept with the Document or Zaak it points at.
"""

from __future__ import annotations

from kamervragen.storage.codec import to_data
from kamervragen.storage.syncfeed import FeedRecord
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

_FEED_POSITION = ("skiptoken", "updated")  # where an entity was in the feed, not what it says


def entity_data(entity: Entity) -> dict[str, object]:
    """What an entity says, JSON-ready, without its feed position."""
    data: dict[str, object] = to_data(entity)
    return {k: v for k, v in data.items() if k not in _FEED_POSITION}


def feed_record(entity: Entity) -> FeedRecord:
    """The record to store for one entity of a feed page."""
    if isinstance(entity, Zaak):
        if soort_key(entity.soort) not in QUESTION_ZAAK_SOORTEN:
            return FeedRecord("zaak", entity.guid, "skip")
        return FeedRecord("zaak", entity.guid, data=entity_data(entity), column=entity.nummer)
    if isinstance(entity, Document):
        kind = document_kind(entity.soort, entity.onderwerp)
        if kind == "unknown" and soort_key(entity.soort) != "mededeling":
            return FeedRecord("document", entity.guid, "ignore")
        data = entity_data(entity)
        return FeedRecord(
            "document", entity.guid, data=data, column=kind, zaken=tuple(entity.zaak_refs)
        )
    if isinstance(entity, DocumentVersie):
        data = entity_data(entity)
        return FeedRecord("documentVersie", entity.guid, data=data, column=entity.document_ref)
    if isinstance(entity, ZaakActor):
        return FeedRecord(
            "zaakActor", entity.guid, data=entity_data(entity), column=entity.zaak_ref
        )
    if isinstance(entity, Deleted):
        return FeedRecord(entity.category, entity.guid, "delete")
    if isinstance(entity, Other) and entity.category in ("zaak", "document"):
        return FeedRecord(
            entity.category, entity.guid, "skip"
        )  # a Zaak or Document of another soort
    return FeedRecord(entity.category, entity.guid, "ignore")
