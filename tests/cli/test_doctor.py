"""`kamervragen doctor` against the fakes: all green, then one failing part at a time."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.cli.doctor import KNOWN_PUBLICATION
from tests.conftest import DATA
from tests.fakes.botapi import FakeBotApi
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer, document_xml, zaak_xml
from tests.watchers import scenario

METADATA = (DATA / "koop" / "metadata_ah-tk.xml").read_bytes()


@dataclass
class World:
    """The fakes the doctor checks."""

    feed: SyncFeedServer
    koop: KoopServer
    api: FakeBotApi


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[World]:
    """Every service as it should be, and the settings pointing at them."""
    sources = scenario.start_sources()
    sources.koop.add(KNOWN_PUBLICATION, xml=scenario.ANSWER_XML, metadata=METADATA)
    scenario.publish_question(sources)
    with FakeBotApi() as api:
        for name, value in {
            "TK_SYNCFEED_URL": sources.feed.base_url,
            "OB_URL": sources.koop.origin,
            "OB_SRU_URL": sources.koop.sru_url,
            "OB_RSS_URL": sources.koop.rss_url,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_URL": api.url,
            "KAMERVRAGEN_DB": str(tmp_path / "k.db"),
            "KAMERVRAGEN_OB_WATCH": "1",
            "KAMERVRAGEN_HTTP_RETRY_DELAY": "0",
            "KAMERVRAGEN_HTTP_TIMEOUT": "2",
        }.items():
            monkeypatch.setenv(name, value)
        try:
            yield World(sources.feed, sources.koop, api)
        finally:
            sources.feed.stop()
            sources.koop.stop()


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, dict]]:
    """`kamervragen doctor --json`: the exit code and the findings by check."""
    code = main(["doctor", "--json", *args])
    out = capsys.readouterr().out
    return code, {f["check"].split(" /")[0]: f for f in json.loads(out)}


def failing(findings: dict[str, dict]) -> set[str]:
    """The checks that failed."""
    return {name for name, f in findings.items() if not f["ok"]}


def test_all_green_against_the_fakes(world: World, capsys: pytest.CaptureFixture) -> None:
    """Every check passes: exit 0, one OK line per check, and no token anywhere."""
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert all(line.startswith("OK") for line in lines[:-1]), out
    assert lines[-1] == f"{len(lines) - 1} of {len(lines) - 1} checks passed"
    assert world.api.token not in out
    text = "\n".join(lines)
    assert "syncfeed Zaak: page parses: 1 Kamervragen" in text
    assert f"syncfeed zaak: {scenario.ZAAK} (Schriftelijke vragen) reads by its GUID" in text
    assert f"officielebekendmakingen: {KNOWN_PUBLICATION}: answer, 4 Q-A pairs" in text
    assert f"officielebekendmakingen metadata: {KNOWN_PUBLICATION} is zaak 2024Z21590" in text
    assert "bot api: the token is @kamervragen_test_bot's" in text
    assert "no webhook: long polling" in text
    code, findings = doctor(capsys)
    assert code == 0 and not failing(findings)
    assert (
        findings["database"]["detail"].startswith("writable, ")
        and "WAL" in (findings["database"]["detail"])
    )


def test_a_database_that_cannot_be_opened(
    world: World, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file that is no database fails the database check with what to do; the rest pass."""
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not an SQLite database" * 100)
    monkeypatch.setenv("KAMERVRAGEN_DB", str(garbage))
    code, findings = doctor(capsys)
    assert code == 1 and failing(findings) == {"database"}
    assert "not a database" in findings["database"]["detail"]
    assert "KAMERVRAGEN_DB" in findings["database"]["fix"]


def test_a_failing_syncfeed(world: World, capsys: pytest.CaptureFixture) -> None:
    """The SyncFeed answers 503: each category and the zaak fail, saying TK_SYNCFEED_URL."""
    world.feed.fail_next(100, status=503, prefix="/SyncFeed")
    code, findings = doctor(capsys)
    assert code == 1
    assert failing(findings) == {
        "syncfeed Zaak",
        "syncfeed Document",
        "syncfeed DocumentVersie",
        "syncfeed ZaakActor",
        "syncfeed zaak",
    }
    assert "503" in findings["syncfeed Zaak"]["detail"]
    assert "TK_SYNCFEED_URL" in findings["syncfeed Zaak"]["fix"]


def test_a_syncfeed_that_names_no_kamervragen(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    """A feed whose Zaken and Documents are all of other soorten: those two checks fail (the
    format may have changed), and there is no Kamervragen Zaak to read."""
    with SyncFeedServer() as other:
        guid = "0b6f3f9e-1111-4a4a-9c9c-0000000000ff"
        other.add("Zaak", zaak_xml(guid, soort="Motie", nummer="2025Z00001"))
        other.add("Document", document_xml("0b6f3f9e-1111-4a4a-9c9c-0000000000fe", soort="Motie"))
        for category in ("DocumentVersie", "ZaakActor"):
            for payload in world.feed.entries(category):
                other.add(category, payload.payload)
        monkeypatch.setenv("TK_SYNCFEED_URL", other.base_url)
        code, findings = doctor(capsys)
    assert code == 1
    assert failing(findings) == {"syncfeed Zaak", "syncfeed Document", "syncfeed zaak"}
    assert "none is a Kamervragen entity" in findings["syncfeed Zaak"]["detail"]
    assert "format may have changed" in findings["syncfeed Zaak"]["fix"]


def test_a_zaak_that_cannot_be_read_by_its_guid(
    world: World, capsys: pytest.CaptureFixture
) -> None:
    """The feed pages work but /Entiteiten/<guid> answers 404: only that check fails."""
    world.feed.fail_next(2, status=404, prefix="/SyncFeed/2.0/Entiteiten/")
    code, findings = doctor(capsys)
    assert code == 1 and failing(findings) == {"syncfeed zaak"}
    assert "not found" in findings["syncfeed zaak"]["detail"]


def test_a_missing_or_unreadable_publication(world: World, capsys: pytest.CaptureFixture) -> None:
    """A publication the site does not have fails (404); one without Q-A pairs fails as a
    possible format change; a metadata record without vraagnummer fails its own check."""
    code, findings = doctor(capsys, "--publication", "ah-tk-20242025-9999")
    assert code == 1
    assert failing(findings) == {"officielebekendmakingen", "officielebekendmakingen metadata"}
    assert "not found" in findings["officielebekendmakingen"]["detail"]
    assert "OB_URL" in findings["officielebekendmakingen"]["fix"]

    world.koop.add(
        "ah-tk-20242025-7777",
        xml=scenario.question_xml(),
        metadata=METADATA.replace(b"2024Z21590", b"onbekend"),
    )
    code, findings = doctor(capsys, "--publication", "ah-tk-20242025-7777")
    assert code == 1
    assert failing(findings) == {"officielebekendmakingen", "officielebekendmakingen metadata"}
    assert "no question-answer pairs" in findings["officielebekendmakingen"]["detail"]
    assert "vraagnummer" in findings["officielebekendmakingen metadata"]["detail"]


def test_a_failing_search_and_feed(world: World, capsys: pytest.CaptureFixture) -> None:
    """The search service answers 503 and the feed 500: each fails with its variable."""
    world.koop.fail_next(2, status=503, prefix="/sru")
    world.koop.fail_next(2, status=500, prefix="/rss")
    code, findings = doctor(capsys)
    assert code == 1
    assert failing(findings) == {"officielebekendmakingen search", "officielebekendmakingen RSS"}
    assert "OB_SRU_URL" in findings["officielebekendmakingen search"]["fix"]
    assert "OB_RSS_URL" in findings["officielebekendmakingen RSS"]["fix"]


def test_a_token_telegram_rejects_is_never_printed(
    world: World, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A token the Bot API does not know: 401, said in one line without the token."""
    token = "999999:not-the-right-token-at-all"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert code == 1 and token not in out
    assert "FAIL  bot api: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)" in out


def test_no_token_and_an_unreachable_bot_api(
    world: World, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a token the check says where to get one; a Bot API that does not answer is
    a connection failure naming TELEGRAM_API_URL."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    code, findings = doctor(capsys)
    assert code == 1 and failing(findings) == {"bot api"}
    assert "@BotFather" in findings["bot api"]["fix"]
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", world.api.token)
    monkeypatch.setenv("TELEGRAM_API_URL", f"http://127.0.0.1:{port}")
    code, findings = doctor(capsys)
    assert code == 1 and failing(findings) == {"bot api"}
    assert "cannot reach the Bot API" in findings["bot api"]["detail"]
    assert "TELEGRAM_API_URL" in findings["bot api"]["fix"]


def test_a_webhook_telegram_cannot_deliver_to(
    world: World, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In webhook mode, Telegram's last delivery error fails the webhook check."""
    url = "https://bot.example.org/hook"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", url)
    world.api.webhook_url = url
    world.api.webhook_error = "Connection refused"
    code, findings = doctor(capsys)
    assert code == 1 and failing(findings) == {"bot api webhook"}
    assert "Connection refused" in findings["bot api webhook"]["detail"]
    assert "TELEGRAM_WEBHOOK_PORT" in findings["bot api webhook"]["fix"]
