"""When a set of written questions must be answered, when its deadline events fall due, and how
long its answer took.

The rule (Reglement van Orde van de Tweede Kamer: questions are answered within three weeks; a
minister who cannot says so, with reasons, and gets three weeks more; the Kamer's weekly list of
late questions counts three weeks, or six after a postponement notice):

- the first deadline is the Zaak's own `termijn` when the source gives one, else three weeks
  after submission;
- after a postponement notice, the deadline is the term the notice gives ("binnen vier weken",
  "uiterlijk 14 februari 2025"), else a `termijn` the source moved (more than four weeks after
  submission), else three weeks after the first deadline, or after the notice's own date when
  the notice came later than that (a late notice still gives three weeks);
- an answer, an answer by letter or a withdrawal ends the clock.

    case_deadlines(date(2025, 1, 8), None, [])                         -> first = current = 29 Jan
    due_events(deadline, postponed=False, today=...)                    -> [DeadlineEvent(...)]
    answer_timing(case)   -> AnswerTiming(days_taken=46, days_late=25, on_time=False, ...)

Working days are Monday to Friday except the Dutch public holidays of the `holidays` package
(imported on first use: it takes a fifth of a second).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kamervragen.core.dates import ANSWER_DAYS, parse_dutch_date
from kamervragen.core.model import Case
from kamervragen.core.text import fold

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

DUE_SOON = "due_soon"
OVERDUE = "overdue"
OVERDUE_AFTER_POSTPONEMENT = "overdue_after_postponement"
DEADLINE_KINDS = frozenset({DUE_SOON, OVERDUE, OVERDUE_AFTER_POSTPONEMENT})

DUE_SOON_WORKING_DAYS = 2  # `due_soon` falls this many working days before the deadline
EVENT_HOUR = 8  # a deadline event of a day is recorded from 08:00 Amsterdam time on
LATE_WINDOW = 7  # days after its day that a missed event is still recorded (after downtime)
MOVED_TERMIJN = 28  # a Zaak termijn this many days after submission or later was moved
OPEN_STATUSES = ("open", "postponed")  # the clock runs; answered and withdrawn stop it


@dataclass(frozen=True)
class Postponement:
    """A postponement notice: its date ("ontvangen"), and the term it gives, if any."""

    received: dt.date | None
    term: dt.date | None = None


@dataclass(frozen=True)
class Deadlines:
    """The first deadline (three weeks, or the Zaak's termijn) and the current one."""

    first: dt.date | None
    current: dt.date | None


def case_deadlines(
    submitted: dt.date | None, termijn: dt.date | None, postponements: Sequence[Postponement]
) -> Deadlines:
    """The first and the current deadline of a set, by the rule in the module docstring."""
    rule = submitted + dt.timedelta(days=ANSWER_DAYS) if submitted else None
    if not postponements:
        first = termijn or rule
        return Deadlines(first, first)
    moved = bool(termijn and submitted and termijn >= submitted + dt.timedelta(days=MOVED_TERMIJN))
    first = rule if moved else (termijn or rule)
    given = [p.term for p in postponements if p.term]
    if given:
        current: dt.date | None = max(given)
    elif moved:
        current = termijn
    else:
        dates = [d for d in (first, *(p.received for p in postponements)) if d]
        current = max(dates) + dt.timedelta(days=ANSWER_DAYS) if dates else None
    if first and current and current < first:
        current = first  # a postponement never brings the deadline forward
    return Deadlines(first, current)


_WORDS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8}
_WITHIN_WEEKS = re.compile(r"(\w+)\s+binnen\s+(?:een\s+termijn\s+van\s+)?(\w+)\s+weken")
_BY_DATE = re.compile(r"\b(?:uiterlijk|voor|op)\s+(\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4})")
_ANSWERING = re.compile(r"beantwoord|antwoord|toekomen|toesturen|sturen|zenden")
_SENTENCE = re.compile(r"[^.!?]{1,600}")


def notice_term(text: str | None, received: dt.date | None) -> dt.date | None:
    """The new term a postponement notice gives: "binnen vier weken" (from its date) or
    "uiterlijk 14 februari 2025"; never the usual term it says it cannot keep."""
    if not text:
        return None
    for sentence in _SENTENCE.findall(fold(text)[:4000]):
        if not _ANSWERING.search(sentence) or "gebruikelijke" in sentence:
            continue
        for match in _WITHIN_WEEKS.finditer(sentence):
            weeks = _WORDS.get(match.group(2)) or (
                int(match.group(2)) if match.group(2).isdigit() else None
            )
            if match.group(1) != "niet" and weeks and received and weeks <= 26:
                return received + dt.timedelta(weeks=weeks)
        for match in _BY_DATE.finditer(sentence):
            day = parse_dutch_date(match.group(1))
            if day and (received is None or day > received):
                return day
    return None


# ---------------------------------------------------------------- working days


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    from holidays.countries.netherlands import Netherlands  # a fifth of a second: on first use

    return frozenset(Netherlands(years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The working day `count` working days before `day`."""
    current = day
    for _ in range(count):
        current -= dt.timedelta(days=1)
        while not is_working_day(current):
            current -= dt.timedelta(days=1)
    return current


# ---------------------------------------------------------------- deadline events


@dataclass(frozen=True)
class DeadlineEvent:
    """A deadline event that has fallen due for a case: its kind and the deadline it is about."""

    kind: str
    deadline: dt.date

    @property
    def document(self) -> str:
        """The event's key beside (case, kind): one event per kind and deadline."""
        return f"deadline:{self.deadline.isoformat()}"


def event_day(now: dt.datetime) -> dt.date:
    """The day whose deadline events are due at `now`: today in Amsterdam from EVENT_HOUR on,
    yesterday before it (nobody gets an alert at night)."""
    local = now.astimezone(AMSTERDAM)
    return local.date() if local.hour >= EVENT_HOUR else local.date() - dt.timedelta(days=1)


def due_events(deadline: dt.date | None, postponed: bool, today: dt.date) -> list[DeadlineEvent]:
    """The deadline events of an open case that are due on `today` (an `event_day`):
    `due_soon` from two working days before the deadline to the deadline, `overdue` (or
    `overdue_after_postponement`) from the day after it, each up to LATE_WINDOW days late."""
    if deadline is None:
        return []
    found = []
    soon = working_days_before(deadline, DUE_SOON_WORKING_DAYS)
    if soon <= today <= min(deadline, soon + dt.timedelta(days=LATE_WINDOW)):
        found.append(DeadlineEvent(DUE_SOON, deadline))
    late = deadline + dt.timedelta(days=1)
    if late <= today <= late + dt.timedelta(days=LATE_WINDOW):
        found.append(DeadlineEvent(OVERDUE_AFTER_POSTPONEMENT if postponed else OVERDUE, deadline))
    return found


def is_postponed(case: Case) -> bool:
    """Did a postponement notice come for the case (whatever happened after)?"""
    return case.status == "postponed" or any(d.kind == "postponement" for d in case.documents)


def days_overdue(deadline: dt.date | None, today: dt.date) -> int:
    """Days since the deadline passed (0 when it has not)."""
    return max(0, (today - deadline).days) if deadline else 0


# ---------------------------------------------------------------- answer timing


@dataclass(frozen=True)
class AnswerTiming:
    """How long an answer took: days from submission, days past the first deadline (None when
    on time or unknown), whether it came by the first deadline (None when unknown), and whether
    a postponement notice came first."""

    days_taken: int | None
    days_late: int | None
    on_time: bool | None
    postponed: bool = False


def first_deadline(case: Case) -> dt.date | None:
    """The case's first deadline (stored; else three weeks after submission)."""
    if case.first_deadline:
        return case.first_deadline
    return case.submitted + dt.timedelta(days=ANSWER_DAYS) if case.submitted else None


def answer_timing(case: Case) -> AnswerTiming:
    """ "Answered after 46 days (25 days late)" or "on time", for an answered case; lateness
    counts from the first deadline, as the Kamer's own list does."""
    postponed = is_postponed(case)
    if case.status != "answered" or case.answered is None:
        return AnswerTiming(None, None, None, postponed)
    taken = case.days_taken()
    first = first_deadline(case)
    if first is None:
        return AnswerTiming(taken, None, None, postponed)
    late = (case.answered - first).days
    return AnswerTiming(taken, late if late > 0 else None, late <= 0, postponed)
