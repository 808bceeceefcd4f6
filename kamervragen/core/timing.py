"""How long the answer to a case took, and how late it was: a small stand-in.

    answer_timing(case)   -> AnswerTiming(days=54, days_late=33), or None without both dates

It reads only what is stored: `case.submitted`, `case.answered` and `case.deadline` (which the
merge sets to three weeks after submission, three more after a postponement). Issue 13 brings
the deadline engine with `kamervragen.core.deadlines.answer_timing(case)`; when it lands, the
answer alert (`kamervragen.bot.rendering.answer_alert`) imports that instead, and this module goes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamervragen.core.model import Case


@dataclass(frozen=True)
class AnswerTiming:
    """Days from submission to answer; days past the deadline (0: on time; None: no deadline)."""

    days: int
    days_late: int | None


def answer_timing(case: Case) -> AnswerTiming | None:
    """The timing of an answered case, or None when the submission or answer date is unknown."""
    if case.submitted is None or case.answered is None:
        return None
    days = (case.answered - case.submitted).days
    if case.deadline is None:
        return AnswerTiming(days, None)
    return AnswerTiming(days, max(0, (case.answered - case.deadline).days))
