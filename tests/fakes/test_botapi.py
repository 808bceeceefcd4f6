"""The fake Bot API server, driven by a real python-telegram-bot `Bot` and by plain httpx."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from telegram import (
    Bot,
    BotCommandScopeChat,
    ChatMemberAdministrator,
    ChatMemberOwner,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakes.botapi import (
    ButtonNotFound,
    FakeBotApi,
    Fault,
    TelegramHtmlError,
    UnexpectedCall,
    WaitTimeout,
    parse_html,
)


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB 22 warns (an error here) when RetryAfter.retry_after is read as int.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url) as client:
        yield client


async def test_get_me(bot: Bot, api: FakeBotApi) -> None:
    """getMe answers the bot user, and initialize() was the first call."""
    me = await bot.get_me()
    assert (me.username, me.is_bot, me.id) == ("kamervragen_test_bot", True, 123456)
    assert [c.method for c in api.calls] == ["getMe", "getMe"]


async def test_send_message_is_logged_decoded_and_stored(bot: Bot, api: FakeBotApi) -> None:
    """sendMessage returns a real Message; the log holds the typed params PTB sent."""
    markup = Markup([[Button("Volg", callback_data="follow:2019Z15244")]])
    message = await bot.send_message(
        42,
        "<b>Vraag</b> 1 &amp; 2",
        parse_mode="HTML",
        reply_markup=markup,
        disable_web_page_preview=True,
    )
    assert (message.message_id, message.chat.id, message.text) == (1, 42, "Vraag 1 & 2")
    assert message.entities[0].type == "bold" and message.entities[0].length == 5
    assert api.calls_to("sendMessage")[0].params == {
        "chat_id": 42,
        "text": "<b>Vraag</b> 1 &amp; 2",
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
        "reply_markup": {
            "inline_keyboard": [[{"text": "Volg", "callback_data": "follow:2019Z15244"}]]
        },
    }
    [sent] = api.sent_messages(42)
    assert (sent.text, sent.html, sent.callback_data()) == (
        "Vraag 1 & 2",
        "<b>Vraag</b> 1 &amp; 2",
        ["follow:2019Z15244"],
    )


async def test_too_long_text_is_rejected(bot: Bot, api: FakeBotApi) -> None:
    """4096 visible UTF-16 units pass, 4097 do not; markup does not count."""
    await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1, "😀" * 2049)  # 4098 UTF-16 units
    assert api.calls_to("sendMessage")[-1].status == 400
    assert len(api.sent_messages(1)) == 1


@pytest.mark.parametrize("text", ["<b>open", "<script>x</script>", "a & b", "a < b", "<b>x</i>"])
async def test_malformed_html_is_rejected(bot: Bot, text: str) -> None:
    """Unclosed, unknown, mismatched tags and bare < or & raise BadRequest."""
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(1, text, parse_mode="HTML")


async def test_too_many_entities_are_rejected(bot: Bot) -> None:
    """100 entities pass, 101 do not."""
    await bot.send_message(1, "<b>x</b> " * 100, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Too many entities"):
        await bot.send_message(1, "<b>x</b> " * 101, parse_mode="HTML")


async def test_long_callback_data_is_rejected(bot: Bot) -> None:
    """callback_data of 64 bytes passes, 65 bytes (even as 33 two-byte chars) do not."""
    await bot.send_message(1, "ok", reply_markup=Markup([[Button("a", callback_data="x" * 64)]]))
    for data in ("x" * 65, "é" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(
                1, "no", reply_markup=Markup([[Button("a", callback_data=data)]])
            )


async def test_retry_after_fault(bot: Bot, api: FakeBotApi) -> None:
    """A 429 fault becomes RetryAfter with its value, once; the next call succeeds."""
    api.inject_fault(Fault.retry_after(7), method="sendMessage", chat_id=5)
    await bot.send_message(6, "other chat is not affected")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(5, "x")
    assert caught.value.retry_after == dt.timedelta(seconds=7)
    await bot.send_message(5, "x")
    assert [c.status for c in api.calls_to("sendMessage")] == [200, 429, 200]


async def test_forbidden_and_chat_not_found_faults(bot: Bot, api: FakeBotApi) -> None:
    """403 blocked becomes Forbidden; 400 chat not found becomes BadRequest, `times` of them."""
    api.inject_fault(Fault.blocked(), chat_id=7, times=2)
    api.inject_fault(Fault.chat_not_found(), chat_id=8, times=None)
    for _ in range(2):
        with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
            await bot.send_message(7, "x")
    await bot.send_message(7, "x")
    for _ in range(3):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(8, "x")


async def test_migrate_fault(bot: Bot, api: FakeBotApi) -> None:
    """A migration fault becomes ChatMigrated carrying a 64-bit new chat id."""
    api.inject_fault(Fault.migrated(-1001234567890123), chat_id=-42)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-42, "x")
    assert caught.value.new_chat_id == -1001234567890123


async def test_server_error_and_hang(api: FakeBotApi) -> None:
    """500 becomes NetworkError; a hang becomes TimedOut at the client's read timeout."""
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(api.token, base_url=api.base_url, request=request) as bot:
        api.inject_fault(Fault.server_error(), method="sendMessage")
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(1, "x")
        api.inject_fault(Fault.hang(), method="sendMessage")
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await bot.send_message(1, "x")
        assert time.monotonic() - started < 3
        await bot.send_message(1, "after the hang")
    assert [c.status for c in api.calls_to("sendMessage")] == [500, 0, 200]


async def test_unknown_token_is_unauthorized(api: FakeBotApi) -> None:
    """A token the server does not know gets 401, which PTB raises as InvalidToken."""
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=api.base_url):
            pass
    assert [(c.method, c.status) for c in api.calls] == [("getMe", 401)]


async def test_long_polling_returns_injected_update_promptly(bot: Bot, api: FakeBotApi) -> None:
    """A waiting getUpdates returns as soon as a message is injected, not at its timeout."""
    poll = asyncio.create_task(bot.get_updates(timeout=20, read_timeout=30))
    await api.wait_for_async(api.polls_waiting, timeout=5)
    started = time.monotonic()
    api.inject_message(42, "/start abc", language_code="en")
    [update] = await asyncio.wait_for(poll, timeout=5)
    assert time.monotonic() - started < 2
    assert update.message.text == "/start abc"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.from_user.language_code == "en"


async def test_offset_confirms_updates_and_timeout_is_honoured(bot: Bot, api: FakeBotApi) -> None:
    """Updates below the offset are dropped; an empty poll waits about its timeout."""
    first = api.inject_message(1, "een")
    api.inject_message(-100, "twee", chat_type="group", user=5)
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first["update_id"], first["update_id"] + 1]
    assert updates[1].message.chat.type == "group" and updates[1].message.from_user.id == 5
    assert await bot.get_updates(offset=updates[1].update_id + 1) == ()
    assert api.pending_updates() == 0
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[1].update_id + 1, timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 3


async def test_press_button_and_answer_callback(bot: Bot, api: FakeBotApi) -> None:
    """Pressing a sent button yields a CallbackQuery that can be answered exactly once."""
    markup = Markup([[Button("Volg", callback_data="follow:2019Z15244")]])
    sent = await bot.send_message(42, "vraag", reply_markup=markup)
    with pytest.raises(ButtonNotFound):
        api.press_button(42, sent.message_id, "follow:other")
    api.press_button(42, sent.message_id, "follow:2019Z15244")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert (query.data, query.message.message_id, query.from_user.id) == (
        "follow:2019Z15244",
        sent.message_id,
        42,
    )
    assert await query.answer("Gevolgd") is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("again")
    assert api.callback_answers[query.id]["text"] == "Gevolgd"


async def test_edit_message_text(bot: Bot, api: FakeBotApi) -> None:
    """Editing changes the stored message; an identical edit is 'not modified'."""
    sent = await bot.send_message(3, "<i>oud</i>", parse_mode="HTML")
    await bot.edit_message_text(
        "<b>nieuw</b>", chat_id=3, message_id=sent.message_id, parse_mode="HTML"
    )
    [stored] = api.sent_messages(3)
    assert (stored.text, stored.html, stored.edits) == ("nieuw", "<b>nieuw</b>", ["<i>oud</i>"])
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>nieuw</b>", chat_id=3, message_id=sent.message_id, parse_mode="HTML"
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=3, message_id=99)


async def test_commands_webhook_and_chat_member(bot: Bot, api: FakeBotApi) -> None:
    """setMyCommands is stored per language; deleteWebhook/setWebhook and getChatMember work."""
    await bot.set_my_commands([("volg", "Volg een zaak")], language_code="nl")
    await bot.set_my_commands([("follow", "Follow a case")])
    await bot.set_my_commands([("beheer", "Beheer")], scope=BotCommandScopeChat(-5))
    assert api.my_commands("nl") == [{"command": "volg", "description": "Volg een zaak"}]
    assert api.my_commands(scope={"type": "chat", "chat_id": -5})[0]["command"] == "beheer"
    assert api.my_commands() == [{"command": "follow", "description": "Follow a case"}]
    assert await bot.set_webhook("https://example.org/hook") is True
    with pytest.raises(Exception, match="Conflict"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    api.set_member_status(-5, 7, "administrator")
    api.set_member_status(-5, 8, "creator")
    assert isinstance(await bot.get_chat_member(-5, 7), ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(-5, 8), ChatMemberOwner)
    assert (await bot.get_chat_member(-5, 9)).status == "member"


async def test_rate_limits_when_enforced() -> None:
    """Enforced limits: 1/s per private chat, 20/min per group, 30/s overall answer 429."""
    with FakeBotApi(enforce_rate_limits=True) as api:
        async with Bot(api.token, base_url=api.base_url) as bot:
            await bot.send_message(1, "a")
            await bot.send_message(2, "b")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(1, "c")
            assert caught.value.retry_after == dt.timedelta(seconds=1)
            for n in range(20):
                await bot.send_message(-100, f"group {n}")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(-100, "one too many for this group")
            assert dt.timedelta(seconds=55) <= caught.value.retry_after <= dt.timedelta(seconds=60)
            for chat in range(3, 11):  # 30 accepted within the last second
                await bot.send_message(chat, "x")
            with pytest.raises(RetryAfter):
                await bot.send_message(11, "the 31st in a second")
    assert len(api.sent_messages()) == 30


async def test_unexpected_method_fails_loudly() -> None:
    """An unknown method answers 404, is logged, and leaving the block raises."""
    with pytest.raises(UnexpectedCall, match="sendTelepathy"), FakeBotApi() as api:
        async with Bot(api.token, base_url=api.base_url) as bot:
            with pytest.raises(EndPointNotFound):
                await bot.do_api_request("sendTelepathy", {"chat_id": 1})
        assert [(c.method, c.status) for c in api.calls][-1] == ("sendTelepathy", 404)


def test_sync_use_with_json_and_form_bodies(api: FakeBotApi) -> None:
    """From sync code: JSON and form bodies are both understood, method names ignore case."""
    url = f"{api.base_url}{api.token}"
    with httpx.Client() as client:
        reply = client.post(f"{url}/sendmessage", json={"chat_id": "9", "text": "json"})
        assert reply.json()["result"]["text"] == "json"
        reply = client.post(f"{url}/sendMessage", data={"chat_id": "9", "text": "form"})
        assert reply.json()["result"]["message_id"] == 2
        reply = client.post(f"{api.url}/botnope/getMe")
    assert reply.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert [m.text for m in api.sent_messages(9)] == ["json", "form"]
    assert api.wait_for(lambda: len(api.sent_messages(9)) == 2, timeout=1)


def test_wait_for_times_out(api: FakeBotApi) -> None:
    """wait_for raises WaitTimeout at its deadline when nothing happens."""
    started = time.monotonic()
    with pytest.raises(WaitTimeout):
        api.wait_for(lambda: api.sent_messages(1), timeout=0.2)
    assert time.monotonic() - started < 1


def test_update_json_parses_in_ptb(api: FakeBotApi) -> None:
    """Injected updates (topic message, callback query) are valid PTB Update objects."""
    update = api.inject_message(-1001, "hoi", chat_type="supergroup", message_thread_id=7)
    parsed = Update.de_json(update, None)
    assert parsed.message.message_thread_id == 7 and parsed.message.is_topic_message


@pytest.mark.parametrize(
    ("markup", "text", "types"),
    [
        ("<b>a</b> <strong>b</strong>", "a b", ["bold", "bold"]),
        ('<a href="https://x.nl/?a=1&amp;b=2">x</a>', "x", ["text_link"]),
        ('<pre><code class="language-py">x</code></pre>', "x", ["pre", "pre"]),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st", ["spoiler"] * 2),
        ("&lt;&gt;&amp;&quot;&#233;&#x1F600; >", '<>&"é😀 >', []),
        (
            "<blockquote expandable>q</blockquote><u>u</u><s>s</s>",
            "qus",
            ["expandable_blockquote", "underline", "strikethrough"],
        ),
        ("  <b> x </b>  ", "x", ["bold"]),
    ],
)
def test_html_validator_accepts(markup: str, text: str, types: list[str]) -> None:
    """Valid Telegram HTML parses to its visible text and entity types."""
    parsed = parse_html(markup)
    assert parsed.text == text
    assert [e["type"] for e in parsed.entities] == types


@pytest.mark.parametrize(
    "markup",
    [
        "<b>x",
        "x</b>",
        "<b><i>x</b></i>",
        "<p>x</p>",
        "<a>x</a>",
        '<span class="x">y</span>',
        "&nbsp;",
        "&#0;",
        "x < y",
        "<b",
        "<code><b>x</b></code>",
        "<blockquote><blockquote>",
    ],
)
def test_html_validator_rejects(markup: str) -> None:
    """Invalid Telegram HTML raises TelegramHtmlError."""
    with pytest.raises(TelegramHtmlError):
        parse_html(markup)


async def test_a_polling_application_runs_against_the_fake(api: FakeBotApi) -> None:
    """A PTB Application polls, answers /start with a button, handles the button press."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        markup = Markup([[Button("Volg", callback_data="follow:2019Z15244")]])
        await update.effective_message.reply_text(
            "<b>Welkom</b>", parse_mode="HTML", reply_markup=markup
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer(f"ok {update.callback_query.data}")

    app = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5)
        api.inject_message(42, "/start")
        [sent] = await api.wait_for_async(lambda: api.sent_messages(42))
        api.press_button(42, sent.message_id, "follow:2019Z15244")
        await api.wait_for_async(lambda: api.callback_answers)
        await app.updater.stop()
        await app.stop()
    assert sent.text == "Welkom"
    [answer] = api.callback_answers.values()
    assert answer["text"] == "ok follow:2019Z15244"
    assert {c.method for c in api.calls} == {
        "getMe",
        "deleteWebhook",
        "getUpdates",
        "sendMessage",
        "answerCallbackQuery",
    }


def _article(result_id: str, text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        result_id, "Titel", InputTextMessageContent(text, parse_mode="HTML")
    )


async def test_answer_inline_query_is_checked_like_telegram(bot: Bot, api: FakeBotApi) -> None:
    """A live query id, unique result ids, valid HTML within limits; the answer is kept, and an
    inline query can be answered once."""
    query_id = api.inject_inline_query(7, "stikstof")["inline_query"]["id"]
    for results, error in [
        ([_article("a", "x"), _article("a", "y")], "RESULT_ID_DUPLICATE"),
        ([_article("a", "<b>open")], "can't parse entities"),
        ([_article("a", "x" * 4097)], "message is too long"),
        ([_article(str(n), "x") for n in range(51)], "RESULTS_TOO_MUCH"),
    ]:
        with pytest.raises(BadRequest, match="(?i)" + error):
            await bot.answer_inline_query(query_id, results)
    expandable = "<b>Vraag</b>\n<blockquote expandable>Het hele antwoord.</blockquote>"
    assert await bot.answer_inline_query(query_id, [_article("a", expandable)], cache_time=5)
    kept = api.inline_answers[query_id]
    assert kept["cache_time"] == 5 and kept["results"][0]["id"] == "a"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_inline_query(query_id, [])


def test_expandable_blockquotes_are_their_own_entity() -> None:
    """`<blockquote expandable>` parses as an expandable_blockquote; quotes do not nest."""
    parsed = parse_html("Kop\n<blockquote expandable><b>1</b> tekst</blockquote>")
    assert {"type": "expandable_blockquote", "offset": 4, "length": 7} in parsed.entities
    with pytest.raises(TelegramHtmlError, match="can't be nested"):
        parse_html("<blockquote><blockquote expandable>x</blockquote></blockquote>")
