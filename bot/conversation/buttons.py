"""Button presses: a typed callback (`rendering.callbacks`) routed to what it asks, answered
with a toast and, where the pressed message shows something that changed, its new content.
Data the bot did not make (forged, stale, out of range) gets an empty answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamervragen.bot.conversation import deadlines, views
from kamervragen.bot.conversation.turn import Reply, Turn
from kamervragen.bot.rendering.callbacks import (
    Follow,
    FullCase,
    Language,
    ListPage,
    OpenCase,
    OverduePage,
    SearchPage,
    Setting,
    Unfollow,
    Unsubscribe,
    decode,
)
from kamervragen.bot.rendering.html import Message, clip
from kamervragen.bot.rendering.i18n import language, t
from kamervragen.storage import chats

if TYPE_CHECKING:
    from kamervragen.bot.conversation.core import Conversation

CHANGING = (Follow, Unfollow, Unsubscribe, Setting, Language)
_SWITCHES = {"deadlines": "deadline_alerts", "weekly": "weekly", "stats": "stats_text"}


async def press(conversation: Conversation, turn: Turn, data: str) -> Reply:
    """The reply to a button press; unknown, forged or stale data gets an empty answer."""
    callback = decode(data)
    if callback is None:
        return Reply()
    if isinstance(callback, CHANGING) and not await conversation.may_change(turn):
        return Reply(toast=t(turn.lang, "not_admin"), alert=True)
    match callback:
        case OpenCase():
            return _case(conversation, turn, callback)
        case FullCase(zaaknummer):
            case = conversation.load(zaaknummer)
            if case is None:
                return Reply(toast=t(turn.lang, "case.gone"))
            return Reply(tuple(views.case_full(case, turn.lang, conversation.bot_username)))
        case Follow(zaaknummer, page):
            if conversation.load(zaaknummer) is None:
                return Reply(toast=t(turn.lang, "case.gone"))
            chats.follow(conversation.db, turn.chat_id, zaaknummer, turn.thread_id)
            return _after_follow(conversation, turn, zaaknummer, page, "toast.followed")
        case Unfollow(zaaknummer, page, origin):
            chats.unfollow(conversation.db, turn.chat_id, zaaknummer)
            if origin == "list":
                return Reply(
                    edit=conversation.list_view(turn, page or 0),
                    toast=t(turn.lang, "toast.unfollowed", case=zaaknummer),
                )
            return _after_follow(conversation, turn, zaaknummer, page, "toast.unfollowed")
        case Unsubscribe():
            return _unsubscribe(conversation, turn, callback)
        case ListPage(page):
            return Reply(edit=conversation.list_view(turn, page))
        case SearchPage(token, page):
            view = await conversation.search_view(turn, token, page)
            if view is None:
                return Reply(toast=t(turn.lang, "search.expired"), alert=True)
            return Reply(edit=view)
        case Setting(field, value):
            changed = _apply(conversation, turn, field, value)
            if changed is None:
                return Reply(toast=t(turn.lang, "settings.unchanged"))
            view = conversation.settings_view(changed)
            return Reply(edit=view, toast=t(changed.lang, "settings.saved"))
        case Language(code):
            return _language(conversation, turn, code)
        case OverduePage(page, scope):
            return deadlines.overdue_page_press(conversation, turn, page, scope)
    return Reply()


def _case(conversation: Conversation, turn: Turn, callback: OpenCase) -> Reply:
    case = conversation.load(callback.zaaknummer)
    if case is None:
        return Reply(toast=t(turn.lang, "case.gone"))
    following = conversation.is_following(turn.chat_id, callback.zaaknummer)
    view = views.case_view(
        case,
        turn.lang,
        callback.page or 0,
        following=following,
        bot_username=conversation.bot_username,
    )
    return Reply(edit=view) if callback.page is not None else Reply((view,))


def _after_follow(
    conversation: Conversation, turn: Turn, zaaknummer: str, page: int | None, key: str
) -> Reply:
    """The toast, and the case view redrawn when the button was on one."""
    toast = t(turn.lang, key, case=zaaknummer)
    case = conversation.load(zaaknummer) if page is not None else None
    if case is None or page is None:
        return Reply(toast=toast)
    following = conversation.is_following(turn.chat_id, zaaknummer)
    view = views.case_view(
        case, turn.lang, page, following=following, bot_username=conversation.bot_username
    )
    return Reply(edit=view, toast=toast)


def _unsubscribe(conversation: Conversation, turn: Turn, callback: Unsubscribe) -> Reply:
    removed = chats.remove_subscription(conversation.db, turn.chat_id, callback.subscription_id)
    if removed is None:
        toast = t(turn.lang, "unsub.gone")
    else:
        toast = t(turn.lang, "unsub.done", query=clip(removed.query, 60))
    if callback.origin == "menu":
        remaining = chats.subscriptions_of(conversation.db, turn.chat_id)
        return Reply(edit=views.unsubscribe_menu(turn.lang, remaining), toast=toast)
    if callback.origin == "list":
        return Reply(edit=conversation.list_view(turn, callback.page), toast=toast)
    return Reply(toast=toast)


def _apply(conversation: Conversation, turn: Turn, field: str, value: str) -> Turn | None:
    """The turn with the chat changed as asked; None when nothing changed. The codec has
    checked `value` already."""
    changes: dict[str, object]
    if field == "mode":
        changes = {"mode": value}
    elif field == "hour":
        changes = {"digest_hour": int(value)}
    elif field == "lang":
        changes = {"language": None if value == "auto" else value}
    elif field in _SWITCHES:
        changes = {_SWITCHES[field]: value in ("on", "text")}
    else:
        changes = {"paused": value == "on"}
    if all(getattr(turn.chat, k) == v for k, v in changes.items()):
        return None
    chat = chats.update_chat(conversation.db, turn.chat_id, **changes)
    return Turn(turn.incoming, chat, chat.language or language(turn.incoming.language_code))


def _language(conversation: Conversation, turn: Turn, code: str) -> Reply:
    changed = _apply(conversation, turn, "lang", code)
    if changed is None:
        return Reply(toast=t(turn.lang, "settings.unchanged"))
    key = "language.set" if changed.chat.language else "language.auto"
    buttons = views.language_buttons(changed.lang, changed.chat.language, "lang")
    return Reply(
        edit=Message(views.line(changed.lang, key).text, (buttons,)),
        toast=t(changed.lang, "settings.saved"),
    )
