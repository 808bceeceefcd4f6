"""Benchmark: `kamervragen stats --json` on 15,000 stored cases.

Run: `python -m benchmarks.stats [--cases 15000] [--seed 1]`. It stores generated cases (spread
over 18 months, addressed to 15 ministries in several spellings, asked by 15 parties, 80 %
answered, a fifth postponed) through `save_case` into a database file, checks that the figures
of the command equal those of a naive computation over every case's JSON (the baseline: what
the command would cost without the columns m007 added), and prints on its last line
`cases=... stats_json_ms=... baseline_ms=... speedup=... process_s=... cli_import_s=...`:

- `stats_json_ms`: the command in this process (`main([... "stats", "--json"])`), median of 5;
- `baseline_ms`: loading every case's JSON and computing the same figures, median of 3;
- `process_s`: the whole `kamervragen stats --json` process, median of 3, and `cli_import_s`
  the part of it that is Python importing `kamervragen.cli` (every command pays it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kamervragen.cli import main
from kamervragen.core.deadlines import answer_timing, is_postponed
from kamervragen.core.ministries import OTHER, ministry_code
from kamervragen.core.model import Asker, Case, DocumentRef, SourceIds
from kamervragen.core.stats import StatRow, by_group, default_period, figures
from kamervragen.storage.cases import iter_cases, save_case
from kamervragen.storage.db import open_db

ADDRESSEES = [
    "Minister van Buitenlandse Zaken",
    "minister van BZ",
    "Minister van Financiën",
    "Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst",
    "Minister van Volksgezondheid, Welzijn en Sport",
    "Minister voor Medische Zorg",
    "Minister van Justitie en Veiligheid",
    "Minister van Asiel en Migratie",
    "Minister van Infrastructuur en Waterstaat",
    "Minister van Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Minister van Onderwijs, Cultuur en Wetenschap",
    "Minister van Sociale Zaken en Werkgelegenheid",
    "Minister van Economische Zaken",
    "Minister voor Klimaat en Groene Groei",
    "Minister van Defensie",
    "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
    "Minister voor Volkshuisvesting en Ruimtelijke Ordening",
    "Minister-President",
]
PARTIES = [
    "PVV", "GL-PvdA", "VVD", "NSC", "D66", "BBB", "CDA", "SP",
    "DENK", "PvdD", "FvD", "SGP", "CU", "Volt", "JA21",
]  # fmt: skip
NOTICE = DocumentRef("postponement", "syncfeed", SourceIds())


def build(path: Path, count: int, today: dt.date, rng: random.Random) -> None:
    """Store `count` generated cases."""
    db = open_db(path)
    with db.atomic():
        for i in range(count):
            submitted = today - dt.timedelta(days=rng.randrange(540))
            postponed = rng.random() < 0.2
            answered = None
            status = "open"
            roll = rng.random()
            if roll < 0.8:
                days = int(rng.lognormvariate(3.3, 0.5))
                if submitted + dt.timedelta(days=days) <= today:
                    answered, status = submitted + dt.timedelta(days=days), "answered"
            elif roll < 0.82:
                status = "withdrawn"
            if status == "open" and postponed:
                status = "postponed"
            first = submitted + dt.timedelta(days=21)
            case = Case(
                f"{submitted.year}Z{i:05d}",
                title=f"Vragen over onderwerp {i}",
                status=status,
                askers=[Asker(f"Lid {i % 150}", PARTIES[i % len(PARTIES)])],
                addressees=[rng.choice(ADDRESSEES)],
                submitted=submitted,
                answered=answered,
                first_deadline=first,
                deadline=first + dt.timedelta(days=21) if postponed else first,
                documents=[NOTICE] if postponed else [],
            )
            save_case(db, f"K{i:05d}", case, "2025-01-01T00:00:00+00:00")
    db.close()


def baseline(path: Path, today: dt.date) -> dict[str, object]:
    """The same figures from every case's JSON, without the m007 columns."""
    db = open_db(path)
    since, _ = default_period(today)
    rows = []
    for key, case in iter_cases(db, since=since.isoformat()):
        if case.submitted is None or case.submitted > today:
            continue
        answer_timing(case)  # what a per-case computation would do besides
        rows.append(
            StatRow(
                key,
                case.status,
                case.submitted,
                case.answered,
                case.first_deadline,
                case.deadline,
                is_postponed(case),
                (ministry_code(case.addressees) or OTHER,),
            )
        )
    db.close()
    return {
        "all": figures(rows, today).to_json(),
        "groups": [{"group": g, **f.to_json()} for g, f in by_group(rows, today)],
    }


def run_command(path: Path) -> dict[str, object]:
    """`kamervragen stats --json` in this process; its JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(path), "stats", "--json"]) == 0
    return dict(json.loads(out.getvalue()))


def timed(function: object, runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main_() -> None:
    """Build, check, time, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stats.db"
        start = time.perf_counter()
        build(path, args.cases, today, random.Random(args.seed))
        print(f"built {args.cases} cases in {time.perf_counter() - start:.1f} s")
        command_s, data = timed(lambda: run_command(path), 5)
        baseline_s, expected = timed(lambda: baseline(path, today), 3)
        got = data  # type: ignore[assignment]
        assert got["all"] == expected["all"], (got["all"], expected["all"])  # type: ignore[index]
        assert got["groups"] == expected["groups"]  # type: ignore[index]
        print(f"all: {got['all']}")  # type: ignore[index]
        command = [sys.executable, "-m", "kamervragen.cli", "--db", str(path), "stats", "--json"]
        process_s, _ = timed(lambda: subprocess.run(command, check=True, capture_output=True), 3)
        importing = [sys.executable, "-c", "import kamervragen.cli"]
        import_s, _ = timed(lambda: subprocess.run(importing, check=True), 3)
    print(
        f"cases={args.cases} stats_json_ms={command_s * 1000:.1f} "
        f"baseline_ms={baseline_s * 1000:.1f} speedup={baseline_s / command_s:.1f} "
        f"process_s={process_s:.2f} cli_import_s={import_s:.2f}"
    )


if __name__ == "__main__":
    main_()
