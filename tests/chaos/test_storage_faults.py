"""Point 8 of the reliability issue: a read-only database, a read-only file system and a full
disk, made by the operating system around real `kamervragen` processes. Commands that only read
still work; writers end in one line and exit 3; `ingest` tries every file and says for each what
became of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import store_document
from kamervragen.watchers.parsers.text import parse_text
from tests.chaos.conftest import chaos_env
from tests.chaos.faults import (
    file_size_limit,
    make_read_only,
    make_writable,
    read_only_access,
    read_only_mount,
    run_cli,
)
from tests.conftest import ANSWER_SEED, DATA, QUESTION_SEED

pytestmark = pytest.mark.slow  # real `kamervragen` processes under OS-level faults

NEW = sorted(str(p) for p in (DATA / "real").glob("L0*.txt"))[:3]  # documents not stored yet


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a database with the seed case, cleanly closed (no -wal, no -shm)."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_db(folder / "k.db")
    for seed in (ANSWER_SEED, QUESTION_SEED):
        store_document(db, parse_text(seed.read_text(encoding="utf-8"), source=seed.name))
    db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["k.db"]
    yield folder
    make_writable(folder, *folder.iterdir())


def _one_error(stderr: str, pattern: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(pattern, lines[0]), lines[0]


def _readers_work(env: dict[str, str], **kwargs: object) -> None:
    """`status` and `case` read the database and exit 0."""
    status = run_cli(["status"], env, **kwargs)  # type: ignore[arg-type]
    assert (status.code, status.stderr) == (0, ""), status.stderr
    assert status.stdout.startswith("cases: 1, events: 0")
    case = run_cli(["case", "2019Z15244"], env, **kwargs)  # type: ignore[arg-type]
    assert case.code == 0 and case.stdout.startswith("2019Z15244  Het bericht"), case.stderr


def test_a_read_only_database(stored: Path) -> None:
    """The database and its folder read-only (as root too): status and case work;
    ingest, poll and run each end in one line naming the fault, exit 3."""
    make_read_only(stored / "k.db", stored)
    env = chaos_env(stored / "k.db")
    access = read_only_access()
    _readers_work(env, preexec=access)
    read_only = r"error: database .*k\.db is read-only \(.*\)"
    ingest = run_cli(["ingest", *NEW], env, preexec=access)
    assert ingest.code == 3
    _one_error(ingest.stderr, read_only)
    for command in (["poll", "--once"], ["run"]):
        result = run_cli(command, {**env, "TELEGRAM_BOT_TOKEN": "1:x"}, preexec=access)
        assert result.code == 3, result.stderr
        _one_error(result.stderr, read_only)
    assert sorted(p.name for p in stored.iterdir()) == ["k.db"]  # nothing written anywhere


def test_a_read_only_file_system(stored: Path) -> None:
    """The folder mounted read-only (EROFS, in a private mount namespace): status and case work;
    ingest and poll each end in one line naming the fault, exit 3."""
    prefix = read_only_mount(stored)
    if prefix is None:
        pytest.skip("no private read-only mount here (needs root and unshare)")
    env = chaos_env(stored / "k.db")
    _readers_work(env, prefix=prefix)
    read_only = r"error: database .*k\.db is read-only \(.*\)"
    for command in (["ingest", *NEW], ["poll", "--once"]):
        result = run_cli(command, env, prefix=prefix)
        assert result.code == 3, result.stderr
        _one_error(result.stderr, read_only)


def test_a_full_disk(stored: Path, tmp_path: Path) -> None:
    """No file may grow past 64 KB (as on a full disk): `ingest` of three new documents and one
    bad file says for each file, in order, what became of it, exit 3; with no room for even
    the shared-memory index (16 KB), `poll` ends in one line, exit 3; the database is whole."""
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    env = chaos_env(stored / "k.db")
    full = file_size_limit(64 * 1024)
    ingest = run_cli(["ingest", NEW[0], str(bad), *NEW[1:]], env, preexec=full)
    assert ingest.code == 3
    lines = ingest.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [NEW[0], str(bad), *NEW[1:]], lines
    assert lines[1] == f"error: {bad}: empty file"
    for line in (lines[0], *lines[2:]):
        assert re.fullmatch(r"error: .*: not stored: database .*k\.db: .*disk.*", line), line
    poll = run_cli(["poll", "--once"], env, preexec=file_size_limit(16 * 1024))
    assert poll.code == 3
    _one_error(poll.stderr, r"error: database .*k\.db: .*disk.*")
    check = run_cli(["case", "2019Z15244"], env)
    assert check.code == 0 and check.stdout.startswith("2019Z15244")
