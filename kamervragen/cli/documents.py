"""`kamervragen parse` and `kamervragen ingest`: document files read (and stored)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kamervragen.cli.output import EXIT_STORAGE, EXIT_USAGE, fail, printable
from kamervragen.core.model import ParsedDocument
from kamervragen.settings import Settings, settings_or_report
from kamervragen.storage.db import open_db
from kamervragen.storage.errors import StorageError, storage_faults
from kamervragen.storage.ingest import UnlinkableDocument, store_document
from kamervragen.watchers.parsers.dispatch import ParseLimits, parse_bytes
from kamervragen.watchers.parsers.errors import ParseError


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


def _message(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
