"""The `kamervragen` command line: one sub-command per task, all documented in the README.

Exit codes: 0 done; 1 a file, a source or a category failed (the rest was done); 2 a usage or
configuration error; 3 the database cannot be used (in use by another process, read-only, full,
locked past the busy timeout, not a database). Every failure is one line on standard error,
`error: ...`, with file names shown with their control characters escaped and the process's
secrets masked; a bug's traceback goes to the log (masked too), never raw to the terminal.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from kamervragen.cli.bot import add_bot_commands
from kamervragen.cli.deadlines import add_deadline_commands
from kamervragen.cli.doctor import add_doctor_command
from kamervragen.cli.output import EXIT_STORAGE, EXIT_USAGE, fail, printable
from kamervragen.cli.show import case_text
from kamervragen.cli.watching import add_watch_commands
from kamervragen.core.matching import QueryError, describe, parse_query
from kamervragen.core.matching import search as match_search
from kamervragen.core.model import ParsedDocument
from kamervragen.logs import hide_secret, setup_logging
from kamervragen.settings import ConfigError, Settings, settings_or_report
from kamervragen.storage import cases
from kamervragen.storage.db import open_db, open_for_reading
from kamervragen.storage.errors import StorageError, storage_faults
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.parsers.dispatch import ParseLimits, parse_bytes
from kamervragen.watchers.parsers.errors import ParseError

Command = Callable[[argparse.Namespace], int]
log = logging.getLogger("kamervragen")


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="kamervragen",
        description="Follow Dutch parliamentary written questions (Kamervragen) and their answers.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="SQLite database (default: $KAMERVRAGEN_DB or kamervragen.db)"
    )
    parser.add_argument("--version", action="version", version=f"kamervragen {_version()}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse document files and show what they say")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the parsed documents as JSON")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="store txt, xml, pdf and docx documents")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("case", help="show a stored case with its questions and answers")
    p.add_argument("reference", metavar="ZAAKNUMMER", help="2019Z15244, 2019D..., ah-tk-..., ...")
    p.add_argument("--json", action="store_true", help="print the case as JSON")
    p.set_defaults(func=cmd_case)

    p = sub.add_parser("search", help="full-text search over stored cases")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help="at most this many results (20)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("match", help="stored cases a subscription query matches, newest first")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--json", action="store_true", help="print the matches as JSON")
    p.add_argument("--limit", type=int, default=20, help="at most this many cases (20)")
    p.set_defaults(func=cmd_match)

    add_watch_commands(sub)
    add_deadline_commands(sub)
    add_bot_commands(sub)
    add_doctor_command(sub)
    add_backup_command(sub)
    add_health_command(sub)
    return parser


def add_backup_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `backup`."""
    p = sub.add_parser("backup", help="a consistent copy of the database, also while it runs")
    p.add_argument("file", metavar="FILE", help="the new file to write (never overwritten)")
    p.set_defaults(func=cmd_backup)


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database with SQLite's online backup API, and check the copy."""
    from kamervragen.storage.backup import BackupError, backup

    source = Settings.database_path(args.db)
    try:
        result = backup(source, args.file)
    except BackupError as exc:
        fail(str(exc))
        return 1
    print(
        f"{result.path}: {result.bytes / 2**20:.1f} MB, {result.cases} cases, "
        f"{result.events} events; integrity_check {result.integrity}"
    )
    return 0


def add_health_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `health` (the container's HEALTHCHECK)."""
    p = sub.add_parser(
        "health", help="exit 0 when the running bot has polled its sources lately (no network)"
    )
    p.add_argument(
        "--max-age",
        type=int,
        metavar="SECONDS",
        help="the longest time since the last poll (default: 3 poll intervals + 2 minutes)",
    )
    p.set_defaults(func=cmd_health)


def cmd_health(args: argparse.Namespace) -> int:
    """0 when a source was polled (successfully or not) within the allowed age; else 1."""
    import datetime as dt

    from kamervragen.storage.health import last_poll

    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    intervals = [settings.poll_interval]
    if settings.ob_watch:
        intervals.append(settings.ob_poll_interval)
    allowed = args.max_age or 3 * max(intervals) + 120
    when = last_poll(settings.db)
    if when is None:
        print(f"unhealthy: no poll recorded in {settings.db}")
        return 1
    moment = dt.datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    age = (dt.datetime.now(dt.UTC) - moment).total_seconds()
    if age > allowed:
        print(f"unhealthy: the last poll was {age:.0f} s ago (more than {allowed} s)")
        return 1
    print(f"ok: the last poll was {max(age, 0):.0f} s ago")
    return 0


def _version() -> str:
    """The installed version of kamervragen."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kamervragen")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def _limits() -> ParseLimits:
    """The document size limits of the settings (KAMERVRAGEN_MAX_PDF_PAGES, ..._TEXT_BYTES)."""
    settings = Settings.from_env()
    return ParseLimits(settings.max_pdf_pages, settings.max_text_bytes)


def _read_and_parse(path: str, limits: ParseLimits) -> ParsedDocument:
    """Parse one file; raises ParseError or OSError with a one-line message."""
    data = Path(path).read_bytes()
    return parse_bytes(data, Path(path).name, limits)


def _fail(path: str, message: str) -> None:
    fail(f"{printable(path)}: {message}")


def cmd_parse(args: argparse.Namespace) -> int:
    """Print each file's parsed document."""
    failed = 0
    several = len(args.files) > 1
    limits = _limits()
    for path in args.files:
        try:
            doc = _read_and_parse(path, limits)
        except (ParseError, OSError) as exc:
            _fail(path, _message(exc))
            failed += 1
            continue
        if args.json:
            data = {"file": path, **doc.to_json()} if several else doc.to_json()
            indent = None if several else 2
            print(json.dumps(data, ensure_ascii=False, indent=indent))
        else:
            print(_summary(path, doc))
    return 1 if failed else 0


def _summary(path: str, doc: ParsedDocument) -> str:
    answered = sum(len(a.numbers) for a in doc.answers)
    parts = [
        f"{printable(path)}: {doc.kind} ({doc.format})",
        doc.zaaknummer or "no zaaknummer",
        f"{len(doc.questions)} questions, {answered} answered",
    ]
    if doc.warnings:
        parts.append("warnings: " + "; ".join(doc.warnings))
    return ", ".join(parts)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Parse and store each file; bad files are reported and skipped, and so is a file the
    database cannot take (full, read-only, busy): the other files are still tried."""
    settings = settings_or_report(args.db)
    if settings is None:
        return EXIT_USAGE
    path_of_db = settings.db
    db = open_db(path_of_db, busy_timeout=settings.busy_timeout)
    failed = storage_failed = 0
    limits = ParseLimits(settings.max_pdf_pages, settings.max_text_bytes)
    for path in args.files:
        try:
            doc = _read_and_parse(path, limits)
            with storage_faults(path_of_db):
                result = store_document(db, doc)
        except StorageError as exc:
            _fail(path, f"not stored: {exc}")
            storage_failed += 1
            continue
        except (ParseError, OSError, UnlinkableDocument) as exc:
            _fail(path, _message(exc))
            failed += 1
            continue
        state = (
            "new" if result.case_created else ("updated" if result.case_changed else "unchanged")
        )
        label = result.zaaknummer or f"{result.case_key} (zaaknummer not known yet)"
        print(f"{printable(path)}: {doc.kind} -> case {label}, {state}")
    return EXIT_STORAGE if storage_failed else (1 if failed else 0)


def cmd_case(args: argparse.Namespace) -> int:
    """Show one stored case."""
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
    """The stored cases a subscription query matches, with the matched words."""
    text = " ".join(args.query)
    try:
        settings = settings_or_report(args.db)
        if settings is None:
            return 2
        query = parse_query(text, max_length=settings.max_query_length)
    except QueryError as exc:
        fail(str(exc))
        return 2
    db = open_for_reading(Settings.database_path(args.db))
    hits = match_search(query, [case for _, case in cases.iter_cases(db)])[: args.limit]
    if args.json:
        rows = [
            {
                "zaaknummer": h.case.zaaknummer,
                "title": h.case.title,
                "status": h.case.status,
                "submitted": h.case.submitted.isoformat() if h.case.submitted else None,
                "answered": h.case.answered.isoformat() if h.case.answered else None,
                "matched": [_tidy(w) for w in h.words],
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(describe(query))
    if not hits:
        print("no stored case matches")
    for hit in hits:
        c = hit.case
        print(f"{c.zaaknummer or '?'}  {c.submitted or '?'}  {c.status}  {c.title}")
        print("    matched: " + ", ".join(f"[{_tidy(w)}]" for w in hit.words))
    return 0


def _tidy(word: str) -> str:
    """A matched word as a reader wants it: PDF line breaks joined."""
    return " ".join(word.replace("-\n", "").split())


def _message(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
