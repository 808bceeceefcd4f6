"""Finding the stored cases a query matches: exactly what the subscription engine decides,
over every stored case, in milliseconds.

    keys, more = find(db, parse_query("export control"), today=today, limit=100)

Two steps:
1. Narrow. The query tree becomes an SQL condition on `case_match` and the trigram index
   `case_grams` (`storage.case_index`) that every case the engine would match passes; it may
   let through cases the engine rejects, never the other way round (`narrow`).
2. Decide. The candidates, newest first, are rebuilt from their stored text and evaluated by
   the engine until `limit` matches are found. When the condition is exact (only filters and
   restrictions, which SQL compares as the engine does), the engine is not needed.

How each part of a query narrows (`Cond.exact` says whether it decides on its own):
- a word of 4+ letters: one of its variants occurs in the compact text (the words of a
  sentence run together), so each trigram of that variant is in the case's trigram set;
- an exact phrase or prefix: its words run together occur in the compact text likewise; when
  they are shorter than a trigram, each whole word is in the case's list of short words (a
  prefix of one or two letters does not narrow);
- a same-sentence group, AND: all parts; OR: any part (one part that does not narrow makes
  the whole OR not narrow);
- party:, member:, to:, since:, until:, status: compare the stored values exactly;
- NOT narrows only a part that is exact (`-party:PVV`), else it lets every case through.
Every SQL comparison is wrapped so that NULL counts as false, as the engine has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from kamervragen.core.matching.evaluate import evaluate
from kamervragen.core.matching.query import (
    EXACT,
    LATE_STATUSES,
    WORD,
    And,
    Filter,
    Near,
    Node,
    Not,
    Query,
    Term,
    is_late,
)
from kamervragen.storage.case_index import SHORT, stored_texts

BATCH = 64  # candidates whose texts are read at once
NEWEST_FIRST = "ORDER BY m.submitted DESC, m.case_key DESC"


@dataclass(frozen=True)
class Cond:
    """An SQL condition on `case_match m` (None: every case), or an FTS5 expression over the
    trigram index (`fts`, turned into SQL when it meets other conditions); `exact` when the
    condition decides the part of the query on its own."""

    sql: str | None = None
    params: tuple[str, ...] = ()
    exact: bool = False
    fts: str | None = field(default=None)

    def as_sql(self) -> Cond:
        """The same condition as SQL."""
        if self.fts is None:
            return self
        sql = "m.id IN (SELECT rowid FROM case_grams WHERE case_grams MATCH ?)"
        return Cond(sql, (self.fts,), self.exact)


EVERY_CASE = Cond()


def narrow(node: Node, today: dt.date) -> Cond:
    """A condition every case matching `node` passes (see the module docstring)."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Near):
        return _combine([_term(t) for t in node.terms], "AND")
    if isinstance(node, Filter):
        return _filter(node, today)
    if isinstance(node, Not):
        inner = narrow(node.item, today).as_sql()
        if not inner.exact or inner.sql is None:
            return EVERY_CASE
        return Cond(f"NOT ({inner.sql})", inner.params, True)
    parts = [narrow(item, today) for item in node.items]
    return _combine(parts, "AND" if isinstance(node, And) else "OR")


def _combine(parts: list[Cond], operator: str) -> Cond:
    exact = all(p.exact for p in parts)
    if operator == "OR" and any(p.sql is None and p.fts is None for p in parts):
        return EVERY_CASE
    parts = [p for p in parts if p.sql is not None or p.fts is not None]
    if not parts:
        return Cond(exact=False)
    if len(parts) == 1:
        return Cond(parts[0].sql, parts[0].params, exact, parts[0].fts)
    if all(p.fts is not None for p in parts):
        return Cond(exact=exact, fts=f" {operator} ".join(f"({p.fts})" for p in parts))
    sql_parts = [p.as_sql() for p in parts]
    sql = f" {operator} ".join(f"({p.sql})" for p in sql_parts)
    return Cond(sql, tuple(v for p in sql_parts for v in p.params), exact)


def _term(term: Term) -> Cond:
    if term.kind == WORD:
        return Cond(fts=" OR ".join(f"({_trigrams(p)})" for p in term.patterns))
    tokens = term.tokens
    joined = "".join(tokens).replace(" ", "")
    if len(joined) >= 3:
        return Cond(fts=_trigrams(joined))
    whole = tokens if term.kind == EXACT else tokens[:-1]
    if not whole or any(len(t) > SHORT or " " in t for t in whole):
        return EVERY_CASE  # a prefix of one or two letters
    return Cond(fts=" AND ".join(_short_word(t) for t in whole))


def _trigrams(pattern: str) -> str:
    """Every trigram of the pattern (spaces removed, as in the index), ANDed."""
    pattern = pattern.replace(" ", "")
    grams = dict.fromkeys(pattern[i : i + 3] for i in range(len(pattern) - 2))
    return " AND ".join(_quoted(g) for g in grams)


def _short_word(token: str) -> str:
    """A word of one or two letters as the index lists it: " ai " holds " ai" and "ai "."""
    spaced = f" {token} "
    return " AND ".join(_quoted(spaced[i : i + 3]) for i in range(len(spaced) - 2))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _filter(node: Filter, today: dt.date) -> Cond:
    if node.field in ("party", "member"):
        column = "parties" if node.field == "party" else "members"
        return Cond(f"instr(m.{column}, ?) > 0", (f"\n{node.value}\n",), True)
    if node.field == "to":
        return Cond("instr(m.addressees, ?) > 0", (node.value,), True)
    if node.field == "since":
        return Cond("ifnull(m.submitted >= ?, 0)", (node.value,), True)
    if node.field == "until":
        return Cond("ifnull(m.submitted <= ?, 0)", (node.value,), True)
    if node.value == "late":
        statuses = ", ".join(f"'{s}'" for s in LATE_STATUSES)
        sql = f"ifnull(m.status IN ({statuses}), 0) AND ifnull(m.deadline < ?, 0)"
        return Cond(sql, (today.isoformat(),), True)
    return Cond("ifnull(m.status = ?, 0)", (node.value,), True)


def find(
    db: Database,
    query: Query,
    *,
    today: dt.date,
    since: dt.date | None = None,
    before: dt.date | None = None,
    limit: int | None = None,
) -> tuple[list[str], bool]:
    """The keys of the stored cases `query` matches, newest first (by submission; unknown
    dates last), at most `limit`, and whether there were more. `since` keeps cases submitted
    on or after that day, `before` those submitted before it or on an unknown date."""
    found: list[str] = []
    for key in matching_keys(db, query, today=today, since=since, before=before):
        if limit is not None and len(found) == limit:
            return found, True
        found.append(key)
    return found, False


def matching_keys(
    db: Database,
    query: Query,
    *,
    today: dt.date,
    since: dt.date | None = None,
    before: dt.date | None = None,
) -> Iterator[str]:
    """The keys of the matching cases, newest first, as they are decided."""
    cond = narrow(query.root, today).as_sql()
    where = [cond.sql] if cond.sql else []
    params = list(cond.params)
    if since is not None:
        where.append("m.submitted >= ?")
        params.append(since.isoformat())
    if before is not None:
        where.append("(m.submitted < ? OR m.submitted IS NULL)")
        params.append(before.isoformat())
    sql = "SELECT m.id, m.case_key FROM case_match m"
    if where:
        sql += " WHERE " + " AND ".join(f"({w})" for w in where)
    candidates = db.execute(f"{sql} {NEWEST_FIRST}", params).fetchall()
    if cond.exact:
        yield from (key for _, key in candidates)
        return
    for start in range(0, len(candidates), BATCH):
        ids = [row_id for row_id, _ in candidates[start : start + BATCH]]
        for stored in stored_texts(db, ids):
            late = is_late(stored.status, _date(stored.deadline), today)
            if evaluate(query, stored.text(late)):
                yield stored.case_key


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
