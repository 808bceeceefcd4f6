"""Parsing SyncFeed pages: the recorded shapes, prefixes, nil values, deletions, broken pages."""

from __future__ import annotations

import datetime as dt

import pytest

from kamervragen.watchers.syncfeed import (
    QUESTION_DOCUMENT_SOORTEN,
    QUESTION_ZAAK_SOORTEN,
    Deleted,
    Document,
    DocumentVersie,
    FeedError,
    Other,
    UnsafeFeed,
    Zaak,
    ZaakActor,
    parse_feed_page,
    skiptoken_from_url,
)
from kamervragen.watchers.syncfeed.entities import AMSTERDAM
from tests.watchers.syncfeed.conftest import page_bytes

UTC = dt.UTC
BASE = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
ZAAK = "0b6f3f9e-1111-4a4a-9c9c-000000000001"


@pytest.fixture(scope="module")
def inferred() -> list:
    """The entries of the INFERRED kamervraag page."""
    return parse_feed_page(page_bytes("INFERRED_feed_page_kamervraag.xml")).entries


def test_inferred_page_has_all_entries_in_order_and_next_link() -> None:
    """All seven entries (six kinds) come back typed, in feed order, with the page's next link."""
    page = parse_feed_page(page_bytes("INFERRED_feed_page_kamervraag.xml"))
    kinds = [type(e) for e in page.entries]
    assert kinds == [Zaak, Document, Document, DocumentVersie, ZaakActor, ZaakActor, Deleted]
    assert page.next_url == f"{BASE}/Feed?category=Zaak&skiptoken=21000003"
    assert page.next_skiptoken == 21000003
    assert [e.skiptoken for e in page.entries] == list(range(21000001, 21000008))
    assert page.last_skiptoken == 21000007
    assert not page.caught_up


def test_inferred_zaak_fields(inferred: list) -> None:
    """Every Zaak field, nil titel as None, midnight dates at Amsterdam time."""
    assert inferred[0] == Zaak(
        guid=ZAAK,
        nummer="2025Z00123",
        soort="Schriftelijke vragen",
        onderwerp="Vragen van het lid Voorbeeld (VVD) aan de Minister van Binnenlandse Zaken en "
        "Koninkrijksrelaties over het bericht «Voorbeeld»",
        titel=None,
        gestart_op=dt.datetime(2025, 1, 8, tzinfo=AMSTERDAM),
        termijn=dt.datetime(2025, 1, 29, tzinfo=AMSTERDAM),
        vergaderjaar="2024-2025",
        afgedaan=False,
        status="Vrijgegeven",
        bijgewerkt=dt.datetime(2025, 1, 8, 10, 14, 51, tzinfo=UTC),
        skiptoken=21000001,
        updated=dt.datetime(2025, 1, 8, 10, 15, 2, tzinfo=UTC),
    )
    assert inferred[0].gestart_op.date() == dt.date(2025, 1, 8)


def test_inferred_question_document_fields(inferred: list) -> None:
    """The question Document: zaak ref, version ref, content attributes, enclosure."""
    doc = inferred[1]
    assert doc.guid == "5d2c1a7e-2222-4b4b-8d8d-000000000002"
    assert doc.zaak_refs == [ZAAK]
    assert doc.soort == "Schriftelijke vragen"
    assert doc.document_nummer == "2025D00456"
    assert doc.titel == doc.onderwerp
    assert doc.titel.startswith("Vragen van het lid Voorbeeld (VVD)")
    assert doc.datum == dt.datetime(2025, 1, 8, tzinfo=AMSTERDAM)
    assert doc.vergaderjaar == "2024-2025"
    assert doc.aanhangselnummer is None
    assert doc.huidige_versie_ref == "7a7a7a7a-3333-4c4c-8e8e-000000000003"
    assert doc.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert doc.content_length == 31744
    assert doc.enclosure_url == f"{BASE}/Resources/5d2c1a7e-2222-4b4b-8d8d-000000000002"
    assert doc.datum_ontvangst is None
    assert doc.bijgewerkt == dt.datetime(2025, 1, 8, 10, 20, 11, tzinfo=UTC)
    assert (doc.skiptoken, doc.updated) == (
        21000002,
        dt.datetime(2025, 1, 8, 10, 20, 40, tzinfo=UTC),
    )


def test_inferred_answer_document_fields(inferred: list) -> None:
    """The answer Document: soort, aanhangselnummer, PDF content attributes."""
    doc = inferred[2]
    assert doc.soort == "Antwoord schriftelijke vragen"
    assert doc.document_nummer == "2025D04328"
    assert doc.aanhangselnummer == "242501028"
    assert doc.huidige_versie_ref == "aaaaaaaa-5555-4e4e-9a9a-000000000005"
    assert (doc.content_type, doc.content_length) == ("application/pdf", 120345)
    assert doc.zaak_refs == [ZAAK]
    assert doc.datum == dt.datetime(2025, 2, 4, tzinfo=AMSTERDAM)


def test_inferred_documentversie_fields(inferred: list) -> None:
    """Every DocumentVersie field, including the external identifier."""
    assert inferred[3] == DocumentVersie(
        guid="aaaaaaaa-5555-4e4e-9a9a-000000000005",
        document_ref="9e9e9e9e-4444-4d4d-8f8f-000000000004",
        versienummer=1,
        extensie=".pdf",
        externe_identifier="ah-tk-20242025-1028",
        datum=dt.datetime(2025, 2, 4, tzinfo=AMSTERDAM),
        bestandsgrootte=120345,
        status="Vrijgegeven",
        bijgewerkt=dt.datetime(2025, 2, 5, 8, 59, 58, tzinfo=UTC),
        skiptoken=21000004,
        updated=dt.datetime(2025, 2, 5, 9, 0, 12, tzinfo=UTC),
    )


def test_inferred_zaakactor_fields(inferred: list) -> None:
    """Both ZaakActors: the asker with party, the addressee without."""
    asker, addressee = inferred[4], inferred[5]
    assert asker == ZaakActor(
        guid="cccccccc-6666-4f4f-8b8b-000000000006",
        zaak_ref=ZAAK,
        persoon_ref="dddddddd-7777-4a4a-8c8c-000000000007",
        actor_naam="A.B. Voorbeeld",
        actor_fractie="VVD",
        functie="Tweede Kamerlid",
        relatie="Indiener",
        bijgewerkt=dt.datetime(2025, 1, 8, 10, 14, 52, tzinfo=UTC),
        skiptoken=21000005,
        updated=dt.datetime(2025, 1, 8, 10, 15, 3, tzinfo=UTC),
    )
    assert (addressee.actor_naam, addressee.actor_fractie) == ("J.M. Minister", None)
    assert addressee.relatie == "Gericht aan"
    assert addressee.functie == "minister van Binnenlandse Zaken en Koninkrijksrelaties"


def test_inferred_deletion(inferred: list) -> None:
    """A payload with verwijderd="true" is a Deleted with its zone-less bijgewerkt."""
    assert inferred[6] == Deleted(
        guid="d1bd5ec5-72fb-4702-8115-b6d24b552cdb",
        category="document",
        bijgewerkt=dt.datetime(2019, 7, 3, 15, 32, 12, 670000, tzinfo=AMSTERDAM),
        skiptoken=21000007,
        updated=dt.datetime(2019, 7, 3, 13, 33, 10, tzinfo=UTC),
    )
    # Zone-less = Amsterdam time: the change became visible 58 s after it was made.
    assert (inferred[6].updated - inferred[6].bijgewerkt).total_seconds() == pytest.approx(57.33)


def test_ns1_prefixes_offsets_two_zaken_and_nil() -> None:
    """ns1: payloads, a prefixed Atom envelope, +0100 stamps, two zaak refs, nil values."""
    page = parse_feed_page(page_bytes("ns1_prefixes_page.xml"))
    doc, zaak = page.entries
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert isinstance(doc, Document)
    assert doc.zaak_refs == [
        "22222222-aaaa-4bbb-8ccc-000000000002",
        "33333333-aaaa-4bbb-8ccc-000000000003",
    ]
    assert doc.huidige_versie_ref is None
    assert (doc.titel, doc.aanhangselnummer) == (None, None)
    assert doc.bijgewerkt == dt.datetime(2024, 3, 11, 16, 43, 16, tzinfo=plus_one)
    assert doc.updated == dt.datetime(2024, 3, 11, 15, 44, 9, tzinfo=UTC)
    assert doc.datum == dt.datetime(2024, 3, 11, tzinfo=plus_one)
    assert doc.datum_ontvangst == dt.datetime(2024, 3, 11, 9, 30, 0, 123456, tzinfo=AMSTERDAM)
    assert (doc.content_type, doc.content_length) == ("application/pdf", 2048)
    assert doc.skiptoken == 18500001
    assert isinstance(zaak, Zaak)
    assert (zaak.nummer, zaak.titel, zaak.termijn, zaak.status, zaak.afgedaan) == (
        "2024Z04321",
        None,
        None,
        None,
        None,
    )
    assert page.next_skiptoken == 18500002


def test_namespace_stripped_page() -> None:
    """The namespace-stripped shape: unknown category as Other, a Zaak, a deletion."""
    page = parse_feed_page(page_bytes("nsstripped_page.xml"))
    other, zaak, deleted = page.entries
    assert other == Other(
        "808fcd50-a0dc-4f60-8b9d-c404a2eb5b2e",
        "fractieZetelPersoon",
        skiptoken=16687327,
        updated=dt.datetime(2023, 8, 29, 13, 23, 13, tzinfo=UTC),
    )
    assert isinstance(zaak, Zaak)
    assert (zaak.nummer, zaak.afgedaan, zaak.vergaderjaar) == ("2019Z15244", True, "2018-2019")
    assert zaak.bijgewerkt == dt.datetime(2019, 8, 12, 12, 56, 35, 407000, tzinfo=AMSTERDAM)
    assert zaak.gestart_op.date() == dt.date(2019, 7, 18)
    assert deleted == Deleted(
        "d73d7f69-1235-4746-aa94-84b593909bfc",
        "fractieZetelPersoon",
        dt.datetime(2023, 8, 29, 11, 10, 32, tzinfo=UTC),
        skiptoken=16687329,
        updated=dt.datetime(2023, 8, 29, 14, 0, 9, tzinfo=UTC),
    )
    assert page.next_skiptoken == 16687329


def test_caught_up_page_is_empty() -> None:
    """A page with no entries is caught up; its resume link is kept, there is no next."""
    page = parse_feed_page(page_bytes("caught_up_page.xml"))
    assert page.entries == []
    assert page.caught_up
    assert (page.next_url, page.next_skiptoken, page.last_skiptoken) == (None, None, None)
    assert page.resume_url == f"{BASE}/Feed?skiptoken=21000007&category=Zaak"


@pytest.mark.parametrize(
    ("url", "token"),
    [
        (f"{BASE}/Feed?category=Document&skiptoken=20127222", 20127222),
        (f"{BASE}/Feed?skiptoken=20127222&category=Document", 20127222),
        (f"{BASE}/Feed?category=Document", None),
        (f"{BASE}/Feed?category=Document&skiptoken=abc", None),
        (None, None),
    ],
)
def test_skiptoken_from_url_either_parameter_order(url: str | None, token: int | None) -> None:
    """The skiptoken is read from the query string whatever the parameter order."""
    assert skiptoken_from_url(url) == token


def test_soort_filter_returns_other_for_unrelated_soorten() -> None:
    """With the question soorten, an unrelated Zaak becomes Other but keeps its skiptoken."""
    data = page_bytes("INFERRED_feed_page_kamervraag.xml").replace(
        b"<soort>Schriftelijke vragen</soort>\n        <onderwerp>Vragen",
        b"<soort>Wetgeving</soort>\n        <onderwerp>Vragen",
        1,
    )
    soorten = {"zaak": QUESTION_ZAAK_SOORTEN, "document": QUESTION_DOCUMENT_SOORTEN}
    entries = parse_feed_page(data, soorten=soorten).entries
    assert entries[0] == Other(ZAAK, "zaak", skiptoken=21000001, updated=entries[0].updated)
    assert isinstance(entries[1], Document)
    assert isinstance(entries[6], Deleted)


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9, 0.999])
def test_truncated_page_raises_feed_error(cut: float) -> None:
    """A page cut anywhere (mid-entry, mid-tag) raises FeedError, never a partial page."""
    data = page_bytes("INFERRED_feed_page_kamervraag.xml")
    with pytest.raises(FeedError, match="not well-formed"):
        parse_feed_page(data[: int(len(data) * cut)])


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml at all", b"<feed><entry></feed>", b'{"status": 404}', b"<html><body>"],
)
def test_malformed_page_raises_one_line_feed_error(data: bytes) -> None:
    """Malformed input raises FeedError with a one-line message."""
    with pytest.raises(FeedError) as caught:
        parse_feed_page(data)
    assert "\n" not in str(caught.value)


def test_other_root_element_is_not_a_feed() -> None:
    """Well-formed XML that is not an Atom feed (a lone entry) raises FeedError."""
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed_page(page_bytes("REAL_entry_fractieZetelPersoon_2023_nsstripped.xml"))


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&d;</title></entry></feed>
"""


def test_entity_bomb_is_refused() -> None:
    """A page declaring entities (billion laughs) is refused as UnsafeFeed, not expanded."""
    with pytest.raises(UnsafeFeed):
        parse_feed_page(BOMB)


def test_doctype_after_comment_and_external_entity_refused() -> None:
    """A DOCTYPE hidden after a comment, pulling a local file, is refused too."""
    data = (
        b'<?xml version="1.0"?><!-- hi --><!doctype feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>'
    )
    with pytest.raises(UnsafeFeed):
        parse_feed_page(data)


def test_undeclared_entity_reference_is_malformed() -> None:
    """An entity reference without a declaration is a FeedError, never resolved."""
    data = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>'
    with pytest.raises(FeedError):
        parse_feed_page(data)


def test_utf16_page_with_doctype_is_refused() -> None:
    """A UTF-16 page cannot slip a DOCTYPE past the byte-level check."""
    text = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE feed [<!ENTITY x "y">]><feed/>'
    with pytest.raises(UnsafeFeed):
        parse_feed_page(text.encode("utf-16"))


def test_white_space_before_declaration_is_tolerated() -> None:
    """Leading white space before the XML declaration does not make the page unreadable."""
    page = parse_feed_page(b"\n  " + page_bytes("caught_up_page.xml"))
    assert page.caught_up
    assert page.resume_url is not None
