"""The `kamervragen` command line: one sub-command per task, all documented in the README.

Start-up stays quick: this module builds the argument parser from the standard library alone,
and a command imports what it needs when it runs (`kamervragen --help` loads neither
python-telegram-bot nor the document parsers nor the database layer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
from collections.abc import Callable, Sequence

from kamervragen.cli.bot import add_bot_commands
from kamervragen.logs import setup_logging
from kamervragen.settings import Settings

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    setup_logging(Settings.log_level_from_env())
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def lazy(module: str, name: str) -> Command:
    """The command `name` of `module`, imported when it runs."""

    def command(args: argparse.Namespace) -> int:
        function: Command = getattr(importlib.import_module(module), name)
        return function(args)

    command.__name__ = name
    return command


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="kamervragen",
        description="Follow Dutch parliamentary written questions (Kamervragen) and their answers.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="SQLite database (default: $KAMERVRAGEN_DB or kamervragen.db)"
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    documents, found = "kamervragen.cli.documents", "kamervragen.cli.cases"

    p = sub.add_parser("parse", help="parse document files and show what they say")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the parsed documents as JSON")
    p.set_defaults(func=lazy(documents, "cmd_parse"))

    p = sub.add_parser("ingest", help="store txt, xml, pdf and docx documents")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=lazy(documents, "cmd_ingest"))

    p = sub.add_parser("case", help="show a stored case with its questions and answers")
    p.add_argument("reference", metavar="ZAAKNUMMER", help="2019Z15244, 2019D..., ah-tk-..., ...")
    p.add_argument("--json", action="store_true", help="print the case as JSON")
    p.set_defaults(func=lazy(found, "cmd_case"))

    p = sub.add_parser("search", help="full-text search over stored cases")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help="at most this many results (20)")
    p.set_defaults(func=lazy(found, "cmd_search"))

    p = sub.add_parser("match", help="stored cases a subscription query matches, newest first")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print the matches as JSON")
    p.add_argument("--limit", type=int, default=20, help="at most this many cases (20)")
    p.set_defaults(func=lazy(found, "cmd_match"))

    add_watch_commands(sub)
    add_bot_commands(sub)
    return parser


def add_watch_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register poll, backfill, events and status (`kamervragen.cli.watching`)."""
    watching = "kamervragen.cli.watching"
    p = sub.add_parser("poll", help="read the sources, fetch texts, record events")
    p.add_argument("--once", action="store_true", help="poll until caught up once, then exit")
    p.set_defaults(func=lazy(watching, "cmd_poll"))

    p = sub.add_parser("backfill", help="start reading the SyncFeed from a date")
    p.add_argument("--since", required=True, metavar="YYYY-MM-DD", type=_date)
    p.set_defaults(func=lazy(watching, "cmd_backfill"))

    p = sub.add_parser("events", help="list recorded events")
    p.add_argument("--since", metavar="DATE", help="only events recorded on or after (ISO)")
    p.add_argument("--limit", type=int, default=100, help="at most this many, newest last (100)")
    p.add_argument("--json", action="store_true", help="print the events as JSON")
    p.set_defaults(func=lazy(watching, "cmd_events"))

    p = sub.add_parser("status", help="cursors, source health, pending texts and the outbox")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(func=lazy(watching, "cmd_status"))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
