"""Storing documents: merging into one case, idempotence, linking, search."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlite_utils import Database

from kamervragen.core.model import ParsedDocument, SourceIds
from kamervragen.storage import cases
from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.parsers.text import parse_text
from tests.conftest import ANSWER_SEED, DATA, QUESTION_SEED

EXPECTED = json.loads((DATA / "expected_2019Z15244.json").read_text(encoding="utf-8"))


def _dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, to compare whole databases."""
    return {
        table: sorted(db.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
        for table in db.table_names()
        if not table.startswith("case_text_fts")
    }


def _seed(path) -> ParsedDocument:  # type: ignore[no-untyped-def]
    return parse_text(path.read_text(encoding="utf-8"), source=path.name)


@pytest.mark.parametrize("order", [(ANSWER_SEED, QUESTION_SEED), (QUESTION_SEED, ANSWER_SEED)])
def test_seeds_make_one_case_in_either_order(order) -> None:  # type: ignore[no-untyped-def]
    """The answer document and the question page become case 2019Z15244, in either order."""
    db = open_db(memory=True)
    for path in order:
        store_document(db, _seed(path), now="2026-11-22T00:00:00+00:00")
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    key = cases.find_case_key(db, "2019Z15244")
    assert key == "2019Z15244"
    case = cases.load_case(db, key)
    assert case is not None
    data = case.to_json()
    data.pop("documents")
    assert data == EXPECTED


def test_case_fields_of_point_5() -> None:
    """The merged case has exactly the fields the foundation issue names."""
    db = open_db(memory=True)
    for path in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, _seed(path))
    case = cases.load_case(db, "2019Z15244")
    assert case is not None
    assert case.status == "answered"
    assert case.submitted == dt.date(2019, 7, 18)
    assert case.answered == dt.date(2019, 9, 10)
    assert case.deadline == dt.date(2019, 8, 8)
    assert [(a.name, a.party) for a in case.askers] == [("Sjoerdsma", "D66")]
    assert case.addressees == ["Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"]
    assert case.answered_by == "Minister Kaag"
    assert case.related == ["2019Z15131"]
    qa = case.qa()
    assert [item["number"] for item in qa] == list(range(1, 11))
    assert qa[3]["answer"] == qa[4]["answer"] and qa[3]["answer"].startswith("Berichten over")
    assert qa[8]["answer"] == qa[9]["answer"] and qa[8]["answer"].startswith("Nederland steunt")
    # question texts come from the question page ("ministerie" in lower case there)
    assert "het Chinese ministerie van Openbare Veiligheid" in qa[1]["question"]
    assert [d.kind for d in case.documents] == ["question", "answer"]


def test_ingesting_again_changes_nothing() -> None:
    """Storing the same documents again writes nothing at all."""
    db = open_db(memory=True)
    for path in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, _seed(path), now="2026-11-22T00:00:00+00:00")
    before = _dump(db)
    for path in (QUESTION_SEED, ANSWER_SEED):
        result = store_document(db, _seed(path), now="2026-11-23T00:00:00+00:00")
        assert not result.document_changed and not result.case_changed
    assert _dump(db) == before


def test_answer_alone_waits_in_a_provisional_case() -> None:
    """An answer without zaaknummer is kept under a provisional key until its question comes."""
    db = open_db(memory=True)
    result = store_document(db, _seed(ANSWER_SEED))
    assert result.zaaknummer is None and result.case_key.startswith("~")
    assert result.case.status == "answered"
    assert cases.find_case_key(db, "2019Z15244") is None
    folded = store_document(db, _seed(QUESTION_SEED))
    assert folded.case_key == "2019Z15244"
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    assert db.execute("SELECT DISTINCT case_key FROM documents").fetchall() == [("2019Z15244",)]


def test_link_by_publication_id() -> None:
    """A metadata record naming the zaaknummer links a document with the same publication id."""
    db = open_db(memory=True)
    answer = _seed(ANSWER_SEED)
    answer.ids = SourceIds(publication_id="ah-tk-20182019-3985")
    answer.title = None  # no title: only the publication id can link it
    store_document(db, answer)
    meta = ParsedDocument(
        kind="metadata",
        format="metadata",
        zaaknummer="2019Z15244",
        ids=SourceIds(publication_id="ah-tk-20182019-3985"),
        content_hash="m",
    )
    result = store_document(db, meta)
    assert result.case_key == "2019Z15244"
    assert cases.find_case_key(db, "ah-tk-20182019-3985") == "2019Z15244"
    case = cases.load_case(db, "2019Z15244")
    assert case is not None and case.status == "answered" and len(case.answers) == 8


def test_different_set_same_day_stays_apart() -> None:
    """A document of the same day with another title and asker is another case."""
    db = open_db(memory=True)
    store_document(db, _seed(QUESTION_SEED))
    other = _seed(ANSWER_SEED)
    other.title = "Het bericht over iets heel anders dan Chinese software"
    result = store_document(db, other)
    assert result.case_key != "2019Z15244"
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 2


def test_unlinkable_document_is_refused() -> None:
    """A document with nothing to link it by is not stored."""
    db = open_db(memory=True)
    with pytest.raises(UnlinkableDocument):
        store_document(db, ParsedDocument(kind="unknown", content_hash="x"))
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_search_ranks_and_snippets() -> None:
    """Full-text search finds the case by a word from an answer, with a highlighted snippet."""
    db = open_db(memory=True)
    for path in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, _seed(path))
    hits = cases.search(db, "Wassenaar")
    assert [h.zaaknummer for h in hits] == ["2019Z15244"]
    assert "[Wassenaar]" in hits[0].snippet
    assert cases.search(db, '"predictive policing"')[0].zaaknummer == "2019Z15244"
    assert cases.search(db, "cybersurv*")[0].zaaknummer == "2019Z15244"
    assert cases.search(db, "Financiën") == []
    assert cases.search(db, 'AND OR "unbalanced') == []  # user syntax never reaches FTS5


def test_find_case_by_other_references() -> None:
    """A case is found by zaaknummer in any case, by kv-tk id, and not by an unknown number."""
    db = open_db(memory=True)
    store_document(db, _seed(QUESTION_SEED))
    assert cases.find_case_key(db, "2019z15244") == "2019Z15244"
    assert cases.find_case_key(db, "kv-tk-2019Z15244") == "2019Z15244"
    assert cases.find_case_key(db, "2019Z99999") is None
    assert cases.find_case_key(db, "2019D99999") is None


def test_wal_mode_on_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database file is opened in WAL mode with every migration applied."""
    db = open_db(tmp_path / "k.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = db.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert ("m001_cases_and_documents",) in applied
    open_db(tmp_path / "k.db")  # opening again applies nothing twice
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(applied)


def test_no_transaction_is_left_open(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """After storing (and after a bare statement) no transaction is open, so the next
    `atomic()` block is a real transaction that commits."""
    db = open_db(tmp_path / "k.db")
    store_document(db, _seed(QUESTION_SEED))
    assert not db.conn.in_transaction
    db.conn.execute("INSERT INTO source_status (source) VALUES ('x')")
    assert not db.conn.in_transaction
