"""Notices are classified by what they say, with the letter and the set they name."""

from __future__ import annotations

import pytest

from kamervragen.core.model import Asker
from kamervragen.watchers.parsers.notices import (
    classify_notice,
    letter_reference,
    notice_zaaknummer,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "De vragen van het lid X (VVD) over het intrekken van vergunningen (2024Z12345) "
            "kunnen niet binnen de gebruikelijke termijn worden beantwoord.",
            "postponement",
        ),
        (
            "kunnen tot mijn spijt niet binnen de gebruikelijke termijnworden beantwoord.",
            "postponement",
        ),
        ("De reden van het uitstel is dat de afstemming meer tijd vergt.", "postponement"),
        ("De vragen van het lid Voorbeeld (VVD) zijn door de indiener ingetrokken.", "withdrawal"),
        ("Het lid Voorbeeld trekt zijn vragen in.", "withdrawal"),
        (
            "De vragen van het lid X (VVD) over Y (2024Z11111) zijn beantwoord middels brief van "
            "5 juni 2024 (Kamerstuk 25 295, nr. 249).",
            "answered_by_letter",
        ),
        (
            "Deze vragen zijn beantwoord in de brief van 3 maart 2024, Kamerstuk 25 295, nr. 249.",
            "answered_by_letter",
        ),
        (
            "De vragen kunnen niet binnen de termijn worden beantwoord; zij zullen worden "
            "beantwoord in de brief die ik voor de zomer zend.",
            "postponement",
        ),
        ("Ik verwijs naar de agenda van de commissie.", None),
        ("", None),
    ],
)
def test_classify_notice(text: str, kind: str | None) -> None:
    """Postponement, withdrawal and answer by letter, never by a single word."""
    assert classify_notice(text) == kind


def test_letter_reference() -> None:
    """The letter's date and Kamerstuk are kept together."""
    text = "De vragen zijn beantwoord middels brief van 5 juni 2024 (Kamerstuk 25 295, nr. 249)."
    assert letter_reference(text) == "brief van 5 juni 2024, Kamerstuk 25 295, nr. 249"
    assert letter_reference("geen verwijzing") is None


def test_notice_zaaknummer_of_its_own_set_only() -> None:
    """A notice naming other askers is about another set: its number is not this one's."""
    text = "De vragen van het lid Jansen (SP) over X (2024Z22222) kunnen niet binnen de termijn ..."
    assert notice_zaaknummer(text, [Asker("Jansen", "SP")]) == "2024Z22222"
    assert notice_zaaknummer(text, []) == "2024Z22222"
    assert notice_zaaknummer(text, [Asker("Bikker", "ChristenUnie")]) is None
    assert notice_zaaknummer("De vragen (2024Z 16988) kunnen niet", []) == "2024Z16988"
