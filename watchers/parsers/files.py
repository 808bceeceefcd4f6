"""Document files to text: PDF (pypdf), DOCX (its zip, through the safe XML parser), plain text.

`sniff_format` tells which of "pdf", "docx", "xml" or "txt" a file is, from its content first and
its name second. `pdf_to_text`, `docx_to_text` and `decode_text` turn bytes into text for the
text parser. Unreadable input raises a `ParseError` subclass with a one-line message.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath

from lxml import etree

from kamervragen.watchers.parsers.errors import (
    EmptyDocument,
    NotADocument,
    NotADocx,
    NotAPDF,
    TooLarge,
)
from kamervragen.watchers.parsers.xmlsafe import parse_xml

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a DOCX that unpacks to more than this is refused
_SNIFF_BYTES = 8192

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc and other old Office files
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# What pypdf raises on broken input besides its own errors (PyPdfError): it parses hostile data
# with plain Python, so malformed objects surface as these built-in exceptions.
_BUILTIN_FAILURES = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    OverflowError,
    RecursionError,
    zlib.error,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT_XML = "word/document.xml"
_FOOTNOTES_XML = "word/footnotes.xml"
# Not part of the visible text: tracked deletions, field codes, and the fallback copy of content
# Word stores twice (mc:AlternateContent holds a Choice and a Fallback).
_UNREAD = frozenset(
    {
        f"{_W}del",
        f"{_W}delText",
        f"{_W}instrText",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)


def _one_line(error: BaseException) -> str:
    """An exception as `Type: first line of its message`."""
    text = " ".join(str(error).split()) or "no details"
    return f"{type(error).__name__}: {text[:200]}"


# -- PDF -----------------------------------------------------------------------------------------


def pdf_to_text(data: bytes, *, max_pages: int | None = None) -> str:
    """The text of every page, in order, pages separated by a newline.

    A PDF of more than `max_pages` pages is refused before any page is read.
    """
    if _PDF_MAGIC not in data[:1024]:
        raise NotAPDF("not a PDF: no %PDF- header")
    if b"%%EOF" not in data[-1024:]:
        raise NotAPDF("PDF is truncated: no %%EOF marker at its end")
    import pypdf  # 19 MB: loaded only where PDFs are read (the parsing worker), not in the bot
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise NotAPDF("PDF is encrypted and needs a password")
        count = len(reader.pages)
        if max_pages is not None and count > max_pages:
            raise TooLarge(
                f"PDF refused: {count} pages, over the limit of {max_pages} "
                "(KAMERVRAGEN_MAX_PDF_PAGES)"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, *_BUILTIN_FAILURES) as error:
        raise NotAPDF(f"PDF cannot be read: {_one_line(error)}") from None
    if not pages:
        raise NotAPDF("PDF has no pages")
    text = "\n".join(pages)
    if not text.strip():
        raise NotAPDF("PDF has no text layer (scanned?)")
    return text


# -- DOCX ----------------------------------------------------------------------------------------


def _open_docx(data: bytes) -> zipfile.ZipFile:
    """The DOCX's zip, after checking it is one and would not unpack to something huge."""
    if not data.startswith(_ZIP_MAGIC):
        raise NotADocx("not a Word document: not a zip (DOCX) file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise NotADocx(f"not a Word document: broken zip ({_one_line(error)})") from None
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_BYTES:
        raise NotADocx(
            f"DOCX refused: it unpacks to {total / 2**20:.1f} MB, "
            f"over the {MAX_UNZIPPED_BYTES // 2**20} MB limit (zip bomb?)"
        )
    if _DOCUMENT_XML not in archive.namelist():
        raise NotADocx(f"not a Word document: the zip has no {_DOCUMENT_XML}")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, reading no more than the unzip limit whatever its header claims."""
    try:
        with archive.open(name) as member:
            blob = member.read(MAX_UNZIPPED_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, zlib.error) as error:
        raise NotADocx(f"DOCX part {name} cannot be unpacked: {_one_line(error)}") from None
    if len(blob) > MAX_UNZIPPED_BYTES:
        raise NotADocx(f"DOCX refused: {name} unpacks to more than the limit (zip bomb?)")
    return blob


def _runs(node: etree._Element) -> Iterator[tuple[str, str]]:
    """("text", s) and ("note", id) items under `node`, in reading order."""
    for el in node:
        tag = el.tag
        if not isinstance(tag, str) or tag in _UNREAD:
            continue
        if tag == f"{_W}t":
            yield "text", el.text or ""
        elif tag == f"{_W}tab":
            yield "text", "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            yield "text", "\n"
        elif tag == f"{_W}noBreakHyphen":
            yield "text", "-"
        elif tag == f"{_W}footnoteReference":
            yield "note", el.get(f"{_W}id") or ""
        else:
            yield from _runs(el)


def _paragraph_text(paragraph: etree._Element, notes: dict[str, int]) -> str:
    """A paragraph's text; a footnote reference becomes " N)" after the word it follows."""
    text = ""
    after_note = False
    for kind, value in _runs(paragraph):
        if kind == "note":
            number = notes.setdefault(value, len(notes) + 1)
            text = f"{text.rstrip()} {number})"
            after_note = True
            continue
        if after_note and value[:1].isalnum():
            text += " "
        text += value
        after_note = False
    return text.strip()


def _body_paragraphs(document: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs of the body in reading order, those in tables included."""
    body = document.find(f"{_W}body")
    if body is None:
        return
    for el in body.iter(f"{_W}p"):
        # A paragraph inside another (a text box) is read as part of its outer paragraph.
        if not any(a.tag == f"{_W}p" for a in el.iterancestors()):
            yield el


def _footnote_texts(root: etree._Element) -> dict[str, str]:
    """Footnote id -> its text, leaving out Word's separator pseudo-notes."""
    texts: dict[str, str] = {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue
        parts = [_paragraph_text(p, {}) for p in note.iter(f"{_W}p")]
        texts[note.get(f"{_W}id") or ""] = " ".join(p for p in parts if p)
    return texts


def docx_to_text(data: bytes) -> str:
    """Paragraphs separated by a blank line, then footnotes as lines "N) text"."""
    archive = _open_docx(data)
    document = parse_xml(_read_member(archive, _DOCUMENT_XML))
    numbers: dict[str, int] = {}  # footnote id -> number as printed, in order of reference
    paragraphs = [_paragraph_text(p, numbers) for p in _body_paragraphs(document)]
    text = "\n\n".join(p for p in paragraphs if p)
    if _FOOTNOTES_XML in archive.namelist():
        notes = _footnote_texts(parse_xml(_read_member(archive, _FOOTNOTES_XML)))
        for note_id in notes:
            numbers.setdefault(note_id, len(numbers) + 1)
        lines = [
            f"{number}) {notes[note_id]}"
            for note_id, number in sorted(numbers.items(), key=lambda item: item[1])
            if note_id in notes
        ]
        if lines:
            text = f"{text}\n\n" + "\n".join(lines) if text else "\n".join(lines)
    if not text.strip():
        raise EmptyDocument("Word document has no text")
    return text


# -- plain text and sniffing ----------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Bytes as text: UTF-8 with or without BOM (UTF-16 with BOM), else cp1252; newlines as LF."""
    if data.startswith(_UTF8_BOM):
        text = data[len(_UTF8_BOM) :].decode("utf-8", errors="replace")
    elif data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_docx_zip(data: bytes) -> bool:
    """Whether `data` is a zip holding word/document.xml."""
    try:
        return _DOCUMENT_XML in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False


def _looks_binary(data: bytes) -> str | None:
    """Why `data` is not text, or None when it looks like text."""
    sample = data[:_SNIFF_BYTES]
    if sample.startswith(_UTF16_BOMS):
        return None
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in sample if (b < 32 and b not in b"\t\n\r\f") or b == 127)
    if controls > len(sample) * 0.05:
        return "binary data (control bytes)"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut-off multi-byte character at the end of the sample is still UTF-8.
        if error.start < len(sample) - 3:
            high = sum(1 for b in sample if b >= 128)
            if high > len(sample) * 0.3:
                return "binary data (mostly non-text bytes)"
    return None


def sniff_format(data: bytes, filename: str = "") -> str:
    """ "pdf", "docx", "xml" or "txt": by magic bytes first, by the file name's extension second."""
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    stripped = data.lstrip()
    if stripped.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith(_ZIP_MAGIC) and _is_docx_zip(data):
        return "docx"
    text_head = decode_text(data[:_SNIFF_BYTES]).lstrip("\ufeff \t\r\n\f")
    if not text_head and not data[_SNIFF_BYTES:].strip():
        raise EmptyDocument("empty file")
    if extension == ".pdf":
        raise NotAPDF("not a PDF: it does not start with %PDF-")
    if extension == ".docx":
        raise NotADocx(f"not a Word document: not a zip with {_DOCUMENT_XML}")
    if data.startswith(_ZIP_MAGIC):
        raise NotADocument("a zip archive, not a Word document")
    if data.startswith(_OLE_MAGIC):
        raise NotADocument("a legacy Office file (.doc?); save it as DOCX or PDF")
    problem = _looks_binary(data)
    if problem:
        raise NotADocument(f"{problem}, not a document")
    if text_head.startswith("<") or extension == ".xml":
        return "xml"
    return "txt"
