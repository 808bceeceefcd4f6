"""Parsing queries: the tree each construct gives, and the exact message for each mistake."""

from __future__ import annotations

import pytest

from kamervragen.core.matching import QueryError, parse_query
from kamervragen.core.matching.query import EXACT, PREFIX, WORD, And, Filter, Near, Not, Or, Term


def test_plain_words_form_a_same_sentence_group() -> None:
    """Words written next to each other become one Near group (English terms also search
    their Dutch forms: see test_glossary)."""
    root = parse_query("stikstof boeren").root
    assert root == Near((Term(WORD, ("stikstof",)), Term(WORD, ("boeren",))))


def test_explicit_and_separates_words() -> None:
    """AND between words makes them independent terms anywhere in the case."""
    root = parse_query("export AND control").root
    assert root == And((Term(WORD, ("export",)), Term(WORD, ("control",))))


def test_or_binds_weaker_than_and() -> None:
    """`a OR b -c` is `a OR (b AND NOT c)`."""
    root = parse_query("stikstof OR ammoniak -boeren").root
    assert root == Or(
        (
            Term(WORD, ("stikstof",)),
            And((Term(WORD, ("ammoniak",)), Not(Term(WORD, ("boeren",))))),
        )
    )


def test_parentheses_group() -> None:
    """Parentheses override precedence."""
    root = parse_query("(stikstof OR ammoniak) boeren").root
    assert root == And(
        (Or((Term(WORD, ("stikstof",)), Term(WORD, ("ammoniak",)))), Term(WORD, ("boeren",)))
    )


def test_not_and_dash_are_the_same() -> None:
    """`NOT x` and `-x` give the same tree; a double negation cancels."""
    assert parse_query("a1b2 NOT boeren") == parse_query("a1b2 -boeren")
    assert parse_query("stikstof --boeren").root == parse_query("stikstof AND boeren").root


def test_term_kinds() -> None:
    """4+ letters: word; 3 or fewer: exact; `*`: prefix; quotes: exact phrase."""
    assert parse_query("cyber*").root == Term(PREFIX, ("cyber",))
    assert parse_query("ai").root == Term(EXACT, ("ai",))
    assert parse_query('"predictive policing"').root == Term(EXACT, ("predictive", "policing"))
    assert parse_query("Financiën").root == Term(WORD, ("financien",))


def test_restrictions_are_normalised() -> None:
    """since: and until: keep their ISO date, status: its folded word; they have no keys."""
    root = parse_query("stikstof since:2024-01-01 until:2024-12-31 status:LATE").root
    assert root == And(
        (
            Term(WORD, ("stikstof",)),
            Filter("since", "2024-01-01"),
            Filter("until", "2024-12-31"),
            Filter("status", "late"),
        )
    )
    assert isinstance(root, And) and all(f.keys == frozenset() for f in root.items[1:])  # type: ignore[union-attr]


def test_filters_are_normalised() -> None:
    """Filter values are folded; a party keeps letters and digits only."""
    assert parse_query("party:GroenLinks-PvdA").root == Filter("party", "groenlinkspvda")
    assert parse_query('member:"Van Ojik"').root == Filter("member", "van ojik")
    assert parse_query('to:"Buitenlandse Handel"').root == Filter("to", "buitenlandse handel")
    assert parse_query("TO:Financiën").root == Filter("to", "financien")


def test_typographic_quotes() -> None:
    """Quotes typed on a phone (“ ”) work like straight ones."""
    assert parse_query("“predictive policing”") == parse_query('"predictive policing"')


def test_queries_compare_by_meaning() -> None:
    """Spelling differences that normalise away give equal queries."""
    assert parse_query("Cyber-Surveillance") == parse_query("cybersurveillance")


ERRORS = [
    ('stikstof "boeren', "unclosed quote at position 9", 9),
    (
        "partij:D66",
        'unknown filter "partij:" at position 0 '
        "(use party:, member:, to:, since:, until:, status:)",
        0,
    ),
    (
        "stikstof since:2024-13-01",
        'bad date "2024-13-01" for since: at position 9 (use YYYY-MM-DD, e.g. 2024-01-31)',
        9,
    ),
    (
        "stikstof until:gisteren",
        'bad date "gisteren" for until: at position 9 (use YYYY-MM-DD, e.g. 2024-01-31)',
        9,
    ),
    (
        "stikstof since:2024-1-5",
        'bad date "2024-1-5" for since: at position 9 (use YYYY-MM-DD, e.g. 2024-01-31)',
        9,
    ),
    (
        "stikstof status:closed",
        'unknown status "closed" at position 9 (use open, answered, postponed, withdrawn, late)',
        9,
    ),
    ("stikstof status:", "status: needs a value at position 9", 9),
    (
        "status:late since:2024-01-01",
        "since:, until: and status: only narrow a query at position 0 "
        "(add a word, phrase or filter that must occur)",
        0,
    ),
    (
        "party:D66 OR status:open",
        "since:, until: and status: only narrow a query at position 13 "
        "(add a word, phrase or filter that must occur)",
        13,
    ),
    ("x" * 231, "query too long: 231 characters (limit 200)", 0),
    ("   ", "empty query", 0),
    ("stikstof NOT", "NOT needs a term after it at position 9", 9),
    ("stikstof -", '"-" needs a term right after it at position 9', 9),
    ("(stikstof OR boeren", "unclosed parenthesis at position 0", 0),
    ("stikstof)", 'unmatched ")" at position 8', 8),
    ("stikstof OR", "OR needs a term on both sides at position 9", 9),
    ("OR stikstof", "OR needs a term on both sides at position 0", 0),
    ("stikstof AND", "AND needs a term on both sides at position 9", 9),
    ("stikstof ()", "empty parentheses at position 9", 9),
    ("cy*ber", '"*" can only end a word at position 2', 2),
    ("party: D66", "party: needs a value at position 0", 0),
    ("stikstof !!!", '"!!!" has no letters or digits at position 9', 9),
    ('""', "quotes with no letters or digits inside at position 0", 0),
    (
        "-stikstof",
        "only excluded terms at position 0 (add a word, phrase or filter that must occur)",
        0,
    ),
    (
        "boeren OR -stikstof",
        "only excluded terms at position 10 (add a word, phrase or filter that must occur)",
        10,
    ),
    ("((((((((((((a))))))))))))", "parentheses nested deeper than 10 at position 10", 10),
]


@pytest.mark.parametrize(("query", "message", "position"), ERRORS)
def test_error_messages(query: str, message: str, position: int) -> None:
    """A bad query raises QueryError with a one-line message naming what and where."""
    with pytest.raises(QueryError) as caught:
        parse_query(query, max_length=200)
    assert str(caught.value) == message
    assert caught.value.position == position
    assert isinstance(caught.value, ValueError)


def test_length_limit_is_configurable() -> None:
    """max_length changes the limit."""
    with pytest.raises(QueryError, match=r"^query too long: 9 characters \(limit 8\)$"):
        parse_query("stikstof1", max_length=8)
    assert parse_query("x" * 250, max_length=300).root == Term(WORD, ("x" * 250,))


def test_exclusions_are_fine_next_to_a_required_term() -> None:
    """An OR with an excluded branch is accepted when something else is required."""
    root = parse_query("(boeren OR -stikstof) Groningen").root
    assert root == And(
        (
            Or((Term(WORD, ("boeren",)), Not(Term(WORD, ("stikstof",))))),
            Term(WORD, ("groningen",)),
        )
    )
