"""A hostile SyncFeed on 127.0.0.1, and hostile documents: what an attacker (or an unlucky day)
serves the watchers.

    with HostileFeed(first_skiptoken=1001) as feed:
        feed.next_links[1002] = 1001          # the page after 1002 says "next: 1001"
        feed.foreign_entries = True           # entries in another namespace than Atom's
        feed.unknown_namespace = True         # payloads in a tkData namespace nobody reads
        feed.drip = "Zaak"                    # that category's pages drip in a byte a second
        feed.add_huge_resource(GUID, 300 * MB)  # made while it is sent, never held whole

Everything else is the ordinary fake (`tests.fakes.syncfeed_server`), whose entities and faults
(`fail_next(..., retry_after="100000")`) it keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tests.fakes.httpserver import Reply, Request
from tests.fakes.syncfeed_server import TK, SyncFeedServer

MB = 1024 * 1024
FOREIGN = "urn:example:not-atom"
TK_UNKNOWN = "http://www.tweedekamer.nl/xsd/tkData/v9-9"  # a tkData version nobody reads
_PAGE_NEXT_RE = re.compile(r'(<feed [^>]*>\s*<link rel="next" href="[^"]*skiptoken=)(\d+)')
_ENTRY_RE = re.compile(r"<entry>")


def hostile_text(size: int) -> bytes:
    """A question document whose header sentence never ends: `size` bytes that parse in time
    linear in their length, but long enough to outlast a short parse time limit."""
    unit = "Jansen aan de over "
    return ("Vragen van het lid " + unit * (size // len(unit))).encode()


class HostileFeed(SyncFeedServer):
    """The fake SyncFeed, with the misbehaviours of the reliability issue switched on at will."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.next_links: dict[int, int] = {}  # page asked after X -> its next link says Y
        self.foreign_entries = False
        self.unknown_namespace = False
        self.drip: str | None = None  # a category whose pages come a byte a second
        self._huge: dict[str, int] = {}

    def add_huge_resource(self, guid: str, size: int) -> None:
        """Serve `size` bytes at /Resources/<guid>, made as they are sent, with no length."""
        self._huge[guid] = size

    def route(self, request: Request) -> Reply:
        """The fake's answer, made hostile where asked."""
        guid = request.path.rsplit("/", 1)[-1]
        if request.path.startswith("/SyncFeed/2.0/Resources/") and guid in self._huge:
            return Reply(200, chunks=_zeros(self._huge[guid]), content_type="application/pdf")
        reply = super().route(request)
        if request.path != "/SyncFeed/2.0/Feed" or reply.status != 200:
            return reply
        body = reply.body.decode()
        after = int(request.query.get("skiptoken", "0"))
        if after in self.next_links:
            body = _PAGE_NEXT_RE.sub(rf"\g<1>{self.next_links[after]}", body, count=1)
        if self.foreign_entries:
            body = _ENTRY_RE.sub(f'<entry xmlns="{FOREIGN}">', body)
        if self.unknown_namespace:
            body = body.replace(TK, TK_UNKNOWN)
        reply.body = body.encode()
        if self.drip and request.query.get("category") == self.drip:
            reply.chunks = (reply.body[i : i + 1] for i in range(len(reply.body)))
            reply.chunk_delay = 1.0
            reply.length = len(reply.body)
        return reply


def _zeros(size: int, block: int = 64 * 1024) -> Iterator[bytes]:
    chunk = b"\0" * block
    for start in range(0, size, block):
        yield chunk[: min(block, size - start)]
