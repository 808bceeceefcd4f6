"""Running a real `kamervragen run` process against the fakes, for the end-to-end tests."""

from __future__ import annotations

import os
import random
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ROOT
from tests.fakes.botapi import FakeBotApi
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer

START_TIMEOUT = 30.0  # the process imports python-telegram-bot and more before it polls
STEP_TIMEOUT = 15.0


def start_service(
    api: FakeBotApi,
    feed: SyncFeedServer,
    koop: KoopServer,
    db: Path,
    log: Path,
    **env: str,
) -> subprocess.Popen[bytes]:
    """`python -m kamervragen.cli --db DB run` with the fakes as Telegram and the sources;
    its output goes to `log` (appended)."""
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.url,
        "TK_SYNCFEED_URL": feed.base_url,
        "OB_URL": koop.origin,
        "OB_SRU_URL": koop.sru_url,
        "OB_RSS_URL": koop.rss_url,
        "KAMERVRAGEN_HTTP_RETRY_DELAY": "0",
        "KAMERVRAGEN_HTTP_TIMEOUT": "5",
        "KAMERVRAGEN_BACKFILL_DAYS": "2",
        "KAMERVRAGEN_DB": str(db),
        "PTB_TIMEDELTA": "1",
        "KAMERVRAGEN_LOG_LEVEL": "INFO",
        **env,
    }
    command = [sys.executable, "-m", "kamervragen.cli", "--db", str(db), "run"]
    with log.open("ab") as sink:
        return subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT
        )


def free_port() -> int:
    """A free port on 127.0.0.1 for the service to listen on, below the kernel's ephemeral
    range: no server that binds port 0 (a fake, in this test or a parallel one) can take it
    between this probe and the service's bind."""
    low = _ephemeral_low()
    for port in random.sample(range(low // 2, low), 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def _ephemeral_low() -> int:
    """The first port the kernel hands out for port 0 (Linux; 32768 elsewhere)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the running service's database (WAL: readers never block it)."""
    connection = sqlite3.connect(db, timeout=5)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def outbox_settled(db: Path) -> bool:
    """Every event fanned out and no delivery waiting."""
    try:
        (row,) = query(
            db,
            "SELECT (SELECT coalesce(max(id), 0) FROM events) <= "
            "(SELECT value FROM outbox_state WHERE name = 'fanout_event_id'), "
            "(SELECT count(*) FROM deliveries WHERE status = 'pending')",
        )
    except sqlite3.OperationalError:  # not migrated yet
        return False
    return bool(row[0]) and row[1] == 0


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The samples of the metrics endpoint, by name and labels."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
