"""The text parser on the seeds and on layouts built from the formats README."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.core.model import Asker, Footnote
from kamervragen.watchers.parsers.lines import CONJUNCTIONS, HYPHEN_PREFIXES, VOWEL_CLASH
from kamervragen.watchers.parsers.text import parse_text
from tests.conftest import DATA

BHOS = "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
URL1 = (
    "https://decorrespondent.nl/10307/berucht-chinees-veiligheidsministerie-gebruikt-"
    "nederlandse-software-die-emoties-leest/317002092-cae75d58"
)
URL2 = "https://www.hrw.org/news/2017/11/19/china-police-big-data-systems-violate-privacy-target-dissent"
URL3 = (
    "https://www.nytimes.com/2019/04/14/technology/china-surveillance-artificial-intelligence-"
    "racial-profiling.html"
)
SEED_NOTES = [Footnote(1, URL1, URL1), Footnote(2, URL2, URL2), Footnote(3, URL3, URL3)]


def test_answer_seed_header(answer_seed_text: str) -> None:
    """The answer seed's header sentences give askers, addressee, dates and who answered."""
    doc = parse_text(answer_seed_text)
    assert doc.kind == "answer"
    assert doc.zaaknummer is None  # the answer text does not carry it
    assert doc.askers == [Asker("Sjoerdsma", "D66")]
    assert doc.addressees == [BHOS]
    assert doc.answered_by == "Minister Kaag"
    assert doc.submitted == dt.date(2019, 7, 18)
    assert doc.answered == dt.date(2019, 9, 10)
    assert doc.title == (
        "Het bericht «Berucht Chinees veiligheidsministerie gebruikt Nederlandse software die "
        "emoties leest»"
    )
    assert doc.warnings == []


def test_answer_seed_pairs(answer_seed_text: str) -> None:
    """Ten questions; "Vraag 4, 5" and "Vraag 9, 10" are split, their answers shared."""
    doc = parse_text(answer_seed_text)
    assert [q.number for q in doc.questions] == list(range(1, 11))
    assert [a.numbers for a in doc.answers] == [(1,), (2,), (3,), (4, 5), (6,), (7,), (8,), (9, 10)]
    questions = {q.number: q.text for q in doc.questions}
    assert questions[4].endswith("Wat is uw mening over deze plannen?")
    assert questions[5].startswith("Bent u op de hoogte van de berichtgeving")
    assert questions[10].startswith("Bent u het eens dat Nederlandse cybersurveillance")
    assert doc.answers[0].text == "Ja."
    assert doc.answers[5].text == "Nee."


def test_answer_seed_hyphenation(answer_seed_text: str) -> None:
    """Line-break hyphens are undone, real hyphens ("dual-use") are kept."""
    doc = parse_text(answer_seed_text)
    text = " ".join(q.text for q in doc.questions) + " ".join(a.text for a in doc.answers)
    for word in (
        "emotieherkenningssoftware",
        "verantwoordelijk",
        "moslimminderheden",
        "gezichtsherkenningssoftware",
        "surveillancetechnieken",
        "mensenrechtenverdedigers",
        "cybersurveillancegoederen",
        "exportcontroleregelgeving",
        "dual-useverordening",
        "dual-usegoederen",
        "emotieherkenning",
        "interceptie- en monitoringsystemen",
    ):
        assert word in text, word
    assert "emotieher-" not in text
    assert "dualuse" not in text


def test_answer_seed_footnotes(answer_seed_text: str) -> None:
    """Footnote blocks become footnotes with whole URLs; markers leave the running text."""
    doc = parse_text(answer_seed_text)
    assert doc.footnotes == SEED_NOTES
    questions = {q.number: q.text for q in doc.questions}
    assert questions[1].endswith("emoties leest»?")
    assert "mensenrechtenorganisaties die waarschuwen" in questions[5]
    assert questions[5].endswith("(één miljoen Oeigoeren)?")
    assert "https://" not in " ".join(a.text for a in doc.answers)


def test_question_seed(question_seed_text: str) -> None:
    """The question page: zaaknummer, ten numbered questions, footnotes, the related set."""
    doc = parse_text(question_seed_text)
    assert doc.kind == "question"
    assert doc.zaaknummer == "2019Z15244"
    assert doc.askers == [Asker("Sjoerdsma", "D66")]
    assert doc.addressees == [BHOS]
    assert doc.submitted == dt.date(2019, 7, 18)
    assert doc.answered is None and doc.answered_by is None
    assert doc.related == ["2019Z15131"]
    assert doc.title == (
        "Het bericht ‘Berucht Chinees veiligheidsministerie gebruikt Nederlandse software die "
        "emoties leest’"
    )
    assert [q.number for q in doc.questions] == list(range(1, 11))
    assert doc.answers == []
    assert doc.footnotes == SEED_NOTES
    questions = {q.number: q.text for q in doc.questions}
    assert questions[1] == (
        "Bent u bekend met het bericht ‘Berucht Chinees veiligheidsministerie gebruikt "
        "Nederlandse software die emoties leest’?"
    )
    assert questions[5] == (
        "Bent u op de hoogte van de berichtgeving van mensenrechtenorganisaties die waarschuwen "
        "dat China surveillance-technologie inzet tegen iedereen die uit de pas loopt, zoals "
        "activisten, dissidenten en minderheden (één miljoen Oeigoeren)?"
    )
    assert questions[10].endswith("exportcontrole op Europees niveau zou moeten gelden?")
    assert "Toelichting" not in questions[10]
    assert doc.warnings == []


def test_merged_ranges_and_furniture() -> None:
    """ "Vraag 1 t/m 3", "Vraag 5 en 6" and "Antwoord op vraag 4"; furniture is dropped."""
    doc = parse_text((DATA / "text" / "answer_tm_furniture.txt").read_text(encoding="utf-8"))
    assert doc.kind == "answer"
    assert doc.askers == [
        Asker("Van der Lee", "GroenLinks-PvdA"),
        Asker("Kröger", "GroenLinks-PvdA"),
    ]
    assert doc.addressees == [
        "Minister van Klimaat en Groene Groei",
        "Staatssecretaris van Financiën",
    ]
    assert doc.answered_by == "Staatssecretaris Van Oostenbruggen"
    assert [a.numbers for a in doc.answers] == [(1, 2, 3), (4,), (5, 6)]
    questions = {q.number: q.text for q in doc.questions}
    assert questions[1] == "Kent u het bericht «Datacenters stoten meer uit dan gedacht»?"
    assert questions[2] == (
        "Hoeveel datacenters vallen onder de zee-eendenregeling? Wat is de rol van de "
        "mede-eigenaar?"
    )
    assert questions[3] == "Kunt u een overzicht geven van de EU-landen die al een heffing kennen?"
    assert "energie-intensieve" in questions[4]  # "ei" would misread: the hyphen stays
    assert "NOx-beleid" in questions[4]
    assert "interceptie- en monitoringgegevens" in questions[4]
    everything = " ".join(questions.values()) + " ".join(a.text for a in doc.answers)
    for furniture in ("Aanhangsel 1028", "ISSN", "'s-Gravenhage", "ah-tk-"):
        assert furniture not in everything
    assert doc.footnotes == [
        Footnote(
            1,
            "https://nos.nl/artikel/2550000-datacenters-stoten-meer-uit",
            "https://nos.nl/artikel/2550000-datacenters-stoten-meer-uit",
        ),
        Footnote(2, "Kamerstuk 36 600 IX, nr. 12", None),
    ]
    assert doc.answers[0].text.endswith("bij deze beantwoording.")
    assert doc.warnings == []


def test_postponement_notice() -> None:
    """A Mededeling that the answer will be late is a postponement with its notice text."""
    doc = parse_text((DATA / "text" / "postponement.txt").read_text(encoding="utf-8"))
    assert doc.kind == "postponement"
    assert doc.submitted == dt.date(2024, 12, 20)
    assert doc.askers == [Asker("Erkens", "VVD")]
    assert doc.notice is not None
    assert doc.notice.startswith("De vragen van het lid Erkens (VVD)")
    assert "niet binnen de gebruikelijke termijn" in doc.notice
    assert doc.answered is None and doc.questions == [] and doc.answers == []
    assert doc.warnings == []


def test_withdrawal_notice() -> None:
    """A Mededeling that the questions were withdrawn is a withdrawal."""
    doc = parse_text((DATA / "text" / "withdrawal.txt").read_text(encoding="utf-8"))
    assert doc.kind == "withdrawal"
    assert doc.notice is not None and "ingetrokken" in doc.notice


def test_vraag_2_en_3_and_bare_antwoord() -> None:
    """ "Vraag 2 en 3" with a bare "Antwoord" heading answers both numbers."""
    text = (
        "Vraag 1\nIs dat zo?\nAntwoord 1\nJa.\n"
        "Vraag 2 en 3\nWaarom is dat zo?\nWanneer verandert dat?\nAntwoord\nDat hangt ervan af.\n"
    )
    doc = parse_text(text)
    assert [q.text for q in doc.questions] == [
        "Is dat zo?",
        "Waarom is dat zo?",
        "Wanneer verandert dat?",
    ]
    assert [a.numbers for a in doc.answers] == [(1,), (2, 3)]


def test_unknown_layout_warns() -> None:
    """Text without header or questions returns warnings, not an exception."""
    doc = parse_text("Dit is een willekeurige tekst.\nZonder vragen of antwoorden.\n")
    assert doc.kind == "unknown"
    assert "no 'Vragen van ... (ingezonden ...)' sentence found" in doc.warnings
    assert "no numbered questions found" in doc.warnings


def test_unsplittable_merged_question_warns() -> None:
    """A merged block that cannot be divided keeps its text for each number and says so."""
    doc = parse_text("Vraag 1, 2\nHoe zit dit en dat in elkaar\nAntwoord 1, 2\nGoed.\n")
    assert "questions 1, 2 share one text that could not be split" in doc.warnings
    assert [q.number for q in doc.questions] == [1, 2]


def test_quoted_heading_is_not_a_heading() -> None:
    """A line starting with "Vraag 1" inside a later block is text, not a new question."""
    doc = parse_text(
        "Vraag 1\nA?\nAntwoord 1\nB.\nVraag 2\nC?\nAntwoord 2\nZie antwoord\nVraag 1 hierboven.\n"
    )
    assert [q.number for q in doc.questions] == [1, 2]
    assert doc.answers[1].text == "Zie antwoord Vraag 1 hierboven."


_LETTERS = "bcdfghklmnprstvwz"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=_LETTERS + "aeiou", min_size=3, max_size=8),
    st.text(alphabet=_LETTERS + "aeiou", min_size=3, max_size=8),
)
def test_line_break_hyphen_joins_compound(left: str, right: str) -> None:
    """A word broken over two lines with a hyphen comes back whole (no vowel clash, no prefix)."""
    if left[-1] + right[0] in VOWEL_CLASH or left in HYPHEN_PREFIXES or right in CONJUNCTIONS:
        return
    text = (
        f"Vraag 1\nDit is een lange regel met het woord {left}-\n{right} erin?\nAntwoord 1\nJa.\n"
    )
    doc = parse_text(text)
    assert f"{left}{right}" in doc.questions[0].text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_without_exception(text: str) -> None:
    """Arbitrary text never crashes the parser; it yields a document with a kind."""
    doc = parse_text(text)
    assert doc.kind in {
        "question",
        "answer",
        "further_answer",
        "postponement",
        "withdrawal",
        "unknown",
    }


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Vraag 1", "Vraag 2", "Antwoord 1", "Antwoord 2", "Ja.", "Nee?", ""]),
        max_size=30,
    )
)
def test_heading_soup_parses(lines: list[str]) -> None:
    """Any sequence of headings and text parses, and every answer names known numbers."""
    doc = parse_text("\n".join(lines))
    for answer in doc.answers:
        assert all(n in (1, 2) for n in answer.numbers)
