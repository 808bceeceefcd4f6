"""The Tweede Kamer SyncFeed: parse its pages into entities, find a skiptoken by date."""

from kamervragen.watchers.syncfeed.bisect import find_skiptoken_for
from kamervragen.watchers.syncfeed.entities import (
    CATEGORIES,
    QUESTION_DOCUMENT_SOORTEN,
    QUESTION_ZAAK_SOORTEN,
    Deleted,
    Document,
    DocumentVersie,
    Entity,
    Other,
    Zaak,
    ZaakActor,
    document_kind,
    parse_timestamp,
    publication_id_for,
    soort_key,
)
from kamervragen.watchers.syncfeed.errors import BisectError, FeedError, SyncFeedError, UnsafeFeed
from kamervragen.watchers.syncfeed.feed import (
    FeedPage,
    feed_url,
    parse_feed_page,
    skiptoken_from_url,
)

__all__ = [
    "CATEGORIES",
    "QUESTION_DOCUMENT_SOORTEN",
    "QUESTION_ZAAK_SOORTEN",
    "BisectError",
    "Deleted",
    "Document",
    "DocumentVersie",
    "Entity",
    "FeedError",
    "FeedPage",
    "Other",
    "SyncFeedError",
    "UnsafeFeed",
    "Zaak",
    "ZaakActor",
    "document_kind",
    "feed_url",
    "find_skiptoken_for",
    "parse_feed_page",
    "parse_timestamp",
    "publication_id_for",
    "skiptoken_from_url",
    "soort_key",
]
