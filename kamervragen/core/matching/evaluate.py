"""Decide one query for one case (the naive path), and name the words that made it match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kamervragen.core.matching.parser import parse_query
from kamervragen.core.matching.query import And, CaseFacts, Filter, Near, Node, Not, Or, Query, Term
from kamervragen.core.matching.text import CaseText
from kamervragen.core.model import Case


class TermMasks:
    """Per-case memo of term answers for the tree walk (the naive path and highlighting)."""

    __slots__ = ("_any", "_masks", "text")

    def __init__(self, text: CaseText) -> None:
        self.text = text
        self._any: dict[str, bool] = {}
        self._masks: dict[str, int] = {}

    def any(self, term: Term) -> bool:
        """Does `term` match anywhere in the case?"""
        found = self._any.get(term.key)
        if found is None:
            found = self._any[term.key] = self.text.term_any(term)
        return found

    def mask(self, term: Term) -> int:
        """Bit i set if `term` matches in sentence i of the case."""
        found = self._masks.get(term.key)
        if found is None:
            found = self._masks[term.key] = self.text.term_mask(term) if self.any(term) else 0
        return found


def as_query(query: Query | str) -> Query:
    """A Query as is, a string parsed without a length limit (raising QueryError)."""
    return query if isinstance(query, Query) else parse_query(query)


def evaluate(query: Query | str, text: CaseText) -> bool:
    """Does `query` match the case? Evaluates this one query on its own."""
    return as_query(query).root.matches(TermMasks(text))


def decide(node: Node, known: Callable[[Term], bool | None], facts: CaseFacts) -> bool | None:
    """The node's answer for a case of which only some terms are known (`known(term)`: True,
    False, or None when unknown), and every filter from `facts`: True or False when that
    settles it, None when it depends on an unknown term. A same-sentence group is settled only
    when one of its terms is known not to match."""
    if isinstance(node, Term):
        return known(node)
    if isinstance(node, Filter):
        return node.holds(facts)
    if isinstance(node, Near):
        return False if any(known(t) is False for t in node.terms) else None
    if isinstance(node, Not):
        inner = decide(node.item, known, facts)
        return None if inner is None else not inner
    settled = isinstance(node, And)  # an AND of all True is True, an OR of all False is False
    unknown = False
    for item in node.items:
        value = decide(item, known, facts)
        if value is None:
            unknown = True
        elif value is not settled:
            return value  # a False in an AND, a True in an OR
    return None if unknown else settled


def highlight(query: Query | str, case: Case | CaseText) -> list[str]:
    """The words of the case (as written) that the query's required terms matched, in text
    order, each once. Negated terms are not highlighted; a group only in its sentences."""
    text = case if isinstance(case, CaseText) else CaseText.from_case(case)
    words = set().union(*(w for w, _ in matched_words(as_query(query), text).values()))
    return list(dict.fromkeys(text.surfaces[w] for w in sorted(words)))


def matched_words(query: Query, text: CaseText) -> dict[int, tuple[set[int], set[str]]]:
    """Per sentence, the indices of the words the query's required terms matched there, and
    the keys of those terms (a text made `from_case`; negated terms and filters mark none)."""
    found: dict[int, tuple[set[int], set[str]]] = {}
    for term, sentences in _scoped_terms(query.root, TermMasks(text)):
        for sentence, first, last in text.occurrences(term):
            if sentences >> sentence & 1:
                words, keys = found.setdefault(sentence, (set(), set()))
                words.update(range(first, last + 1))
                keys.add(term.key)
    return found


def _scoped_terms(node: Node, masks: TermMasks) -> list[tuple[Term, int]]:
    """Positive terms with the sentences (mask) their matches count in."""
    if isinstance(node, Term):
        return [(node, -1)]
    if isinstance(node, Near):
        common = -1
        for term in node.terms:
            common &= masks.mask(term)
        return [(term, common) for term in node.terms]
    if isinstance(node, And | Or):
        return [pair for item in node.items for pair in _scoped_terms(item, masks)]
    return []  # Not and Filter highlight nothing


@dataclass(frozen=True)
class Hit:
    """A case a query matched, with the matched words."""

    case: Case
    words: list[str]


def search(query: Query | str, cases: list[Case]) -> list[Hit]:
    """The cases `query` matches, newest first (answered, else submitted date)."""
    parsed = as_query(query)
    hits = []
    for case in cases:
        text = CaseText.from_case(case)
        if parsed.root.matches(TermMasks(text)):
            hits.append(Hit(case, highlight(parsed, text)))
    hits.sort(key=lambda h: _newest(h.case), reverse=True)
    return hits


def _newest(case: Case) -> tuple[dt.date, str]:
    return (case.answered or case.submitted or dt.date.min, case.zaaknummer or "")
