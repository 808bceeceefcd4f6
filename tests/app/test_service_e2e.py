"""End to end: the fake SyncFeed and Bot API, and a real `kamervragen run` process."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.service import (
    START_TIMEOUT,
    STEP_TIMEOUT,
    free_port,
    outbox_settled,
    query,
    scrape,
    start_service,
)
from tests.conftest import DATA
from tests.fakes.botapi import FakeBotApi, SentMessage
from tests.watchers import scenario

pytestmark = pytest.mark.slow  # real `kamervragen` processes

MATCHING, OTHER = 501, 502
QUESTIONS, ANSWER = "🆕 Nieuwe Kamervragen", "✅ Beantwoord"


@pytest.fixture
def world() -> Iterator[tuple[FakeBotApi, scenario.Sources]]:
    """The fake Bot API and the fake sources (feed clock an hour back)."""
    sources = scenario.start_sources()
    try:
        with FakeBotApi() as api:
            yield api, sources
    finally:
        sources.feed.stop()
        sources.koop.stop()


def _alerts(api: FakeBotApi, chat_id: int, icon: str) -> list[SentMessage]:
    return [m for m in api.sent_messages(chat_id) if m.text.startswith(icon)]


def _wait(predicate, timeout: float = STEP_TIMEOUT) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_one_alert_per_matching_chat_for_questions_and_for_the_answer(
    world: tuple[FakeBotApi, scenario.Sources], tmp_path: Path
) -> None:
    """Two users subscribe (one query matches): the question set reaches only the matching
    chat, once; the answer with its Q-A pairs reaches it and the case's follower, once each;
    the metrics endpoint, scraped before and after, shows the events and deliveries."""
    api, sources = world
    db, log = tmp_path / "k.db", tmp_path / "service.log"
    port = free_port()
    process = start_service(
        api,
        sources.feed,
        sources.koop,
        db,
        log,
        POLL_INTERVAL="1",
        KAMERVRAGEN_METRICS_PORT=str(port),
    )
    try:
        api.wait_for(lambda: api.polls_waiting() > 0, timeout=START_TIMEOUT)
        before = scrape(port)
        api.inject_message(MATCHING, "/subscribe adviesorganen", language_code="nl")
        api.inject_message(OTHER, "/subscribe stikstof", language_code="nl")
        api.wait_for(lambda: api.sent_messages(MATCHING) and api.sent_messages(OTHER))

        scenario.publish_question(sources)
        api.wait_for(lambda: _alerts(api, MATCHING, QUESTIONS), timeout=STEP_TIMEOUT)
        _wait(lambda: outbox_settled(db))
        alert = _alerts(api, MATCHING, QUESTIONS)[0]
        api.press_button(MATCHING, alert.message_id, f"follow:{scenario.ZAAK}")
        api.inject_message(OTHER, f"/follow {scenario.ZAAK}", language_code="nl")
        api.wait_for(lambda: len(api.sent_messages(OTHER)) == 2 and api.callback_answers)

        scenario.publish_answer(sources)
        api.wait_for(
            lambda: _alerts(api, MATCHING, ANSWER) and _alerts(api, OTHER, ANSWER),
            timeout=STEP_TIMEOUT,
        )
        _wait(lambda: outbox_settled(db))
        after = scrape(port)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    assert api.token not in output

    assert len(_alerts(api, MATCHING, QUESTIONS)) == 1 and _alerts(api, OTHER, QUESTIONS) == []
    assert "Gevonden met: “adviesorganen”" in alert.text
    assert alert.callback_data()[:2] == [f"follow:{scenario.ZAAK}", f"case:{scenario.ZAAK}"]
    (mine,), (theirs,) = _alerts(api, MATCHING, ANSWER), _alerts(api, OTHER, ANSWER)
    for answer in (mine, theirs):
        assert answer.text.startswith(f"✅ Beantwoord · {scenario.ZAAK}")
        assert "\n1. " in answer.text and "<blockquote expandable><i>" in answer.html
        assert answer.parse_mode == "HTML"
    assert "Gevonden met: “adviesorganen”" in mine.text and "Gevonden met" not in theirs.text
    assert len(api.sent_messages(MATCHING)) == 3  # the /subscribe reply and the two alerts
    assert len(api.sent_messages(OTHER)) == 3  # two replies and the answer

    # The metrics endpoint, scraped before the question and after the answer: the figures moved.
    events = "kamervragen_events_total"
    assert before.get((events, (("kind", "answered"),)), 0) == 0
    assert after[(events, (("kind", "question_filed"),))] == 1
    assert after[(events, (("kind", "answered"),))] == 1
    assert after[("kamervragen_deliveries_sent_total", ())] == 3  # the three alerts
    assert before[("kamervragen_deliveries_sent_total", ())] == 0
    assert after[("kamervragen_outbox_pending", ())] == 0
    assert after[("kamervragen_outbox_failed", ())] == 0
    assert after[("kamervragen_telegram_429_total", ())] == 0
    assert after[("kamervragen_cases", ())] == 1 > before.get(("kamervragen_cases", ()), 0)
    syncfeed = (("source", "syncfeed"),)
    assert after[("kamervragen_source_last_success_timestamp_seconds", syncfeed)] > before.get(
        ("kamervragen_source_last_success_timestamp_seconds", syncfeed), 0
    )
    assert 0 <= after[("kamervragen_source_last_success_age_seconds", syncfeed)] < 60
    assert after[("kamervragen_texts_pending", ())] == 0


def _post(url: str, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except urllib.error.URLError:
        return 0  # not listening yet


def test_the_service_takes_updates_through_a_webhook(
    world: tuple[FakeBotApi, scenario.Sources], tmp_path: Path
) -> None:
    """TELEGRAM_WEBHOOK_URL: setWebhook with the secret; an update with it is answered, one
    without is refused; SIGTERM stops the process cleanly."""
    pytest.importorskip("tornado", reason="webhooks need python-telegram-bot[webhooks]")
    api, sources = world
    port = free_port()
    url = f"http://127.0.0.1:{port}/kamervragen/hook"
    process = start_service(
        api,
        sources.feed,
        sources.koop,
        tmp_path / "k.db",
        tmp_path / "service.log",
        TELEGRAM_WEBHOOK_URL=url,
        TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        TELEGRAM_WEBHOOK_PORT=str(port),
        TELEGRAM_WEBHOOK_SECRET="s3cret-token",
    )
    chat = {"id": 601, "type": "private", "first_name": "A"}
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": 601, "is_bot": False, "first_name": "A", "language_code": "en"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    try:
        api.wait_for(lambda: api.calls_to("setWebhook"), timeout=START_TIMEOUT)
        params = api.calls_to("setWebhook")[0].params
        assert params["url"] == url and params["secret_token"] == "s3cret-token"
        deadline = time.monotonic() + STEP_TIMEOUT
        while (status := _post(url, update, "wrong")) != 403:
            assert time.monotonic() < deadline, status
            time.sleep(0.05)
        assert _post(url, {**update, "update_id": 2}, "s3cret-token") == 200
        api.wait_for(lambda: api.sent_messages(601), timeout=STEP_TIMEOUT)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    assert code == 0, (tmp_path / "service.log").read_text()
    assert [m.text.split("\n")[0] for m in api.sent_messages(601)] == ["👋 Kamervragen"]
    assert api.calls_to("getUpdates") == []


def test_with_the_syncfeed_down_an_answer_reaches_followers_through_ob(
    world: tuple[FakeBotApi, scenario.Sources], tmp_path: Path
) -> None:
    """The SyncFeed fails (503) after the question: the answer published at
    officielebekendmakingen still reaches the case's follower, once, with its Q-A pairs."""
    api, sources = world
    db, log = tmp_path / "k.db", tmp_path / "service.log"
    process = start_service(
        api,
        sources.feed,
        sources.koop,
        db,
        log,
        POLL_INTERVAL="1",
        KAMERVRAGEN_OB_WATCH="1",
        KAMERVRAGEN_OB_POLL_INTERVAL="1",
    )
    try:
        api.wait_for(lambda: api.polls_waiting() > 0, timeout=START_TIMEOUT)
        scenario.publish_question(sources)
        _wait(lambda: scenario.ZAAK in _case_keys(db))
        api.inject_message(OTHER, f"/follow {scenario.ZAAK}", language_code="nl")
        api.wait_for(lambda: api.sent_messages(OTHER))

        sources.feed.fail_next(1_000_000, status=503, prefix="/SyncFeed")
        sources.koop.add(
            scenario.ANSWER_PUB,
            xml=scenario.ANSWER_XML,
            metadata=(DATA / "koop" / "metadata_ah-tk.xml").read_bytes(),
        )
        api.wait_for(lambda: _alerts(api, OTHER, ANSWER), timeout=STEP_TIMEOUT)
        _wait(lambda: outbox_settled(db))
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, output
    (answer,) = _alerts(api, OTHER, ANSWER)
    assert answer.text.startswith(f"✅ Beantwoord · {scenario.ZAAK}")
    assert "Minister Uitermark beantwoordde na 46 dagen" in answer.text
    assert "Antwoord 3, 4" in answer.text  # the full answers travel with the alert
    assert "503" in output  # the SyncFeed's failures were logged


def _case_keys(db: Path) -> set[str]:
    try:
        return {row[0] for row in query(db, "SELECT case_key FROM cases")}
    except sqlite3.OperationalError:  # not migrated yet
        return set()
