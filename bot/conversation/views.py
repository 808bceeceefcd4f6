"""The bot's own replies as Telegram HTML messages: pure functions of plain data and a language.

Cases and their events are rendered by `bot.render`, /start and /help by `bot.guide`; this
module builds what the other commands answer: a saved subscription with its preview, the
subscription list, the case view with its buttons, search results, recent cases, the settings.
Every string that comes from data is escaped here; every message stays within Telegram's limits.

Buttons carry typed callbacks (`rendering.callbacks`); `conversation.buttons` routes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kamervragen.bot.rendering import callbacks
from kamervragen.bot.rendering.callbacks import (
    Callback,
    FullCase,
    Language,
    ListPage,
    OpenCase,
    SearchPage,
    Setting,
    Unfollow,
    Unsubscribe,
    encode,
)
from kamervragen.bot.rendering.deadlines import (
    deadline_settings_buttons,
    deadline_settings_lines,
)
from kamervragen.bot.rendering.html import (
    Button,
    Message,
    bold,
    clip,
    distinct_labels,
    escape,
    italic,
    pack,
)
from kamervragen.bot.rendering.i18n import LANGUAGES, UnknownStringKey, format_date, t
from kamervragen.bot.rendering.render import official_url, render_case
from kamervragen.core.matching import QueryError, Snippet
from kamervragen.core.model import Case
from kamervragen.storage.chats import Chat, Follow, Subscription

LIST_PAGE = 10  # subscriptions and follows on one page of /list
TITLE_CHARS = 110  # a case title in a list is cut to this


SNIPPET_MARKS = 6  # marked words shown in a snippet at most (each is an entity)


@dataclass(frozen=True)
class Found:
    """A case a query matched, with the words that made it match and the sentence where."""

    case: Case
    words: tuple[str, ...] = ()
    snippet: Snippet | None = None


@dataclass(frozen=True)
class Preview:
    """What a query would have caught: the count in the window, the newest few, and when the
    window is empty the newest older match (if any)."""

    days: int
    count: int
    newest: tuple[Found, ...] = ()
    older: Found | None = None


def line(lang: str, key: str, **kwargs: object) -> Message:
    """One plain sentence from the string table, escaped."""
    return Message(escape(t(lang, key, **kwargs)))


FILTER_EXAMPLES = {"party": "party:D66", "member": "member:Sjoerdsma", "to": "to:Financiën"}


def query_error(lang: str, query: str, error: QueryError) -> Message:
    """What is wrong with a query and what to do, in the chat's language (the engine's English
    line for a problem without a string), and the query with a caret under the place."""
    params: dict[str, object] = dict(error.params)
    if "field" in params:
        params["example"] = FILTER_EXAMPLES.get(str(params["field"]), "party:D66")
    if error.code == "not_needs_term":
        params["example"] = (
            "stikstof -Groningen" if params["operator"] == "-" else ("stikstof NOT Groningen")
        )
        params["operator"] = "“-”" if params["operator"] == "-" else "NOT"
    try:
        said = t(lang, f"query.{error.code}", **params)
    except (UnknownStringKey, KeyError, IndexError):  # a problem this table does not know yet
        said = error.message.rstrip(".") + "."
    text = escape(t(lang, "sub.bad_query", error=said))
    position = error.position
    if "\n" not in query and 0 < position <= len(query):
        text += f"\n<pre>{escape(query)}\n{' ' * position}^</pre>"
    return Message(text + "\n" + escape(t(lang, "sub.bad_query_help")))


def subscribed(
    lang: str,
    subscription: Subscription,
    description: str,
    preview: Preview | None,
    *,
    new: bool,
    also: Sequence[str] = (),
) -> Message:
    """A saved (or already saved) subscription: what it finds, the Dutch words also searched
    for its English ones, and what it would have caught (`preview` None: that could not be
    worked out in time)."""
    key = "sub.saved" if new else "sub.exists"
    lines = [bold(t(lang, key, query=subscription.query))]
    lines.append(escape(t(lang, "sub.finds", description=description)))
    if also:
        lines.append(italic(t(lang, "sub.also", words=", ".join(also))))
    elif lang == "en":
        lines.append(italic(t(lang, "sub.dutch_hint")))
    lines.append("")
    if preview is None:
        lines += [escape(t(lang, "sub.preview_failed")), "", italic(t(lang, "sub.tune"))]
        undo = Button(t(lang, "button.undo"), encode(Unsubscribe(subscription.id)))
        return Message("\n".join(lines), ((undo,),) if new else ())
    if preview.count == 0:
        lines.append(escape(t(lang, "sub.caught_none", days=preview.days)))
    elif preview.count == 1:
        lines.append(escape(t(lang, "sub.caught_one", days=preview.days)))
    else:
        lines.append(escape(t(lang, "sub.caught", days=preview.days, count=preview.count)))
    shown = list(preview.newest)
    if preview.count == 0 and preview.older:
        lines.append(escape(t(lang, "sub.older")))
        shown = [preview.older]
    elif preview.count == 0:
        lines.append(escape(t(lang, "sub.never")))
    lines += [_found_line(lang, found) for found in shown]
    lines += ["", italic(t(lang, "sub.tune"))]
    buttons = _open_buttons([f.case for f in shown])
    if new:
        buttons.append((Button(t(lang, "button.undo"), encode(Unsubscribe(subscription.id))),))
    return Message("\n".join(lines), tuple(buttons))


def unsubscribe_menu(lang: str, subscriptions: Sequence[Subscription]) -> Message:
    """A button for each of the chat's subscriptions."""
    if not subscriptions:
        return line(lang, "unsub.none")
    labels = distinct_labels([s.query for s in subscriptions], 40)
    rows = tuple(
        (
            Button(
                t(lang, "button.remove_subscription", query=label),
                encode(Unsubscribe(s.id, "menu")),
            ),
        )
        for s, label in zip(subscriptions, labels, strict=True)
    )
    return Message(escape(t(lang, "unsub.choose")), rows)


def list_page(
    lang: str,
    subscriptions: Sequence[Subscription],
    follows: Sequence[Follow],
    cases: dict[str, Case],
    page: int = 0,
) -> Message:
    """One page of the chat's subscriptions and followed cases, each with a remove button."""
    if not subscriptions and not follows:
        return Message(bold(t(lang, "list.title")) + "\n\n" + escape(t(lang, "list.empty")))
    items: list[Subscription | Follow] = [*subscriptions, *follows]
    pages = max(1, -(-len(items) // LIST_PAGE))
    page = min(max(page, 0), pages - 1)
    start = page * LIST_PAGE
    lines = [bold(t(lang, "list.title"))]
    rows: list[tuple[Button, ...]] = []
    heading = None
    shown = items[start : start + LIST_PAGE]
    queries = [item.query for item in shown if isinstance(item, Subscription)]
    short = dict(zip(queries, distinct_labels(queries, 40), strict=True))
    for number, item in enumerate(shown, start=start + 1):
        if isinstance(item, Subscription):
            if heading != "subs":
                heading = "subs"
                lines += ["", bold(t(lang, "list.subscriptions", count=len(subscriptions)))]
            lines.append(f"{number}. {escape(clip(item.query, 200))}")
            label = t(lang, "button.remove_subscription", query=short[item.query])
            rows.append((Button(label, encode(Unsubscribe(item.id, "list", page))),))
        else:
            if heading != "follows":
                heading = "follows"
                lines += ["", bold(t(lang, "list.follows", count=len(follows)))]
            case = cases.get(item.zaaknummer)
            title = f" — {escape(clip(case.title, TITLE_CHARS))}" if case and case.title else ""
            status = f" · {escape(_status(lang, case))}" if case else ""
            lines.append(f"{number}. {bold(item.zaaknummer)}{status}{title}")
            label = t(lang, "button.remove_follow", case=item.zaaknummer)
            rows.append(
                (
                    Button(
                        t(lang, "button.open", case=item.zaaknummer),
                        encode(OpenCase(item.zaaknummer)),
                    ),
                    Button(label, encode(Unfollow(item.zaaknummer, page, "list"))),
                )
            )
    if pages > 1:
        lines += ["", italic(t(lang, "search.page", page=page + 1, pages=pages))]
        rows.append(_nav(lang, ListPage, page, pages))
    return Message("\n".join(lines), tuple(rows))


def case_pages(case: Case, lang: str) -> int:
    """How many pages the case view has."""
    return len(render_case(case, lang))


def case_view(
    case: Case, lang: str, page: int, *, following: bool, bot_username: str | None = None
) -> Message:
    """One page of a case with page buttons, follow or unfollow, all in full, official text."""
    pages = case_pages(case, lang)
    page = min(max(page, 0), pages - 1)
    message = render_case(case, lang, page=page, bot_username=bot_username)[0]
    rows = [
        row
        for row in message.buttons
        if not any((b.callback_data or "").startswith("follow:") for b in row)
    ]
    z = case.zaaknummer
    if z:
        if following:
            rows.append((Button(t(lang, "button.unfollow"), encode(Unfollow(z, page))),))
        else:
            key = "button.follow" if case.status in ("open", "postponed") else "button.follow_case"
            rows.append((Button(t(lang, key), encode(callbacks.Follow(z, page))),))
    last: list[Button] = []
    if z and pages > 1:
        last.append(Button(t(lang, "button.full"), encode(FullCase(z))))
    last.append(Button("🔗 " + t(lang, "official_text"), url=official_url(case)))
    rows.append(tuple(last))
    return Message(message.text, tuple(rows))


def case_full(case: Case, lang: str, bot_username: str | None = None) -> list[Message]:
    """Every question and answer in full, in as many messages as needed, without buttons."""
    return [Message(m.text) for m in render_case(case, lang, bot_username=bot_username)]


def search_page(
    lang: str,
    query: str,
    found: Sequence[Found],
    *,
    total: int,
    page: int,
    per_page: int,
    token: str,
    more: bool,
    also: Sequence[str] = (),
) -> Message:
    """One page of search results: the count, the Dutch words also searched, up to
    `per_page` cases, page buttons."""
    searched = [italic(t(lang, "sub.also", words=", ".join(also)))] if also else []
    if total == 0:
        text = "\n".join([escape(t(lang, "search.none", query=clip(query, 200))), *searched])
        return Message(text)
    pages = -(-total // per_page)
    if more:
        title = t(lang, "search.title_many", count=total, query=clip(query, 200))
    elif total == 1:
        title = t(lang, "search.title_one", query=clip(query, 200))
    else:
        title = t(lang, "search.title", count=total, query=clip(query, 200))
    lines = [bold(title), *searched]
    lines += ["\n" + _found_line(lang, item) for item in found]
    if pages > 1:
        lines += ["", italic(t(lang, "search.page", page=page + 1, pages=pages))]
    rows = _open_buttons([item.case for item in found])
    if pages > 1:
        rows.append(_nav(lang, lambda p: SearchPage(token, p), page, pages))
    return Message("\n".join(lines), tuple(rows))


def recent(lang: str, questions: Sequence[Case], answers: Sequence[Case]) -> Message:
    """The newest question sets and the newest answers."""
    if not questions and not answers:
        return line(lang, "recent.empty")
    blocks = []
    if questions:
        heading = bold(t(lang, "recent.questions"))
        blocks.append("\n".join([heading] + [_case_line(lang, c) for c in questions]))
    if answers:
        heading = bold(t(lang, "recent.answers"))
        blocks.append("\n".join([heading] + [_case_line(lang, c, True) for c in answers]))
    cases = list({c.zaaknummer: c for c in [*questions, *answers] if c.zaaknummer}.values())
    rows = _open_buttons(cases, per_row=2)
    return Message(pack(blocks)[0], tuple(rows))


def settings_view(lang: str, chat: Chat, user_language: str) -> Message:
    """The chat's settings, with a button for every change."""
    hour = chat.digest_hour
    lines = [bold(t(lang, "settings.title")), ""]
    if chat.mode == "digest":
        lines.append(escape(t(lang, "settings.digest", hour=f"{hour:02d}:00")))
    else:
        lines.append(escape(t(lang, "settings.instant")))
    if chat.language:
        lines.append(escape(t(lang, "settings.language", language=t(lang, f"language.{lang}"))))
    else:
        name = t(lang, f"language.{user_language}")
        lines.append(escape(t(lang, "settings.language_auto", language=name)))
    lines.append(escape(t(lang, "settings.paused" if chat.paused else "settings.active")))
    lines += [escape(line) for line in deadline_settings_lines(lang, chat)]
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                _tick(chat.mode == "instant", t(lang, "button.instant")),
                encode(Setting("mode", "instant")),
            ),
            Button(
                _tick(chat.mode == "digest", t(lang, "button.digest")),
                encode(Setting("mode", "digest")),
            ),
        )
    ]
    if chat.mode == "digest":
        earlier, later = (hour - 1) % 24, (hour + 1) % 24
        rows.append(
            (
                Button(
                    t(lang, "button.earlier", hour=f"{earlier:02d}:00"),
                    encode(Setting("hour", str(earlier))),
                ),
                Button(
                    t(lang, "button.later", hour=f"{later:02d}:00"),
                    encode(Setting("hour", str(later))),
                ),
            )
        )
    rows.append(language_buttons(lang, chat.language))
    pause = ("button.resume", "off") if chat.paused else ("button.pause", "on")
    rows.append((Button(t(lang, pause[0]), encode(Setting("pause", pause[1]))),))
    rows += deadline_settings_buttons(lang, chat)
    return Message("\n".join(lines), tuple(rows))


def language_buttons(lang: str, chosen: str | None, action: str = "set:lang") -> tuple[Button, ...]:
    """One button per language and one for automatic, the chosen one ticked; they press
    `Setting("lang", code)`, or `Language(code)` with `action="lang"` (from /language)."""

    def press(code: str) -> str:
        return encode(Language(code) if action == "lang" else Setting("lang", code))

    buttons = [
        Button(_tick(chosen == code, t(code, f"language.{code}")), press(code))
        for code in LANGUAGES
    ]
    auto = t(lang, "button.language_auto")
    buttons.append(Button(_tick(chosen is None, auto), press("auto")))
    return tuple(buttons)


# ---------------------------------------------------------------- pieces


def _tick(chosen: bool, label: str) -> str:
    return f"✓ {label}" if chosen else label


def _status(lang: str, case: Case) -> str:
    known = case.status in ("open", "postponed", "answered", "withdrawn")
    return t(lang, f"status.{case.status}") if known else case.status


def _case_line(lang: str, case: Case, answered: bool = False) -> str:
    """• 2019Z15244 · 18 July 2019 · answered — title"""
    parts = [bold(case.zaaknummer or "—")]
    if answered and case.answered:
        parts.append(escape(t(lang, "recent.answered", date=format_date(lang, case.answered))))
    elif case.submitted:
        parts.append(escape(format_date(lang, case.submitted)))
    if not answered:
        parts.append(escape(_status(lang, case)))
    text = "• " + " · ".join(parts)
    if case.title:
        text += " — " + escape(clip(case.title, TITLE_CHARS))
    return text


def _found_line(lang: str, found: Found) -> str:
    text = _case_line(lang, found.case)
    if found.words:
        words = ", ".join(found.words[:5]) + (" …" if len(found.words) > 5 else "")
        text += "\n   " + italic(t(lang, "matched_words", words=words))
    if found.snippet is not None:
        text += "\n   " + snippet_html(found.snippet)
    return text


def snippet_html(snippet: Snippet) -> str:
    """A snippet as Telegram HTML: every part escaped, the first marked words in bold, the
    whole between quotes."""
    parts = []
    marks = 0
    for text, marked in snippet.parts:
        marks += marked
        parts.append(bold(text) if marked and marks <= SNIPPET_MARKS else escape(text))
    return f"“{''.join(parts)}”"


def _open_buttons(cases: Sequence[Case], per_row: int = 1) -> list[tuple[Button, ...]]:
    buttons = [
        Button(f"📄 {c.zaaknummer}", encode(OpenCase(c.zaaknummer))) for c in cases if c.zaaknummer
    ]
    return [tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def _nav(lang: str, target: Callable[[int], Callback], page: int, pages: int) -> tuple[Button, ...]:
    nav = []
    if page > 0:
        nav.append(Button(t(lang, "button.previous"), encode(target(page - 1))))
    if page < pages - 1:
        nav.append(Button(t(lang, "button.next"), encode(target(page + 1))))
    return tuple(nav)
