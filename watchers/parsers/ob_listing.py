"""What officielebekendmakingen lists: its search service's answers (SRU 2.0 searchRetrieve, the
records of repository.overheid.nl) and its RSS feeds. Pure: bytes in, `Listing` out.

Both name publications; only Kamervragen publications are kept: answers and notices in the
Aanhangsel (`ah-tk-…`) and questions (`kv-tk-…`). Elements are matched by local name, so the
namespaced records of the live service and the namespace-stripped ones of some clients read
alike; an unknown field is ignored, never an error. The XML is parsed with entities and DTDs
refused (`xmlsafe`), also before feedparser reads a feed.

    ListingError               a search answer or feed that cannot be used
    ├── SearchDiagnostic       the search service answered with an SRU diagnostic (a refusal)
    └── (ParseError)           the bytes are no XML we read: empty, malformed, unsafe
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.koop_xml import element_text, local_name
from kamervragen.watchers.parsers.xmlsafe import parse_xml

# A Kamervragen publication id inside any text (a link, a title, a record field).
KAMERVRAGEN_ID_RE = re.compile(r"\b((?:ah-tk-\d{8}-\d{1,6})|(?:kv-tk-\d{4}Z\d{5}))\b", re.I)
_ZAAKNUMMER_RE = re.compile(r"\b(\d{4}Z\d{5})\b")
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class ListingError(ParseError):
    """A search answer or feed that cannot be used."""


class SearchDiagnostic(ListingError):
    """The search service refused the query (an SRU diagnostic)."""


@dataclass(frozen=True)
class Listed:
    """One Kamervragen publication a listing names."""

    publication_id: str  # lower case: ah-tk-20242025-1028, kv-tk-2024z21590 as kv-tk-2024Z21590
    modified: dt.date | None = None
    title: str | None = None
    publication_name: str | None = None
    zaaknummer: str | None = None  # the vraagnummer, when the listing gives it


@dataclass
class Listing:
    """What one page of a search (or one feed) lists."""

    publications: list[Listed] = field(default_factory=list)
    total: int | None = None  # records the search found in all (SRU numberOfRecords)
    next_position: int | None = None  # the startRecord of the next page; None: the last page
    others: int = 0  # records that are not Kamervragen publications (skipped)


def normal_id(text: str) -> str:
    """A publication id as stored: lower case, the Z of a zaaknummer upper case."""
    lowered = text.strip().lower()
    if lowered.startswith("kv-tk-"):
        return "kv-tk-" + lowered[6:].upper()
    return lowered


def _date(text: str | None) -> dt.date | None:
    match = _DATE_RE.search(text or "")
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _first(record: etree._Element, name: str) -> str | None:
    """The text of the first descendant with this local name, or None."""
    for element in record.iter():
        if local_name(element) == name:
            text = element_text(element, skip=frozenset())
            return text or None
    return None


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def parse_sru_response(data: bytes) -> Listing:
    """One page of an SRU searchRetrieve answer; raises ListingError for a diagnostic or for
    XML that is no searchRetrieveResponse."""
    root = parse_xml(data)
    if local_name(root) != "searchretrieveresponse":
        raise ListingError(f"search answer is <{local_name(root)}>, not a searchRetrieveResponse")
    listing = Listing()
    records: list[etree._Element] = []
    for child in root:
        name = local_name(child)
        if name == "numberofrecords":
            listing.total = _int(child.text)
        elif name == "nextrecordposition":
            listing.next_position = _int(child.text)
        elif name == "records":
            records = [r for r in child if local_name(r) == "record"]
        elif name == "diagnostics":
            message = _first(child, "message") or _first(child, "details") or "no message"
            raise SearchDiagnostic(f"search refused: {message[:200]}")
    for record in records:
        listed = _record(record)
        if listed is None:
            listing.others += 1
        else:
            listing.publications.append(listed)
    return listing


def _record(record: etree._Element) -> Listed | None:
    """A Kamervragen publication from one SRU record, or None for any other publication."""
    identifier = _first(record, "identifier") or ""
    match = KAMERVRAGEN_ID_RE.fullmatch(identifier.strip())
    if not match:
        return None
    vraagnummer = _ZAAKNUMMER_RE.search(_first(record, "vraagnummer") or "")
    return Listed(
        publication_id=normal_id(match.group(1)),
        modified=_date(_first(record, "modified")) or _date(_first(record, "available")),
        title=_first(record, "title"),
        publication_name=_first(record, "publicatienaam"),
        zaaknummer=vraagnummer.group(1) if vraagnummer else None,
    )


def parse_rss(data: bytes) -> Listing:
    """The Kamervragen publications of an RSS (or Atom) feed of officielebekendmakingen, read
    with feedparser after the XML was checked to declare no DTD or entities."""
    import feedparser  # only the feed reader needs it

    root = parse_xml(data)  # refuses DTDs and entities, and malformed XML, before feedparser
    if local_name(root) not in ("rss", "feed", "rdf"):
        raise ListingError(f"feed is <{local_name(root)}>, not RSS or Atom")
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    listing = Listing()
    seen: set[str] = set()
    for entry in feed.entries:
        texts = [entry.get("link"), entry.get("id"), entry.get("guid"), entry.get("title")]
        found = next((m for t in texts if t and (m := KAMERVRAGEN_ID_RE.search(t))), None)
        if found is None:
            listing.others += 1
            continue
        publication_id = normal_id(found.group(1))
        if publication_id in seen:
            continue
        seen.add(publication_id)
        # dict.get: feedparser's own mapping of one date to the other warns (an error here)
        stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        modified = (
            dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date() if stamp else None
        )
        listing.publications.append(
            Listed(publication_id, modified, title=entry.get("title") or None)
        )
    return listing
