"""`kamervragen backup FILE`: a consistent, checked copy, also while `kamervragen run` writes."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import store_document
from kamervragen.watchers.parsers.text import parse_text
from tests.app.service import START_TIMEOUT, query, start_service
from tests.conftest import ANSWER_SEED, QUESTION_SEED
from tests.fakes.botapi import FakeBotApi
from tests.fakes.syncfeed_server import zaak_xml
from tests.watchers import scenario


def _seeded(path: Path) -> Path:
    db = open_db(path)
    for seed in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, parse_text(seed.read_text(encoding="utf-8"), source=seed.name))
    db.close()
    return path


def _integrity_and_cases(path: Path) -> tuple[str, set[str]]:
    connection = sqlite3.connect(path)
    try:
        (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
        return integrity, {row[0] for row in connection.execute("SELECT case_key FROM cases")}
    finally:
        connection.close()


def test_a_backup_is_one_checked_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The copy is a single file (no -wal beside it) holding the case, and says so."""
    db = _seeded(tmp_path / "k.db")
    target = tmp_path / "copy.db"
    assert main(["--db", str(db), "backup", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{target}: ") and "1 cases" in out and "integrity_check ok" in out
    assert _integrity_and_cases(target) == ("ok", {"2019Z15244"})
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


def test_a_backup_never_overwrites_and_needs_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """An existing target, a missing database and a missing directory: one line, exit 1."""
    db = _seeded(tmp_path / "k.db")
    existing = tmp_path / "old.db"
    existing.write_bytes(b"keep me")
    assert main(["--db", str(db), "backup", str(existing)]) == 1
    assert "exists" in capsys.readouterr().err and existing.read_bytes() == b"keep me"
    assert main(["--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "b.db")]) == 1
    assert "no database at" in capsys.readouterr().err
    assert main(["--db", str(db), "backup", str(tmp_path / "no" / "b.db")]) == 1
    assert "no directory" in capsys.readouterr().err


def test_a_file_that_is_no_database_gives_no_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A source that is not SQLite: an error, and no file left behind."""
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite at all" * 200)
    assert main(["--db", str(bad), "backup", str(tmp_path / "b.db")]) == 1
    assert "backup of" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db"]


@pytest.mark.slow  # a real `kamervragen run` process
def test_a_backup_while_run_writes_holds_every_case_committed_before(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """While `kamervragen run` stores new cases every second, a backup passes integrity_check
    and holds every case committed before it began; the service went on writing meanwhile."""
    sources = scenario.start_sources(page_size=50)
    db, log, target = tmp_path / "k.db", tmp_path / "service.log", tmp_path / "backup.db"
    stop = threading.Event()

    def publish() -> None:  # a new set of questions every 20 ms
        number = 0
        while not stop.is_set() and number < 5000:
            number += 1
            guid = f"0b6f3f9e-1111-4a4a-9c9c-{number:012d}"
            sources.feed.add("Zaak", zaak_xml(guid, nummer=f"2025Z{number:05d}"))
            stop.wait(0.02)

    writer = threading.Thread(target=publish, daemon=True)
    try:
        with FakeBotApi() as api:
            process = start_service(api, sources.feed, sources.koop, db, log, POLL_INTERVAL="1")
            try:
                writer.start()
                deadline = time.monotonic() + START_TIMEOUT
                while len(_cases(db)) < 10:
                    assert time.monotonic() < deadline, log.read_text(errors="replace")
                    time.sleep(0.05)
                committed = _cases(db)
                assert main(["--db", str(db), "backup", str(target)]) == 0
                deadline = time.monotonic() + START_TIMEOUT
                while len(_cases(db)) <= len(committed) + 10:  # it goes on writing
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
            finally:
                stop.set()
                process.send_signal(signal.SIGTERM)
                assert process.wait(timeout=15) == 0, log.read_text(errors="replace")
    finally:
        writer.join()
        sources.feed.stop()
        sources.koop.stop()
    integrity, copied = _integrity_and_cases(target)
    assert integrity == "ok"
    assert committed <= copied
    assert "integrity_check ok" in capsys.readouterr().out


def _cases(db: Path) -> set[str]:
    if not Path(f"{db}-wal").exists():  # the service has not created it (in WAL mode) yet
        return set()
    try:
        return {row[0] for row in query(db, "SELECT case_key FROM cases")}
    except sqlite3.OperationalError:  # not created yet
        return set()
