"""`kamervragen backup` and `kamervragen health`: the operator's copies and the container's
HEALTHCHECK (`doctor` is in `kamervragen.cli.doctor`)."""

from __future__ import annotations

import argparse
import datetime as dt

from kamervragen.cli.output import fail
from kamervragen.settings import Settings, settings_or_report


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


def cmd_health(args: argparse.Namespace) -> int:
    """0 when a source was polled (successfully or not) within the allowed age; else 1."""
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
