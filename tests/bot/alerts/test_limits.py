"""The rate limiter: Telegram's windows, counted from a send's start to its answer plus span."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.bot.alerts.limits import RateLimiter
from tests.bot.alerts.conftest import FakeClock


def _send(limiter: RateLimiter, clock: FakeClock, chat: int, group: bool, rtt: float = 0.0):
    assert limiter.wait_time(chat, group) == 0
    limiter.start(chat, group)
    clock.advance(rtt)
    limiter.finish(chat, group)


def test_thirty_a_second_overall_then_wait_for_the_first_answer_plus_a_second() -> None:
    """30 sends go at once; the 31st waits until a second after the first answer."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for chat in range(30):
        _send(limiter, clock, chat + 1, False, rtt=0.01)
    assert limiter.wait_time(99, False) == pytest.approx(0.71, abs=1e-6)


def test_one_a_second_per_private_chat_and_twenty_a_minute_per_group() -> None:
    """A private chat waits a second after each answer; a group gets 20, then waits a minute."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    _send(limiter, clock, 5, False)
    assert limiter.chat_wait(5, False) == pytest.approx(1.0)
    for _ in range(20):
        clock.advance(0.05)  # the global window is not what holds the group back
        _send(limiter, clock, -100, True)
    assert limiter.chat_wait(-100, True) == pytest.approx(60.0 - 19 * 0.05)


def test_a_pause_holds_one_chat_only() -> None:
    """retry_after pauses its chat; the others go on."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.pause(7, 3.0)
    assert limiter.wait_time(7, False) == pytest.approx(3.0)
    assert limiter.wait_time(8, False) == 0
    clock.advance(3.0)
    assert limiter.wait_time(7, False) == 0


def test_scale_speeds_every_window_up() -> None:
    """Scale 10: a private chat waits 0.1 s, 300 sends a second overall."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, scale=10)
    _send(limiter, clock, 5, False)
    assert limiter.chat_wait(5, False) == pytest.approx(0.1)


@settings(max_examples=80, deadline=None)
@given(
    sends=st.lists(
        st.tuples(st.integers(-3, 6).filter(bool), st.floats(0, 0.2), st.floats(0, 1)),
        min_size=1,
        max_size=120,
    )
)
def test_a_server_counting_arrivals_never_sees_the_limits_broken(sends) -> None:
    """Whenever each request arrives between its start and its answer, no window of the
    server's counting (30/s overall, 1/s per private chat, 20/min per group) is exceeded."""
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    arrivals: list[tuple[float, int]] = []
    for chat, rtt, where in sends:
        group = chat < 0
        while (wait := limiter.wait_time(chat, group)) > 0:
            clock.advance(wait)
        started = clock.monotonic()
        limiter.start(chat, group)
        clock.advance(rtt)
        answered = clock.monotonic()
        limiter.finish(chat, group)
        # Between start and answer; min() keeps float rounding from putting it 1 ulp after.
        arrivals.append((min(started + rtt * where, answered), chat))
    windows: dict[int | None, deque[float]] = {}
    for at, chat in sorted(arrivals):
        for key, span, most in (
            (None, 1.0, 30),
            (chat, 60.0 if chat < 0 else 1.0, 20 if chat < 0 else 1),
        ):
            window = windows.setdefault(key, deque())
            while window and window[0] <= at - span:
                window.popleft()
            assert len(window) < most, (key, at)
            window.append(at)
