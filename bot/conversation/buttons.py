"""Button presses: callback data routed to what it asks, answered with a toast and, where the
pressed message shows something that changed, its new content.

    case:<Z>                 send the case (page 1) as a new message
    case:<Z>:<page>          show that page in the pressed message
    full:<Z>                 send every question and answer in full
    follow:<Z>[:<page>]      follow (and turn the case view's button into "unfollow")
    unfollow:<Z>[:<page>]    stop following (the case view's button turns back)
    unfollow:<Z>:list:<page> stop following, from /list
    unsub:<id>               stop a subscription (from an alert or /subscribe's "undo")
    unsub:<id>:menu          ... from the /unsubscribe keyboard
    unsub:<id>:list:<page>   ... from /list
    list:<page>              a page of /list
    search:<token>:<page>    a page of a kept search
    set:<field>:<value>      a setting (mode, hour, lang, pause), from /settings
    lang:<code>              the language, from /language
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from kamervragen.bot.conversation import views
from kamervragen.bot.conversation.turn import Reply, Turn
from kamervragen.bot.rendering.html import Message, clip
from kamervragen.bot.rendering.i18n import language, t
from kamervragen.storage import chats

if TYPE_CHECKING:
    from kamervragen.bot.conversation.core import Conversation

Route = Callable[["Conversation", Turn, list[str]], Awaitable[Reply]]
CHANGING = frozenset({"follow", "unfollow", "unsub", "set", "lang"})


async def press(conversation: Conversation, turn: Turn, data: str) -> Reply:
    """The reply to a button press; unknown or stale data gets an empty answer."""
    action, *args = data.split(":")
    route = ROUTES.get(action)
    if route is None or not args:
        return Reply()
    if action in CHANGING and not await conversation.may_change(turn):
        return Reply(toast=t(turn.lang, "not_admin"), alert=True)
    return await route(conversation, turn, args)


def _page(args: list[str], index: int) -> int | None:
    """The page number at args[index], if there is a valid one."""
    if len(args) > index and args[index].isdigit():
        return int(args[index])
    return None


async def _case(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    case = conversation.load(args[0])
    if case is None:
        return Reply(toast=t(turn.lang, "case.gone"))
    following = conversation.is_following(turn.chat_id, args[0])
    page = _page(args, 1)
    view = views.case_view(case, turn.lang, page or 0, following=following)
    return Reply(edit=view) if page is not None else Reply((view,))


async def _full(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    case = conversation.load(args[0])
    if case is None:
        return Reply(toast=t(turn.lang, "case.gone"))
    return Reply(tuple(views.case_full(case, turn.lang)))


async def _follow(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    zaaknummer = args[0]
    case = conversation.load(zaaknummer)
    if case is None:
        return Reply(toast=t(turn.lang, "case.gone"))
    chats.follow(conversation.db, turn.chat_id, zaaknummer, turn.thread_id)
    return _after_follow(conversation, turn, args, "toast.followed")


async def _unfollow(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    chats.unfollow(conversation.db, turn.chat_id, args[0])
    if len(args) >= 2 and args[1] == "list":
        return Reply(
            edit=conversation.list_view(turn, _page(args, 2) or 0),
            toast=t(turn.lang, "toast.unfollowed", case=args[0]),
        )
    return _after_follow(conversation, turn, args, "toast.unfollowed")


def _after_follow(conversation: Conversation, turn: Turn, args: list[str], key: str) -> Reply:
    """The toast, and the case view redrawn when the button was on one."""
    toast = t(turn.lang, key, case=args[0])
    page = _page(args, 1)
    case = conversation.load(args[0]) if page is not None else None
    if case is None or page is None:
        return Reply(toast=toast)
    following = conversation.is_following(turn.chat_id, args[0])
    return Reply(edit=views.case_view(case, turn.lang, page, following=following), toast=toast)


async def _unsub(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    if not args[0].isdigit():
        return Reply()
    removed = chats.remove_subscription(conversation.db, turn.chat_id, int(args[0]))
    if removed is None:
        toast = t(turn.lang, "unsub.gone")
    else:
        toast = t(turn.lang, "unsub.done", query=clip(removed.query, 60))
    where = args[1] if len(args) > 1 else None
    if where == "menu":
        remaining = chats.subscriptions_of(conversation.db, turn.chat_id)
        return Reply(edit=views.unsubscribe_menu(turn.lang, remaining), toast=toast)
    if where == "list":
        return Reply(edit=conversation.list_view(turn, _page(args, 2) or 0), toast=toast)
    return Reply(toast=toast)


async def _list(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    return Reply(edit=conversation.list_view(turn, _page(args, 0) or 0))


async def _search(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    view = conversation.search_view(turn, args[0], _page(args, 1) or 0)
    if view is None:
        return Reply(toast=t(turn.lang, "search.expired"), alert=True)
    return Reply(edit=view)


_SETTINGS: dict[str, Callable[[str], dict[str, object] | None]] = {
    "mode": lambda v: {"mode": v} if v in ("instant", "digest") else None,
    "hour": lambda v: {"digest_hour": int(v)} if v.isdigit() and int(v) < 24 else None,
    "lang": lambda v: {"language": {"auto": None}.get(v, v)} if v in ("nl", "en", "auto") else None,
    "pause": lambda v: {"paused": v == "on"} if v in ("on", "off") else None,
}


def _apply(conversation: Conversation, turn: Turn, field: str, value: str) -> Turn | None:
    """The turn with the chat changed as asked; None when nothing changed (or nonsense)."""
    parse = _SETTINGS.get(field)
    changes = parse(value) if parse else None
    if changes is None or all(getattr(turn.chat, k) == v for k, v in changes.items()):
        return None
    chat = chats.update_chat(conversation.db, turn.chat_id, **changes)
    return Turn(turn.incoming, chat, chat.language or language(turn.incoming.language_code))


async def _set(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    changed = _apply(conversation, turn, args[0], args[1]) if len(args) == 2 else None
    if changed is None:
        return Reply(toast=t(turn.lang, "settings.unchanged"))
    return Reply(edit=conversation.settings_view(changed), toast=t(changed.lang, "settings.saved"))


async def _lang(conversation: Conversation, turn: Turn, args: list[str]) -> Reply:
    changed = _apply(conversation, turn, "lang", args[0])
    if changed is None:
        return Reply(toast=t(turn.lang, "settings.unchanged"))
    key = "language.set" if changed.chat.language else "language.auto"
    buttons = views.language_buttons(changed.lang, changed.chat.language, "lang")
    return Reply(
        edit=Message(views.line(changed.lang, key).text, (buttons,)),
        toast=t(changed.lang, "settings.saved"),
    )


ROUTES: dict[str, Route] = {
    "case": _case,
    "full": _full,
    "follow": _follow,
    "unfollow": _unfollow,
    "unsub": _unsub,
    "list": _list,
    "search": _search,
    "set": _set,
    "lang": _lang,
}
