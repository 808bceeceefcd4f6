"""Timestamps, document kinds and publication ids of SyncFeed entities."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.watchers.syncfeed import (
    Document,
    DocumentVersie,
    document_kind,
    publication_id_for,
)
from kamervragen.watchers.syncfeed.entities import AMSTERDAM, parse_timestamp

UTC = dt.UTC
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-08-12T12:56:35.4070000", dt.datetime(2019, 8, 12, 12, 56, 35, 407000, AMSTERDAM)),
        ("2023-08-29T11:10:24Z", dt.datetime(2023, 8, 29, 11, 10, 24, tzinfo=UTC)),
        ("2024-03-11T16:43:16+0100", dt.datetime(2024, 3, 11, 16, 43, 16, tzinfo=PLUS_ONE)),
        ("2024-03-11T16:43:16+01:00", dt.datetime(2024, 3, 11, 16, 43, 16, tzinfo=PLUS_ONE)),
        ("2019-06-28T20:34:35.1495901Z", dt.datetime(2019, 6, 28, 20, 34, 35, 149590, UTC)),
        ("2025-01-08T00:00:00", dt.datetime(2025, 1, 8, tzinfo=AMSTERDAM)),
        ("2006-11-30", dt.datetime(2006, 11, 30, tzinfo=AMSTERDAM)),
        (" 2023-08-29T11:10:24z ", dt.datetime(2023, 8, 29, 11, 10, 24, tzinfo=UTC)),
        (
            "2023-08-29T11:10:24.1234567891+01",
            dt.datetime(2023, 8, 29, 11, 10, 24, 123456, PLUS_ONE),
        ),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2023-02-30T00:00:00", None),
    ],
)
def test_parse_timestamp_shapes(text: str | None, expected: dt.datetime | None) -> None:
    """Every shape the feed uses parses to the same instant; junk gives None, never raises."""
    parsed = parse_timestamp(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_parse_timestamp_round_trips_every_shape(moment: dt.datetime) -> None:
    """A UTC instant written as Z, +0000, +00:00 or 7 decimals parses back to that instant."""
    moment = moment.replace(tzinfo=UTC)
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{moment.microsecond:06d}0"
    for text in (f"{base}.{fraction}Z", f"{base}.{fraction}+0000", f"{base}.{fraction}+00:00"):
        assert parse_timestamp(text) == moment


@given(st.text(max_size=40))
def test_parse_timestamp_never_raises(text: str) -> None:
    """Arbitrary text gives an aware datetime or None."""
    parsed = parse_timestamp(text)
    assert parsed is None or parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("soort", "onderwerp", "kind"),
    [
        ("Schriftelijke vragen", None, "question"),
        ("schriftelijke  vragen ", None, "question"),
        ("Mededeling (uitstel antwoord)", None, "postponement"),
        ("Mededeling(Uitstel antwoord)", None, "postponement"),
        ("Antwoord schriftelijke vragen", None, "answer"),
        ("ANTWOORD SCHRIFTELIJKE VRAGEN", "x", "answer"),
        ("Antwoord schriftelijke vragen (nader)", None, "further_answer"),
        ("Antwoord schriftelijke vragen(nader)", None, "further_answer"),
        ("Mededeling", "Mededeling: vragen van het lid X ingetrokken", "withdrawal"),
        ("Mededeling", "Verzoek tot INTREKKEN van vragen", "withdrawal"),
        ("Mededeling", "Intrekking schriftelijke vragen", "withdrawal"),
        ("Mededeling", "Mededeling over de agenda", "notice"),
        ("Mededeling", None, "notice"),
        ("Mededeling", "Vragen over het intrekken van vergunningen", "notice"),
        ("Mededeling", "De vragen zijn beantwoord middels brief van 5 juni", "answered_by_letter"),
        ("Mededeling", "Uitstel beantwoording vragen over het intrekken van visa", "postponement"),
        ("Brief regering", "ingetrokken", "unknown"),
        (None, None, "unknown"),
        ("", "", "unknown"),
    ],
)
def test_document_kind_table(soort: str | None, onderwerp: str | None, kind: str) -> None:
    """Soort (and a notice's onderwerp) map to our kinds, leniently on case and spacing; a plain
    notice whose subject says nothing is a "notice" that its text will classify."""
    assert document_kind(soort, onderwerp) == kind


def _document(soort: str, *, vergaderjaar: str | None, aanhangsel: str | None) -> Document:
    return Document(
        "9e9e9e9e-4444-4d4d-8f8f-000000000004",
        zaak_refs=["0b6f3f9e-1111-4a4a-9c9c-000000000001"],
        soort=soort,
        document_nummer="2025D04328",
        titel=None,
        onderwerp=None,
        datum=None,
        vergaderjaar=vergaderjaar,
        aanhangselnummer=aanhangsel,
        huidige_versie_ref=None,
        content_type=None,
        content_length=None,
        enclosure_url=None,
        datum_ontvangst=None,
        bijgewerkt=None,
    )


def _versie(externe_identifier: str | None) -> DocumentVersie:
    return DocumentVersie(
        "aaaaaaaa-5555-4e4e-9a9a-000000000005",
        document_ref="9e9e9e9e-4444-4d4d-8f8f-000000000004",
        versienummer=1,
        extensie=".pdf",
        externe_identifier=externe_identifier,
        datum=None,
        bestandsgrootte=None,
        status=None,
        bijgewerkt=None,
    )


ANSWER = "Antwoord schriftelijke vragen"


@pytest.mark.parametrize(
    ("document", "versie", "zaak_nummer", "expected"),
    [
        (_document(ANSWER, vergaderjaar="2018-2019", aanhangsel="181903985"),
         _versie("ah-tk-20182019-3985"), None, "ah-tk-20182019-3985"),
        (_document(ANSWER, vergaderjaar="2015-2016", aanhangsel="151601580"),
         None, None, "ah-tk-20152016-1580"),
        (_document(ANSWER, vergaderjaar="2024-2025", aanhangsel="242501028"),
         _versie(None), None, "ah-tk-20242025-1028"),
        (_document("Mededeling (uitstel antwoord)", vergaderjaar="2024-2025",
                   aanhangsel="242500007"), None, None, "ah-tk-20242025-7"),
        (_document(ANSWER, vergaderjaar=None, aanhangsel="151601580"),
         None, None, "ah-tk-20152016-1580"),
        (_document(ANSWER, vergaderjaar=None, aanhangsel="990000123"),
         None, None, "ah-tk-19992000-123"),
        (_document(ANSWER, vergaderjaar=None, aanhangsel="151801580"), None, None, None),
        (_document(ANSWER, vergaderjaar="2024-2025", aanhangsel=None), None, None, None),
        (_document(ANSWER, vergaderjaar="2024-2025", aanhangsel="24250000"), None, None, None),
        (_document(ANSWER, vergaderjaar="2024-2025", aanhangsel="2425x1028"), None, None, None),
        (_document("Schriftelijke vragen", vergaderjaar="2019-2020", aanhangsel=None),
         None, "2019Z15244", "kv-tk-2019Z15244"),
        (_document("Schriftelijke vragen", vergaderjaar="2019-2020", aanhangsel=None),
         _versie("kv-tk-2019Z15244"), None, "kv-tk-2019Z15244"),
        (_document("Schriftelijke vragen", vergaderjaar="2019-2020", aanhangsel=None),
         None, None, None),
    ],
)  # fmt: skip
def test_publication_id_for_table(
    document: Document, versie: DocumentVersie | None, zaak_nummer: str | None, expected: str | None
) -> None:
    """externe_identifier first, then kv-tk-<zaak nummer> or ah-tk-<years>-<serial>."""
    assert publication_id_for(document, versie, zaak_nummer=zaak_nummer) == expected
