"""The title of real documents: what the "Vragen van …" sentence says the questions are about.

The titles below were read off each document; where the source text lost a space at a line
break ("Klimaaten"), the title keeps it as the document has it.
"""

from __future__ import annotations

import pytest

from benchmarks.fidelity import REAL, parse_document, real_documents
from kamervragen.watchers.parsers.sentences import parse_vragen_header

TITLES = {
    # unnumbered question documents: the sentence ends with its paragraph, not in question 1
    "R06": "Vergunningverlening aan escortbureaus",
    "R20": "Het bericht 'Israël saboteert stelselmatig Nederlandse ontwikkelingsprojecten voor "
    "Palestijnen'",
    # PDF text that lost the space before or after "over" at a line break
    "R19": "Zorg voor zwangere vrouwen en baby’s in aanmeldcentrum en AZC’s",
    "R42": "De faillissementen van steeds meer koplopers in onze circulaire economie",
    "R43": "Het verdwijnen van de restitutiepolis en de gevolgen voor ggz-patiënten",
    # a notice: "De vragen van het lid Flach (SGP) over … (2024Z17067) kunnen niet binnen …"
    "R28": "De beantwoording van schriftelijke vragen over het intrekken van vergunningen bij "
    "onderbezetting van stallen",
    # and some that were right before
    "R02": "Het bericht «TEMU schendt privacy door telefoon ’s nachts te ontgrendelen en "
    "berichten te lezen» (Hartvannederland.nl, 16 november 2024 )",
    "R15": "De berichten dat Zeeuwse buffels te veel PFAS binnenkrijgen",
    "R26": "De brandbrief van enkele fracties inzake voortgang van de Hersteloperatie Toeslagen "
    "na het aftreden van staatssecretaris Achahbar, van 19 november 2024",
    "R44": "De uitspraak van het Gerechtshof over de rechtszaak tussen Milieudefensie en Shell",
}
DOCUMENTS = {d.name[:3]: d for d in real_documents(REAL)}


@pytest.mark.parametrize("prefix", sorted(TITLES))
def test_title(prefix: str) -> None:
    assert parse_document(DOCUMENTS[prefix])["title"] == TITLES[prefix]


@pytest.mark.parametrize(
    ("sentence", "addressees", "title"),
    [
        (  # the space before "over" lost at a line break
            "Vragen van het lid Krul (CDA) aan de minister van Financiënover het bericht «X» "
            "(ingezonden 1 mei 2024).",
            ["Minister van Financiën"],
            "Het bericht «X»",
        ),
        (  # the space after it
            "Vragen van het lid Krul (CDA) aan de minister van Financiën overhet bericht «X» "
            "(ingezonden 1 mei 2024).",
            ["Minister van Financiën"],
            "Het bericht «X»",
        ),
        (  # a subject that says "zijn beantwoord" is not a notice: it is kept whole
            "Vragen van het lid Krul (CDA) aan de minister van Financiën over berichten dat "
            "vragen niet zijn beantwoord (ingezonden 1 mei 2024).",
            ["Minister van Financiën"],
            "Berichten dat vragen niet zijn beantwoord",
        ),
        (  # a notice's sentence: the subject ends where the notice goes on
            "De vragen van het lid Krul (CDA) aan de minister van Financiën over de toeslagen "
            "zijn beantwoord in de brief van 3 mei 2024.",
            ["Minister van Financiën"],
            "De toeslagen",
        ),
    ],
)
def test_the_subject_of_a_sentence(sentence: str, addressees: list[str], title: str) -> None:
    """The subject after "over", also where the text lost the space before or after it."""
    header = parse_vragen_header(sentence)
    assert header is not None
    assert (header.addressees, header.subject) == (addressees, title)


@pytest.mark.parametrize(
    "sentence",
    [
        "De vragen van het lid Flach (SGP) aan de minister van LVVN (2024Z17067) kunnen niet "
        "binnen de termijn worden beantwoord, omdat hierover nog afstemming nodig is.",
        "Vragen van het lid Krul (CDA) aan de minister van Financiën overeen te komen regels "
        "(ingezonden 1 mei 2024).",
    ],
)
def test_a_word_that_ends_or_starts_with_over_is_no_subject(sentence: str) -> None:
    """ "hierover" and "overeen" are words, not a lost space: no subject is made up."""
    header = parse_vragen_header(sentence)
    assert header is not None and header.subject is None
