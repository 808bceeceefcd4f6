"""Point 5 of the reliability issue: another process writing to the database all the time (20 ms
write transactions, 10 ms apart) delays `ingest` and `poll`, and never fails them: every
transaction takes its write lock up front and waits on the busy timeout."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage.db import open_db
from tests.chaos.conftest import rows
from tests.chaos.faults import concurrent_writer
from tests.conftest import DATA, SEEDS
from tests.watchers import scenario

pytestmark = pytest.mark.slow  # a writer process hammering the database

DOCUMENTS = sorted(str(p) for p in (DATA / "real").glob("*.txt"))[:4]


def test_a_concurrent_writer_never_crashes_ingest_or_poll(
    fast_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With 20 ms write transactions going on in another process, `ingest` of 6 files and a
    `poll --once` of a question set both succeed (exit 0), all stored, while the writer kept
    committing in between."""
    open_db(fast_env).close()
    src = scenario.start_sources()
    monkeypatch.setenv("TK_SYNCFEED_URL", src.feed.base_url)
    monkeypatch.setenv("OB_URL", src.koop.origin)
    try:
        scenario.publish_question(src)
        with concurrent_writer(fast_env) as writer:
            before = writer.transactions()
            files = [*map(str, sorted(SEEDS.iterdir())), *DOCUMENTS]
            assert main(["--db", str(fast_env), "ingest", *files]) == 0, capsys.readouterr().err
            during_ingest = writer.transactions()
            assert main(["--db", str(fast_env), "poll", "--once"]) == 0, capsys.readouterr()
            during_poll = writer.transactions()
    finally:
        src.feed.stop()
        src.koop.stop()
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count(" -> case ") == len(files)
    assert "errors: 0" in out
    assert rows(fast_env, "SELECT count(*) FROM cases WHERE zaaknummer = ?", (scenario.ZAAK,)) == [
        (1,)
    ]
    print(f"\nconcurrent writer: {during_poll - before} of its transactions during ingest and poll")
    assert during_ingest > before and during_poll > during_ingest  # they really did overlap
