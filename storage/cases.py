"""Cases: the merged view of a set of written questions, with its questions, answers and actors.

A case row holds the case's JSON; the questions, answers, actors and related tables and the
full-text index are derived from it and rewritten only when the JSON changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kamervragen.core.deadlines import is_postponed
from kamervragen.core.ministries import ministry_code
from kamervragen.core.model import Case
from kamervragen.core.references import stored_reference
from kamervragen.storage.codec import load_case_json
from kamervragen.storage.db import Database, row_of, rows_of


def case_hash(case: Case) -> str:
    """A hash of everything a reader sees of the case."""
    text = json.dumps(case.to_json(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_case(db: Database, case_key: str, case: Case, now: str) -> bool:
    """Write the case and its derived rows (in one transaction); True when it changed."""
    with db.atomic():
        return _save_case(db, case_key, case, now)


def _save_case(db: Database, case_key: str, case: Case, now: str) -> bool:
    digest = case_hash(case)
    existing = row_of(
        db, "SELECT content_hash, first_seen FROM cases WHERE case_key = ?", [case_key]
    )
    if existing and existing["content_hash"] == digest:
        return False
    data = case.to_json()
    _insert(
        db,
        "cases",
        {
            "case_key": case_key,
            "zaaknummer": case.zaaknummer,
            "title": case.title,
            "status": case.status,
            "submitted": data["submitted"],
            "answered": data["answered"],
            "deadline": data["deadline"],
            "first_deadline": data["first_deadline"],
            "postponed": int(is_postponed(case)),
            "ministry": ministry_code(case.addressees),
            "answered_by": case.answered_by,
            "data": json.dumps(data, ensure_ascii=False, sort_keys=True),
            "content_hash": digest,
            "first_seen": existing["first_seen"] if existing else now,
            "last_changed": now,
        },
    )
    _replace_children(db, case_key, case)
    return True


def _insert(db: Database, table: str, row: dict[str, object]) -> None:
    """INSERT OR REPLACE one row (plain SQL: this is the hot path of a catch-up)."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _replace_children(db: Database, case_key: str, case: Case) -> None:
    for table in ("questions", "answers", "actors", "case_related"):
        db.execute(f"DELETE FROM {table} WHERE case_key = ?", [case_key])
    conn = db.conn
    conn.executemany(
        "INSERT INTO questions (case_key, number, text) VALUES (?, ?, ?)",
        [(case_key, q.number, q.text) for q in case.questions],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO answers (case_key, first_number, numbers, text) "
        "VALUES (?, ?, ?, ?)",
        [(case_key, a.numbers[0], json.dumps(list(a.numbers)), a.text) for a in case.answers],
    )
    actors = [("asker", a.name, a.party) for a in case.askers]
    actors += [("addressee", name, None) for name in case.addressees]
    if case.answered_by:
        actors.append(("answered_by", case.answered_by, None))
    conn.executemany(
        "INSERT INTO actors (case_key, role, position, name, party) VALUES (?, ?, ?, ?, ?)",
        [(case_key, role, i, name, party) for i, (role, name, party) in enumerate(actors)],
    )
    conn.executemany(
        "INSERT INTO case_related (case_key, zaaknummer) VALUES (?, ?)",
        [(case_key, z) for z in case.related],
    )
    # An UPDATE (not a REPLACE) keeps the row id, so the FTS triggers update in place.
    text_row = (
        case.title or "",
        "\n".join(q.text for q in case.questions),
        "\n".join(a.text for a in case.answers),
        case_key,
    )
    updated = conn.execute(
        "UPDATE case_text SET title = ?, questions = ?, answers = ? WHERE case_key = ?", text_row
    )
    if updated.rowcount == 0:
        conn.execute(
            "INSERT INTO case_text (title, questions, answers, case_key) VALUES (?, ?, ?, ?)",
            text_row,
        )
    from kamervragen.storage.case_index import index_case  # the engine: not for every reader

    index_case(db, case_key, case)


def delete_case(db: Database, case_key: str) -> None:
    """Remove a case and everything derived from it (its documents are kept elsewhere)."""
    from kamervragen.storage.case_index import unindex_case

    unindex_case(db, case_key)
    for table in ("questions", "answers", "actors", "case_related", "case_text", "cases"):
        db.execute(f"DELETE FROM {table} WHERE case_key = ?", [case_key])


def load_case(db: Database, case_key: str) -> Case | None:
    """The stored case with this key."""
    row = row_of(db, "SELECT data FROM cases WHERE case_key = ?", [case_key])
    return load_case_json(row["data"]) if row else None


@dataclass(frozen=True)
class CaseState:
    """What the watchers compare before and after rebuilding a case."""

    content_hash: str
    title: str | None


def case_state(db: Database, case_key: str) -> CaseState | None:
    """The stored case's content hash and title."""
    row = row_of(db, "SELECT content_hash, title FROM cases WHERE case_key = ?", [case_key])
    return CaseState(row["content_hash"], row["title"]) if row else None


def reader_hash(db: Database, case_key: str) -> str | None:
    """A hash of what a reader sees of the stored case, leaving out the list of documents it
    came from: the same answer from a second source changes that list and nothing else."""
    row = row_of(db, "SELECT data FROM cases WHERE case_key = ?", [case_key])
    if row is None:
        return None
    data = json.loads(row["data"])
    data.pop("documents", None)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def exists(db: Database, case_key: str) -> bool:
    """Is there a case with this key?"""
    return row_of(db, "SELECT 1 FROM cases WHERE case_key = ?", [case_key]) is not None


def any_stored(db: Database) -> bool:
    """Does the database hold any case?"""
    return row_of(db, "SELECT 1 FROM cases LIMIT 1") is not None


def count(db: Database) -> int:
    """How many cases are stored."""
    row = row_of(db, "SELECT count(*) AS n FROM cases")
    return int(row["n"]) if row else 0


def find_case_key(db: Database, reference: str) -> str | None:
    """The case a zaaknummer, document number, publication id or case key refers to."""
    ref = stored_reference(reference)
    if ref.column in ("zaaknummer", "case_key"):
        sql = f"SELECT case_key FROM cases WHERE {ref.column} = ?"
    else:
        sql = (
            "SELECT d.case_key FROM documents d JOIN cases c ON c.case_key = d.case_key "
            f"WHERE d.{ref.column} = ? LIMIT 1"
        )
    row = row_of(db, sql, [ref.value])
    return row["case_key"] if row else None


def iter_cases(db: Database, *, since: str | None = None) -> Iterator[tuple[str, Case]]:
    """Every stored case, newest submission first; `since` limits to submissions on or after."""
    sql = "SELECT case_key, data FROM cases"
    params: list[str] = []
    if since:
        sql += " WHERE submitted >= ?"
        params.append(since)
    sql += " ORDER BY submitted DESC, case_key DESC"
    cursor = db.execute(sql, params)  # read as it goes: a caller may stop early
    columns = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(columns, values, strict=True))
        yield row["case_key"], load_case_json(row["data"])


def recent(db: Database, limit: int = 5) -> tuple[list[Case], list[Case]]:
    """The newest question sets (by submission) and the newest answers (by answer date)."""
    asked = rows_of(
        db,
        "SELECT data FROM cases WHERE zaaknummer IS NOT NULL AND submitted IS NOT NULL "
        "ORDER BY submitted DESC, zaaknummer DESC LIMIT ?",
        [limit],
    )
    answered = rows_of(
        db,
        "SELECT data FROM cases WHERE zaaknummer IS NOT NULL AND answered IS NOT NULL "
        "AND status = 'answered' ORDER BY answered DESC, zaaknummer DESC LIMIT ?",
        [limit],
    )
    return (
        [load_case_json(row["data"]) for row in asked],
        [load_case_json(row["data"]) for row in answered],
    )


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result."""

    case_key: str
    zaaknummer: str | None
    title: str | None
    status: str
    submitted: str | None
    snippet: str


def fts_query(text: str) -> str:
    """A safe FTS5 query from user text: words and "phrases", all required, `word*` prefixes."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        if phrase:
            tokens = re.findall(r"\w+", phrase)
            if tokens:
                parts.append('"' + " ".join(tokens) + '"')
        else:
            prefix = word.endswith("*")
            for token in re.findall(r"\w+", word):
                parts.append(f'"{token}"' + ("*" if prefix else ""))
    return " AND ".join(parts)


def search(db: Database, text: str, limit: int = 20) -> list[SearchHit]:
    """Ranked full-text search over titles, questions and answers, with snippets."""
    query = fts_query(text)
    if not query:
        return []
    rows = rows_of(
        db,
        """
        SELECT c.case_key, c.zaaknummer, c.title, c.status, c.submitted,
               snippet(case_text_fts, -1, '[', ']', '…', 12) AS snippet
        FROM case_text_fts
        JOIN case_text t ON t.rowid = case_text_fts.rowid
        JOIN cases c ON c.case_key = t.case_key
        WHERE case_text_fts MATCH ?
        ORDER BY bm25(case_text_fts, 5.0, 2.0, 1.0), c.submitted DESC
        LIMIT ?
        """,
        [query, limit],
    )
    return [
        SearchHit(
            r["case_key"], r["zaaknummer"], r["title"], r["status"], r["submitted"], r["snippet"]
        )
        for r in rows
    ]
