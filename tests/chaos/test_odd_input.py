"""Point 9 of the reliability issue: odd input gets one clear line or a quiet refusal. `run`
against an unreachable Telegram prints the one line the README promises and nothing else; forged
button data (huge numbers, another chat's case, garbage) is answered empty, never with an
exception; file names with newlines or terminal escapes are shown escaped, on one line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application

from kamervragen.cli import main
from tests.chaos.conftest import UNREACHABLE, chaos_env
from tests.chaos.faults import run_cli
from tests.conftest import QUESTION_SEED
from tests.fakes.botapi import FakeBotApi

CHAT = 42
FORGED = [
    "unsub:99999999999999999999999999",
    "unsub:-1",
    "case:2019Z15244:99999999999999999999",
    "follow:../../etc/passwd:0",
    "full:" + "9" * 58,
    "digest:25",
    "lang:xx",
    "\x00\x1b[2J",
    "",
]


@pytest.mark.slow
def test_an_unreachable_telegram_is_one_line(tmp_path: Path) -> None:
    """`kamervragen run` with a Bot API nobody answers at: exactly one line, exit 1."""
    env = chaos_env(
        tmp_path / "k.db",
        TELEGRAM_BOT_TOKEN="555555:unreachable-token",
        TELEGRAM_API_URL=UNREACHABLE,
    )
    result = run_cli(["run"], env)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: cannot start the bot at {UNREACHABLE}: httpx.ConnectError: "
        "All connection attempts failed"
    ]


async def test_forged_callbacks_are_answered_empty(  # the fixtures of the handlers' tests
    app: Application,  # type: ignore[type-arg]
    api: FakeBotApi,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Nine forged button presses on a real case message: each is answered, without text and
    without an error; the message is left as it was and nothing else is sent."""
    await app.process_update(Update.de_json(api.inject_message(CHAT, "/case 2019Z15244"), app.bot))
    (message,) = api.sent_messages(CHAT)
    caplog.set_level(logging.WARNING)
    for data in FORGED:
        update = api.press_button(CHAT, message.message_id, data, forged=True)
        await app.process_update(Update.de_json(update, app.bot))
    answers = api.calls_to("answerCallbackQuery")
    assert len(answers) == len(FORGED)
    assert all(call.status == 200 for call in answers), [c.error for c in answers]
    assert [c.params.get("text") for c in answers] == [None] * len(FORGED)
    assert api.calls_to("editMessageText") == [] and len(api.sent_messages(CHAT)) == 1
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_file_names_with_control_characters_are_shown_escaped(
    fast_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """A file named with a newline and a terminal escape sequence: its error line (and its
    success line) show them escaped, each file on exactly one line."""
    hostile = tmp_path / "evil\nerror: forged line\x1b[2J.txt"
    hostile.write_bytes(b"\x00\x01binary")
    fine = tmp_path / "good\x1b]0;title\x07.txt"
    fine.write_bytes(QUESTION_SEED.read_bytes())
    assert main(["--db", str(fast_env), command, str(hostile), str(fine)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"error: {tmp_path}/evil\\nerror: forged line\\x1b[2J.txt: "
        "binary data (NUL bytes), not a document"
    ]
    (line,) = out.splitlines()
    assert line.startswith(f"{tmp_path}/good\\x1b]0;title\\x07.txt: question")
    assert "\x1b" not in out + err and "\x07" not in out + err
