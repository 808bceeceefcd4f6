"""Statistics against the hand-computed fixture (tests/stats_fixture.py)."""

from __future__ import annotations

from kamervragen.core.deadlines import is_postponed
from kamervragen.core.ministries import ministry_code
from kamervragen.core.stats import Figures, StatRow, by_group, figures, percentile
from kamervragen.storage.db import open_db
from tests.stats_fixture import TODAY, save_fixture

BZ = Figures(5, 3, 21.0, 46, 50.0, 40.0, 2, 1)
FIN = Figures(4, 4, 40.0, 60, 25.0, 25.0, 0, 0)
ALL = Figures(9, 7, 30.0, 60, 37.5, 33.3, 2, 1)


def _rows() -> list[StatRow]:
    return [
        StatRow(
            c.zaaknummer or "",
            c.status,
            c.submitted,
            c.answered,
            c.first_deadline,
            c.deadline,
            is_postponed(c),
            (ministry_code(c.addressees) or "?",),
        )
        for c in save_fixture(open_db(memory=True))
    ]


def test_figures_of_all_sets_match_the_hand_computed_ones() -> None:
    """Asked, answered, median, p90, on time, postponed, open and overdue of all nine."""
    assert figures(_rows(), TODAY) == ALL


def test_figures_per_ministry_slowest_first() -> None:
    """Financiën (median 40) before Buitenlandse Zaken (median 21), each as computed."""
    assert by_group(_rows(), TODAY) == [("FIN", FIN), ("BZ", BZ)]


def test_percentile_is_the_nearest_rank() -> None:
    """ceil(0.9 n): of 10 values the 9th, of 11 the 10th, of one that one; none gives None."""
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
    assert percentile([7], 0.9) == 7 and percentile([], 0.9) is None


def test_an_empty_group_has_no_times() -> None:
    """No rows: zero counts and no median, shares or percentile."""
    assert figures([], TODAY) == Figures(0, 0, None, None, None, None, 0, 0)
