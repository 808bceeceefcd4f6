"""Fixtures of the watcher tests: both fake sources, and the environment pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.watchers import scenario
from tests.watchers.scenario import Sources


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Sources]:
    """Both fakes running, and the environment pointing the watcher at them."""
    src = scenario.start_sources()
    monkeypatch.setenv("TK_SYNCFEED_URL", src.feed.base_url)
    monkeypatch.setenv("OB_URL", src.koop.origin)
    monkeypatch.setenv("OB_SRU_URL", src.koop.sru_url)
    monkeypatch.setenv("OB_RSS_URL", src.koop.rss_url)
    monkeypatch.setenv("KAMERVRAGEN_DB", str(tmp_path / "k.db"))
    monkeypatch.setenv("KAMERVRAGEN_HTTP_RETRY_DELAY", "0")
    monkeypatch.setenv("KAMERVRAGEN_HTTP_TIMEOUT", "0.5")
    try:
        yield src
    finally:
        src.feed.stop()
        src.koop.stop()
