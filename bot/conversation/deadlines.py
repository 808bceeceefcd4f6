"""/overdue and /stats: open questions past their deadline, and who answers late.

    /overdue [ministry|party|member]          open sets past their deadline, most overdue first
    /stats [party|ministry] [WHO] [PERIOD]    answer times per ministry (or party), as a chart

WHO is a ministry ("BZ", "Financiën", "to:VWS"), a party ("D66", "party:VVD") or a member
("Omtzigt", "member:Van der Plas"); without a prefix a ministry goes first. A ministry's sets
are shown per party, a party's or member's per ministry. PERIOD is one of `core.stats`'s forms
(the last 12 months without one). The chart is drawn in a worker (`core.offload.Workers`):
never on the event loop.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kamervragen.bot.conversation.turn import Photo, Reply, Turn, say
from kamervragen.bot.rendering.deadlines import OverdueView, overdue_page
from kamervragen.bot.rendering.html import clip
from kamervragen.bot.rendering.i18n import t
from kamervragen.bot.rendering.stats import (
    StatsReport,
    chart_bars,
    chart_png,
    stats_messages,
)
from kamervragen.core.stats import PeriodError, by_group, default_period, figures, parse_period
from kamervragen.storage import deadlines
from kamervragen.storage.deadlines import Scope

if TYPE_CHECKING:
    from kamervragen.bot.conversation.core import Conversation

CHART_TIMEOUT = 60.0  # seconds a chart may take in its worker
_GROUPINGS = {
    "party": "party",
    "parties": "party",
    "partij": "party",
    "partijen": "party",
    "ministry": "ministry",
    "ministries": "ministry",
    "ministerie": "ministry",
    "ministeries": "ministry",
}
_WIRE = {"ministry": "m", "party": "p", "member": "a"}


def scope_wire(scope: Scope | None) -> str:
    """The scope as /overdue's page buttons carry it: `m.BZ`, `p.D66`, `a.Van_der_Plas`."""
    if scope is None:
        return ""
    return f"{_WIRE[scope.kind]}.{scope.value.replace(' ', '_')}"[:42]


def scope_from_wire(conversation: Conversation, wire: str) -> Scope | None:
    """The scope a page button names (None when it names nothing known any more)."""
    kind = {v: k for k, v in _WIRE.items()}[wire[0]]
    prefix = {"ministry": "to", "party": "party", "member": "member"}[kind]
    return deadlines.resolve_scope(conversation.db, f"{prefix}:{wire[2:].replace('_', ' ')}")


def overdue_view(conversation: Conversation, turn: Turn, scope: Scope | None, page: int) -> Reply:
    """One page of the open sets past their deadline (within the scope)."""
    items = deadlines.overdue_cases(conversation.db, conversation.today(), scope)
    view = OverdueView(items, page, scope_wire(scope), scope.label if scope else "")
    return Reply((overdue_page(turn.lang, view),))


async def overdue(conversation: Conversation, turn: Turn, args: str) -> Reply:
    """/overdue [ministry|party|member]."""
    scope = None
    if args.strip():
        scope = deadlines.resolve_scope(conversation.db, args)
        if scope is None:
            return say(turn, "overdue.unknown_scope", text=clip(args, 80))
    return overdue_view(conversation, turn, scope, 0)


def overdue_page_press(conversation: Conversation, turn: Turn, page: int, wire: str) -> Reply:
    """A page button of /overdue: the pressed message shows that page."""
    scope = scope_from_wire(conversation, wire) if wire else None
    if wire and scope is None:
        return Reply(toast=t(turn.lang, "case.gone"))
    reply = overdue_view(conversation, turn, scope, page)
    return Reply(edit=reply.messages[0])


def _parse(
    conversation: Conversation, words: list[str]
) -> tuple[str | None, Scope | None, tuple[dt.date, dt.date], tuple[str, str] | None]:
    """(grouping, scope, period, problem) of /stats's words; the problem is a string key
    (`stats.bad_period`, `stats.unknown_scope`) and the words it is about."""
    today = conversation.today()
    period = default_period(today)
    grouping = None
    if words and words[0].lower() in _GROUPINGS:
        grouping = _GROUPINGS[words[0].lower()]
        words = words[1:]
    if words and words[-1][:1].isdigit():
        try:
            period = parse_period(words[-1], today)
            words = words[:-1]
        except PeriodError:
            whole = deadlines.resolve_scope(conversation.db, " ".join(words))
            if whole is None:  # "50PLUS" is a party, "13x" no period
                return grouping, None, period, ("stats.bad_period", words[-1])
            return grouping, whole, period, None
    scope = None
    if words:
        scope = deadlines.resolve_scope(conversation.db, " ".join(words))
        if scope is None:
            return grouping, None, period, ("stats.unknown_scope", " ".join(words))
    return grouping, scope, period, None


async def stats(conversation: Conversation, turn: Turn, args: str) -> Reply:
    """/stats [party|ministry] [WHO] [PERIOD]: a chart with the table, or the table alone."""
    words = args.split()
    grouping, scope, (since, until), problem = _parse(conversation, words)
    if problem is not None:
        return say(turn, problem[0], text=clip(problem[1], 80))
    if grouping is None:
        grouping = "party" if scope is not None and scope.kind == "ministry" else "ministry"
    today = conversation.today()
    rows = deadlines.stat_rows(
        conversation.db, since, until + dt.timedelta(days=1), by=grouping, scope=scope
    )
    report = StatsReport(
        since, until, figures(rows, today), by_group(rows, today), scope.label if scope else ""
    )
    chart = not turn.chat.stats_text and report.total.asked > 0
    caption, messages = stats_messages(turn.lang, report, chart=chart)
    if not chart:
        return Reply(tuple(messages))
    png = await conversation.workers.run(
        chart_png,
        chart_bars(turn.lang, report),
        t(turn.lang, "stats.chart_title"),
        t(turn.lang, "stats.chart_term"),
        timeout=CHART_TIMEOUT,
    )
    return Reply(tuple(messages), photo=Photo(png, caption))
