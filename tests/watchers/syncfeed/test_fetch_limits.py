"""The Fetcher's limits against a fake that misbehaves: bodies over their cap are refused while
streaming (or from their announced length, unread), a dripping body is cut at the deadline, and
a wait that would pass the deadline is not started."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest

from kamervragen.watchers.http import (
    Fetcher,
    FetchLimits,
    SourceUnavailable,
    TooLargeDownload,
    make_client,
    make_fetcher,
)
from tests.fakes.httpserver import FakeHTTPServer, Reply, Request
from tests.watchers.syncfeed.conftest import RecordingSleep

KB = 1024


class Scripted(FakeHTTPServer):
    """Answers every GET with the reply the test set."""

    reply = Reply(200, b"")

    def route(self, request: Request) -> Reply:
        """The scripted reply (its chunks made afresh for each request)."""
        return self.reply


@pytest.fixture
def server() -> Iterator[Scripted]:
    """A scripted fake on 127.0.0.1."""
    with Scripted() as fake:
        yield fake


def _limits(**kwargs: float) -> FetchLimits:
    values = {"retry_delay": 0.0, "max_page_bytes": KB, "max_resource_bytes": 10 * KB}
    return FetchLimits(**{**values, **kwargs})  # type: ignore[arg-type]


async def test_an_announced_length_over_the_cap_is_refused_unread(server: Scripted) -> None:
    """Content-Length of 10 MB against a 1 KB page cap: refused at once, the body never read."""
    server.reply = Reply(200, chunks=iter([b"x"] * 20), chunk_delay=0.5, length=10 * KB * KB)
    started = time.monotonic()
    async with make_client(timeout=5) as client:
        with pytest.raises(TooLargeDownload, match=r"announces 10,485,760 bytes.*MAX_PAGE_BYTES"):
            await make_fetcher(client, _limits()).get(server.origin + "/page")
    assert time.monotonic() - started < 1.0
    assert len(server.requests) == 1  # not retried


@pytest.mark.parametrize(("document", "size", "refused"), [(False, 5, True), (True, 5, False)])
async def test_a_streamed_body_is_capped_by_its_kind(
    server: Scripted, document: bool, size: int, refused: bool
) -> None:
    """5 KB sent without a length: over the 1 KB page cap, within the 10 KB document cap."""
    server.reply = Reply(200, chunks=(b"y" * KB for _ in range(size)))
    async with make_client(timeout=5) as client:
        fetcher = make_fetcher(client, _limits())
        if refused:
            with pytest.raises(TooLargeDownload, match=r"passed 1,024 bytes"):
                await fetcher.get(server.origin + "/r", document=document)
        else:
            response = await fetcher.get(server.origin + "/r", document=document)
            assert response.content == b"y" * size * KB


async def test_a_dripping_body_is_cut_at_the_deadline(server: Scripted) -> None:
    """A body coming in a byte every 0.2 s: SourceUnavailable at the 0.5 s deadline."""
    server.reply = Reply(200, chunks=iter([b"z"] * 100), chunk_delay=0.2, length=100)
    started = time.monotonic()
    async with make_client(timeout=5) as client:
        fetcher = make_fetcher(client, _limits(deadline=0.5))
        with pytest.raises(SourceUnavailable, match=r"within 0.5 s \(KAMERVRAGEN_HTTP_DEADLINE\)"):
            await fetcher.get(server.origin + "/slow")
    assert time.monotonic() - started < 2.0
    assert fetcher.stats(server.origin).last_error == "deadline"


async def test_a_wait_past_the_deadline_is_not_started(server: Scripted) -> None:
    """A 503 asking for 3 s (under the cap) with 1 s of deadline left: given up, no sleep."""
    server.reply = Reply(503, b"busy", headers={"Retry-After": "3"})
    sleep = RecordingSleep()
    async with make_client(timeout=5) as client:
        fetcher = Fetcher(client, base_delay=0, deadline=1.0, sleep=sleep)
        with pytest.raises(SourceUnavailable, match="no time for another try within 1 s"):
            await fetcher.get(server.origin + "/busy")
    assert sleep.delays == []


async def test_a_compressed_body_comes_back_decoded(server: Scripted) -> None:
    """A gzip-encoded answer is decoded, and the cap applies to what it decodes to."""
    text = b"<feed>" + b"a" * 900 + b"</feed>"
    server.reply = Reply(200, gzip.compress(text), headers={"Content-Encoding": "gzip"})
    async with make_client(timeout=5) as client:
        fetcher = make_fetcher(client, _limits())
        response = await fetcher.get(server.origin + "/gz")
        assert response.content == text
        server.reply = Reply(200, gzip.compress(text * 4), headers={"Content-Encoding": "gzip"})
        with pytest.raises(TooLargeDownload):
            await fetcher.get(server.origin + "/gz")
