"""The Telegram handlers and the composition root, driven in-process through a real
python-telegram-bot Application against the fake Bot API server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application

from kamervragen.app import MissingToken, build_application
from kamervragen.bot.conversation.admin import AdminCache
from kamervragen.bot.conversation.core import Conversation
from kamervragen.settings import Settings
from kamervragen.storage import chats
from tests.bot.conftest import seed_database
from tests.fakes.botapi import BOT_USERNAME, FakeBotApi
from tests.fakes.koop_server import KoopServer

Z = "2019Z15244"
GROUP = -100
SUPERGROUP = -1001234567890123  # the fake treats ids below -10**12 as supergroups
MEMBER = 1001  # the fake's default sender in groups


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """The fake Bot API server."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def koop() -> Iterator[KoopServer]:
    """The official publications, with nothing published: on-demand lookups find nothing."""
    with KoopServer() as server:
        yield server


@pytest.fixture
async def app(api: FakeBotApi, koop: KoopServer, tmp_path: Path) -> AsyncIterator[Application]:
    """The bot's Application, initialised (getMe) and past post_init, on a seeded database."""
    path = tmp_path / "bot.db"
    seed_database(path).close()
    settings = Settings(
        db=str(path),
        token=api.token,
        api_url=api.url,
        ob_url=koop.origin,
        syncfeed_url=f"{koop.origin}/SyncFeed/2.0",
        http_retry_delay=0,
    )
    application = build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    yield application
    assert application.post_shutdown is not None
    await application.post_shutdown(application)
    await application.shutdown()


async def deliver(app: Application, update: dict[str, Any]) -> None:
    """Let the application process one update the fake queued."""
    await app.process_update(Update.de_json(update, app.bot))


def sent(api: FakeBotApi, chat_id: int) -> list[str]:
    """The visible texts the bot sent to a chat."""
    return [m.text for m in api.sent_messages(chat_id)]


def methods(api: FakeBotApi) -> list[str]:
    """The methods called, in order."""
    return [c.method for c in api.calls]


async def test_command_menus_are_set_per_language(app: Application, api: FakeBotApi) -> None:
    """post_init sets the command menu for nl, en and the default (English)."""
    dutch, english, default = api.my_commands("nl"), api.my_commands("en"), api.my_commands()
    assert [c["command"] for c in dutch] == [c["command"] for c in default]
    assert len(dutch) == 14 and dutch[2]["description"].startswith("Meldingen van nieuwe")
    assert english == default and default[5] == {
        "command": "case",
        "description": "Look up a case: its questions and answers",
    }


async def test_private_command_sends_html_without_previews(
    app: Application, api: FakeBotApi
) -> None:
    """/case in a private chat: one HTML message, previews off, no topic, with its buttons."""
    await deliver(app, api.inject_message(42, f"/case {Z}", language_code="en"))
    call = api.calls_to("sendMessage")[-1]
    assert call.params["parse_mode"] == "HTML"
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert "message_thread_id" not in call.params
    assert api.sent_messages(42)[0].callback_data() == [f"case:{Z}:1", f"follow:{Z}:0", f"full:{Z}"]


async def test_private_text_and_unknown_commands(app: Application, api: FakeBotApi) -> None:
    """Plain text with a link opens the case; an unknown command gets a hint."""
    link = "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2019Z15244&did=2019D30185"
    await deliver(app, api.inject_message(42, link, language_code="en"))
    await deliver(app, api.inject_message(42, "/frobnicate", language_code="en"))
    texts = sent(api, 42)
    assert texts[0].startswith("📄 2019Z15244 · answered")
    assert texts[1] == "I do not know that command; /help lists them."


async def test_group_member_is_refused_and_the_answer_cached(
    app: Application, api: FakeBotApi
) -> None:
    """A member who is not an admin is refused; getChatMember is asked once for two commands;
    an administrator may subscribe."""
    api.set_member_status(GROUP, MEMBER, "member")
    await deliver(app, api.inject_message(GROUP, "/subscribe stikstof", chat_type="group"))
    await deliver(app, api.inject_message(GROUP, f"/follow {Z}", chat_type="group"))
    refusal = "Alleen de beheerders van deze groep kunnen de abonnementen en instellingen wijzigen."
    assert sent(api, GROUP) == [refusal, refusal]
    assert [c.params for c in api.calls_to("getChatMember")] == [
        {"chat_id": GROUP, "user_id": MEMBER}
    ]
    api.set_member_status(GROUP, 2002, "administrator")
    message = api.inject_message(GROUP, "/subscribe stikstof", chat_type="group", user=2002)
    await deliver(app, message)
    assert sent(api, GROUP)[-1].startswith("✅ Geabonneerd op “stikstof”")
    db = app.bot_data["db"]
    assert [s.query for s in chats.subscriptions_of(db, GROUP)] == ["stikstof"]


async def test_reading_commands_in_groups_ask_nobody(app: Application, api: FakeBotApi) -> None:
    """/case and /list in a group are answered without getChatMember."""
    await deliver(app, api.inject_message(GROUP, f"/case {Z}", chat_type="group"))
    await deliver(app, api.inject_message(GROUP, "/list", chat_type="group"))
    assert len(sent(api, GROUP)) == 2 and "getChatMember" not in methods(api)


async def test_forum_topic_replies_and_subscriptions_stay_in_the_topic(
    app: Application, api: FakeBotApi
) -> None:
    """In a forum topic the reply goes to the topic and the subscription remembers it."""
    api.set_member_status(SUPERGROUP, MEMBER, "creator")
    message = api.inject_message(
        SUPERGROUP, "/subscribe stikstof", chat_type="supergroup", message_thread_id=5
    )
    await deliver(app, message)
    assert api.calls_to("sendMessage")[-1].params["message_thread_id"] == 5
    db = app.bot_data["db"]
    assert [s.thread_id for s in chats.subscriptions_of(db, SUPERGROUP)] == [5]


async def test_channel_posts_are_handled_as_admin(app: Application, api: FakeBotApi) -> None:
    """A command posted in a channel subscribes the channel without asking getChatMember."""
    channel = {"id": -1009, "type": "channel", "title": "Kanaal"}
    post = {
        "message_id": 1,
        "chat": channel,
        "sender_chat": channel,
        "date": 1,
        "text": "/subscribe stikstof",
        "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
    }
    await deliver(app, api.inject_update({"channel_post": post}))
    assert sent(api, -1009)[0].startswith("✅ Subscribed to “stikstof”")
    assert "getChatMember" not in methods(api)


async def test_anonymous_group_admin_is_an_admin(app: Application, api: FakeBotApi) -> None:
    """A message sent as the group itself (an anonymous admin) may change subscriptions."""
    group = {"id": GROUP, "type": "group", "title": "Groep"}
    message = {
        "message_id": 1,
        "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
        "sender_chat": group,
        "chat": group,
        "date": 1,
        "text": "/subscribe stikstof",
        "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
    }
    await deliver(app, api.inject_update({"message": message}))
    assert sent(api, GROUP)[0].startswith("✅ Subscribed to “stikstof”")
    assert "getChatMember" not in methods(api)


async def test_button_press_answers_then_edits(app: Application, api: FakeBotApi) -> None:
    """A follow press: answerCallbackQuery with the toast, then editMessageText with the
    unfollow button; a double press of a page button is not an error."""
    await deliver(app, api.inject_message(42, f"/case {Z}", language_code="en"))
    case_message = api.sent_messages(42)[0]
    before = len(api.calls)
    await deliver(app, api.press_button(42, case_message.message_id, f"follow:{Z}:0"))
    assert methods(api)[before:] == ["answerCallbackQuery", "editMessageText"]
    assert api.calls_to("answerCallbackQuery")[0].params["text"] == "🔔 Je volgt 2019Z15244"
    assert f"unfollow:{Z}:0" in case_message.callback_data()
    first = api.press_button(42, case_message.message_id, f"case:{Z}:1")
    second = api.press_button(42, case_message.message_id, f"case:{Z}:1")
    await deliver(app, first)
    await deliver(app, second)
    edits = api.calls_to("editMessageText")
    assert [c.status for c in edits] == [200, 200, 400]
    assert "not modified" in (edits[-1].description or "")
    assert len(api.sent_messages(42)) == 1  # no apology for the harmless double press


async def test_group_button_of_a_non_admin_gets_an_alert(app: Application, api: FakeBotApi) -> None:
    """A member's follow press in a group: an alert, no edit, nothing followed."""
    await deliver(app, api.inject_message(GROUP, f"/case {Z}", chat_type="group"))
    case_message = api.sent_messages(GROUP)[0]
    update = api.press_button(GROUP, case_message.message_id, f"follow:{Z}:0", user=MEMBER)
    await deliver(app, update)
    answer = api.calls_to("answerCallbackQuery")[0].params
    assert answer["show_alert"] is True and answer["text"].startswith("Alleen de beheerders")
    assert "editMessageText" not in methods(api)
    assert chats.follows_of(app.bot_data["db"], GROUP) == []


async def test_errors_are_logged_first_then_reported(
    app: Application, api: FakeBotApi, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    """A failing handler: the error handler logs it with its traceback, then apologises."""
    conversation: Conversation = app.bot_data["conversation"]

    async def broken(incoming: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(conversation, "handle", broken)
    with caplog.at_level(logging.ERROR, logger="kamervragen.bot.conversation.handlers"):
        update = api.inject_message(42, "/help", language_code="en")
        await deliver(app, update)
    record = next(r for r in caplog.records if r.name == "kamervragen.bot.conversation.handlers")
    assert record.getMessage() == f"update {update['update_id']} failed"
    assert record.exc_info is not None and str(record.exc_info[1]) == "boom"
    assert sent(api, 42) == ["Sorry, something went wrong. Please try again."]


def test_building_needs_a_token_and_quiets_httpx() -> None:
    """No token: MissingToken; with one, the httpx logger is at WARNING (the URL has the token)."""
    with pytest.raises(MissingToken):
        build_application(Settings(token=None))
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    application = build_application(Settings(token="1:abc", api_url="http://127.0.0.1:9"))
    assert application.bot.base_url == "http://127.0.0.1:9/bot1:abc"
    assert logging.getLogger("httpx").level == logging.WARNING
    assert application.job_queue is not None


async def test_admin_cache_remembers_for_its_ttl() -> None:
    """Answers are kept for the TTL; failures are not kept; forget drops a chat."""
    now = [0.0]
    statuses = {(1, 2): "administrator", (1, 3): "member"}
    asked: list[tuple[int, int]] = []

    async def member_status(chat_id: int, user_id: int) -> str:
        asked.append((chat_id, user_id))
        if user_id == 4:
            raise BadRequest("user not found")
        return statuses[(chat_id, user_id)]

    cache = AdminCache(member_status, ttl=300, clock=lambda: now[0])
    assert await cache.is_admin(1, 2) and not await cache.is_admin(1, 3)
    statuses[(1, 2)] = "member"
    now[0] = 299
    assert await cache.is_admin(1, 2)  # still remembered
    now[0] = 301
    assert not await cache.is_admin(1, 2)  # asked again
    assert not await cache.is_admin(1, 4) and not await cache.is_admin(1, 4)
    cache.forget(1)
    await cache.is_admin(1, 3)
    assert asked == [(1, 2), (1, 3), (1, 2), (1, 4), (1, 4), (1, 3)]


@pytest.mark.parametrize(
    "command",
    [
        "/start",
        "/help",
        "/subscribe export control",
        "/subscribe",
        '/subscribe "export',
        "/unsubscribe",
        "/unsubscribe stikstof",
        "/list",
        f"/case {Z}",
        "/case 2019Z99999",
        f"/follow {Z}",
        "/unfollow",
        "/search cybersurveillance",
        "/recent",
        "/settings",
        "/language",
        "/language en",
    ],
)
async def test_every_command_is_registered_and_accepted_by_telegram(
    app: Application, api: FakeBotApi, command: str
) -> None:
    """Each command reaches the bot through python-telegram-bot and its answer passes the
    fake server's checks (valid HTML, limits, callback data)."""
    await deliver(app, api.inject_message(42, command, language_code="en"))
    sends = api.calls_to("sendMessage")
    assert len(sends) == 1 and sends[0].status == 200, sends


# ---------------------------------------------------------------- inline mode


def inline_answer(api: FakeBotApi, update: dict[str, Any]) -> dict[str, Any]:
    """The answerInlineQuery the bot gave to a queued inline query (the fake checked it)."""
    return api.inline_answers[update["inline_query"]["id"]]


async def test_inline_zaaknummer_offers_the_case_card(app: Application, api: FakeBotApi) -> None:
    """`@bot 2019Z15244`: one article, its alert as HTML without previews, and URL buttons that
    open the case in the bot (?start=case_…) and the official text."""
    update = api.inject_inline_query(7, Z, language_code="nl")
    await deliver(app, update)
    answer = inline_answer(api, update)
    [result] = answer["results"]
    assert result["type"] == "article" and result["id"] == Z
    assert result["title"].startswith(f"{Z} · Het bericht ‘Berucht Chinees")
    assert result["description"].startswith("beantwoord na 54 dagen (33 dagen te laat)")
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["link_preview_options"] == {"is_disabled": True}
    assert "Minister Kaag beantwoordde na 54 dagen" in content["message_text"]
    urls = [b["url"] for row in result["reply_markup"]["inline_keyboard"] for b in row]
    assert urls[0] == f"https://t.me/{BOT_USERNAME}?start=case_{Z}"
    assert urls[1].startswith("https://zoek.officielebekendmakingen.nl/")
    assert answer["cache_time"] == 60


async def test_inline_words_search_the_stored_cases(app: Application, api: FakeBotApi) -> None:
    """`@bot human rights` (English, searched in Dutch too) finds the seed; `@bot stikstof` and
    a broken query find nothing; `@bot` alone offers the newest answers."""
    queries = ["human rights", "stikstof", "(export", ""]
    updates = [api.inject_inline_query(7, q, language_code="en") for q in queries]
    for update in updates:
        await deliver(app, update)
    found = [[r["id"] for r in inline_answer(api, u)["results"]] for u in updates]
    assert found == [[Z], [], [], [Z]]
    english = inline_answer(api, updates[0])["results"][0]
    assert english["description"].startswith("answered after 54 days (33 days late)")
    assert english["reply_markup"]["inline_keyboard"][0][0]["text"] == "📄 Open in the bot"


async def test_a_deep_link_opens_the_case(app: Application, api: FakeBotApi) -> None:
    """The start payload of a related-case link, case_<zaaknummer>, opens that case."""
    await deliver(app, api.inject_message(42, f"/start case_{Z}", language_code="en"))
    assert sent(api, 42)[0].startswith(f"📄 {Z} · answered")
