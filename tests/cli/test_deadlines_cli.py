"""`kamervragen overdue` and `kamervragen stats` on the hand-computed fixture."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from kamervragen.bot.rendering.stats import chart_size
from kamervragen.cli import main
from kamervragen.storage.db import open_db
from tests.stats_fixture import save_fixture


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A database file holding the fixture."""
    path = tmp_path / "kv.db"
    save_fixture(open_db(path))
    return str(path)


def test_stats_json_has_the_hand_computed_figures(
    db_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """All and per ministry, slowest first, as computed by hand."""
    assert main(["--db", db_path, "stats", "--json", "--today", "2025-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["since"], data["until"], data["by"]) == ("2024-06-02", "2025-06-01", "ministry")
    assert data["all"] == {
        "asked": 9,
        "answered": 7,
        "median_days": 30.0,
        "p90_days": 60,
        "on_time_pct": 37.5,
        "postponed_pct": 33.3,
        "open": 2,
        "overdue": 1,
    }
    assert [(g["group"], g["median_days"], g["on_time_pct"]) for g in data["groups"]] == [
        ("FIN", 40.0, 25.0),
        ("BZ", 21.0, 50.0),
    ]


def test_stats_by_party_since_and_png(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--by party, --since, and --png writes the chart (one bar per party)."""
    png = tmp_path / "chart.png"
    args = ["--db", db_path, "stats", "--by", "party", "--since", "2025-02-01"]
    assert main([*args, "--png", str(png), "--today", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2025-02-01 to 2025-06-01, per party"
    assert "asked     5" in out.splitlines()[1]  # Z003, Z004, Z005, Z009, Z010
    assert Image.open(io.BytesIO(png.read_bytes())).size == chart_size(3)


def test_overdue_lists_counts_and_refuses_unknown_scopes(
    db_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one overdue set, as text, JSON and counted per party; an unknown scope exits 2."""
    today = ["--today", "2025-06-01"]
    assert main(["--db", db_path, "overdue", *today]) == 0
    assert capsys.readouterr().out.startswith("2025Z00004    48 days overdue (postponed)")
    assert main(["--db", db_path, "overdue", "BZ", "--json", *today]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["zaaknummer"], item["days_overdue"], item["postponed"]) == ("2025Z00004", 48, True)
    assert main(["--db", db_path, "overdue", "--by", "party", "--json", *today]) == 0
    assert json.loads(capsys.readouterr().out) == [{"group": "SP", "overdue": 1}]
    assert main(["--db", db_path, "overdue", "Narnia"]) == 2
    assert "'Narnia' is no known ministry, party or member" in capsys.readouterr().err


def test_help_does_not_import_matplotlib() -> None:
    """`kamervragen --help` leaves matplotlib (and holidays) unimported."""
    code = (
        "import sys\nfrom kamervragen.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('matplotlib', 'holidays') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"
