"""The Prometheus endpoint: the figures of the database and of the dispatcher, served over
HTTP; a port that is taken stops `kamervragen run` with one line."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kamervragen.metrics import start_metrics
from kamervragen.storage import events
from kamervragen.storage.db import open_db
from kamervragen.storage.sources import record_source
from tests.app.service import scrape
from tests.conftest import ROOT
from tests.fakes.botapi import FakeBotApi


def test_the_endpoint_serves_the_database_and_the_dispatcher(tmp_path: Path) -> None:
    """Events by kind, pending texts, a source's last success and its age, a failing source,
    and the dispatcher's counts (deliveries sent, 429s) as the counts callable gives them."""
    path = tmp_path / "k.db"
    db = open_db(path)
    now = dt.datetime.now(dt.UTC)
    hour_ago = (now - dt.timedelta(hours=1)).isoformat(timespec="seconds")
    events.record_event(db, "2024Z21590", "answered", "g", hour_ago, {})
    events.record_event(db, "2024Z21590", "postponed", "p", hour_ago, {})
    record_source(db, "syncfeed", None, hour_ago)
    record_source(db, "officielebekendmakingen-search", "HTTP 503", hour_ago)
    db.close()
    counts = {"sent": 5, "messages": 7, "retry_after": 2}
    server = start_metrics(0, "127.0.0.1", str(path), counts=lambda: counts)
    try:
        figures = scrape(server.port)
        counts["sent"] += 1
        assert scrape(server.port)[("kamervragen_deliveries_sent_total", ())] == 6
    finally:
        server.close()
    assert figures[("kamervragen_events_total", (("kind", "answered"),))] == 1
    assert figures[("kamervragen_events_total", (("kind", "postponed"),))] == 1
    assert figures[("kamervragen_deliveries_sent_total", ())] == 5
    assert figures[("kamervragen_messages_sent_total", ())] == 7
    assert figures[("kamervragen_telegram_429_total", ())] == 2
    syncfeed = (("source", "syncfeed"),)
    assert 3500 < figures[("kamervragen_source_last_success_age_seconds", syncfeed)] < 3700
    assert figures[("kamervragen_source_failing", syncfeed)] == 0
    search = (("source", "officielebekendmakingen-search"),)
    assert figures[("kamervragen_source_failing", search)] == 1
    assert ("kamervragen_source_last_success_age_seconds", search) not in figures  # never
    assert figures[("kamervragen_outbox_pending", ())] == 0
    assert figures[("kamervragen_texts_pending", ())] == 0


def test_an_empty_path_serves_zeros(tmp_path: Path) -> None:
    """Before the database exists the endpoint still answers, with zeros."""
    server = start_metrics(0, "127.0.0.1", str(tmp_path / "none.db"))
    try:
        figures = scrape(server.port)
    finally:
        server.close()
    assert figures[("kamervragen_cases", ())] == 0
    assert not (tmp_path / "none.db").exists()


@pytest.mark.slow  # a real `kamervragen run` process
def test_a_taken_port_stops_run_with_one_line(tmp_path: Path) -> None:
    """KAMERVRAGEN_METRICS_PORT on a port another program holds: exit 1, one line saying so."""
    with socket.socket() as taken, FakeBotApi() as api:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.url,
            "TK_SYNCFEED_URL": "http://127.0.0.1:9/SyncFeed/2.0",
            "OB_URL": "http://127.0.0.1:9",
            "KAMERVRAGEN_METRICS_PORT": str(port),
            "PTB_TIMEDELTA": "1",
        }
        result = subprocess.run(
            [sys.executable, "-m", "kamervragen.cli", "--db", str(tmp_path / "k.db"), "run"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"error: cannot serve metrics on 127.0.0.1:{port} (KAMERVRAGEN_METRICS_PORT)"
    )
    assert api.token not in result.stdout + result.stderr
