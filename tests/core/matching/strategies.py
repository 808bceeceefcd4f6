"""Hypothesis strategies for matching: texts of colliding words, cases, and valid queries."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kamervragen.core.matching import CaseText, QueryError, parse_query
from kamervragen.core.matching.query import Query
from kamervragen.core.model import Answer, Asker, Case, Question

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
    """A word, prefix, phrase or filter; sometimes with a restriction (which narrows: a query
    of restrictions alone is refused, so one never stands alone)."""
    kind = draw(st.integers(0, 7))
    if kind == 7:
        field = draw(st.sampled_from(["since", "until", "status"]))
        if field == "status":
            restriction = "status:" + draw(st.sampled_from([*STATUSES, "late"]))
        else:
            restriction = f"{field}:{draw(st.sampled_from(DATES[1:]))}"
        return f"{_fragment(draw)} {restriction}"
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


def _parsed(text: str) -> Query | None:
    try:
        return parse_query(text, max_length=1000)
    except QueryError:
        return None


def queries() -> st.SearchStrategy[Query]:
    """A valid parsed query (an invalid text is drawn again, not the whole example)."""
    return query_texts.map(_parsed).filter(lambda query: query is not None)  # type: ignore[return-value]


def _passage(draw: st.DrawFn, max_words: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words))
    pieces = [words[0]]
    for word in words[1:]:
        pieces += [draw(st.sampled_from(SEPARATORS)), word]
    return "".join(pieces)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A case of colliding words in its title, questions and answers, with random askers,
    addressees, dates and status."""
    count = draw(st.integers(1, 3))
    return Case(
        None,
        title=_passage(draw, 4) if draw(st.booleans()) else None,
        status=draw(st.sampled_from(STATUSES)),
        askers=[Asker(draw(st.sampled_from(NAMES)), draw(st.sampled_from(PARTIES)))],
        addressees=draw(st.lists(st.sampled_from(MINISTERS), max_size=2)),
        submitted=draw(st.sampled_from(DATES)),
        deadline=draw(st.sampled_from(DATES)),
        questions=[Question(i + 1, _passage(draw, 12)) for i in range(count)],
        answers=[Answer((i + 1,), _passage(draw, 12)) for i in range(draw(st.integers(0, count)))],
    )
