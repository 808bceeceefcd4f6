"""PDF, DOCX and text extraction and format sniffing, on tests/data/files/ and inline bytes."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.watchers.parsers.errors import (
    EmptyDocument,
    NotADocument,
    NotADocx,
    NotAPDF,
    ParseError,
    UnsafeXML,
)
from kamervragen.watchers.parsers.files import (
    MAX_UNZIPPED_BYTES,
    decode_text,
    docx_to_text,
    pdf_to_text,
    sniff_format,
)
from tests.conftest import DATA

FILES = DATA / "files"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _docx(body: str, footnotes: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX zip: word/document.xml around `body`, optionally word/footnotes.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
        )
        if footnotes is not None:
            archive.writestr(
                "word/footnotes.xml", f'<w:footnotes xmlns:w="{W_NS}">{footnotes}</w:footnotes>'
            )
        for name, blob in (extra or {}).items():
            archive.writestr(name, blob)
    return out.getvalue()


def _expected_question_docx_text(seed: str) -> str:
    """What docx_to_text should give for question_seed.docx, rebuilt from the question seed."""
    zaaknummer = re.search(r"Zaaknummer:\s*(\d{4}Z\d{5})", seed).group(1)
    header = next(line.strip() for line in seed.splitlines() if line.startswith("Vragen van"))
    paragraphs = [zaaknummer, header]
    for match in re.finditer(r"^\s+(\d{1,2})\.\s+(.+)$", seed, re.M):
        paragraphs += [match.group(1), match.group(2).strip()]
    notes = re.findall(r"^\d\) https://\S+$", seed, re.M)
    return "\n\n".join(paragraphs) + "\n\n" + "\n".join(notes)


# -- PDF -------------------------------------------------------------------------------------------


def test_pdf_text_matches_the_answer_seed_line_for_line(answer_seed_text: str) -> None:
    """The answer PDF gives the seed's non-blank lines, in order, across its three pages."""
    text = pdf_to_text(_read("answer_seed.pdf"))
    expected = [line.strip() for line in answer_seed_text.splitlines() if line.strip()]
    assert text.splitlines() == expected


def test_pdf_text_has_the_questions_in_order() -> None:
    """Headings come in order, "Vraag 4, 5" included, and the long word survives intact."""
    text = pdf_to_text(_read("answer_seed.pdf"))
    headings = re.findall(r"^Vraag [\d, ]+$", text, re.M)
    assert headings == [
        "Vraag 1",
        "Vraag 2",
        "Vraag 3",
        "Vraag 4, 5",
        "Vraag 6",
        "Vraag 7",
        "Vraag 8",
        "Vraag 9, 10",
    ]
    assert "aan de Chinese staat emotieherkenningssoftware\nleveren?" in text
    assert "gebruikt Nederlandse software die emoties leest»?1\n" in text
    assert text.index("emotieherkenningssoft-\nware") < text.index("Vraag 4, 5")


def test_pdf_pages_are_separated_by_a_newline() -> None:
    """Page two starts on its own line right after page one's footnote."""
    text = pdf_to_text(_read("answer_seed.pdf"))
    assert "317002092-cae75d58\nVraag 3\n" in text


def test_encrypted_pdf_without_user_password_opens() -> None:
    """A PDF encrypted with only an owner password is read with the empty password."""
    text = pdf_to_text(_read("encrypted_open.pdf"))
    assert text.startswith("Vragen van het lid Sjoerdsma (D66)")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Dit is geen PDF", "not a PDF: no %PDF- header"),
        (b"", "not a PDF: no %PDF- header"),
        (b"<html><body>Not found</body></html>", "not a PDF: no %PDF- header"),
    ],
)
def test_not_a_pdf(data: bytes, message: str) -> None:
    """Bytes without the %PDF- header raise NotAPDF saying so."""
    with pytest.raises(NotAPDF) as info:
        pdf_to_text(data)
    assert str(info.value) == message


def test_truncated_pdf() -> None:
    """A PDF cut off before its end raises NotAPDF saying it is truncated."""
    with pytest.raises(NotAPDF) as info:
        pdf_to_text(_read("truncated.pdf"))
    assert str(info.value) == "PDF is truncated: no %%EOF marker at its end"


def test_truncated_pdf_with_a_fake_end_is_broken() -> None:
    """A cut-off PDF with an end marker glued on turns pypdf's error into one NotAPDF line."""
    with pytest.raises(NotAPDF) as info:
        pdf_to_text(_read("truncated.pdf") + b"\n%%EOF\n")
    assert str(info.value) == "PDF cannot be read: PdfReadError: startxref not found"


def test_corrupt_pdf_stream() -> None:
    """A PDF whose compressed page content is overwritten raises NotAPDF, not a pypdf error."""
    data = _read("answer_seed.pdf")
    start = data.index(b"stream\n") + 200
    broken = data[:start] + b"\x00" * 300 + data[start + 300 :]
    with pytest.raises(NotAPDF, match=r"^PDF cannot be read: \w+: "):
        pdf_to_text(broken)


def test_encrypted_pdf_needs_a_password() -> None:
    """A PDF with a user password raises NotAPDF saying so."""
    with pytest.raises(NotAPDF) as info:
        pdf_to_text(_read("encrypted.pdf"))
    assert str(info.value) == "PDF is encrypted and needs a password"


def test_pdf_without_text_layer() -> None:
    """A PDF with drawings but no text raises NotAPDF suggesting a scan."""
    with pytest.raises(NotAPDF) as info:
        pdf_to_text(_read("no_text.pdf"))
    assert str(info.value) == "PDF has no text layer (scanned?)"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_pdf_to_text_raises_only_not_a_pdf(junk: bytes) -> None:
    """Garbage behind a PDF header gives text or NotAPDF, never another exception."""
    try:
        text = pdf_to_text(b"%PDF-1.4\n" + junk + b"\n%%EOF\n")
    except NotAPDF as error:
        assert "\n" not in str(error)
        return
    assert text.strip()


# -- DOCX ------------------------------------------------------------------------------------------


def test_docx_matches_the_question_seed(question_seed_text: str) -> None:
    """The question DOCX gives the seed's paragraphs, " N)" markers and the footnote list."""
    text = docx_to_text(_read("question_seed.docx"))
    assert text == _expected_question_docx_text(question_seed_text)


def test_docx_footnote_markers_and_urls() -> None:
    """Footnote references follow their word as " N)"; the URLs close the text as "N) url"."""
    text = docx_to_text(_read("question_seed.docx"))
    assert "emoties leest’? 1)\n\n2\n\n" in text
    assert "mensenrechtenorganisaties 2) die waarschuwen" in text
    assert "(één miljoen Oeigoeren)? 3)\n\n6\n\n" in text
    assert text.splitlines()[-3:] == [
        "1) https://decorrespondent.nl/10307/berucht-chinees-veiligheidsministerie-gebruikt-"
        "nederlandse-software-die-emoties-leest/317002092-cae75d58",
        "2) https://www.hrw.org/news/2017/11/19/china-police-big-data-systems-violate-privacy-"
        "target-dissent",
        "3) https://www.nytimes.com/2019/04/14/technology/china-surveillance-artificial-"
        "intelligence-racial-profiling.html",
    ]


def test_docx_runs_tables_breaks_and_note_order() -> None:
    """Runs join, tables are read, tabs and breaks kept; notes are numbered by first reference."""
    body = (
        "<w:p><w:r><w:t>Eerste</w:t></w:r><w:r><w:t xml:space='preserve'> zin</w:t></w:r>"
        "<w:r><w:footnoteReference w:id='9'/></w:r><w:r><w:t>volgt.</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cel</w:t><w:tab/><w:t>twee</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl>"
        "<w:p><w:r><w:t>regel</w:t><w:br/><w:t>nieuw</w:t>"
        "<w:footnoteReference w:id='4'/></w:r></w:p>"
    )
    notes = (
        "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
        "<w:footnote w:id='4'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t> Tweede noot.</w:t>"
        "</w:r></w:p></w:footnote>"
        "<w:footnote w:id='9'><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Eerste noot.</w:t>"
        "</w:r></w:p></w:footnote>"
    )
    text = docx_to_text(_docx(body, notes))
    assert text == (
        "Eerste zin 1) volgt.\n\ncel\ttwee\n\nregel\nnieuw 2)\n\n1) Eerste noot.\n2) Tweede noot."
    )


def test_docx_skips_deletions_field_codes_and_fallbacks() -> None:
    """Tracked deletions, field codes and mc:Fallback copies are not part of the text."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    body = (
        "<w:p><w:r><w:t>Wel</w:t></w:r><w:del><w:r><w:delText>weg</w:delText></w:r></w:del>"
        '<w:r><w:instrText> HYPERLINK "https://x" </w:instrText></w:r>'
        "<w:ins><w:r><w:t xml:space='preserve'> erbij</w:t></w:r></w:ins>"
        f"<mc:AlternateContent xmlns:mc='{mc}'><mc:Choice Requires='wps'><w:r>"
        "<w:t xml:space='preserve'> één keer</w:t></w:r></mc:Choice><mc:Fallback><w:r>"
        "<w:t>dubbel</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
    )
    assert docx_to_text(_docx(body)) == "Wel erbij één keer"


def test_docx_without_footnotes_part() -> None:
    """A DOCX without word/footnotes.xml is just its paragraphs."""
    assert docx_to_text(_docx("<w:p><w:r><w:t>Alleen dit.</w:t></w:r></w:p>")) == "Alleen dit."


def test_not_a_docx() -> None:
    """Bytes that are no zip raise NotADocx."""
    with pytest.raises(NotADocx) as info:
        docx_to_text(b"%PDF-1.4 surprise")
    assert str(info.value) == "not a Word document: not a zip (DOCX) file"


def test_broken_zip_is_not_a_docx() -> None:
    """A zip header followed by garbage raises NotADocx about a broken zip."""
    with pytest.raises(NotADocx, match=r"^not a Word document: broken zip \(BadZipFile: "):
        docx_to_text(b"PK\x03\x04" + b"\x00" * 64)


def test_zip_without_document_is_not_a_docx() -> None:
    """A zip without word/document.xml raises NotADocx naming the missing part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    with pytest.raises(NotADocx) as info:
        docx_to_text(out.getvalue())
    assert str(info.value) == "not a Word document: the zip has no word/document.xml"


def test_zip_bomb_is_refused() -> None:
    """A DOCX that unpacks to more than 50 MB is refused before anything is unpacked."""
    bomb = _docx("<w:p/>", extra={"word/media/zeros.bin": b"\x00" * (MAX_UNZIPPED_BYTES + 2**20)})
    assert len(bomb) < 200_000
    with pytest.raises(
        NotADocx, match=r"^DOCX refused: it unpacks to 51\.0 MB, over the 50 MB limit"
    ):
        docx_to_text(bomb)


def test_docx_with_entities_is_refused() -> None:
    """document.xml goes through the safe XML parser: a DOCTYPE with entities is refused."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document '
            f'xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>',
        )
    with pytest.raises(UnsafeXML):
        docx_to_text(out.getvalue())


def test_docx_without_text_is_empty() -> None:
    """A DOCX whose paragraphs hold no text raises EmptyDocument."""
    with pytest.raises(EmptyDocument, match="Word document has no text"):
        docx_to_text(_docx("<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>"))


# -- sniffing and decoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.7\n...", "antwoord.txt", "pdf"),
        (b"\n %PDF-1.4\n", "", "pdf"),
        (b'\xef\xbb\xbf \n<?xml version="1.0"?><a/>', "x.bin", "xml"),
        ("<?xml version='1.0' encoding='UTF-16'?><a/>".encode("utf-16"), "", "xml"),
        (b"Vraag 1\nWaarom?", "vragen.txt", "txt"),
        (b"Vraag 1\nWaarom?", "", "txt"),
        ("Minister van Financiën\r\n".encode("cp1252"), "a.txt", "txt"),
        (b"Vraag 1\nWaarom?", "vragen.xml", "xml"),
    ],
)
def test_sniff_format(data: bytes, filename: str, expected: str) -> None:
    """Content decides first, the file name's extension second."""
    assert sniff_format(data, filename) == expected


def test_sniff_docx_fixture_even_when_misnamed() -> None:
    """A real DOCX is recognised by its content, whatever its name."""
    assert sniff_format(_read("question_seed.docx"), "antwoord.pdf") == "docx"
    assert sniff_format(_read("answer_seed.pdf"), "vragen.docx") == "pdf"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t", b"\xef\xbb\xbf  \n"])
def test_sniff_empty(data: bytes) -> None:
    """Empty or white-space input raises EmptyDocument naming the file."""
    with pytest.raises(EmptyDocument, match=r"^empty file$"):
        sniff_format(data, "leeg.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"abc\x00def", "binary data (NUL bytes), not a document"),
        (bytes(range(1, 32)) * 10, "binary data (control bytes), not a document"),
        (
            bytes(range(160, 256)) * 10,
            "binary data (mostly non-text bytes), not a document",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "a legacy Office file"),
    ],
)
def test_sniff_binary_garbage(data: bytes, message: str) -> None:
    """Binary data that is no known format raises NotADocument saying why."""
    with pytest.raises(NotADocument) as info:
        sniff_format(data, "blob")
    assert str(info.value).startswith(message)


def test_sniff_plain_zip_is_not_a_document() -> None:
    """A zip without word/document.xml is refused; named .docx it is NotADocx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "a")
    with pytest.raises(NotADocument, match=r"^a zip archive, not a Word document$"):
        sniff_format(out.getvalue(), "x.zip")
    with pytest.raises(NotADocx, match=r"^not a Word document"):
        sniff_format(out.getvalue(), "x.docx")


def test_sniff_error_page_named_pdf() -> None:
    """An HTML error page served as .pdf raises NotAPDF, not an XML parse."""
    with pytest.raises(NotAPDF) as info:
        sniff_format(b"<html><body>404</body></html>", "ah-tk-20182019-3985.pdf")
    assert str(info.value) == "not a PDF: it does not start with %PDF-"


def test_sniff_text_named_docx() -> None:
    """Text named .docx raises NotADocx."""
    with pytest.raises(NotADocx, match=r"^not a Word document"):
        sniff_format(b"Vraag 1", "C:\\tmp\\vragen.docx")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["", "a.pdf", "a.docx", "a.xml", "a.txt"]))
def test_sniff_format_answers_or_raises_a_parse_error(data: bytes, filename: str) -> None:
    """Any bytes and name give one of the four formats or a ParseError."""
    with contextlib.suppress(ParseError):
        assert sniff_format(data, filename) in {"pdf", "docx", "xml", "txt"}


def test_decode_text_utf8_bom_and_crlf() -> None:
    """A UTF-8 BOM is dropped and CRLF becomes LF."""
    assert decode_text(b"\xef\xbb\xbfFinanci\xc3\xabn\r\nregel 2\r\n") == "Financiën\nregel 2\n"


def test_decode_text_falls_back_to_cp1252() -> None:
    """Bytes that are no UTF-8 are read as cp1252 (curly quotes, euro sign, ë)."""
    data = "‘Financiën’ kost € 5\r\n".encode("cp1252")
    assert decode_text(data) == "‘Financiën’ kost € 5\n"


def test_decode_text_utf16_with_bom() -> None:
    """UTF-16 with a BOM is decoded too."""
    assert decode_text("Vraag 1\r\nWaarom?".encode("utf-16")) == "Vraag 1\nWaarom?"
