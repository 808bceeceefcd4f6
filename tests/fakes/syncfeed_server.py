"""A fake Tweede Kamer SyncFeed on 127.0.0.1, and builders for tkData entity payloads.

    with SyncFeedServer(page_size=2) as feed:
        feed.add("Zaak", zaak_xml(ZAAK_GUID, nummer="2025Z00123"))
        feed.add("Document", document_xml(DOC_GUID, zaak_refs=[ZAAK_GUID]))
        feed.add_resource(DOC_GUID, b"%PDF-1.7 ...")
        url = feed.feed_url("Zaak")          # http://127.0.0.1:<port>/SyncFeed/2.0/Feed?...

Serves `/SyncFeed/2.0/Feed?category=X&skiptoken=N` (either parameter order) in the real Atom
envelope, `/SyncFeed/2.0/Entiteiten/<guid>` and `/SyncFeed/2.0/Resources/<guid>`. Skiptokens grow
across all categories, as in the real feed. Entities can be added while the server runs.

Beside it, as on gegevensmagazijn.tweedekamer.nl, the OData API's one query the watchers make:
`/OData/v4/2.0/Document?$filter=DocumentNummer eq '2019D30185' and Verwijderd eq false&...`
answers the documents with that number and the numbers of their Zaken, from the entities added.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from tests.fakes.httpserver import FakeHTTPServer, Reply, Request

ATOM = "http://www.w3.org/2005/Atom"
TK = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FEED_PATH = "/SyncFeed/2.0/Feed"
ODATA_DOCUMENT_PATH = "/OData/v4/2.0/Document"
ATOM_TYPE = "application/atom+xml; charset=utf-8"

# Feed category name -> the lowerCamel term on its entries.
TERMS = {"Zaak": "zaak", "Document": "document", "DocumentVersie": "documentVersie",
         "ZaakActor": "zaakActor", "Persoon": "persoon", "Fractie": "fractie"}  # fmt: skip


@dataclass(frozen=True)
class FeedEntry:
    """One entry the fake serves."""

    skiptoken: int
    category: str
    guid: str
    updated: str
    payload: str
    enclosure: bool


class SyncFeedServer(FakeHTTPServer):
    """A fake SyncFeed: per category an ordered list of entries with growing skiptokens."""

    def __init__(
        self,
        *,
        page_size: int = 250,
        first_skiptoken: int = 21_000_000,
        skiptoken_step: int = 1,
        param_order: str = "category-first",
        start: dt.datetime | None = None,
        response_delay: float = 0.0,
        link_base: str | None = None,
    ) -> None:
        super().__init__(response_delay=response_delay)
        self.link_base = link_base  # base URL written into links; default: this server
        self.page_size = page_size
        self.param_order = param_order  # "category-first", "skiptoken-first" or "alternate"
        self._next_token = first_skiptoken
        self._step = skiptoken_step
        self._clock = start or dt.datetime(2025, 1, 8, 9, 0, tzinfo=dt.UTC)
        self._entries: dict[str, list[FeedEntry]] = {}
        self._tokens: dict[str, list[int]] = {}
        self._latest: dict[str, FeedEntry] = {}
        self._resources: dict[str, tuple[bytes, str]] = {}
        self._data_lock = threading.Lock()
        self._links_made = 0

    @property
    def base_url(self) -> str:
        """The SyncFeed base URL, as the watcher's config wants it (and as links show it)."""
        return self.link_base or f"{self.origin}/SyncFeed/2.0"

    def feed_url(self, category: str, skiptoken: int | None = None) -> str:
        """The URL of a category's page after `skiptoken`."""
        url = f"{self.base_url}/Feed?category={category}"
        return url if skiptoken is None else f"{url}&skiptoken={skiptoken}"

    def add(
        self,
        category: str,
        payload: str,
        *,
        guid: str | None = None,
        updated: dt.datetime | str | None = None,
        enclosure: bool | None = None,
    ) -> int:
        """Append an entity payload to a category's feed; returns the entry's skiptoken."""
        name = _category_name(category)
        guid = guid or _payload_id(payload)
        deleted = 'verwijderd="true"' in payload
        if enclosure is None:
            enclosure = name == "Document" and not deleted
        with self._data_lock:
            if updated is None:
                self._clock += dt.timedelta(minutes=1)
                updated = self._clock
            token = self._next_token
            self._next_token += self._step
            entry = FeedEntry(token, name, guid, _stamp(updated), payload, enclosure)
            self._entries.setdefault(name, []).append(entry)
            self._tokens.setdefault(name, []).append(token)
            self._latest[guid] = entry
        return token

    def add_resource(self, guid: str, data: bytes, content_type: str = "application/pdf") -> None:
        """Serve `data` at /SyncFeed/2.0/Resources/<guid>."""
        with self._data_lock:
            self._resources[guid] = (data, content_type)

    def entries(self, category: str) -> list[FeedEntry]:
        """The entries of a category so far."""
        with self._data_lock:
            return list(self._entries.get(_category_name(category), []))

    def route(self, request: Request) -> Reply:
        """Feed pages, entities and resources; anything else is unexpected."""
        path = request.path
        if path == FEED_PATH:
            return self._feed(request)
        if path.startswith("/SyncFeed/2.0/Resources/"):
            with self._data_lock:
                found = self._resources.get(path.rsplit("/", 1)[1])
            if found is None:
                return Reply(404, b'{"status": 404}', content_type="application/json")
            return Reply(200, found[0], content_type=found[1])
        if path == ODATA_DOCUMENT_PATH:
            return self._odata_documents(request)
        if path.startswith("/SyncFeed/2.0/Entiteiten/"):
            with self._data_lock:
                entry = self._latest.get(path.rsplit("/", 1)[1])
            if entry is None:
                return Reply(404, b'{"status": 404}', content_type="application/json")
            body = '<?xml version="1.0" encoding="utf-8"?>\n' + entry.payload
            return Reply(200, body.encode(), content_type="application/xml; charset=utf-8")
        return self.unexpected(request)

    def _odata_documents(self, request: Request) -> Reply:
        """The documents with the number the $filter asks for, each with its Zaken' numbers."""
        match = _ODATA_FILTER_RE.fullmatch(request.query.get("$filter", ""))
        if match is None:
            return self.unexpected(request)
        number = match.group(1)
        with self._data_lock:
            latest = list(self._latest.values())
        zaak_numbers = {
            e.guid: found.group(1)
            for e in latest
            if e.category == "Zaak" and (found := _NUMMER_RE.search(e.payload))
        }
        documents = [
            {
                "Id": e.guid,
                "DocumentNummer": number,
                "Zaak": [
                    {"Nummer": zaak_numbers[ref]}
                    for ref in _ZAAK_REF_RE.findall(e.payload)
                    if ref in zaak_numbers
                ],
            }
            for e in latest
            if e.category == "Document" and f"<documentNummer>{number}<" in e.payload
        ]
        body = json.dumps({"@odata.context": "$metadata#Document", "value": documents})
        return Reply(200, body.encode(), content_type="application/json; odata.metadata=minimal")

    def _feed(self, request: Request) -> Reply:
        category = request.query.get("category")
        token_text = request.query.get("skiptoken", "0")
        if not category or not token_text.isdigit():
            return self.unexpected(request)
        name = _category_name(category)
        after = int(token_text)
        with self._data_lock:
            entries = self._entries.get(name, [])
            start = bisect.bisect_right(self._tokens.get(name, []), after)
            page = entries[start : start + self.page_size]
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n', f'<feed xmlns="{ATOM}">\n']
        if page:
            parts.append(f'  <link rel="next" href={quoteattr(self._link(name, page[-1]))}/>\n')
        parts.extend(self._entry_xml(entry) for entry in page)
        parts.append("</feed>\n")
        return Reply(200, "".join(parts).encode(), content_type=ATOM_TYPE)

    def _link(self, name: str, entry: FeedEntry) -> str:
        """A next link pointing just past `entry`, in the configured parameter order."""
        order = self.param_order
        if order == "alternate":
            self._links_made += 1
            order = "skiptoken-first" if self._links_made % 2 else "category-first"
        if order == "skiptoken-first":
            return f"{self.base_url}/Feed?skiptoken={entry.skiptoken}&category={name}"
        return f"{self.base_url}/Feed?category={name}&skiptoken={entry.skiptoken}"

    def _entry_xml(self, entry: FeedEntry) -> str:
        base = self.base_url
        enclosure = (
            f'    <link rel="enclosure" href="{base}/Resources/{entry.guid}"/>\n'
            if entry.enclosure
            else ""
        )
        return (
            "  <entry>\n"
            f"    <title>{entry.guid}</title>\n"
            f"    <id>{base}/Entiteiten/{entry.guid}</id>\n"
            "    <author><name>Tweede Kamer der Staten-Generaal</name></author>\n"
            f"    <updated>{entry.updated}</updated>\n"
            f'    <category term="{TERMS.get(entry.category, _lower_camel(entry.category))}"/>\n'
            f'    <link rel="next" href={quoteattr(self._link(entry.category, entry))}/>\n'
            f"{enclosure}"
            f'    <content type="application/xml">{entry.payload}</content>\n'
            "  </entry>\n"
        )


# -- payload builders (element order and nillability as in the tkData XSDs) ----------------------


def zaak_xml(
    guid: str,
    *,
    nummer: str | None = "2025Z00123",
    soort: str | None = "Schriftelijke vragen",
    onderwerp: str | None = "Vragen van het lid Voorbeeld (VVD) aan de Minister over iets",
    gestart_op: str | None = "2025-01-08T00:00:00",
    titel: str | None = None,
    termijn: str | None = "2025-01-29T00:00:00",
    vergaderjaar: str | None = "2024-2025",
    status: str | None = "Vrijgegeven",
    afgedaan: bool | None = False,
    bijgewerkt: str = "2025-01-08T10:14:51Z",
    prefix: str = "tk",
) -> str:
    """A <zaak> payload."""
    body = [
        _field("nummer", nummer),
        _field("soort", soort, nillable=True),
        _field("onderwerp", onderwerp),
        _field("gestartOp", gestart_op),
        _field("organisatie", "Tweede Kamer"),
        _field("titel", titel, nillable=True),
        _field("termijn", termijn, nillable=True),
        _field("vergaderjaar", vergaderjaar),
        _field("status", status, nillable=True),
        _field("afgedaan", None if afgedaan is None else str(afgedaan).lower(), nillable=True),
    ]
    return _entity("zaak", guid, bijgewerkt, body, prefix=prefix)


def document_xml(
    guid: str,
    *,
    zaak_refs: Sequence[str] = (),
    soort: str | None = "Schriftelijke vragen",
    document_nummer: str | None = "2025D00456",
    titel: str | None = "Vragen van het lid Voorbeeld (VVD) aan de Minister over iets",
    onderwerp: str | None = "Vragen van het lid Voorbeeld (VVD) aan de Minister over iets",
    datum: str | None = "2025-01-08T00:00:00",
    vergaderjaar: str | None = "2024-2025",
    datum_ontvangst: str | None = None,
    aanhangselnummer: str | None = None,
    huidige_versie_ref: str | None = None,
    content_type: str | None = "application/pdf",
    content_length: int | None = None,
    bijgewerkt: str = "2025-01-08T10:20:11Z",
    prefix: str = "tk",
) -> str:
    """A <document> payload; several `zaak_refs` make several <zaak ref> children."""
    body = [
        _ref("huidigeDocumentVersie", huidige_versie_ref),
        *(_ref("zaak", ref) for ref in zaak_refs),
        _field("soort", soort, nillable=True),
        _field("documentNummer", document_nummer),
        _field("titel", titel, nillable=True),
        _field("onderwerp", onderwerp),
        _field("datum", datum),
        _field("volgnummer", "-1"),
        _field("vergaderjaar", vergaderjaar),
        _field("kamer", "2"),
        _field("datumOntvangst", datum_ontvangst, nillable=True),
        _field("aanhangselnummer", aanhangselnummer, nillable=True),
        _field("organisatie", "Tweede Kamer"),
    ]
    attrs = {}
    if content_type is not None:
        attrs["contentType"] = content_type
    if content_length is not None:
        attrs["contentLength"] = str(content_length)
    return _entity("document", guid, bijgewerkt, body, prefix=prefix, attrs=attrs)


def documentversie_xml(
    guid: str,
    *,
    document_ref: str | None = None,
    status: str | None = "Vrijgegeven",
    versienummer: int | None = 1,
    bestandsgrootte: int | None = 120345,
    extensie: str | None = ".pdf",
    datum: str | None = "2025-02-04T00:00:00",
    externe_identifier: str | None = None,
    bijgewerkt: str = "2025-02-05T08:59:58Z",
    prefix: str = "tk",
) -> str:
    """A <documentVersie> payload."""
    body = [
        _ref("document", document_ref),
        _field("status", status, nillable=True),
        _field("versienummer", _text(versienummer), nillable=True),
        _field("bestandsgrootte", _text(bestandsgrootte), nillable=True),
        _field("extensie", extensie, nillable=True),
        _field("datum", datum, nillable=True),
        _field("externeidentifier", externe_identifier, nillable=True),
    ]
    return _entity("documentVersie", guid, bijgewerkt, body, prefix=prefix)


def zaakactor_xml(
    guid: str,
    *,
    zaak_ref: str | None = None,
    persoon_ref: str | None = None,
    fractie_ref: str | None = None,
    actor_naam: str | None = "A.B. Voorbeeld",
    actor_fractie: str | None = None,
    functie: str | None = "Tweede Kamerlid",
    relatie: str | None = "Indiener",
    bijgewerkt: str = "2025-01-08T10:14:52Z",
    prefix: str = "tk",
) -> str:
    """A <zaakActor> payload."""
    body = [
        _ref("zaak", zaak_ref),
        _ref("persoon", persoon_ref),
        _ref("fractie", fractie_ref),
        _field("actorNaam", actor_naam, nillable=True),
        _field("actorFractie", actor_fractie, nillable=True),
        _field("functie", functie, nillable=True),
        _field("relatie", relatie, nillable=True),
    ]
    return _entity("zaakActor", guid, bijgewerkt, body, prefix=prefix)


def deleted_xml(
    element: str, guid: str, *, bijgewerkt: str = "2019-07-03T15:32:12.6700000", prefix: str = "tk"
) -> str:
    """A deletion: the entity element with only id, bijgewerkt and verwijderd="true"."""
    return _entity(element, guid, bijgewerkt, [], prefix=prefix, verwijderd=True)


def _entity(
    element: str,
    guid: str,
    bijgewerkt: str,
    body: list[str],
    *,
    prefix: str,
    attrs: dict[str, str] | None = None,
    verwijderd: bool = False,
) -> str:
    extra = "".join(f" {prefix}:{name}={quoteattr(value)}" for name, value in (attrs or {}).items())
    head = (
        f'<{element} xmlns="{TK}" xmlns:{prefix}="{TK}" xmlns:xsi="{XSI}" id="{guid}" '
        f'{prefix}:bijgewerkt="{bijgewerkt}" {prefix}:verwijderd="{str(verwijderd).lower()}"{extra}'
    )
    children = "".join(part for part in body if part)
    return f"{head}>{children}</{element}>" if children else f"{head}/>"


def _field(name: str, value: str | None, *, nillable: bool = False) -> str:
    if value is None:
        return f'<{name} xsi:nil="true"/>' if nillable else ""
    return f"<{name}>{escape(value)}</{name}>"


def _ref(name: str, ref: str | None) -> str:
    return f'<{name} ref="{ref}"/>' if ref else ""


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _stamp(value: dt.datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ID_RE = re.compile(r'\bid="([^"]+)"')
_ODATA_FILTER_RE = re.compile(r"DocumentNummer eq '(\d{4}D\d{5})' and Verwijderd eq false")
_NUMMER_RE = re.compile(r"<nummer>([^<]+)</nummer>")
_ZAAK_REF_RE = re.compile(r'<zaak ref="([^"]+)"')


def _payload_id(payload: str) -> str:
    match = _ID_RE.search(payload)
    if not match:
        raise ValueError("payload has no id attribute; pass guid=")
    return match.group(1)


def _category_name(category: str) -> str:
    """Feed category name ("DocumentVersie") for a name or term, any case."""
    lowered = category.lower()
    for name in TERMS:
        if name.lower() == lowered:
            return name
    return category[:1].upper() + category[1:]


def _lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]
