"""Fixtures for the bot's tests: a database holding the seed case, and a conversation core."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlite_utils import Database

from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.turn import Incoming, Reply
from kamervragen.bot.rendering.html import Message, visible_text
from kamervragen.core.model import ParsedDocument, SourceIds
from kamervragen.settings import Settings
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import store_document
from kamervragen.watchers.parsers.text import parse_text
from tests.bot.seed_case import seed_case
from tests.conftest import ANSWER_SEED, QUESTION_SEED
from tests.fakes.botapi import parse_html, utf16_len

TODAY = dt.date(2019, 10, 1)  # the seed case (18 July 2019) is within 90 days of this
# The limits of the default settings, as `kamervragen run` hands them to the conversation.
LIMITS = {
    "max_subscriptions": Settings().max_subscriptions,
    "max_query_length": Settings().max_query_length,
}


def seed_database(path: Path | None = None) -> Database:
    """A database (in memory, or the file at `path`) with the two seed documents and the
    case's document number and publication id."""
    db = open_db(path) if path is not None else open_db(memory=True)
    for path in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, parse_text(path.read_text(encoding="utf-8"), source=path.name))
    ids = SourceIds(document_number="2019D30185", publication_id="ah-tk-20182019-3985")
    store_document(
        db, ParsedDocument(kind="metadata", format="metadata", zaaknummer="2019Z15244", ids=ids)
    )
    return db


def add_copies(db: Database, count: int, *, status: str = "open") -> list[str]:
    """Store `count` copies of the seed case, one a day after 1 September 2019; their numbers."""
    numbers = []
    for i in range(count):
        number = f"2019Z{20000 + i}"
        submitted = dt.date(2019, 9, 1) + dt.timedelta(days=i)
        case = dataclasses.replace(
            seed_case(), zaaknummer=number, submitted=submitted, status=status, answered=None
        )
        save_case(db, number, case, "2019-10-01T00:00:00+00:00")
        numbers.append(number)
    return numbers


def check(reply: Reply) -> Reply:
    """Every message of a reply is what Telegram accepts: valid HTML, within the limits."""
    messages: list[Message] = [*reply.messages, *([reply.edit] if reply.edit else [])]
    for message in messages:
        parsed = parse_html(message.text)
        assert 0 < utf16_len(parsed.text) <= 4096
        assert len(parsed.entities) <= 100
        for row in message.buttons:
            assert row, "an empty row of buttons"
            for button in row:
                if button.callback_data:
                    assert len(button.callback_data.encode()) <= 64
    if reply.toast is not None:
        assert len(reply.toast) <= 200
    return reply


async def say(
    conversation: Conversation,
    text: str,
    *,
    chat: int = 42,
    kind: str = "private",
    lang: str | None = "en",
    thread: int | None = None,
    admin: bool = True,
) -> Reply:
    """Send `text` as a message and return the checked reply."""
    incoming = Incoming(
        chat, kind, 7, lang, thread, text=text, is_admin=admin if kind != "private" else False
    )
    return check(await conversation.handle(incoming))


async def press(
    conversation: Conversation,
    data: str,
    *,
    chat: int = 42,
    kind: str = "private",
    lang: str = "en",
    admin: bool = True,
) -> Reply:
    """Press a button with `data` and return the checked reply."""
    incoming = Incoming(chat, kind, 7, lang, callback_data=data, is_admin=admin)
    return check(await conversation.handle(incoming))


def text_of(reply: Reply) -> str:
    """The visible text of all of a reply's messages."""
    return "\n---\n".join(visible_text(m.text) for m in reply.messages)


def data_of(reply: Reply) -> list[str]:
    """The callback data (or URL) of every button of a reply's messages, or of its edit."""
    messages = [reply.edit] if reply.edit else list(reply.messages)
    return [b.callback_data or b.url or "" for m in messages for row in m.buttons for b in row]


@pytest.fixture
def db() -> Database:
    """The seeded database."""
    return seed_database()


@pytest.fixture
def conversation(db: Database) -> Conversation:
    """A conversation core on the seeded database, with 1 October 2019 as today."""
    return Conversation(db, **LIMITS, today=lambda: TODAY)
