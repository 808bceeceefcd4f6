"""Alerts inside the running bot: the fan-out and the dispatcher as one continuous job, the
daily digests and the operators' source check as repeating jobs, all on the JobQueue.

The dispatch job starts with the bot and runs until it stops: before taking up new
deliveries (every second) it fans out new events, then it sends what the limits allow. When
the bot stops (SIGTERM), the job sees `application.running` turn false, lets the message in
flight finish, and returns; the outbox keeps the rest for the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram.ext import Application, ContextTypes

from kamervragen.bot.alerts.digests import make_due_digests
from kamervragen.bot.alerts.dispatcher import Dispatcher
from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.bot.alerts.limits import Clock, RateLimiter, SystemClock
from kamervragen.bot.alerts.operator import check_sources
from kamervragen.settings import Settings

log = logging.getLogger(__name__)

DIGEST_CHECK = 60  # seconds between looks for digests that are due
SOURCE_CHECK = 60  # seconds between looks at the sources' health, for the operators
RESTART_DELAY = 1.0  # after an unexpected error in the dispatch loop


class AlertService:
    """Fan-out, dispatcher, digests and operator alerts of one running bot."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.fanout: FanOut | None = None
        self.dispatcher: Dispatcher | None = None

    def fan_out(self) -> int:
        """Fan out the events recorded since the last time; the new deliveries."""
        if self.fanout is None or not self.fanout.pending():
            return 0
        created = self.fanout.run()
        if created:
            log.info("fan-out: %d new deliveries", created)
        return created

    def schedule(self, application: Application) -> Callable[[], Awaitable[None]]:
        """Put the jobs on the JobQueue (called in post_init); returns the cleanup."""
        db = application.bot_data["db"]
        self.fanout = FanOut(db, now=self.clock.now)
        limiter = RateLimiter(scale=self.settings.rate_scale, clock=self.clock)
        self.dispatcher = Dispatcher(
            db,
            application.bot,
            limiter,
            clock=self.clock,
            retry_delay=self.settings.send_retry_delay,
            between=self.fan_out,
        )
        queue = application.job_queue
        assert queue is not None, "python-telegram-bot[job-queue] is required"
        queue.run_once(self.dispatch_job, when=0, name="dispatch")
        queue.run_repeating(
            self.digest_job,
            interval=DIGEST_CHECK,
            first=1,
            name="digests",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )
        if self.settings.admins:
            queue.run_repeating(
                self.source_job,
                interval=SOURCE_CHECK,
                first=SOURCE_CHECK,
                name="source-alerts",
                job_kwargs={"max_instances": 1, "coalesce": True},
            )
        return self.stop

    async def dispatch_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Fan out and send until the bot stops."""
        application = context.application
        assert self.dispatcher is not None

        def stopping() -> bool:
            return not application.running

        while not stopping():
            try:
                await self.dispatcher.run(stopping)
            except Exception:  # a bug must not end the alerts: log it, start over
                log.exception("the dispatcher failed; restarting it")
                await self.clock.sleep(RESTART_DELAY)

    async def digest_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Bundle the digests that are due; the dispatcher sends them."""
        made = make_due_digests(context.application.bot_data["db"], self.clock.now())
        if made:
            log.info("digests: %d made", len(made))

    async def source_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Tell the operators about sources failing for 30 minutes (and their recovery)."""
        db = context.application.bot_data["db"]
        queued = check_sources(db, self.settings.admins, self.clock.now())
        if queued:
            log.warning("source alerts: %d messages to operators", queued)

    async def stop(self) -> None:
        """Nothing to close: the outbox is in the database."""
