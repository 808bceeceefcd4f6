"""`kamervragen case`, `search` and `match`: stored cases on the command line (each command
imports the rest of what it uses when it runs: `case` must start quickly)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from kamervragen.cli.output import fail, printable
from kamervragen.settings import Settings, settings_or_report
from kamervragen.storage import cases
from kamervragen.storage.db import open_for_reading


def cmd_case(args: argparse.Namespace) -> int:
    """Show one stored case."""
    from kamervragen.cli.show import case_text

    db = open_for_reading(Settings.database_path(args.db))
    key = cases.find_case_key(db, args.reference)
    case = cases.load_case(db, key) if key else None
    if case is None:
        fail(f"no stored case for {printable(repr(args.reference))}")
        return 1
    if args.json:
        print(json.dumps(case.to_json(), ensure_ascii=False, indent=2))
    else:
        print(case_text(case))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Print ranked full-text search results."""
    db = open_for_reading(Settings.database_path(args.db))
    hits = cases.search(db, " ".join(args.query), limit=args.limit)
    if not hits:
        print("no matching cases")
        return 0
    for hit in hits:
        print(
            f"{hit.zaaknummer or hit.case_key}  {hit.submitted or '?'}  {hit.status}  {hit.title}"
        )
        print(f"    {hit.snippet}")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """The stored cases a subscription query matches, newest first, with the matched words
    and a snippet of the sentence where."""
    from kamervragen.core.matching import QueryError, describe, parse_query
    from kamervragen.storage.search_jobs import Request, run

    text = " ".join(args.query)
    try:
        settings = settings_or_report(args.db)
        if settings is None:
            return 2
        query = parse_query(text, max_length=settings.max_query_length)
    except QueryError as exc:
        fail(str(exc))
        return 2
    db = open_for_reading(settings.db)
    limit = max(args.limit, 0)
    result = run(db, Request(text, dt.date.today(), limit=limit, show=limit))
    found = [(s, case) for s in result.shown if (case := cases.load_case(db, s.case_key))]
    if args.json:
        rows = [
            {
                "zaaknummer": case.zaaknummer,
                "title": case.title,
                "status": case.status,
                "submitted": case.submitted.isoformat() if case.submitted else None,
                "answered": case.answered.isoformat() if case.answered else None,
                "matched": [_tidy(w) for w in shown.words],
                "snippet": shown.snippet.plain() if shown.snippet else None,
            }
            for shown, case in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(describe(query))
    if not found:
        print("no stored case matches")
    for shown, case in found:
        print(f"{case.zaaknummer or '?'}  {case.submitted or '?'}  {case.status}  {case.title}")
        print("    matched: " + ", ".join(f"[{_tidy(w)}]" for w in shown.words))
        if shown.snippet:
            print(f"    {shown.snippet.plain()}")
    if result.more:
        print(f"(more than {limit}; --limit shows more)")
    return 0


def _tidy(word: str) -> str:
    """A matched word as a reader wants it: PDF line breaks joined."""
    return " ".join(word.replace("-\n", "").split())
