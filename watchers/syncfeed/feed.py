"""Parse one SyncFeed Atom page (bytes) into typed entities. Pure: no I/O.

The page is read with lxml `iterparse`, each `<entry>` is turned into an entity as soon as it
ends and then cleared, so memory stays flat. Elements and attributes are matched by namespace
URI and local name, never by prefix; the namespace-stripped shape (no namespaces at all) is read
too. A page that is not complete, well-formed XML raises `FeedError` and returns nothing.

What the page holds but cannot be read is named in `FeedPage.unreadable`, never dropped in
silence: entries in another namespace than Atom's, a payload in another namespace than tkData's,
an entry without a payload. The poller refuses such a page rather than move its cursor past them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from kamervragen.watchers.syncfeed.entities import (
    Deleted,
    Entity,
    Other,
    parse_timestamp,
    soort_key,
)
from kamervragen.watchers.syncfeed.errors import FeedError, UnsafeFeed
from kamervragen.watchers.syncfeed.payload import (
    READERS,
    TK,
    is_true,
    local_name,
    payload_attr,
    payload_soort,
)

ATOM = "http://www.w3.org/2005/Atom"
_ENTRY_TAGS = (f"{{{ATOM}}}entry", "entry")
_FEED_TAGS = frozenset({f"{{{ATOM}}}feed", "feed"})
_LINK_TAGS = frozenset({f"{{{ATOM}}}link", "link"})
# A query parameter named skiptoken (or $skiptoken), in any position of the query string.
_SKIPTOKEN_RE = re.compile(r"[?&;]\$?skiptoken=([^&#;]*)", re.IGNORECASE)
_ENVELOPE = {
    f"{{{ns}}}{name}" if ns else name: name
    for ns in (ATOM, "")
    for name in ("title", "updated", "category", "link", "content")
}

# Hardened: no DTD, no entity expansion, no network; a DOCTYPE is refused before parsing.
_PARSER_OPTIONS: dict[str, Any] = {
    "load_dtd": False,
    "no_network": True,
    "resolve_entities": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "recover": False,
}


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One page of a category's feed: its entries in feed order and where the next page is."""

    entries: list[Entity]
    next_url: str | None
    next_skiptoken: int | None
    resume_url: str | None = None
    unreadable: tuple[str, ...] = ()  # entries that are there but cannot be read, and why

    @property
    def caught_up(self) -> bool:
        """True when the page has no entries: the feed has nothing newer."""
        return not self.entries

    @property
    def last_skiptoken(self) -> int | None:
        """The skiptoken to resume from after this page (the last entry's, else the page's)."""
        for entry in reversed(self.entries):
            if entry.skiptoken is not None:
                return entry.skiptoken
        return self.next_skiptoken


def parse_feed_page(
    data: bytes, *, soorten: Mapping[str, frozenset[str]] | None = None
) -> FeedPage:
    """Parse a SyncFeed page; `soorten` maps a category term to the soort keys to build.

    With `soorten={"document": QUESTION_DOCUMENT_SOORTEN}`, Documents of other soorten come back
    as `Other` (cheaply, without building their fields) but keep their skiptoken and updated.
    Raises `FeedError` (or `UnsafeFeed`) for anything but a complete, well-formed Atom feed.
    """
    if data[:1].isspace():
        data = data.lstrip()  # some servers put white space before the XML declaration
    _refuse_doctype(data)
    wanted = {term.lower(): keys for term, keys in (soorten or {}).items()}
    entries: list[Entity] = []
    unreadable: list[str] = []
    links: dict[str, str] = {}
    context = etree.iterparse(io.BytesIO(data), events=("end",), tag=_ENTRY_TAGS, **_PARSER_OPTIONS)
    try:
        for _event, entry in context:
            parent = entry.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # a lone <entry> document, or an "entry" nested in a payload
            read = _read_entry(entry, wanted)
            if isinstance(read, str):
                unreadable.append(read)
            else:
                entries.append(read)
            entry.clear(keep_tail=False)
            while (first := parent[0]) is not entry:
                _feed_child(first, links, unreadable)
                del parent[0]
        root = context.root
    except etree.ParseError as exc:
        raise FeedError(f"feed page is not well-formed XML: {_first_line(exc)}") from None
    if root is None or root.tag not in _FEED_TAGS:
        raise FeedError(f"feed page is not an Atom feed: root element {_tag_of(root)}")
    if root.getroottree().docinfo.doctype:
        raise UnsafeFeed("feed page declares a DOCTYPE; refused")
    for child in root:
        _feed_child(child, links, unreadable)
    next_url = links.get("next")
    return FeedPage(
        entries=entries,
        next_url=next_url,
        next_skiptoken=skiptoken_from_url(next_url),
        resume_url=links.get("resume"),
        unreadable=tuple(unreadable),
    )


def skiptoken_from_url(url: str | None) -> int | None:
    """The `skiptoken` query parameter of a feed URL, whatever the parameter order."""
    if not url:
        return None
    match = _SKIPTOKEN_RE.search(url)
    if match is None:
        return None
    try:
        return int(match.group(1))
    except ValueError:
        return None


def feed_url(base: str, category: str, skiptoken: int | None = None) -> str:
    """The URL of a category's feed page after `skiptoken`; `base` ends in /SyncFeed/2.0."""
    url = f"{base.rstrip('/')}/Feed?category={category}"
    return url if skiptoken is None else f"{url}&skiptoken={skiptoken}"


def _refuse_doctype(data: bytes) -> None:
    """Raise UnsafeFeed when the prolog (before the root element) holds a DOCTYPE.

    Stricter than `watchers.parsers.xmlsafe`, which lets a DOCTYPE without entities or external
    DTD pass: a feed page has no business declaring one at all. libxml2's own view of the
    DOCTYPE is checked again after parsing.
    """
    if data.startswith(_UTF16_BOMS):
        data = data[:65536].decode("utf-16", errors="ignore").encode("utf-8")
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    size = len(data)
    while pos < size:
        if data[pos : pos + 1].isspace():
            pos += 1
        elif data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            pos = size if end < 0 else end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            pos = size if end < 0 else end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            raise UnsafeFeed("feed page declares a DOCTYPE (DTD or entities); refused")
        else:
            return


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _feed_child(element: Any, links: dict[str, str], unreadable: list[str]) -> None:
    """Record a feed-level <link rel=.. href=..>; note an entry in a foreign namespace."""
    tag = element.tag
    if tag in _LINK_TAGS:
        rel, href = element.get("rel"), element.get("href")
        if rel and href:
            links.setdefault(rel, href)
    elif isinstance(tag, str) and tag.endswith("}entry") and tag not in _ENTRY_TAGS:
        unreadable.append(f"an entry in namespace {_namespace(tag)!r}, not Atom's")


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _read_entry(entry: Any, wanted: Mapping[str, frozenset[str]]) -> Entity | str:
    """One <entry>: its envelope, then the payload read by the category's reader; or why it
    cannot be read."""
    guid = ""
    updated = None
    category = None
    skiptoken = None
    enclosure = None
    payload = None
    for child in entry:
        name = _ENVELOPE.get(child.tag)
        if name is None:
            continue  # id, author and anything else
        if name == "link":
            rel = child.get("rel")
            if rel == "next":
                skiptoken = skiptoken_from_url(child.get("href"))
            elif rel == "enclosure":
                enclosure = child.get("href")
        elif name == "content":
            if len(child):
                payload = child[0]
        elif name == "updated":
            updated = parse_timestamp(child.text)
        elif name == "title":
            guid = (child.text or "").strip()
        else:
            category = child.get("term")
    if payload is None:
        return f"entry {guid or '(no title)'} has no payload"
    namespace = _namespace(payload.tag) if isinstance(payload.tag, str) else ""
    if namespace not in ("", TK):
        return f"entry {guid or '(no title)'} has its payload in namespace {namespace!r}"
    guid = payload.get("id") or guid
    if not category:
        category = local_name(payload.tag) or ""
    category = category or ""
    key = category.lower()
    reader = READERS.get(key)
    if is_true(payload_attr(payload, "verwijderd")):
        bijgewerkt = parse_timestamp(payload_attr(payload, "bijgewerkt"))
        return Deleted(guid, category, bijgewerkt, skiptoken=skiptoken, updated=updated)
    if reader is None:
        return Other(guid, category, skiptoken=skiptoken, updated=updated)
    keys = wanted.get(key)
    if keys is not None and soort_key(payload_soort(payload)) not in keys:
        return Other(guid, category, skiptoken=skiptoken, updated=updated)
    return reader(payload, guid, enclosure, skiptoken, updated)


def _tag_of(element: Any) -> str:
    return "(none)" if element is None else repr(element.tag)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
