"""What the conversation core takes in and gives back, independent of any transport.

Incoming   a command, plain text or button press, with its chat, user, language, topic
Turn       an Incoming with its stored chat and the language to answer in
Reply      messages to send, the new content of the pressed message, a toast, a picture
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kamervragen.bot.rendering.html import Message, escape
from kamervragen.bot.rendering.i18n import t
from kamervragen.storage.chats import Chat

AdminCheck = Callable[[], Awaitable[bool]]
TOAST_CHARS = 200  # Telegram's limit for the text of answerCallbackQuery


@dataclass(frozen=True)
class Incoming:
    """A command, plain text or button press from a chat, as any transport delivers it."""

    chat_id: int
    chat_type: str = "private"  # private, group, supergroup or channel
    user_id: int | None = None
    language_code: str | None = None  # the user's Telegram language
    thread_id: int | None = None  # the forum topic it came from
    text: str | None = None
    callback_data: str | None = None
    is_admin: bool | AdminCheck = False  # in groups: known, or a coroutine that asks Telegram
    chat_title: str | None = None


@dataclass(frozen=True)
class Photo:
    """A picture to send (PNG bytes) with its caption (HTML, at most 1,024 characters)."""

    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class Reply:
    """What to do in answer: send a picture and messages, edit the pressed message, answer the
    press."""

    messages: tuple[Message, ...] = ()
    edit: Message | None = None
    toast: str | None = None
    alert: bool = False
    photo: Photo | None = None  # sent before the messages

    def __post_init__(self) -> None:
        if self.toast is not None and len(self.toast) > TOAST_CHARS:
            object.__setattr__(self, "toast", self.toast[: TOAST_CHARS - 1] + "…")


@dataclass(frozen=True)
class Turn:
    """One incoming item with its stored chat and the language to answer in."""

    incoming: Incoming
    chat: Chat
    lang: str

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return self.incoming.chat_id

    @property
    def thread_id(self) -> int | None:
        """The forum topic the item came from."""
        return self.incoming.thread_id


def say(turn: Turn, key: str, **kwargs: object) -> Reply:
    """A reply of one plain sentence in the turn's language."""
    return Reply((Message(escape(t(turn.lang, key, **kwargs))),))
