"""Deadlines in the database: recording deadline events, the overdue sets, the rows statistics
are made of, and which ministry, party or member a person means.

    record_deadline_events(db, now)          -> Counter({"due_soon": 2, "overdue": 1})
    overdue_cases(db, today, scope)          -> [OverdueCase], most overdue first
    stat_rows(db, since, until, by="party")  -> [StatRow] with the parties as groups

A deadline event is one row of `events`, unique per (case, kind, "deadline:<date>"): the job
that records them may run any number of times, stop anywhere, and each event is still there
exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

from kamervragen.core.dates import iso_date
from kamervragen.core.deadlines import LATE_WINDOW, OPEN_STATUSES, due_events, event_day
from kamervragen.core.ministries import OTHER, find_ministry
from kamervragen.core.stats import StatRow
from kamervragen.core.text import fold
from kamervragen.storage.db import Database, rows_of
from kamervragen.storage.events import record_event

LOOK_AHEAD = 14  # days: a `due_soon` falls at most this long before its deadline
_OPEN = "('open', 'postponed')"
assert OPEN_STATUSES == ("open", "postponed")


@dataclass(frozen=True)
class Scope:
    """Which sets a person asked for: one ministry (by code), party or member."""

    kind: str  # "ministry", "party" or "member"
    value: str  # the ministry's code, the party or the member's name as stored
    label: str  # how to name it in a message


def record_deadline_events(db: Database, now: dt.datetime) -> Counter[str]:
    """Record the deadline events due at `now` for every open set (one transaction); the
    counts of the new ones."""
    today = event_day(now)
    low = (today - dt.timedelta(days=LATE_WINDOW + 1)).isoformat()
    high = (today + dt.timedelta(days=LOOK_AHEAD)).isoformat()
    rows = rows_of(
        db,
        "SELECT case_key, title, status, deadline FROM cases "
        f"WHERE status IN {_OPEN} AND zaaknummer IS NOT NULL AND deadline BETWEEN ? AND ?",
        [low, high],
    )
    stamp = now.astimezone(dt.UTC).isoformat(timespec="seconds")
    recorded: Counter[str] = Counter()
    with db.atomic():
        for row in rows:
            deadline = iso_date(row["deadline"])
            for event in due_events(deadline, row["status"] == "postponed", today):
                detail = {"deadline": event.deadline.isoformat(), "title": row["title"]}
                if record_event(db, row["case_key"], event.kind, event.document, stamp, detail):
                    recorded[event.kind] += 1
    return recorded


@dataclass(frozen=True)
class OverdueCase:
    """An open set past its deadline."""

    zaaknummer: str
    title: str | None
    deadline: dt.date
    days: int  # days overdue
    postponed: bool
    ministry: str | None


def overdue_cases(db: Database, today: dt.date, scope: Scope | None = None) -> list[OverdueCase]:
    """Open sets whose deadline passed before `today`, most overdue first."""
    sql = (
        "SELECT c.zaaknummer, c.title, c.deadline, c.status, c.ministry FROM cases c "
        f"WHERE c.status IN {_OPEN} AND c.zaaknummer IS NOT NULL AND c.deadline < ?"
    )
    params: list[object] = [today.isoformat()]
    if scope is not None:
        clause, values = _scope_clause(scope)
        sql += f" AND {clause}"
        params += values
    sql += " ORDER BY c.deadline, c.zaaknummer"
    found = []
    for row in rows_of(db, sql, params):
        deadline = iso_date(row["deadline"])
        assert deadline is not None  # selected by it
        found.append(
            OverdueCase(
                row["zaaknummer"],
                row["title"],
                deadline,
                (today - deadline).days,
                row["status"] == "postponed",
                row["ministry"],
            )
        )
    return found


def _scope_clause(scope: Scope) -> tuple[str, list[object]]:
    if scope.kind == "ministry":
        return "c.ministry = ?", [scope.value]
    column = "party" if scope.kind == "party" else "name"
    return (
        "c.case_key IN (SELECT case_key FROM actors WHERE role = 'asker' "
        f"AND {column} = ? COLLATE NOCASE)",
        [scope.value],
    )


def stat_rows(
    db: Database,
    since: dt.date,
    until: dt.date,
    *,
    by: str = "ministry",
    scope: Scope | None = None,
) -> list[StatRow]:
    """The sets submitted in [since, until), grouped by ministry or party, within a scope."""
    sql = (
        "SELECT c.case_key, c.status, c.submitted, c.answered, c.first_deadline, c.deadline, "
        "c.postponed, c.ministry FROM cases c WHERE c.zaaknummer IS NOT NULL "
        "AND c.submitted >= ? AND c.submitted < ?"
    )
    params: list[object] = [since.isoformat(), until.isoformat()]
    if scope is not None:
        clause, values = _scope_clause(scope)
        sql += f" AND {clause}"
        params += values
    rows = rows_of(db, sql, params)
    parties: dict[str, list[str]] = {}
    if by == "party":
        for row in rows_of(
            db,
            "SELECT a.case_key, a.party FROM actors a JOIN cases c ON c.case_key = a.case_key "
            "WHERE a.role = 'asker' AND c.submitted >= ? AND c.submitted < ? "
            "ORDER BY a.case_key, a.position",
            [since.isoformat(), until.isoformat()],
        ):
            parties.setdefault(row["case_key"], []).append(row["party"] or OTHER)
    return [
        StatRow(
            case_key=row["case_key"],
            status=row["status"],
            submitted=iso_date(row["submitted"]),
            answered=iso_date(row["answered"]),
            first_deadline=iso_date(row["first_deadline"]),
            deadline=iso_date(row["deadline"]),
            postponed=bool(row["postponed"]),
            groups=tuple(parties.get(row["case_key"]) or [OTHER])
            if by == "party"
            else (row["ministry"] or OTHER,),
        )
        for row in rows
    ]


# ---------------------------------------------------------------- what a person means

_PREFIXES = {
    "to": "ministry",
    "ministry": "ministry",
    "ministerie": "ministry",
    "party": "party",
    "partij": "party",
    "member": "member",
    "lid": "member",
}


def known_parties(db: Database) -> list[str]:
    """Every party that asked a stored set."""
    rows = rows_of(
        db, "SELECT DISTINCT party FROM actors WHERE role = 'asker' AND party IS NOT NULL"
    )
    return sorted(row["party"] for row in rows)


def _members(db: Database) -> list[str]:
    rows = rows_of(db, "SELECT DISTINCT name FROM actors WHERE role = 'asker'")
    return sorted(row["name"] for row in rows)


def resolve_scope(db: Database, text: str) -> Scope | None:
    """The ministry ("BZ", "Financiën", "to:VWS"), party ("D66", "party:VVD") or member
    ("Omtzigt", "member:Van der Plas") a person means; None when nothing is known by that name.
    Without a prefix a ministry goes first, then a party, then a member."""
    head, colon, rest = text.strip().partition(":")
    kind = _PREFIXES.get(head.strip().lower()) if colon else None
    wanted = " ".join((rest if kind else text).split())
    if not wanted:
        return None
    if kind in (None, "ministry"):
        ministry = find_ministry(wanted)
        if ministry is not None:
            return Scope("ministry", ministry.code, f"{ministry.code} ({ministry.name})")
    if kind in (None, "party"):
        party = next((p for p in known_parties(db) if fold(p) == fold(wanted)), None)
        if party is not None:
            return Scope("party", party, party)
    if kind in (None, "member"):
        member = _find_member(_members(db), wanted)
        if member is not None:
            return Scope("member", member, member)
    return None


def _find_member(names: list[str], wanted: str) -> str | None:
    """A stored asker's name: the whole name, else the surname ("Van der Plas" in
    "C.A.M. van der Plas")."""
    target = fold(wanted)
    for name in names:
        if fold(name) == target:
            return name
    for name in names:
        folded = fold(name)
        if folded.endswith(" " + target) or folded.endswith("." + target):
            return name
    return None


def chat_case_keys(db: Database, chat_id: int) -> list[str]:
    """The sets a chat follows and those its subscriptions brought it (its deliveries)."""
    rows = rows_of(
        db,
        "SELECT zaaknummer AS key FROM follows WHERE chat_id = ? UNION "
        "SELECT case_key FROM deliveries WHERE chat_id = ? AND case_key IS NOT NULL "
        "AND matched IS NOT NULL AND matched != '[]'",
        [chat_id, chat_id],
    )
    return sorted(row["key"] for row in rows)


@dataclass(frozen=True)
class CaseLine:
    """What a line about a set shows."""

    zaaknummer: str
    title: str | None
    status: str
    answered: dt.date | None
    deadline: dt.date | None


def case_lines(db: Database, keys: list[str]) -> list[CaseLine]:
    """The sets with these keys (that have a zaaknummer), in zaaknummer order."""
    found: list[CaseLine] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found += [
            CaseLine(
                row["zaaknummer"],
                row["title"],
                row["status"],
                iso_date(row["answered"]),
                iso_date(row["deadline"]),
            )
            for row in rows_of(
                db,
                "SELECT zaaknummer, title, status, answered, deadline FROM cases "
                f"WHERE case_key IN ({marks}) AND zaaknummer IS NOT NULL",
                chunk,
            )
        ]
    return sorted(found, key=lambda line: line.zaaknummer)


def weekly_due(db: Database, week: str) -> list[int]:
    """Active chats that want the weekly overview and have none for `week` yet."""
    rows = rows_of(
        db,
        "SELECT chat_id FROM chats WHERE weekly = 1 AND active = 1 AND paused = 0 "
        "AND chat_id NOT IN (SELECT chat_id FROM weekly_overviews WHERE week = ?) "
        "ORDER BY chat_id",
        [week],
    )
    return [row["chat_id"] for row in rows]


def make_weekly(db: Database, chat_id: int, week: str, now: str) -> int | None:
    """Queue the chat's overview of `week` as a delivery, once (one transaction); its id, or
    None when it was made before."""
    with db.atomic():
        taken = db.execute(
            "INSERT OR IGNORE INTO weekly_overviews (chat_id, week) VALUES (?, ?)", [chat_id, week]
        )
        if taken.rowcount == 0:
            return None
        delivery_id = db.execute(
            "INSERT INTO deliveries (chat_id, kind, payload, status, created_at) "
            "VALUES (?, 'weekly', ?, 'pending', ?)",
            [chat_id, json.dumps({"week": week}), now],
        ).lastrowid
        db.execute(
            "UPDATE weekly_overviews SET delivery_id = ? WHERE chat_id = ? AND week = ?",
            [delivery_id, chat_id, week],
        )
    return int(delivery_id or 0)


def asker_parties(db: Database, zaaknummers: list[str]) -> dict[str, list[str]]:
    """The askers' parties of each set (in order, each once)."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(zaaknummers), 500):
        chunk = zaaknummers[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in rows_of(
            db,
            "SELECT c.zaaknummer, a.party FROM actors a JOIN cases c ON c.case_key = a.case_key "
            f"WHERE a.role = 'asker' AND c.zaaknummer IN ({marks}) ORDER BY a.position",
            chunk,
        ):
            parties = found.setdefault(row["zaaknummer"], [])
            if (row["party"] or OTHER) not in parties:
                parties.append(row["party"] or OTHER)
    return found
