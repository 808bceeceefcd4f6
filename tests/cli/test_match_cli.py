"""`kamervragen match`: the matching engine over stored cases, from the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.core.model import Case
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
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
    """The text output describes the query, lists the matched words in brackets and quotes
    the sentence where they matched."""
    assert main(["--db", db, "match", "export", "control"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "cases mentioning “export control” in one sentence"
    assert out[1].startswith("2019Z15244  2019-07-18  answered  Het bericht")
    assert "[exportcontrole]" in out[2]
    assert out[3] == (
        "    Op welke wijze voert Nederland op dit moment [exportcontrole] uit op "
        "cybersurveillance technologie?"
    )


def test_json_gains_the_snippet(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """`--json` gives each match its snippet, the matched words in brackets; null for a
    query of filters only."""
    assert main(["--db", db, "match", '"predictive policing"', "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["snippet"].endswith("ingezet kan worden voor [predictive policing]?")
    assert main(["--db", db, "match", "party:D66", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["snippet"] is None


def test_the_oldest_case_and_the_new_filters(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """Only the oldest stored case matches: it is found; since:/until:/status: narrow, and a
    bad date is one line and exit code 2."""
    old = Case("2015Z00001", title="Stikstof", submitted=dt.date(2015, 1, 5), status="answered")
    save_case(open_db(db), "2015Z00001", old, "2024-01-01T00:00:00+00:00")
    assert main(["--db", db, "match", "stikstof", "--json"]) == 0
    assert [r["zaaknummer"] for r in json.loads(capsys.readouterr().out)] == ["2015Z00001"]
    for query, expected in [
        ("party:D66 OR stikstof until:2015-12-31", ["2019Z15244", "2015Z00001"]),
        ("stikstof since:2016-01-01", []),
        ("party:D66 status:answered", ["2019Z15244"]),
        ("party:D66 status:late", []),
    ]:
        assert main(["--db", db, "match", query, "--json"]) == 0
        assert [r["zaaknummer"] for r in json.loads(capsys.readouterr().out)] == expected
    assert main(["--db", db, "match", "stikstof", "until:2015-02-30"]) == 2
    assert capsys.readouterr().err == (
        'error: bad date "2015-02-30" for until: at position 9 (use YYYY-MM-DD, e.g. 2024-01-31)\n'
    )


def test_help_imports_no_telegram_pdf_or_xml() -> None:
    """`kamervragen --help` loads neither python-telegram-bot, pypdf, lxml nor the database."""
    code = (
        "import sys\n"
        "from kamervragen.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('telegram', 'pypdf', 'lxml', 'sqlite_utils', 'httpx')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "usage: kamervragen" in done.stdout


def test_no_match_and_bad_query(db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    """A query that matches nothing says so; a bad query is one line and exit code 2."""
    assert main(["--db", db, "match", "stikstof"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no stored case matches"
    assert main(["--db", db, "match", '"predictive']) == 2
    assert capsys.readouterr().err == "error: unclosed quote at position 0\n"
