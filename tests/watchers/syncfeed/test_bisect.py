"""Finding the skiptoken for a date by probing pages, not by reading the feed from 0."""

from __future__ import annotations

import bisect
import datetime as dt
import functools

import pytest

from kamervragen.watchers.http import Fetcher, make_client
from kamervragen.watchers.syncfeed import BisectError, FeedPage, Other, feed_url, parse_feed_page
from kamervragen.watchers.syncfeed.bisect import find_skiptoken_for
from tests.fakes.syncfeed_server import SyncFeedServer, zaak_xml

START = dt.datetime(2019, 7, 1, tzinfo=dt.UTC)


class FakeFeed:
    """An in-memory category feed: `count` entries, tokens `spacing` apart, growing times."""

    def __init__(self, count: int, *, spacing: int = 1, first: int = 1) -> None:
        self.tokens, self.times = _timeline(count, spacing, first)
        self.probes: list[int] = []

    async def fetch_page(self, skiptoken: int) -> FeedPage:
        """The page of up to 250 entries after `skiptoken`, counting the probe."""
        self.probes.append(skiptoken)
        start = bisect.bisect_right(self.tokens, skiptoken)
        entries = [
            Other(f"guid-{i}", "document", skiptoken=self.tokens[i], updated=self.times[i])
            for i in range(start, min(start + 250, len(self.tokens)))
        ]
        next_token = entries[-1].skiptoken if entries else None
        return FeedPage(entries, None, next_token)

    def expected(self, when: dt.datetime) -> int | None:
        """The token of the last entry older than `when` (None if there is none)."""
        index = bisect.bisect_left(self.times, when)
        return self.tokens[index - 1] if index else None


@functools.cache
def _timeline(count: int, spacing: int, first: int) -> tuple[list[int], list[dt.datetime]]:
    """Tokens `spacing` apart and times seven minutes apart (shared between tests: read-only)."""
    tokens = [first + i * spacing for i in range(count)]
    times = [START + dt.timedelta(minutes=7 * i) for i in range(count)]
    return tokens, times


@pytest.mark.parametrize("fraction", [0.001, 0.25, 0.5, 0.77, 0.9999])
async def test_finds_the_token_in_100000_tokens(fraction: float) -> None:
    """On 100,000 dense tokens the answer is exact and takes about 15 probes."""
    feed = FakeFeed(100_000)
    when = START + (feed.times[-1] - START) * fraction + dt.timedelta(seconds=30)
    token = await find_skiptoken_for(when, feed.fetch_page)
    assert token == feed.expected(when)
    assert len(feed.probes) <= 16
    after = await feed.fetch_page(token)
    assert after.entries[0].updated >= when


async def test_sparse_tokens_up_to_25_million_need_about_30_probes() -> None:
    """100,000 entries spread over 25,000,000 tokens: found in at most 32 probes."""
    feed = FakeFeed(100_000, spacing=250, first=17)
    when = START + dt.timedelta(days=300, seconds=1)
    token = await find_skiptoken_for(when, feed.fetch_page)
    assert token == feed.expected(when)
    assert feed.tokens[-1] > 24_000_000
    assert len(feed.probes) <= 32


async def test_exact_timestamp_is_included() -> None:
    """An entry updated exactly at the date is the first one read from the token."""
    feed = FakeFeed(10_000)
    when = feed.times[4321]
    token = await find_skiptoken_for(when, feed.fetch_page)
    assert token == feed.tokens[4320]


async def test_date_before_the_feed_returns_low_in_one_probe() -> None:
    """A date before every entry returns `low` after a single probe."""
    feed = FakeFeed(1_000, first=500)
    assert await find_skiptoken_for(dt.date(2000, 1, 1), feed.fetch_page, low=0) == 0
    assert feed.probes == [0]


async def test_date_after_the_feed_returns_the_last_token() -> None:
    """A date after every entry returns the last token (the caught-up position)."""
    feed = FakeFeed(5_000, spacing=3)
    token = await find_skiptoken_for(dt.date(2100, 1, 1), feed.fetch_page)
    assert token == feed.tokens[-1]


async def test_known_high_bound_skips_the_exponential_search() -> None:
    """With `high` given, the search only bisects below it."""
    feed = FakeFeed(100_000)
    when = feed.times[60_000]
    token = await find_skiptoken_for(when, feed.fetch_page, high=100_000)
    assert token == feed.tokens[59_999]
    assert max(feed.probes) < 100_000


async def test_probe_budget_raises_bisect_error() -> None:
    """A budget too small to settle the search raises BisectError."""
    feed = FakeFeed(100_000)
    with pytest.raises(BisectError, match="after 3 probes"):
        await find_skiptoken_for(feed.times[50_000], feed.fetch_page, max_probes=3)


async def test_bisection_through_the_fake_server() -> None:
    """Against the fake SyncFeed over HTTP: pages parsed, the right token found."""
    with SyncFeedServer(page_size=4, skiptoken_step=7) as server:
        tokens = [
            server.add("Zaak", zaak_xml(f"0b6f3f9e-1111-4a4a-9c9c-{n:012d}"),
                       updated=START + dt.timedelta(days=n))
            for n in range(40)
        ]  # fmt: skip
        async with make_client(timeout=5) as client:
            fetcher = Fetcher(client)

            async def fetch_page(skiptoken: int) -> FeedPage:
                url = feed_url(server.base_url, "Zaak", skiptoken)
                return parse_feed_page((await fetcher.get(url)).content)

            token = await find_skiptoken_for(
                START + dt.timedelta(days=25, hours=1), fetch_page, first_step=64
            )
    assert token == tokens[25]
    assert len(server.requests) <= 12
