"""Shared fixtures: the seed documents and an isolated environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# python-telegram-bot 22 warns (an error here) when retry_after is read as an int; the bot and
# the tests use the timedelta form, as `kamervragen run` does.
os.environ.setdefault("PTB_TIMEDELTA", "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
ANSWER_SEED = SEEDS / "000_5fcdd7f8ebb26290.txt"
QUESTION_SEED = SEEDS / "003_a0bb540be2693cd5.txt"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's configuration; none reaches the real sources."""
    for name in (
        "KAMERVRAGEN_DB",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_URL",
        "TK_SYNCFEED_URL",
        "OB_URL",
        "OB_SRU_URL",
        "OB_RSS_URL",
        "KAMERVRAGEN_ADMINS",
        "KAMERVRAGEN_LOG_FORMAT",
        "KAMERVRAGEN_METRICS_PORT",
        "KAMERVRAGEN_METRICS_LISTEN",
        "KAMERVRAGEN_OB_POLL_INTERVAL",
    ):
        monkeypatch.delenv(name, raising=False)
    # The officielebekendmakingen watcher (on in production) searches a service of its own;
    # the tests that watch it turn it on with that service's URL set to a fake.
    monkeypatch.setenv("KAMERVRAGEN_OB_WATCH", "0")


@pytest.fixture
def answer_seed_text() -> str:
    """The real answer document (a PDF rendering)."""
    return ANSWER_SEED.read_text(encoding="utf-8")


@pytest.fixture
def question_seed_text() -> str:
    """The real question page."""
    return QUESTION_SEED.read_text(encoding="utf-8")
