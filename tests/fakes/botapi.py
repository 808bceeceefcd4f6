"""A fake Telegram Bot API server on 127.0.0.1 for tests.

It speaks the protocol as python-telegram-bot 22 uses it: `POST /bot<token>/<method>` with a
form-encoded body whose non-string values are JSON (JSON bodies and GET query strings work too),
answering `{"ok": true, "result": ...}` or `{"ok": false, "error_code": N, "description": ...,
"parameters": {...}}`. It is a `FakeHTTPServer` (tests/fakes/httpserver.py): a background thread
on a free port, so sync tests, async tests and a `kamervragen run` subprocess (via
`TELEGRAM_API_URL`) can all use it, and closing it wakes the long polls and ends every connection:

    with FakeBotApi() as api:
        bot = telegram.Bot(api.token, base_url=api.base_url)  # base_url + token + /method
        api.inject_message(42, "/start")
        api.wait_for(lambda: api.sent_messages(42), timeout=5)

A subprocess gets `TELEGRAM_API_URL=api.url` and the token; the bot must then build its base
URL as `f"{TELEGRAM_API_URL}/bot"`. Note: PTB 22 warns (an error under `filterwarnings =
error`) when `RetryAfter.retry_after` is read as an int; set `PTB_TIMEDELTA=1` to get timedeltas.

It rejects what Telegram rejects (too long, bad HTML, long callback_data, unknown token) and is
stricter in two places, so the bot never relies on lenient behaviour: a bare `&` is rejected,
and more than 100 entities is an error (Telegram silently drops the formatting after the 100th).
Faults are injected per method and chat; an optional mode enforces Telegram's rate limits.
An unknown method answers 404 and, in strict mode, makes leaving the `with` block fail.
"""

from __future__ import annotations

import asyncio
import collections
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tests.fakes.httpserver import BadBody, FakeHTTPServer, Reply, Request

DEFAULT_TOKEN = "123456:TEST-fake-bot-token"
BOT_USERNAME = "kamervragen_test_bot"
MAX_TEXT = 4096
MAX_ENTITIES = 100
MAX_CALLBACK_BYTES = 64
MAX_CAPTION = 1024
HANG_SECONDS = 30.0  # a hung call gives up after this long (or when the server closes)

T = TypeVar("T")


# ---------------------------------------------------------------- Telegram's HTML subset


class TelegramHtmlError(ValueError):
    """Text is not valid Telegram HTML; the message is Telegram's wording after the colon."""


@dataclass
class ParsedHtml:
    """The visible text of a Telegram HTML message and its entities (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]]


_TAG_TYPES = {
    **dict.fromkeys(("b", "strong"), "bold"),
    **dict.fromkeys(("i", "em"), "italic"),
    **dict.fromkeys(("u", "ins"), "underline"),
    **dict.fromkeys(("s", "strike", "del"), "strikethrough"),
    **dict.fromkeys(("tg-spoiler", "span"), "spoiler"),
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TEXT_RE = re.compile(r"[^<&]+")
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_START_RE = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>\"']+))?)*)\s*>"
)
_ATTR_RE = re.compile(r"([^\s=<>/\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s<>\"']+)))?")
_END_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> ParsedHtml:
    """Parse Telegram HTML into visible text and entities; raise TelegramHtmlError if invalid."""
    out: list[str] = []
    pos = 0  # UTF-16 offset in the visible text
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0

    def offset(index: int) -> int:
        return len(markup[:index].encode("utf-8"))

    while i < len(markup):
        char = markup[i]
        if char not in "<&":
            match = _TEXT_RE.match(markup, i)
            assert match is not None
            out.append(match.group())
            pos += utf16_len(match.group())
            i = match.end()
        elif char == "&":
            match = _ENTITY_RE.match(markup, i)
            decoded = _decode_entity(match) if match else None
            if match is None or decoded is None:
                raise TelegramHtmlError(
                    f"Unsupported entity or bare '&' at byte offset {offset(i)}"
                )
            out.append(decoded)
            pos += utf16_len(decoded)
            i = match.end()
        elif markup.startswith("</", i):
            match = _END_RE.match(markup, i)
            if match is None:
                raise TelegramHtmlError(f"Unclosed end tag at byte offset {offset(i)}")
            name = match.group(1).lower()
            if not stack:
                raise TelegramHtmlError(f"Unexpected end tag at byte offset {offset(i)}")
            if stack[-1][0] != name:
                raise TelegramHtmlError(
                    f'Unmatched end tag at byte offset {offset(i)}, expected "</{stack[-1][0]}>", '
                    f'found "</{name}>"'
                )
            _, start, attrs = stack.pop()
            if pos > start:
                entities.append(_entity(name, start, pos - start, attrs, stack))
            i = match.end()
        else:
            match = _START_RE.match(markup, i)
            if match is None:
                raise TelegramHtmlError(f"Unclosed start tag at byte offset {offset(i)}")
            name = match.group(1).lower()
            if name not in _TAG_TYPES:
                raise TelegramHtmlError(
                    f'Unsupported start tag "{name}" at byte offset {offset(i)}'
                )
            attrs = _attributes(match.group(2), offset(i))
            _check_tag(name, attrs, [s[0] for s in stack], offset(i))
            stack.append((name, pos, attrs))
            i = match.end()
    if stack:
        raise TelegramHtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip("".join(out), entities)


def _decode_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _attributes(raw: str, at: int) -> dict[str, str]:
    attrs = {}
    for match in _ATTR_RE.finditer(raw):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        try:
            attrs[match.group(1).lower()] = parse_html(value).text if value else ""
        except TelegramHtmlError as exc:
            raise TelegramHtmlError(f"Bad attribute value at byte offset {at}: {exc}") from None
    return attrs


def _check_tag(name: str, attrs: dict[str, str], open_tags: list[str], at: int) -> None:
    if name == "a" and not attrs.get("href"):
        raise TelegramHtmlError(f'Tag "a" must have an "href" attribute at byte offset {at}')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise TelegramHtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
    if "code" in open_tags or ("pre" in open_tags and name != "code"):
        raise TelegramHtmlError(f"Entities can't be nested in pre or code at byte offset {at}")
    if name == "blockquote" and "blockquote" in open_tags:
        raise TelegramHtmlError(f"Blockquote entities can't be nested at byte offset {at}")


def _entity(
    name: str, start: int, length: int, attrs: dict[str, str], outer: list[tuple[str, int, Any]]
) -> dict[str, Any]:
    entity: dict[str, Any] = {"type": _TAG_TYPES[name], "offset": start, "length": length}
    if name == "a":
        entity["url"] = attrs["href"]
    elif name == "code" and outer and outer[-1][0] == "pre":
        entity["type"] = "pre"
        entity["language"] = attrs.get("class", "").removeprefix("language-")
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def _strip(text: str, entities: list[dict[str, Any]]) -> ParsedHtml:
    """Telegram strips leading and trailing white space and moves the entities along."""
    lead = utf16_len(text) - utf16_len(text.lstrip())
    stripped = text.strip()
    end = utf16_len(stripped)
    kept = []
    for entity in entities:
        first = max(entity["offset"] - lead, 0)
        last = min(entity["offset"] + entity["length"] - lead, end)
        if last > first:
            kept.append({**entity, "offset": first, "length": last - first})
    return ParsedHtml(stripped, kept)


# ---------------------------------------------------------------- records and faults


class FakeBotApiError(Exception):
    """Base of the fake's own errors (misuse by a test, not Telegram answers)."""


class WaitTimeout(FakeBotApiError, AssertionError):
    """`wait_for` reached its deadline before the predicate held."""


class UnexpectedCall(FakeBotApiError, AssertionError):
    """The code under test called a method the fake does not know."""


class ButtonNotFound(FakeBotApiError, AssertionError):
    """`press_button` named a message or button the bot never sent."""


class _ApiError(Exception):
    """An error answer: HTTP status, Telegram description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def answer(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class Fault:
    """An error (or a hang) to answer instead of the real result."""

    code: int
    description: str
    parameters: dict[str, Any] | None = None
    hangs: bool = False

    @classmethod
    def retry_after(cls, seconds: int) -> Fault:
        """429 Too Many Requests with parameters.retry_after."""
        return cls(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    @classmethod
    def blocked(cls) -> Fault:
        """403: the user blocked the bot."""
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def chat_not_found(cls) -> Fault:
        """400: the chat does not exist (or the bot was never in it)."""
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        """400: the group became a supergroup with a new id."""
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new_chat_id},
        )

    @classmethod
    def message_too_long(cls) -> Fault:
        """400: the text is over 4096 characters (as a renderer bug would make it)."""
        return cls(400, "Bad Request: message is too long")

    @classmethod
    def cant_parse_entities(cls) -> Fault:
        """400: the HTML does not parse (as a renderer bug would make it)."""
        return cls(400, "Bad Request: can't parse entities: unsupported start tag at byte 0")

    @classmethod
    def server_error(cls) -> Fault:
        """500 Internal Server Error."""
        return cls(500, "Internal Server Error")

    @classmethod
    def hang(cls) -> Fault:
        """No answer at all until the client times out (or the server closes)."""
        return cls(0, "hang", hangs=True)


@dataclass
class _Injected:
    fault: Fault
    method: str | None
    chat_id: int | str | None
    remaining: int | None


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it, with the HTTP status it answered."""

    method: str
    params: dict[str, Any]
    time: float
    status: int
    description: str | None = None


@dataclass
class SentMessage:
    """A message the bot sent, as it stands now; `html` is the raw text the bot sent."""

    chat_id: int | str
    message_id: int
    text: str
    html: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    date: int
    thread_id: int | None = None
    parse_mode: str | None = None
    edits: list[str] = field(default_factory=list)
    photo: bytes | None = None  # an uploaded picture (sendPhoto); `text` is then its caption

    def callback_data(self) -> list[str]:
        """Every callback_data of the message's inline keyboard, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


_INT_PARAMS = set(
    [
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "message_thread_id",
        "cache_time",
        "reply_to_message_id",
        "from_chat_id",
    ]
)
_BOOL_PARAMS = set(
    [
        "disable_notification",
        "disable_web_page_preview",
        "show_alert",
        "drop_pending_updates",
        "protect_content",
        "allow_sending_without_reply",
        "is_personal",
    ]
)
_JSON_PARAMS = set(
    [
        "reply_markup",
        "entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "results",
        "button",
    ]
)


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Type form values the way the Bot API does: ints, booleans and JSON-valued fields."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in _JSON_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                raise _ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
        elif isinstance(value, str) and key in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
            value = int(value)
        elif isinstance(value, str) and key in _BOOL_PARAMS:
            value = value.lower() in ("true", "1")
        params[key] = value
    return params


# ---------------------------------------------------------------- the server


class FakeBotApi(FakeHTTPServer):
    """A Telegram Bot API stand-in: state, call log, fault injection and helpers for tests."""

    hang_limit = HANG_SECONDS

    def __init__(
        self, token: str = DEFAULT_TOKEN, *, enforce_rate_limits: bool = False, strict: bool = True
    ) -> None:
        super().__init__()  # the server, and `_cond`: the lock of the state below
        self.token = token
        self.tokens = {token}
        self.enforce_rate_limits = enforce_rate_limits
        self.strict = strict
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Kamervragen Test",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.webhook_url: str | None = None
        self.webhook_error: str | None = None  # getWebhookInfo's last_error_message
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.inline_answers: dict[str, dict[str, Any]] = {}  # inline query id -> the answer
        self._open_inline: set[str] = set()
        self._calls: list[Call] = []
        self._faults: list[_Injected] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id: dict[int | str, int] = collections.defaultdict(lambda: 1)
        self._messages: dict[tuple[int | str, int], SentMessage] = {}
        self._sent_order: list[SentMessage] = []
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._members: dict[tuple[int | str, int], str] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._open_callbacks: set[str] = set()
        self._next_callback = 1
        self._sends: collections.deque[float] = collections.deque()
        self._chat_sends: dict[int | str, collections.deque[float]] = {}
        self._rate_limited = 0
        self._polling = 0
        # Bot API method names are case-insensitive: "sendmessage" works too.
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            name[3:].lower(): getattr(self, name) for name in dir(self) if name.startswith("_m_")
        }
        self._canonical = {
            name[3:].lower(): name[3:] for name in dir(self) if name.startswith("_m_")
        }

    # -- lifecycle (the rest is FakeHTTPServer's: start, stop, the with block)

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`, the value for TELEGRAM_API_URL."""
        return self.origin

    @property
    def base_url(self) -> str:
        """The `base_url` for python-telegram-bot (it appends the token)."""
        return f"{self.url}/bot"

    def close(self) -> None:
        """Stop serving, wake every waiting call, close every connection."""
        self.stop()

    def assert_no_errors(self) -> None:
        """In strict mode, raise UnexpectedCall if a method the fake does not know was called."""
        super().assert_no_errors()
        if self.strict and self.unexpected_calls():
            raise UnexpectedCall(f"unexpected Bot API calls: {self.unexpected_calls()}")

    # -- what the test inspects

    @property
    def calls(self) -> list[Call]:
        """Every request so far, in order (a copy)."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The requests to one method."""
        return [c for c in self.calls if c.method == method]

    def unexpected_calls(self) -> list[Call]:
        """Requests to methods the fake does not implement."""
        return [c for c in self.calls if c.status == 404]

    def sent_messages(self, chat_id: int | str | None = None) -> list[SentMessage]:
        """Messages the bot sent successfully (to one chat, or all), in order."""
        with self._cond:
            return [m for m in self._sent_order if chat_id is None or m.chat_id == chat_id]

    def sent_count(self) -> int:
        """How many messages the bot sent successfully (cheap, for large runs)."""
        with self._cond:
            return len(self._sent_order)

    def rate_limited(self) -> int:
        """How many requests were answered 429 because the bot broke the rate limits."""
        with self._cond:
            return self._rate_limited

    def my_commands(
        self, language_code: str = "", scope: dict[str, Any] | None = None
    ) -> list[dict[str, str]]:
        """The command list set for a language code and scope (default scope; [] if none)."""
        key = self._command_key({"scope": scope, "language_code": language_code})
        with self._cond:
            return list(self._commands.get(key, []))

    def polls_waiting(self) -> int:
        """getUpdates calls now waiting for an update (long polling)."""
        with self._cond:
            return self._polling

    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by an offset."""
        with self._cond:
            return len(self._updates)

    # -- what the test controls

    def set_member_status(self, chat_id: int | str, user_id: int, status: str) -> None:
        """What getChatMember says: creator, administrator, member, left or kicked."""
        with self._cond:
            self._members[(chat_id, user_id)] = status

    def inject_fault(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        chat_id: int | str | None = None,
        times: int | None = 1,
    ) -> None:
        """Answer the next `times` matching calls (None: all) with `fault` instead."""
        if times is not None and times < 1:
            raise ValueError("times must be None or at least 1")
        with self._cond:
            self._faults.append(_Injected(fault, method, chat_id, times))

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (its update_id is assigned here) and wake long polls."""
        with self._cond:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return update

    def inject_message(
        self,
        chat_id: int,
        text: str,
        *,
        user: int | dict[str, Any] | None = None,
        chat_type: str = "private",
        message_thread_id: int | None = None,
        language_code: str = "nl",
    ) -> dict[str, Any]:
        """Queue a text message from a user; a leading /command gets its bot_command entity."""
        with self._cond:
            sender = self._user(
                user if user is not None else (chat_id if chat_type == "private" else 1001),
                language_code,
            )
            chat = {"id": chat_id, "type": chat_type}
            chat.update(
                {"first_name": sender["first_name"]}
                if chat_type == "private"
                else {"title": f"Group {chat_id}"}
            )
            if message_thread_id is not None:
                chat["is_forum"] = True
            self._chats[chat_id] = chat
            message: dict[str, Any] = {
                "message_id": self._take_message_id(chat_id),
                "from": sender,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
                ]
            if message_thread_id is not None:
                message["message_thread_id"] = message_thread_id
                message["is_topic_message"] = True
            return self.inject_update({"message": message})

    def press_button(
        self,
        chat_id: int | str,
        message_id: int,
        callback_data: str,
        *,
        user: int | dict[str, Any] | None = None,
        forged: bool = False,
    ) -> dict[str, Any]:
        """Queue the callback query of pressing a button of a message the bot sent; `forged`:
        with data no button of it carries (as a modified client can send)."""
        with self._cond:
            sent = self._messages.get((chat_id, message_id))
            if sent is None:
                raise ButtonNotFound(f"the bot sent no message {message_id} to chat {chat_id}")
            if not forged and callback_data not in sent.callback_data():
                raise ButtonNotFound(f"{callback_data!r} not among {sent.callback_data()}")
            query_id = str(self._next_callback)
            self._next_callback += 1
            self._open_callbacks.add(query_id)
            sender = self._user(user if user is not None else chat_id, "nl")
            return self.inject_update(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": sender,
                        "message": self._message_json(sent),
                        "chat_instance": str(chat_id),
                        "data": callback_data,
                    }
                }
            )

    def inject_inline_query(
        self, user: int, query: str, *, language_code: str = "nl", chat_type: str = "private"
    ) -> dict[str, Any]:
        """Queue an inline query: `user` typed "@bot <query>" in a chat of `chat_type`."""
        with self._cond:
            query_id = f"inline-{self._next_callback}"
            self._next_callback += 1
            self._open_inline.add(query_id)
            inline = {
                "id": query_id,
                "from": self._user(user, language_code),
                "query": query,
                "offset": "",
                "chat_type": chat_type,
            }
            return self.inject_update({"inline_query": inline})

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block until `predicate()` is truthy (re-checked on every request); return its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WaitTimeout(
                        f"condition not met within {timeout} s; calls: "
                        f"{[c.method for c in self._calls]}"
                    )
                self._cond.wait(remaining)

    async def wait_for_async(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """`wait_for` without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for, predicate, timeout)

    # -- request handling (runs on the server's threads)

    def route(self, request: Request) -> Reply:
        """A Bot API request: its fields from the query, a form or a JSON body, answered as JSON."""
        try:
            raw = request.params()
        except BadBody:
            status, payload = 400, _ApiError(400, "Bad Request: invalid JSON body").answer()
        else:
            status, answer = self.handle(request.path, raw)
            if answer is None:
                return Reply(answer=False)
            payload = answer
        return Reply(status, json.dumps(payload).encode("utf-8"), content_type="application/json")

    def handle(self, path: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """Answer one request: (HTTP status, JSON body), or (0, None) to hang up silently."""
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", urlsplit(path).path)
        method = self._canonical.get(match.group(2).lower(), match.group(2)) if match else "?"
        params: dict[str, Any] = {}
        try:
            if match is None:
                raise _ApiError(404, "Not Found")
            if match.group(1) not in self.tokens:
                raise _ApiError(401, "Unauthorized")
            params = decode_params(raw)
            handler = self._methods.get(method.lower())
            if handler is None:
                raise _ApiError(404, "Not Found")
            fault = self._take_fault(method, params.get("chat_id"))
            if fault is not None and fault.hangs:
                self._record(method, params, 0, "hang")
                self.hold()
                return 0, None
            if fault is not None:
                raise _ApiError(fault.code, fault.description, fault.parameters)
            result = handler(params)
        except _ApiError as err:
            self._record(method, params, err.code, err.description)
            return err.code, err.answer()
        self._record(method, params, 200, None)
        return 200, {"ok": True, "result": result}

    def _record(self, method: str, params: dict[str, Any], status: int, error: str | None) -> None:
        with self._cond:
            self._calls.append(Call(method, params, time.monotonic(), status, error))
            self._cond.notify_all()

    def _take_fault(self, method: str, chat_id: object) -> Fault | None:
        with self._cond:
            for injected in self._faults:
                if injected.method not in (None, method):
                    continue
                if injected.chat_id is not None and injected.chat_id != chat_id:
                    continue
                if injected.remaining is not None:
                    injected.remaining -= 1
                    if injected.remaining <= 0:
                        self._faults.remove(injected)
                return injected.fault
        return None

    # -- the methods

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self.bot_user)

    def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, limit = params.get("offset", 0), min(max(params.get("limit", 100), 1), 100)
        deadline = time.monotonic() + max(params.get("timeout", 0), 0)
        allowed = params.get("allowed_updates") or []
        with self._cond:
            if self.webhook_url:
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is "
                    "active; use deleteWebhook to delete the webhook first",
                )
            waiting = False
            try:
                while True:
                    if offset > 0:
                        self._updates = [u for u in self._updates if u["update_id"] >= offset]
                    ready = self._updates[offset:] if offset < 0 else self._updates
                    ready = [u for u in ready if not allowed or set(u) & set(allowed)]
                    remaining = deadline - time.monotonic()
                    if ready or remaining <= 0 or self.stopping:
                        return ready[:limit]
                    if not waiting:  # announce it once: two polls must not wake each other
                        waiting = True
                        self._polling += 1
                        self._cond.notify_all()
                    self._cond.wait(remaining)
            finally:
                if waiting:
                    self._polling -= 1

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text, entities, parse_mode = self._text(params)
        markup = _check_markup(params.get("reply_markup"))
        with self._cond:
            self._check_rate(chat_id)
            sent = SentMessage(
                chat_id=chat_id,
                message_id=self._take_message_id(chat_id),
                text=text,
                html=params["text"],
                entities=entities,
                reply_markup=markup,
                date=int(time.time()),
                thread_id=params.get("message_thread_id"),
                parse_mode=parse_mode,
            )
            self._messages[(chat_id, sent.message_id)] = sent
            self._sent_order.append(sent)
            return self._message_json(sent)

    def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        """An uploaded picture (multipart) with an optional caption of at most 1,024 characters."""
        chat_id = self._chat_id(params)
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        if not photo.startswith(b"\x89PNG\r\n\x1a\n") and not photo.startswith(b"\xff\xd8"):
            raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption, entities, mode = "", [], params.get("parse_mode")
        if params.get("caption"):
            caption, entities, mode = self._text({**params, "text": params["caption"]})
            if utf16_len(caption) > MAX_CAPTION:
                raise _ApiError(400, "Bad Request: message caption is too long")
        markup = _check_markup(params.get("reply_markup"))
        with self._cond:
            self._check_rate(chat_id)
            sent = SentMessage(
                chat_id=chat_id,
                message_id=self._take_message_id(chat_id),
                text=caption,
                html=str(params.get("caption") or ""),
                entities=entities,
                reply_markup=markup,
                date=int(time.time()),
                thread_id=params.get("message_thread_id"),
                parse_mode=mode,
                photo=photo,
            )
            self._messages[(chat_id, sent.message_id)] = sent
            self._sent_order.append(sent)
            message = self._message_json(sent)
            message.pop("text")
            if message.pop("entities", None):
                message["caption_entities"] = entities
            if caption:
                message["caption"] = caption
            size = {"file_id": f"photo-{sent.message_id}", "file_unique_id": "p", "width": 1}
            return {**message, "photo": [{**size, "height": 1}]}

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        text, entities, parse_mode = self._text(params)
        markup = _check_markup(params.get("reply_markup"))
        with self._cond:
            sent = self._messages.get((chat_id, params.get("message_id")))
            if sent is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if (sent.text, sent.entities, sent.reply_markup) == (text, entities, markup):
                raise _ApiError(
                    400,
                    "Bad Request: message is not modified: specified new "
                    "message content and reply markup are exactly the same as a "
                    "current content and reply markup of the message",
                )
            sent.edits.append(sent.html)
            sent.text, sent.html, sent.entities = text, params["text"], entities
            sent.reply_markup, sent.parse_mode = markup, parse_mode
            return {**self._message_json(sent), "edit_date": int(time.time())}

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self._cond:
            _answer_once(self._open_callbacks, query_id)
            self.callback_answers[query_id] = params
        return True

    def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        """Telegram's checks: a live query id, at most 50 results with unique ids of 1-64
        bytes, each article with a title and a message that is valid and within limits."""
        query_id = str(params.get("inline_query_id", ""))
        results = params.get("results")
        if not isinstance(results, list):
            raise _ApiError(400, 'Bad Request: parameter "results" is required')
        if len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) if isinstance(r, dict) else "" for r in results]
        if len(set(ids)) != len(ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result, result_id in zip(results, ids, strict=True):
            if not 1 <= len(result_id.encode("utf-8")) <= 64:
                raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
            if result.get("type") != "article" or not str(result.get("title", "")).strip():
                raise _ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content")
            if not isinstance(content, dict) or "message_text" not in content:
                raise _ApiError(400, "Bad Request: MESSAGE_EMPTY")
            self._text({"text": content["message_text"], "parse_mode": content.get("parse_mode")})
            _check_markup(result.get("reply_markup"))
        with self._cond:
            _answer_once(self._open_inline, query_id)
            self.inline_answers[query_id] = params
            self._cond.notify_all()
        return True

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, 'Bad Request: parameter "commands" is required')
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _ApiError(400, "Bad Request: command description is empty or too long")
        with self._cond:
            self._commands[self._command_key(params)] = commands
        return True

    def _m_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        with self._cond:
            return self._commands.get(self._command_key(params), [])

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook_url = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.webhook_url = str(params.get("url") or "") or None
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            info: dict[str, Any] = {
                "url": self.webhook_url or "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self.webhook_error:
                info["last_error_date"] = int(time.time())
                info["last_error_message"] = self.webhook_error
        return info

    def _m_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = self._chat_id(params), params.get("user_id")
        if not isinstance(user_id, int):
            raise _ApiError(400, "Bad Request: invalid user_id specified")
        with self._cond:
            status = self._members.get((chat_id, user_id), "member")
            member: dict[str, Any] = {"status": status, "user": self._user(user_id, None)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(
                    (
                        "can_be_edited",
                        "is_anonymous",
                        "can_promote_members",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                    ),
                    False,
                )
            )
            member.update(
                dict.fromkeys(
                    (
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_change_info",
                        "can_invite_users",
                    ),
                    True,
                )
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # -- helpers

    def _chat_id(self, params: dict[str, Any]) -> int | str:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _ApiError(400, "Bad Request: chat_id is empty")
        return chat_id

    @staticmethod
    def _text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str | None]:
        raw, mode = params.get("text"), params.get("parse_mode")
        if not isinstance(raw, str) or not raw.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if mode and str(mode).lower() == "html":
            try:
                parsed = parse_html(raw)
            except TelegramHtmlError as exc:
                raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif mode and str(mode).lower() not in ("markdown", "markdownv2"):
            raise _ApiError(400, "Bad Request: unsupported parse_mode")
        else:  # plain text; Markdown is accepted but not interpreted
            parsed = ParsedHtml(raw.strip(), list(params.get("entities") or []))
        if not parsed.text:
            raise _ApiError(400, "Bad Request: message text is empty")
        if utf16_len(parsed.text) > MAX_TEXT:
            raise _ApiError(400, "Bad Request: message is too long")
        if len(parsed.entities) > MAX_ENTITIES:
            raise _ApiError(
                400, "Bad Request: too many entities (Telegram ignores those after the 100th)"
            )
        return parsed.text, parsed.entities, mode

    def _check_rate(self, chat_id: int | str) -> None:
        """Telegram's limits: 30 messages/s overall, 1/s per private chat, 20/min per group."""
        if not self.enforce_rate_limits:
            return
        now = time.monotonic()
        private = isinstance(chat_id, int) and chat_id > 0
        window, allowed = (1.0, 1) if private else (60.0, 20)
        chat = self._chat_sends.setdefault(chat_id, collections.deque())
        for queue, span, most in ((self._sends, 1.0, 30), (chat, window, allowed)):
            while queue and queue[0] <= now - span:
                queue.popleft()
            if len(queue) >= most:
                self._rate_limited += 1
                wait = max(1, math.ceil(queue[0] + span - now))
                raise _ApiError(
                    429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
                )
        self._sends.append(now)
        chat.append(now)

    @staticmethod
    def _command_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _take_message_id(self, chat_id: int | str) -> int:
        message_id = self._next_message_id[chat_id]
        self._next_message_id[chat_id] += 1
        return message_id

    def _user(self, user: int | dict[str, Any], language_code: str | None) -> dict[str, Any]:
        if isinstance(user, dict):
            self._users[user["id"]] = user
        elif user not in self._users or language_code:
            self._users[user] = {"id": user, "is_bot": False, "first_name": f"User {user}"}
            if language_code:
                self._users[user]["language_code"] = language_code
        return self._users[user if isinstance(user, int) else user["id"]]

    def _chat_json(self, chat_id: int | str) -> dict[str, Any]:
        if chat_id in self._chats:
            return self._chats[chat_id]
        if isinstance(chat_id, int) and chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        kind = "supergroup" if isinstance(chat_id, str) or chat_id < -(10**12) else "group"
        return {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}

    def _message_json(self, sent: SentMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": dict(self.bot_user),
            "chat": self._chat_json(sent.chat_id),
            "date": sent.date,
            "text": sent.text,
        }
        if sent.entities:
            message["entities"] = sent.entities
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        if sent.thread_id is not None:
            message["message_thread_id"] = sent.thread_id
        return message


def _answer_once(open_queries: set[str], query_id: str) -> None:
    """A callback or inline query is answered once, while it is open, as Telegram allows."""
    if query_id not in open_queries:
        raise _ApiError(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    open_queries.discard(query_id)


def _check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate an inline keyboard as Telegram does (callback_data 1-64 bytes, one action)."""
    if markup is None:
        return None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if rows is None:
        return markup  # reply keyboards and the like are not checked
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    for button in (b for row in rows for b in row):
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise _ApiError(400, "Bad Request: can't parse inline keyboard button: Text is empty")
        data, url = button.get("callback_data"), button.get("url")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_BYTES:
            raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if url is not None and not re.match(r"(https?|tg)://", str(url)):
            raise _ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        if data is None and url is None:
            raise _ApiError(
                400,
                "Bad Request: can't parse inline keyboard button: Text buttons "
                "are unallowed in the inline keyboard",
            )
    return markup
