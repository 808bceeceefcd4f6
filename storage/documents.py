"""Documents: every parsed document, the case it belongs to, and how documents find their case.

A document joins a case through its source link when it has one (a zaaknummer from the SyncFeed
or a metadata record, a shared publication id), otherwise through its normalised title, askers and
submission date. A document without a zaaknummer that matches nothing yet gets a provisional case
key ("~" + hash); when its zaaknummer becomes known, the provisional case is folded in.
"""

from __future__ import annotations

import hashlib
import json

from kamervragen.core.model import ParsedDocument
from kamervragen.core.text import fold, normalise_title
from kamervragen.storage import codec
from kamervragen.storage.db import Database, row_of, rows_of

PROVISIONAL = "~"


def document_id(doc: ParsedDocument) -> str:
    """A stable id: the Tweede Kamer GUID, else publication id and format, else the content hash."""
    if doc.ids.tk_guid:
        return f"tk:{doc.ids.tk_guid}"
    if doc.ids.publication_id:
        return f"pub:{doc.ids.publication_id}#{doc.format}"
    return f"sha256:{doc.content_hash}"


def match_askers(doc: ParsedDocument) -> list[str]:
    """The askers' surnames, folded, for linking loose documents."""
    return sorted({fold(a.name.split()[-1]) for a in doc.askers if a.name.split()})


def provisional_key(doc: ParsedDocument) -> str:
    """The key of a case whose zaaknummer is not known yet."""
    basis = "|".join(
        [
            doc.submitted.isoformat() if doc.submitted else "",
            ",".join(match_askers(doc)),
            normalise_title(doc.title),
            "" if (doc.submitted and doc.title) else (doc.content_hash or ""),
        ]
    )
    return PROVISIONAL + hashlib.sha1(basis.encode()).hexdigest()[:16]


def is_provisional(case_key: str) -> bool:
    """True for the key of a case whose zaaknummer is not known yet."""
    return case_key.startswith(PROVISIONAL)


# Provisional case keys start with "~" (0x7E): as a range, the case_key index finds them.
_PROVISIONAL_ONLY = " AND case_key >= '~' AND case_key < char(127)"


def linked_case_keys(db: Database, doc: ParsedDocument, doc_id: str) -> set[str]:
    """The case keys of stored documents that belong with `doc`.

    A document that names its zaaknummer belongs to that case; it only looks for provisional
    cases (loose documents waiting for their zaaknummer) to fold in.
    """
    only = _PROVISIONAL_ONLY if doc.zaaknummer else ""
    if only and not db.execute(f"SELECT 1 FROM documents WHERE 1{only} LIMIT 1").fetchone():
        return set()  # nothing is waiting
    keys: set[str] = set()
    for column, value in (
        ("publication_id", doc.ids.publication_id),
        ("document_number", doc.ids.document_number),
    ):
        if value:
            rows = rows_of(
                db,
                f"SELECT DISTINCT case_key FROM documents WHERE {column} = ? AND doc_id != ?{only}",
                [value, doc_id],
            )
            keys.update(r["case_key"] for r in rows)
    keys.update(_loose_matches(db, doc, doc_id, only))
    return keys


def _loose_matches(db: Database, doc: ParsedDocument, doc_id: str, only: str) -> set[str]:
    """Cases of documents with the same submission date, an asker in common and the same title."""
    if not doc.submitted or not doc.title:
        return set()
    title = normalise_title(doc.title)
    askers = set(match_askers(doc))
    keys: set[str] = set()
    sql = (
        "SELECT case_key, match_title, match_askers FROM documents "
        f"WHERE submitted = ? AND doc_id != ?{only}"
    )
    for row in rows_of(db, sql, [doc.submitted.isoformat(), doc_id]):
        case_key, other_title, other_askers = (
            row["case_key"],
            row["match_title"],
            row["match_askers"],
        )
        if askers and other_askers and not askers & set(json.loads(other_askers)):
            continue
        if other_title and _same_title(title, other_title):
            keys.add(case_key)
    return keys


def _same_title(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 30 and (longer.startswith(shorter) or longer.endswith(shorter))


def save_document(db: Database, doc: ParsedDocument, doc_id: str, case_key: str, now: str) -> bool:
    """Upsert one document; True when something changed."""
    record = codec.dumps(doc)
    existing = row_of(
        db, "SELECT parsed, case_key, first_seen FROM documents WHERE doc_id = ?", [doc_id]
    )
    if existing and existing["parsed"] == record and existing["case_key"] == case_key:
        return False
    row = {
        "doc_id": doc_id,
        "case_key": case_key,
        "kind": doc.kind,
        "format": doc.format,
        "zaaknummer": doc.zaaknummer,
        "tk_guid": doc.ids.tk_guid,
        "document_number": doc.ids.document_number,
        "publication_id": doc.ids.publication_id,
        "source": doc.ids.source,
        "content_hash": doc.content_hash,
        "submitted": doc.submitted.isoformat() if doc.submitted else None,
        "match_title": normalise_title(doc.title),
        "match_askers": json.dumps(match_askers(doc)),
        "parsed": record,
        "first_seen": existing["first_seen"] if existing else now,
        "last_changed": now,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT OR REPLACE INTO documents ({columns}) VALUES ({marks})", list(row.values()))
    return True


def documents_of(db: Database, case_key: str) -> list[ParsedDocument]:
    """All documents of a case."""
    rows = rows_of(
        db, "SELECT parsed FROM documents WHERE case_key = ? ORDER BY doc_id", [case_key]
    )
    return [codec.loads(ParsedDocument, r["parsed"]) for r in rows]


def move_documents(db: Database, from_key: str, to_key: str) -> None:
    """Re-home the documents of one case to another."""
    db.execute("UPDATE documents SET case_key = ? WHERE case_key = ?", [to_key, from_key])


def case_of(db: Database, doc_id: str) -> str | None:
    """The key of the case a stored document belongs to, or None."""
    row = row_of(db, "SELECT case_key FROM documents WHERE doc_id = ?", [doc_id])
    return row["case_key"] if row else None
