"""describe(): one line, in English or Dutch, saying what a subscription matches."""

from __future__ import annotations

import pytest

from kamervragen.core.matching import describe

CASES = [
    (
        "export control party:D66",
        "cases mentioning “export control” in one sentence, asked by D66",
        "vragen met “export control” in één zin, gesteld door D66",
    ),
    ("cybersurveillance", "cases mentioning “cybersurveillance”", "vragen met “cybersurveillance”"),
    (
        "stikstof AND boeren -Groningen",
        "cases mentioning “stikstof” and “boeren”, not mentioning “Groningen”",
        "vragen met “stikstof” en “boeren”, zonder “Groningen”",
    ),
    (
        '"predictive policing" OR ai',
        "cases mentioning exactly “predictive policing” or exactly “ai”",
        "vragen met precies “predictive policing” of precies “ai”",
    ),
    (
        "cyber* (party:D66 OR party:VVD)",
        "cases mentioning words starting with “cyber”, asked by D66 or VVD",
        "vragen met woorden die beginnen met “cyber”, gesteld door D66 of VVD",
    ),
    (
        'to:"Buitenlandse Handel" NOT member:Sjoerdsma',
        "cases addressed to Buitenlandse Handel, not asked by Sjoerdsma",
        "vragen gericht aan Buitenlandse Handel, niet gesteld door Sjoerdsma",
    ),
    (
        "stikstof -(boeren OR party:BBB)",
        "cases mentioning “stikstof”, not (mentioning “boeren” or asked by BBB)",
        "vragen met “stikstof”, niet (met “boeren” of gesteld door BBB)",
    ),
    (
        "stikstof since:2024-01-01 -status:answered",
        "cases mentioning “stikstof”, submitted on or after 2024-01-01, that are not answered",
        "vragen met “stikstof”, ingezonden op of na 2024-01-01, die niet beantwoord zijn",
    ),
    (
        "party:D66 status:late until:2024-12-31",
        "cases asked by D66, that are late (open past their deadline), "
        "submitted on or before 2024-12-31",
        "vragen gesteld door D66, die te laat zijn (open na de uiterste antwoorddatum), "
        "ingezonden op of voor 2024-12-31",
    ),
]


@pytest.mark.parametrize(("query", "english", "dutch"), CASES)
def test_describe(query: str, english: str, dutch: str) -> None:
    """The description names the terms as typed and the filters, in either language."""
    assert describe(query) == english
    assert describe(query, lang="nl") == dutch


def test_unknown_language() -> None:
    """Only English and Dutch are known."""
    with pytest.raises(ValueError, match='unknown language "de"'):
        describe("stikstof", lang="de")
