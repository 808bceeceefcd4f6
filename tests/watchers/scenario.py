"""A set of written questions as the sources publish it, built from the formats' fixtures.

Zaak 2024Z21590 (Erkens, VVD, to the Minister of BZK): its Zaak, actors, the question Document
with its DocumentVersie (kv-tk-2024Z21590), later a postponement notice, later the answer Document
with its DocumentVersie (ah-tk-20242025-1028). The published XML of the answer is the formats'
INFERRED ah-tk answer; the question publication is the same file without its answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from tests.conftest import DATA
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import (
    SyncFeedServer,
    document_xml,
    documentversie_xml,
    zaak_xml,
    zaakactor_xml,
)

ZAAK = "2024Z21590"
ZAAK_GUID = "0b6f3f9e-1111-4a4a-9c9c-000000000001"
QUESTION_DOC = "5d2c1a7e-2222-4b4b-8d8d-000000000002"
QUESTION_VERSIE = "7a7a7a7a-3333-4c4c-8e8e-000000000003"
POSTPONE_DOC = "6e6e6e6e-2222-4b4b-8d8d-00000000000b"
ANSWER_DOC = "9e9e9e9e-4444-4d4d-8f8f-000000000004"
ANSWER_VERSIE = "aaaaaaaa-5555-4e4e-9a9a-000000000005"
QUESTION_PUB = "kv-tk-2024Z21590"
ANSWER_PUB = "ah-tk-20242025-1028"
ONDERWERP = (
    "Vragen van het lid Erkens (VVD) aan de Minister van Binnenlandse Zaken en "
    "Koninkrijksrelaties over overbodige functies, adviesorganen en doublures bij de Rijksoverheid"
)
ANSWER_XML = (DATA / "koop" / "ah-tk_answer.xml").read_bytes()


def question_xml() -> bytes:
    """The question publication: the answer publication without its answers."""
    root = etree.fromstring(ANSWER_XML)
    for element in root.iter("antwoord", "kamervraagomschrijving"):
        if element.tag == "antwoord" or element.get("type") == "antwoord":
            element.getparent().remove(element)
    meta = root.find("metadata/meta")
    meta.set("content", f"https://zoek.officielebekendmakingen.nl/{QUESTION_PUB}/metadata.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@dataclass
class Sources:
    """The two fake sources of one test."""

    feed: SyncFeedServer
    koop: KoopServer


def start_sources(page_size: int = 2) -> Sources:
    """Start both fakes; the feed's clock starts an hour ago so the first poll reads it all."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    feed = SyncFeedServer(page_size=page_size, start=start).start()
    koop = KoopServer().start()
    return Sources(feed, koop)  # type: ignore[arg-type]


def publish_question(src: Sources, *, with_text: bool = True) -> None:
    """The Zaak, its actors, the question Document and its version (and the publication)."""
    src.feed.add(
        "Zaak",
        zaak_xml(
            ZAAK_GUID,
            nummer=ZAAK,
            onderwerp=ONDERWERP,
            gestart_op="2024-12-20T00:00:00",
            termijn="2025-01-10T00:00:00",
        ),
    )
    src.feed.add(
        "ZaakActor",
        zaakactor_xml(
            "cccccccc-6666-4f4f-8b8b-000000000006",
            zaak_ref=ZAAK_GUID,
            actor_naam="H.M. Erkens",
            actor_fractie="VVD",
            relatie="Indiener",
        ),
    )
    src.feed.add(
        "ZaakActor",
        zaakactor_xml(
            "cccccccc-6666-4f4f-8b8b-000000000009",
            zaak_ref=ZAAK_GUID,
            actor_naam="J.J.M. Uitermark",
            relatie="Gericht aan",
            functie="minister van Binnenlandse Zaken en Koninkrijksrelaties",
        ),
    )
    src.feed.add(
        "Document",
        document_xml(
            QUESTION_DOC,
            zaak_refs=[ZAAK_GUID],
            soort="Schriftelijke vragen",
            document_nummer="2024D50001",
            titel=ONDERWERP,
            onderwerp=ONDERWERP,
            huidige_versie_ref=QUESTION_VERSIE,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    src.feed.add(
        "DocumentVersie",
        documentversie_xml(
            QUESTION_VERSIE,
            document_ref=QUESTION_DOC,
            extensie=".docx",
            externe_identifier=QUESTION_PUB,
        ),
    )
    if with_text:
        src.koop.add(QUESTION_PUB, xml=question_xml())


def publish_postponement(src: Sources) -> None:
    """A "Mededeling (uitstel antwoord)" for the Zaak."""
    src.feed.add(
        "Document",
        document_xml(
            POSTPONE_DOC,
            zaak_refs=[ZAAK_GUID],
            soort="Mededeling (uitstel antwoord)",
            document_nummer="2025D00999",
            titel="Uitstel beantwoording",
            onderwerp="Uitstel beantwoording vragen van het lid Erkens",
        ),
    )


def publish_answer(src: Sources, *, with_text: bool = True) -> None:
    """The answer Document, its version, and (optionally) its published XML."""
    src.feed.add(
        "Document",
        document_xml(
            ANSWER_DOC,
            zaak_refs=[ZAAK_GUID],
            soort="Antwoord schriftelijke vragen",
            document_nummer="2025D04328",
            aanhangselnummer="242501028",
            titel="Antwoord op vragen van het lid Erkens",
            onderwerp="Antwoord op vragen van het lid Erkens",
            huidige_versie_ref=ANSWER_VERSIE,
        ),
    )
    src.feed.add(
        "DocumentVersie",
        documentversie_xml(ANSWER_VERSIE, document_ref=ANSWER_DOC, externe_identifier=ANSWER_PUB),
    )
    if with_text:
        publish_answer_text(src)


def publish_answer_text(src: Sources) -> None:
    """The answer's publication appears at officielebekendmakingen."""
    src.koop.add(ANSWER_PUB, xml=ANSWER_XML)


LETTER_DOC = "6f6f6f6f-2222-4b4b-8d8d-00000000000c"
LETTER_VERSIE = "6f6f6f6f-3333-4c4c-8e8e-00000000000d"
LETTER_PUB = "ah-tk-20242025-1100"
LETTER_TEXT = (
    "De vragen van het lid Erkens (VVD) over overbodige functies, adviesorganen en doublures bij "
    "de Rijksoverheid (2024Z21590) zijn beantwoord middels brief van 3 februari 2025 "
    "(Kamerstuk 35 510, nr. 129)."
)


def letter_xml() -> bytes:
    """The notice that says the set was answered by letter: the postponement fixture's
    publication with this notice's text (a test fixture, not a captured document)."""
    root = etree.fromstring((DATA / "koop" / "ah-tk_postponement.xml").read_bytes())
    for remark in root.iter("kamervraagopmerking"):
        remark.text = LETTER_TEXT
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def publish_answer_by_letter(src: Sources) -> None:
    """A plain "Mededeling" whose subject says nothing; its published text says the questions
    were answered by letter."""
    src.feed.add(
        "Document",
        document_xml(
            LETTER_DOC,
            zaak_refs=[ZAAK_GUID],
            soort="Mededeling",
            document_nummer="2025D05000",
            titel="Mededeling",
            onderwerp="Mededeling over de vragen van het lid Erkens",
            huidige_versie_ref=LETTER_VERSIE,
        ),
    )
    src.feed.add(
        "DocumentVersie",
        documentversie_xml(LETTER_VERSIE, document_ref=LETTER_DOC, externe_identifier=LETTER_PUB),
    )
    src.koop.add(LETTER_PUB, xml=letter_xml())
