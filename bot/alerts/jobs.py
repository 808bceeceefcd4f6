"""Alerts inside the running bot: the fan-out and the dispatcher as one continuous job, the
daily digests, the deadline events, the weekly overviews and the operators' source check as
repeating jobs, all on the JobQueue (the
composition root, `kamervragen.app`, puts them there).

The dispatch job starts with the bot and runs until it stops: before taking up new
deliveries (every second) it fans out new events, then it sends what the limits allow. When
the bot stops (SIGTERM), the job sees `application.running` turn false, lets the message in
flight finish, and returns; the outbox keeps the rest for the next start.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Bot
from telegram.ext import ContextTypes

from kamervragen.bot.alerts.digests import make_due_digests
from kamervragen.bot.alerts.dispatcher import Dispatcher
from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.bot.alerts.limits import Clock, RateLimiter, SystemClock
from kamervragen.bot.alerts.operator import check_sources
from kamervragen.bot.alerts.weekly import make_due_weeklies
from kamervragen.storage import outbox
from kamervragen.storage.db import Database
from kamervragen.storage.deadlines import record_deadline_events
from kamervragen.storage.errors import StorageError, storage_faults

log = logging.getLogger(__name__)

RESTART_DELAY = 1.0  # after an unexpected error in the dispatch loop
STORAGE_DELAY = 10.0  # after the database refused (read-only, full, busy past its timeout)


class AlertJobs:
    """Fan-out, dispatcher, digests and operator alerts of one running bot, as job callbacks."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        *,
        rate_scale: float,
        send_retry_delay: float,
        admins: frozenset[int],
        clock: Clock | None = None,
    ) -> None:
        self.db = db
        self.admins = admins
        self.clock = clock or SystemClock()
        self.fanout = FanOut(db, now=self.clock.now)
        self.dispatcher = Dispatcher(
            db,
            bot,
            RateLimiter(scale=rate_scale, clock=self.clock),
            clock=self.clock,
            retry_delay=send_retry_delay,
            between=self.fan_out,
        )

    def fan_out(self) -> int:
        """Fan out the events recorded since the last time; the new deliveries."""
        if not self.fanout.pending():
            return 0
        created = self.fanout.run()
        if created:
            log.info("fan-out: %d new deliveries", created)
        return created

    async def dispatch_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Fan out and send until the bot stops."""
        application = context.application

        def stopping() -> bool:
            return not application.running

        try:
            while not stopping():
                try:
                    with storage_faults():
                        await self.dispatcher.run(stopping)
                except StorageError as exc:  # read-only, full, busy: one line, then again
                    log.error("the dispatcher stopped: %s; again in %g s", exc, STORAGE_DELAY)
                    await self.clock.sleep(STORAGE_DELAY)
                except Exception:  # a bug must not end the alerts: log it, start over
                    log.exception("the dispatcher failed; restarting it")
                    await self.clock.sleep(RESTART_DELAY)
        finally:
            with contextlib.suppress(Exception):  # the next start releases them too
                outbox.release_claims(self.db, self.dispatcher.owner)

    async def digest_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Bundle the digests that are due; the dispatcher sends them."""
        made = make_due_digests(self.db, self.clock.now())
        if made:
            log.info("digests: %d made", len(made))

    async def deadline_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Record the deadline events that are due (the fan-out then alerts on them)."""
        recorded = record_deadline_events(self.db, self.clock.now())
        if recorded:
            log.info("deadline events: %s", dict(recorded))

    async def weekly_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Queue the weekly overviews that are due; the dispatcher sends them."""
        made = make_due_weeklies(self.db, self.clock.now())
        if made:
            log.info("weekly overviews: %d made", len(made))

    async def source_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Tell the operators about sources failing for 30 minutes (and their recovery)."""
        queued = check_sources(self.db, self.admins, self.clock.now())
        if queued:
            log.warning("source alerts: %d messages to operators", queued)
