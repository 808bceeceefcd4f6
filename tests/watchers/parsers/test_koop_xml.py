"""The safe XML parser and the KOOP publication and metadata parsers on tests/data/koop/."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.core.model import Answer, Asker, Footnote, Question, SourceIds
from kamervragen.watchers.parsers.errors import (
    EmptyDocument,
    MalformedXML,
    NotADocument,
    ParseError,
    UnsafeXML,
)
from kamervragen.watchers.parsers.koop_xml import (
    parse_koop_xml,
    parse_metadata_xml,
    parse_publication_xml,
)
from kamervragen.watchers.parsers.xmlsafe import parse_xml
from tests.conftest import DATA

KOOP = DATA / "koop"
BHOS = "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
EMOTIES = (
    "Het bericht «Berucht Chinees veiligheidsministerie gebruikt Nederlandse software die "
    "emoties leest»"
)
URL1 = (
    "https://decorrespondent.nl/10307/berucht-chinees-veiligheidsministerie-gebruikt-"
    "nederlandse-software-die-emoties-leest/317002092-cae75d58"
)
URL2 = "https://www.hrw.org/news/2017/11/19/china-police-big-data-systems-violate-privacy-target-dissent"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE kamervragen [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<officiele-publicatie><kamervragen><vraag><al>&xxe;</al></vraag></kamervragen></officiele-publicatie>"""


def _read(name: str) -> bytes:
    return (KOOP / name).read_bytes()


def _publication(body: str, meta: str = "") -> bytes:
    """A minimal officiele-publicatie around a kamervragen body."""
    return (
        f"<officiele-publicatie><metadata>{meta}</metadata>"
        f"<kamervragen>{body}</kamervragen></officiele-publicatie>"
    ).encode()


# -- the safe XML parser --------------------------------------------------------------------------


def test_billion_laughs_is_refused_unexpanded() -> None:
    """An entity bomb raises UnsafeXML, saying entities are declared."""
    with pytest.raises(UnsafeXML, match="declares entities"):
        parse_xml(BILLION_LAUGHS)


def test_external_entity_is_refused() -> None:
    """An entity pointing at file:///etc/passwd is refused, never read."""
    with pytest.raises(UnsafeXML, match="declares entities"):
        parse_xml(XXE)


def test_external_dtd_is_refused() -> None:
    """A DOCTYPE naming an external DTD (SYSTEM or PUBLIC) is refused."""
    with pytest.raises(UnsafeXML, match="external DTD"):
        parse_xml(b'<!DOCTYPE a SYSTEM "http://127.0.0.1:1/x.dtd"><a/>')
    with pytest.raises(UnsafeXML, match="external DTD"):
        parse_xml(b'<!DOCTYPE a PUBLIC "-//X//DTD X//EN" "x.dtd"><a/>')


def test_parameter_entity_is_refused() -> None:
    """A parameter entity (the usual out-of-band XXE vehicle) is refused too."""
    with pytest.raises(UnsafeXML):
        parse_xml(b'<!DOCTYPE a [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p"> %p;]><a/>')


def test_entities_in_utf32_are_caught_by_the_second_check() -> None:
    """Entities the byte scan cannot see (UTF-32) are still refused after parsing."""
    data = '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'.encode("utf-32-le")
    with pytest.raises(UnsafeXML, match="declares entities"):
        parse_xml(data)


def test_harmless_doctype_is_accepted() -> None:
    """A DOCTYPE with neither entities nor external DTD parses."""
    assert parse_xml(b"<!DOCTYPE a><a>x</a>").text == "x"


def test_truncated_xml_says_where() -> None:
    """A truncated publication raises MalformedXML with line and column on one line."""
    data = b"\n".join(_read("ah-tk_answer.xml").splitlines()[:35])
    with pytest.raises(MalformedXML) as info:
        parse_xml(data)
    assert str(info.value) == (
        "XML does not parse at line 35, column 26: Premature end of data in tag antwoord line 34"
    )


def test_undefined_entity_is_malformed() -> None:
    """A reference to an undeclared entity is a syntax error, not an expansion."""
    with pytest.raises(MalformedXML, match=r"line 1, column \d+: Entity 'x' not defined"):
        parse_xml(b"<a>&x;</a>")


@pytest.mark.parametrize("data", [b"", b"  \n\t ", b"\xef\xbb\xbf \n"])
def test_empty_xml(data: bytes) -> None:
    """No bytes, white space, or a lone BOM raise EmptyDocument."""
    with pytest.raises(EmptyDocument, match="XML document is empty"):
        parse_xml(data)


def test_bom_and_leading_white_space_are_tolerated() -> None:
    """A UTF-8 BOM and white space before the XML declaration do not break parsing."""
    root = parse_xml(b'\xef\xbb\xbf\n  <?xml version="1.0" encoding="UTF-8"?><a>\xc3\xab</a>')
    assert root.text == "ë"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_parse_xml_raises_only_parse_errors(data: bytes) -> None:
    """Arbitrary bytes give an element or a ParseError, nothing else."""
    try:
        root = parse_xml(b"<a>" + data)
    except ParseError:
        return
    assert root.tag == "a"


# -- publications ----------------------------------------------------------------------------------


def test_answer_publication_every_field() -> None:
    """The INFERRED ah-tk answer gives header fields, Q/A pairs, merged answer and footnote."""
    data = _read("ah-tk_answer.xml")
    doc = parse_publication_xml(data)
    assert (doc.kind, doc.format) == ("answer", "xml")
    assert doc.ids == SourceIds(publication_id="ah-tk-20242025-1028")
    assert doc.zaaknummer is None
    assert doc.title == "Overbodige functies, adviesorganen en doublures bij de Rijksoverheid"
    assert doc.askers == [Asker("Erkens", "VVD")]
    assert doc.addressees == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert doc.answered_by == "Minister Uitermark"
    assert (doc.submitted, doc.answered) == (dt.date(2024, 12, 20), dt.date(2025, 2, 4))
    assert doc.deadline is None and doc.related == [] and doc.notice is None
    assert [q.number for q in doc.questions] == [1, 2, 3, 4]
    assert doc.questions[0].text == (
        "Deelt u de mening dat de Rijksoverheid significant is gegroeid de laatste jaren terwijl "
        "de slagvaardigheid niet evenredig is toegenomen? Zo nee, waarom niet?"
    )
    assert doc.answers == [
        Answer(
            (1,),
            "De Rijksoverheid is inderdaad significant gegroeid.\n\n"
            "De cijfers opgenomen in de Jaarrapportage Bedrijfsvoering Rijk (JBR) laten dit zien.",
        ),
        Answer((2,), "Zie Kamerstuk 36 600 VII, nr. 1."),
        Answer((3, 4), "Gecombineerd antwoord op vraag 3 en 4."),
    ]
    url = "https://www.example.nl/bericht"
    assert doc.footnotes == [Footnote(1, url, url)]
    assert doc.warnings == []
    assert doc.content_hash == hashlib.sha256(data).hexdigest()


def test_question_publication_every_field() -> None:
    """A kv-tk publication is a question with its zaaknummer from the id and cut-out notes."""
    doc = parse_koop_xml(_read("kv-tk_question.xml"))
    assert (doc.kind, doc.format) == ("question", "xml")
    assert doc.ids.publication_id == "kv-tk-2019Z15244"
    assert doc.zaaknummer == "2019Z15244"
    assert doc.title == EMOTIES
    assert doc.askers == [Asker("Sjoerdsma", "D66")]
    assert doc.addressees == [BHOS]
    assert doc.submitted == dt.date(2019, 7, 18)
    assert doc.answered is None and doc.answered_by is None and doc.answers == []
    assert doc.related == ["2019Z15131"]
    assert doc.notice is None
    assert doc.questions == [
        Question(
            1,
            "Bent u bekend met het bericht «Berucht Chinees veiligheidsministerie gebruikt "
            "Nederlandse software die emoties leest»?",
        ),
        Question(
            2,
            "Klopt het dat twee Nederlandse technologiebedrijven emotieherkenningssoftware hebben "
            "geleverd aan de Chinese staat?\n\nKunt u toelichten vanaf wanneer deze bedrijven aan "
            "de Chinese staat emotieherkenningssoftware leveren?",
        ),
        Question(
            3,
            "Bent u op de hoogte van de berichtgeving van mensenrechtenorganisaties die "
            "waarschuwen dat China surveillance-technologie inzet tegen iedereen die uit de pas "
            "loopt?",
        ),
    ]
    assert doc.footnotes == [
        Footnote(1, URL1, URL1),
        Footnote(2, f"Human Rights Watch, {URL2}.", URL2),
        Footnote(3, "Zie ook de eerdere vragen van de leden Van Ojik en Diks.", None),
    ]
    assert doc.warnings == []


def test_postponement_publication() -> None:
    """An ah-tk with only a "niet binnen de gebruikelijke termijn" remark is a postponement."""
    doc = parse_koop_xml(_read("ah-tk_postponement.xml"))
    assert (doc.kind, doc.format) == ("postponement", "xml")
    assert doc.ids.publication_id == "ah-tk-20182019-3801"
    assert doc.notice is not None
    assert doc.notice.startswith("De vragen van het lid Sjoerdsma (D66) over het bericht")
    assert doc.notice.endswith("Ik streef ernaar de vragen zo spoedig mogelijk te beantwoorden.")
    assert doc.related == ["2019Z15244"]
    assert doc.zaaknummer is None
    assert doc.title == EMOTIES
    assert doc.askers == [Asker("Sjoerdsma", "D66")]
    assert doc.submitted == dt.date(2019, 7, 18)
    assert doc.answered is None and doc.answered_by is None
    assert doc.questions == [] and doc.answers == [] and doc.footnotes == []
    assert doc.warnings == []


def test_older_vraagdoc_layout() -> None:
    """<vraagdoc> with omschr, nummer children, nr attributes and reactie answers is read."""
    doc = parse_koop_xml(_read("vraagdoc_older.xml"))
    assert doc.kind == "answer"
    assert doc.zaaknummer == "2005Z01234"
    assert doc.ids.publication_id is None
    assert doc.title == "De sluiting van het spoorviaduct bij Zwolle"
    assert doc.askers == [Asker("Van der Ham", "D66"), Asker("Duyvendak", "GroenLinks")]
    assert doc.addressees == ["Minister van Verkeer en Waterstaat"]
    assert doc.answered_by == "Minister Peijs"
    assert (doc.submitted, doc.answered) == (dt.date(2005, 2, 3), dt.date(2005, 3, 1))
    assert [q.number for q in doc.questions] == [1, 2, 3]
    assert doc.questions[0].text == "Is het waar dat het spoorviaduct drie maanden dicht gaat?"
    assert doc.answers == [
        Answer((1,), "Ja, van 1 april tot 1 juli."),
        Answer(
            (2,),
            "Er rijden bussen tussen Zwolle en Meppel.\n\nDe reistijd wordt twintig minuten "
            "langer; reizigers krijgen een tegoedbon van € 5.",
        ),
    ]
    assert doc.warnings == ["question 3 has no answer"]


def test_nader_antwoord() -> None:
    """A "Nader antwoord" is a further answer; merged numbers and note ids are understood."""
    doc = parse_koop_xml(_read("ah-tk_nader_antwoord.xml"))
    assert doc.kind == "further_answer"
    assert doc.ids.publication_id == "ah-tk-20192020-112"
    assert doc.zaaknummer == "2019Z15244"
    assert doc.answered_by == "Minister Kaag"
    assert (doc.submitted, doc.answered) == (dt.date(2019, 7, 18), dt.date(2019, 10, 1))
    assert doc.questions[:3] == [Question(n, "Zie het eerdere antwoord.") for n in (1, 2, 3)]
    assert [q.number for q in doc.questions] == [1, 2, 3, 4, 5]
    assert doc.questions[4].text == (
        "Bent u op de hoogte van de berichtgeving van mensenrechtenorganisaties?"
    )
    assert doc.answers == [
        Answer(
            (4, 5),
            "In aanvulling op het eerdere antwoord kan ik melden dat de Raad een mandaat heeft "
            "vastgesteld.",
        )
    ]
    assert doc.footnotes == [
        Footnote(
            7,
            "Kamerstuk 22 112, nr. 2800; zie kst-22112-2800.",
            "https://zoek.officielebekendmakingen.nl/kst-22112-2800.html",
        )
    ]
    assert doc.related == [] and doc.notice is None
    assert doc.warnings == []


def test_withdrawal_remark() -> None:
    """A remark that the questions were withdrawn makes a withdrawal with its notice."""
    doc = parse_publication_xml(
        _publication(
            "<kamervraagopmerking>De vragen 2020Z01234 zijn door de indiener ingetrokken."
            "</kamervraagopmerking>"
        )
    )
    assert doc.kind == "withdrawal"
    assert doc.notice == "De vragen 2020Z01234 zijn door de indiener ingetrokken."
    assert doc.related == ["2020Z01234"]
    assert doc.warnings == ["no 'Vragen van ...' sentence found"]


def test_mededeling_header_dates_a_postponement() -> None:
    """A "Mededeling van ..." header gives the notice date; "niet binnen de termijn" postpones."""
    doc = parse_publication_xml(
        _publication(
            '<kamervraagomschrijving type="antwoord">Mededeling van Minister Kaag (ontvangen '
            '<datum isodatum="2019-08-08">8 augustus 2019</datum>).</kamervraagomschrijving>'
            "<kamervraagopmerking>De vragen kunnen niet binnen de termijn worden beantwoord."
            "</kamervraagopmerking>"
        )
    )
    assert doc.kind == "postponement"
    assert doc.received == dt.date(2019, 8, 8)
    assert doc.answered is None  # a postponement answers nothing
    assert doc.answered_by is None
    assert doc.notice == "De vragen kunnen niet binnen de termijn worden beantwoord."


def test_isodatum_is_preferred_over_the_text_date() -> None:
    """The <datum isodatum> attribute wins over the date written in the sentence."""
    doc = parse_publication_xml(
        _publication(
            '<kamervraagomschrijving type="vraag">Vragen van het lid Omtzigt (CDA) aan de '
            'Minister van Financiën over belastingen (ingezonden <datum isodatum="2019-07-19">'
            "18 juli 2019</datum>).</kamervraagomschrijving><vraag><nr>Vraag 1</nr><al>Waarom?"
            "</al></vraag>"
        )
    )
    assert doc.submitted == dt.date(2019, 7, 19)
    assert (doc.kind, doc.title, doc.addressees) == (
        "question",
        "Belastingen",
        ["Minister van Financiën"],
    )


def test_number_attributes_and_unnumbered_elements() -> None:
    """nr attributes, "Vraag 1 t/m 3" and a missing number (with a warning) are handled."""
    doc = parse_publication_xml(
        _publication(
            '<vraag nr="Vraag 1 t/m 3"><al>A?</al></vraag><vraag><al>B?</al></vraag>'
            '<antwoord nummer="Antwoord 1 t/m 4"><al>Nee.</al></antwoord>'
        )
    )
    assert doc.questions == [
        Question(1, "A?"),
        Question(2, "A?"),
        Question(3, "A?"),
        Question(4, "B?"),
    ]
    assert doc.answers == [Answer((1, 2, 3, 4), "Nee.")]
    assert "question without a number after question 3; taken as 4" in doc.warnings


def test_answer_without_question_is_a_gap() -> None:
    """An answer document whose answer names a question it does not repeat warns about it."""
    doc = parse_publication_xml(
        _publication(
            "<vraag><nr>Vraag 1</nr><al>A?</al></vraag><antwoord><nr>Antwoord 1</nr><al>Ja.</al>"
            "</antwoord><antwoord><nr>Antwoord 2</nr><al>Nee.</al></antwoord>"
        )
    )
    assert doc.kind == "answer"
    assert "answer 2 has no question" in doc.warnings
    assert "no 'Antwoord van ...' sentence found" in doc.warnings


def test_namespaced_elements_match_by_local_name() -> None:
    """Elements in a namespace are found by their local name."""
    data = (
        b'<officiele-publicatie xmlns="urn:x"><kamervragen><vraag><nr>Vraag 2</nr><al>Hoe?</al>'
        b"</vraag></kamervragen></officiele-publicatie>"
    )
    assert parse_publication_xml(data).questions == [Question(2, "Hoe?")]


def test_unknown_layout_returns_warnings() -> None:
    """A kamervragen body with nothing recognisable gives kind unknown and says what is missing."""
    doc = parse_koop_xml(_publication("<iets>tekst</iets>"))
    assert doc.kind == "unknown"
    assert doc.warnings == ["no 'Vragen van ...' sentence found", "no questions found"]


def test_other_officiele_publicatie_is_not_a_document() -> None:
    """A real Gemeenteblad publication is refused with what it holds instead."""
    with pytest.raises(NotADocument, match=r"^XML <officiele-publicatie> holds <gemeenteblad>"):
        parse_koop_xml(_read("REAL_op_gmb.xml"))


def test_unknown_root_is_not_a_document() -> None:
    """Any other root raises NotADocument with the brief's message."""
    with pytest.raises(NotADocument) as info:
        parse_koop_xml(b"<rss><channel/></rss>")
    assert str(info.value) == ("XML root <rss> is not a Kamervragen publication or metadata record")


def test_specific_parsers_refuse_the_other_root() -> None:
    """parse_metadata_xml refuses a publication and parse_publication_xml a metadata record."""
    with pytest.raises(NotADocument, match="not a KOOP metadata record"):
        parse_metadata_xml(_read("ah-tk_answer.xml"))
    with pytest.raises(NotADocument, match="not a Kamervragen publication"):
        parse_publication_xml(_read("metadata_ah-tk.xml"))


_NAMES = [
    "kamervraagomschrijving", "vraag", "antwoord", "reactie", "nr", "nummer", "al", "noot",
    "noot.nr", "noot.al", "extref", "datum", "kamervraagopmerking", "omschr", "iets",
]  # fmt: skip
_TEXTS = st.sampled_from(
    ["", "Vraag 1", "Antwoord 2 en 3", "1 t/m 40", "uitstel", "ingetrokken", "https://x.nl",
     "Vragen van het lid A (B) aan de C (ingezonden 1 mei 2020)", "Antwoord van D (ontvangen)"]
)  # fmt: skip
_TREES = st.recursive(
    _TEXTS,
    lambda inner: st.builds(
        lambda name, children: f"<{name}>{''.join(children)}</{name}>",
        st.sampled_from(_NAMES),
        st.lists(inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TREES, max_size=6))
def test_any_arrangement_of_known_elements_parses(parts: list[str]) -> None:
    """Known elements in any arrangement give a document with a known kind, never a crash."""
    doc = parse_publication_xml(_publication("".join(parts)))
    assert doc.kind in {
        "question",
        "answer",
        "further_answer",
        "postponement",
        "withdrawal",
        "unknown",
    }
    assert all(q.number > 0 for q in doc.questions)


# -- metadata records ------------------------------------------------------------------------------


def test_metadata_every_field() -> None:
    """The INFERRED ah-tk metadata record gives zaaknummer, id, dates, subject and asker."""
    data = _read("metadata_ah-tk.xml")
    doc = parse_metadata_xml(data)
    assert (doc.kind, doc.format) == ("metadata", "metadata")
    assert doc.zaaknummer == "2024Z21590"
    assert doc.ids == SourceIds(publication_id="ah-tk-20242025-1028")
    assert (doc.submitted, doc.answered) == (dt.date(2024, 12, 20), dt.date(2025, 2, 4))
    assert doc.title == "Overbodige functies, adviesorganen en doublures bij de Rijksoverheid"
    assert doc.askers == [Asker("H.M. Erkens", None)]
    assert doc.addressees == [] and doc.answered_by is None
    assert doc.questions == [] and doc.answers == []
    assert doc.warnings == []
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert parse_koop_xml(data) == doc


def test_metadata_without_answer_publication_has_no_answer_date() -> None:
    """datumOntvangst counts only for "Kamervragen (Aanhangsel)"; other titles stay whole."""
    data = b"""<metadata_gegevens>
      <metadata name="DC.identifier" content="kv-tk-2019Z15244"/>
      <metadata name="OVERHEIDop.publicationName" content="Kamervragen zonder antwoord"/>
      <metadata name="DC.title" content="het bericht over emoties"/>
      <metadata name="OVERHEIDop.indiener" content="S. Sjoerdsma"/>
      <metadata name="OVERHEIDop.indiener" content="A. Ander"/>
      <metadata name="OVERHEIDop.datumIndiening" content="2019-07-18"/>
      <metadata name="OVERHEIDop.datumOntvangst" content="2019-09-10"/>
      <metadata name="OVERHEIDop.onbekend" content="genegeerd"/>
    </metadata_gegevens>"""
    doc = parse_metadata_xml(data)
    assert doc.zaaknummer == "2019Z15244"
    assert (doc.submitted, doc.answered) == (dt.date(2019, 7, 18), None)
    assert doc.title == "Het bericht over emoties"
    assert doc.askers == [Asker("S. Sjoerdsma"), Asker("A. Ander")]
    assert doc.warnings == []


def test_real_metadata_of_another_publication() -> None:
    """A real Gemeenteblad metadata record parses and warns that it is no Kamervragen record."""
    doc = parse_koop_xml(_read("REAL_metadata_gmb.xml"))
    assert doc.kind == "metadata"
    assert doc.ids.publication_id == "gmb-2024-216934"
    assert doc.zaaknummer is None and doc.askers == [] and doc.submitted is None
    assert doc.warnings == [
        "publication 'Gemeenteblad' is not a Kamervragen publication",
        "no OVERHEIDop.vraagnummer (zaaknummer) found",
    ]
