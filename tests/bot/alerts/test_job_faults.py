"""The dispatch job when the database fails under it: one line, a pause, and on again."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts.jobs import STORAGE_DELAY, AlertJobs
from tests.bot.alerts.conftest import FakeClock
from tests.bot.alerts.test_jobs import App


async def test_a_database_fault_is_one_line_and_a_pause(
    db: Database, bot: Bot, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The job's connection is gone (as after a fault): the job logs one error line without a
    traceback, waits STORAGE_DELAY, tries again, and ends when the bot stops."""
    jobs = AlertJobs(db, bot, rate_scale=1, send_retry_delay=1, admins=frozenset(), clock=clock)
    db.close()
    app = App(db, bot, until=lambda: clock.slept.count(STORAGE_DELAY) >= 2)
    with caplog.at_level(logging.ERROR):
        await jobs.dispatch_job(SimpleNamespace(application=app))  # type: ignore[arg-type]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "the dispatcher stopped: the database: Cannot operate on a closed database.; "
        f"again in {STORAGE_DELAY:g} s"
    ] * 2
    assert all(r.exc_info is None for r in errors)
