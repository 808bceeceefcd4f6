"""Dispatch on the form a Kamervragen document takes: bytes in, `ParsedDocument` out.

`parse_bytes(data, filename)` sniffs the format (PDF, DOCX, KOOP XML, metadata XML, text) and
hands the document to the right parser. Input that cannot be read raises a `ParseError` with a
one-line message; a readable document of an unknown layout returns what was found plus warnings.
"""

from __future__ import annotations

import hashlib

from kamervragen.core.model import ParsedDocument, SourceIds
from kamervragen.watchers.parsers.files import decode_text, docx_to_text, pdf_to_text, sniff_format
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml
from kamervragen.watchers.parsers.text import parse_text


def parse_bytes(data: bytes, filename: str = "") -> ParsedDocument:
    """Parse one document file of any supported format."""
    fmt = sniff_format(data, filename)
    if fmt == "xml":
        doc = parse_koop_xml(data)
    elif fmt == "pdf":
        doc = parse_text(pdf_to_text(data), fmt="pdf")
    elif fmt == "docx":
        doc = parse_text(docx_to_text(data), fmt="docx")
    else:
        doc = parse_text(decode_text(data), fmt="txt")
    # The hash of the bytes as given identifies the file, whatever the rendering.
    doc.content_hash = hashlib.sha256(data).hexdigest()
    if filename:
        ids = doc.ids
        doc.ids = SourceIds(ids.tk_guid, ids.document_number, ids.publication_id, filename)
    return doc
