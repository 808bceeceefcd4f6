"""Normalisation rules: tokens, joiners, sentences, variants, and the cross-word rule."""

from __future__ import annotations

import pytest

from kamervragen.core.matching import evaluate
from kamervragen.core.matching.normalise import sentences, tokens, variants, word_forms
from tests.core.matching.conftest import case_text


def test_hyphen_joins_but_keeps_tokens() -> None:
    """A hard hyphen joins the compact form and separates tokens."""
    assert word_forms("Cyber-Surveillance") == ("cybersurveillance", "cyber surveillance")


def test_pdf_breaks_join_without_token_boundary() -> None:
    """A hyphen followed by white space (a line or PDF break) joins silently."""
    assert word_forms("emotieher-\nkenning") == ("emotieherkenning", "emotieherkenning")
    assert word_forms("dual- useverordening") == ("dualuseverordening", "dualuseverordening")


def test_apostrophe_joins() -> None:
    """An apostrophe inside a word joins ("camera’s" is "cameras")."""
    assert tokens("camera’s en zzp'ers") == ("cameras", "en", "zzpers")


def test_sentences_split_on_end_marks_and_blank_lines() -> None:
    """A sentence ends at . ! ? before white space, or at a blank line, not at a line break."""
    text = "Eerste zin. Tweede zin? Derde\nregel zonder punt\n\nVierde 1,4 miljard."
    assert sentences(text) == [
        "Eerste zin.",
        "Tweede zin?",
        "Derde\nregel zonder punt",
        "Vierde 1,4 miljard.",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("mensenrechten", ("mensenrechten", "mensenrecht")),
        ("controles", ("controles", "controle")),
        ("controle", ("controle", "control")),
        ("bedrijven", ("bedrijven", "bedrijv", "bedrijf")),
        ("problemen", ("problemen", "problem", "probleem")),
        ("gevallen", ("gevallen", "gevall", "geval")),
        ("information", ("information", "informatie")),
        ("technology", ("technology", "technologie")),
        ("capacity", ("capacity", "capaciteit")),
        ("digital", ("digital", "digitaal")),
        ("political", ("political", "politisch", "politiek")),
        ("process", ("process",)),
        ("boeren", ("boeren",)),
        ("survey", ("survey",)),
    ],
)
def test_variants(word: str, expected: tuple[str, ...]) -> None:
    """Inflections are stripped only if 5+ letters remain; English endings get Dutch forms."""
    assert variants(word) == expected


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("exportcontrole", "export controle", True),
        ("cybersurveillance", "cyber surveillancegoederen", True),
        ("rente", "zij waren te laat", False),
        ("deel", "de elektriciteit", False),
        ("cyber*", "Cyberaanval", True),
        ("cyber*", "anticyber", False),
        ("ai", "de AI-verordening", True),
        ('"dual use"', "dual-use", True),
        ('"dual use"', "dual- useverordening", False),
        ("information", "informatievoorziening", True),
        ("bedrijven", "het bedrijf", True),
    ],
)
def test_matching_rules(query: str, text: str, expected: bool) -> None:
    """Compounds written apart match; a cross-word match needs 3+ letters of each word."""
    assert evaluate(query, case_text(text)) is expected
