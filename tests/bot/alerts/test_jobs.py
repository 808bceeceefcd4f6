"""The alert jobs, called directly; the jobs the composition root registers; the webhook path;
settings."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlite_utils import Database
from telegram import Bot

from kamervragen.app import register_jobs, webhook_path
from kamervragen.bot.alerts.jobs import AlertJobs
from kamervragen.core.offload import Workers
from kamervragen.settings import ConfigError, Settings
from kamervragen.storage.sources import record_source
from tests.bot.alerts.conftest import (
    SEED,
    FakeClock,
    add_chat,
    add_event,
    follow,
    statuses,
    subscribe,
)
from tests.bot.conftest import seed_database
from tests.fakes.botapi import FakeBotApi


class Queue:
    """Records what is put on the JobQueue."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, str, Any]] = []

    def run_once(self, callback: Any, when: float, name: str) -> None:
        self.jobs.append(("once", name, when))

    def run_repeating(self, callback: Any, interval: float, first: float, name: str, **_: Any):
        self.jobs.append(("repeating", name, interval))


def alerts_of(
    db: Database, bot: Bot, settings: Settings, clock: FakeClock, workers: Workers | None = None
) -> AlertJobs:
    """The alert jobs as the composition root makes them, on the fake clock."""
    return AlertJobs(
        db,
        bot,
        rate_scale=settings.rate_scale,
        send_retry_delay=settings.send_retry_delay,
        admins=settings.admins,
        clock=clock,
        workers=workers,
    )


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
    add_event(db, SEED, "withdrawn", before + dt.timedelta(seconds=1))
    settings = Settings(admins=frozenset({9}))
    service = alerts_of(db, bot, settings, clock)
    app = App(db, bot, until=lambda: api.sent_count() >= 2)
    register_jobs(app, settings, SimpleNamespace(), service)  # type: ignore[arg-type]
    assert [(kind, name) for kind, name, _ in app.job_queue.jobs] == [
        ("repeating", "poll"),
        ("repeating", "publications"),
        ("once", "warm-up"),
        ("once", "dispatch"),
        ("repeating", "digests"),
        ("repeating", "deadlines"),
        ("repeating", "weekly"),
        ("repeating", "source-alerts"),
    ]
    await service.dispatch_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    assert api.sent_count() == 2
    assert list(statuses(db).values()) == ["sent", "sent", "pending"]


async def test_with_workers_the_fan_out_runs_in_the_background_on_the_file(
    bot: Bot, api: FakeBotApi, clock: FakeClock, tmp_path: Path
) -> None:
    """With workers, the subscriptions are indexed at start and each fan-out is a job on the
    database file (here on a thread); the dispatcher sends what it made."""
    db = seed_database(tmp_path / "k.db")
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    for chat in (1, 2, 3):
        add_chat(db, chat)
        subscribe(db, chat, "emotieherkenning", before)
    add_event(db, SEED, "answered", before + dt.timedelta(seconds=1))
    service = alerts_of(db, bot, Settings(), clock, Workers(processes=0))
    assert service.path == str(tmp_path / "k.db")
    app = App(db, bot, until=lambda: list(statuses(db).values()) == ["sent"] * 3)
    await service.prepare()
    await asyncio.wait_for(service.dispatch_job(SimpleNamespace(application=app)), 20)  # type: ignore[arg-type]
    await service.close()
    assert sorted({m.chat_id for m in api.sent_messages()}) == [1, 2, 3]  # an alert has parts
    assert list(statuses(db).values()) == ["sent", "sent", "sent"]


async def test_the_source_job_queues_operator_alerts(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """A source failing for over 30 minutes: the job queues one message per operator."""
    record_source(db, "syncfeed", "boom", (clock.now() - dt.timedelta(hours=1)).isoformat())
    service = alerts_of(db, bot, Settings(admins=frozenset({7, 8})), clock)
    app = App(db, bot, until=lambda: True)
    await service.source_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    await service.digest_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    assert db.execute("SELECT chat_id, kind FROM deliveries").fetchall() == [
        (7, "operator"),
        (8, "operator"),
    ]


def test_without_operators_there_is_no_source_job(db: Database, clock: FakeClock) -> None:
    """The source alerts are only registered when KAMERVRAGEN_ADMINS names operators, the
    officielebekendmakingen poll when KAMERVRAGEN_OB_WATCH is on (every
    KAMERVRAGEN_OB_POLL_INTERVAL seconds); the poll runs every POLL_INTERVAL seconds."""
    settings = Settings(poll_interval=90, ob_watch=False)
    app = App(db, None, until=lambda: True)  # type: ignore[arg-type]
    jobs = SimpleNamespace(
        dispatch_job=None, digest_job=None, deadline_job=None, weekly_job=None, source_job=None
    )
    register_jobs(app, settings, SimpleNamespace(), jobs)  # type: ignore[arg-type]
    assert [(kind, name) for kind, name, _ in app.job_queue.jobs] == [
        ("repeating", "poll"),
        ("once", "warm-up"),
        ("once", "dispatch"),
        ("repeating", "digests"),
        ("repeating", "deadlines"),
        ("repeating", "weekly"),
    ]
    assert app.job_queue.jobs[0][2] == 90
    app = App(db, None, until=lambda: True)  # type: ignore[arg-type]
    register_jobs(app, Settings(ob_poll_interval=400), SimpleNamespace(), jobs)  # type: ignore[arg-type]
    assert app.job_queue.jobs[1][1:] == ("publications", 400)


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
