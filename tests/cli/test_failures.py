"""How the command line fails: one line each, a meaningful exit code, nothing raw."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from kamervragen.cli import cases as cli_cases
from kamervragen.cli import main
from kamervragen.cli.output import printable
from kamervragen.settings import ConfigError, Settings
from kamervragen.storage.lock import instance_lock
from tests.conftest import QUESTION_SEED

TOKEN = "424242:Cli-Secret-Token-abcdefghijk"


@pytest.mark.parametrize("command", [["status"], ["case", "2019Z15244"], ["ingest", "x.txt"]])
def test_a_file_that_is_no_database_is_one_line_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Garbage where the database should be: one line naming it, exit 3, for readers and
    writers alike."""
    db = tmp_path / "k.db"
    db.write_bytes(b"garbage, not SQLite\n" * 300)
    assert main(["--db", str(db), *command]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"error: database {db} is not a usable database (file is not a database)\n"


def test_a_poll_beside_a_running_instance_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another holder has the database, `poll --once` says who in one line, exit 3,
    and asks the sources nothing."""
    monkeypatch.setenv("TK_SYNCFEED_URL", "http://127.0.0.1:9/SyncFeed/2.0")
    db = tmp_path / "k.db"
    with instance_lock(db, "run"):
        assert main(["--db", str(db), "poll", "--once"]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: database {db} is in use by another kamervragen process (pid ")
    assert err.count("\n") == 1


def test_a_bug_is_one_masked_line_and_a_masked_traceback_in_the_log(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unexpected exception quoting the token: exit 1, one error line and the logged
    traceback, both with the token masked (the bug is injected: nothing else raises one)."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)

    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError(f"unexpected answer from /bot{TOKEN.lower()}/x")

    monkeypatch.setattr(cli_cases, "cmd_search", broken)  # the command `search` runs
    with caplog.at_level(logging.ERROR):
        assert main(["--db", str(tmp_path / "k.db"), "search", "x"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: unexpected RuntimeError: unexpected answer from /bot<token>/x "
        "(a bug; the log above shows where)\n"
    )
    (record,) = [r for r in caplog.records if r.name == "kamervragen"]
    assert record.exc_info is None and record.exc_text is not None  # formatted, then masked
    assert "RuntimeError" in record.exc_text and "cli-secret" not in record.exc_text.lower()


def test_printable_escapes_what_a_terminal_would_act_on() -> None:
    """Newlines, escape sequences, bells and undecodable bytes are shown escaped."""
    assert printable("plain name.txt") == "plain name.txt"
    assert printable("a\nb\x1b[31mc\x07\udcff.txt") == "a\\nb\\x1b[31mc\\x07\\udcff.txt"


def test_ingest_names_each_file_once_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good file and a missing one with a newline in its name: one line each, exit 1."""
    good = tmp_path / "q.txt"
    good.write_bytes(QUESTION_SEED.read_bytes())
    assert main(["--db", str(tmp_path / "k.db"), "ingest", str(good), "gone\n.txt"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{good}: question -> case 2019Z15244, new\n"
    assert err == "error: gone\\n.txt: no such file\n"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KAMERVRAGEN_HTTP_DEADLINE", "0", "must be more than 0"),
        ("KAMERVRAGEN_PARSE_TIMEOUT", "soon", "must be a number of seconds"),
        ("KAMERVRAGEN_MAX_PAGE_BYTES", "100", "must be at least 1024"),
        ("KAMERVRAGEN_MAX_RESOURCE_BYTES", "lots", "must be a whole number"),
        ("KAMERVRAGEN_RETRY_AFTER_CAP", "-1", "must not be negative"),
        ("KAMERVRAGEN_DB_BUSY_TIMEOUT", "-5", "must not be negative"),
    ],
)
def test_new_limits_are_checked(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    """Each new limit refuses a value it cannot use, naming the variable."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name} {message}"):
        Settings.from_env()


def test_new_limits_reach_the_fetcher_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The variables become the fetcher's limits, and the OData API sits beside the feed."""
    monkeypatch.setenv("KAMERVRAGEN_HTTP_DEADLINE", "9")
    monkeypatch.setenv("KAMERVRAGEN_RETRY_AFTER_CAP", "7")
    monkeypatch.setenv("KAMERVRAGEN_MAX_PAGE_BYTES", "2048")
    monkeypatch.setenv("KAMERVRAGEN_MAX_RESOURCE_BYTES", "4096")
    monkeypatch.setenv("TK_SYNCFEED_URL", "http://tk.example/SyncFeed/2.0/")
    settings = Settings.from_env()
    limits = settings.fetch_limits()
    assert (limits.deadline, limits.retry_after_cap) == (9.0, 7.0)
    assert (limits.max_page_bytes, limits.max_resource_bytes) == (2048, 4096)
    assert settings.odata_url == "http://tk.example/OData/v4/2.0"


@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_an_unusable_limit_is_one_line_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """A limit variable that is no number stops `parse` and `ingest` with one line, exit 2."""
    monkeypatch.setenv("KAMERVRAGEN_MAX_TEXT_BYTES", "ten megabytes")
    assert main(["--db", str(tmp_path / "k.db"), command, str(QUESTION_SEED)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "error: KAMERVRAGEN_MAX_TEXT_BYTES must be a whole number, not 'ten megabytes'\n"
    )
