"""Parsing fetched documents in a worker process with a time limit: a document over the limit
is given up at once with its reason, a dead worker is reported, the next document parses."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
from collections.abc import Iterator

import pytest

from kamervragen.core.offload import Workers
from kamervragen.storage import texts
from kamervragen.storage.db import open_db
from kamervragen.storage.texts import PendingText
from kamervragen.watchers.http import Fetcher, make_client
from kamervragen.watchers.parsers.dispatch import ParseLimits
from kamervragen.watchers.parsing import DocumentParser, ParserDied, ParseTimedOut
from kamervragen.watchers.texts import fetch_text
from tests.chaos.hostile import MB, hostile_text
from tests.conftest import QUESTION_SEED
from tests.fakes.syncfeed_server import SyncFeedServer

pytestmark = pytest.mark.slow  # worker processes

GUID = "5d2c1a7e-2222-4b4b-8d8d-0000000000d1"


@pytest.fixture
def workers() -> Iterator[Workers]:
    """One worker process, stopped afterwards."""
    pool = Workers(processes=1)
    yield pool
    pool.close()


async def test_a_document_over_the_time_limit_is_given_up_at_once(workers: Workers) -> None:
    """A hostile text that parses for seconds, against a 0.5 s limit: the outcome is final,
    with the reason; stored, the text is given up on its first try; the next parse works."""
    parser = DocumentParser(workers, ParseLimits(), timeout=0.5)
    with SyncFeedServer() as feed:
        feed.add_resource(GUID, hostile_text(3 * MB), content_type="text/plain")
        async with make_client(timeout=5) as client:
            item = PendingText(GUID, None, 0, "text/plain")
            outcome = await fetch_text(
                Fetcher(client), item, ob_url=feed.origin, syncfeed_url=feed.base_url, parser=parser
            )
    assert outcome.parsed is None and outcome.final
    assert outcome.error == "resource: parsing gave up after 0.5 s (KAMERVRAGEN_PARSE_TIMEOUT)"
    db = open_db(memory=True)
    texts.ensure_pending(db, GUID, None, "2025-01-01T00:00:00+00:00")
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert texts.save_round(db, [outcome], now, "ob") == ["gave_up"]
    assert workers.restarts == 1
    parsed = await DocumentParser(workers, timeout=30).parse(QUESTION_SEED.read_bytes(), "q.txt")
    assert parsed.zaaknummer == "2019Z15244"


async def test_documents_wait_their_turn_before_their_time_starts(workers: Workers) -> None:
    """Seven documents given to one worker at once, each limited to three times what one takes
    alone: all parse, though together they take longer than one limit (none spends it waiting
    for the others)."""
    document = hostile_text(MB // 10)
    clock = asyncio.get_running_loop().time
    patient = DocumentParser(workers, timeout=30)
    await patient.parse(b"warm up", "w.txt")  # starts the worker
    started = clock()
    await patient.parse(document, "alone.txt")
    alone = clock() - started
    parser = DocumentParser(workers, timeout=max(3 * alone, 0.3))
    started = clock()
    parsed = await asyncio.gather(*(parser.parse(document, f"{i}.txt") for i in range(7)))
    assert clock() - started > parser.timeout
    assert len(parsed) == 7 and workers.restarts == 0


async def test_a_worker_killed_mid_parse_is_reported(workers: Workers) -> None:
    """The worker process killed (as by the out-of-memory killer) while it parses: ParserDied,
    one line; the pool works again afterwards."""
    parser = DocumentParser(workers, ParseLimits(), timeout=60)
    task = asyncio.create_task(parser.parse(hostile_text(6 * MB), "v.txt"))
    while not getattr(workers._pool, "_processes", None):
        await asyncio.sleep(0.01)  # the pool starts its worker with the first job
    assert workers._pool is not None
    (pid,) = workers._pool._processes
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(ParserDied, match="the parser process died"):
        await task
    with pytest.raises(ParseTimedOut):
        await DocumentParser(workers, timeout=0.2).parse(hostile_text(3 * MB), "v.txt")
