"""Merging documents into a case: further answers, notices and the order of arrival."""

from __future__ import annotations

import datetime as dt
import itertools

from kamervragen.core.merge import merge_documents
from kamervragen.core.model import Answer, ParsedDocument, Question

SUBMITTED = dt.date(2025, 3, 3)


def _doc(kind: str, **fields) -> ParsedDocument:  # type: ignore[no-untyped-def]
    return ParsedDocument(
        kind=kind, title="De stikstofuitstoot", submitted=SUBMITTED, content_hash=kind, **fields
    )


QUESTION = _doc("question", questions=[Question(1, "Eén?"), Question(2, "Twee?")])
ANSWER = _doc(
    "answer",
    answers=[Answer((1,), "Ja.")],
    answered=dt.date(2025, 3, 20),
    answered_by="Minister A",
)
FURTHER = _doc(
    "further_answer",
    answers=[Answer((1,), "Aanvulling."), Answer((2,), "Nu wel.")],
    answered=dt.date(2025, 5, 1),
    answered_by="Minister B",
)
POSTPONED = _doc("postponement", notice="Later.")


def test_further_answer_adds_to_the_answer() -> None:
    """A further answer completes what the answer left open and adds to what it said."""
    case = merge_documents("2025Z00001", [QUESTION, ANSWER, FURTHER])
    assert [(a.numbers, a.text) for a in case.answers] == [
        ((1,), "Ja.\n\nNader antwoord: Aanvulling."),
        ((2,), "Nader antwoord: Nu wel."),
    ]
    assert case.answered == dt.date(2025, 3, 20)  # the first answer's date
    assert case.answered_by == "Minister A"
    assert case.status == "answered" and case.warnings == []


def test_answer_without_an_answer_to_every_question_warns() -> None:
    """An answered case with a question nobody answered says which."""
    case = merge_documents("2025Z00001", [QUESTION, ANSWER])
    assert case.warnings == ["no answer to question 2"]


def test_postponement_moves_the_deadline() -> None:
    """A postponed case is due six weeks after submission instead of three."""
    assert merge_documents("2025Z00001", [QUESTION]).deadline == dt.date(2025, 3, 24)
    case = merge_documents("2025Z00001", [QUESTION, POSTPONED])
    assert (case.status, case.deadline, case.notice) == (
        "postponed",
        dt.date(2025, 4, 14),
        "Later.",
    )


def test_order_of_arrival_does_not_matter() -> None:
    """Every order of the same documents gives the same case."""
    cases = {
        repr(merge_documents("2025Z00001", list(order)).to_json())
        for order in itertools.permutations([QUESTION, ANSWER, FURTHER, POSTPONED])
    }
    assert len(cases) == 1
