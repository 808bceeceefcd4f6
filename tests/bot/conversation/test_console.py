"""`kamervragen console` and `kamervragen run` as commands (bot/conversation/console.py,
kamervragen/app.py, kamervragen/cli/bot.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kamervragen import cli
from kamervragen.bot.conversation.console import repl
from kamervragen.bot.conversation.core import Conversation
from kamervragen.cli import bot as bot_cli
from kamervragen.storage import chats
from tests.bot.conftest import LIMITS, seed_database


async def test_repl_answers_commands_and_numbered_buttons() -> None:
    """Commands are answered as on Telegram; a number presses that button of the last answer;
    a wrong number says which exist; /quit ends."""
    db = seed_database()
    conversation = Conversation(db, **LIMITS)
    stdin = io.StringIO("/case 2019Z15244\n2\n4\n9\n/quit\n/help\n")
    stdout = io.StringIO()
    await repl(conversation, stdin, stdout, language_code="en")
    out = stdout.getvalue()
    assert out.startswith("Kamervragen console: type a command")
    assert "📄 2019Z15244 · answered" in out
    assert "    [1] Next ›\n    [2] 🔔 Follow\n    [3] 📖 Show all in full   [4] 🔗 Official" in out
    assert "» 🔔 Following 2019Z15244\n(message updated)\n" in out
    assert "    [2] 🔕 Unfollow\n" in out
    assert "https://zoek.officielebekendmakingen.nl/kv-tk-2019Z15244.html\n> " in out
    assert "There is no such button; choose 1 to 4." in out
    assert "Commands" not in out  # nothing after /quit
    assert [f.zaaknummer for f in chats.follows_of(db, 1)] == ["2019Z15244"]


async def test_repl_ends_at_end_of_input_and_follows_the_language() -> None:
    """End of input ends the loop; after /language nl the console speaks Dutch."""
    conversation = Conversation(seed_database(), **LIMITS)
    stdout = io.StringIO()
    await repl(conversation, io.StringIO("/language nl\n/settings\n2\n"), stdout)
    out = stdout.getvalue()
    assert "Ik spreek hier nu Nederlands." in out
    assert "» Opgeslagen\n(bericht bijgewerkt)\n⚙️ Instellingen" in out
    assert out.endswith("> \n")


def test_console_command_on_an_empty_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`console` needs no token; on an empty database it says how to load the seeds."""
    monkeypatch.setattr("sys.stdin", io.StringIO("/start\n"))
    code = cli.main(["--db", str(tmp_path / "empty.db"), "console", "--language", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("The database has no cases yet; store the seeds first:")
    assert "👋 Kamervragen" in out


def test_run_without_a_token_prints_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run` without TELEGRAM_BOT_TOKEN: exactly one line on stderr pointing to the console,
    exit code 2, and no database is created."""
    path = tmp_path / "never.db"
    assert cli.main(["--db", str(path), "run"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "error: TELEGRAM_BOT_TOKEN is not set; to try the bot without Telegram, "
        "run: kamervragen console\n"
    )
    assert captured.out == "" and not path.exists()


def test_bad_configuration_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unusable variable is reported in one line with exit code 2."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    monkeypatch.setenv("POLL_INTERVAL", "often")
    assert cli.main(["run"]) == 2
    assert capsys.readouterr().err == "error: POLL_INTERVAL must be a whole number, not 'often'\n"


def test_add_bot_commands_registers_run_and_console() -> None:
    """The commands can be added to another parser (kamervragen.cli) and use its --db."""
    parser = cli.build_parser()
    args = parser.parse_args(["--db", "x.db", "console", "--language", "nl"])
    assert (args.func, args.db, args.language) == (bot_cli.cmd_console, "x.db", "nl")
    assert parser.parse_args(["run"]).func is bot_cli.cmd_run
