"""The callback codec: every value round-trips within 64 bytes; forged data decodes to None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.bot.rendering.callbacks import (
    MAX_ID,
    MAX_PAGE,
    CallbackError,
    Follow,
    FullCase,
    Language,
    ListPage,
    OpenCase,
    SearchPage,
    Setting,
    Unfollow,
    Unsubscribe,
    decode,
    encode,
)

ZAAK = st.from_regex(r"20[0-9]{2}Z[0-9]{5}", fullmatch=True)
PAGE = st.integers(0, MAX_PAGE)
CALLBACKS = st.one_of(
    st.builds(OpenCase, ZAAK, st.none() | PAGE),
    st.builds(FullCase, ZAAK),
    st.builds(Follow, ZAAK, st.none() | PAGE),
    st.builds(Unfollow, ZAAK, st.none() | PAGE),
    st.builds(Unfollow, ZAAK, PAGE, st.just("list")),
    st.builds(Unsubscribe, st.integers(1, MAX_ID)),
    st.builds(Unsubscribe, st.integers(1, MAX_ID), st.just("menu")),
    st.builds(Unsubscribe, st.integers(1, MAX_ID), st.just("list"), PAGE),
    st.builds(ListPage, PAGE),
    st.builds(SearchPage, st.from_regex(r"[A-Za-z0-9_-]{1,24}", fullmatch=True), PAGE),
    st.sampled_from([Setting("mode", "digest"), Setting("hour", "7"), Setting("pause", "on")]),
    st.sampled_from([Language("nl"), Language("en"), Language("auto")]),
)


@given(CALLBACKS)
def test_every_callback_round_trips_within_64_bytes(callback) -> None:  # type: ignore[no-untyped-def]
    """encode then decode gives the value back, and the wire form fits Telegram's 64 bytes."""
    data = encode(callback)
    assert len(data.encode()) <= 64
    assert decode(data) == callback


def test_the_wire_form_is_the_one_already_in_chats() -> None:
    """Buttons on messages sent before the codec keep working."""
    assert encode(OpenCase("2019Z15244", 2)) == "case:2019Z15244:2"
    assert encode(Unfollow("2019Z15244", 1, "list")) == "unfollow:2019Z15244:list:1"
    assert encode(Unsubscribe(7, "menu")) == "unsub:7:menu"
    assert encode(Setting("hour", "8")) == "set:hour:8"
    assert decode("follow:2019Z15244:0") == Follow("2019Z15244", 0)


@pytest.mark.parametrize(
    "data",
    [
        "unsub:99999999999999999999999999",  # an id no database gives (was an OverflowError)
        "unsub:-1",
        "unsub:1:list",
        "case:2019Z1524",
        "case:2019Z15244:x",
        "case:2019Z15244:1:2",
        "case:<b>",
        "set:hour:24",
        "set:mode:loud",
        "set:admin:on",
        "lang:fr",
        "search:../../etc:1",
        "nothing",
        "",
        "x" * 65,
        "full:2019Z15244:extra",
        "unfollow:2019Z15244:menu:1",
    ],
)
def test_forged_data_decodes_to_none(data: str) -> None:
    """Anything the bot did not make is refused, never an exception."""
    assert decode(data) is None


@given(st.text(max_size=80))
def test_any_text_decodes_or_is_refused(data: str) -> None:
    """Random callback data never raises."""
    decode(data)


def test_values_out_of_range_cannot_be_encoded() -> None:
    """A page or id out of range is refused before it reaches a button."""
    with pytest.raises(CallbackError):
        encode(ListPage(MAX_PAGE + 1))
    with pytest.raises(CallbackError):
        encode(OpenCase("not a zaak"))
