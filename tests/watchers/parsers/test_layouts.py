"""Layout rules on real documents: flattened text, moved blank lines, hostile sizes, limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fidelity import check, hostile_inputs, parse_document, real_documents
from kamervragen.cli import main
from kamervragen.watchers.parsers.dispatch import ParseLimits, parse_bytes
from kamervragen.watchers.parsers.errors import TooLarge
from kamervragen.watchers.parsers.text import parse_text

# Real documents in the "Vraag N" / "Antwoord N" layout (Aanhangsel text and PDFs).
VRAAG_LAYOUT = [
    d for d in real_documents() if d.path.suffix == ".txt" and "\nVraag 1" in d.path.read_text()
]


def _shape(text: str) -> tuple[str, list[int], list[list[int]]]:
    doc = parse_text(text).to_json()
    return (
        doc["kind"],
        [i["number"] for i in doc["qa"]],
        [g["numbers"] for g in doc["answer_groups"]],
    )


@pytest.mark.parametrize("document", VRAAG_LAYOUT, ids=[d.name for d in VRAAG_LAYOUT])
def test_flattened_text_parses_the_same(document) -> None:  # type: ignore[no-untyped-def]
    """Text whose line breaks were lost (all white space collapsed) pairs the same way."""
    text = document.path.read_text(encoding="utf-8")
    assert _shape(" ".join(text.split())) == _shape(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_blank_lines_and_trailing_spaces_change_nothing(data: st.DataObject) -> None:
    """Blank lines inserted anywhere and spaces at line ends do not change the pairs."""
    document = data.draw(st.sampled_from(VRAAG_LAYOUT))
    lines = document.path.read_text(encoding="utf-8").split("\n")
    blanks = data.draw(st.sets(st.integers(0, len(lines)), max_size=10))
    noisy = []
    for index, line in enumerate(lines):
        if index in blanks:
            noisy.append("")
        noisy.append(line + "  ")
    assert _shape("\n".join(noisy)) == _shape("\n".join(lines))


@pytest.mark.parametrize("name", sorted(hostile_inputs()))
def test_hostile_headers_parse_in_linear_time(name: str) -> None:
    """60 KB of repeated header words parse in well under the guard (minutes before the fix)."""
    build = hostile_inputs()[name]
    start = time.perf_counter()
    parse_bytes(build(60_000).encode(), "hostile.txt")
    assert time.perf_counter() - start < 3.0


def test_a_70kb_antwoord_line() -> None:
    """One "Antwoord 1, 2 en 1, 2 en ..." line of 70 KB is read in bounded time per line."""
    text = "Vraag 1\nWaarom?\nAntwoord " + "1, 2 en " * 9000 + "\n"
    start = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - start < 3.0


def test_text_over_the_limit_is_refused() -> None:
    """A text over KAMERVRAGEN_MAX_TEXT_BYTES raises TooLarge naming the variable."""
    with pytest.raises(TooLarge, match="KAMERVRAGEN_MAX_TEXT_BYTES"):
        parse_bytes(b"Vraag 1\n" + b"x" * 5000, "big.txt", ParseLimits(max_text_bytes=4096))


def test_pdf_over_the_page_limit_is_refused_by_ingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF with more pages than allowed: one line, exit 1, nothing stored, others still in."""
    pdf = next(d for d in real_documents() if d.name.startswith("P04_")).path
    text = next(d for d in real_documents() if d.name.startswith("L06_")).path
    monkeypatch.setenv("KAMERVRAGEN_MAX_PDF_PAGES", "1")
    db = tmp_path / "k.db"
    assert main(["--db", str(db), "ingest", str(pdf), str(text)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert f"error: {pdf}: PDF refused:" in err and "KAMERVRAGEN_MAX_PDF_PAGES" in err
    assert out.count("\n") == 1 and str(text) in out


def test_the_real_pdfs_have_more_than_one_page() -> None:
    """The page-limit test above means something: the real PDF has several pages."""
    pdf = next(d for d in real_documents() if d.name.startswith("P04_"))
    with pytest.raises(TooLarge):
        parse_bytes(pdf.path.read_bytes(), pdf.name, ParseLimits(max_pdf_pages=1))
    assert check(pdf.expected, parse_document(pdf)) == []
