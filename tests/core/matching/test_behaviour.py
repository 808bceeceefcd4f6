"""The behaviour table of issue 4: each line is a test, checked on the naive path and the index."""

from __future__ import annotations

import datetime as dt

import pytest

from kamervragen.core.matching import CaseText, SubscriptionIndex, evaluate, highlight
from kamervragen.core.model import Answer, Asker, Case, Question
from tests.core.matching.conftest import case_text

MUST_MATCH = [
    ("cybersurveillance", "Cybersurveillance"),
    ("cybersurveillance", "cyber-surveillance"),
    ("cybersurveillance", "cyber surveillance"),
    ("cybersurveillance", "cybersurveillancegoederen"),
    ("cybersurveillance", "cybersurveillancetechnologie"),
    ("export control", "exportcontrole"),
    ("export control", "export-controle"),
    ("export control", "exportcontroles"),
    ("export control", "export controle"),
    ("gezichtsherkenning", "gezichtsherkenningssoftware"),
    ("emotieherkenning", "emotieherkenningssoftware"),
    ("mensenrechten", "mensenrechtenschendingen"),
    ("mensenrechten", "mensenrechtentoets"),
    ("mensenrechten", "mensenrecht"),
    ("financien", "Financiën"),
    ("dual-use", "dual-useverordening"),
    ("dual-use", "dual- useverordening"),
    ('"predictive policing"', "predictive policing"),
]

MUST_NOT_MATCH = [
    ("ei", "veiligheid"),
    ("ai", "trainen"),
    ("export control", "Wij praten over export. De controle daarvan is streng."),
]


def _both(query: str, text: CaseText) -> bool:
    """The naive answer, after checking that a one-subscription index gives the same."""
    index = SubscriptionIndex()
    index.add(1, query)
    naive = evaluate(query, text)
    assert index.match(text) == ({1} if naive else set())
    return naive


@pytest.mark.parametrize(("query", "text"), MUST_MATCH)
def test_must_match(query: str, text: str) -> None:
    """The query matches the text, embedded in a sentence."""
    assert _both(query, case_text(f"Het gaat hier over {text} in Nederland."))


@pytest.mark.parametrize(("query", "text"), MUST_NOT_MATCH)
def test_must_not_match(query: str, text: str) -> None:
    """The query does not match the text."""
    assert not _both(query, case_text(text))


def test_party_filter_ignores_text() -> None:
    """party:GroenLinks does not match a case asked by D66 whose text mentions GroenLinks."""
    text = case_text("GroenLinks vroeg eerder hetzelfde.", askers=[Asker("Sjoerdsma", "D66")])
    assert not _both("party:GroenLinks", text)


@pytest.mark.parametrize(
    "query",
    [
        "cybersurveillance",
        "export control",
        "emotieherkenning",
        "Xinjiang",
        "party:D66",
        'to:"Buitenlandse Handel"',
    ],
)
def test_seed_matches(query: str, seed_text: CaseText) -> None:
    """The seed case 2019Z15244 matches the issue's seed queries."""
    assert _both(query, seed_text)


def test_seed_does_not_match_stikstof(seed_text: CaseText) -> None:
    """The seed case is not about nitrogen."""
    assert not _both("stikstof", seed_text)


def test_seed_highlight(seed_case: Case) -> None:
    """Highlighting gives the seed's words as written, compounds and PDF breaks included."""
    words = highlight("export control", seed_case)
    assert words[:2] == ["exportcontrole", "exportcontroleregelgeving"]
    raw = CaseText(["Onder exportcon-\ntrole en export-\ncontroleregelgeving."])
    assert highlight("export control", raw) == ["exportcon-\ntrole", "export-\ncontroleregelgeving"]


@pytest.mark.parametrize("where", ["title", "question", "answer"])
def test_text_terms_search_title_questions_and_answers(where: str) -> None:
    """A text term is found in the title, in a question and in an answer."""
    blocks = {"title": "Over woningbouw", "question": "Wat doet u?", "answer": "Niets."}
    blocks[where] += " en stikstof."
    case = Case(
        "2024Z00002",
        title=blocks["title"],
        questions=[Question(1, blocks["question"])],
        answers=[Answer((1,), blocks["answer"])],
    )
    assert _both("stikstof", CaseText.from_case(case))


def test_empty_case_matches_nothing() -> None:
    """A case without any text or actors matches no text term and no filter."""
    text = CaseText.from_case(Case(None))
    assert not _both("stikstof", text)
    assert not _both("party:D66", text)
    assert not _both('"a b"', text)


def _dated(status: str, submitted: dt.date | None, deadline: dt.date | None) -> Case:
    return Case(
        "2024Z00003",
        title="Over stikstof",
        status=status,
        submitted=submitted,
        deadline=deadline,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stikstof since:2024-03-01", True),
        ("stikstof since:2024-03-02", False),
        ("stikstof until:2024-03-01", True),
        ("stikstof until:2024-02-29", False),
        ("stikstof status:open", True),
        ("stikstof status:answered", False),
        ("stikstof status:late", True),
        ("stikstof -status:late", False),
    ],
)
def test_restrictions_on_dates_and_status(query: str, expected: bool) -> None:
    """since:/until: include their day; status:late is open past the stored deadline."""
    case = _dated("open", dt.date(2024, 3, 1), dt.date(2024, 3, 22))
    text = CaseText.from_case(case, today=dt.date(2024, 3, 23))
    assert _both(query, text) is expected


def test_late_needs_an_open_case_past_its_deadline() -> None:
    """Not late: on the deadline itself, answered, or without a deadline; postponed is."""
    today = dt.date(2024, 3, 22)
    on_time = _dated("open", dt.date(2024, 3, 1), today)
    answered = _dated("answered", dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    undated = _dated("open", None, None)
    postponed = _dated("postponed", dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    late = [
        _both("stikstof status:late", CaseText.from_case(c, today))
        for c in (on_time, answered, undated, postponed)
    ]
    assert late == [False, False, False, True]


def test_a_case_without_a_date_passes_neither_since_nor_until() -> None:
    """No submission date: since: and until: fail, their negations pass."""
    text = CaseText.from_case(_dated("open", None, None))
    assert not _both("stikstof since:2000-01-01", text)
    assert not _both("stikstof until:2100-01-01", text)
    assert _both("stikstof -since:2000-01-01", text)
