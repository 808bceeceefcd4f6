"""highlight() and search(): the words that made a case match, and cases newest first."""

from __future__ import annotations

import datetime as dt

from kamervragen.core.matching import highlight, search
from kamervragen.core.model import Case
from tests.core.matching.conftest import case_text, make_case


def test_highlight_gives_words_as_written() -> None:
    """Matched words come back as written, in text order, each once."""
    text = case_text("De Cyber-Surveillance groeit. Cybersurveillance en cyber surveillance.")
    assert highlight("cybersurveillance", text) == [
        "Cyber-Surveillance",
        "Cybersurveillance",
        "cyber",
        "surveillance",
    ]


def test_highlight_skips_negated_terms() -> None:
    """A term under NOT is not highlighted."""
    text = case_text("Stikstof en Groningen.")
    assert highlight("stikstof OR (boeren -Groningen)", text) == ["Stikstof"]


def test_highlight_group_only_in_its_sentence() -> None:
    """A same-sentence group highlights its words only in the sentences where it matched."""
    text = case_text("Export naar China. Export controle is streng. Controle alleen.")
    assert highlight("export control", text) == ["Export", "controle"]


def test_highlight_phrase_and_short_word() -> None:
    """Exact phrases and short words highlight whole words."""
    text = case_text("Over predictive policing en de AI-verordening.")
    assert highlight('"predictive policing" OR ai', text) == [
        "predictive",
        "policing",
        "AI-verordening",
    ]


def _dated(number: str, text: str, day: int, answered: bool) -> Case:
    case = make_case(text)
    case.zaaknummer = number
    case.submitted = dt.date(2024, 1, day)
    case.answered = dt.date(2024, 2, day) if answered else None
    return case


def test_search_newest_first_with_words() -> None:
    """search() returns matching cases newest first (answer date, else submission date)."""
    cases = [
        _dated("2024Z00001", "Over stikstof.", 1, answered=True),
        _dated("2024Z00002", "Over woningbouw.", 2, answered=True),
        _dated("2024Z00003", "Over stikstofuitstoot.", 20, answered=False),
        _dated("2024Z00004", "Stikstof, opnieuw.", 3, answered=True),
    ]
    hits = search("stikstof", cases)
    assert [h.case.zaaknummer for h in hits] == ["2024Z00004", "2024Z00001", "2024Z00003"]
    assert hits[2].words == ["stikstofuitstoot"]
