"""Events once across sources: `once_key`, enforced by a unique index, and migration m009."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from kamervragen.storage import events
from kamervragen.storage.db import open_db
from kamervragen.storage.schema import migrations

NOW = "2025-02-11T10:00:00+00:00"


def _kinds(db: Database) -> list[tuple[str, str]]:
    return db.execute("SELECT kind, document FROM events ORDER BY id").fetchall()


def test_answered_and_filed_are_once_per_case_whatever_the_document() -> None:
    """The SyncFeed's GUID and officielebekendmakingen's publication name one answer: the
    second is ignored; another case is not affected."""
    db = open_db(memory=True)
    assert events.record_event(db, "2024Z21590", "answered", "tk:guid", NOW, {})
    assert not events.record_event(db, "2024Z21590", "answered", "pub:ah-tk-1#xml", NOW, {})
    assert events.record_event(db, "2024Z21590", "question_filed", "pub:kv-tk#xml", NOW, {})
    assert not events.record_event(db, "2024Z21590", "question_filed", "guid-q", NOW, {})
    assert events.record_event(db, "2024Z99999", "answered", "pub:ah-tk-1#xml", NOW, {})
    assert _kinds(db) == [
        ("answered", "tk:guid"),
        ("question_filed", "pub:kv-tk#xml"),
        ("answered", "pub:ah-tk-1#xml"),
    ]


def test_postponements_and_further_answers_are_once_per_publication() -> None:
    """Two further answers of one case are two events; the same publication from the other
    source is none; without a publication id only the document rule applies."""
    db = open_db(memory=True)
    record = events.record_event
    assert record(db, "Z", "further_answer", "g1", NOW, {}, publication_id="ah-tk-20242025-7")
    assert not record(db, "Z", "further_answer", "pub", NOW, {}, publication_id="AH-TK-20242025-7")
    assert record(db, "Z", "further_answer", "g2", NOW, {}, publication_id="ah-tk-20242025-8")
    assert record(db, "Z", "postponed", "g3", NOW, {})
    assert record(db, "Z", "postponed", "g4", NOW, {})
    assert not record(db, "Z", "postponed", "g4", NOW, {})
    assert events.once_key("Z", "updated", "ah-tk-1") is None
    assert len(_kinds(db)) == 4


def test_m009_keys_the_first_event_of_each_case_and_keeps_the_rest(tmp_path: Path) -> None:
    """A database from before m009 with two `answered` events of one case (two documents):
    the migration adds the column, keys the first, and a third source's answer is ignored."""
    path = tmp_path / "old.db"
    old = Database(str(path))
    migrations.apply(old, stop_before="m009_second_source")
    for document in ("guid-1", "guid-2"):
        old.execute(
            "INSERT INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
            "VALUES ('Z', 'Z', 'answered', ?, ?, '{}')",
            [document, NOW],
        )
    old.conn.commit()
    old.close()
    db = open_db(path)
    keys = db.execute("SELECT document, once_key FROM events ORDER BY id").fetchall()
    assert keys == [("guid-1", "Z|answered"), ("guid-2", None)]
    assert not events.record_event(db, "Z", "answered", "pub:ah-tk-1#xml", NOW, {})
    assert {"ob_cursor", "ob_publications"} <= set(db.table_names())
