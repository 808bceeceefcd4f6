"""The lead sentence of every alert kind, in Dutch and English."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.bot.rendering.leads import lead
from kamervragen.core.model import Answer, Asker, Case, Question

CASE = Case(
    "2024Z18294",
    title="Het bericht dat gemeenten geen geld hebben voor jeugdzorg",
    askers=[Asker("Krul", "CDA"), Asker("Bikker", "ChristenUnie")],
    addressees=["Minister van Volksgezondheid, Welzijn en Sport"],
    submitted=dt.date(2024, 11, 1),
    deadline=dt.date(2024, 11, 22),
    questions=[Question(1, "Kent u het bericht?"), Question(2, "Wat gaat u doen?")],
)
DATE = dt.date(2024, 11, 22)

DUTCH = {
    "question_filed": "Krul (CDA) en Bikker (ChristenUnie) stelden 2 vragen aan de minister van "
    "Volksgezondheid, Welzijn en Sport over het bericht dat gemeenten geen geld hebben voor "
    "jeugdzorg.",
    "postponed": "De minister van Volksgezondheid, Welzijn en Sport stelde de beantwoording van "
    "de 2 vragen van Krul (CDA) en Bikker (ChristenUnie) over het bericht dat gemeenten geen "
    "geld hebben voor jeugdzorg uit.",
    "withdrawn": "Krul (CDA) en Bikker (ChristenUnie) trokken de 2 vragen aan de minister van "
    "Volksgezondheid, Welzijn en Sport over het bericht dat gemeenten geen geld hebben voor "
    "jeugdzorg in.",
    "further_answer": "De minister van Volksgezondheid, Welzijn en Sport gaf een aanvullend "
    "antwoord op de 2 vragen van Krul (CDA) en Bikker (ChristenUnie) over het bericht dat "
    "gemeenten geen geld hebben voor jeugdzorg.",
    "due_soon": "De minister van Volksgezondheid, Welzijn en Sport moet de 2 vragen van Krul "
    "(CDA) en Bikker (ChristenUnie) over het bericht dat gemeenten geen geld hebben voor "
    "jeugdzorg uiterlijk 22 november 2024 beantwoorden.",
    "overdue": "De minister van Volksgezondheid, Welzijn en Sport had de 2 vragen van Krul (CDA) "
    "en Bikker (ChristenUnie) over het bericht dat gemeenten geen geld hebben voor jeugdzorg "
    "uiterlijk 22 november 2024 moeten beantwoorden; er is geen antwoord en geen "
    "uitstelbericht.",
    "overdue_after_postponement": "De minister van Volksgezondheid, Welzijn en Sport had de 2 "
    "vragen van Krul (CDA) en Bikker (ChristenUnie) over het bericht dat gemeenten geen geld "
    "hebben voor jeugdzorg na uitstel uiterlijk 22 november 2024 moeten beantwoorden; er is "
    "nog geen antwoord.",
}
ENGLISH = {
    "question_filed": "Krul (CDA) and Bikker (ChristenUnie) asked the Minister van "
    "Volksgezondheid, Welzijn en Sport 2 questions about “Het bericht dat gemeenten geen geld "
    "hebben voor jeugdzorg”.",
    "postponed": "The Minister van Volksgezondheid, Welzijn en Sport postponed the answer to the "
    "2 questions from Krul (CDA) and Bikker (ChristenUnie) about “Het bericht dat gemeenten "
    "geen geld hebben voor jeugdzorg”.",
    "withdrawn": "Krul (CDA) and Bikker (ChristenUnie) withdrew the 2 questions to the Minister "
    "van Volksgezondheid, Welzijn en Sport about “Het bericht dat gemeenten geen geld hebben "
    "voor jeugdzorg”.",
    "overdue": "The Minister van Volksgezondheid, Welzijn en Sport should have answered the 2 "
    "questions from Krul (CDA) and Bikker (ChristenUnie) about “Het bericht dat gemeenten geen "
    "geld hebben voor jeugdzorg” by 22 November 2024; there is no answer and no postponement "
    "notice.",
}


@pytest.mark.parametrize("kind", sorted(DUTCH))
def test_dutch_leads(kind: str) -> None:
    """Each kind says who did what to which questions, with the office as "de minister"."""
    assert lead(CASE, kind, "nl", DATE) == DUTCH[kind]


@pytest.mark.parametrize("kind", sorted(ENGLISH))
def test_english_leads(kind: str) -> None:
    assert lead(CASE, kind, "en", DATE) == ENGLISH[kind]


def test_a_person_answers_without_an_article() -> None:
    """The minister who answered is named as such: "Minister Agema", "minister Agema"."""
    answered = dataclasses.replace(
        CASE,
        status="answered",
        answered_by="Minister Agema",
        answered=dt.date(2024, 11, 20),
        answers=[Answer((1, 2), "Ja.")],
    )
    assert lead(answered, "answered", "nl").startswith(
        "Minister Agema beantwoordde na 19 dagen (op tijd) de 2 vragen van Krul (CDA)"
    )
    assert lead(answered, "further_answer", "en").startswith("Minister Agema gave a further")
    filed = dataclasses.replace(CASE, addressees=["Minister Agema"], askers=[Asker("Krul", "CDA")])
    assert lead(filed, "question_filed", "nl").startswith(
        "Krul (CDA) stelde 2 vragen aan minister Agema over"
    )


def test_without_askers_addressees_or_title() -> None:
    """A set that knows only its one question still reads as a sentence."""
    bare = Case(None, questions=[Question(1, "Waarom?")], addressees=["  "])
    assert lead(bare, "question_filed", "nl") == "Een Kamerlid stelde één vraag aan het kabinet."
    assert lead(bare, "question_filed", "en") == "A member asked the government one question."
    assert lead(bare, "withdrawn", "nl") == "Een Kamerlid trok de vraag aan het kabinet in."
    assert lead(bare, "overdue", "en") == "The government has yet to answer the question."
    assert lead(bare, "postponed", "nl") == "Het kabinet stelde de beantwoording van de vraag uit."


def test_offices_take_an_article() -> None:
    """ "Minister-president" alone and plural offices read as offices too."""
    pm = dataclasses.replace(CASE, addressees=["Minister-president"], askers=[Asker("Krul")])
    assert lead(pm, "question_filed", "nl").startswith("Krul stelde 2 vragen aan de minister-")
    assert lead(pm, "overdue", "en", DATE).startswith("The Minister-president should have ")
    alone = dataclasses.replace(pm, addressees=["Minister"], title=None)
    assert lead(alone, "question_filed", "nl") == "Krul stelde 2 vragen aan de minister."
    both = dataclasses.replace(pm, addressees=["Ministers van Economische Zaken en van Klimaat"])
    assert " aan de ministers van Economische Zaken en van Klimaat over " in lead(
        both, "question_filed", "nl"
    )


def test_more_than_one_minister_takes_a_plural_verb() -> None:
    """ "De ministers van …" and "de minister en de staatssecretaris van …" postpone, answer
    and are late in the plural."""
    both = dataclasses.replace(
        CASE, addressees=["Ministers van Buitenlandse Zaken en van Defensie"]
    )
    assert lead(both, "postponed", "nl").startswith("De ministers van Buitenlandse Zaken en van ")
    assert " Defensie stelden de beantwoording van de 2 vragen " in lead(both, "postponed", "nl")
    assert " Defensie hadden de 2 vragen " in lead(both, "overdue", "nl", DATE)
    assert " Defensie moeten de 2 vragen " in lead(both, "due_soon", "nl", DATE)
    assert " Defensie gaven een aanvullend antwoord " in lead(both, "further_answer", "nl")
    unknown = dataclasses.replace(both, deadline=None)  # no deadline known
    assert " Defensie have yet to answer " in lead(unknown, "overdue", "en")
    pair = dataclasses.replace(CASE, addressees=["Minister en Staatssecretaris van Financiën"])
    assert lead(pair, "postponed", "nl").startswith(
        "De minister en Staatssecretaris van Financiën stelden de beantwoording"
    )
    one = dataclasses.replace(CASE, addressees=["Minister van Onderwijs, Cultuur en Wetenschap"])
    assert " Wetenschap stelde de beantwoording " in lead(one, "postponed", "nl")


def test_odd_data_still_reads_well() -> None:
    """No questions known, a title ending in a full stop or a question mark, a blank title,
    an addressee with its own article or a misspelt office."""
    none = dataclasses.replace(CASE, questions=[], askers=[Asker("Krul", "CDA")])
    assert lead(none, "question_filed", "nl").startswith("Krul (CDA) stelde vragen aan de ")
    assert lead(none, "postponed", "en").startswith("The Minister van Volksgezondheid, Welzijn ")
    assert " postponed the answer to the questions from Krul (CDA) about " in lead(
        none, "postponed", "en"
    )
    dotted = dataclasses.replace(CASE, title="Het bericht dat Y.")
    assert lead(dotted, "question_filed", "nl").endswith("over het bericht dat Y.")
    asking = dataclasses.replace(CASE, title="Waarom stijgen de prijzen?")
    assert lead(asking, "question_filed", "nl").endswith("over Waarom stijgen de prijzen?")
    blank = dataclasses.replace(CASE, title="   ")
    assert lead(blank, "question_filed", "en").endswith(" 2 questions.")
    article = dataclasses.replace(CASE, addressees=["De minister van Financiën"])
    assert " aan de minister van Financiën over " in lead(article, "question_filed", "nl")
    misspelt = dataclasses.replace(CASE, addressees=["Staatsecretaris van Financiën"])
    assert " aan de staatsecretaris van Financiën over " in lead(misspelt, "question_filed", "nl")


def test_many_askers_are_counted() -> None:
    many = dataclasses.replace(CASE, askers=[Asker(f"Lid{n}", "VVD") for n in range(5)])
    assert lead(many, "question_filed", "nl").startswith("Lid0 (VVD) en 4 anderen stelden 2 ")


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    title=st.none() | TEXT,
    names=st.lists(TEXT, max_size=5),
    addressee=st.none() | TEXT,
    answered_by=st.none() | TEXT,
    kind=st.sampled_from(
        [
            "answered",
            "question_filed",
            "postponed",
            "further_answer",
            "withdrawn",
            "due_soon",
            "overdue",
            "overdue_after_postponement",
        ]
    ),
    lang=st.sampled_from(["nl", "en"]),
)
def test_any_case_gets_a_sentence(
    title: str | None,
    names: list[str],
    addressee: str | None,
    answered_by: str | None,
    kind: str,
    lang: str,
) -> None:
    """Whatever the data, a lead is one non-empty sentence that names every asker (up to
    three, the first one capitalised as a sentence starts) and ends with a full stop (or the
    title's own question mark)."""
    case = Case(
        "2024Z00001",
        title=title,
        askers=[Asker(n) for n in names if n.strip()],
        addressees=[addressee] if addressee is not None else [],
        answered_by=answered_by,
        questions=[Question(1, "Waarom?")],
    )
    sentence = lead(case, kind, lang, DATE)
    assert sentence.strip() and sentence.endswith((".", "?", "!", "…")) and "\n" not in sentence
    if len(case.askers) <= 3:
        for asker in case.askers:
            name = " ".join(asker.name.split())
            assert name in sentence or name[0].upper() + name[1:] in sentence
