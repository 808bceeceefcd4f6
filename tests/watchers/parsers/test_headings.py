"""Headings of every real form, read one line at a time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.watchers.parsers.headings import read_heading


@pytest.mark.parametrize(
    ("line", "kind", "numbers", "rest"),
    [
        ("Vraag 1", "question", (1,), ""),
        ("Vraag 4, 5, 7 en 8", "question", (4, 5, 7, 8), ""),
        ("Vraag 7, 8, 9 10 en 11", "question", (7, 8, 9, 10, 11), ""),
        ("Vraag 2 t/m 6", "question", (2, 3, 4, 5, 6), ""),
        ("Vragen 1 tot en met 3", "question", (1, 2, 3), ""),
        ("Vraag 4-7:", "question", (4, 5, 6, 7), ""),
        (
            "Vraag 1: Bent u bekend met het bericht?",
            "question",
            (1,),
            "Bent u bekend met het bericht?",
        ),
        ("Vraag:", "bare_question", (), ""),
        ("Antwoord 3", "answer", (3,), ""),
        ("Antwoord 4, 5, 7 en 8", "answer", (4, 5, 7, 8), ""),
        ("Antwoord vraag 1:", "answer", (1,), ""),
        ("Antwoord vragen 1,2,3,4 en 5", "answer", (1, 2, 3, 4, 5), ""),
        ("Antwoord vraag 4-7:", "answer", (4, 5, 6, 7), ""),
        ("Antwoord op vraag 3 en 4", "answer", (3, 4), ""),
        ("Antwoord op 2 en 3", "answer", (2, 3), ""),
        ("Antwoorden 5 en 6", "answer", (5, 6), ""),
        ("Antwoord 7, 8, 9 10 en 11", "answer", (7, 8, 9, 10, 11), ""),
        ("Antwoord:", "bare_answer", (), ""),
        ("Antwoord: ", "bare_answer", (), ""),
        ("Antwoord", "bare_answer", (), ""),
        ("Antwoord: Ja.", "bare_answer", (), "Ja."),
        ("1. Kunt u bevestigen dat?", "numbered", (1,), "Kunt u bevestigen dat?"),
        ("12.", "numbered", (12,), ""),
        ("3", "bare_number", (3,), ""),
        ("Mededeling", "notice", (), ""),
        ("Toelichting:", "tail", (), ""),
    ],
)
def test_heading_forms(line: str, kind: str, numbers: tuple[int, ...], rest: str) -> None:
    """Each real heading form gives its kind, numbers and the text after it."""
    heading = read_heading(line)
    assert heading is not None
    assert (heading.kind, heading.numbers, heading.rest) == (kind, numbers, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Vraag 2 ging over iets anders.",  # a sentence that starts with the word
        "vraag 2 en 3.",  # a wrapped line of running text
        "Vragen van het lid Jansen (SP) aan de Minister",
        "Antwoord van Minister Kaag (ontvangen 10 september 2019).",
        "Antwoord 2024 was een goed jaar",
        "Vraag 3 en 2",  # numbers that go backwards are no heading
        "1. het opstellen van een rapport",  # a list item inside an answer
        "Het antwoord op vraag 2 is ja.",
        "",
    ],
)
def test_not_headings(line: str) -> None:
    """Text that looks like a heading at first sight is text."""
    heading = read_heading(line)
    assert heading is None or heading.kind not in ("question", "answer", "numbered")


_SEPARATORS = st.sampled_from([", ", ",", " en ", " & ", " ", " ,"])


@given(
    st.lists(st.integers(1, 150), min_size=1, max_size=8, unique=True).map(sorted),
    st.lists(_SEPARATORS, min_size=8, max_size=8),
    st.sampled_from(["Vraag", "Antwoord", "Antwoord op vraag", "Antwoord vragen", "Antwoorden"]),
    st.sampled_from(["", ":", " "]),
)
def test_number_lists_round_trip(
    numbers: list[int], separators: list[str], word: str, end: str
) -> None:
    """Any increasing list of numbers, joined with any real separator, reads back whole."""
    text = str(numbers[0]) + "".join(
        sep + str(n) for sep, n in zip(separators, numbers[1:], strict=False)
    )
    heading = read_heading(f"{word} {text}{end}")
    assert heading is not None
    assert heading.numbers == tuple(numbers)
    assert heading.kind == ("question" if word == "Vraag" else "answer")


@given(st.text(max_size=300))
def test_any_line_reads_without_error(line: str) -> None:
    """Whatever a line holds, reading it gives a heading or None, never an error."""
    heading = read_heading(line)
    assert heading is None or heading.kind in (
        "question",
        "bare_question",
        "answer",
        "bare_answer",
        "numbered",
        "bare_number",
        "notice",
        "tail",
    )
