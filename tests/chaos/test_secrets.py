"""Point 6 of the reliability issue: the bot token never leaves the process, whatever case or
encoding a server echoes it in: not in error lines, logs, tracebacks, the database or `status`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from telegram import Bot

from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.cli import main
from kamervragen.logs import hide_secret
from kamervragen.storage.db import open_db
from tests.bot.alerts.conftest import FakeClock, add_chat, add_event, dispatcher_for, drain, follow
from tests.bot.conftest import seed_database
from tests.chaos.conftest import chaos_env
from tests.chaos.faults import run_cli
from tests.fakes.botapi import FakeBotApi, Fault

TOKEN = "555555:LeakCheck-Token-AbCdEf0123456789"
SEED = "2019Z15244"


def leaks(text: str) -> list[str]:
    """The forms of the token found in `text`, in any letter case."""
    secret = TOKEN.split(":", 1)[1]
    forms = {TOKEN, quote(TOKEN, safe=""), secret, quote(secret, safe="")}
    return [form for form in forms if form.lower() in text.lower()]


def _echo(method: str) -> Fault:
    """An error that quotes the request path back, lowercased and URL-encoded."""
    path = f"/bot{TOKEN}/{method}".lower()
    return Fault(400, f"Bad Request: no route for {path} ({quote(path, safe='/').lower()})")


@pytest.mark.slow
def test_a_bot_api_echoing_the_token_in_any_case_leaks_nothing(tmp_path: Path) -> None:
    """`kamervragen run` against a Bot API whose getMe error quotes /bot<token>/getme lowercased
    and URL-encoded: one error line, exit 1, and no form of the token, even at DEBUG."""
    with FakeBotApi(TOKEN) as api:
        api.inject_fault(_echo("getme"), method="getMe", times=None)
        env = chaos_env(
            tmp_path / "k.db",
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=api.url,
            KAMERVRAGEN_LOG_LEVEL="DEBUG",
        )
        result = run_cli(["run"], env)
        assert api.calls_to("getMe")  # it did ask, and was answered with the echo
        url = api.url
    output = result.stdout + result.stderr
    assert result.code == 1, output
    assert leaks(output) == []
    last = result.stderr.splitlines()[-1]
    assert last == (
        f"error: cannot start the bot at {url}: No route for /bot<token>/getme (/bot<token>/getme)"
    )


async def test_errors_kept_from_telegram_never_hold_the_token(tmp_path: Path) -> None:
    """Telegram refusals that quote the token (a chat not found, a bad request) are stored as
    the deliveries' and chats' errors with the token masked: no form of it in the file."""
    hide_secret(TOKEN)  # as `kamervragen run` does before anything else
    path = tmp_path / "k.db"
    db = seed_database(path)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for chat_id in (71, 72):
        add_chat(db, chat_id)
        follow(db, chat_id, SEED, before)
    add_event(db, SEED, "answered", before + dt.timedelta(seconds=1))
    assert FanOut(db).run() == 2
    with FakeBotApi(TOKEN) as api:
        not_found = _echo("sendmessage")
        api.inject_fault(
            Fault(400, "Bad Request: chat not found; " + not_found.description),
            method="sendMessage",
            chat_id=71,
        )
        api.inject_fault(not_found, method="sendMessage", chat_id=72)
        bot = Bot(api.token, base_url=api.base_url)
        await bot.initialize()
        try:
            await drain(dispatcher_for(db, bot, FakeClock()))
        finally:
            await bot.shutdown()
    errors = [e for (e,) in db.execute("SELECT last_error FROM deliveries ORDER BY chat_id")]
    (refusal,) = db.execute("SELECT error FROM chat_failures WHERE chat_id = 71").fetchone()
    assert errors[0].startswith("Chat not found") and refusal == errors[0]
    assert all("o route for /bot<token>/sendmessage" in e for e in errors), errors
    db.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("k.db"))
    assert leaks(stored.decode("latin-1")) == []


def test_status_masks_the_token_whatever_the_database_holds(
    fast_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database written before masking existed holds the token in a source error: `status`
    and `status --json` print it masked, in both its plain and its URL-encoded form."""
    db = open_db(fast_env)
    db.execute(
        "INSERT INTO source_status (source, last_error, last_error_at) VALUES (?, ?, ?)",
        ["syncfeed", f"GET /bot{TOKEN.upper()}/x and {quote(TOKEN, safe='')}", "2025-01-01"],
    )
    db.close()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert main(["--db", str(fast_env), "status"]) == 0
    assert main(["--db", str(fast_env), "status", "--json"]) == 0
    out = capsys.readouterr().out
    assert leaks(out) == []
    assert "GET /bot<token>/x and <token>" in out
    assert json.loads(out[out.index("{") :])["sources"][0]["source"] == "syncfeed"
