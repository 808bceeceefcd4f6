"""Callback data of inline buttons: one typed value per action, one codec for the wire form.

Rendering builds buttons with `encode(OpenCase("2019Z15244"))`; the conversation routes a press
with `decode(data)`, which returns None for anything it did not make: unknown actions, numbers
out of range, malformed zaaknummers, forged or truncated data. The wire form is the one the
bot has always sent, so buttons on messages already in chats keep working:

    case:<Z>[:<page>]             OpenCase            full:<Z>                   FullCase
    follow:<Z>[:<page>]           Follow              unfollow:<Z>[:<page>]      Unfollow
    unfollow:<Z>:list:<page>      Unfollow(origin="list")
    unsub:<id>[:menu | :list:<page>]                  Unsubscribe
    list:<page>                   ListPage            search:<token>:<page>      SearchPage
    set:<mode|hour|lang|pause>:<value>                Setting
    lang:<nl|en|auto>             Language
    overdue:<page>[:<m|p|a>.<value>]                  OverduePage

Every encoded value fits Telegram's 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64
MAX_PAGE = 9999
MAX_ID = 2**53  # subscription ids are SQLite rowids; anything larger is forged
_ZAAKNUMMER = re.compile(r"\d{4}Z\d{5}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,24}")
_NUMBER = re.compile(r"\d{1,16}")
SETTINGS: dict[str, frozenset[str]] = {
    "mode": frozenset({"instant", "digest"}),
    "hour": frozenset(str(h) for h in range(24)),
    "lang": frozenset({"nl", "en", "auto"}),
    "pause": frozenset({"on", "off"}),
    "deadlines": frozenset({"on", "off"}),
    "weekly": frozenset({"on", "off"}),
    "stats": frozenset({"chart", "text"}),
}
_SCOPE = re.compile(r"[mpa]\.[^\s:]{1,40}")  # a ministry code, party or member; "_" for spaces


class CallbackError(ValueError):
    """A callback value that cannot be sent: a field out of range, or over 64 bytes."""


@dataclass(frozen=True)
class OpenCase:
    """Open a case: a new message (no page), or that page in the pressed message."""

    zaaknummer: str
    page: int | None = None


@dataclass(frozen=True)
class FullCase:
    """Send every question and answer of a case in full."""

    zaaknummer: str


@dataclass(frozen=True)
class Follow:
    """Follow a case; with a page, the pressed case view is redrawn."""

    zaaknummer: str
    page: int | None = None


@dataclass(frozen=True)
class Unfollow:
    """Stop following a case, from a case view (page) or from /list."""

    zaaknummer: str
    page: int | None = None
    origin: Literal["case", "list"] = "case"


@dataclass(frozen=True)
class Unsubscribe:
    """Stop a subscription: from an alert or an "undo", the /unsubscribe menu, or /list."""

    subscription_id: int
    origin: Literal["alert", "menu", "list"] = "alert"
    page: int = 0


@dataclass(frozen=True)
class ListPage:
    """A page of /list."""

    page: int


@dataclass(frozen=True)
class SearchPage:
    """A page of a kept search result."""

    token: str
    page: int


@dataclass(frozen=True)
class Setting:
    """A chat setting from /settings: mode, digest hour, language or pause."""

    field: str
    value: str


@dataclass(frozen=True)
class Language:
    """The chat's language, from /language."""

    code: str


@dataclass(frozen=True)
class OverduePage:
    """A page of /overdue, for all sets or a scope: `m.BZ`, `p.D66`, `a.Van_der_Plas`."""

    page: int
    scope: str = ""


Callback = (
    OpenCase
    | FullCase
    | Follow
    | Unfollow
    | Unsubscribe
    | ListPage
    | SearchPage
    | Setting
    | Language
    | OverduePage
)


def encode(callback: Callback) -> str:
    """The wire form of `callback`; CallbackError when it is not a value `decode` accepts."""
    data = _wire(callback)
    if decode(data) != callback or len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackError(f"callback {callback!r} cannot be sent as {data!r}")
    return data


def _wire(callback: Callback) -> str:
    match callback:
        case OpenCase(zaaknummer, page):
            return f"case:{zaaknummer}" + ("" if page is None else f":{page}")
        case FullCase(zaaknummer):
            return f"full:{zaaknummer}"
        case Follow(zaaknummer, page):
            return f"follow:{zaaknummer}" + ("" if page is None else f":{page}")
        case Unfollow(zaaknummer, page, "list"):
            return f"unfollow:{zaaknummer}:list:{page or 0}"
        case Unfollow(zaaknummer, page, _):
            return f"unfollow:{zaaknummer}" + ("" if page is None else f":{page}")
        case Unsubscribe(subscription_id, "menu", _):
            return f"unsub:{subscription_id}:menu"
        case Unsubscribe(subscription_id, "list", page):
            return f"unsub:{subscription_id}:list:{page}"
        case Unsubscribe(subscription_id, _, _):
            return f"unsub:{subscription_id}"
        case ListPage(page):
            return f"list:{page}"
        case SearchPage(token, page):
            return f"search:{token}:{page}"
        case Setting(field, value):
            return f"set:{field}:{value}"
        case Language(code):
            return f"lang:{code}"
        case OverduePage(page, scope):
            return f"overdue:{page}" + (f":{scope}" if scope else "")
    raise CallbackError(f"not a callback: {callback!r}")


def decode(data: str) -> Callback | None:
    """The callback `data` stands for, or None when it is not one the bot makes."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    action, *args = data.split(":")
    try:
        return _DECODERS[action](args) if action in _DECODERS else None
    except _Invalid:
        return None


class _Invalid(Exception):
    """A field of callback data that is not valid."""


def _zaaknummer(value: str) -> str:
    if not _ZAAKNUMMER.fullmatch(value):
        raise _Invalid
    return value


def _int(value: str, maximum: int) -> int:
    if not _NUMBER.fullmatch(value) or int(value) > maximum:
        raise _Invalid
    return int(value)


def _arity(args: list[str], *allowed: int) -> None:
    if len(args) not in allowed:
        raise _Invalid


def _case(args: list[str]) -> Callback:
    _arity(args, 1, 2)
    page = _int(args[1], MAX_PAGE) if len(args) == 2 else None
    return OpenCase(_zaaknummer(args[0]), page)


def _full(args: list[str]) -> Callback:
    _arity(args, 1)
    return FullCase(_zaaknummer(args[0]))


def _follow(args: list[str]) -> Callback:
    _arity(args, 1, 2)
    page = _int(args[1], MAX_PAGE) if len(args) == 2 else None
    return Follow(_zaaknummer(args[0]), page)


def _unfollow(args: list[str]) -> Callback:
    _arity(args, 1, 2, 3)
    zaaknummer = _zaaknummer(args[0])
    if len(args) == 3:
        if args[1] != "list":
            raise _Invalid
        return Unfollow(zaaknummer, _int(args[2], MAX_PAGE), "list")
    return Unfollow(zaaknummer, _int(args[1], MAX_PAGE) if len(args) == 2 else None)


def _unsub(args: list[str]) -> Callback:
    _arity(args, 1, 2, 3)
    subscription_id = _int(args[0], MAX_ID)
    if len(args) == 1:
        return Unsubscribe(subscription_id)
    if len(args) == 2 and args[1] == "menu":
        return Unsubscribe(subscription_id, "menu")
    if len(args) == 3 and args[1] == "list":
        return Unsubscribe(subscription_id, "list", _int(args[2], MAX_PAGE))
    raise _Invalid


def _list(args: list[str]) -> Callback:
    _arity(args, 1)
    return ListPage(_int(args[0], MAX_PAGE))


def _search(args: list[str]) -> Callback:
    _arity(args, 2)
    if not _TOKEN.fullmatch(args[0]):
        raise _Invalid
    return SearchPage(args[0], _int(args[1], MAX_PAGE))


def _set(args: list[str]) -> Callback:
    _arity(args, 2)
    if args[1] not in SETTINGS.get(args[0], ()):
        raise _Invalid
    return Setting(args[0], args[1])


def _lang(args: list[str]) -> Callback:
    _arity(args, 1)
    if args[0] not in SETTINGS["lang"]:
        raise _Invalid
    return Language(args[0])


def _overdue(args: list[str]) -> Callback:
    _arity(args, 1, 2)
    if len(args) == 2 and not _SCOPE.fullmatch(args[1]):
        raise _Invalid
    return OverduePage(_int(args[0], MAX_PAGE), args[1] if len(args) == 2 else "")


_DECODERS = {
    "case": _case,
    "full": _full,
    "follow": _follow,
    "unfollow": _unfollow,
    "unsub": _unsub,
    "list": _list,
    "search": _search,
    "set": _set,
    "lang": _lang,
    "overdue": _overdue,
}


# ---------------------------------------------------------------- deep links

CASE_PAYLOAD = "case_"  # /start case_<zaaknummer> opens that case
_START_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # Telegram's rule for a start parameter
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def deep_link(bot_username: str | None, zaaknummer: str | None) -> str | None:
    """`https://t.me/<bot>?start=case_<zaaknummer>`: opens the case in a private chat with the
    bot; None without a valid username or zaaknummer (the payload keeps to Telegram's 64
    characters of A-Z, a-z, 0-9, _ and -)."""
    if not bot_username or not zaaknummer or not _USERNAME.fullmatch(bot_username):
        return None
    payload = CASE_PAYLOAD + zaaknummer
    if not _ZAAKNUMMER.fullmatch(zaaknummer) or not _START_PAYLOAD.fullmatch(payload):
        return None
    return f"https://t.me/{bot_username}?start={payload}"
