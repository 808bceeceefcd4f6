"""The operator's settings and small commands: the new variables (and what is wrong with a bad
value), `--version`, the doctor's judgement of the database, a backup of a corrupt database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.cli.doctor import MIN_FREE_BYTES, database_finding
from kamervragen.settings import DEFAULT_RSS_URL, DEFAULT_SRU_URL, ConfigError, Settings
from kamervragen.storage.db import open_db
from kamervragen.storage.health import DatabaseHealth


def test_the_new_variables_and_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset: the watcher on, every 300 s, the real search and feed, text logs, no metrics;
    set: as given, an empty URL turning that part off."""
    monkeypatch.delenv("KAMERVRAGEN_OB_WATCH")
    settings = Settings.from_env()
    assert (settings.ob_watch, settings.ob_poll_interval) == (True, 300)
    assert (settings.ob_sru_url, settings.ob_rss_url) == (DEFAULT_SRU_URL, DEFAULT_RSS_URL)
    assert (settings.log_format, settings.metrics_port, settings.metrics_listen) == (
        "text",
        None,
        "127.0.0.1",
    )
    for name, value in {
        "KAMERVRAGEN_OB_WATCH": "off",
        "KAMERVRAGEN_OB_POLL_INTERVAL": "900",
        "OB_SRU_URL": "",
        "OB_RSS_URL": "http://127.0.0.1:1/rss/",
        "KAMERVRAGEN_LOG_FORMAT": "JSON",
        "KAMERVRAGEN_METRICS_PORT": "9100",
        "KAMERVRAGEN_METRICS_LISTEN": "0.0.0.0",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert (settings.ob_watch, settings.ob_poll_interval) == (False, 900)
    assert (settings.ob_sru_url, settings.ob_rss_url) == (None, "http://127.0.0.1:1/rss")
    assert (settings.log_format, settings.metrics_port, settings.metrics_listen) == (
        "json",
        9100,
        "0.0.0.0",
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KAMERVRAGEN_OB_WATCH", "maybe", "KAMERVRAGEN_OB_WATCH must be 1 or 0"),
        ("KAMERVRAGEN_OB_POLL_INTERVAL", "0", "KAMERVRAGEN_OB_POLL_INTERVAL must be at least 1"),
        ("KAMERVRAGEN_METRICS_PORT", "70000", "must be a port number"),
        ("KAMERVRAGEN_METRICS_PORT", "nine", "must be a whole number"),
        ("KAMERVRAGEN_OB_SEARCH_TIMEOUT", "0", "must be more than 0"),
    ],
)
def test_a_bad_value_says_what_is_wrong(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    """Each new variable with an unusable value: ConfigError naming it."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        Settings.from_env()


def test_a_bad_log_format_stops_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """KAMERVRAGEN_LOG_FORMAT=xml: one line, exit 2, before any command runs."""
    monkeypatch.setenv("KAMERVRAGEN_LOG_FORMAT", "xml")
    assert main(["status"]) == 2
    assert capsys.readouterr().err == (
        "error: KAMERVRAGEN_LOG_FORMAT must be one of text, json, not 'xml'\n"
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`kamervragen --version` prints the installed version and exits 0."""
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == "kamervragen 0.1.0"


def test_the_doctor_judges_migrations_wal_and_disk() -> None:
    """A database with a migration missing, not in WAL mode, on a nearly full disk: one failed
    line naming all three, with what to do."""
    good = DatabaseHealth(Path("k.db"), None, 5, 5, "wal", 10 * 2**30)
    assert database_finding(good).ok
    bad = DatabaseHealth(Path("k.db"), None, 4, 5, "delete", MIN_FREE_BYTES - 1)
    finding = database_finding(bad)
    assert not finding.ok
    assert "migrations missing" in finding.detail and "not WAL" in finding.detail
    assert "MB free" in finding.detail
    assert finding.fix and "kamervragen run" in finding.fix and "free disk space" in finding.fix


def test_a_corrupt_database_gives_no_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database whose pages were damaged: the copy fails integrity_check, exit 1, nothing
    left behind."""
    path = tmp_path / "k.db"
    db = open_db(path)
    for n in range(400):
        db.execute(
            "INSERT INTO cases (case_key, zaaknummer, title) VALUES (?, ?, ?)",
            [f"Z{n}", f"2025Z{n:05d}", "x" * 300],
        )
    db.close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'idx_cases_zaaknummer'"
    ).fetchone()
    connection.close()
    with path.open("r+b") as handle:  # an index page full of noise
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\x07" * (page_size - 8))
    assert main(["--db", str(path), "backup", str(tmp_path / "b.db")]) == 1
    err = capsys.readouterr().err
    assert "integrity_check" in err or "malformed" in err, err
    assert not (tmp_path / "b.db").exists()
