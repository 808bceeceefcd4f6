"""The SyncFeed watcher when things go wrong: server errors, truncation, odd orders, re-sends."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage.db import open_db
from tests.fakes.syncfeed_server import deleted_xml, document_xml, zaak_xml
from tests.watchers import scenario
from tests.watchers.scenario import Sources
from tests.watchers.test_syncfeed_e2e import case_json, events, poll


def cursors(tmp_path: Path) -> dict[str, int | None]:
    """Every category's stored skiptoken."""
    db = open_db(tmp_path / "k.db")
    return {c: t for c, t in db.execute("SELECT category, skiptoken FROM feed_cursors")}


def test_server_errors_are_retried(sources: Sources, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two 500s and a hang on a Document page are retried; the poll completes normally."""
    scenario.publish_question(sources)
    sources.feed.fail_next(2, prefix="/SyncFeed/2.0/Feed?category=Document&", status=500)
    sources.feed.hang_next(1, prefix="/SyncFeed/2.0/Feed?category=Document&")
    code, out = poll(capsys)
    assert code == 0, out
    assert "events: question_filed 1" in out
    statuses = [status for path, status in sources.feed.replies if "category=Document&" in path]
    assert statuses.count(500) == 2
    hung = [r for r in sources.feed.requests if r.query.get("category") == "Document"]
    assert len(hung) == len(statuses) + 1  # the hung request got no answer and was retried


def test_failing_source_keeps_cursor(sources: Sources, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A category that keeps failing is reported, keeps its cursor, and catches up later."""
    scenario.publish_question(sources)
    poll(capsys)
    before = cursors(tmp_path)
    scenario.publish_answer(sources)
    sources.feed.fail_next(50, prefix="/SyncFeed/2.0/Feed?category=Document&", status=503)
    code, out = poll(capsys)
    assert code == 1
    assert "Document: " in out and "errors: 1" in out
    assert cursors(tmp_path)["Document"] == before["Document"]
    assert main(["status"]) == 0
    assert "FAILING since" in capsys.readouterr().out
    assert "answered" not in [e["kind"] for e in events(capsys)]
    sources.feed.clear_faults()
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out, out
    assert main(["status"]) == 0
    assert "FAILING" not in capsys.readouterr().out


def test_truncated_page_is_rejected(sources: Sources, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A truncated page is refused with the cursor unchanged; the next poll succeeds."""
    scenario.publish_question(sources)
    poll(capsys)
    before = cursors(tmp_path)
    scenario.publish_answer(sources)
    sources.feed.truncate_next(1, prefix="/SyncFeed/2.0/Feed?category=Document&")
    code, out = poll(capsys)
    assert code == 1 and "not well-formed" in out
    assert cursors(tmp_path)["Document"] == before["Document"]
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out


def test_document_before_its_zaak(sources: Sources, capsys) -> None:  # type: ignore[no-untyped-def]
    """Actors and versions read before their Zaak and Document are linked when those arrive."""
    src = sources
    # The versions and actors come first in the feed; the Zaak and Document only later.
    src.feed.add(
        "ZaakActor",
        scenario.zaakactor_xml(
            "cccccccc-6666-4f4f-8b8b-000000000006",
            zaak_ref=scenario.ZAAK_GUID,
            actor_naam="H.M. Erkens",
            actor_fractie="VVD",
            relatie="Indiener",
        ),
    )
    src.feed.add(
        "DocumentVersie",
        scenario.documentversie_xml(
            scenario.QUESTION_VERSIE,
            document_ref=scenario.QUESTION_DOC,
            externe_identifier=scenario.QUESTION_PUB,
        ),
    )
    src.koop.add(scenario.QUESTION_PUB, xml=scenario.question_xml())
    code, out = poll(capsys)
    assert code == 0 and "events: none" in out
    src.feed.add(
        "Document",
        document_xml(
            scenario.QUESTION_DOC,
            zaak_refs=[scenario.ZAAK_GUID],
            soort="Schriftelijke vragen",
            huidige_versie_ref=scenario.QUESTION_VERSIE,
            onderwerp=scenario.ONDERWERP,
        ),
    )
    src.feed.add(
        "Zaak", zaak_xml(scenario.ZAAK_GUID, nummer=scenario.ZAAK, onderwerp=scenario.ONDERWERP)
    )
    code, out = poll(capsys)
    assert code == 0 and "events: question_filed 1" in out, out
    case = case_json(capsys)
    assert case["askers"] == [{"name": "H.M. Erkens", "party": "VVD"}]
    assert [d["publication_id"] for d in case["documents"] if d["kind"] == "question"] == [
        scenario.QUESTION_PUB
    ]


def test_deleted_document(sources: Sources, capsys) -> None:  # type: ignore[no-untyped-def]
    """A Document the source deletes leaves its case; the case falls back to what remains."""
    scenario.publish_question(sources)
    scenario.publish_answer(sources)
    poll(capsys)
    assert case_json(capsys)["status"] == "answered"
    sources.feed.add("Document", deleted_xml("document", scenario.ANSWER_DOC))
    code, out = poll(capsys)
    assert "cases: 0 new, 1 updated" in out
    assert code == 0
    case = case_json(capsys)
    assert case["status"] == "open"
    assert all(q["answer"] is None for q in case["qa"])
    assert scenario.ANSWER_PUB not in {d["publication_id"] for d in case["documents"]}


def test_mass_reemission_gives_no_events(sources: Sources, capsys) -> None:  # type: ignore[no-untyped-def]
    """Re-sending every unchanged entity (even with a new bijgewerkt) records nothing new."""
    scenario.publish_question(sources)
    scenario.publish_postponement(sources)
    scenario.publish_answer(sources)
    poll(capsys)
    before = events(capsys)
    assert sorted(e["kind"] for e in before) == ["answered", "postponed", "question_filed"]
    for category in ("Zaak", "Document", "DocumentVersie", "ZaakActor"):
        for entry in list(sources.feed.entries(category)):
            payload = re.sub(
                r'bijgewerkt="[^"]*"', 'bijgewerkt="2026-11-01T12:00:00Z"', entry.payload
            )
            sources.feed.add(category, payload, guid=entry.guid)
    code, out = poll(capsys)
    assert code == 0
    assert "events: none" in out and "cases: 0 new, 0 updated" in out, out
    assert events(capsys) == before


def test_text_not_yet_published(sources: Sources, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An answer whose text is not published yet is retried and then gives `answered`."""
    scenario.publish_question(sources)
    scenario.publish_answer(sources, with_text=False)
    code, out = poll(capsys)
    assert code == 0 and "answered" not in out and "texts: 1 fetched, 1 waiting" in out
    assert main(["status", "--json"]) == 0
    pending = json.loads(capsys.readouterr().out)["pending_texts"]
    assert [p["publication_id"] for p in pending] == [scenario.ANSWER_PUB]
    assert "not published yet" in pending[0]["last_error"]
    db = open_db(tmp_path / "k.db")
    db.execute("UPDATE texts SET next_attempt_at = '2000-01-01' WHERE status = 'pending'")
    db.conn.commit()
    scenario.publish_answer_text(sources)
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out, out
    assert case_json(capsys)["qa"][0]["answer"].startswith("De Rijksoverheid")


def test_text_given_up_still_gives_the_event(
    sources: Sources, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A text that never appears is given up after the last try; the set is still announced."""
    monkeypatch.setattr("kamervragen.storage.texts.MAX_ATTEMPTS", 1)
    scenario.publish_question(sources, with_text=False)
    code, out = poll(capsys)
    assert code == 1
    assert f"text of {scenario.QUESTION_PUB}: gave up" in out
    assert "events: question_filed 1" in out
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["texts"] == {"gave_up": 1}
    case = case_json(capsys)
    assert case["title"] and case["qa"] == []  # the Zaak's own registration, no questions
