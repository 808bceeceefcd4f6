"""The foundation's command line: parse, ingest, case and search, and their bad-input paths."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamervragen.cli import main
from tests.conftest import ANSWER_SEED, DATA, QUESTION_SEED

EXPECTED = json.loads((DATA / "expected_2019Z15244.json").read_text(encoding="utf-8"))

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<officiele-publicatie><kamervragen><vraag><nr>Vraag 1</nr><al>&lol3;</al></vraag></kamervragen>
</officiele-publicatie>"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _case_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, err = _run(capsys, "--db", str(db), "case", "2019Z15244", "--json")
    assert code == 0, err
    data = json.loads(out)
    data.pop("documents")
    return data


@pytest.mark.parametrize("order", [(ANSWER_SEED, QUESTION_SEED), (QUESTION_SEED, ANSWER_SEED)])
def test_ingest_seeds_then_case_json(tmp_path: Path, capsys, order) -> None:  # type: ignore[no-untyped-def]
    """`ingest seeds/*` then `case 2019Z15244 --json` gives the expected case in either order."""
    db = tmp_path / "k.db"
    code, out, err = _run(capsys, "--db", str(db), "ingest", *map(str, order))
    assert code == 0, err
    assert "case 2019Z15244" in out.splitlines()[-1]
    assert _case_json(capsys, db) == EXPECTED


def test_ingest_again_changes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A second ingest of the same files reports every case unchanged and alters no byte of data."""
    db = tmp_path / "k.db"
    _run(capsys, "--db", str(db), "ingest", str(ANSWER_SEED), str(QUESTION_SEED))
    before = _case_json(capsys, db)
    code, out, _ = _run(capsys, "--db", str(db), "ingest", str(ANSWER_SEED), str(QUESTION_SEED))
    assert code == 0
    assert out.count("unchanged") == 2
    assert _case_json(capsys, db) == before


def test_case_text_output(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`case` without --json prints the header, then each question with its answer."""
    db = tmp_path / "k.db"
    _run(capsys, "--db", str(db), "ingest", str(ANSWER_SEED), str(QUESTION_SEED))
    code, out, _ = _run(capsys, "--db", str(db), "case", "2019Z15244")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2019Z15244  Het bericht ‘Berucht Chinees")
    assert "Asked by:     Sjoerdsma (D66)" in lines
    assert (
        "Status:       answered; submitted 2019-07-18, answered 2019-09-10 (after 54 days)" in lines
    )
    assert (
        out.index("Vraag 4")
        < out.index("Vraag 5")
        < out.index("Antwoord 4, 5")
        < out.index("Vraag 6")
    )
    assert out.count("Antwoord 9, 10") == 1


def test_case_unknown(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An unknown case is one clear line and exit code 1."""
    code, out, err = _run(capsys, "--db", str(tmp_path / "k.db"), "case", "2019Z00001")
    assert code == 1 and out == ""
    assert err == "error: no stored case for '2019Z00001'\n"


def test_search(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`search` prints the matching case with a snippet, or says there is none."""
    db = tmp_path / "k.db"
    _run(capsys, "--db", str(db), "ingest", str(ANSWER_SEED), str(QUESTION_SEED))
    code, out, _ = _run(capsys, "--db", str(db), "search", "Xinjiang")
    assert code == 0
    assert out.splitlines()[0].startswith("2019Z15244  2019-07-18  answered  Het bericht")
    assert "[Xinjiang]" in out
    assert _run(capsys, "--db", str(db), "search", "stikstof")[1] == "no matching cases\n"


def test_parse_json_fields(capsys) -> None:  # type: ignore[no-untyped-def]
    """`parse --json` prints the case fields one document tells, plus kind and ids."""
    code, out, _ = _run(capsys, "parse", str(QUESTION_SEED), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "question" and data["zaaknummer"] == "2019Z15244"
    assert data["status"] is None
    assert [item["answer"] for item in data["qa"]] == [None] * 10
    assert data["ids"]["source"] == QUESTION_SEED.name
    for field in (
        "title",
        "askers",
        "addressees",
        "answered_by",
        "submitted",
        "answered",
        "deadline",
        "related",
        "footnotes",
        "warnings",
    ):
        assert field in data


def test_parse_several_files_json_lines(capsys) -> None:  # type: ignore[no-untyped-def]
    """Several files give one JSON object per line, each naming its file."""
    code, out, _ = _run(capsys, "parse", str(ANSWER_SEED), str(QUESTION_SEED), "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in rows] == [str(ANSWER_SEED), str(QUESTION_SEED)]
    assert [r["kind"] for r in rows] == ["answer", "question"]


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "garbage": tmp_path / "garbage.bin",
        "truncated": tmp_path / "truncated.xml",
        "bomb": tmp_path / "bomb.xml",
        "fakepdf": tmp_path / "answer.pdf",
        "missing": tmp_path / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    files["garbage"].write_bytes(bytes(range(256)) * 8)
    xml = (DATA / "koop" / "ah-tk_answer.xml").read_bytes()
    files["truncated"].write_bytes(xml[: len(xml) // 2])
    files["bomb"].write_bytes(BOMB)
    files["fakepdf"].write_bytes(b"This is just text pretending to be a PDF.\n")
    return files


def test_bad_input_is_reported_and_skipped(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Each bad file gets one error line, nothing is stored for it, good files still go in."""
    db = tmp_path / "k.db"
    bad = _bad_files(tmp_path)
    args = [
        str(bad["empty"]),
        str(ANSWER_SEED),
        str(bad["garbage"]),
        str(bad["truncated"]),
        str(bad["bomb"]),
        str(bad["fakepdf"]),
        str(bad["missing"]),
        str(QUESTION_SEED),
    ]
    code, out, err = _run(capsys, "--db", str(db), "ingest", *args)
    assert code == 1
    errors = err.splitlines()
    assert len(errors) == 6
    by_file = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in errors}
    assert "empty" in by_file[str(bad["empty"])]
    assert "binary" in by_file[str(bad["garbage"])]
    assert "line" in by_file[str(bad["truncated"])]  # says where the XML broke
    assert (
        "entit" in by_file[str(bad["bomb"])].lower() or "dtd" in by_file[str(bad["bomb"])].lower()
    )
    assert "PDF" in by_file[str(bad["fakepdf"])]
    assert by_file[str(bad["missing"])] == "no such file"
    assert len(out.splitlines()) == 2  # the two seeds went in
    assert _case_json(capsys, db) == EXPECTED
    from kamervragen.storage.db import open_db

    assert open_db(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_parse_bad_input(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`parse` reports bad files the same way and still prints the good one."""
    bad = _bad_files(tmp_path)
    code, out, err = _run(capsys, "parse", str(bad["bomb"]), str(QUESTION_SEED))
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {bad['bomb']}: ")
    assert out.startswith(f"{QUESTION_SEED}: question (txt), 2019Z15244, 10 questions")


def test_text_without_case_is_not_stored(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A readable text that names no case is refused by ingest with a reason."""
    note = tmp_path / "note.txt"
    note.write_text("Boodschappen: melk, brood.\n", encoding="utf-8")
    code, _, err = _run(capsys, "--db", str(tmp_path / "k.db"), "ingest", str(note))
    assert code == 1
    assert "cannot tell which set of questions" in err


def test_console_script_installed(tmp_path: Path) -> None:
    """The `kamervragen` console script is installed and runs."""
    exe = shutil.which("kamervragen") or str(Path(sys.executable).parent / "kamervragen")
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("parse", "ingest", "case", "search"):
        assert command in result.stdout
