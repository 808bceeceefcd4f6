"""The Fetcher against the fake servers: retries, Retry-After, timeouts, named errors, limits."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
from typing import Any

import httpx
import pytest

from kamervragen.watchers.http import (
    Fetcher,
    NotFound,
    SourceUnavailable,
    TruncatedDownload,
    UnexpectedStatus,
    make_client,
    retry_after_seconds,
)
from kamervragen.watchers.syncfeed import parse_feed_page
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer, zaak_xml
from tests.watchers.syncfeed.conftest import RecordingSleep

GUID = "5d2c1a7e-2222-4b4b-8d8d-000000000002"
RESOURCE = f"/SyncFeed/2.0/Resources/{GUID}"
NOW = dt.datetime(2025, 1, 8, 12, 0, tzinfo=dt.UTC)


def _fetcher(client: httpx.AsyncClient, sleep: RecordingSleep, **kwargs: Any) -> Fetcher:
    """A fetcher whose backoff is deterministic (jitter 1.0) and instant."""
    return Fetcher(client, sleep=sleep, jitter=lambda: 1.0, clock=lambda: NOW, **kwargs)


async def test_500s_then_success_backs_off_exponentially(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """Two 500s are retried with delays 1 s and 2 s, then the page comes through."""
    syncfeed.add("Zaak", zaak_xml("0b6f3f9e-1111-4a4a-9c9c-000000000001"))
    syncfeed.fail_next(2, status=500, prefix="/SyncFeed/2.0/Feed")
    async with make_client(timeout=5) as client:
        fetcher = _fetcher(client, sleep)
        response = await fetcher.get(syncfeed.feed_url("Zaak"))
    assert len(parse_feed_page(response.content).entries) == 1
    assert sleep.delays == [1.0, 2.0]
    stats = fetcher.stats(syncfeed.origin)
    assert (stats.requests, stats.consecutive_failures, stats.last_error) == (3, 0, "HTTP 500")
    assert stats.last_success == NOW


async def test_full_jitter_draws_below_the_exponential_cap(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """With jitter 0.25 the delays are a quarter of 1, 2, 4 s; max_delay caps the growth."""
    syncfeed.add_resource(GUID, b"x")
    syncfeed.fail_next(3, status=502)
    async with make_client(timeout=5) as client:
        fetcher = Fetcher(client, sleep=sleep, jitter=lambda: 0.25, max_delay=3.0)
        await fetcher.get(syncfeed.origin + RESOURCE)
    assert sleep.delays == [0.25, 0.5, 0.75]


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("7", 7.0),
        (email.utils.format_datetime(NOW + dt.timedelta(seconds=30), usegmt=True), 30.0),
        ("60", 60.0),  # the cap itself is still honoured
        ("soon", 1.0),  # unreadable: ordinary backoff
        ("0", 0.0),  # "now" is honoured, not replaced by backoff
    ],
)
async def test_503_with_retry_after_is_honoured(
    syncfeed: SyncFeedServer, sleep: RecordingSleep, retry_after: str, expected: float
) -> None:
    """A 503 (or 429) with Retry-After waits that long (capped), then succeeds."""
    syncfeed.add_resource(GUID, b"%PDF")
    syncfeed.fail_next(1, status=503, retry_after=retry_after)
    async with make_client(timeout=5) as client:
        response = await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert response.content == b"%PDF"
    assert sleep.delays == [expected]


async def test_retry_after_over_the_cap_gives_up_at_once(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """A Retry-After past the cap is not waited for: one request, SourceUnavailable naming it."""
    syncfeed.add_resource(GUID, b"%PDF")
    syncfeed.fail_next(1, status=429, retry_after="100000")
    async with make_client(timeout=5) as client:
        with pytest.raises(SourceUnavailable, match="KAMERVRAGEN_RETRY_AFTER_CAP"):
            await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert sleep.delays == []
    assert len(syncfeed.requests) == 1


async def test_429_is_retried(syncfeed: SyncFeedServer, sleep: RecordingSleep) -> None:
    """429 Too Many Requests counts as retryable."""
    syncfeed.add_resource(GUID, b"%PDF")
    syncfeed.fail_next(1, status=429, retry_after="2")
    async with make_client(timeout=5) as client:
        await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert sleep.delays == [2.0]


async def test_timeout_then_success(syncfeed: SyncFeedServer, sleep: RecordingSleep) -> None:
    """A request that hangs past the client timeout is retried and the retry succeeds."""
    syncfeed.add_resource(GUID, b"%PDF")
    syncfeed.hang_next(1)
    async with make_client(timeout=0.2) as client:
        fetcher = _fetcher(client, sleep)
        response = await fetcher.get(syncfeed.origin + RESOURCE)
    assert response.content == b"%PDF"
    assert sleep.delays == [1.0]
    assert fetcher.stats(syncfeed.origin).last_error == "ReadTimeout"


async def test_dropped_connection_is_retried(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """A connection closed without an answer is retried."""
    syncfeed.add_resource(GUID, b"%PDF")
    syncfeed.drop_next(1)
    async with make_client(timeout=5) as client:
        response = await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert response.status_code == 200
    assert len(sleep.delays) == 1


async def test_gives_up_after_n_attempts(syncfeed: SyncFeedServer, sleep: RecordingSleep) -> None:
    """Persistent 500s raise SourceUnavailable after `attempts` tries, no sleep after the last."""
    syncfeed.fail_next(10, status=500)
    async with make_client(timeout=5) as client:
        fetcher = _fetcher(client, sleep, attempts=3)
        with pytest.raises(SourceUnavailable, match=r"HTTP 500 after 3 attempts") as caught:
            await fetcher.get(syncfeed.feed_url("Zaak"))
    assert caught.value.attempts == 3
    assert len(syncfeed.requests) == 3
    assert sleep.delays == [1.0, 2.0]
    assert fetcher.stats(syncfeed.origin).consecutive_failures == 3
    assert fetcher.stats(syncfeed.origin).last_success is None


async def test_truncated_download(syncfeed: SyncFeedServer, sleep: RecordingSleep) -> None:
    """A body shorter than the announced contentLength raises TruncatedDownload, no retry."""
    syncfeed.add_resource(GUID, b"0123456789")
    async with make_client(timeout=5) as client:
        fetcher = _fetcher(client, sleep)
        assert (await fetcher.get(syncfeed.origin + RESOURCE, expect_length=10)).content
        syncfeed.truncate_next(1)
        with pytest.raises(TruncatedDownload, match="got 5 bytes, expected 10"):
            await fetcher.get(syncfeed.origin + RESOURCE, expect_length=10)
    assert sleep.delays == []
    assert len(syncfeed.requests) == 2


async def test_404_is_not_found_without_retry(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """A 404 raises NotFound at once."""
    async with make_client(timeout=5) as client:
        with pytest.raises(NotFound) as caught:
            await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert caught.value.status == 404
    assert len(syncfeed.requests) == 1


async def test_redirect_to_error_page_is_not_found(sleep: RecordingSleep) -> None:
    """A redirect that lands on an error page (a 404 in disguise) raises NotFound."""
    with KoopServer(error_page_redirects=True) as koop:
        koop.add("ah-tk-20242025-1028", xml=b"<officiele-publicatie/>")
        async with make_client(timeout=5) as client:
            fetcher = _fetcher(client, sleep)
            found = await fetcher.get(koop.url("ah-tk-20242025-1028"))
            with pytest.raises(NotFound):
                await fetcher.get(koop.url("ah-tk-20242025-9999"))
    assert found.content == b"<officiele-publicatie/>"


async def test_other_4xx_is_unexpected_without_retry(
    syncfeed: SyncFeedServer, sleep: RecordingSleep
) -> None:
    """A 403 raises UnexpectedStatus after one request."""
    syncfeed.fail_next(1, status=403)
    async with make_client(timeout=5) as client:
        with pytest.raises(UnexpectedStatus, match="HTTP 403"):
            await _fetcher(client, sleep).get(syncfeed.origin + RESOURCE)
    assert sleep.delays == []


async def test_at_most_two_requests_per_host_in_flight() -> None:
    """Ten concurrent gets to one host never have more than two in flight at the server."""
    with SyncFeedServer(response_delay=0.02) as server:
        server.add_resource(GUID, b"%PDF")
        async with make_client(timeout=5) as client:
            fetcher = Fetcher(client)
            responses = await asyncio.gather(
                *(fetcher.get(server.origin + RESOURCE) for _ in range(10))
            )
    assert [r.status_code for r in responses] == [200] * 10
    assert server.max_in_flight == 2


async def test_client_sends_user_agent_and_follows_redirects(koop: KoopServer) -> None:
    """make_client sets our User-Agent, explicit timeouts and follows redirects."""
    koop.add("kv-tk-2025Z00123", xml=b"<x/>")
    async with make_client(timeout=7) as client:
        await Fetcher(client).get(koop.url("kv-tk-2025Z00123"))
    assert client.follow_redirects is True
    assert (client.timeout.read, client.timeout.connect) == (7, 7)
    agent = koop.requests[0].headers["user-agent"]
    assert agent.startswith("kamervragen/")
    assert agent.endswith(" (+https://github.com/kamervragen/kamervragen)")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("Wed, 08 Jan 2025 12:01:00 GMT", 60.0),
        ("Wed, 08 Jan 2025 11:00:00 GMT", 0.0),
        ("nan", None),
        ("later", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | None, expected: float | None) -> None:
    """Retry-After as delta seconds or HTTP date, never negative; junk is None."""
    assert retry_after_seconds(value, NOW) == expected
