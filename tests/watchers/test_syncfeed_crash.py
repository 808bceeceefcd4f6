"""Crash safety: a real `kamervragen poll` SIGKILLed in the middle of a catch-up, then run again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamervragen.storage.db import open_db
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import (
    SyncFeedServer,
    document_xml,
    documentversie_xml,
    zaak_xml,
    zaakactor_xml,
)
from tests.watchers.scenario import question_xml

pytestmark = pytest.mark.slow  # real `kamervragen` processes

SETS = 60


def _guid(kind: int, i: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{i:012x}"


def _publish(feed: SyncFeedServer, koop: KoopServer) -> None:
    """SETS question sets, each with a Zaak, an actor, a question Document and its version."""
    template = question_xml()
    for i in range(SETS):
        nummer = f"2025Z{10000 + i:05d}"
        zaak, doc, versie = _guid(1, i), _guid(2, i), _guid(3, i)
        onderwerp = (
            f"Vragen van het lid Erkens (VVD) aan de Minister van Financiën over onderwerp {i}"
        )
        feed.add("Zaak", zaak_xml(zaak, nummer=nummer, onderwerp=onderwerp))
        feed.add("ZaakActor", zaakactor_xml(_guid(4, i), zaak_ref=zaak, actor_fractie="VVD"))
        feed.add(
            "Document",
            document_xml(
                doc,
                zaak_refs=[zaak],
                document_nummer=f"2025D{10000 + i:05d}",
                huidige_versie_ref=versie,
                onderwerp=onderwerp,
            ),
        )
        pub = f"kv-tk-{nummer}"
        feed.add(
            "DocumentVersie", documentversie_xml(versie, document_ref=doc, externe_identifier=pub)
        )
        koop.add(pub, xml=template.replace(b"kv-tk-2024Z21590", pub.encode()))


def _pages_done(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        return conn.execute("SELECT coalesce(sum(pages), 0) FROM feed_cursors").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet
    finally:
        conn.close()


def test_sigkill_mid_catch_up(tmp_path: Path) -> None:
    """Killed three times at growing depths, the poll still ends with every set, each event once."""
    db_path = tmp_path / "k.db"
    with SyncFeedServer(page_size=5, response_delay=0.01) as feed, KoopServer() as koop:
        _publish(feed, koop)  # type: ignore[arg-type]
        env = {
            **os.environ,
            "TK_SYNCFEED_URL": feed.base_url,  # type: ignore[attr-defined]
            "OB_URL": koop.origin,  # type: ignore[attr-defined]
            "KAMERVRAGEN_DB": str(db_path),
            "KAMERVRAGEN_BACKFILL_DAYS": "100000",
            "KAMERVRAGEN_HTTP_RETRY_DELAY": "0",
        }
        command = [sys.executable, "-m", "kamervragen.cli", "poll", "--once"]
        kills = 0
        for threshold in (3, 12, 30):
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 60
            while _pages_done(db_path) < threshold and process.poll() is None:
                assert time.monotonic() < deadline, "the poll made no progress"
                time.sleep(0.02)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(timeout=30)
        assert kills >= 2
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stdout + final.stderr
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM tk_zaken").fetchone()[0] == SETS
    assert db.execute("SELECT count(*) FROM tk_documents").fetchone()[0] == SETS
    assert db.execute("SELECT count(*) FROM tk_versies").fetchone()[0] == SETS
    assert db.execute("SELECT count(*) FROM tk_actors").fetchone()[0] == SETS
    assert db.execute("SELECT count(*) FROM tk_dirty").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == SETS
    rows = db.execute("SELECT kind, count(*), count(DISTINCT case_key) FROM events GROUP BY kind")
    assert rows.fetchall() == [("question_filed", SETS, SETS)]
    questions = db.execute("SELECT count(DISTINCT case_key) FROM questions").fetchone()[0]
    assert questions == SETS
