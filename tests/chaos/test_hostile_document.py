"""Point 1 of the reliability issue: a document that takes its parser long does not freeze the
bot. A real `kamervragen run` fetches a hostile question text from the SyncFeed and parses it in
a worker process; meanwhile /start is answered within a second. The parse is stopped at
KAMERVRAGEN_PARSE_TIMEOUT, the text is given up with that reason, and the case is still
announced."""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.service import START_TIMEOUT, start_service
from tests.chaos.conftest import rows, wait_until
from tests.chaos.hostile import MB, hostile_text
from tests.fakes.botapi import FakeBotApi
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer, document_xml, zaak_xml

pytestmark = pytest.mark.slow  # a real `kamervragen run` process

CHAT = 5151
ZAAK, ZAAK_GUID = "2025Z20001", "0b6f3f9e-1111-4a4a-9c9c-0000000000a1"
DOC_GUID = "5d2c1a7e-2222-4b4b-8d8d-0000000000a2"
PARSE_TIMEOUT = 2.0


@pytest.fixture
def fakes() -> Iterator[tuple[FakeBotApi, SyncFeedServer, KoopServer]]:
    """The fake Bot API, a feed with one question set whose text is hostile, an empty KOOP."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with FakeBotApi() as api, SyncFeedServer(start=start) as feed, KoopServer() as koop:
        feed.add("Zaak", zaak_xml(ZAAK_GUID, nummer=ZAAK))
        feed.add(
            "Document",
            document_xml(DOC_GUID, zaak_refs=[ZAAK_GUID], content_type="text/plain"),
        )
        feed.add_resource(DOC_GUID, hostile_text(3 * MB), content_type="text/plain")
        yield api, feed, koop  # type: ignore[misc]


def _resource_served(feed: SyncFeedServer) -> bool:
    return any(path.endswith(f"/Resources/{DOC_GUID}") for path, _ in feed.replies)


def _given_up(db: Path) -> list[tuple[str, str]]:
    return rows(db, "SELECT status, last_error FROM texts WHERE document = ?", (DOC_GUID,))


def test_start_answers_within_a_second_while_a_hostile_document_is_parsed(
    fakes: tuple[FakeBotApi, SyncFeedServer, KoopServer], tmp_path: Path
) -> None:
    """/start is answered in under 1 s while the poll parses a 3 MB hostile text; the parse is
    stopped after KAMERVRAGEN_PARSE_TIMEOUT, the text given up with that reason, and the case
    announced (question_filed) all the same."""
    api, feed, koop = fakes
    db, log = tmp_path / "k.db", tmp_path / "run.log"
    process = start_service(api, feed, koop, db, log, KAMERVRAGEN_PARSE_TIMEOUT=str(PARSE_TIMEOUT))
    try:
        api.wait_for(lambda: api.polls_waiting() > 0, timeout=START_TIMEOUT)
        wait_until(lambda: _resource_served(feed), START_TIMEOUT, "fetching the hostile text")
        asked = time.monotonic()
        api.inject_message(CHAT, "/start", language_code="en")
        api.wait_for(lambda: api.sent_messages(CHAT), timeout=10)
        latency = time.monotonic() - asked
        answered_before_give_up = not any(s == "gave_up" for s, _ in _given_up(db))
        wait_until(lambda: any(s == "gave_up" for s, _ in _given_up(db)), 30, "giving up")
        wait_until(
            lambda: rows(db, "SELECT kind FROM events WHERE zaaknummer = ?", (ZAAK,)), 15, "event"
        )
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    output = log.read_text(errors="replace")
    assert code == 0, output
    print(f"\nhostile document: /start answered in {latency:.3f} s while it was parsed")
    assert latency < 1.0, f"/start took {latency:.2f} s"
    assert answered_before_give_up
    ((status, error),) = _given_up(db)
    assert status == "gave_up"
    assert f"parsing gave up after {PARSE_TIMEOUT:g} s (KAMERVRAGEN_PARSE_TIMEOUT)" in error
    assert rows(db, "SELECT kind FROM events WHERE zaaknummer = ?", (ZAAK,)) == [
        ("question_filed",)
    ]
    assert "Traceback" not in output and "ERROR" not in output
