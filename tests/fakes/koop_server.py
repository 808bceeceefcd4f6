"""A fake zoek.officielebekendmakingen.nl (KOOP) on 127.0.0.1 serving registered publications.

    with KoopServer() as koop:
        koop.add("ah-tk-20242025-1028", xml=b"<officiele-publicatie>...", metadata=b"<metadata>...")
        url = koop.url("ah-tk-20242025-1028")            # http://127.0.0.1:<port>/<id>.xml

Serves `/<id>.xml`, `/<id>.pdf`, `/<id>.html` and `/<id>/metadata.xml`; an unknown id answers
404, or, with `error_page_redirects=True`, a redirect to an error page that answers 200 (the
"404 in disguise" of the repository). Fault injection and the request log come from the base.
"""

from __future__ import annotations

import re
import threading

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


class KoopServer(FakeHTTPServer):
    """A fake KOOP publication site: per id, the bytes of each of its forms."""

    def __init__(self, *, error_page_redirects: bool = False, response_delay: float = 0.0) -> None:
        super().__init__(response_delay=response_delay)
        self.error_page_redirects = error_page_redirects
        self._files: dict[tuple[str, str], bytes] = {}
        self._data_lock = threading.Lock()

    def add(
        self,
        publication_id: str,
        *,
        xml: bytes | None = None,
        metadata: bytes | None = None,
        pdf: bytes | None = None,
        html: bytes | None = None,
    ) -> None:
        """Register the forms of one publication; can be called while the server runs."""
        forms = {".xml": xml, "/metadata.xml": metadata, ".pdf": pdf, ".html": html}
        with self._data_lock:
            for suffix, data in forms.items():
                if data is not None:
                    self._files[(publication_id, suffix)] = data

    def url(self, publication_id: str, suffix: str = ".xml") -> str:
        """The URL of one form of a publication (".xml", "/metadata.xml", ".pdf", ".html")."""
        return f"{self.origin}/{publication_id}{suffix}"

    def route(self, request: Request) -> Reply:
        """Registered publications; unknown ids 404 (or redirect); other paths are unexpected."""
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
