"""Finding the stored cases a query matches: exactly what the subscription engine decides,
over every stored case, in milliseconds.

    keys, more = find(db, parse_query("export control"), today=today, limit=100)

The engine has the last word; the index only saves it work, in three rounds per candidate:

1. Narrow (SQL). Each text term of the query has a phrase query on the trigram index
   (`storage.case_index`) that finds every case whose compact text could hold it: a word of
   4+ letters in any of its variants (inside a compound or across one written apart), an
   exact phrase or prefix with its words run together, a one- or two-letter word in the
   case's list of short words (a prefix of one or two letters has no phrase: any case may
   hold it). These combine as the query does (`narrow`): AND needs all, OR any, NOT nothing.
   Filters and restrictions (party:, member:, to:, since:, until:, status:) are compared in
   SQL as the engine compares them, NULL counting as false. The candidates come newest first.
2. Settle what is known (`decide`). A term whose phrase did not find the case does not match
   it; filters are exact. Where that does not settle the query, the case's spaced text is
   read: an exact phrase or prefix matches exactly when it occurs there, a word surely when
   it occurs inside one word (no cross-word check is needed then).
3. Ask the engine about the rest (same-sentence groups, a word found only across words): the
   case's stored text and layout are rebuilt and the query evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from kamervragen.core.matching.evaluate import decide, evaluate
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
)
from kamervragen.storage.case_index import FACTS, SHORT, Facts, facts_of, fine_texts, layouts
from kamervragen.storage.db import Database

BATCH = 64  # candidates settled at once (their texts are read in one query)
NEWEST_FIRST = "ORDER BY m.submitted DESC, m.case_key DESC"

Sql = tuple[str, tuple[str, ...]]  # an SQL expression on `case_match m`, and its parameters
TRUE: Sql = ("1", ())
FALSE: Sql = ("0", ())


@dataclass(frozen=True)
class Cond:
    """What SQL can say of a part of a query from the trigram index (`fts`, None when it
    does not narrow) and from filters alone: `sure` only if the part matches, `possible` if it
    may."""

    fts: str | None
    sure: Sql
    possible: Sql


def narrow(node: Node, today: dt.date) -> Cond:
    """The conditions for `node` (see the module docstring)."""
    if isinstance(node, Term):
        return Cond(term_phrase(node), FALSE, TRUE)
    if isinstance(node, Near):
        return Cond(_fts([term_phrase(t) for t in node.terms], "AND"), FALSE, TRUE)
    if isinstance(node, Filter):
        condition = _filter(node, today)
        return Cond(None, condition, condition)
    if isinstance(node, Not):
        inner = narrow(node.item, today)
        return Cond(None, _negate(inner.possible), _negate(inner.sure))
    parts = [narrow(item, today) for item in node.items]
    operator = "AND" if isinstance(node, And) else "OR"
    return Cond(
        _fts([p.fts for p in parts], operator),
        _join([p.sure for p in parts], operator),
        _join([p.possible for p in parts], operator),
    )


def term_phrase(term: Term) -> str | None:
    """The FTS5 query that finds every case that may hold the term (None: any case may)."""
    if term.kind == WORD:
        return " OR ".join(_quoted(p.replace(" ", "")) for p in term.patterns)
    joined = "".join(term.tokens).replace(" ", "")
    if len(joined) >= 3:
        return _quoted(joined)
    whole = term.tokens if term.kind == EXACT else term.tokens[:-1]
    if not whole or any(len(t) > SHORT or " " in t for t in whole):
        return None  # a prefix of one or two letters
    return " AND ".join(_quoted(f" {t} ") for t in whole)


def _fts(parts: Sequence[str | None], operator: str) -> str | None:
    """AND: the parts that narrow; OR: all parts, or none if one of them does not narrow."""
    known = [p for p in parts if p is not None]
    if not known or (operator == "OR" and len(known) < len(parts)):
        return None
    return known[0] if len(known) == 1 else f" {operator} ".join(f"({p})" for p in known)


def _join(parts: Sequence[Sql], operator: str) -> Sql:
    unit, absorbing = (TRUE, FALSE) if operator == "AND" else (FALSE, TRUE)
    if absorbing in parts:
        return absorbing
    kept = [p for p in parts if p != unit]
    if not kept:
        return unit
    if len(kept) == 1:
        return kept[0]
    return (f" {operator} ".join(f"({sql})" for sql, _ in kept), sum((p for _, p in kept), ()))


def _negate(part: Sql) -> Sql:
    if part in (TRUE, FALSE):
        return FALSE if part == TRUE else TRUE
    return (f"NOT ({part[0]})", part[1])


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
    rows = db.execute(  # read as it goes: a search stops once it has enough
        f"SELECT {FACTS}, {sure} FROM case_match m WHERE {condition} {NEWEST_FIRST}",
        [*sure_params, *params],
    )
    phrases = _Phrases(db, _required(query.root) if cond.fts is not None else set())
    while batch := [(row[-1], facts_of(row, today)) for row in rows.fetchmany(BATCH)]:
        matched = _settle(db, query, [facts for sure_now, facts in batch if not sure_now], phrases)
        for sure_now, facts in batch:
            if sure_now or facts.id in matched:
                yield facts.case_key


def _required(node: Node) -> set[str]:
    """The phrases of the terms every match must hold (not under OR or NOT): the candidates
    already passed them."""
    if isinstance(node, Term):
        phrase = term_phrase(node)
        return {phrase} if phrase is not None else set()
    if isinstance(node, Near | And):
        items = node.terms if isinstance(node, Near) else node.items
        return set().union(*(_required(item) for item in items))
    return set()


def _settle(db: Database, query: Query, candidates: list[Facts], phrases: _Phrases) -> set[int]:
    """The ids of the candidates the query matches: settled by the trigram index and the
    filters, else by the spaced text, else by the engine."""
    matched: set[int] = set()
    open_: list[Facts] = []
    for facts in candidates:
        value = decide(query.root, phrases.known(facts.id), facts)
        if value is None:
            open_.append(facts)
        elif value:
            matched.add(facts.id)
    texts = fine_texts(db, [f.id for f in open_])
    still_open: dict[int, Facts] = {}
    for facts in open_:
        value = decide(query.root, phrases.known(facts.id, texts[facts.id]), facts)
        if value is None:
            still_open[facts.id] = facts
        elif value:
            matched.add(facts.id)
    for row_id, layout in layouts(db, list(still_open)):
        if evaluate(query, still_open[row_id].text(layout)):
            matched.add(row_id)
    return matched


class _Phrases:
    """What the trigram index and a case's spaced text say of each term (memoised per query)."""

    def __init__(self, db: Database, passed: set[str]) -> None:
        self.db = db
        self.passed = passed  # phrases every candidate was selected by
        self.found: dict[str, set[int]] = {}

    def cases(self, phrase: str) -> set[int]:
        """The ids of the cases the phrase query finds."""
        found = self.found.get(phrase)
        if found is None:
            rows = self.db.execute(
                "SELECT rowid FROM case_grams WHERE case_grams MATCH ?", [phrase]
            )
            found = self.found[phrase] = {row[0] for row in rows}
        return found

    def known(self, row_id: int, fine: str | None = None) -> Callable[[Term], bool | None]:
        """For `decide`: False for a term the index did not find; with the spaced text, True
        or False for an exact phrase or prefix, True for a word found inside a word."""

        def term_value(term: Term) -> bool | None:
            phrase = term_phrase(term)
            if (
                phrase is not None
                and phrase not in self.passed
                and row_id not in self.cases(phrase)
            ):
                return False
            if fine is None:
                return None
            if term.kind != WORD:
                return term.patterns[0] in fine
            if any(p in fine for p in term.patterns if " " not in p):
                return True
            return None

        return term_value
