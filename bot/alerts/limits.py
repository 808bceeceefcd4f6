"""Telegram's sending limits, kept on our side: at most 30 messages a second overall, one a
second per private chat, 20 a minute per group or channel.

Each limit is a sliding window counted conservatively: a send occupies its window from the
moment it starts until `span` seconds after its answer came back. Telegram counts a message when
it arrives, which lies between those two moments, so a server that counts any window of `span`
seconds never sees more than `limit` from us, whatever the network delay. The cost is one round
trip per window (about 29.9 a second at 3 ms, 28.5 at 50 ms). A 429 pauses its chat for the
`retry_after` Telegram asks. The clock and sleep are injected, so tests do not wait.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Protocol

GLOBAL_PER_SECOND = 30
PRIVATE_PER_SECOND = 1
GROUP_PER_MINUTE = 20


class Clock(Protocol):
    """Monotonic seconds for pacing, wall time for the database, and a way to wait."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def now(self) -> dt.datetime:
        """The current UTC time."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    def now(self) -> dt.datetime:
        """The current UTC time."""
        return dt.datetime.now(dt.UTC)

    async def sleep(self, seconds: float) -> None:
        """asyncio.sleep."""
        await asyncio.sleep(seconds)


@dataclass
class Window:
    """At most `limit` sends in any `span` seconds, counted from start to answer plus span."""

    limit: int
    span: float
    in_flight: int = 0
    done: list[float] = field(default_factory=list)  # when the answers came

    def wait(self, now: float) -> float:
        """Seconds until one more send may start (0: now)."""
        self.done = [t for t in self.done if t > now - self.span]
        used = self.in_flight + len(self.done)
        if used < self.limit:
            return 0.0
        if self.in_flight >= self.limit:
            return 0.005  # only an answer can free a place
        expire = sorted(self.done)[used - self.limit]
        return max(expire + self.span - now, 0.0005)

    def idle(self, now: float) -> bool:
        """Nothing in flight and nothing within the window: the window can be forgotten."""
        return self.in_flight == 0 and all(t <= now - self.span for t in self.done)


class RateLimiter:
    """The global window, one window per chat, and chat pauses after a 429."""

    def __init__(
        self,
        *,
        scale: float = 1.0,
        per_second: int = GLOBAL_PER_SECOND,
        private_per_second: int = PRIVATE_PER_SECOND,
        group_per_minute: int = GROUP_PER_MINUTE,
        clock: Clock | None = None,
    ) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.clock = clock or SystemClock()
        self.scale = scale
        self._global = Window(per_second, 1.0 / scale)
        self._private = (private_per_second, 1.0 / scale)
        self._group = (group_per_minute, 60.0 / scale)
        self._chats: dict[int, Window] = {}
        self._paused: dict[int, float] = {}
        self._sends = 0

    def _window(self, chat_id: int, group: bool) -> Window:
        window = self._chats.get(chat_id)
        if window is None:
            limit, span = self._group if group else self._private
            window = self._chats[chat_id] = Window(limit, span)
        return window

    def global_wait(self) -> float:
        """Seconds until the global window has room."""
        return self._global.wait(self.clock.monotonic())

    def chat_wait(self, chat_id: int, group: bool) -> float:
        """Seconds until this chat may get a message (its window and any pause)."""
        now = self.clock.monotonic()
        paused = self._paused.get(chat_id, 0.0) - now
        if paused <= 0:
            self._paused.pop(chat_id, None)
        window = self._chats.get(chat_id)
        return max(paused, window.wait(now) if window else 0.0, 0.0)

    def wait_time(self, chat_id: int, group: bool) -> float:
        """Seconds until a message to this chat may start (0: now)."""
        return max(self.global_wait(), self.chat_wait(chat_id, group))

    def start(self, chat_id: int, group: bool) -> None:
        """A send to this chat starts now."""
        self._global.in_flight += 1
        self._window(chat_id, group).in_flight += 1

    def finish(self, chat_id: int, group: bool) -> None:
        """The send's answer (of any kind) came back now."""
        now = self.clock.monotonic()
        for window in (self._global, self._window(chat_id, group)):
            window.in_flight = max(window.in_flight - 1, 0)
            window.done.append(now)
        self._sends += 1
        if self._sends % 1000 == 0:
            self._forget(now)

    def pause(self, chat_id: int, seconds: float) -> None:
        """Send nothing to this chat for `seconds` (Telegram's retry_after)."""
        until = self.clock.monotonic() + seconds
        self._paused[chat_id] = max(self._paused.get(chat_id, 0.0), until)

    def rekey(self, old: int, new: int) -> None:
        """The chat has a new id (a group became a supergroup)."""
        if old in self._paused:
            self._paused[new] = self._paused.pop(old)

    def _forget(self, now: float) -> None:
        for chat_id in [c for c, w in self._chats.items() if w.idle(now)]:
            del self._chats[chat_id]
