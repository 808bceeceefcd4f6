"""The alert jobs on the JobQueue, called directly; composing jobs; the webhook path; settings."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts.jobs import AlertService
from kamervragen.runner import combine_jobs, webhook_path
from kamervragen.settings import ConfigError, Settings
from kamervragen.storage.sources import record_source
from tests.bot.alerts.conftest import SEED, FakeClock, add_chat, add_event, follow, statuses
from tests.fakes.botapi import FakeBotApi


class Queue:
    """Records what is put on the JobQueue."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, str, Any]] = []

    def run_once(self, callback: Any, when: float, name: str) -> None:
        self.jobs.append(("once", name, when))

    def run_repeating(self, callback: Any, interval: float, first: float, name: str, **_: Any):
        self.jobs.append(("repeating", name, interval))


class App:
    """What the jobs use of an Application; it runs until `until()` is true."""

    def __init__(self, db: Database, bot: Bot, until: Any) -> None:
        self.bot_data = {"db": db}
        self.bot = bot
        self.job_queue = Queue()
        self._until = until

    @property
    def running(self) -> bool:
        return not self._until()


async def test_the_dispatch_job_fans_out_and_sends_until_the_bot_stops(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """Scheduled with the digests (and, with operators, the source check); run until the
    application stops: the events become deliveries and are sent, the rest stays pending."""
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for chat in (1, 2, 3):
        add_chat(db, chat)
        follow(db, chat, SEED, before)
    add_event(db, SEED, "answered", before + dt.timedelta(seconds=1))
    service = AlertService(Settings(admins=frozenset({9})), clock=clock)
    app = App(db, bot, until=lambda: api.sent_count() >= 2)
    cleanup = service.schedule(app)  # type: ignore[arg-type]
    assert [(kind, name) for kind, name, _ in app.job_queue.jobs] == [
        ("once", "dispatch"),
        ("repeating", "digests"),
        ("repeating", "source-alerts"),
    ]
    await service.dispatch_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    await cleanup()
    assert api.sent_count() == 2
    assert list(statuses(db).values()) == ["sent", "sent", "pending"]


async def test_the_source_job_queues_operator_alerts(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """A source failing for over 30 minutes: the job queues one message per operator."""
    record_source(db, "syncfeed", "boom", (clock.now() - dt.timedelta(hours=1)).isoformat())
    service = AlertService(Settings(admins=frozenset({7, 8})), clock=clock)
    app = App(db, bot, until=lambda: True)
    await service.source_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    await service.digest_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    assert db.execute("SELECT chat_id, kind FROM deliveries").fetchall() == [
        (7, "operator"),
        (8, "operator"),
    ]


async def test_combined_jobs_are_scheduled_in_order_and_cleaned_up_in_reverse() -> None:
    """combine_jobs: every schedule called with the application; cleanups last-first."""
    seen: list[str] = []

    def job(name: str, cleans: bool):  # type: ignore[no-untyped-def]
        def schedule(application: object):  # type: ignore[no-untyped-def]
            seen.append(f"schedule {name}")
            if not cleans:
                return None

            async def cleanup() -> None:
                seen.append(f"cleanup {name}")

            return cleanup

        return schedule

    cleanup = combine_jobs(job("a", True), job("b", False), job("c", True))(object())  # type: ignore[arg-type]
    await cleanup()
    assert seen == ["schedule a", "schedule b", "schedule c", "cleanup c", "cleanup a"]


def test_the_webhook_listens_on_the_path_of_its_url() -> None:
    """The path of TELEGRAM_WEBHOOK_URL, without slashes; the root is ""."""
    assert webhook_path("https://bot.example.org/kamervragen/hook/") == "kamervragen/hook"
    assert webhook_path("https://bot.example.org") == ""


def test_rate_scale_and_send_retry_delay_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KAMERVRAGEN_RATE_SCALE (more than 0) and KAMERVRAGEN_SEND_RETRY_DELAY."""
    monkeypatch.setenv("KAMERVRAGEN_RATE_SCALE", "2.5")
    monkeypatch.setenv("KAMERVRAGEN_SEND_RETRY_DELAY", "0")
    settings = Settings.from_env()
    assert (settings.rate_scale, settings.send_retry_delay) == (2.5, 0.0)
    monkeypatch.setenv("KAMERVRAGEN_RATE_SCALE", "0")
    with pytest.raises(ConfigError, match="KAMERVRAGEN_RATE_SCALE"):
        Settings.from_env()
