"""SubscriptionIndex: add, remove and replace without a rebuild; shared and compiled queries."""

from __future__ import annotations

import pytest

from kamervragen.core.matching import CaseText, QueryError, SubscriptionIndex, evaluate, parse_query
from kamervragen.core.matching.compiled import CaseEvaluation, compile_root, terms_of
from kamervragen.core.matching.query import Term
from kamervragen.core.model import Asker
from tests.core.matching.conftest import case_text

QUERIES = [
    "stikstof",
    "boeren stikstof",
    "ammoniak OR mest",
    "stikstof -Groningen",
    "party:BBB",
    "party:BBB stikstof",
    "to:Landbouw",
    "member:Vedder",
    '"natuur vergunning"',
    "natuur*",
    "eu",
]
TEXT = "De stikstofuitstoot van boeren daalt. Een natuur-vergunning is nodig binnen de EU."


@pytest.fixture
def text() -> CaseText:
    """A nitrogen case asked by BBB, addressed to the agriculture minister."""
    return case_text(
        TEXT,
        askers=[Asker("Vedder", "CDA")],
        addressees=["Minister van Landbouw, Natuur en Voedselkwaliteit"],
    )


def test_match_equals_naive_loop(text: CaseText) -> None:
    """The index returns exactly the subscriptions whose query evaluates true."""
    index = SubscriptionIndex()
    for sub_id, query in enumerate(QUERIES):
        index.add(sub_id, query)
    expected = {i for i, q in enumerate(QUERIES) if evaluate(q, text)}
    assert index.match(text) == expected == {0, 1, 3, 6, 7, 8, 9, 10}


def test_add_and_remove_without_rebuild(text: CaseText) -> None:
    """New words wait in the pending list; the automaton is not remade for each change."""
    index = SubscriptionIndex(pending_limit=4)
    words = ["boeren", "stikstof", "natuur", "daalt", "nodig", "binnen"]
    for sub_id in range(100):
        index.add(sub_id, words[sub_id % len(words)])
    assert index.match(text) == set(range(100))
    assert index.stats["automaton_builds"] == 1
    index.add(500, "vergunning")
    assert index.stats["pending_keys"] == 1
    assert 500 in index.match(text)
    assert index.stats["automaton_builds"] == 1
    assert index.remove(500) is True
    assert index.remove(7) is True
    assert index.match(text) == set(range(100)) - {7}
    assert index.stats["automaton_builds"] == 1
    assert index.stats["pending_keys"] == 0
    assert len(index) == 99


def test_pending_words_are_folded_in_when_many(text: CaseText) -> None:
    """Past the pending limit, the next match adds the words to the automaton in one go."""
    index = SubscriptionIndex(pending_limit=2)
    for sub_id, word in enumerate(["stikstof", "boeren", "natuur", "vergunning"]):
        index.add(sub_id, word)
    assert index.match(text) == {0, 1, 2, 3}
    assert index.stats == {
        "subscriptions": 4,
        "queries": 4,
        "text_keys": 4,
        "pending_keys": 0,
        "automaton_builds": 1,
    }


def test_identical_queries_share_one_entry(text: CaseText) -> None:
    """Subscriptions with the same meaning are evaluated once."""
    index = SubscriptionIndex()
    index.add(1, "Stikstof")
    index.add(2, "stikstof")
    index.add(3, parse_query("STIKSTOF"))
    assert index.stats["queries"] == 1
    assert index.match(text) == {1, 2, 3}
    index.remove(2)
    assert index.match(text) == {1, 3}


def test_readding_an_id_replaces_its_query(text: CaseText) -> None:
    """add() with a known id replaces that subscription's query."""
    index = SubscriptionIndex()
    index.add(1, "stikstof")
    index.add(1, "Xinjiang")
    assert len(index) == 1
    assert index.match(text) == set()
    assert index.stats["queries"] == 1


def test_remove_unknown_id() -> None:
    """Removing an id that is not there says so."""
    assert SubscriptionIndex().remove(42) is False


def test_bad_query_string_raises_query_error() -> None:
    """add() parses a string and passes on the QueryError."""
    with pytest.raises(QueryError, match="unclosed quote"):
        SubscriptionIndex().add(1, '"stikstof')


@pytest.mark.parametrize("query", QUERIES)
def test_compiled_equals_tree_walk(query: str, text: CaseText) -> None:
    """The compiled form of each query decides like the reference tree walk."""
    root = parse_query(query).root
    terms = {t.key: t for t in terms_of(root)}
    evaluation = CaseEvaluation(text, present=_all_present(text, terms), terms=terms)
    assert evaluation(compile_root(root)) is evaluate(query, text)


def _all_present(text: CaseText, terms: dict[str, Term]) -> set[str]:
    """Every key of the terms, so no shortcut applies and only the compiled logic is tested."""
    return {key for term in terms.values() for key in term.keys}


def test_pair_postings_need_both_keys() -> None:
    """A query with two required parts is a candidate only when both keys are present, and
    every partner of a shared key is found."""
    index = SubscriptionIndex()
    for sub_id, query in enumerate(
        ["party:CDA stikstof", "party:CDA boeren", "party:CDA ammoniak", "party:CDA Xinjiang"]
    ):
        index.add(sub_id, query)
    assert index._pairs and not index._singles  # all four are posted under pairs
    text = case_text("Stikstof, ammoniak en boeren.", askers=[Asker("Boswijk", "CDA")])
    assert index.match(text) == {0, 1, 2}
    other = case_text("Stikstof, ammoniak en boeren.", askers=[Asker("Vedder", "BBB")])
    assert index.match(other) == set()
