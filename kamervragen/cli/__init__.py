"""The `kamervragen` command line: one sub-command per task, all documented in the README.

Exit codes: 0 done; 1 a file, a source or a category failed (the rest was done); 2 a usage or
configuration error; 3 the database cannot be used (in use by another process, read-only, full,
locked past the busy timeout, not a database). Every failure is one line on standard error,
`error: ...`, with file names shown with their control characters escaped and the process's
secrets masked; a bug's traceback goes to the log (masked too), never raw to the terminal.

Start-up stays quick: this module builds the argument parser from the standard library alone,
and a command imports what it needs when it runs (`kamervragen --help` loads neither
python-telegram-bot nor the document parsers nor the database layer).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from kamervragen.cli.bot import add_bot_commands
from kamervragen.cli.output import EXIT_STORAGE, EXIT_USAGE, fail
from kamervragen.logs import hide_secret, setup_logging
from kamervragen.settings import ConfigError, Settings

Command = Callable[[argparse.Namespace], int]
log = logging.getLogger("kamervragen")

KNOWN_PUBLICATION = "ah-tk-20242025-1028"  # what `doctor` fetches by default (keep in step)
TODAY_HELP = "count as of this day (default: today in Amsterdam)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        log_format = Settings.log_format_from_env()
    except ConfigError as exc:
        fail(str(exc))
        return EXIT_USAGE
    setup_logging(Settings.log_level_from_env(), log_format)
    for secret in Settings.secrets_from_env():
        hide_secret(secret)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from kamervragen.storage.errors import StorageError, storage_faults

    try:
        with storage_faults(Settings.database_path(args.db)):
            return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except StorageError as exc:
        fail(str(exc))
        return EXIT_STORAGE
    except ConfigError as exc:
        fail(str(exc))
        return EXIT_USAGE
    except Exception as exc:  # a bug: its traceback goes to the log, masked like every line
        log.error("unexpected error", exc_info=True)
        fail(f"unexpected {type(exc).__name__}: {exc} (a bug; the log above shows where)")
        return 1


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
    parser.add_argument("--version", action=_Version, help="show the version and exit")
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
    add_deadline_commands(sub)
    add_bot_commands(sub)
    add_operator_commands(sub)
    return parser


def add_watch_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register poll, backfill, events and status (`kamervragen.cli.watching`)."""
    watching = "kamervragen.cli.watching"
    p = sub.add_parser("poll", help="read the sources, fetch texts, record events")
    p.add_argument("--once", action="store_true", help="poll until caught up once, then exit")
    p.set_defaults(func=lazy(watching, "cmd_poll"))

    p = sub.add_parser("backfill", help="start reading the SyncFeed from a date")
    p.add_argument("--since", required=True, metavar="YYYY-MM-DD", type=date_argument)
    p.set_defaults(func=lazy(watching, "cmd_backfill"))

    p = sub.add_parser("events", help="list recorded events")
    p.add_argument("--since", metavar="DATE", help="only events recorded on or after (ISO)")
    p.add_argument("--limit", type=int, default=100, help="at most this many, newest last (100)")
    p.add_argument("--json", action="store_true", help="print the events as JSON")
    p.set_defaults(func=lazy(watching, "cmd_events"))

    p = sub.add_parser("status", help="cursors, source health, pending texts and the outbox")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(func=lazy(watching, "cmd_status"))


def add_deadline_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register overdue and stats (`kamervragen.cli.deadlines`)."""
    deadlines = "kamervragen.cli.deadlines"
    p = sub.add_parser("overdue", help="open sets past their deadline, most overdue first")
    p.add_argument("scope", nargs="*", metavar="WHO", help="a ministry, party or member")
    p.add_argument("--by", choices=("ministry", "party"), help="count them per ministry or party")
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.add_argument("--today", metavar="DATE", type=date_argument, help=TODAY_HELP)
    p.set_defaults(func=lazy(deadlines, "cmd_overdue"))

    p = sub.add_parser("stats", help="answer times per ministry or party")
    p.add_argument("--by", choices=("ministry", "party"), default="ministry")
    p.add_argument("--since", metavar="DATE", type=date_argument, help="first day (12 months)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--png", metavar="FILE", type=Path, help="also draw the chart into FILE")
    p.add_argument("--today", metavar="DATE", type=date_argument, help=TODAY_HELP)
    p.set_defaults(func=lazy(deadlines, "cmd_stats"))


def add_operator_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register doctor, backup and health (`kamervragen.cli.operator`, `.doctor`)."""
    operator = "kamervragen.cli.operator"
    p = sub.add_parser("doctor", help="check the database, the sources and Telegram, for real")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--publication",
        default=KNOWN_PUBLICATION,
        metavar="ID",
        help=f"the publication to fetch from officielebekendmakingen ({KNOWN_PUBLICATION})",
    )
    p.set_defaults(func=lazy("kamervragen.cli.doctor", "cmd_doctor"))

    p = sub.add_parser("backup", help="a consistent copy of the database, also while it runs")
    p.add_argument("file", metavar="FILE", help="the new file to write (never overwritten)")
    p.set_defaults(func=lazy(operator, "cmd_backup"))

    p = sub.add_parser(
        "health", help="exit 0 when the running bot has polled its sources lately (no network)"
    )
    p.add_argument(
        "--max-age",
        type=int,
        metavar="SECONDS",
        help="the longest time since the last poll (default: 3 poll intervals + 2 minutes)",
    )
    p.set_defaults(func=lazy(operator, "cmd_health"))


def date_argument(text: str) -> dt.date:
    """An ISO date on the command line; argparse reports anything else in one line."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked (importlib.metadata costs
    every other command 20 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("kamervragen")
        except PackageNotFoundError:  # run from a checkout that is not installed
            found = "unknown"
        print(f"kamervragen {found}")
        parser.exit()
