"""The grounded answer summariser (kamervragen.core.summary): position, flags, grounding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.core.summary import AnswerSummary, sentences, split_sentences, summarise_answer
from kamervragen.watchers.parsers.dispatch import parse_bytes
from tests.conftest import ANSWER_SEED

# The seed answer document (/work/main/seeds/000_5fcdd7f8ebb26290.txt), as the project's parser
# returns its questions and answers 4/5 and 7 (copied verbatim, so that these tests are pure).
SEED_Q45 = (
    "Bent u bekend met de plannen van de Chinese staat om in 2020 alle naar schatting 200 "
    "miljoen openbare beveiligingscamera’s te integreren tot één groot "
    "videosurveillancesysteem, dat gekoppeld wordt aan gezichtsherkenningssoftware en een "
    "database met persoonlijke gegevens over alle 1,4 miljard Chinezen? Wat is uw mening over "
    "deze plannen? Bent u op de hoogte van de berichtgeving van mensenrechtenorganisaties die "
    "waarschuwen dat China surveillance-technologie inzet tegen iedereen die uit de pas loopt, "
    "zoals activisten, dissidenten en minderheden (één miljoen Oeigoeren)?"
)
SEED_A45 = (
    "Berichten over dergelijke plannen zijn mij bekend. Zoals eerder aangegeven in antwoorden "
    "op vragen van het lid Ploumen (1 juli jl., kenmerk 2019Z12806) in het kader van Chinese "
    "plannen voor een nationaal sociaal kredietsysteem ziet het kabinet risico’s voor de "
    "fundamentele vrijheden, privacy en mensenrechten van Chinese burgers en buitenlandse "
    "personen die zich in China bevinden. In Xinjiang is reeds sprake van diepgaande "
    "schendingen van privacy en andere mensenrechten door middel van geavanceerde "
    "surveillancetechnieken. Er zijn ook indicaties dat gezichtsherkenningssoftware buiten "
    "Xinjiang wordt ingezet om burgers te monitoren en categoriseren. Dit vormt een risico "
    "voor bepaalde etnische en/of religieuze groepen, mensenrechtenverdedigers en activisten "
    "van wie bekend is dat zij om hun (volgens internationale mensenrechtenverdragen legale) "
    "opvattingen, religie en/of gedragingen in China kunnen worden vervolgd of onderdrukt."
)
SEED_Q7 = (
    "Hebben Nederlandse technologiebedrijven een vergunningsplicht voor export van software die "
    "gebruikt kan worden voor gezichtsherkenning en emotieherkenning die ook ingezet kan worden "
    "voor predictive policing?"
)
SEED_A7 = "Nee."


def _assert_grounded(answer: str, summary: AnswerSummary, max_chars: int) -> None:
    for s in summary.sentences:
        assert s in answer
        assert s == s.strip() and s
    if summary.promise is not None:
        assert summary.promise in answer
    assert len(summary.sentences) <= 2
    if summary.sentences:
        joined = " ".join(summary.sentences)
        longest = max(len(s) for s in summary.sentences)
        assert len(joined) <= max_chars + longest


# --- the seed document --------------------------------------------------------------------


def test_seed_answer_4_5_shows_the_cabinets_position() -> None:
    """Answer 4/5 of the seed shows the cabinet's risk assessment, not the 'bekend' opener."""
    summary = summarise_answer(SEED_Q45, SEED_A45)
    joined = " ".join(summary.sentences)
    assert "ziet het kabinet risico’s" in joined
    assert "Berichten over dergelijke plannen zijn mij bekend." not in summary.sentences
    assert not summary.non_answer
    _assert_grounded(SEED_A45, summary, 220)


def test_seed_answer_7_shows_nee() -> None:
    """Answer 7 of the seed is a bare 'Nee.', shown as such (the answer gives no reason)."""
    summary = summarise_answer(SEED_Q7, SEED_A7)
    assert summary.sentences == ("Nee.",)
    assert not summary.non_answer and summary.promise is None


def test_nee_is_kept_with_its_reason() -> None:
    """A leading 'Nee.' comes with the sentence after it, which gives the reason."""
    answer = (
        "Nee. Software voor emotieherkenning staat niet op de Europese controlelijst. "
        "Het kabinet zet zich in Brussel in voor uitbreiding van die lijst. "
        "In 2016 begonnen de onderhandelingen."
    )
    summary = summarise_answer(SEED_Q7, answer)
    assert summary.sentences == (
        "Nee.",
        "Software voor emotieherkenning staat niet op de Europese controlelijst.",
    )


def test_seed_document_through_the_project_parser() -> None:
    """The seed file parsed by the project: 4/5 carries the cabinet's view, 7 says 'Nee.'."""
    doc = parse_bytes(ANSWER_SEED.read_bytes(), ANSWER_SEED.name)
    questions = {q.number: q.text for q in doc.questions}
    answers = {tuple(a.numbers): a.text for a in doc.answers}
    q45 = " ".join(questions[n] for n in (4, 5))
    s45 = summarise_answer(q45, answers[(4, 5)])
    assert "ziet het kabinet" in " ".join(s45.sentences)
    assert summarise_answer(questions[7], answers[(7,)]).sentences == ("Nee.",)


# --- position, not the first sentence -------------------------------------------------------


def test_leading_ja_with_reason() -> None:
    """'Ja.' is kept together with the reason sentence that follows."""
    answer = (
        "Ja. De minister heeft de NVWA gevraagd de controles te verscherpen omdat het aantal "
        "meldingen is verdubbeld. In 2023 waren er 40 meldingen."
    )
    summary = summarise_answer("Klopt het dat de controles worden verscherpt?", answer)
    assert summary.sentences[0] == "Ja."
    assert summary.sentences[1].startswith("De minister heeft de NVWA gevraagd")


def test_ja_comma_sentence_is_chosen() -> None:
    """A leading 'Ja, ...' sentence that answers the question is chosen."""
    answer = (
        "Ja, die conclusie deel ik. In de brief van 3 maart jl. (Kamerstuk 31 839, nr. 1031) "
        "is het onderzoek beschreven."
    )
    summary = summarise_answer("Deelt u de conclusie van de Jeugdautoriteit?", answer)
    assert summary.sentences[0] == "Ja, die conclusie deel ik."


def test_stance_beats_background() -> None:
    """The cabinet's stance wins over a dated background sentence that comes first."""
    answer = (
        "Op 18 september 2024 heeft de Algemene Vergadering een resolutie aangenomen "
        "(A/RES/ES-10/24). Het kabinet steunt een verbod op producten uit de nederzettingen "
        "niet, omdat dit in strijd is met het Europese handelsbeleid."
    )
    question = "Bent u bereid een verbod in te stellen op producten uit de nederzettingen?"
    summary = summarise_answer(question, answer, max_chars=120)
    assert summary.sentences[0].startswith("Het kabinet steunt een verbod")


def test_sentence_sharing_words_with_the_question() -> None:
    """A sentence that shares (compound) words with the question beats unrelated ones."""
    answer = (
        "Instellingen laten periodiek testen uitvoeren. De regels zijn in 2019 aangescherpt. "
        "Er zijn mij geen signalen bekend dat pensioenuitvoerders hun IT-beveiliging niet op "
        "orde hebben. Toezicht ligt bij DNB."
    )
    question = (
        "Is bij u bekend of andere pensioenuitvoerders hun IT-beveiliging niet op orde hebben?"
    )
    summary = summarise_answer(question, answer, max_chars=110)
    assert any("geen signalen" in s for s in summary.sentences)


# --- non-answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "numbers"),
    [
        ("Zie het antwoord op vraag 2.", (2,)),
        ("Ik verwijs u naar mijn antwoord op vraag 3 en 4.", (3, 4)),
        ("Zie antwoord 38.", (38,)),
        ("Zie het antwoord op de vragen 6 en 7.", (6, 7)),
        ("Zie mijn antwoord op de vragen 4 tot en met 6.", (4, 5, 6)),
        ("Ik verwijs naar de brief van 4 november jl. over de opvang in Assen.", ()),
    ],
)
def test_non_answers(answer: str, numbers: tuple[int, ...]) -> None:
    """An answer that only refers elsewhere is flagged, with the question numbers it names."""
    summary = summarise_answer("Wat gaat u doen?", answer)
    assert summary.non_answer
    assert summary.refers_to == numbers
    assert summary.sentences == (answer,)


def test_apology_and_reference_is_a_non_answer() -> None:
    """Excuses plus a reference to a letter is still a non-answer."""
    answer = (
        "Abusievelijk is er in de verwerking van de vragen iets niet goed gegaan. Ik bied hiervoor "
        "mijn excuses aan. Voor de beantwoording van de vragen verwijs ik u graag naar mijn brief "
        "van 4 november jl."
    )
    summary = summarise_answer(None, answer)
    assert summary.non_answer
    assert summary.sentences[0].startswith("Voor de beantwoording")


@pytest.mark.parametrize(
    "answer",
    [
        "Ja. Zie ook het antwoord op vraag 1 en 3.",
        "Zie het antwoord op vraag 2. Daarnaast heeft het kabinet besloten de subsidie te "
        "verhogen.",
        "De vragen zijn zo spoedig mogelijk beantwoord.",
        "Zoals aangegeven in het antwoord op vraag 7, zal worden onderzocht wanneer verplaatsing "
        "van de ambassade kan plaatsvinden.",
    ],
)
def test_answers_with_content_are_not_non_answers(answer: str) -> None:
    """A reference next to real content (or no reference at all) is not a non-answer."""
    summary = summarise_answer("Bent u bereid dit te doen?", answer)
    assert not summary.non_answer
    assert summary.refers_to == ()


# --- promises -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Ik informeer uw Kamer voor de zomer over de uitkomsten.",
        "In het najaar ontvangt uw Kamer de evaluatie.",
        "Ik zal de Kamer hierover informeren.",
        "Over de uitkomsten van dit onderzoek zal ik uw kamer op korte termijn informeren.",
        "U wordt hier voor het einde van het jaar over geïnformeerd.",
        "Ik verwacht u de resultaten in het eerste kwartaal van 2025 toe te kunnen sturen.",
        "Het kabinet zal de Tweede Kamer begin volgend jaar informerenover het fonds.",
        "Ik kom hier in de volgende voortgangsrapportage op terug.",
    ],
)
def test_promises(sentence: str) -> None:
    """A sentence that commits to informing the Kamer later is returned verbatim."""
    answer = f"Het onderzoek loopt nog. {sentence} Tot die tijd blijft de regeling van kracht."
    assert summarise_answer("Wanneer is het onderzoek klaar?", answer).promise == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Hierover heb ik uw Kamer op 3 mei jl. geïnformeerd.",
        "In mijn brief van 10 september 2024 heb ik u geïnformeerd dat het kabinet nader zal "
        "analyseren of het beleidskader moet worden aangepast.",
        "Relevante informatie wordt vanzelfsprekend met uw Kamer gedeeld.",
        "De resultaten zullen in het najaar van 2025 met de Europese Commissie gedeeld worden.",
        "De verwachting is dat de richtlijn begin 2025 kan worden gepubliceerd.",
    ],
)
def test_not_promises(sentence: str) -> None:
    """Past information, general assurances and deliveries to others are no promise."""
    answer = f"Het onderzoek loopt nog. {sentence}"
    assert summarise_answer("Wanneer is het onderzoek klaar?", answer).promise is None


# --- sentence splitting ---------------------------------------------------------------------


def test_splitter_keeps_abbreviations_and_splits_glued_pdf_text() -> None:
    """Abbreviations and initials do not end a sentence; 'aan.Voor' (lost space) does."""
    text = (
        "Dit geldt o.a. voor art. 3 en nr. 5 van mr. A. de Vries. Ik bied hiervoor mijn "
        "excuses aan.Voor de beantwoording verwijs ik naar de brief. Ja. Nee."
    )
    assert sentences(text) == [
        "Dit geldt o.a. voor art. 3 en nr. 5 van mr. A. de Vries.",
        "Ik bied hiervoor mijn excuses aan.",
        "Voor de beantwoording verwijs ik naar de brief.",
        "Ja.",
        "Nee.",
    ]


def test_splitter_breaks_on_blank_lines_and_list_numbers() -> None:
    """A blank line ends a sentence; '2. Meerjarige afspraken' stays one item."""
    text = "Eerste alinea zonder punt\n\n2. Meerjarige afspraken. Ik wil dat."
    assert sentences(text) == [
        "Eerste alinea zonder punt",
        "2. Meerjarige afspraken.",
        "Ik wil dat.",
    ]


def test_empty_answer() -> None:
    """An empty or blank answer gives an empty summary."""
    assert summarise_answer("Vraag?", "  \n ") == AnswerSummary((), False, None, ())


def test_max_chars_must_be_positive() -> None:
    """A budget below one character is refused."""
    with pytest.raises(ValueError):
        summarise_answer(None, "Ja.", max_chars=0)


# --- never invented, within budget ----------------------------------------------------------

_VOCABULARY = (
    "Ja Nee het kabinet vindt Nederland steunt daarom Zie antwoord vraag 2 en 3 ik zal uw "
    "Kamer voor de zomer informeren brief van 4 november jl. o.a. nr. art. A. geen aanleiding "
    "Kamerstuk 36 600 https://x.nl/a.b niet bekend"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_PUNCT = st.sampled_from(
    [". ", "? ", "! ", ", ", " ", "\n", "\n\n", ".", "…", " (", ") ", "«", "» "]
)
_TEXT = st.lists(st.one_of(_WORDS, _PUNCT, st.text(max_size=6)), max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(question=st.one_of(st.none(), _TEXT), answer=_TEXT, max_chars=st.integers(1, 400))
def test_summary_is_grounded_and_within_budget(
    question: str | None, answer: str, max_chars: int
) -> None:
    """Every summary sentence is a substring of the answer; length <= max_chars + one sentence."""
    summary = summarise_answer(question, answer, max_chars=max_chars)
    _assert_grounded(answer, summary, max_chars)
    for a, b in split_sentences(answer):
        assert 0 <= a < b <= len(answer)


@settings(max_examples=200, deadline=None)
@given(answer=st.text(max_size=300), max_chars=st.integers(1, 300))
def test_summary_is_grounded_on_any_text(answer: str, max_chars: int) -> None:
    """Arbitrary unicode text never breaks the grounding or the budget."""
    _assert_grounded(answer, summarise_answer(answer[:50], answer, max_chars=max_chars), max_chars)


# --- long and hostile input ----------------------------------------------------------------
# (How the time grows with the input is measured by `python -m benchmarks.summaries`.)


@pytest.mark.parametrize(
    "unit",
    [
        "Het kabinet vindt dit onwenselijk, zie o.a. de brief van 1 jan. 2020 (Kamerstuk 12 "
        "345, nr. 6). Ik zal uw Kamer voor de zomer informeren. Zie het antwoord op vraag 2. ",
        ". . . ",
        "".join(f"zie vragen {i} tot en met {i + 40} en " for i in range(1, 999, 7)),
    ],
)
def test_long_hostile_answers_stay_grounded(unit: str) -> None:
    """A 50 KB answer of repeated prose, terminators or references is summarised verbatim."""
    answer = (unit * (50_000 // len(unit) + 1))[:50_000]
    _assert_grounded(
        answer, summarise_answer("Bent u bereid vraag 2 te beantwoorden?", answer), 220
    )
