"""Alerts inside the running bot: the fan-out and the dispatcher as one continuous job, the
daily digests, the deadline events, the weekly overviews and the operators' source check as
repeating jobs, all on the JobQueue (the
composition root, `kamervragen.app`, puts them there).

The dispatch job starts with the bot and runs until it stops: before taking up new
deliveries (every second) it fans out new events, then it sends what the limits allow. When
the bot stops (SIGTERM), the job sees `application.running` turn false, lets the message in
flight finish, and returns; the outbox keeps the rest for the next start.

With `workers`, the fan-out runs in a worker process (`fanout.fan_out_on_file`), in the
background: matching 100,000 subscriptions and planning their deliveries never holds the event
loop or its interpreter lock, and the dispatcher goes on sending meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot
from telegram.ext import ContextTypes

from kamervragen.bot.alerts.digests import make_due_digests
from kamervragen.bot.alerts.dispatcher import Dispatcher
from kamervragen.bot.alerts.fanout import FanOut, fan_out_on_file, prepare_on_file
from kamervragen.bot.alerts.limits import Clock, RateLimiter, SystemClock
from kamervragen.bot.alerts.operator import check_sources
from kamervragen.bot.alerts.weekly import make_due_weeklies
from kamervragen.core.offload import OffloadError, Workers
from kamervragen.storage import outbox
from kamervragen.storage.db import Database, database_file
from kamervragen.storage.deadlines import record_deadline_events
from kamervragen.storage.errors import StorageError, storage_faults

log = logging.getLogger(__name__)

RESTART_DELAY = 1.0  # after an unexpected error in the dispatch loop
STORAGE_DELAY = 10.0  # after the database refused (read-only, full, busy past its timeout)
FANOUT_BUDGET = 60.0  # seconds of fan-out per round in the worker; the rest waits for the next
FANOUT_TIMEOUT = 600.0  # a round running this long is killed (its work is rolled back)


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
        workers: Workers | None = None,
    ) -> None:
        self.db = db
        self.admins = admins
        self.clock = clock or SystemClock()
        self.fanout = FanOut(db, now=self.clock.now)
        self.workers = workers
        self.path = database_file(db) if workers is not None else None
        self._fanning: asyncio.Task[int] | None = None
        self.dispatcher = Dispatcher(
            db,
            bot,
            RateLimiter(scale=rate_scale, clock=self.clock),
            clock=self.clock,
            retry_delay=send_retry_delay,
            between=self.fan_out,
        )

    async def prepare(self) -> None:
        """With workers: let the fan-out worker index the subscriptions now (a fan-out asked
        for meanwhile waits for it), rather than at the first event."""
        if self.workers is None or self.path is None or self._fanning is not None:
            return
        self._fanning = asyncio.get_running_loop().create_task(self._prepare())
        await self._fanning

    async def _prepare(self) -> int:
        assert self.workers is not None and self.path is not None
        try:
            indexed = await self.workers.run(prepare_on_file, self.path, timeout=FANOUT_TIMEOUT)
        except OffloadError:
            log.exception("indexing the subscriptions failed in the worker; the fan-out will")
            return 0
        log.info("fan-out: %d subscriptions indexed", indexed)
        return indexed

    def fan_out(self) -> int:
        """Fan out the events recorded since the last time: in the worker, started in the
        background (0 now; the dispatcher takes the deliveries up at its next refill), else
        here; the new deliveries."""
        if self._fanning is not None and not self._fanning.done():
            return 0
        if not self.fanout.pending():
            return 0
        if self.workers is not None and self.path is not None:
            self._fanning = asyncio.get_running_loop().create_task(self._fan_out_in_worker())
            return 0
        created = self.fanout.run()
        if created:
            log.info("fan-out: %d new deliveries", created)
        return created

    async def _fan_out_in_worker(self) -> int:
        assert self.workers is not None and self.path is not None
        try:
            created = await self.workers.run(
                fan_out_on_file,
                self.path,
                self.clock.now(),
                FANOUT_BUDGET,
                timeout=FANOUT_TIMEOUT,
            )
        except OffloadError:
            log.exception("the fan-out failed in its worker; it is tried again")
            return 0
        if created:
            log.info("fan-out: %d new deliveries", created)
            self.dispatcher.refill()  # taken up now, not at the next refill
        return created

    async def close(self) -> None:
        """Let a fan-out running in the background end (before its workers are closed)."""
        if self._fanning is not None:
            await self._fanning

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
