"""The dispatcher: sends the outbox to Telegram within its limits, one message at a time.

Each chat's deliveries go in order; chats take turns as the limiter allows (`bot.limits`). A
delivery is rendered when it is sent (`bot.alerts`) and each of its parts is marked sent right
after Telegram accepted it, with no await in between, so a crash can repeat at most the one
message Telegram accepted in the instant before it. Sending one message at a time is what makes
that true (and 30 a second needs a round trip under 33 ms).

What Telegram answers, and what follows:
- 429 RetryAfter: the chat waits `retry_after`, then the same part is sent again;
- network errors, timeouts and 5xx: retried with exponential backoff; failed after 24 h;
- 403 (blocked, kicked) and 400 chat not found: the delivery fails, and the chat with its
  subscriptions is deactivated after 3 such refusals in 24 h;
- 400 with migrate_to_chat_id: the chat (and all that hangs on it) moves to the new id, and
  the part is sent there;
- 400 message too long, can't parse entities: a rendering bug, logged; the rest of the
  delivery is sent as plain text in smaller pieces;
- 400 message thread not found: sent to the chat's general topic instead;
- any other 400, or a bug on our side: the delivery fails, logged.

Before each part the dispatcher claims its delivery in the database (`outbox.claim`); a delivery
another dispatcher holds is left alone and looked at again after CLAIM_RETRY seconds, so even two
dispatchers on one database (which the instance lock of `run` already prevents) never send one
part twice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import heapq
import logging
import os
import secrets
import socket
from collections import Counter
from collections.abc import Callable

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from kamervragen.bot.alerts.limits import Clock, RateLimiter, SystemClock
from kamervragen.bot.alerts.messages import Part, delivery_parts
from kamervragen.bot.rendering.html import inline_keyboard
from kamervragen.storage import chat_state, outbox
from kamervragen.storage.db import Database
from kamervragen.storage.outbox import Delivery, parse_time

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
REFUSED = ("chat not found", "not enough rights", "have no rights", "chat_write_forbidden")
RENDERING = ("too long", "can't parse entities", "too many entities")
NO_THREAD = ("thread not found", "topic_closed", "topic_deleted")
CLAIM_LEASE = dt.timedelta(minutes=5)  # a claim not renewed for this long is free again
CLAIM_RETRY = 1.0  # seconds before looking again at a delivery another dispatcher holds


def dispatcher_id() -> str:
    """A name for one dispatcher, unique across processes and hosts."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _has(exc: TelegramError, needles: tuple[str, ...]) -> bool:
    text = exc.message.lower()
    return any(n in text for n in needles)


class Dispatcher:
    """Sends pending deliveries; `run` until told to stop (or, for tests, until idle)."""

    def __init__(
        self,
        db: Database,
        bot: Bot,
        limiter: RateLimiter | None = None,
        *,
        clock: Clock | None = None,
        retry_delay: float = 1.0,
        max_retry_delay: float = 600.0,
        give_up_after: dt.timedelta = dt.timedelta(hours=24),
        refill_every: float = 1.0,
        max_heads: int = 2000,
        between: Callable[[], object] | None = None,
        owner: str | None = None,
    ) -> None:
        self.db = db
        self.owner = owner or dispatcher_id()  # whose claims are ours
        self.bot = bot
        self.clock = clock or SystemClock()
        self.limiter = limiter or RateLimiter(clock=self.clock)
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.give_up_after = give_up_after
        self.refill_every = refill_every
        self.max_heads = max_heads
        self.between = between  # called before each refill (the fan-out)
        self.counts: Counter[str] = Counter()
        self._heads: dict[int, Delivery] = {}  # per chat, the delivery it is on
        self._queue: list[tuple[float, int, int]] = []  # (ready at, delivery id, chat id)
        self._parts: dict[int, list[Part]] = {}

    # ------------------------------------------------------------ the loop

    async def run(self, should_stop: Callable[[], bool], *, until_idle: bool = False) -> None:
        """Send what is due, as the limits allow, until `should_stop()`; with `until_idle`,
        return once no delivery is pending any more."""
        next_refill = self.clock.monotonic()
        while not should_stop():
            now = self.clock.monotonic()
            if now >= next_refill:
                if self.between is not None:
                    self.between()
                self.refill()
                next_refill = now + self.refill_every
            wait = self._wait_or_send()
            if wait is None:
                if until_idle and not self._queue and not self._any_pending():
                    return
                wait = next_refill - now
            elif wait == 0:
                await self._send_next()
                await asyncio.sleep(0)  # dropping a run of deliveries sends (awaits) nothing
                continue
            await self.clock.sleep(max(min(wait, next_refill - now, 0.25), 0.0005))

    def refill(self) -> int:
        """Take up the first due delivery of every chat not in hand yet; how many."""
        taken = 0
        if len(self._heads) >= self.max_heads:
            return 0
        for delivery in outbox.next_due(self.db, self.clock.now(), self.max_heads):
            if delivery.chat_id not in self._heads:
                self._take(delivery)
                taken += 1
        return taken

    def _any_pending(self) -> bool:
        return outbox.any_pending(self.db)

    def _take(self, delivery: Delivery, delay: float = 0.0) -> None:
        self._heads[delivery.chat_id] = delivery
        ready = self.clock.monotonic() + delay
        if delivery.next_attempt_at:
            due = (parse_time(delivery.next_attempt_at) - self.clock.now()).total_seconds()
            ready = max(ready, self.clock.monotonic() + due)
        heapq.heappush(self._queue, (ready, delivery.id, delivery.chat_id))

    def _wait_or_send(self) -> float | None:
        """0 when the first queued chat may get its message now, else seconds to wait, or None
        when nothing is queued."""
        while self._queue:
            ready, delivery_id, chat_id = self._queue[0]
            head = self._heads.get(chat_id)
            if head is None or head.id != delivery_id:
                heapq.heappop(self._queue)  # stale: the chat moved on
                continue
            now = self.clock.monotonic()
            if ready > now:
                return ready - now
            chat_wait = self.limiter.chat_wait(chat_id, head.is_group)
            if chat_wait > 0:
                heapq.heapreplace(self._queue, (now + chat_wait, delivery_id, chat_id))
                continue
            return self.limiter.global_wait()
        return None

    def _next_chat(self) -> Delivery:
        _, _, chat_id = heapq.heappop(self._queue)
        return self._heads[chat_id]

    # ------------------------------------------------------------ one message

    async def _send_next(self) -> None:
        """Send the next part of the first queued chat's delivery, and note the outcome."""
        head = self._next_chat()
        delivery = outbox.get_delivery(self.db, head.id)
        if delivery is None or delivery.status != "pending":
            self._advance(head.chat_id)
            return
        if not delivery.active or delivery.paused:
            reason = "chat inactive" if not delivery.active else "paused"
            self._end(delivery, "dropped", reason)
            return
        now = self.clock.now()
        if not outbox.claim(
            self.db, delivery.id, delivery.parts_sent, self.owner, now, CLAIM_LEASE
        ):
            self.counts["claimed_elsewhere"] += 1  # another dispatcher is sending it
            self._parts.pop(delivery.id, None)
            self._take(dataclasses.replace(delivery, next_attempt_at=None), CLAIM_RETRY)
            return
        try:
            parts = self._parts.get(delivery.id)
            if parts is None:
                parts = delivery_parts(self.db, delivery, self._username())
        except Exception:  # a rendering bug must not stop the other deliveries
            log.exception("delivery %s could not be rendered", delivery.id)
            self._end(delivery, "failed", "rendering failed")
            return
        if not parts:
            self._end(delivery, "dropped", "nothing to send (case gone)")
            return
        self._parts[delivery.id] = parts
        if delivery.parts_sent >= len(parts):
            outbox.mark_part_sent(self.db, delivery.id, delivery.parts_sent, True, self.clock.now())
            self._advance(delivery.chat_id)
            return
        part = parts[delivery.parts_sent]
        group = delivery.is_group
        error: Exception | None = None
        self.limiter.start(delivery.chat_id, group)
        try:
            await self._send(delivery, part)
        except Exception as exc:  # every answer is classified in _failed
            error = exc
        finally:
            self.limiter.finish(delivery.chat_id, group)
        if error is None:
            sent = delivery.parts_sent + 1
            done = sent >= len(parts)
            outbox.mark_part_sent(self.db, delivery.id, sent, done, self.clock.now())
            self.counts["messages"] += 1
            if done:
                self.counts["sent"] += 1
                self._advance(delivery.chat_id)
            else:
                self._take(dataclasses.replace(delivery, parts_sent=sent))
        else:
            self._failed(delivery, error)

    def _username(self) -> str | None:
        """The bot's username, for links that open a case in the bot (None before getMe)."""
        try:
            return self.bot.username
        except RuntimeError:  # the Bot was never initialized: links stay plain text
            return None

    async def _send(self, delivery: Delivery, part: Part) -> None:
        message = part.message
        await self.bot.send_message(
            chat_id=delivery.chat_id,
            text=message.text,
            parse_mode=ParseMode.HTML if part.html else None,
            reply_markup=inline_keyboard(message),
            link_preview_options=NO_PREVIEW if message.disable_preview else None,
            message_thread_id=delivery.thread_id,
        )

    def _failed(self, delivery: Delivery, exc: Exception) -> None:
        """Act on Telegram's refusal (or a failure to reach it)."""
        now = self.clock.now()
        if isinstance(exc, RetryAfter):
            seconds = _seconds(exc)
            self.counts["retry_after"] += 1
            log.warning("chat %s: flood control, waiting %.0f s", delivery.chat_id, seconds)
            self.limiter.pause(delivery.chat_id, seconds)
            at = now + dt.timedelta(seconds=seconds)
            outbox.retry_later(self.db, delivery.id, str(exc), at)
            self._take(dataclasses.replace(delivery, next_attempt_at=None), seconds)
        elif isinstance(exc, ChatMigrated):
            self._migrated(delivery, int(exc.new_chat_id))
        elif isinstance(exc, Forbidden) or (isinstance(exc, BadRequest) and _has(exc, REFUSED)):
            self._refused(delivery, exc)
        elif isinstance(exc, BadRequest) and _has(exc, RENDERING):
            self._render_as_plain(delivery, exc)
        elif isinstance(exc, BadRequest) and _has(exc, NO_THREAD) and delivery.thread_id:
            log.warning("chat %s: topic %s is gone, sending to the chat", *_ids(delivery))
            outbox.set_thread(self.db, delivery.id, None)
            self._take(dataclasses.replace(delivery, thread_id=None))
        elif isinstance(exc, BadRequest):
            log.error("delivery %s refused by Telegram: %s", delivery.id, exc.message)
            self._end(delivery, "failed", exc.message)
        elif isinstance(exc, TelegramError):  # network, timeout, 5xx, and the unexpected
            self._retry(delivery, exc)
        else:
            log.error("delivery %s failed", delivery.id, exc_info=exc)
            self._end(delivery, "failed", f"{type(exc).__name__}: {exc}")

    def _retry(self, delivery: Delivery, exc: TelegramError) -> None:
        now = self.clock.now()
        self.counts["retries"] += 1
        if now - parse_time(delivery.created_at) > self.give_up_after:
            log.error("delivery %s: giving up after %s: %s", delivery.id, self.give_up_after, exc)
            self._end(delivery, "failed", f"gave up: {exc.message}")
            return
        delay = min(self.retry_delay * 2 ** min(delivery.attempts, 30), self.max_retry_delay)
        log.warning("delivery %s: %s; again in %.1f s", delivery.id, exc.message, delay)
        outbox.retry_later(self.db, delivery.id, exc.message, now + dt.timedelta(seconds=delay))
        retried = dataclasses.replace(delivery, attempts=delivery.attempts + 1)
        self._take(dataclasses.replace(retried, next_attempt_at=None), delay)

    def _refused(self, delivery: Delivery, exc: TelegramError) -> None:
        now = self.clock.now()
        failures = chat_state.record_failure(self.db, delivery.chat_id, exc.message, now)
        self._end(delivery, "failed", exc.message)
        if failures >= chat_state.FAILURES_TO_DEACTIVATE:
            dropped = chat_state.deactivate(self.db, delivery.chat_id, exc.message, now)
            self.counts["deactivated"] += 1
            log.warning(
                "chat %s deactivated after %d refusals in 24 h (%s); %d deliveries dropped",
                delivery.chat_id,
                failures,
                exc.message,
                dropped,
            )

    def _migrated(self, delivery: Delivery, new_chat_id: int) -> None:
        old = delivery.chat_id
        log.info("chat %s became %s; moving it", old, new_chat_id)
        chat_state.rekey(self.db, old, new_chat_id, self.clock.now())
        self.limiter.rekey(old, new_chat_id)
        self._heads.pop(old, None)
        moved = outbox.get_delivery(self.db, delivery.id)
        if moved is not None and moved.status == "pending" and new_chat_id not in self._heads:
            self._take(moved)
        self._advance_if_free(old)

    def _render_as_plain(self, delivery: Delivery, exc: TelegramError) -> None:
        if delivery.plain_from is not None and delivery.parts_sent >= delivery.plain_from:
            self._end(delivery, "failed", f"refused even as plain text: {exc.message}")
            return
        log.error(
            "rendering bug: delivery %s (%s of case %s), part %d refused: %s; "
            "sending the rest as plain text",
            delivery.id,
            delivery.kind,
            delivery.case_key,
            delivery.parts_sent + 1,
            exc.message,
        )
        self.counts["plain"] += 1
        outbox.set_plain(self.db, delivery.id, delivery.parts_sent)
        self._parts.pop(delivery.id, None)
        self._take(dataclasses.replace(delivery, plain_from=delivery.parts_sent))

    # ------------------------------------------------------------ bookkeeping

    def _end(self, delivery: Delivery, status: str, reason: str) -> None:
        outbox.finish(self.db, delivery.id, status, reason, self.clock.now())
        self.counts[status] += 1
        self._advance(delivery.chat_id)

    def _advance(self, chat_id: int) -> None:
        """The chat's delivery is done: forget it and take up the chat's next one."""
        head = self._heads.pop(chat_id, None)
        if head is not None:
            self._parts.pop(head.id, None)
        self._advance_if_free(chat_id)

    def _advance_if_free(self, chat_id: int) -> None:
        if chat_id in self._heads:
            return
        following = outbox.next_for_chat(self.db, chat_id)
        if following is not None:
            self._take(following)


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _ids(delivery: Delivery) -> tuple[int, int | None]:
    return delivery.chat_id, delivery.thread_id
