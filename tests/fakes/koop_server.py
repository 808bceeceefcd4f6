"""A fake zoek.officielebekendmakingen.nl (KOOP) on 127.0.0.1 serving registered publications.

    with KoopServer() as koop:
        koop.add("ah-tk-20242025-1028", xml=b"<officiele-publicatie>...", metadata=b"<metadata>...")
        url = koop.url("ah-tk-20242025-1028")            # http://127.0.0.1:<port>/<id>.xml

Serves `/<id>.xml`, `/<id>.pdf`, `/<id>.html` and `/<id>/metadata.xml`; an unknown id answers
404, or, with `error_page_redirects=True`, a redirect to an error page that answers 200 (the
"404 in disguise" of the repository). Fault injection and the request log come from the base.

It also lists its Kamervragen publications (`ah-tk-…`, `kv-tk-…`) as officielebekendmakingen
does, for the watcher of that source:

    koop.add("ah-tk-20242025-1028", xml=..., modified="2025-02-11", vraagnummer="2024Z21590")
    koop.sru_url    # /sru: SRU 2.0 searchRetrieve, CQL on w.publicatienaam and dt.modified>=
    koop.rss_url    # /rss?q=<CQL>: RSS 2.0, the newest publications first

The search answers in the shape of `formats/koop/INFERRED_sru_response_ah-tk.xml` (records as in
the REAL record file: gzd/originalData/meta/owmskern|owmsmantel|tpmeta, enrichedData), paged
with startRecord and maximumRecords, with nextRecordPosition while more follow; a query it
cannot read gets an SRU diagnostic, as the real service gives.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tests.fakes.httpserver import FakeHTTPServer, Reply, Request

_PUBLICATION_RE = re.compile(
    r"/(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*?)(?P<suffix>\.xml|\.pdf|\.html|/metadata\.xml)"
)
_TYPES = {
    ".xml": "text/xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    "/metadata.xml": "text/xml; charset=utf-8",
}
ERROR_PAGE = "/error/niet-gevonden.html"
SRU_PATH, RSS_PATH = "/sru", "/rss"
ANSWERS, QUESTIONS = "Kamervragen (Aanhangsel)", "Kamervragen zonder antwoord"
_LISTED_RE = re.compile(r"^(ah-tk-\d{8}-\d+|kv-tk-\d{4}Z\d{5})$")
_SINCE_RE = re.compile(r"dt\.modified\s*>=\s*(\d{4}-\d{2}-\d{2})")
_NAMES_RE = re.compile(r'w\.publicatienaam\s*==\s*"([^"]*)"')
SRU_NAMESPACES = (
    'xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse" '
    'xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
    'xmlns:c="http://standaarden.overheid.nl/collectie/"'
)


@dataclass(frozen=True)
class ListedPublication:
    """What the search and the feed say about one publication."""

    publication_id: str
    modified: dt.date
    title: str
    vraagnummer: str | None

    @property
    def publication_name(self) -> str:
        """Kamervragen (Aanhangsel) for answers and notices, else questions without answer."""
        return ANSWERS if self.publication_id.startswith("ah-tk-") else QUESTIONS


class KoopServer(FakeHTTPServer):
    """A fake KOOP publication site: per id, the bytes of each of its forms."""

    def __init__(self, *, error_page_redirects: bool = False, response_delay: float = 0.0) -> None:
        super().__init__(response_delay=response_delay)
        self.error_page_redirects = error_page_redirects
        self._files: dict[tuple[str, str], bytes] = {}
        self._listed: dict[str, ListedPublication] = {}
        self._data_lock = threading.Lock()

    def add(
        self,
        publication_id: str,
        *,
        xml: bytes | None = None,
        metadata: bytes | None = None,
        pdf: bytes | None = None,
        html: bytes | None = None,
        listed: bool | None = None,
        modified: dt.date | str | None = None,
        vraagnummer: str | None = None,
        title: str | None = None,
    ) -> None:
        """Register the forms of one publication; can be called while the server runs. A
        Kamervragen publication is listed by the search and the feed (`listed=False`: not
        yet), as modified on `modified` (default: today); adding forms to a listed one keeps
        its listing."""
        forms = {".xml": xml, "/metadata.xml": metadata, ".pdf": pdf, ".html": html}
        if listed is None:
            listed = bool(_LISTED_RE.match(publication_id))
        if isinstance(modified, str):
            modified = dt.date.fromisoformat(modified)
        with self._data_lock:
            for suffix, data in forms.items():
                if data is not None:
                    self._files[(publication_id, suffix)] = data
            known = self._listed.get(publication_id)
            if listed and known is not None and modified is None and vraagnummer is None:
                pass  # more forms of a listed publication: its listing stays as it was
            elif listed:
                self._listed[publication_id] = ListedPublication(
                    publication_id,
                    modified or dt.datetime.now(dt.UTC).date(),
                    title or f"Kamervragen {publication_id}",
                    vraagnummer,
                )

    def list_publication(self, publication_id: str, **fields: object) -> None:
        """List a registered publication now (with the fields of `add`)."""
        self.add(publication_id, listed=True, **fields)  # type: ignore[arg-type]

    @property
    def sru_url(self) -> str:
        """The search service's URL (the value for OB_SRU_URL)."""
        return f"{self.origin}{SRU_PATH}"

    @property
    def rss_url(self) -> str:
        """The RSS feed's URL (the value for OB_RSS_URL)."""
        return f"{self.origin}{RSS_PATH}"

    def url(self, publication_id: str, suffix: str = ".xml") -> str:
        """The URL of one form of a publication (".xml", "/metadata.xml", ".pdf", ".html")."""
        return f"{self.origin}/{publication_id}{suffix}"

    def route(self, request: Request) -> Reply:
        """Registered publications; unknown ids 404 (or redirect); other paths are unexpected."""
        if request.path == SRU_PATH:
            return self._search(request)
        if request.path == RSS_PATH:
            return self._rss(request)
        if request.path == ERROR_PAGE:
            return Reply(200, b"<html><body>Pagina niet gevonden</body></html>",
                         content_type=_TYPES[".html"])  # fmt: skip
        match = _PUBLICATION_RE.fullmatch(request.path)
        if not match:
            return self.unexpected(request)
        key = (match.group("id"), match.group("suffix"))
        with self._data_lock:
            data = self._files.get(key)
        if data is not None:
            return Reply(200, data, content_type=_TYPES[key[1]])
        if self.error_page_redirects:
            return Reply(302, b"", headers={"Location": ERROR_PAGE})
        return Reply(404, b"Not found\n")

    # -- the search service and the feed ------------------------------------------------------

    def _matching(self, query: str) -> list[ListedPublication]:
        names = set(_NAMES_RE.findall(query))
        since = _SINCE_RE.search(query)
        with self._data_lock:
            found = [
                p
                for p in self._listed.values()
                if p.publication_name in names
                and (since is None or p.modified >= dt.date.fromisoformat(since.group(1)))
            ]
        return sorted(found, key=lambda p: (p.modified, p.publication_id))

    def _search(self, request: Request) -> Reply:
        """SRU 2.0 searchRetrieve over the listed publications."""
        q = request.query
        query = q.get("query", "")
        if q.get("operation") != "searchRetrieve" or "c.product-area==officielepublicaties" not in (
            query
        ):
            return _sru_reply(_diagnostic("Unsupported operation or query"))
        try:
            start = int(q.get("startRecord", "1"))
            size = int(q.get("maximumRecords", "10"))
        except ValueError:
            return _sru_reply(_diagnostic("Invalid startRecord or maximumRecords"))
        found = self._matching(query)
        page = found[start - 1 : start - 1 + size]
        records = "".join(self._record(p, start + i) for i, p in enumerate(page))
        following = start + len(page)
        more = (
            f"<sru:nextRecordPosition>{following}</sru:nextRecordPosition>"
            if following <= (len(found))
            else ""
        )
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse {SRU_NAMESPACES}>'
            f"<sru:version>2.0</sru:version><sru:numberOfRecords>{len(found)}</sru:numberOfRecords>"
            f"<sru:records>{records}</sru:records>{more}</sru:searchRetrieveResponse>"
        )
        return _sru_reply(body)

    def _record(self, p: ListedPublication, position: int) -> str:
        repo = "https://repository.overheid.nl/frbr/officielepublicaties"
        kind = p.publication_id[:5]
        year = p.publication_id.split("-")[2]
        base = f"{repo}/{kind}/{year}/{p.publication_id}/1"
        vraag = (
            f"<overheidwetgeving:vraagnummer>{p.vraagnummer}</overheidwetgeving:vraagnummer>"
            if p.vraagnummer
            else ""
        )
        return (
            "<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>"
            "<sru:recordPacking>xml</sru:recordPacking><sru:recordData><gzd:gzd>"
            "<gzd:originalData><overheidwetgeving:meta><overheidwetgeving:owmskern>"
            f"<dcterms:identifier>{p.publication_id}</dcterms:identifier>"
            f"<dcterms:title>{escape(p.title)}</dcterms:title>"
            "<dcterms:language>nl</dcterms:language>"
            '<dcterms:type scheme="OVERHEIDop.Parlementair">Aanhangsel van de Handelingen'
            "</dcterms:type>"
            f"<dcterms:modified>{p.modified.isoformat()}</dcterms:modified>"
            "</overheidwetgeving:owmskern><overheidwetgeving:owmsmantel>"
            f"<dcterms:available>{p.modified.isoformat()}</dcterms:available>"
            "</overheidwetgeving:owmsmantel><overheidwetgeving:tpmeta>"
            "<c:product-area>officielepublicaties</c:product-area>"
            f"<overheidwetgeving:publicatienaam>{escape(p.publication_name)}"
            f"</overheidwetgeving:publicatienaam>{vraag}"
            "</overheidwetgeving:tpmeta></overheidwetgeving:meta></gzd:originalData>"
            f"<gzd:enrichedData><gzd:url>{base}/xml/{p.publication_id}.xml</gzd:url>"
            "<gzd:preferredUrl>https://zoek.officielebekendmakingen.nl/"
            f"{p.publication_id}.html</gzd:preferredUrl>"
            f'<gzd:itemUrl manifestation="metadata">{base}/metadata/metadata.xml</gzd:itemUrl>'
            f'<gzd:itemUrl manifestation="xml">{base}/xml/{p.publication_id}.xml</gzd:itemUrl>'
            "</gzd:enrichedData></gzd:gzd></sru:recordData>"
            f"<sru:recordPosition>{position}</sru:recordPosition></sru:record>"
        )

    def _rss(self, request: Request) -> Reply:
        """RSS 2.0: the 50 newest publications the CQL query in `q` names."""
        found = self._matching(request.query.get("q", ""))[::-1][:50]
        items = "".join(
            "<item>"
            f"<title>{escape(p.title)}</title>"
            f"<link>{self.origin}/{p.publication_id}.html</link>"
            f"<description>{escape(p.publication_name)}</description>"
            f"<pubDate>{_rfc822(p.modified)}</pubDate>"
            f'<guid isPermaLink="false">{p.publication_id}</guid>'
            "</item>"
            for p in found
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            "<title>Officiële bekendmakingen</title>"
            f"<link>{self.origin}/</link><description>Zoekresultaten</description>"
            f"{items}</channel></rss>"
        )
        return Reply(200, body.encode(), content_type="application/rss+xml; charset=utf-8")


def _diagnostic(message: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse {SRU_NAMESPACES}>'
        "<sru:version>2.0</sru:version><sru:numberOfRecords>0</sru:numberOfRecords>"
        '<sru:diagnostics><diag:diagnostic xmlns:diag="http://docs.oasis-open.org/ns/search-ws/'
        'diagnostic"><diag:uri>info:srw/diagnostic/1/10</diag:uri>'
        f"<diag:message>{escape(message)}</diag:message></diag:diagnostic></sru:diagnostics>"
        "</sru:searchRetrieveResponse>"
    )


def _sru_reply(body: str) -> Reply:
    return Reply(200, body.encode(), content_type="text/xml; charset=utf-8")


def _rfc822(day: dt.date) -> str:
    moment = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)
    return email.utils.format_datetime(moment)
