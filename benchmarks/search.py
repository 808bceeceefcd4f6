"""Benchmark: /search, the /subscribe preview and `kamervragen match` over five years of cases,
against evaluating every stored case with the engine, and checked equal to it.

    python -m benchmarks.search [--cases 15000] [--subscriptions 100000] [--queries 300]
                                [--db PATH]   # reuse (or keep) the corpus in PATH

A corpus of 15,000 cases and 100,000 subscriptions is built (`benchmarks.corpus`). Then, for a
few hundred random queries (drawn as `benchmarks.match` draws subscriptions) and hand-picked
ones (the issue's, short words, prefixes, NOT, filters, since:/until:/status:):

- search: what one /search costs in its worker: find the newest 100 matches and show the first
  page (matched words and snippets); preview: what /subscribe adds (the count of the last 90
  days with the newest three shown, else the newest older match);
- exhaustive: evaluating every stored case with the engine, as a search without the index
  must: each case's text built once for all queries (timed once), plus each query's own
  evaluations; `identical` says whether every query found exactly these cases, in order;
- match_cli_s: the slowest of a few `kamervragen match` runs, wall time, start-up included.

Last line: `cases=... search_p50_ms=... search_p95_ms=... preview_p95_ms=... match_cli_s=...
exhaustive_p50_ms=... speedup=... identical=true`, with the start-up of `kamervragen --help` and
`kamervragen case` on the line before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import build
from benchmarks.match import make_query, percentile, vocabulary
from kamervragen.core.matching import CaseText, evaluate, parse_query
from kamervragen.core.matching.query import Query
from kamervragen.storage import cases
from kamervragen.storage.db import open_db
from kamervragen.storage.finder import find
from kamervragen.storage.search_jobs import Request, run

TODAY = dt.date(2025, 1, 1)
PREVIEW_DAYS = 90
HAND_PICKED = [
    '"predictive policing"',
    "exportcontrole",
    "export control",
    "cybersurveillance",
    "mensenrechten",
    "human rights",
    "technology",
    "stikstof -boeren",
    "stikstof OR ammoniak",
    "(stikstof OR ammoniak) boeren",
    "ai",
    "eu",
    "NS",
    "ggz",
    "a*",
    "cyber*",
    "zorg*",
    "beleid",
    "rente",
    "toeslagensector",
    "party:D66",
    "member:Omtzigt",
    'to:"Buitenlandse Zaken"',
    "party:D66 -status:answered",
    "stikstof since:2024-01-01",
    "klimaat until:2020-12-31",
    "woningbouw status:late",
    "asiel status:postponed party:VVD",
    "pensioen -party:VVD since:2023-06-01",
    "status:late party:SP",
    "Ter Apel",
    '"Natura 2000"',
    "NOT-bestaand-woord-xyz",
]
MATCH_QUERIES = ['"predictive policing"', "exportcontrole", "beleid", "party:D66 status:late"]


def ms(seconds: float) -> float:
    """Seconds as milliseconds."""
    return seconds * 1000


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """(result, seconds) of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def preview(db, text: str) -> int:  # type: ignore[no-untyped-def]
    """The /subscribe preview as the bot's Finder asks it: the window, else the older match."""
    since = TODAY - dt.timedelta(days=PREVIEW_DAYS)
    window = run(db, Request(text, TODAY, since=since, show=3))
    if not window.keys:
        run(db, Request(text, TODAY, before=since, limit=1, show=1))
    return len(window.keys)


def exhaustive(db, queries: list[Query]) -> tuple[list[list[str]], float, list[float]]:  # type: ignore[no-untyped-def]
    """Every stored case through the engine: the matches of each query (newest first), the
    seconds spent reading and building every case's text, and each query's own seconds."""
    found: list[list[str]] = [[] for _ in queries]
    spent = [0.0] * len(queries)
    building = 0.0
    started = time.perf_counter()
    for n, (key, case) in enumerate(cases.iter_cases(db)):
        text, seconds = timed(CaseText.from_case, case, TODAY)
        building += seconds
        for i, query in enumerate(queries):
            matched, seconds = timed(evaluate, query, text)
            spent[i] += seconds
            if matched:
                found[i].append(key)
        if n % 1000 == 999:
            elapsed = time.perf_counter() - started
            print(f"\r  exhaustive: {n + 1} cases ({elapsed:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    reading = time.perf_counter() - started - sum(spent) - building
    return found, building + reading, spent


def wall(command: list[str]) -> float:
    """Seconds a command takes, start-up included."""
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    """Build or open the corpus, run every measurement, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=15_000)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="random queries (300)")
    parser.add_argument("--db", type=Path, help="the corpus file: reused if it exists, kept")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "corpus.db"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.cases, args.subscriptions)
            print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return measure(path, args)


def measure(path: Path, args: argparse.Namespace) -> int:
    """Everything but the build."""
    db = open_db(path)
    stored = cases.count(db)
    rng = random.Random(args.seed)
    words = vocabulary()
    texts = list(
        dict.fromkeys([*HAND_PICKED, *(make_query(rng, words) for _ in range(args.queries))])
    )
    queries = [parse_query(t) for t in texts]

    for text in texts[:20]:  # the page cache warm, as in a running bot
        run(db, Request(text, TODAY, limit=100, show=5))
    search_ms, preview_ms = [], []
    for text in texts:
        _, seconds = timed(run, db, Request(text, TODAY, limit=100, show=5))
        search_ms.append(ms(seconds))
        _, seconds = timed(preview, db, text)
        preview_ms.append(ms(seconds))

    found, building, spent = exhaustive(db, queries)
    exhaustive_ms = [ms(building + s) for s in spent]
    different = [
        text
        for text, query, expected in zip(texts, queries, found, strict=True)
        if find(db, query, today=TODAY)[0] != expected
    ]
    for text in different[:5]:
        print(f"DIFFERENT: {text!r}", file=sys.stderr)

    cli = [sys.executable, "-m", "kamervragen.cli"]
    env_db = ["--db", str(path)]
    match_s = max(wall([*cli, *env_db, "match", q]) for q in MATCH_QUERIES)
    help_ms = statistics.median(ms(wall([*cli, "--help"])) for _ in range(5))
    case_ms = statistics.median(ms(wall([*cli, *env_db, "case", "2019Z15244"])) for _ in range(5))
    bare_ms = statistics.median(ms(wall([sys.executable, "-c", "pass"])) for _ in range(5))

    search_p50 = statistics.median(search_ms)
    exhaustive_p50 = statistics.median(exhaustive_ms)
    matches = [len(f) for f in found]
    print(
        f"queries={len(texts)} matches_p50={statistics.median(matches):.0f} "
        f"matches_max={max(matches)} search_max_ms={max(search_ms):.1f} "
        f"preview_p50_ms={statistics.median(preview_ms):.1f} "
        f"exhaustive_build_s={building:.1f} db_mb={os.path.getsize(path) / 2**20:.0f}"
    )
    print(f"help_ms={help_ms:.0f} case_ms={case_ms:.0f} python_pass_ms={bare_ms:.0f}")
    print(
        f"cases={stored} search_p50_ms={search_p50:.1f} "
        f"search_p95_ms={percentile(search_ms, 0.95):.1f} "
        f"preview_p95_ms={percentile(preview_ms, 0.95):.1f} match_cli_s={match_s:.2f} "
        f"exhaustive_p50_ms={exhaustive_p50:.0f} speedup={exhaustive_p50 / search_p50:.0f} "
        f"identical={'true' if not different else 'false'}"
    )
    return 0 if not different else 1


if __name__ == "__main__":
    raise SystemExit(main())
