"""Deadlines in messages: the deadline alerts (`due_soon`, `overdue`,
`overdue_after_postponement`), the /overdue pages, a case's deadline in a list line, and the
weekly overview. Pure functions of plain data; every string from data is escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kamervragen.bot.rendering.callbacks import OpenCase, OverduePage, Setting, encode
from kamervragen.bot.rendering.html import Button, Message, bold, clip, escape, italic, link, pack
from kamervragen.bot.rendering.i18n import format_date, t
from kamervragen.bot.rendering.leads import lead
from kamervragen.bot.rendering.render import official_url
from kamervragen.core.deadlines import (
    DUE_SOON,
    OPEN_STATUSES,
    OVERDUE,
    OVERDUE_AFTER_POSTPONEMENT,
)
from kamervragen.core.model import Case
from kamervragen.storage.chats import Chat
from kamervragen.storage.deadlines import CaseLine, OverdueCase

OVERDUE_PAGE = 8  # sets on one page of /overdue
WEEKLY_SHOWN = 10  # sets shown per section of the weekly overview
TITLE_CHARS = 90
ALERTS = {
    DUE_SOON: ("⏰", "due_soon.heading"),
    OVERDUE: ("⌛", "overdue.heading"),
    OVERDUE_AFTER_POSTPONEMENT: ("⌛", "overdue_postponed.heading"),
}


def render_deadline_alert(
    case: Case, kind: str, deadline: dt.date | None, lang: str
) -> list[Message] | None:
    """A deadline alert for a set still open: the lead says who must answer what by when;
    None once it is answered or withdrawn (the clock stopped before the alert went out)."""
    if kind not in ALERTS or case.status not in OPEN_STATUSES:
        return None
    icon, heading = ALERTS[kind]
    first = f"{icon} {bold(t(lang, heading))}"
    if case.zaaknummer:
        first += " · " + escape(case.zaaknummer)
    lines = [first, escape(lead(case, kind, lang, deadline))]
    lines.append(
        "🔗 " + link(official_url(case, ("postponement", "question")), t(lang, "official_text"))
    )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if case.zaaknummer:
        buttons = ((Button(t(lang, "button.case"), encode(OpenCase(case.zaaknummer))),),)
    return [Message(text, buttons) for text in pack(["\n".join(lines)])]


@dataclass(frozen=True)
class OverdueView:
    """What one page of /overdue shows."""

    items: Sequence[OverdueCase]
    page: int
    scope_wire: str = ""  # the scope as callback data carries it
    scope_label: str = ""


def overdue_page(lang: str, view: OverdueView) -> Message:
    """One page of open sets past their deadline, most overdue first, with page buttons."""
    total = len(view.items)
    label = view.scope_label
    if total == 0:
        key = "overdue.none_scope" if label else "overdue.none"
        return Message(escape(t(lang, key, scope=label)))
    suffix = "_scope" if label else ""
    title_key = f"overdue.title{suffix}_one" if total == 1 else f"overdue.title{suffix}"
    pages = -(-total // OVERDUE_PAGE)
    page = min(max(view.page, 0), pages - 1)
    shown = view.items[page * OVERDUE_PAGE : (page + 1) * OVERDUE_PAGE]
    lines = [bold(t(lang, title_key, count=total, scope=label))]
    for item in shown:
        key = "overdue.line_one" if item.days == 1 else "overdue.line"
        facts = [t(lang, key, days=item.days, date=format_date(lang, item.deadline))]
        if item.postponed:
            facts.append(t(lang, "overdue.postponed"))
        if item.ministry:
            facts.append(item.ministry)
        lines.append(f"\n{bold(item.zaaknummer)} · {escape(' · '.join(facts))}")
        if item.title:
            lines.append(escape(clip(item.title, TITLE_CHARS)))
    if pages > 1:
        lines += ["", italic(t(lang, "search.page", page=page + 1, pages=pages))]
    rows: list[tuple[Button, ...]] = [
        tuple(
            Button(f"📄 {item.zaaknummer}", encode(OpenCase(item.zaaknummer)))
            for item in shown[i : i + 2]
        )
        for i in range(0, len(shown), 2)
    ]
    nav = []
    if page > 0:
        nav.append(
            Button(t(lang, "button.previous"), encode(OverduePage(page - 1, view.scope_wire)))
        )
    if page < pages - 1:
        nav.append(Button(t(lang, "button.next"), encode(OverduePage(page + 1, view.scope_wire))))
    if nav:
        rows.append(tuple(nav))
    return Message("\n".join(lines), tuple(rows))


def weekly_overview(
    lang: str,
    since: dt.date,
    until: dt.date,
    answered: Sequence[CaseLine],
    overdue: Sequence[CaseLine],
    still_open: Sequence[CaseLine],
) -> list[Message]:
    """The week's answered, newly overdue and still-open sets of a chat's subscriptions and
    follows; `until` is the last day of the week."""
    title = t(lang, "weekly.title", since=format_date(lang, since), until=format_date(lang, until))
    blocks = [f"{bold(title)}"]
    sections = (
        ("weekly.answered", answered),
        ("weekly.overdue", overdue),
        ("weekly.open", still_open),
    )
    for key, lines in sections:
        if not lines:
            continue
        block = [bold(t(lang, key, count=len(lines)))]
        block += [_weekly_line(lang, line) for line in lines[:WEEKLY_SHOWN]]
        if len(lines) > WEEKLY_SHOWN:
            block.append(italic(t(lang, "weekly.more", count=len(lines) - WEEKLY_SHOWN)))
        blocks.append("\n".join(block))
    if len(blocks) == 1:
        blocks.append(escape(t(lang, "weekly.nothing")))
    return [Message(text) for text in pack(blocks)]


def _weekly_line(lang: str, line: CaseLine) -> str:
    facts = []
    if line.status == "answered" and line.answered:
        facts.append(t(lang, "recent.answered", date=format_date(lang, line.answered)))
    elif line.deadline:
        facts.append(t(lang, "deadline.note", date=format_date(lang, line.deadline)))
    text = f"• {bold(line.zaaknummer)}"
    if facts:
        text += " · " + escape(" · ".join(facts))
    if line.title:
        text += " — " + escape(clip(line.title, TITLE_CHARS))
    return text


def deadline_settings_lines(lang: str, chat: Chat) -> list[str]:
    """The /settings lines for deadline alerts, the weekly overview and /stats's form."""
    return [
        t(lang, "settings.deadlines_on" if chat.deadline_alerts else "settings.deadlines_off"),
        t(lang, "settings.weekly_on" if chat.weekly else "settings.weekly_off"),
        t(lang, "settings.stats_text" if chat.stats_text else "settings.stats_chart"),
    ]


def deadline_settings_buttons(lang: str, chat: Chat) -> list[tuple[Button, ...]]:
    """Buttons that switch them."""
    deadlines = "off" if chat.deadline_alerts else "on"
    weekly = "off" if chat.weekly else "on"
    stats = "chart" if chat.stats_text else "text"
    return [
        (
            Button(
                t(lang, f"button.deadlines_{deadlines}"), encode(Setting("deadlines", deadlines))
            ),
            Button(t(lang, f"button.weekly_{weekly}"), encode(Setting("weekly", weekly))),
        ),
        (Button(t(lang, f"button.stats_{stats}"), encode(Setting("stats", stats))),),
    ]
