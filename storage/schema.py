"""The database schema, as append-only migrations (never edit one that has shipped)."""

from __future__ import annotations

from typing import cast

from sqlite_utils import Database, Migrations

migrations = Migrations("kamervragen")


@migrations()
def m001_cases_and_documents(db: Database) -> None:
    """Cases, the documents they came from, their questions, answers and actors; FTS."""
    db.table("documents").create(
        {
            "doc_id": str,
            "case_key": str,
            "kind": str,
            "format": str,
            "zaaknummer": str,
            "tk_guid": str,
            "document_number": str,
            "publication_id": str,
            "source": str,
            "content_hash": str,
            "submitted": str,
            "match_title": str,
            "match_askers": str,
            "parsed": str,
            "first_seen": str,
            "last_changed": str,
        },
        pk="doc_id",
    )
    for column in ("case_key", "zaaknummer", "tk_guid", "document_number", "publication_id"):
        db.table("documents").create_index([column])
    db.table("documents").create_index(["submitted"])
    db.table("cases").create(
        {
            "case_key": str,
            "zaaknummer": str,
            "title": str,
            "status": str,
            "submitted": str,
            "answered": str,
            "deadline": str,
            "answered_by": str,
            "data": str,
            "content_hash": str,
            "first_seen": str,
            "last_changed": str,
        },
        pk="case_key",
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_cases_zaaknummer ON cases(zaaknummer) WHERE zaaknummer IS NOT NULL"
    )
    db.table("cases").create_index(["submitted"])
    db.table("cases").create_index(["last_changed"])
    db.table("questions").create(
        {"case_key": str, "number": int, "text": str}, pk=("case_key", "number")
    )
    db.table("answers").create(
        {"case_key": str, "first_number": int, "numbers": str, "text": str},
        pk=("case_key", "first_number"),
    )
    db.table("actors").create(
        {"case_key": str, "role": str, "position": int, "name": str, "party": str},
        pk=("case_key", "role", "position"),
    )
    db.table("actors").create_index(["name"])
    db.table("case_related").create(
        {"case_key": str, "zaaknummer": str}, pk=("case_key", "zaaknummer")
    )
    db.table("case_text").create(
        {"case_key": str, "title": str, "questions": str, "answers": str}, pk="case_key"
    )
    db.table("case_text").enable_fts(
        ["title", "questions", "answers"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


@migrations()
def m002_chats_subscriptions_follows(db: Database) -> None:
    """Chats with their settings, their saved queries and the cases they follow."""
    db.table("chats").create(
        {
            "chat_id": int,
            "type": str,
            "title": str,
            "language": str,
            "mode": str,
            "digest_hour": int,
            "paused": int,
            "active": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
        defaults={"mode": "instant", "digest_hour": 8, "paused": 0, "active": 1},
        not_null={"mode", "digest_hour", "paused", "active"},
    )
    db.table("subscriptions").create(
        {
            "id": int,
            "chat_id": int,
            "thread_id": int,
            "query": str,
            "created_at": str,
            "active": int,
        },
        pk="id",
        defaults={"active": 1},
        not_null={"chat_id", "query", "created_at", "active"},
    )
    db.table("subscriptions").create_index(["chat_id", "query"], unique=True)
    db.table("follows").create(
        {"chat_id": int, "zaaknummer": str, "thread_id": int, "created_at": str},
        pk=("chat_id", "zaaknummer"),
    )
    db.table("follows").create_index(["zaaknummer"])


@migrations()
def m003_syncfeed_texts_events(db: Database) -> None:
    """SyncFeed entities that concern Kamervragen, cursors, pending texts, and events."""
    db.table("feed_cursors").create(
        {
            "category": str,
            "skiptoken": int,
            "pages": int,
            "entries": int,
            "last_success": str,
            "last_error": str,
            "last_error_at": str,
            "failing_since": str,
        },
        pk="category",
        defaults={"pages": 0, "entries": 0},
    )
    db.table("tk_zaken").create(
        {"guid": str, "nummer": str, "deleted": int, "data": str, "record_hash": str},
        pk="guid",
        defaults={"deleted": 0},
    )
    db.table("tk_zaken").create_index(["nummer"])
    db.table("tk_documents").create(
        {"guid": str, "kind": str, "deleted": int, "data": str, "record_hash": str},
        pk="guid",
        defaults={"deleted": 0},
    )
    db.table("tk_document_zaken").create({"document": str, "zaak": str}, pk=("document", "zaak"))
    db.table("tk_document_zaken").create_index(["zaak"])
    db.table("tk_versies").create(
        {"guid": str, "document": str, "deleted": int, "data": str, "record_hash": str},
        pk="guid",
        defaults={"deleted": 0},
    )
    db.table("tk_versies").create_index(["document"])
    db.table("tk_actors").create(
        {"guid": str, "zaak": str, "deleted": int, "data": str, "record_hash": str},
        pk="guid",
        defaults={"deleted": 0},
    )
    db.table("tk_actors").create_index(["zaak"])
    # Versions and actors whose document or Zaak has not been seen (yet): adopted when it comes.
    db.table("tk_orphans").create(
        {"guid": str, "category": str, "ref": str, "data": str, "seen_at": str}, pk="guid"
    )
    db.table("tk_orphans").create_index(["ref"])
    # Zaken and Documents that are not about Kamervragen: their versions and actors are dropped.
    db.table("tk_skipped").create({"guid": str}, pk="guid")
    # Zaken whose case must be rebuilt; written with the page, cleared with the rebuild.
    db.table("tk_dirty").create({"zaak": str}, pk="zaak")
    db.table("texts").create(
        {
            "document": str,
            "publication_id": str,
            "status": str,  # pending, fetched, gave_up
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "source": str,
            "content_hash": str,
            "parsed": str,
            "first_seen": str,
            "fetched_at": str,
        },
        pk="document",
        defaults={"attempts": 0},
    )
    db.table("texts").create_index(["status", "next_attempt_at"])
    db.table("events").create(
        {
            "id": int,
            "case_key": str,
            "zaaknummer": str,
            "kind": str,
            "document": str,
            "created_at": str,
            "detail": str,
        },
        pk="id",
    )
    db.table("events").create_index(["case_key", "kind", "document"], unique=True)
    db.table("events").create_index(["created_at"])
    db.table("source_status").create(
        {
            "source": str,
            "last_success": str,
            "last_error": str,
            "last_error_at": str,
            "failing_since": str,
        },
        pk="source",
    )


@migrations()
def m004_outbox(db: Database) -> None:
    """The outbox of deliveries, the fan-out cursor, chat failures and languages, digests and
    operator alerts."""
    db.table("deliveries").create(
        {
            "id": int,
            "chat_id": int,
            "thread_id": int,
            "event_id": int,  # None for digests and operator messages
            "case_key": str,
            "kind": str,  # an event kind, "digest" or "operator"
            "matched": str,  # JSON [[subscription id, query], ...]
            "payload": str,  # JSON: an operator message's string key and arguments
            "status": str,  # pending, sent, failed, digest (held), bundled, dropped
            "parts_sent": int,
            "plain_from": int,  # the first part re-rendered as plain text (None: all HTML)
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "digest_id": int,  # the digest delivery that carries this one
            "created_at": str,
            "finished_at": str,  # when it was sent, failed, bundled or dropped
        },
        pk="id",
        defaults={"status": "pending", "parts_sent": 0, "attempts": 0},
        not_null={"chat_id", "kind", "status", "parts_sent", "attempts", "created_at"},
    )
    db.table("deliveries").create_index(["chat_id", "event_id"], unique=True)
    db.table("deliveries").create_index(["status", "chat_id", "id"])
    db.table("deliveries").create_index(["status", "finished_at"])
    db.table("deliveries").create_index(["digest_id"])
    # Events with an id up to `value` have been fanned out; a database that already holds
    # events starts after them (no alerts for what was recorded before alerts existed).
    db.table("outbox_state").create({"name": str, "value": int}, pk="name")
    last = db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    db.table("outbox_state").insert({"name": "fanout_event_id", "value": last})
    db.table("chat_failures").create({"id": int, "chat_id": int, "at": str, "error": str}, pk="id")
    db.table("chat_failures").create_index(["chat_id", "at"])
    # The Telegram language of the last person who wrote in a chat (for chats on "auto").
    db.table("chat_locales").create(
        {"chat_id": int, "language_code": str, "updated_at": str}, pk="chat_id"
    )
    db.table("digests").create({"chat_id": int, "last_on": str}, pk="chat_id")
    db.table("operator_alerts").create(
        {"source": str, "failing_since": str, "alerted_at": str}, pk="source"
    )


@migrations()
def m005_delivery_claims(db: Database) -> None:
    """Who is sending a delivery, and until when: two dispatchers never send one part twice."""
    db.table("deliveries").add_column("claimed_by", str)
    db.table("deliveries").add_column("claimed_until", str)


@migrations()
def m006_case_match(db: Database) -> None:
    """The matching index (`storage.case_index`): what filters read of each case, its text as
    the engine reads it, and a trigram index that narrows a query's candidates; every stored
    case is indexed."""
    from kamervragen.storage.case_index import rebuild  # it reads cases as they are now
    from kamervragen.storage.db import Database as Transactions  # it imports this module

    db.execute(
        "CREATE TABLE case_match (id INTEGER PRIMARY KEY, case_key TEXT NOT NULL UNIQUE, "
        "submitted TEXT, status TEXT, deadline TEXT, parties TEXT NOT NULL, "
        "members TEXT NOT NULL, addressees TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX idx_case_match_newest ON case_match (submitted DESC, case_key DESC)")
    db.execute(
        "CREATE TABLE case_match_text (id INTEGER PRIMARY KEY, fine TEXT NOT NULL, "
        "compact TEXT, layout BLOB NOT NULL)"
    )
    db.execute(
        "CREATE VIRTUAL TABLE case_grams USING fts5(text, content='', "
        "tokenize='trigram case_sensitive 1', detail=full)"
    )
    rebuild(cast(Transactions, db))  # open_db's Database runs every migration


@migrations()
def m007_deadlines_and_statistics(db: Database) -> None:
    """Deadlines and statistics: each case's first deadline, postponement and ministry (every
    stored case is merged again, so its deadline follows the new rule); per chat, deadline
    alerts for subscriptions, the weekly overview and text-only statistics (all off); and the
    weekly overviews made."""
    from kamervragen.storage.db import Database as Transactions  # it imports this module
    from kamervragen.storage.ingest import rebuild_case  # it imports this module's users

    cases = db.table("cases")
    cases.add_column("first_deadline", str)
    cases.add_column("postponed", int, not_null_default=0)
    cases.add_column("ministry", str)
    cases.create_index(["status", "deadline"])
    cases.create_index(["ministry"])
    chats = db.table("chats")
    for column in ("deadline_alerts", "weekly", "stats_text"):
        chats.add_column(column, int, not_null_default=0)
    db.table("weekly_overviews").create(
        {"chat_id": int, "week": str, "delivery_id": int}, pk=("chat_id", "week")
    )
    rows = db.execute(
        "SELECT case_key, last_changed FROM cases WHERE case_key IN "
        "(SELECT case_key FROM documents) ORDER BY case_key"
    ).fetchall()
    for key, last_changed in rows:
        # open_db's Database runs every migration; rebuild_case wants its type
        rebuild_case(cast(Transactions, db), key, last_changed)  # an unchanged case keeps its row
    db.execute(  # a case without stored documents keeps its deadline as its first one
        "UPDATE cases SET first_deadline = deadline WHERE first_deadline IS NULL"
    )


# Events that happen once per case, whichever source saw them first.
ONCE_PER_CASE = ("question_filed", "answered", "withdrawn")


@migrations()
def m009_second_source(db: Database) -> None:
    """officielebekendmakingen as a second source: its cursor and the publications it listed,
    and `events.once_key`, unique, so an event both sources see is recorded once."""
    db.table("events").add_column("once_key", str)
    db.execute("CREATE UNIQUE INDEX idx_events_once_key ON events(once_key)")
    # Events recorded before: the first of each once-per-case kind holds its case's key.
    kinds = ", ".join(f"'{kind}'" for kind in ONCE_PER_CASE)
    db.execute(
        "UPDATE events SET once_key = case_key || '|' || kind WHERE id IN "
        f"(SELECT min(id) FROM events WHERE kind IN ({kinds}) GROUP BY case_key, kind)"
    )
    db.table("ob_cursor").create(
        {
            "name": str,
            "since": str,  # the modification date the next search starts at (inclusive)
            "searches": int,
            "listed": int,
            "failures": int,  # consecutive failed searches
            "next_attempt_at": str,  # no search before this (backoff after failures)
        },
        pk="name",
        defaults={"searches": 0, "listed": 0, "failures": 0},
    )
    db.table("ob_publications").create(
        {
            "publication_id": str,
            "modified": str,
            "zaaknummer": str,  # the vraagnummer the listing gave, if any
            "status": str,  # pending (to fetch), stored (waiting for its case), done, gave_up
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "kind": str,  # what the publication is to its case, once parsed
            "case_key": str,
            "listed_by": str,  # sru or rss
            "first_seen": str,
            "done_at": str,
        },
        pk="publication_id",
        defaults={"attempts": 0},
    )
    db.table("ob_publications").create_index(["status", "next_attempt_at"])
