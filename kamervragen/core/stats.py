"""Answer-time statistics of a group of question sets: pure functions of plain rows.

Of the sets asked in the period (withdrawn ones left out):

- `asked`, and `answered` (so far);
- `median_days` and `p90_days` from submission to answer, over the answered ones (the median
  of an even count is the mean of the middle two; the 90th percentile is the nearest rank:
  the value at position ceil(0.9 n) of the sorted days);
- `on_time_pct`: answered by the first deadline, of the sets that can be judged (answered, or
  still open with the first deadline passed);
- `postponed_pct`: sets that got a postponement notice, of those asked;
- `open` now, and `overdue` now (open with the current deadline passed).

    figures(rows, today)                      -> Figures for all rows
    by_group(rows, today, key=lambda r: r.groups)   -> [(group, Figures)], slowest first
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from kamervragen.core.deadlines import OPEN_STATUSES


@dataclass(frozen=True)
class StatRow:
    """What the statistics need of one set of questions."""

    case_key: str
    status: str
    submitted: dt.date | None
    answered: dt.date | None
    first_deadline: dt.date | None
    deadline: dt.date | None
    postponed: bool
    groups: tuple[str, ...] = ()  # the ministries or parties it counts for


@dataclass(frozen=True)
class Figures:
    """The figures of one group (or of all)."""

    asked: int
    answered: int
    median_days: float | None
    p90_days: int | None
    on_time_pct: float | None
    postponed_pct: float | None
    open: int
    overdue: int

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object."""
        return asdict(self)


def percentile(values: Sequence[int], share: float) -> int | None:
    """The nearest-rank percentile: the value at position ceil(share * n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(rows: Iterable[StatRow], today: dt.date) -> Figures:
    """The figures of these rows (withdrawn sets are left out)."""
    kept = [r for r in rows if r.status != "withdrawn"]
    days = [
        (r.answered - r.submitted).days
        for r in kept
        if r.status == "answered" and r.answered and r.submitted
    ]
    judged = on_time = 0
    for row in kept:
        if row.first_deadline is None:
            continue
        if row.status == "answered" and row.answered:
            judged += 1
            on_time += row.answered <= row.first_deadline
        elif row.status in OPEN_STATUSES and row.first_deadline < today:
            judged += 1
    still_open = [r for r in kept if r.status in OPEN_STATUSES]
    overdue = [r for r in still_open if r.deadline and r.deadline < today]
    median = statistics.median(days) if days else None
    return Figures(
        asked=len(kept),
        answered=sum(1 for r in kept if r.status == "answered"),
        median_days=float(median) if median is not None else None,
        p90_days=percentile(days, 0.9),
        on_time_pct=_pct(on_time, judged),
        postponed_pct=_pct(sum(1 for r in kept if r.postponed), len(kept)),
        open=len(still_open),
        overdue=len(overdue),
    )


def by_group(
    rows: Iterable[StatRow],
    today: dt.date,
    key: Callable[[StatRow], Iterable[str]] = lambda row: row.groups,
) -> list[tuple[str, Figures]]:
    """Figures per group (a row counts in each of its groups), the slowest median first; groups
    without an answer last, by name."""
    grouped: dict[str, list[StatRow]] = {}
    for row in rows:
        for group in dict.fromkeys(key(row)):
            grouped.setdefault(group, []).append(row)
    result = [(group, figures(members, today)) for group, members in grouped.items()]
    return sorted(result, key=_slowest_first)


def _slowest_first(item: tuple[str, Figures]) -> tuple[int, float, str]:
    group, found = item
    if found.median_days is None:
        return (1, 0.0, group)
    return (0, -found.median_days, group)


# ---------------------------------------------------------------- periods

DEFAULT_MONTHS = 12
_RELATIVE = re.compile(r"(\d{1,3})\s?(d|w|m|y|j)")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years", "j": "years"}


class PeriodError(ValueError):
    """Text that is not a period /stats understands."""


def months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, today included."""
    return months_back(today, DEFAULT_MONTHS) + dt.timedelta(days=1), today


def parse_period(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of "30d", "8w", "6m", "1y" (or "1j"), "2024", "2025-03",
    "2025-01-01" (until today) or "2025-01-01..2025-03-31"; PeriodError otherwise."""
    word = text.strip().lower()
    relative = _RELATIVE.fullmatch(word)
    try:
        if relative:
            count, unit = int(relative.group(1)), _UNITS[relative.group(2)]
            if count == 0:
                raise PeriodError(text)
            if unit == "days":
                first = today - dt.timedelta(days=count - 1)
            elif unit == "weeks":
                first = today - dt.timedelta(weeks=count) + dt.timedelta(days=1)
            else:
                months = count * (12 if unit == "years" else 1)
                first = months_back(today, months) + dt.timedelta(days=1)
            return _checked(first, today, text)
        if re.fullmatch(r"\d{4}", word):
            year = int(word)
            return _checked(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
        if re.fullmatch(r"\d{4}-\d{2}", word):
            first = dt.date.fromisoformat(word + "-01")
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            return _checked(first, last, text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
            return _checked(dt.date.fromisoformat(word), today, text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}", word):
            first_text, last_text = word.split("..")
            first, last = dt.date.fromisoformat(first_text), dt.date.fromisoformat(last_text)
            return _checked(first, last, text)
    except (ValueError, OverflowError) as exc:  # 2025-13, 2025-02-30, a year 0
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(text) from None
    raise PeriodError(text)


def _checked(first: dt.date, last: dt.date, text: str) -> tuple[dt.date, dt.date]:
    if first > last or first.year < 1900:
        raise PeriodError(text)
    return first, last
