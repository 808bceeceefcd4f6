"""`kamervragen match`: the matching engine over stored cases, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamervragen.cli import main
from tests.conftest import ANSWER_SEED, QUESTION_SEED


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database with the seed case."""
    path = str(tmp_path / "k.db")
    assert main(["--db", path, "ingest", str(ANSWER_SEED), str(QUESTION_SEED)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize(
    "query",
    [
        "cybersurveillance",
        "export control",
        "emotieherkenning",
        "Xinjiang",
        "party:D66",
        'to:"Buitenlandse Handel"',
    ],
)
def test_seed_queries_match(db: str, capsys, query: str) -> None:  # type: ignore[no-untyped-def]
    """Each of the issue's seed queries finds case 2019Z15244."""
    assert main(["--db", db, "match", query, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["zaaknummer"] for r in rows] == ["2019Z15244"]
    assert rows[0]["matched"] or query.startswith(("party:", "to:"))


def test_text_output_highlights(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """The text output describes the query and lists the matched words in brackets."""
    assert main(["--db", db, "match", "export", "control"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "cases mentioning “export control” in one sentence"
    assert out[1].startswith("2019Z15244  2019-07-18  answered  Het bericht")
    assert "[exportcontrole]" in out[2]


def test_no_match_and_bad_query(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """A query that matches nothing says so; a bad query is one line and exit code 2."""
    assert main(["--db", db, "match", "stikstof"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no stored case matches"
    assert main(["--db", db, "match", '"predictive']) == 2
    assert capsys.readouterr().err == "error: unclosed quote at position 0\n"
