"""End to end: fake SyncFeed and officielebekendmakingen servers, `kamervragen poll --once`."""

from __future__ import annotations

import json

import pytest

from kamervragen.cli import main
from tests.watchers import scenario
from tests.watchers.commands import case_json, events, poll
from tests.watchers.scenario import Sources


def test_question_postponement_answer(sources: Sources, capsys: pytest.CaptureFixture) -> None:
    """A new set, its postponement and its answer each give one event; polling again gives none."""
    scenario.publish_question(sources)
    code, out = poll(capsys)
    assert code == 0, out
    assert "events: question_filed 1" in out
    assert "cases: 1 new, 0 updated" in out
    first = events(capsys)
    assert [(e["kind"], e["zaaknummer"], e["document"]) for e in first] == [
        ("question_filed", scenario.ZAAK, scenario.QUESTION_DOC)
    ]
    case = case_json(capsys)
    assert case["status"] == "open"
    assert case["title"] == "Overbodige functies, adviesorganen en doublures bij de Rijksoverheid"
    assert case["askers"] == [{"name": "H.M. Erkens", "party": "VVD"}]
    assert case["addressees"] == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert (case["submitted"], case["deadline"]) == ("2024-12-20", "2025-01-10")
    assert [q["number"] for q in case["qa"]] == [1, 2, 3, 4]
    assert all(q["answer"] is None for q in case["qa"])

    scenario.publish_postponement(sources)
    code, out = poll(capsys)
    assert code == 0 and "events: postponed 1" in out
    case = case_json(capsys)
    assert case["status"] == "postponed"
    # The notice (dated 8 January) comes before the first deadline: three weeks after it.
    assert (case["first_deadline"], case["deadline"]) == ("2025-01-10", "2025-01-31")

    scenario.publish_answer(sources)
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out, out
    kinds = [e["kind"] for e in events(capsys)]
    assert kinds == ["question_filed", "postponed", "answered"]
    case = case_json(capsys)
    assert case["status"] == "answered"
    assert case["answered"] == "2025-02-04"
    assert case["answered_by"] == "Minister Uitermark"
    qa = {q["number"]: q for q in case["qa"]}
    assert qa[1]["answer"].startswith("De Rijksoverheid is inderdaad significant gegroeid.")
    assert qa[3]["answer"] == qa[4]["answer"] == "Gecombineerd antwoord op vraag 3 en 4."
    publications = {d["publication_id"] for d in case["documents"]}
    assert {scenario.QUESTION_PUB, scenario.ANSWER_PUB} <= publications

    code, out = poll(capsys)
    assert code == 0 and "events: none" in out
    assert len(events(capsys)) == 3
    sources.feed.assert_no_errors()
    sources.koop.assert_no_errors()


def test_status_shows_cursors_and_sources(sources: Sources, capsys: pytest.CaptureFixture) -> None:
    """`status` prints each category's cursor and the sources' last success."""
    scenario.publish_question(sources)
    poll(capsys)
    assert main(["status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cursors = {c["category"]: c for c in data["cursors"]}
    assert set(cursors) == {"Zaak", "Document", "DocumentVersie", "ZaakActor"}
    assert cursors["ZaakActor"]["skiptoken"] == sources.feed.entries("ZaakActor")[-1].skiptoken
    assert data["texts"] == {"fetched": 1}
    assert main(["status"]) == 0
    text = capsys.readouterr().out
    assert "Zaak" in text and "syncfeed" in text and "FAILING" not in text


def test_answer_by_letter(sources: Sources, capsys: pytest.CaptureFixture) -> None:
    """A plain Mededeling whose text says "beantwoord middels brief" answers the set: one
    `answered` event, status answered, the letter kept; polling again gives none."""
    scenario.publish_question(sources)
    poll(capsys)
    scenario.publish_answer_by_letter(sources)
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out, out
    case = case_json(capsys)
    assert case["status"] == "answered"
    assert case["letter"] == "brief van 3 februari 2025, Kamerstuk 35 510, nr. 129"
    assert case["answered"] is not None
    kinds = {d["kind"] for d in case["documents"]}
    assert "answered_by_letter" in kinds
    code, out = poll(capsys)
    assert code == 0 and "events: none" in out
    assert [e["kind"] for e in events(capsys)] == ["question_filed", "answered"]
    assert main(["case", scenario.ZAAK]) == 0
    assert "By letter:    brief van 3 februari 2025" in capsys.readouterr().out
