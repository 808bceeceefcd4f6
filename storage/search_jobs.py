"""Searches as jobs for worker processes: plain data in and out, the database opened by path.

    request = Request("export control", today, limit=100, show=5)
    result = run(db, request)                        # in this thread, on an open database
    result = run_on_file("kamervragen.db", request)  # in a worker: its own connection

`run` finds the matching cases (`storage.finder`) and, for the first `show` of them, what a
reader sees of each match: the words the query matched and a snippet of the sentence
(`Shown`). `show_on_file` does the latter for given keys (the later pages of a search);
`status_on_file` counts what the operators' /status shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kamervragen.core.matching import CaseText, Snippet, highlight, parse_query, snippet
from kamervragen.core.matching.query import Query
from kamervragen.storage.cases import load_case
from kamervragen.storage.db import Database, open_reader
from kamervragen.storage.finder import find
from kamervragen.storage.status import status_data


@dataclass(frozen=True)
class Request:
    """A search: the query as typed, the day (for `status:late`), an optional window of
    submission dates (`since` on or after, `before` before or unknown), at most `limit` keys,
    and how many of the first get their words and snippet."""

    query: str
    today: dt.date
    since: dt.date | None = None
    before: dt.date | None = None
    limit: int | None = None
    show: int = 0


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one match: the words the query matched, and the snippet."""

    case_key: str
    words: tuple[str, ...]
    snippet: Snippet | None


@dataclass(frozen=True)
class Result:
    """The keys found (newest first), whether there were more, and the first few shown."""

    keys: tuple[str, ...]
    more: bool
    shown: tuple[Shown, ...]


def run(db: Database, request: Request) -> Result:
    """Find the cases, and show the first few."""
    query = parse_query(request.query)  # checked by the caller; a stored query has no limit
    keys, more = find(
        db,
        query,
        today=request.today,
        since=request.since,
        before=request.before,
        limit=request.limit,
    )
    return Result(tuple(keys), more, _show(db, query, keys[: request.show], request.today))


def show(db: Database, query: str, keys: tuple[str, ...], today: dt.date) -> tuple[Shown, ...]:
    """The words and snippet of each of these cases (those still stored)."""
    return _show(db, parse_query(query), list(keys), today)


def _show(db: Database, query: Query, keys: list[str], today: dt.date) -> tuple[Shown, ...]:
    shown = []
    for key in keys:
        case = load_case(db, key)
        if case is not None:
            text = CaseText.from_case(case, today)
            shown.append(Shown(key, tuple(highlight(query, text)), snippet(query, text)))
    return tuple(shown)


def ready() -> bool:
    """A worker's first job: by now it has imported what searching needs."""
    return True


def run_on_file(path: str, request: Request) -> Result:
    """`run` on its own connection to the database file (in a worker)."""
    db = open_reader(path)
    try:
        return run(db, request)
    finally:
        db.close()


def show_on_file(path: str, query: str, keys: tuple[str, ...], today: dt.date) -> tuple[Shown, ...]:
    """`show` on its own connection to the database file (in a worker)."""
    db = open_reader(path)
    try:
        return show(db, query, keys, today)
    finally:
        db.close()


def status_on_file(path: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """`storage.status.status_data` on its own connection to the database file."""
    db = open_reader(path)
    try:
        return status_data(db, now)
    finally:
        db.close()
