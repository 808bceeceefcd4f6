"""Parse untrusted XML without expanding entities, loading DTDs or touching the network.

`parse_xml` is the only way the parsers read XML. A document whose DOCTYPE declares entities or
points at an external DTD is refused (`UnsafeXML`) before anything is expanded; broken XML raises
`MalformedXML` saying where; empty input raises `EmptyDocument`.
"""

from __future__ import annotations

import re

from lxml import etree

from kamervragen.watchers.parsers.errors import EmptyDocument, MalformedXML, UnsafeXML

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# The DOCTYPE declaration: its name, an optional external id, an optional internal subset.
_DOCTYPE_RE = re.compile(
    r"<!DOCTYPE\s+[^\s\[>]+\s*(?P<external>(?:SYSTEM|PUBLIC)\b)?[^\[>]*(?:\[(?P<subset>.*?)\]\s*)?>",
    re.S,
)
_LXML_POSITION_RE = re.compile(r",\s*line \d+,\s*column \d+\s*$")


def _parser() -> etree.XMLParser:
    """A fresh lxml parser that never resolves entities, loads DTDs or reaches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _head_text(data: bytes) -> str:
    """The document decoded just well enough to look for a DOCTYPE declaration."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    # Every ASCII-compatible encoding spells the markup the same way; latin-1 never fails.
    return data.decode("latin-1")


def _refuse_unsafe_doctype(data: bytes) -> None:
    """Raise UnsafeXML when the DOCTYPE declares entities or names an external DTD."""
    text = _head_text(data)
    if "<!DOCTYPE" not in text:
        return
    match = _DOCTYPE_RE.search(text)
    if match is None:
        # A DOCTYPE we cannot delimit is not worth the risk.
        raise UnsafeXML("XML has a DOCTYPE declaration that cannot be checked; refused")
    if match.group("external"):
        raise UnsafeXML("XML DOCTYPE refers to an external DTD; refused")
    if "<!ENTITY" in (match.group("subset") or ""):
        raise UnsafeXML("XML DOCTYPE declares entities; refused, nothing was expanded")


def _check_docinfo(root: etree._Element) -> None:
    """Second line of defence: what libxml2 itself saw in the DOCTYPE."""
    docinfo = root.getroottree().docinfo
    if docinfo.system_url or docinfo.public_id:
        raise UnsafeXML("XML DOCTYPE refers to an external DTD; refused")
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXML("XML DOCTYPE declares entities; refused, nothing was expanded")


def _one_line(error: etree.XMLSyntaxError) -> str:
    """lxml's syntax error as one line that says where."""
    message = _LXML_POSITION_RE.sub("", " ".join(str(error.msg or error).split()))
    line, column = error.position if error.position else (error.lineno, error.offset)
    return f"XML does not parse at line {line}, column {column}: {message}"


def parse_xml(data: bytes) -> etree._Element:
    """Parse `data` safely and return its root element."""
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    if not body.strip():
        raise EmptyDocument("XML document is empty")
    if not body.startswith(_UTF16_BOMS):
        # An XML declaration must come first; tolerate white space some servers put before it.
        body = body.lstrip()
    _refuse_unsafe_doctype(body)
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as error:
        raise MalformedXML(_one_line(error)) from None
    if root is None:
        raise EmptyDocument("XML document has no root element")
    _check_docinfo(root)
    return root
