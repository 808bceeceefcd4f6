"""A verbatim window of a sentence too long to show whole (kamervragen.core.summary.excerpt)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.core.summary import excerpt

SEED_45 = (
    "Zoals eerder aangegeven in antwoorden op vragen van het lid Ploumen (1 juli jl., kenmerk "
    "2019Z12806) in het kader van Chinese plannen voor een nationaal sociaal kredietsysteem ziet "
    "het kabinet risico’s voor de fundamentele vrijheden, privacy en mensenrechten van Chinese "
    "burgers en buitenlandse personen die zich in China bevinden."
)
SEED_6 = (
    "Inzet van Nederlandse technologie voor het onderdrukken van bevolkingsgroepen of het "
    "schenden van mensenrechten acht het kabinet in alle gevallen onwenselijk."
)


def pieces_are_verbatim(text: str, shown: str) -> bool:
    """Every part between the ellipses is a piece of the (white-space squashed) text."""
    squashed = " ".join(text.split())
    return all(part.strip() in squashed for part in shown.split("…"))


def test_a_short_sentence_is_whole() -> None:
    """A sentence within the limit comes back whole, white space squashed."""
    assert excerpt("Nee.", 10) == "Nee."
    assert excerpt("Ja,  dat\nklopt.", 40) == "Ja, dat klopt."


def test_the_window_starts_at_the_cabinets_position() -> None:
    """Seed 4/5: the preamble goes, "ziet het kabinet risico’s" stays, with its verb."""
    shown = excerpt(SEED_45, 100)
    assert shown.startswith("… ziet het kabinet risico’s voor de fundamentele vrijheden")
    assert shown.endswith(" …") and len(shown) <= 100
    assert pieces_are_verbatim(SEED_45, shown)


def test_what_leads_up_to_the_position_fills_the_room() -> None:
    """Seed 6: when the rest fits, the words before "acht het kabinet" fill the room."""
    assert excerpt(SEED_6, 90) == (
        "… of het schenden van mensenrechten acht het kabinet in alle gevallen onwenselijk."
    )
    assert excerpt(SEED_6, 60) == "… acht het kabinet in alle gevallen onwenselijk."


def test_words_before_a_direct_answer_stay_in_its_clause() -> None:
    """ "nog niet" keeps the verb and subject before it, not the preamble's clause."""
    text = (
        "Zoals hiervoor toegelicht beschik ik op dit moment nog niet over de benodigde gegevens "
        "om uitsplitsingen te maken over het aanvullende beursgebruik van EER-studenten."
    )
    assert excerpt(text, 90).startswith("… beschik ik op dit moment nog niet over")


def test_without_a_cue_the_start_is_kept() -> None:
    """No position cue: the sentence is cut at a word near the end, with an ellipsis."""
    text = "Er zijn verschillende Chinese overheidspartijen betrokken bij de surveillance."
    assert excerpt(text, 40) == "Er zijn verschillende Chinese …"


WORDS = st.sampled_from(
    ["het", "kabinet", "acht", "dit", "niet", "bekend", "nog", "ik", "deel", ",", ";", "Ja."]
)
TEXT = st.lists(WORDS | st.text(min_size=1, max_size=12), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, limit=st.integers(8, 200))
def test_any_window_is_verbatim_and_within_the_limit(text: str, limit: int) -> None:
    """Whatever the text, the result has at most `limit` characters and says nothing new."""
    shown = excerpt(text, limit)
    assert len(shown) <= limit
    assert pieces_are_verbatim(text, shown)
