"""What a notice (Mededeling) about a set of written questions says: its kind, letter and set.

A notice is classified by what its text says, never by one word:
- `answered_by_letter`: the questions "zijn beantwoord middels brief ...", "worden beantwoord in
  de brief van ..., Kamerstuk 25 295, nr. 249";
- `postponement`: they "kunnen niet binnen de gebruikelijke termijn worden beantwoord", "de reden
  van het uitstel is ...";
- `withdrawal`: the member withdrew them ("zijn door de indiener ingetrokken").
In that order: a postponement of questions about "het intrekken van vergunningen" is a
postponement, and a notice that says the questions were answered by letter settles the case.

PDF text glues words at line ends ("termijnworden"), so the phrases are looked for in the folded
text with all white space removed. Every pattern is linear in the text.
"""

from __future__ import annotations

import datetime as dt
import re

from kamervragen.core.model import Asker
from kamervragen.watchers.parsers.common import fold, parse_dutch_date, squash

# All phrases are matched against fold(text) with white space removed.
_BY_LETTER = re.compile(
    r"(?:zijn|is|worden|wordt|werden|werd)(?:reeds|inmiddels|mede|al)?beantwoord"
    r"(?:middels|in|bij|met|via|door)(?:de|een|mijn|zijn|haar|het)?.{0,30}?brief"
)
_POSTPONED = re.compile(
    r"nietbinnende(?:gebruikelijke|gestelde|wettelijke|reguliere|termijnvandrieweken)?.{0,25}?"
    r"termijn|nietbinnendrieweken|uitstel(?:van(?:de)?)?beantwoording|redenvan(?:het)?uitstel|"
    r"redenvoor(?:het)?uitstel|hetuitstelis|uitstelvanbeantwoording"
)
_WITHDRAWN = re.compile(
    r"vragen.{0,300}?(?:ingetrokken|introk|intrekt)|"
    r"(?:trekt|trok)(?:de|deze|zijn|haar|mijn)?(?:schriftelijke)?vragen.{0,200}?in(?:\W|$)|"
    r"intrek(?:king|ken)(?:van)?(?:de|deze|zijn|haar)?(?:schriftelijke)?vragen"
)
# "zullen worden beantwoord in de brief ..." promises a letter; it answers nothing yet.
_FUTURE = frozenset({"zullen", "zal", "zouden", "zou", "kunnen", "kan", "gaan", "ga", "wil"})
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s")
_KAMERSTUK = re.compile(
    r"Kamerstuk(?:ken)?\s?(?:I{1,2}\s)?(?:\d{4}/\d{2,4},?\s)?(?:\d{2}\s?\d{3}(?:-?\s?[A-Z]{1,4})?),?\s?"
    r"nr\.?\s?\d{1,5}"
)
_LETTER_DATE = re.compile(r"\bbrief van (\d{1,2} [a-z]{3,9} \d{4})")
_ZAAK_IN_TEXT = re.compile(r"\((\d{4})\s?Z\s?(\d{5})\)|\b(\d{4})Z(\d{5})\b")
_NAMED_ASKERS = re.compile(r"[Vv]ragen van (?:het lid|de leden) ")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _answers_by_letter(sentence: str) -> bool:
    """ "De vragen zijn beantwoord middels brief ...", not "zullen worden beantwoord in ..."."""
    if not _BY_LETTER.search(re.sub(r"\s+", "", sentence)):
        return False
    before = sentence[: sentence.find("beantwoord")]
    return _FUTURE.isdisjoint(re.findall(r"\w+", before))


NOTICE_KINDS = ("answered_by_letter", "postponement", "withdrawal")


def classify_notice(text: str | None) -> str | None:
    """`answered_by_letter`, `postponement`, `withdrawal`, or None when the text says neither."""
    if not text:
        return None
    if any(_answers_by_letter(sentence) for sentence in _SENTENCE_SPLIT.split(fold(text))):
        return "answered_by_letter"
    compact = _compact(text)
    if _POSTPONED.search(compact):
        return "postponement"
    if _WITHDRAWN.search(compact):
        return "withdrawal"
    return None


def letter_reference(text: str | None) -> str | None:
    """The letter that answered: "brief van 5 juni 2024, Kamerstuk 25 295, nr. 249"."""
    if not text:
        return None
    flat = squash(text)
    parts = []
    date = _LETTER_DATE.search(flat)
    if date:
        parts.append(f"brief van {date.group(1)}")
    kamerstuk = _KAMERSTUK.search(flat)
    if kamerstuk:
        parts.append(squash(kamerstuk.group(0)))
    return ", ".join(parts) or None


def letter_date(text: str | None) -> dt.date | None:
    """The date of the letter that answered ("brief van 5 juni 2024"), if the notice gives it."""
    match = _LETTER_DATE.search(squash(text or ""))
    return parse_dutch_date(match.group(1)) if match else None


def notice_zaaknummer(text: str | None, askers: list[Asker]) -> str | None:
    """The zaaknummer a notice gives for its own set, e.g. "... «Wachttijden» (2024Z16988) kunnen".

    A notice that names other askers than the document's is about another set: its number is not
    this document's. With several numbers, the first one in parentheses counts.
    """
    if not text:
        return None
    flat = squash(text)
    named = _NAMED_ASKERS.search(flat)
    if named and askers:
        window = fold(flat[named.end() : named.end() + 300])
        surnames = [fold(a.name.split()[-1]) for a in askers if a.name.split()]
        if surnames and not any(name in window for name in surnames):
            return None
    match = _ZAAK_IN_TEXT.search(flat)
    if match is None:
        return None
    year, number = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    return f"{year}Z{number}"
