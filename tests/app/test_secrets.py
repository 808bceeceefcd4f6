"""The bot token never reaches logs or errors, even when Telegram rejects it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from kamervragen.logs import MASK, JsonFormatter, TokenFilter
from tests.conftest import ROOT
from tests.fakes.botapi import FakeBotApi

SECRET = "999999:AAE-this-token-is-wrong"


def _run(tmp_path: Path, api_url: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`kamervragen run` with the wrong token against `api_url`, sources unreachable."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": SECRET,
        "TELEGRAM_API_URL": api_url,
        "TK_SYNCFEED_URL": "http://127.0.0.1:9/SyncFeed/2.0",
        "OB_URL": "http://127.0.0.1:9",
        "PTB_TIMEDELTA": "1",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "kamervragen.cli", "--db", str(tmp_path / "k.db"), "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_rejected_token_is_one_line_without_the_token(tmp_path: Path) -> None:
    """`kamervragen run` with a token Telegram rejects says so in one line, exit 2, no token."""
    with FakeBotApi(strict=False) as api:
        result = _run(tmp_path, api.url, KAMERVRAGEN_LOG_LEVEL="DEBUG")
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert SECRET not in output and "AAE-this-token" not in output
    assert result.stderr.splitlines()[-1] == (
        "error: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); "
        "check the token @BotFather gave you"
    )


def test_unreachable_bot_api_is_one_line(tmp_path: Path) -> None:
    """A Bot API server that cannot be reached gives one closing line and exit 1, no token."""
    result = _run(tmp_path, "http://127.0.0.1:9")
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "error: cannot start the bot at http://127.0.0.1:9: "
    )


def test_filter_masks_messages_arguments_and_tracebacks() -> None:
    """The log filter masks the secret in the message, its arguments and the traceback."""
    try:
        raise ValueError(f"The token `{SECRET}` was rejected")
    except ValueError:
        record = logging.LogRecord(
            "telegram.ext", logging.ERROR, __file__, 1, "failed with %s", (SECRET,), sys.exc_info()
        )
    assert TokenFilter(SECRET).filter(record)
    assert record.getMessage() == f"failed with {MASK}"
    assert record.exc_text is not None and SECRET not in record.exc_text
    assert f"The token `{MASK}` was rejected" in record.exc_text


def test_json_logs_are_json_lines_without_the_token(tmp_path: Path) -> None:
    """KAMERVRAGEN_LOG_FORMAT=json: every log line of a `run` whose token Telegram rejects is
    a JSON object with time, level, logger and message, and none holds the token."""
    with FakeBotApi(strict=False) as api:
        result = _run(
            tmp_path, api.url, KAMERVRAGEN_LOG_LEVEL="DEBUG", KAMERVRAGEN_LOG_FORMAT="json"
        )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines, result.stderr
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(entry)
        assert SECRET not in line and "AAE-this-token" not in line
    assert SECRET not in result.stdout + result.stderr


def test_the_json_formatter_masks_the_traceback_too() -> None:
    """A record with the secret in its arguments and its exception: the JSON line carries the
    masked message and the masked traceback under `exception`."""
    try:
        raise ValueError(f"The token `{SECRET}` was rejected")
    except ValueError:
        record = logging.LogRecord(
            "telegram.ext", logging.ERROR, __file__, 1, "failed with %s", (SECRET,), sys.exc_info()
        )
    TokenFilter(SECRET).filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == f"failed with {MASK}" and entry["level"] == "ERROR"
    assert f"The token `{MASK}` was rejected" in entry["exception"]
    assert SECRET not in json.dumps(entry)
