"""Dispatch on the form a Kamervragen document takes: bytes in, `ParsedDocument` out.

`parse_bytes(data, filename)` sniffs the format (PDF, DOCX, KOOP XML, metadata XML, text) and
hands the document to the right parser. Input that cannot be read raises a `ParseError` with a
one-line message; a readable document of an unknown layout returns what was found plus warnings.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kamervragen.core.model import ParsedDocument, SourceIds
from kamervragen.watchers.parsers.errors import TooLarge
from kamervragen.watchers.parsers.files import decode_text, docx_to_text, pdf_to_text, sniff_format
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml
from kamervragen.watchers.parsers.text import parse_text


@dataclass(frozen=True)
class ParseLimits:
    """How much of a document is read at most (`KAMERVRAGEN_MAX_PDF_PAGES`,
    `KAMERVRAGEN_MAX_TEXT_BYTES`); a document over a limit is refused whole."""

    max_pdf_pages: int = 300
    max_text_bytes: int = 10 * 1024 * 1024

    def check_text(self, size: int) -> None:
        """Raise `TooLarge` when `size` bytes of text are over the limit."""
        if size > self.max_text_bytes:
            raise TooLarge(
                f"document refused: {size / 2**20:.1f} MB of text, over the limit of "
                f"{self.max_text_bytes / 2**20:.1f} MB (KAMERVRAGEN_MAX_TEXT_BYTES)"
            )


def parse_bytes(
    data: bytes, filename: str = "", limits: ParseLimits | None = None
) -> ParsedDocument:
    """Parse one document file of any supported format."""
    limits = limits or ParseLimits()
    fmt = sniff_format(data, filename)
    if fmt in ("xml", "txt"):
        limits.check_text(len(data))
    if fmt == "xml":
        doc = parse_koop_xml(data)
    elif fmt == "pdf":
        text = pdf_to_text(data, max_pages=limits.max_pdf_pages)
        limits.check_text(len(text.encode("utf-8")))
        doc = parse_text(text, fmt="pdf")
    elif fmt == "docx":
        text = docx_to_text(data)
        limits.check_text(len(text.encode("utf-8")))
        doc = parse_text(text, fmt="docx")
    else:
        doc = parse_text(decode_text(data), fmt="txt")
    # The hash of the bytes as given identifies the file, whatever the rendering.
    doc.content_hash = hashlib.sha256(data).hexdigest()
    if filename:
        ids = doc.ids
        doc.ids = SourceIds(ids.tk_guid, ids.document_number, ids.publication_id, filename)
    return doc
