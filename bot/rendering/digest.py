"""The daily digest as Telegram HTML: a heading with the counts, then per case its events and
the queries that matched them: a pure function of plain data.

    render_digest([DigestCase("2019Z15244", case, (DigestEvent("answered"),))], "nl")

The alerts side (`bot.alerts.digests`) reads what a digest carries from storage and groups it
by case; the first cases get a button to open them, on the last message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kamervragen.bot.rendering.callbacks import OpenCase, encode
from kamervragen.bot.rendering.html import Button, Message, bold, escape, link, pack
from kamervragen.bot.rendering.i18n import t
from kamervragen.bot.rendering.render import Match, matched_line, official_url
from kamervragen.core.deadlines import DUE_SOON, OVERDUE, OVERDUE_AFTER_POSTPONEMENT
from kamervragen.core.model import Case

CASE_BUTTONS = 5  # buttons to open a case, for the first cases of a digest
EVENT_LINES = {
    "question_filed": ("🆕", "new_questions"),
    "answered": ("✅", "answered_heading"),
    "postponed": ("⏳", "postponed_heading"),
    "further_answer": ("➕", "further_heading"),
    "withdrawn": ("🚫", "withdrawn_heading"),
    DUE_SOON: ("⏰", "digest.due_soon"),
    OVERDUE: ("⌛", "digest.overdue"),
    OVERDUE_AFTER_POSTPONEMENT: ("⌛", "digest.overdue_postponed"),
}


@dataclass(frozen=True)
class DigestEvent:
    """One event in a digest: its kind and the chat's queries that matched it."""

    kind: str
    matched: Sequence[Match | tuple[int | str, str]] = ()


@dataclass(frozen=True)
class DigestCase:
    """A case in a digest with its events, oldest first; `case` is None when it is not stored."""

    key: str
    case: Case | None
    events: Sequence[DigestEvent]


def render_digest(cases: Sequence[DigestCase], lang: str) -> list[Message]:
    """The digest's messages: a heading with the counts, then one block per case."""
    events = _count(lang, "digest.events", sum(len(c.events) for c in cases))
    counted = _count(lang, "digest.cases", len(cases))
    blocks = [
        f"🗓 {bold(t(lang, 'digest.title'))}\n"
        + escape(t(lang, "digest.count", events=events, cases=counted))
    ]
    blocks += [_case_block(entry, lang) for entry in cases]
    buttons = [
        (Button(f"📄 {c.case.zaaknummer}", encode(OpenCase(c.case.zaaknummer))),)
        for c in cases
        if c.case is not None and c.case.zaaknummer
    ][:CASE_BUTTONS]
    texts = pack(blocks)
    return [
        Message(text, tuple(buttons) if i == len(texts) - 1 else ()) for i, text in enumerate(texts)
    ]


def _count(lang: str, key: str, count: int) -> str:
    return t(lang, f"{key}_one") if count == 1 else t(lang, key, count=count)


def _case_block(entry: DigestCase, lang: str) -> str:
    case = entry.case
    number = (case.zaaknummer if case else None) or entry.key
    first = bold(number)
    if case is not None and case.title:
        first += " · " + bold(case.title)
    lines = [first]
    for event in entry.events:
        icon, heading = EVENT_LINES.get(event.kind, ("•", ""))
        line = f"{icon} {escape(t(lang, heading))}" if heading else icon
        if event.matched:
            line += " — " + escape(matched_line(lang, [query for _, query in event.matched]))
        lines.append(line)
    if case is not None:
        lines.append("🔗 " + link(official_url(case), t(lang, "official_text")))
    return "\n".join(lines)
