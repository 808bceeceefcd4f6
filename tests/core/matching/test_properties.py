"""Property tests: the index gives exactly the naive loop's answer, before and after changes;
partial knowledge never contradicts the engine."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kamervragen.core.matching import CaseText, SubscriptionIndex, evaluate
from kamervragen.core.matching.evaluate import decide
from kamervragen.core.matching.query import And, Near, Node, Not, Or, Query, Term
from tests.core.matching.strategies import SETTINGS, queries, texts


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


@SETTINGS
@given(queries(), texts(), st.sampled_from(["none", "exact", "absent"]))
def test_decide_never_contradicts_the_engine(query: Query, text: CaseText, knowledge: str) -> None:
    """Whatever is known of the terms (nothing, everything, or only which are absent), a
    settled answer of decide() is the engine's, and full knowledge settles all but groups."""

    def known(term: Term) -> bool | None:
        found = text.term_any(term)
        if knowledge == "exact" or (knowledge == "absent" and not found):
            return found
        return None

    settled = decide(query.root, known, text)
    if settled is not None:
        assert settled == evaluate(query, text)
    if knowledge == "exact" and not _has_group(query.root):
        assert settled is not None


def _has_group(node: Node) -> bool:
    if isinstance(node, Near):
        return True
    if isinstance(node, Not):
        return _has_group(node.item)
    return isinstance(node, And | Or) and any(_has_group(i) for i in node.items)
