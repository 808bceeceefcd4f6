"""Finding cases over the matching index: exactly the engine's answer, newest first, and the
index kept in step with every save and delete."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from kamervragen.core.matching import CaseText, evaluate, parse_query
from kamervragen.core.matching.query import Query
from kamervragen.core.model import Case
from kamervragen.storage import cases
from kamervragen.storage.db import open_db
from kamervragen.storage.finder import find, narrow
from kamervragen.storage.schema import migrations
from tests.bot.seed_case import seed_case
from tests.core.matching.strategies import DATES, SETTINGS, queries
from tests.core.matching.strategies import cases as random_cases

TODAY = dt.date(2024, 3, 1)
NOW = "2024-03-01T00:00:00+00:00"


def _store(db: Database, stored: list[Case]) -> None:
    for i, case in enumerate(stored):
        cases.save_case(db, f"2024Z{i:05d}", dataclasses.replace(case, zaaknummer=None), NOW)


@functools.cache
def _database() -> Database:
    """One database for every example (emptied at the start of each)."""
    return open_db(memory=True)


@pytest.mark.slow
@settings(SETTINGS, max_examples=60)
@given(
    st.lists(random_cases(), min_size=1, max_size=6),
    st.lists(queries(), min_size=1, max_size=8),
    st.sampled_from(DATES),
)
def test_find_equals_the_engine_on_every_case(
    stored: list[Case], asked: list[Query], window: dt.date | None
) -> None:
    """For random cases and queries (restrictions included), find() gives exactly the cases
    the engine matches, in the same order; within a window too."""
    db = _database()
    for key, _ in list(cases.iter_cases(db)):
        cases.delete_case(db, key)
    _store(db, stored)
    newest_first = [(k, c, CaseText.from_case(c, TODAY)) for k, c in cases.iter_cases(db)]
    submitted = {k: c.submitted for k, c, _ in newest_first}
    for query in asked:
        expected = [k for k, _, text in newest_first if evaluate(query, text)]
        assert find(db, query, today=TODAY) == (expected, False)
        if window is not None:
            recent = [k for k in expected if (submitted[k] or dt.date.min) >= window]
            older = [k for k in expected if k not in recent]
            assert find(db, query, today=TODAY, since=window)[0] == recent
            assert find(db, query, today=TODAY, before=window)[0] == older


def test_the_oldest_case_is_found_among_thousands() -> None:
    """A query whose only match is the oldest stored case finds it, past 3,100 newer ones
    (more than the 3,000 newest that searches used to read)."""
    db = open_db(memory=True)
    with db.atomic():
        for i in range(3100):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500)
            case = Case(f"2020Z{i:05d}", title=f"Over stikstofbeleid nummer {i}", submitted=day)
            cases.save_case(db, f"2020Z{i:05d}", case, NOW)
        oldest = Case("2015Z00001", title="Over stikstof", submitted=dt.date(2015, 1, 1))
        cases.save_case(db, "2015Z00001", oldest, NOW)
    assert find(db, parse_query('"stikstof"'), today=TODAY) == (["2015Z00001"], False)


def test_limit_says_there_were_more() -> None:
    """At most `limit` keys, newest first, and a flag when more matched."""
    db = open_db(memory=True)
    for i in range(5):
        case = dataclasses.replace(seed_case(), submitted=dt.date(2024, 1, 1 + i))
        cases.save_case(db, f"K{i}", case, NOW)
    assert find(db, parse_query("cybersurveillance"), today=TODAY, limit=3) == (
        ["K4", "K3", "K2"],
        True,
    )
    assert find(db, parse_query("party:D66"), today=TODAY, limit=5) == (
        ["K4", "K3", "K2", "K1", "K0"],
        False,
    )


def test_saving_again_and_deleting_keep_the_index_in_step() -> None:
    """A case saved with another text is found by its new words only; a deleted case by none."""
    db = open_db(memory=True)
    cases.save_case(db, "K1", seed_case(), NOW)
    changed = dataclasses.replace(seed_case(), title="Over stikstof", questions=[], answers=[])
    cases.save_case(db, "K1", changed, NOW)
    assert find(db, parse_query("stikstof"), today=TODAY)[0] == ["K1"]
    assert find(db, parse_query("cybersurveillance"), today=TODAY)[0] == []
    cases.delete_case(db, "K1")
    assert find(db, parse_query("stikstof"), today=TODAY)[0] == []
    db.execute("INSERT INTO case_grams (case_grams) VALUES ('integrity-check')")


def test_what_the_index_and_sql_say_on_their_own() -> None:
    """Filters and restrictions are exact in SQL (sure is possible); a text term gives a
    phrase query with its words run together (none for a one-letter prefix, so an OR with one
    reads every row); a short word is looked up between spaces."""
    cond = narrow(parse_query("party:D66 -status:late since:2024-01-01").root, TODAY)
    assert cond.sure == cond.possible and cond.fts is None
    assert narrow(parse_query('"dual use" cyber*').root, TODAY).fts == '("dualuse") AND ("cyber")'
    assert narrow(parse_query("stikstof OR a*").root, TODAY).fts is None
    assert narrow(parse_query("ai").root, TODAY).fts == '" ai "'
    assert narrow(parse_query("controles").root, TODAY).fts == '"controles" OR "controle"'


def test_upgrading_indexes_the_stored_cases(tmp_path: Path) -> None:
    """A database from before the index gets every stored case indexed by the migration."""
    db = Database(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m006_case_match")
    db.execute(
        "INSERT INTO cases (case_key, zaaknummer, submitted, status, data) VALUES (?, ?, ?, ?, ?)",
        ["2019Z15244", "2019Z15244", "2019-07-18", "answered", json.dumps(seed_case().to_json())],
    )
    db.close()
    upgraded = open_db(tmp_path / "old.db")
    assert find(upgraded, parse_query("export control"), today=TODAY)[0] == ["2019Z15244"]
