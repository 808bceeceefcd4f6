"""snippet(): the sentence a query matched best, cut around its first marked word."""

from __future__ import annotations

from kamervragen.core.matching.snippet import snippet
from tests.core.matching.conftest import case_text


def test_the_sentence_with_the_most_terms_is_shown_with_its_words_marked() -> None:
    """Of two sentences, the one where both terms matched; compounds are marked whole."""
    text = case_text("Over stikstof. Stikstof en ammoniak-uitstoot bij boeren. Einde.")
    found = snippet("stikstof AND ammoniak", text)
    assert found is not None
    assert found.plain() == "[Stikstof] en [ammoniak-uitstoot] bij boeren."


def test_a_same_sentence_group_marks_only_where_it_matched() -> None:
    """`export control` marks the sentence where both words stand, not a lone "export"."""
    text = case_text("Export naar China. Het gaat om export-controle van software.")
    found = snippet("export control", text)
    assert found is not None and found.plain() == "Het gaat om [export-controle] van software."


def test_negated_terms_and_filters_mark_nothing() -> None:
    """A filter-only query has no snippet; a negated term is never marked."""
    text = case_text("Stikstof en Groningen.")
    assert snippet("party:VVD", text) is None
    found = snippet("stikstof -boeren", text)
    assert found is not None and found.marked == ["Stikstof"]


def test_a_phrase_is_one_mark_and_pdf_breaks_are_joined() -> None:
    """Adjacent matched words form one mark; a line-break hyphen inside a word is joined."""
    text = case_text("Wordt predictive\npolicing met emotieher-\nkenning gecombineerd?")
    found = snippet('"predictive policing" OR emotieherkenning', text)
    assert found is not None
    assert found.plain() == "Wordt [predictive policing] met [emotieherkenning] gecombineerd?"


def test_a_long_sentence_is_cut_around_the_first_mark() -> None:
    """At most the width, cut at spaces, with an ellipsis on each cut side."""
    words = " ".join(f"woord{i}" for i in range(60))
    text = case_text(f"{words} stikstof {words}")
    found = snippet("stikstof", text, width=80)
    assert found is not None
    shown = found.plain()
    assert shown.startswith("… woord") and shown.endswith(" …")
    assert "[stikstof]" in shown and len(shown) <= 80 + 4
    before = shown.split("[stikstof]")[0]
    assert 30 <= len(before) <= 60  # about BEFORE characters of context before the mark
