"""The database schema, as append-only migrations (never edit one that has shipped)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("kamervragen")


@migrations()
def m001_cases_and_documents(db: Database) -> None:
    """Cases, the documents they came from, their questions, answers and actors; FTS."""
    db["documents"].create(
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
        db["documents"].create_index([column])
    db["documents"].create_index(["submitted"])
    db["cases"].create(
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
    db["cases"].create_index(["submitted"])
    db["cases"].create_index(["last_changed"])
    db["questions"].create({"case_key": str, "number": int, "text": str}, pk=("case_key", "number"))
    db["answers"].create(
        {"case_key": str, "first_number": int, "numbers": str, "text": str},
        pk=("case_key", "first_number"),
    )
    db["actors"].create(
        {"case_key": str, "role": str, "position": int, "name": str, "party": str},
        pk=("case_key", "role", "position"),
    )
    db["actors"].create_index(["name"])
    db["case_related"].create({"case_key": str, "zaaknummer": str}, pk=("case_key", "zaaknummer"))
    db["case_text"].create(
        {"case_key": str, "title": str, "questions": str, "answers": str}, pk="case_key"
    )
    db["case_text"].enable_fts(
        ["title", "questions", "answers"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
