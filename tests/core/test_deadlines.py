"""The deadline rule, working days, when deadline events fall due, and answer timing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kamervragen.core.deadlines import (
    DUE_SOON,
    OVERDUE,
    OVERDUE_AFTER_POSTPONEMENT,
    DeadlineEvent,
    Postponement,
    answer_timing,
    case_deadlines,
    due_events,
    event_day,
    is_working_day,
    notice_term,
    working_days_before,
)
from kamervragen.core.merge import merge_documents
from kamervragen.core.model import Case, DocumentRef, ParsedDocument, SourceIds

D = dt.date
JAN_8 = D(2025, 1, 8)


def test_first_deadline_is_the_termijn_else_three_weeks() -> None:
    """The Zaak's termijn wins; without it, three weeks after submission."""
    assert case_deadlines(JAN_8, D(2025, 1, 30), []).current == D(2025, 1, 30)
    found = case_deadlines(JAN_8, None, [])
    assert (found.first, found.current) == (D(2025, 1, 29), D(2025, 1, 29))


def test_a_postponement_gives_three_weeks_after_the_first_deadline() -> None:
    """A notice before the first deadline: six weeks after submission, however the termijn."""
    found = case_deadlines(JAN_8, D(2025, 1, 29), [Postponement(D(2025, 1, 27))])
    assert (found.first, found.current) == (D(2025, 1, 29), D(2025, 2, 19))


def test_a_late_notice_gives_three_weeks_from_its_own_date() -> None:
    """A notice after the first deadline counts three weeks from the notice."""
    found = case_deadlines(JAN_8, None, [Postponement(D(2025, 2, 3))])
    assert found.current == D(2025, 2, 24)


def test_the_term_a_notice_gives_wins() -> None:
    """'Binnen vier weken' counts from the notice's date; a later explicit date wins too."""
    text = "Ik verwacht de vragen binnen vier weken te kunnen beantwoorden."
    assert notice_term(text, D(2025, 1, 27)) == D(2025, 2, 24)
    text = "De antwoorden zal ik u uiterlijk 14 maart 2025 doen toekomen."
    assert notice_term(text, D(2025, 1, 27)) == D(2025, 3, 14)
    found = case_deadlines(JAN_8, None, [Postponement(D(2025, 1, 27), D(2025, 3, 14))])
    assert found.current == D(2025, 3, 14)


def test_the_usual_term_a_notice_cannot_keep_is_no_new_term() -> None:
    """'Niet binnen de gebruikelijke termijn van drie weken' and 'zo spoedig mogelijk' give
    nothing."""
    text = (
        "De vragen kunnen niet binnen de gebruikelijke termijn van drie weken worden "
        "beantwoord. Ik zal uw Kamer zo spoedig mogelijk de antwoorden doen toekomen."
    )
    assert notice_term(text, D(2025, 1, 27)) is None
    assert notice_term("kunnen niet binnen drie weken worden beantwoord", JAN_8) is None


def test_a_termijn_the_source_moved_is_the_postponed_deadline() -> None:
    """A termijn more than four weeks after submission on a postponed set is the new term."""
    found = case_deadlines(JAN_8, D(2025, 2, 26), [Postponement(D(2025, 1, 27))])
    assert (found.first, found.current) == (D(2025, 1, 29), D(2025, 2, 26))


def test_merge_fixes_the_new_deadline_of_a_zaak_with_a_termijn() -> None:
    """The defect: a Zaak's termijn no longer hides the postponement's new deadline."""
    zaak = ParsedDocument(kind="zaak", format="syncfeed", submitted=JAN_8, deadline=D(2025, 1, 29))
    notice = ParsedDocument(kind="postponement", format="syncfeed", received=D(2025, 1, 27))
    case = merge_documents("2025Z00123", [zaak, notice])
    assert (case.status, case.first_deadline, case.deadline) == (
        "postponed",
        D(2025, 1, 29),
        D(2025, 2, 19),
    )


def test_working_days_skip_weekends_and_dutch_holidays() -> None:
    """Easter Monday 2025 and King's Day (Saturday 26 April) are no working days."""
    assert not is_working_day(D(2025, 4, 21))  # Easter Monday
    assert not is_working_day(D(2025, 4, 26))  # King's Day, a Saturday
    assert is_working_day(D(2025, 4, 22))
    assert working_days_before(D(2025, 4, 23), 2) == D(2025, 4, 17)  # past Easter and Good Friday
    assert working_days_before(D(2025, 1, 13), 2) == D(2025, 1, 9)  # Monday -> Thursday


def test_events_fall_due_on_their_days() -> None:
    """due_soon two working days before (through the deadline day), overdue the day after."""
    deadline = D(2025, 1, 29)  # a Wednesday
    assert due_events(deadline, False, D(2025, 1, 26)) == []
    assert due_events(deadline, False, D(2025, 1, 27)) == [DeadlineEvent(DUE_SOON, deadline)]
    assert due_events(deadline, False, D(2025, 1, 29)) == [DeadlineEvent(DUE_SOON, deadline)]
    assert due_events(deadline, False, D(2025, 1, 30)) == [DeadlineEvent(OVERDUE, deadline)]
    assert due_events(deadline, True, D(2025, 1, 30)) == [
        DeadlineEvent(OVERDUE_AFTER_POSTPONEMENT, deadline)
    ]
    assert due_events(deadline, False, D(2025, 2, 7)) == []  # past the catch-up window


def test_event_day_starts_at_eight_in_amsterdam() -> None:
    """07:59 Amsterdam time is still yesterday for deadline events; 08:00 is today."""
    early = dt.datetime(2025, 1, 30, 6, 59, tzinfo=dt.UTC)  # 07:59 CET
    assert event_day(early) == D(2025, 1, 29)
    assert event_day(early + dt.timedelta(minutes=1)) == D(2025, 1, 30)


def _answered(submitted: dt.date, answered: dt.date, **changes: object) -> Case:
    case = Case("2025Z00001", status="answered", submitted=submitted, answered=answered)
    return dataclasses.replace(case, **changes)  # type: ignore[arg-type]


def test_answer_timing_counts_lateness_from_the_first_deadline() -> None:
    """46 days after submission is 25 days late; on the deadline day is on time."""
    late = answer_timing(_answered(JAN_8, JAN_8 + dt.timedelta(days=46)))
    assert (late.days_taken, late.days_late, late.on_time, late.postponed) == (46, 25, False, False)
    on_day = answer_timing(_answered(JAN_8, D(2025, 1, 29), first_deadline=D(2025, 1, 29)))
    assert (on_day.days_taken, on_day.days_late, on_day.on_time) == (21, None, True)


def test_answer_timing_knows_postponement_and_unknowns() -> None:
    """A postponed answer says so; an open case or an unknown date gives no timing."""
    notice = DocumentRef("postponement", "syncfeed", SourceIds())
    timing = answer_timing(_answered(JAN_8, D(2025, 2, 10), documents=[notice]))
    assert (timing.days_late, timing.on_time, timing.postponed) == (12, False, True)
    assert answer_timing(Case("2025Z00001", submitted=JAN_8)).days_taken is None
    no_submission = answer_timing(Case("2025Z00001", status="answered", answered=JAN_8))
    assert (no_submission.days_taken, no_submission.on_time) == (None, None)
