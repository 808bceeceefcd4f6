"""What officielebekendmakingen lists: SRU search answers and RSS feeds, from the real formats."""

from __future__ import annotations

import datetime as dt

import pytest

from kamervragen.watchers.parsers.errors import MalformedXML, UnsafeXML
from kamervragen.watchers.parsers.ob_listing import (
    ListingError,
    SearchDiagnostic,
    normal_id,
    parse_rss,
    parse_sru_response,
)
from tests.conftest import DATA

SRU_AH_TK = (DATA / "koop" / "INFERRED_sru_response_ah-tk.xml").read_bytes()
REAL_RECORD = (DATA / "koop" / "REAL_sru_record_gmb-2023-174296_nsstripped.xml").read_bytes()


def _stripped_response(*records: bytes, total: int) -> bytes:
    """A namespace-stripped searchRetrieveResponse around real (stripped) records."""
    body = b"".join(r.split(b"-->", 1)[1] if b"-->" in r else r for r in records)
    return (
        b"<searchRetrieveResponse><version>2.0</version>"
        + f"<numberOfRecords>{total}</numberOfRecords>".encode()
        + b"<records>"
        + body
        + b"</records><nextRecordPosition>3</nextRecordPosition></searchRetrieveResponse>"
    )


def test_the_inferred_ah_tk_search_answer_lists_its_answer() -> None:
    """The namespaced SRU answer of the formats names ah-tk-20242025-1028, its date and its
    vraagnummer."""
    listing = parse_sru_response(SRU_AH_TK)
    assert listing.total == 1 and listing.next_position is None and listing.others == 0
    (listed,) = listing.publications
    assert listed.publication_id == "ah-tk-20242025-1028"
    assert listed.modified == dt.date(2025, 2, 11)
    assert listed.zaaknummer == "2024Z21590"
    assert listed.publication_name == "Kamervragen (Aanhangsel)"
    assert listed.title and listed.title.startswith("Antwoord op vragen van het lid Erkens")


def test_a_real_record_of_another_publication_is_counted_not_listed() -> None:
    """The REAL Gemeenteblad record (namespaces stripped) reads, and is skipped as no
    Kamervragen; the paging fields are kept."""
    listing = parse_sru_response(_stripped_response(REAL_RECORD, total=7))
    assert listing.publications == [] and listing.others == 1
    assert (listing.total, listing.next_position) == (7, 3)


def test_a_diagnostic_is_an_error_with_its_message() -> None:
    """An SRU diagnostic (the service refused the query) raises SearchDiagnostic."""
    data = (
        b'<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/'
        b'sruResponse"><sru:numberOfRecords>0</sru:numberOfRecords><sru:diagnostics>'
        b'<diag:diagnostic xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic">'
        b"<diag:uri>info:srw/diagnostic/1/10</diag:uri><diag:message>Query syntax error"
        b"</diag:message></diag:diagnostic></sru:diagnostics></sru:searchRetrieveResponse>"
    )
    with pytest.raises(SearchDiagnostic, match="Query syntax error"):
        parse_sru_response(data)


def test_other_xml_truncated_or_unsafe_answers_are_refused() -> None:
    """A page that is no searchRetrieveResponse, a truncated one, and one with an entity."""
    with pytest.raises(ListingError, match="not a searchRetrieveResponse"):
        parse_sru_response(b"<html><body>Service unavailable</body></html>")
    with pytest.raises(MalformedXML):
        parse_sru_response(SRU_AH_TK[: len(SRU_AH_TK) // 2])
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaa">]><searchRetrieveResponse>&a;</searchRetrieveResponse>'
    with pytest.raises(UnsafeXML):
        parse_sru_response(bomb)


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Offici\xc3\xable bekendmakingen</title>
<link>https://zoek.officielebekendmakingen.nl/</link><description>Zoekresultaten</description>
<item><title>Antwoord op vragen van het lid Erkens</title>
<link>https://zoek.officielebekendmakingen.nl/ah-tk-20242025-1028.html</link>
<pubDate>Tue, 11 Feb 2025 09:00:00 +0000</pubDate><guid>ah-tk-20242025-1028</guid></item>
<item><title>Vragen van het lid Erkens</title>
<link>https://zoek.officielebekendmakingen.nl/kv-tk-2024Z21590.html</link>
<pubDate>Fri, 20 Dec 2024 09:00:00 +0000</pubDate></item>
<item><title>Gemeenteblad</title>
<link>https://zoek.officielebekendmakingen.nl/gmb-2023-174296.html</link></item>
<item><title>Dubbel</title>
<link>https://zoek.officielebekendmakingen.nl/ah-tk-20242025-1028.pdf</link></item>
</channel></rss>"""


def test_an_rss_feed_lists_its_kamervragen_once_each() -> None:
    """feedparser reads the feed; ah-tk and kv-tk items are listed with their dates, another
    publication is counted, a second link to the same publication is not listed again."""
    listing = parse_rss(RSS)
    assert [(p.publication_id, p.modified) for p in listing.publications] == [
        ("ah-tk-20242025-1028", dt.date(2025, 2, 11)),
        ("kv-tk-2024Z21590", dt.date(2024, 12, 20)),
    ]
    assert listing.others == 1


def test_an_rss_feed_with_an_entity_or_of_another_kind_is_refused() -> None:
    """Entities are refused before feedparser sees the feed; an HTML page is no feed."""
    with pytest.raises(UnsafeXML):
        parse_rss(b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>')
    with pytest.raises(ListingError, match="not RSS"):
        parse_rss(b"<html><body>Onderhoud</body></html>")


def test_publication_ids_are_stored_in_one_spelling() -> None:
    """ah-tk ids in lower case; a kv-tk id keeps the Z of its zaaknummer upper case."""
    assert normal_id("AH-TK-20242025-1028") == "ah-tk-20242025-1028"
    assert normal_id("kv-tk-2024z21590") == "kv-tk-2024Z21590"
