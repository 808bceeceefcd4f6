"""Daily digests: chats in digest mode get one message a day at their hour (Europe/Amsterdam)
with every event held for them since the last one, grouped by case.

The fan-out holds such a chat's deliveries (`status = 'digest'`). When the chat's hour has come,
`make_due_digests` bundles those recorded before that hour into one `digest` delivery, in one
transaction, and the dispatcher sends it like any other (so rate limits, faults and restarts
are handled once). A digest hour missed while the bot was down is caught up when it is back.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kamervragen.bot.rendering.callbacks import OpenCase, encode
from kamervragen.bot.rendering.deadlines import DIGEST_LINES
from kamervragen.bot.rendering.html import Button, Message, bold, escape, link, pack
from kamervragen.bot.rendering.i18n import t
from kamervragen.bot.rendering.render import official_url
from kamervragen.core.model import Case
from kamervragen.storage import digests
from kamervragen.storage.cases import load_case
from kamervragen.storage.db import Database
from kamervragen.storage.outbox import Delivery, bundled, iso

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CASE_BUTTONS = 5  # buttons to open a case, for the first cases of a digest
EVENT_LINES = {
    "question_filed": ("🆕", "new_questions"),
    "answered": ("✅", "answered_heading"),
    "postponed": ("⏳", "postponed_heading"),
    "further_answer": ("➕", "further_heading"),
    "withdrawn": ("🚫", "withdrawn_heading"),
    **DIGEST_LINES,
}


def digest_moment(day: dt.date, hour: int) -> dt.datetime:
    """The moment of a digest: that day at that hour, Amsterdam time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def make_due_digests(db: Database, now: dt.datetime) -> list[int]:
    """Bundle the held deliveries of every chat whose digest hour has come today and that had
    no digest today; the ids of the new digest deliveries."""
    digests.release_held(db)
    local = now.astimezone(AMSTERDAM)
    today = local.date()
    made = []
    for chat in digests.held(db):
        moment = digest_moment(today, chat.digest_hour)
        if local < moment or chat.last_on == today.isoformat():
            continue
        digest_id = digests.bundle(db, chat.chat_id, iso(moment), today, now)
        if digest_id is not None:
            made.append(digest_id)
    return made


def render_digest(db: Database, digest: Delivery, lang: str) -> list[Message] | None:
    """The digest's messages: a heading with the counts, then per case its events."""
    items = bundled(db, digest.id)
    if not items:
        return None
    by_case: dict[str, list[Delivery]] = {}
    for item in items:
        by_case.setdefault(item.case_key or "", []).append(item)
    cases = {key: load_case(db, key) if key else None for key in by_case}
    events = _count(lang, "digest.events", len(items))
    counted = _count(lang, "digest.cases", len(by_case))
    blocks = [
        f"🗓 {bold(t(lang, 'digest.title'))}\n"
        + escape(t(lang, "digest.count", events=events, cases=counted))
    ]
    blocks += [_case_block(key, cases[key], group, lang) for key, group in by_case.items()]
    buttons = [
        (Button(f"📄 {case.zaaknummer}", encode(OpenCase(case.zaaknummer))),)
        for case in cases.values()
        if case is not None and case.zaaknummer
    ][:CASE_BUTTONS]
    texts = pack(blocks)
    return [
        Message(text, tuple(buttons) if i == len(texts) - 1 else ()) for i, text in enumerate(texts)
    ]


def _count(lang: str, key: str, count: int) -> str:
    return t(lang, f"{key}_one") if count == 1 else t(lang, key, count=count)


def _case_block(key: str, case: Case | None, items: list[Delivery], lang: str) -> str:
    number = (case.zaaknummer if case else None) or key
    first = bold(number)
    if case is not None and case.title:
        first += " · " + bold(case.title)
    lines = [first]
    for item in items:
        icon, heading = EVENT_LINES.get(item.kind, ("•", ""))
        line = f"{icon} {escape(t(lang, heading))}" if heading else icon
        if item.matched:
            quoted = ", ".join(f"“{q}”" for _, q in item.matched)
            line += " — " + escape(t(lang, "matched", queries=quoted))
        lines.append(line)
    if case is not None:
        lines.append("🔗 " + link(official_url(case), t(lang, "official_text")))
    return "\n".join(lines)
