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

import datetime as dt
import math
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
