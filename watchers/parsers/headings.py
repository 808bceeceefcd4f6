"""The headings of a Kamervragen document, one line at a time, in bounded time per line.

Question headings: "Vraag 4", "Vraag 4, 5, 7 en 8", "Vraag 7, 8, 9 10 en 11" (a missing comma),
"Vragen 1 t/m 3", "Vraag 4-7:", "Vraag:" (unnumbered), and numbered questions "1. Kunt u ...",
"1." or "1" on a line of their own. Answer headings: "Antwoord 3", "Antwoord 3 en 4",
"Antwoord vraag 3:", "Antwoord vragen 1,2,3,4 en 5", "Antwoord op vraag 3 en 4", "Antwoord op 2
en 3", "Antwoorden 5 en 6", and "Antwoord" or "Antwoord:" alone (it answers the question
blocks before it). Also the "Mededeling" section of a notice, and the trailing sections of a
question page ("Toelichting:", "Indiener", ...).

Only the first `_HEAD` characters of a line are matched, with bounded repetitions, so a
70 KB line costs no more than a short one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kamervragen.watchers.parsers.common import parse_number_list

_HEAD = 160  # a heading's keyword and numbers are always in this many characters

_SEPARATOR = r"(?:\s{0,3}(?:,|&|en|t/m|t\.m\.|tot\s{1,3}en\s{1,3}met|-|–|—)\s{0,3}|\s{1,3})"
_NUMS = rf"\d{{1,3}}(?:{_SEPARATOR}\d{{1,3}}){{0,40}}(?!\d)"
_QUESTION = re.compile(
    rf"(?:Vraag|Vragen|VRAAG|VRAGEN)(?:\s{{0,3}}(?:nr\.?|nummer))?\s{{0,3}}(?P<nums>{_NUMS})?"
    r"(?P<sep>\s{0,3}[:.)])?"
)
_ANSWER = re.compile(
    r"(?:Antwoord(?:en)?|ANTWOORD(?:EN)?|Beantwoording)"
    r"(?:\s{1,3}(?:op|bij|van|voor))?(?:\s{1,3}(?:de|het))?"
    r"(?:\s{1,3}(?:[Vv]raag|[Vv]ragen|VRAAG|VRAGEN))?(?:\s{0,3}(?:nr\.?|nummer))?"
    rf"\s{{0,3}}(?P<nums>{_NUMS})?(?P<sep>\s{{0,3}}[:.)])?"
)
_BARE_ANSWER = re.compile(r"(?:Antwoord(?:en)?|ANTWOORD(?:EN)?|Beantwoording)\s{0,3}(?P<sep>[:.])?")
_NUMBERED = re.compile(r"(?P<num>\d{1,3})(?P<sep>[.)])?(?=\s|$)")
# "Mededeling" alone, or (in flattened text) followed by the notice: "Mededeling De vragen ...".
_NOTICE = re.compile(r"(?:Mededeling|MEDEDELING)\s{0,3}(?::\s{0,3}|$|\s(?=[A-Z]))")
_TAIL = re.compile(
    r"(?P<name>Toelichting|Indiener|Medeindiener|Gericht aan|Gericht|Publicatiedatum|"
    r"Gerelateerd|Access|Keywords|Onderwerpen|Contact:|©)\b"
)
_OPENERS = ("«", "‘", "'", '"', "“", "(", "„")


@dataclass(frozen=True)
class Heading:
    """What a heading line opens.

    `kind` is "question" ("Vraag 4"), "bare_question" ("Vraag:"), "answer" ("Antwoord 4"),
    "bare_answer" ("Antwoord:"), "numbered" ("4. Kunt u"), "bare_number" ("4"), "notice"
    ("Mededeling") or "tail" ("Toelichting:"); `rest` is the text after it on the same line.
    """

    kind: str
    numbers: tuple[int, ...] = ()
    rest: str = ""
    name: str = ""  # the tail section's name


def read_heading(line: str) -> Heading | None:
    """The heading `line` is, or None for a line of text."""
    text = line.strip()
    head = text[:_HEAD]
    if not head:
        return None
    first = head[0]
    if first in "VB" or first == "A" or first == "M":
        return _keyword_heading(text, head)
    if first.isdigit():
        return _numbered(text, head)
    tail = _TAIL.match(head)
    if tail:
        return Heading("tail", rest=text[tail.end() :].lstrip(" :"), name=tail.group("name"))
    return None


def _keyword_heading(text: str, head: str) -> Heading | None:
    question = _QUESTION.match(head)
    if question:
        return _numbered_keyword("question", text, question)
    answer = _ANSWER.match(head)
    if answer and answer.group("nums"):
        return _numbered_keyword("answer", text, answer)
    bare = _BARE_ANSWER.match(head)
    if bare:
        rest = text[bare.end() :].strip()
        if not rest or bare.group("sep") == ":" or rest[0].isupper():
            return Heading("bare_answer", rest=rest)
    notice = _NOTICE.match(head)
    if notice:
        return Heading("notice", rest=text[notice.end() :].strip())
    tail = _TAIL.match(head)
    if tail:
        return Heading("tail", rest=text[tail.end() :].lstrip(" :"), name=tail.group("name"))
    return None


def _numbered_keyword(kind: str, text: str, match: re.Match[str]) -> Heading | None:
    """ "Vraag 4, 5" or "Antwoord op vraag 3 en 4", with what follows on the line."""
    rest = text[match.end() :].strip()
    sep = match.group("sep")
    nums = match.group("nums")
    if not nums:
        if kind == "question" and (not rest or (sep and sep.strip() == ":")):
            return Heading("bare_question", rest=rest)
        return None
    numbers = parse_number_list(nums)
    if not numbers or any(b <= a for a, b in itertools.pairwise(numbers)):
        return None
    if rest and not sep and not (rest[0].isupper() or rest.startswith(_OPENERS)):
        return None  # "Vraag 2 ging over ...": text that starts with the word
    return Heading(kind, numbers, rest)


def _numbered(text: str, head: str) -> Heading | None:
    """ "4. Kunt u ...", "4." and "4" on their own: a numbered question, maybe."""
    match = _NUMBERED.match(head)
    if not match:
        return None
    rest = text[match.end() :].strip()
    number = int(match.group("num"))
    if match.group("sep"):
        if rest and not (rest[0].isupper() or rest.startswith(_OPENERS)):
            return None
        return Heading("numbered", (number,), rest)
    if not rest:
        return Heading("bare_number", (number,))
    return None


def is_heading(line: str) -> bool:
    """True for a line that opens a block or a section (a lone number is not: it may be a
    footnote marker or a page number)."""
    heading = read_heading(line)
    return heading is not None and heading.kind != "bare_number"
