"""Build the PDF and DOCX fixtures in tests/data/files/ from the seed texts.

Run from the project root: `python tests/data/make_file_fixtures.py`. It writes
  answer_seed.pdf           the answer seed (seeds/000_*.txt) laid out line by line as in the
                            seed, one PDF page per page of the original (a new page at each
                            " Vraag" line that follows a footnote block)
  question_seed.docx        the question seed (seeds/003_*.txt) in the Tweede Kamer's layout:
                            zaaknummer line, the "Vragen van het lid ..." sentence, then per
                            question a paragraph with just its number and one with its text;
                            the three URLs are real Word footnotes (word/footnotes.xml)
  truncated.pdf             the first 60% of answer_seed.pdf
  encrypted.pdf             the first page of the answer, RC4-encrypted with a user password
  encrypted_open.pdf        the same with only an owner password (opens without one)
  no_text.pdf               one page with a drawn box and no text at all (like a scan)

Font: fpdf2 ships no TTF font, so the PDFs use the core font Helvetica with fpdf2's cp1252
(WinAnsiEncoding) setting, which covers every character of the seed (« » ’ – é ë); anything
outside cp1252 would be mapped to close ASCII by `_to_cp1252`. Dates (PDF creation,
DOCX properties and zip entries) are fixed, so re-running gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
OUT = Path(__file__).resolve().parent / "files"
FIXED_DATE = dt.datetime(2019, 9, 10, 12, 0, tzinfo=dt.UTC)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _seed(prefix: str) -> str:
    """The text of the seed file whose name starts with `prefix`."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _to_cp1252(text: str) -> str:
    """`text` with every character cp1252 lacks replaced by its closest ASCII form."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(ascii_form or "?")
    return "".join(out)


def _pages(seed: str) -> list[list[str]]:
    """The seed's lines split into its original pages."""
    pages: list[list[str]] = [[]]
    for line in seed.splitlines():
        # A line starting with " Vraag" is the first line of a new page in the PDF rendering.
        if line.startswith(" Vraag") and pages[-1]:
            pages.append([])
        pages[-1].append(line.strip())
    return pages


def _new_pdf() -> FPDF:
    """An A4 PDF with Helvetica in cp1252 and a fixed creation date."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.set_margins(20, 12, 20)
    pdf.set_font("Helvetica", size=9)
    return pdf


def _write_pages(pdf: FPDF, pages: list[list[str]]) -> None:
    """One PDF page per page of lines, one line per line."""
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(w=0, h=3.9, text=_to_cp1252(line), new_x="LMARGIN", new_y="NEXT")


def build_answer_pdf() -> bytes:
    """The answer seed as a text PDF."""
    pdf = _new_pdf()
    _write_pages(pdf, _pages(_seed("000")))
    return bytes(pdf.output())


def build_encrypted_pdf(user_password: str | None) -> bytes:
    """The answer's first page, RC4-encrypted."""
    pdf = _new_pdf()
    pdf.set_encryption(owner_password="eigenaar", user_password=user_password)
    _write_pages(pdf, _pages(_seed("000"))[:1])
    return bytes(pdf.output())


def build_no_text_pdf() -> bytes:
    """A page with only a drawing on it: what a scan without OCR looks like to a text reader."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.rect(30, 30, 150, 200, style="D")
    pdf.line(30, 30, 180, 230)
    return bytes(pdf.output())


def _question_seed() -> tuple[str, str, list[tuple[int, str]], dict[int, str]]:
    """Zaaknummer, header sentence, numbered questions and footnote URLs from the question seed."""
    seed = _seed("003")
    zaaknummer = re.search(r"Zaaknummer:\s*(\d{4}Z\d{5})", seed).group(1)
    header = next(line.strip() for line in seed.splitlines() if line.startswith("Vragen van"))
    questions = [
        (int(m.group(1)), m.group(2).strip())
        for m in re.finditer(r"^\s+(\d{1,2})\.\s+(.+)$", seed, re.M)
    ]
    notes = {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d)\) (\S+)$", seed, re.M)}
    return zaaknummer, header, questions, notes


def _footnote_xml(notes: dict[int, str]) -> bytes:
    """word/footnotes.xml with Word's two separator notes and one note per URL."""
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    for number, url in sorted(notes.items()):
        body.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {url}</w:t></w:r></w:p></w:footnote>'
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
    return (xml + "".join(body) + "</w:footnotes>").encode("utf-8")


def _add_footnote_reference(paragraph, note_id: int) -> None:
    """Append a superscript footnote reference run to a python-docx paragraph."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:rPr xmlns:w="{W_NS}"><w:vertAlign w:val="superscript"/></w:rPr>'))
    reference = run._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(note_id)})
    run._r.append(reference)


def build_question_docx() -> bytes:
    """The question seed as a Word document with real footnotes."""
    zaaknummer, header, questions, notes = _question_seed()
    document = Document()
    document.core_properties.created = FIXED_DATE.replace(tzinfo=None)
    document.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    document.core_properties.title = "Schriftelijke vragen"
    document.add_paragraph(zaaknummer)
    document.add_paragraph(header)
    for number, text in questions:
        document.add_paragraph(str(number))
        paragraph = document.add_paragraph()
        # The seed marks footnote references as " 1)"; turn each into a real reference.
        for piece in re.split(r"( \d\))", text):
            marker = re.fullmatch(r" (\d)\)", piece)
            if marker:
                _add_footnote_reference(paragraph, int(marker.group(1)))
            elif piece:
                paragraph.add_run(piece)
    part = Part(
        PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnote_xml(notes), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_timestamps(buffer.getvalue())


def _with_fixed_timestamps(docx: bytes) -> bytes:
    """The same zip with every member dated FIXED_DATE, so that re-running changes nothing."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def main() -> None:
    """Write every fixture."""
    OUT.mkdir(parents=True, exist_ok=True)
    answer = build_answer_pdf()
    files = {
        "answer_seed.pdf": answer,
        "truncated.pdf": answer[: len(answer) * 6 // 10],
        "encrypted.pdf": build_encrypted_pdf(user_password="geheim"),
        "encrypted_open.pdf": build_encrypted_pdf(user_password=None),
        "no_text.pdf": build_no_text_pdf(),
        "question_seed.docx": build_question_docx(),
    }
    for name, blob in files.items():
        (OUT / name).write_bytes(blob)
        print(f"{name}: {len(blob)} bytes")


if __name__ == "__main__":
    main()
