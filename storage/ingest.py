"""Storing a parsed document: find its case, fold provisional cases in, rebuild the case.

One call is one transaction: either the document, its case and every derived row are written, or
nothing is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kamervragen.core.merge import merge_documents
from kamervragen.core.model import Case, ParsedDocument
from kamervragen.storage import cases, documents
from kamervragen.storage.db import Database


class UnlinkableDocument(ValueError):
    """A document that names no case and carries nothing to link it by."""


@dataclass(frozen=True)
class StoreResult:
    """What storing one document did."""

    case_key: str
    zaaknummer: str | None
    document_changed: bool
    case_changed: bool
    case_created: bool
    case: Case | None


def utc_now() -> str:
    """Now, as the ISO text stored in the database."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def store_document(
    db: Database, doc: ParsedDocument, *, now: str | None = None, rebuild: bool = True
) -> StoreResult:
    """Store one document and rebuild the case it belongs to; idempotent.

    With `rebuild=False` the case is not merged again (the caller stores several documents of
    one case and calls `rebuild_case` once); `case` in the result is then None.
    """
    if not doc.zaaknummer and not (doc.submitted and doc.title) and not doc.ids.publication_id:
        raise UnlinkableDocument(
            "no zaaknummer, publication id, or title with submission date: "
            "cannot tell which set of questions this is"
        )
    now = now or utc_now()
    doc_id = documents.document_id(doc)
    with db.atomic():
        linked = documents.linked_case_keys(db, doc, doc_id)
        target, absorbed, conflict = _choose_case(doc, linked)
        if conflict:
            doc.warnings.append(conflict)
        existed = _case_exists(db, target)
        doc_changed = documents.save_document(db, doc, doc_id, target, now)
        for old in absorbed:
            documents.move_documents(db, old, target)
            cases.delete_case(db, old)
        zaaknummer = None if documents.is_provisional(target) else target
        case: Case | None = None
        case_changed = False
        if not doc_changed and not absorbed and existed:
            case = cases.load_case(db, target) if rebuild else None  # nothing new to merge
        elif rebuild:
            case, case_changed = rebuild_case(db, target, now)
    return StoreResult(
        case_key=target,
        zaaknummer=zaaknummer,
        document_changed=doc_changed,
        case_changed=case_changed,
        case_created=not existed,
        case=case,
    )


def rebuild_case(db: Database, case_key: str, now: str) -> tuple[Case, bool]:
    """Merge a case from its stored documents and save it; returns it and whether it changed."""
    zaaknummer = None if documents.is_provisional(case_key) else case_key
    case = merge_documents(zaaknummer, documents.documents_of(db, case_key))
    return case, cases.save_case(db, case_key, case, now)


def _choose_case(doc: ParsedDocument, linked: set[str]) -> tuple[str, list[str], str | None]:
    """The case key to store under, the provisional keys to fold in, and any conflict."""
    real = sorted(k for k in linked if not documents.is_provisional(k))
    provisional = sorted(k for k in linked if documents.is_provisional(k))
    conflict = None
    if doc.zaaknummer:
        target = doc.zaaknummer
        others = [k for k in real if k != target]
        if others:
            conflict = f"also looks like case {', '.join(others)}; kept apart"
    elif len(real) == 1:
        target = real[0]
    elif real:
        target = real[0]
        conflict = f"matches several cases ({', '.join(real)}); linked to {target}"
    elif provisional:
        target = provisional[0]
    else:
        target = documents.provisional_key(doc)
    absorbed = [k for k in provisional if k != target]
    return target, absorbed, conflict


def _case_exists(db: Database, case_key: str) -> bool:
    return db.execute("SELECT 1 FROM cases WHERE case_key = ?", [case_key]).fetchone() is not None


def remove_document(db: Database, doc_id: str, *, now: str | None = None) -> bool:
    """Take a document out of its case (the source deleted it) and rebuild the case."""
    now = now or utc_now()
    row = db.execute("SELECT case_key FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if row is None:
        return False
    case_key = row[0]
    with db.atomic():
        db.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
        if db.execute("SELECT 1 FROM documents WHERE case_key = ?", [case_key]).fetchone():
            rebuild_case(db, case_key, now)
        else:
            cases.delete_case(db, case_key)
    return True
