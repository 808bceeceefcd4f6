"""Finding the stored cases a query matches: exactly what the subscription engine decides,
over every stored case, in milliseconds.

    keys, more = find(db, parse_query("export control"), today=today, limit=100)

Each part of the query becomes three things SQL can compute for a case (`narrow`):
- `fts`: an FTS5 expression over the trigram index `case_grams` (`storage.case_index`) that
  every case the part may match passes; it picks the rows to read at all;
- `possible`: an SQL condition every case the part matches passes;
- `sure`: an SQL condition that only cases the part matches pass.
Cases that are sure are matches; cases that are possible but not sure are rebuilt from their
stored text and decided by the engine; the rest cannot match. So the result is the engine's,
whatever SQL leaves open: SQL only saves work.

- A word of 4+ letters: possible when one of its variants occurs in the compact text (the
  words of each sentence run together: compounds, hyphens, words written apart); sure when
  it occurs inside one word (in the spaced text), as the cross-word rule needs no check then.
  Each trigram of the variant is in the trigram index.
- An exact phrase or a prefix: sure exactly when " dual use " (" cyber") occurs in the spaced
  text; the trigram index holds its words run together, or, when they are shorter than a
  trigram, each whole word in its line of short words (a prefix of one or two letters does
  not narrow).
- party:, member:, to:, since:, until:, status: compare the stored values: sure when true.
- A same-sentence group: possible when all its words are; never sure (the engine checks the
  sentence). AND, OR and NOT combine sure and possible as logic says (NOT of possible is
  sure). NULL counts as false everywhere, as the engine has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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
from kamervragen.storage.case_index import SHORT, StoredText, stored_texts

BATCH = 64  # undecided candidates whose texts are read at once
NEWEST_FIRST = "ORDER BY m.submitted DESC, m.case_key DESC"

Sql = tuple[str, tuple[str, ...]]  # an SQL expression on `case_match m`, and its parameters
TRUE: Sql = ("1", ())
FALSE: Sql = ("0", ())


@dataclass(frozen=True)
class Cond:
    """What SQL can say of a part of a query (see the module docstring); `fts` None: the
    trigram index does not narrow it."""

    sure: Sql
    possible: Sql
    fts: str | None = None


def narrow(node: Node, today: dt.date) -> Cond:
    """Sure, possible and the trigram expression for `node` (see the module docstring)."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Near):
        terms = [_term(t) for t in node.terms]
        return Cond(FALSE, _join([t.possible for t in terms], "AND"), _fts(terms, "AND"))
    if isinstance(node, Filter):
        condition = _filter(node, today)
        return Cond(condition, condition)
    if isinstance(node, Not):
        inner = narrow(node.item, today)
        return Cond(_negate(inner.possible), _negate(inner.sure))
    parts = [narrow(item, today) for item in node.items]
    operator = "AND" if isinstance(node, And) else "OR"
    return Cond(
        _join([p.sure for p in parts], operator),
        _join([p.possible for p in parts], operator),
        _fts(parts, operator),
    )


def _join(parts: Sequence[Sql], operator: str) -> Sql:
    unit, absorbing = (TRUE, FALSE) if operator == "AND" else (FALSE, TRUE)
    if absorbing in parts:
        return absorbing
    parts = [p for p in parts if p != unit]
    if not parts:
        return unit
    if len(parts) == 1:
        return parts[0]
    return (f" {operator} ".join(f"({sql})" for sql, _ in parts), sum((p for _, p in parts), ()))


def _negate(part: Sql) -> Sql:
    if part in (TRUE, FALSE):
        return FALSE if part == TRUE else TRUE
    return (f"NOT ({part[0]})", part[1])


def _fts(parts: list[Cond], operator: str) -> str | None:
    """AND: the parts that narrow; OR: all parts, or nothing if one of them does not."""
    known = [p.fts for p in parts if p.fts is not None]
    if not known or (operator == "OR" and len(known) < len(parts)):
        return None
    return known[0] if len(known) == 1 else f" {operator} ".join(f"({f})" for f in known)


def _term(term: Term) -> Cond:
    if term.kind == WORD:
        sure = [("instr(m.fine, ?) > 0", (p,)) for p in term.patterns if " " not in p]
        possible = [("instr(m.compact, ?) > 0", (p,)) for p in term.patterns]
        fts = " OR ".join(f"({_trigrams(p)})" for p in term.patterns)
        return Cond(_join(sure, "OR"), _join(possible, "OR"), fts)
    exact: Sql = ("instr(m.fine, ?) > 0", (term.patterns[0],))
    joined = "".join(term.tokens).replace(" ", "")
    if len(joined) >= 3:
        return Cond(exact, exact, _trigrams(joined))
    whole = term.tokens if term.kind == EXACT else term.tokens[:-1]
    if not whole or any(len(t) > SHORT or " " in t for t in whole):
        return Cond(exact, exact)  # a prefix of one or two letters: every row is read
    return Cond(exact, exact, " AND ".join(_short_word(t) for t in whole))


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


def _filter(node: Filter, today: dt.date) -> Sql:
    if node.field in ("party", "member"):
        column = "parties" if node.field == "party" else "members"
        return (f"instr(m.{column}, ?) > 0", (f"\n{node.value}\n",))
    if node.field == "to":
        return ("instr(m.addressees, ?) > 0", (node.value,))
    if node.field == "since":
        return ("ifnull(m.submitted >= ?, 0)", (node.value,))
    if node.field == "until":
        return ("ifnull(m.submitted <= ?, 0)", (node.value,))
    if node.value == "late":
        statuses = ", ".join(f"'{s}'" for s in LATE_STATUSES)
        sql = f"ifnull(m.status IN ({statuses}), 0) AND ifnull(m.deadline < ?, 0)"
        return (sql, (today.isoformat(),))
    return ("ifnull(m.status = ?, 0)", (node.value,))


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
    cond = narrow(query.root, today)
    where: list[Sql] = [cond.possible]
    if cond.fts is not None:
        where.append(
            ("m.id IN (SELECT rowid FROM case_grams WHERE case_grams MATCH ?)", (cond.fts,))
        )
    if since is not None:
        where.append(("m.submitted >= ?", (since.isoformat(),)))
    if before is not None:
        where.append(("(m.submitted < ? OR m.submitted IS NULL)", (before.isoformat(),)))
    condition, params = _join(where, "AND")
    sure, sure_params = cond.sure
    rows = db.execute(
        f"SELECT m.id, m.case_key, {sure} FROM case_match m WHERE {condition} {NEWEST_FIRST}",
        [*sure_params, *params],
    ).fetchall()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        undecided = [row_id for row_id, _, sure_now in batch if not sure_now]
        decided = {s.id: _engine(query, s, today) for s in stored_texts(db, undecided)}
        for row_id, key, sure_now in batch:
            if sure_now or decided.get(row_id):
                yield key


def _engine(query: Query, stored: StoredText, today: dt.date) -> bool:
    """The engine's answer for a stored case."""
    late = is_late(stored.status, _date(stored.deadline), today)
    return evaluate(query, stored.text(late))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
