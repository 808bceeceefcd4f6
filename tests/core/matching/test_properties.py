"""Property tests: the index gives exactly the naive loop's answer, before and after changes."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kamervragen.core.matching import CaseText, QueryError, SubscriptionIndex, evaluate, parse_query
from kamervragen.core.matching.query import Query
from kamervragen.core.model import Asker

# Words chosen to collide: compounds, short words inside long ones, cross-word look-alikes.
WORDS = [
    "export",
    "controle",
    "control",
    "cyber",
    "surveillance",
    "ai",
    "ei",
    "de",
    "te",
    "rente",
    "waren",
    "boer",
    "boeren",
    "mensen",
    "rechten",
    "mensenrecht",
    "dual",
    "use",
    "stikstof",
    "veiligheid",
    "Financiën",
    "exportcontroles",
    "technology",
    "technologie",
    "el",
    "deel",
]
SEPARATORS = [" ", " ", " ", "-", "- ", "-\n", ". ", "\n\n", ", ", "’"]
PARTIES = ["D66", "GroenLinks", "GroenLinks-PvdA", "VVD"]
NAMES = ["Sjoerdsma", "Van Ojik", "Sjoerd Jansen"]
MINISTERS = ["Minister van Financiën", "Minister voor Buitenlandse Handel", "Minister van Defensie"]
DATES = [None, dt.date(2019, 7, 18), dt.date(2024, 1, 1), dt.date(2024, 6, 30)]
STATUSES = ["open", "answered", "postponed", "withdrawn"]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def texts(draw: st.DrawFn) -> CaseText:
    """A case text of colliding words with random joiners, and random actors."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    pieces = [words[0]]
    for word in words[1:]:
        pieces.append(draw(st.sampled_from(SEPARATORS)))
        pieces.append(word)
    askers = [Asker(draw(st.sampled_from(NAMES)), draw(st.sampled_from(PARTIES)))]
    addressees = draw(st.lists(st.sampled_from(MINISTERS), max_size=2))
    return CaseText(
        ["".join(pieces)],
        askers,
        addressees,
        submitted=draw(st.sampled_from(DATES)),
        status=draw(st.sampled_from(STATUSES)),
        late=draw(st.booleans()),
    )


def _fragment(draw: st.DrawFn) -> str:
    """A vocabulary word or a slice of one (so prefixes and infixes get exercised)."""
    word = draw(st.sampled_from(WORDS))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(word) - 1))
        end = draw(st.integers(start + 1, len(word)))
        word = word[start:end]
    return word


@st.composite
def atoms(draw: st.DrawFn) -> str:
    """A word, prefix, phrase, filter or restriction."""
    kind = draw(st.integers(0, 7))
    if kind == 7:
        field = draw(st.sampled_from(["since", "until", "status"]))
        if field == "status":
            return "status:" + draw(st.sampled_from([*STATUSES, "late"]))
        return f"{field}:{draw(st.sampled_from(DATES[1:]))}"
    if kind <= 2:
        return _fragment(draw)
    if kind == 3:
        return _fragment(draw) + "*"
    if kind == 4:
        words = [_fragment(draw) for _ in range(draw(st.integers(1, 3)))]
        return '"' + " ".join(words) + '"'
    field, values = draw(
        st.sampled_from(
            [("party", PARTIES), ("member", [*NAMES, "Ojik"]), ("to", ["Financiën", "Handel"])]
        )
    )
    value = draw(st.sampled_from(values))
    return f'{field}:"{value}"' if " " in value else f"{field}:{value}"


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, children).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(children, children).map(lambda p: f"{p[0]} AND {p[1]}"),
        st.tuples(children, children).map(lambda p: f"{p[0]} OR {p[1]}"),
        children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"NOT {c}"),
        children.map(lambda c: f"({c})"),
    )


query_texts = st.recursive(atoms(), _combine, max_leaves=6)


@st.composite
def queries(draw: st.DrawFn) -> Query:
    """A valid parsed query."""
    text = draw(query_texts)
    try:
        return parse_query(text, max_length=1000)
    except QueryError:
        assume(False)
        raise


@SETTINGS
@given(st.lists(queries(), min_size=1, max_size=40), st.lists(texts(), min_size=1, max_size=3))
def test_index_equals_naive_loop(subscriptions: list[Query], cases: list[CaseText]) -> None:
    """For random queries and texts, match() is exactly the set the naive loop finds."""
    index = SubscriptionIndex(pending_limit=3)
    for sub_id, query in enumerate(subscriptions):
        index.add(sub_id, query)
    for text in cases:
        naive = {i for i, q in enumerate(subscriptions) if evaluate(q, text)}
        assert index.match(text) == naive


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 12), queries()),
        st.tuples(st.just("remove"), st.integers(0, 12), st.none()),
        st.tuples(st.just("match"), st.none(), st.none()),
    ),
    min_size=1,
    max_size=30,
)


@SETTINGS
@given(operations, texts(), st.integers(0, 3))
def test_index_stays_equal_after_changes(
    ops: list[tuple[str, int | None, Query | None]], text: CaseText, pending_limit: int
) -> None:
    """After any sequence of add, remove (and matches in between), match() equals the naive loop."""
    index = SubscriptionIndex(pending_limit=pending_limit)
    model: dict[int, Query] = {}
    for op, sub_id, query in ops:
        if op == "add":
            assert sub_id is not None and query is not None
            index.add(sub_id, query)
            model[sub_id] = query
        elif op == "remove":
            assert index.remove(sub_id) is (model.pop(sub_id, None) is not None)  # type: ignore[arg-type]
        naive = {i for i, q in model.items() if evaluate(q, text)}
        if op == "match":
            assert index.match(text) == naive
    assert len(index) == len(model)
    assert index.match(text) == {i for i, q in model.items() if evaluate(q, text)}
