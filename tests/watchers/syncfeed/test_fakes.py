"""The fakes themselves: payloads valid against the XSDs, paging, faults, loud failures."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from lxml import etree

from kamervragen.watchers.syncfeed import Deleted, Document, Zaak, parse_feed_page
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import (
    SyncFeedServer,
    deleted_xml,
    document_xml,
    documentversie_xml,
    zaak_xml,
    zaakactor_xml,
)
from tests.watchers.syncfeed.conftest import DATA

Z1 = "0b6f3f9e-1111-4a4a-9c9c-000000000001"
Z2 = "0b6f3f9e-1111-4a4a-9c9c-000000000002"
D1 = "5d2c1a7e-2222-4b4b-8d8d-000000000002"
V1 = "7a7a7a7a-3333-4c4c-8e8e-000000000003"
A1 = "cccccccc-6666-4f4f-8b8b-000000000006"
P1 = "dddddddd-7777-4a4a-8c8c-000000000007"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "xsd" / name)))


@pytest.mark.parametrize(
    ("xsd", "payload"),
    [
        ("tkData-v1-0-zaak.xsd", zaak_xml(Z1, titel=None, afgedaan=None)),
        ("tkData-v1-0-zaak.xsd", zaak_xml(Z1, prefix="ns1", onderwerp="A & B <c>")),
        ("tkData-v1-0-document.xsd", document_xml(D1, zaak_refs=[Z1, Z2], huidige_versie_ref=V1,
                                                  content_length=2048, aanhangselnummer="242501028",
                                                  datum_ontvangst="2025-02-04T10:00:00")),
        ("tkData-v1-0-document.xsd", document_xml(D1, titel=None, content_type=None)),
        ("tkData-v1-0-documentversie.xsd", documentversie_xml(V1, document_ref=D1,
                                                              externe_identifier="kv-tk-2025Z00123")),
        ("tkData-v1-0-documentversie.xsd", documentversie_xml(V1, versienummer=None, datum=None)),
        ("tkData-v1-0-zaakactor.xsd", zaakactor_xml(A1, zaak_ref=Z1, persoon_ref=P1,
                                                    actor_fractie="VVD")),
        ("tkData-v1-0-document.xsd", deleted_xml("document", D1)),
    ],
)  # fmt: skip
def test_payload_builders_validate_against_xsd(xsd: str, payload: str) -> None:
    """Each builder's payload validates against the official tkData schema."""
    schema = _schema(xsd)
    document = etree.fromstring(payload.encode())
    assert schema.validate(document), schema.error_log.last_error


def test_feed_pages_through_categories_and_follows_next_links(syncfeed: SyncFeedServer) -> None:
    """Pages of page_size entries, a next link per page, an empty page at the end."""
    syncfeed.param_order = "alternate"
    for n in range(7):
        syncfeed.add("Zaak", zaak_xml(f"0b6f3f9e-1111-4a4a-9c9c-{n:012d}", nummer=f"2025Z{n:05d}"))
    syncfeed.add("Document", document_xml(D1, zaak_refs=[Z1, Z2], content_length=4))
    seen: list[str] = []
    url: str | None = syncfeed.feed_url("Zaak")
    pages = 0
    with httpx.Client() as client:
        while url:
            page = parse_feed_page(client.get(url).content)
            pages += 1
            seen.extend(e.nummer for e in page.entries if isinstance(e, Zaak))
            url = page.next_url
        doc_page = parse_feed_page(client.get(syncfeed.feed_url("document")).content)
    assert seen == [f"2025Z{n:05d}" for n in range(7)]
    assert pages == 4  # 3 + 3 + 1 + the empty caught-up page
    (doc,) = doc_page.entries
    assert isinstance(doc, Document)
    assert doc.zaak_refs == [Z1, Z2]
    assert doc.enclosure_url == f"{syncfeed.base_url}/Resources/{D1}"
    assert doc.skiptoken == 21_000_007
    assert syncfeed.errors == []


def test_feed_accepts_reversed_parameters_and_added_entities(syncfeed: SyncFeedServer) -> None:
    """skiptoken-first URLs work, and an entity added later shows up after the cursor."""
    first = syncfeed.add("Document", document_xml(D1, zaak_refs=[Z1]))
    reversed_url = f"{syncfeed.base_url}/Feed?skiptoken={first}&category=Document"
    with httpx.Client() as client:
        assert parse_feed_page(client.get(reversed_url).content).caught_up
        later = syncfeed.add(
            "Document", deleted_xml("document", "5d2c1a7e-2222-4b4b-8d8d-00000000beef")
        )
        (entry,) = parse_feed_page(client.get(reversed_url).content).entries
    assert isinstance(entry, Deleted)
    assert entry.skiptoken == later == first + 1
    assert entry.bijgewerkt is not None


def test_resources_entities_and_faults(syncfeed: SyncFeedServer) -> None:
    """Registered resources are served; unknown ones 404; a fault answers instead of the route."""
    syncfeed.add_resource(D1, b"%PDF-1.7 body")
    syncfeed.add("Zaak", zaak_xml(Z1))
    syncfeed.fail_next(1, status=503, prefix="/SyncFeed/2.0/Resources/")
    with httpx.Client(base_url=syncfeed.origin) as client:
        assert client.get(f"/SyncFeed/2.0/Resources/{D1}").status_code == 503
        ok = client.get(f"/SyncFeed/2.0/Resources/{D1}")
        missing = client.get("/SyncFeed/2.0/Resources/00000000-0000-0000-0000-000000000000")
        entity = client.get(f"/SyncFeed/2.0/Entiteiten/{Z1}")
    assert (ok.status_code, ok.content) == (200, b"%PDF-1.7 body")
    assert missing.status_code == 404
    assert b"<nummer>2025Z00123</nummer>" in entity.content
    assert syncfeed.paths()[0] == f"/SyncFeed/2.0/Resources/{D1}"


def test_unexpected_path_is_recorded_and_fails_the_with_block() -> None:
    """A stray request answers 404 and makes leaving the server's with-block fail."""
    server = SyncFeedServer()
    statuses = []
    with (
        pytest.raises(AssertionError, match="unexpected requests"),
        server,
        httpx.Client() as client,
    ):
        statuses.append(client.get(f"{server.origin}/OData/v4/2.0/Zaak").status_code)
    assert statuses == [404]
    assert server.errors == ["GET /OData/v4/2.0/Zaak"]


def test_truncate_fault_cuts_a_feed_page(syncfeed: SyncFeedServer) -> None:
    """truncate_next serves a page that ends mid-entry with a matching Content-Length."""
    syncfeed.add("Zaak", zaak_xml(Z1))
    syncfeed.truncate_next(1, prefix="/SyncFeed/2.0/Feed")
    with httpx.Client() as client:
        cut = client.get(syncfeed.feed_url("Zaak"))
        whole = client.get(syncfeed.feed_url("Zaak"))
    assert len(cut.content) == len(whole.content) // 2
    assert whole.content.startswith(cut.content)


def test_koop_serves_registered_forms_and_404s(koop: KoopServer) -> None:
    """XML and metadata of a registered id are served; an unknown id is a plain 404."""
    koop.add("ah-tk-20242025-1028", xml=b"<officiele-publicatie/>", metadata=b"<metadata/>")
    with httpx.Client() as client:
        xml = client.get(koop.url("ah-tk-20242025-1028"))
        meta = client.get(koop.url("ah-tk-20242025-1028", "/metadata.xml"))
        missing = client.get(koop.url("ah-tk-20242025-9999"))
    assert (xml.status_code, xml.content) == (200, b"<officiele-publicatie/>")
    assert meta.content == b"<metadata/>"
    assert missing.status_code == 404
    assert koop.errors == []


def test_koop_error_page_redirect() -> None:
    """With error_page_redirects, an unknown id redirects to a 200 error page."""
    with KoopServer(error_page_redirects=True) as koop, httpx.Client() as client:
        response = client.get(koop.url("kv-tk-2025Z99999"), follow_redirects=True)
    assert response.status_code == 200
    assert response.history[0].status_code == 302
    assert response.url.path == "/error/niet-gevonden.html"


def test_koop_fault_injection_per_prefix(koop: KoopServer) -> None:
    """A fault under one prefix hits only matching paths, then the real answer returns."""
    koop.add("ah-tk-20242025-1028", xml=b"<x/>", metadata=b"<m/>")
    koop.fail_next(1, status=503, prefix="/ah-tk-20242025-1028/")
    with httpx.Client() as client:
        xml = client.get(koop.url("ah-tk-20242025-1028"))
        failed = client.get(koop.url("ah-tk-20242025-1028", "/metadata.xml"))
        meta = client.get(koop.url("ah-tk-20242025-1028", "/metadata.xml"))
    assert [xml.status_code, failed.status_code, meta.status_code] == [200, 503, 200]


def test_fake_serves_a_subprocess(syncfeed: SyncFeedServer) -> None:
    """Another process reaches the fake (it serves from a background thread)."""
    syncfeed.add("Zaak", zaak_xml(Z1))
    code = "import sys, urllib.request; print(len(urllib.request.urlopen(sys.argv[1]).read()))"
    url = syncfeed.feed_url("Zaak")
    result = subprocess.run(
        [sys.executable, "-c", code, url], capture_output=True, text=True, check=True, timeout=30
    )
    assert int(result.stdout) > 500
    assert syncfeed.paths() == ["/SyncFeed/2.0/Feed"]
