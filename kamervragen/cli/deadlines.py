"""`kamervragen overdue` and `kamervragen stats`: open sets past their deadline, and answer times
per ministry or party (as text, JSON or a PNG chart)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kamervragen.core.deadlines import AMSTERDAM
from kamervragen.core.stats import Figures, by_group, default_period, figures
from kamervragen.settings import Settings
from kamervragen.storage.db import Database, open_db
from kamervragen.storage.deadlines import (
    OverdueCase,
    asker_parties,
    overdue_cases,
    resolve_scope,
    stat_rows,
)


def _today(args: argparse.Namespace) -> dt.date:
    return args.today or dt.datetime.now(AMSTERDAM).date()


def _overdue_json(item: OverdueCase) -> dict[str, Any]:
    return {
        "zaaknummer": item.zaaknummer,
        "title": item.title,
        "deadline": item.deadline.isoformat(),
        "days_overdue": item.days,
        "postponed": item.postponed,
        "ministry": item.ministry,
    }


def cmd_overdue(args: argparse.Namespace) -> int:
    """Print the open sets past their deadline (within a scope), or their counts per group."""
    db = open_db(Settings.database_path(args.db))
    scope = None
    if args.scope:
        scope = resolve_scope(db, " ".join(args.scope))
        if scope is None:
            print(
                f"error: {' '.join(args.scope)!r} is no known ministry, party or member",
                file=sys.stderr,
            )
            return 2
    items = overdue_cases(db, _today(args), scope)
    if args.by:
        counts = _counts(db, items, args.by)
        if args.json:
            print(json.dumps([{"group": g, "overdue": n} for g, n in counts], ensure_ascii=False))
        for group, count in [] if args.json else counts:
            print(f"{group:<24} {count}")
        return 0
    if args.json:
        print(json.dumps([_overdue_json(i) for i in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("no open sets past their deadline")
    for item in items:
        mark = " (postponed)" if item.postponed else ""
        print(
            f"{item.zaaknummer}  {item.days:>4} days overdue{mark}, due {item.deadline}  "
            f"{item.ministry or '?'}  {item.title or ''}"
        )
    return 0


def _counts(db: Database, items: Sequence[OverdueCase], by: str) -> list[tuple[str, int]]:
    """Overdue sets per ministry (or per party of their askers), most first."""
    counts: dict[str, int] = {}
    if by == "ministry":
        for item in items:
            counts[item.ministry or "?"] = counts.get(item.ministry or "?", 0) + 1
    else:
        parties = asker_parties(db, [item.zaaknummer for item in items])
        for item in items:
            for party in parties.get(item.zaaknummer) or ["?"]:
                counts[party] = counts.get(party, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the answer-time figures (and draw the chart with --png)."""
    db = open_db(Settings.database_path(args.db))
    today = _today(args)
    since = args.since or default_period(today)[0]
    if since > today:
        print(f"error: --since {since} is in the future", file=sys.stderr)
        return 2
    rows = stat_rows(db, since, today + dt.timedelta(days=1), by=args.by)
    total, groups = figures(rows, today), by_group(rows, today)
    if args.png:
        _draw(args.png, since, today, total, groups)
    if args.json:
        data = {
            "since": since.isoformat(),
            "until": today.isoformat(),
            "by": args.by,
            "all": total.to_json(),
            "groups": [{"group": g, **f.to_json()} for g, f in groups],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{since} to {today}, per {args.by}")
    print(_line("all", total))
    for group, found in groups:
        print(_line(group, found))
    return 0


def _line(group: str, found: Figures) -> str:
    def show(value: float | None, suffix: str = "") -> str:
        return "-" if value is None else f"{value:g}{suffix}"

    return (
        f"{group:<10} asked {found.asked:>5}  answered {found.answered:>5}  "
        f"median {show(found.median_days):>5}  p90 {show(found.p90_days):>4}  "
        f"on time {show(found.on_time_pct, '%'):>6}  postponed {show(found.postponed_pct, '%'):>6}"
        f"  open {found.open:>4}  overdue {found.overdue:>4}"
    )


def _draw(
    path: Path,
    since: dt.date,
    until: dt.date,
    total: Figures,
    groups: list[tuple[str, Figures]],
) -> None:
    """The bot's chart, in English, into `path`."""
    from kamervragen.bot.rendering.i18n import t
    from kamervragen.bot.rendering.stats import StatsReport, chart_bars, chart_png

    report = StatsReport(since, until, total, groups)
    png = chart_png(
        chart_bars("en", report), t("en", "stats.chart_title"), t("en", "stats.chart_term")
    )
    path.write_bytes(png)
