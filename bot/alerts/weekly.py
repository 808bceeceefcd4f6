"""The weekly overview (opt-in in /settings): on Monday from 08:00 (Amsterdam time), the past
week's answered, newly overdue and still-open sets of the chat's subscriptions and follows.

The sets of a chat are those it follows and those its subscriptions brought it (its stored
deliveries). `make_due_weeklies` queues one `weekly` delivery per chat and week, in the
transaction that notes the week as done, so a restart neither loses nor doubles one; a Monday
missed while the bot was down is caught up later that week. The dispatcher renders and sends it
like any other delivery.
"""

from __future__ import annotations

import datetime as dt

from kamervragen.bot.rendering.deadlines import weekly_overview
from kamervragen.bot.rendering.html import Message
from kamervragen.core.deadlines import AMSTERDAM, EVENT_HOUR, OPEN_STATUSES
from kamervragen.storage import deadlines
from kamervragen.storage.db import Database
from kamervragen.storage.outbox import Delivery, iso


def week_of(now: dt.datetime) -> dt.date | None:
    """The Monday whose overview is due at `now` (from 08:00 that Monday on), or None early
    on Monday."""
    local = now.astimezone(AMSTERDAM)
    monday = local.date() - dt.timedelta(days=local.weekday())
    if local < dt.datetime.combine(monday, dt.time(EVENT_HOUR), tzinfo=AMSTERDAM):
        return None
    return monday


def make_due_weeklies(db: Database, now: dt.datetime) -> list[int]:
    """Queue this week's overview for every chat that wants one and has none yet; their ids."""
    monday = week_of(now)
    if monday is None:
        return []
    made = []
    for chat_id in deadlines.weekly_due(db, monday.isoformat()):
        delivery_id = deadlines.make_weekly(db, chat_id, monday.isoformat(), iso(now))
        if delivery_id is not None:
            made.append(delivery_id)
    return made


def render_weekly(db: Database, delivery: Delivery, lang: str) -> list[Message] | None:
    """The overview of the week before the Monday in the delivery's payload."""
    week = delivery.payload.get("week")
    if not week:
        return None
    monday = dt.date.fromisoformat(str(week))
    since, until = monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    lines = deadlines.case_lines(db, deadlines.chat_case_keys(db, delivery.chat_id))
    answered = [
        line
        for line in lines
        if line.status == "answered" and line.answered and since <= line.answered <= until
    ]
    still_open = [line for line in lines if line.status in OPEN_STATUSES]
    newly = [
        line
        for line in still_open
        if line.deadline and since - dt.timedelta(days=1) <= line.deadline < until
    ]
    rest = [line for line in still_open if line not in newly]
    by_deadline = lambda line: (line.deadline or dt.date.max, line.zaaknummer)  # noqa: E731
    return weekly_overview(
        lang,
        since,
        until,
        sorted(answered, key=lambda line: (line.answered or dt.date.min, line.zaaknummer)),
        sorted(newly, key=by_deadline),
        sorted(rest, key=by_deadline),
    )
