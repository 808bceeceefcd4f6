"""Every real document under tests/data/real parses into exactly what its ground truth says."""

from __future__ import annotations

import json

import pytest

from benchmarks.fidelity import RealDocument, check, parse_document, real_documents
from kamervragen.cli import main

DOCUMENTS = real_documents()


def test_the_corpus_is_there() -> None:
    """The team's 13 documents and the project's own are all found, each with its truth."""
    names = [d.name for d in DOCUMENTS]
    assert len(names) >= 13
    assert any(n.startswith("P01_") for n in names) and any(n.startswith("L17_") for n in names)
    for document in DOCUMENTS:
        assert document.expected["source"], document.name  # provenance is stated


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_real_document(document: RealDocument) -> None:
    """Kind, zaaknummer, dates, askers, parties, numbers, answer groups and answer starts."""
    assert check(document.expected, parse_document(document)) == []


def test_check_notices_a_wrong_parse() -> None:
    """The checker is strict: a swallowed heading, a wrong date and a lost group all show."""
    document = next(d for d in DOCUMENTS if d.name.startswith("L06_"))
    parsed = parse_document(document)
    parsed["received"] = "2024-11-19"
    parsed["answer_groups"] = parsed["answer_groups"][:-1]
    parsed["qa"][5]["answer"] = None  # question 6 lost its answer
    problems = check(document.expected, parsed)
    assert any(p.startswith("received") for p in problems)
    assert any(p.startswith("answer_groups") for p in problems)


def test_parse_json_gives_received(capsys: pytest.CaptureFixture[str]) -> None:
    """`parse --json` shows the "(ontvangen ...)" date of a notice; `answered` stays null."""
    document = next(d for d in DOCUMENTS if d.name.startswith("L03_"))
    assert main(["parse", str(document.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "postponement"
    assert data["received"] == "2024-11-15"
    assert data["answered"] is None
    assert data["zaaknummer"] == "2024Z16988"
    assert "niet binnen de gebruikelijke" in data["notice"]
