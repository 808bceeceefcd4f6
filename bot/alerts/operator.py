"""For the operators (the chats in KAMERVRAGEN_ADMINS): an alert when a source has been failing
for 30 minutes (and one when it works again); their /status message is `rendering.status`.

Alerts go through the outbox like any message, so they survive restarts and respect the
limits; `operator_alerts` remembers which failing streak was announced, so each streak is
announced once however often the check runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kamervragen.storage import sources
from kamervragen.storage.db import Database
from kamervragen.storage.outbox import enqueue_message, iso, parse_time

FAILING_FOR = dt.timedelta(minutes=30)


def check_sources(db: Database, admins: Iterable[int], now: dt.datetime) -> int:
    """Queue an alert to every operator for each source failing for 30 minutes whose streak
    was not announced yet, and for each announced one that recovered; how many queued."""
    admins = sorted(set(admins))
    if not admins:
        return 0
    queued = 0
    for health in sources.health_and_alerts(db):
        source, failing_since, announced = health.source, health.failing_since, health.announced
        error = health.last_error
        if failing_since and announced != failing_since:
            since = parse_time(failing_since)
            if now - since < FAILING_FOR:
                continue
            key = "ops.alert_failing"
            args = {
                "source": source,
                "minutes": int((now - since).total_seconds() // 60),
                "since": since.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "error": (error or "")[:300],
            }
            state = failing_since
        elif not failing_since and announced:
            key, args, state = "ops.alert_recovered", {"source": source}, None
        else:
            continue
        with db.atomic():
            for chat_id in admins:
                enqueue_message(db, chat_id, key, args, now)
                queued += 1
            sources.mark_announced(db, source, state, iso(now))
    return queued
