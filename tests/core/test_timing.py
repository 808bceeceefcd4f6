"""How long an answer took and how late it was (kamervragen.core.timing)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kamervragen.core.model import Case
from kamervragen.core.timing import AnswerTiming, answer_timing

CASE = Case(
    "2019Z15244",
    submitted=dt.date(2019, 7, 18),
    answered=dt.date(2019, 9, 10),
    deadline=dt.date(2019, 8, 8),
)


def test_days_taken_and_days_late_from_the_stored_dates() -> None:
    """The seed: 54 days from submission, 33 past the deadline as stored."""
    assert answer_timing(CASE) == AnswerTiming(54, 33)


def test_on_time_and_no_deadline() -> None:
    """On or before the deadline is 0 days late; no stored deadline says nothing about it."""
    on_time = dataclasses.replace(CASE, answered=dt.date(2019, 8, 8))
    assert answer_timing(on_time) == AnswerTiming(21, 0)
    assert answer_timing(dataclasses.replace(CASE, deadline=None)) == AnswerTiming(54, None)


def test_unknown_dates_give_nothing() -> None:
    """Without a submission or an answer date there is no timing."""
    assert answer_timing(dataclasses.replace(CASE, answered=None)) is None
    assert answer_timing(dataclasses.replace(CASE, submitted=None)) is None
