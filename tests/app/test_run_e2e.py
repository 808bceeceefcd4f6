"""End to end: a real `kamervragen run` process against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import store_document
from kamervragen.watchers.parsers.text import parse_text
from tests.conftest import ANSWER_SEED, QUESTION_SEED, ROOT
from tests.fakes.botapi import Call, FakeBotApi, SentMessage
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer

pytestmark = pytest.mark.slow  # real `kamervragen` processes

CHAT = 4242
START_TIMEOUT = 30.0  # the process imports python-telegram-bot and more before it polls
STEP_TIMEOUT = 10.0


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    """A database file holding the seed case 2019Z15244."""
    path = tmp_path / "kamervragen.db"
    db = open_db(path)
    for seed in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, parse_text(seed.read_text(encoding="utf-8"), source=seed.name))
    db.close()
    return path


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """The fake Bot API server, and empty fake sources for the watchers the process runs."""
    with FakeBotApi() as server, SyncFeedServer() as feed, KoopServer() as koop:
        server.sources = (feed, koop)  # type: ignore[attr-defined]
        yield server


def _start_bot(api: FakeBotApi, db: Path, log: Path) -> subprocess.Popen[bytes]:
    feed, koop = api.sources  # type: ignore[attr-defined]
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.url,
        "TK_SYNCFEED_URL": feed.base_url,
        "OB_URL": koop.origin,
        "KAMERVRAGEN_HTTP_RETRY_DELAY": "0",
        "KAMERVRAGEN_DB": str(db),
        "PTB_TIMEDELTA": "1",
        "KAMERVRAGEN_LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "kamervragen.cli", "--db", str(db), "run"]
    with log.open("wb") as sink:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)


def _summary(call: Call) -> tuple[Any, ...]:
    """A call reduced to what the test asserts: method, chat, and its key parameter."""
    p = call.params
    if call.method == "sendMessage":
        return ("sendMessage", p["chat_id"], p["text"].split("\n")[0])
    if call.method == "editMessageText":
        return ("editMessageText", p["chat_id"], p["message_id"], _markup(p))
    if call.method == "answerCallbackQuery":
        return ("answerCallbackQuery", p.get("text"))
    if call.method == "setMyCommands":
        return ("setMyCommands", p.get("language_code"), len(p["commands"]))
    return (call.method,)


def _markup(params: dict[str, Any]) -> list[str]:
    rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data") or b["url"] for row in rows for b in row]


def _latest(api: FakeBotApi) -> SentMessage:
    return api.sent_messages(CHAT)[-1]


def test_a_user_subscribes_looks_up_follows_and_pages(
    api: FakeBotApi, seeded_db: Path, tmp_path: Path
) -> None:
    """The process answers /start, /subscribe, /case and two button presses with exactly the
    expected Bot API calls, never logs the token, and exits 0 on SIGTERM."""
    log = tmp_path / "bot.log"
    process = _start_bot(api, seeded_db, log)
    try:
        api.wait_for(lambda: api.polls_waiting() > 0, timeout=START_TIMEOUT)

        def answered(count: int) -> bool:
            return len([c for c in api.calls if c.method != "getUpdates"]) >= count

        api.inject_message(CHAT, "/start", language_code="nl")
        api.wait_for(lambda: len(api.sent_messages(CHAT)) == 1, timeout=STEP_TIMEOUT)
        api.inject_message(CHAT, "/subscribe export control", language_code="nl")
        api.wait_for(lambda: len(api.sent_messages(CHAT)) == 2, timeout=STEP_TIMEOUT)
        api.inject_message(CHAT, "/case 2019Z15244", language_code="nl")
        api.wait_for(lambda: len(api.sent_messages(CHAT)) == 3, timeout=STEP_TIMEOUT)
        case_message = _latest(api)
        setup_calls = len([c for c in api.calls if c.method != "getUpdates"])

        api.press_button(CHAT, case_message.message_id, "follow:2019Z15244:0")
        api.wait_for(lambda: answered(setup_calls + 2), timeout=STEP_TIMEOUT)
        api.press_button(CHAT, case_message.message_id, "case:2019Z15244:1")
        api.wait_for(lambda: answered(setup_calls + 4), timeout=STEP_TIMEOUT)
    finally:
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = process.wait(timeout=15)
        stopped_after = time.monotonic() - started
    output = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert stopped_after < 5, f"took {stopped_after:.1f} s to stop"
    assert api.token not in output and "TEST-fake-bot-token" not in output

    calls = [_summary(c) for c in api.calls if c.method != "getUpdates"]
    case_page_1 = case_message.message_id
    official = "https://zoek.officielebekendmakingen.nl/kv-tk-2019Z15244.html"
    assert calls == [
        ("getMe",),
        ("setMyCommands", "nl", 14),
        ("setMyCommands", "en", 14),
        ("setMyCommands", None, 14),
        ("deleteWebhook",),
        ("sendMessage", CHAT, "👋 <b>Kamervragen</b>"),
        ("sendMessage", CHAT, "<b>✅ Geabonneerd op “export control”</b>"),
        ("sendMessage", CHAT, "📄 <b>2019Z15244</b> · beantwoord"),
        ("answerCallbackQuery", "🔔 Je volgt 2019Z15244"),
        (
            "editMessageText",
            CHAT,
            case_page_1,
            ["case:2019Z15244:1", "unfollow:2019Z15244:0", "full:2019Z15244", official],
        ),
        ("answerCallbackQuery", None),
        (
            "editMessageText",
            CHAT,
            case_page_1,
            [
                "case:2019Z15244:0",
                "case:2019Z15244:2",
                "unfollow:2019Z15244:1",
                "full:2019Z15244",
                official,
            ],
        ),
    ]
    assert all(c.status == 200 for c in api.calls), [c for c in api.calls if c.status != 200]
    assert _markup(api.calls_to("sendMessage")[2].params) == [
        "case:2019Z15244:1",
        "follow:2019Z15244:0",
        "full:2019Z15244",
        official,
    ]
    sends = api.calls_to("sendMessage")
    assert {c.params["parse_mode"] for c in sends} == {"HTML"}
    assert all(c.params["link_preview_options"] == {"is_disabled": True} for c in sends)
    assert "Deel 2 van 3" in _latest(api).text
    polls = api.calls_to("getUpdates")
    assert polls[0].params["timeout"] > 0
    assert polls[0].params["allowed_updates"] == [
        "message",
        "channel_post",
        "callback_query",
        "inline_query",
    ]
    assert api.my_commands("nl")[0] == {"command": "start", "description": "Wat deze bot doet"}
    db = open_db(seeded_db)
    try:
        follows = db.execute("SELECT chat_id, zaaknummer FROM follows").fetchall()
        subscriptions = db.execute("SELECT chat_id, query FROM subscriptions").fetchall()
    finally:
        db.close()
    assert follows == [(CHAT, "2019Z15244")]
    assert subscriptions == [(CHAT, "export control")]
