"""The sentences that head a Kamervragen document, read in time linear in the text.

- "Vragen van het lid X (P) aan de Minister van Y over Z (ingezonden 18 juli 2019)." (also
  "Vraag van het lid ..." for one question, "(ingezonden ...)" on a line of its own above or
  below the sentence, and the lower-case "de vragen van het lid X over Z" of a cover letter);
- "Antwoord van Minister X (Office), mede namens ... (ontvangen 10 september 2019)." (also
  "Nader antwoord", "Aanvullend antwoord", "Mededeling van ...", a doubled "(ontvangen (ontvangen");
- the ministry letter's cover: "Deze vragen werden ingezonden op 24 juli 2019 met kenmerk
  2019Z15361", and its header lines "AH 604" and "2024Z18294" (or "2024Z 17972").

Every function takes untrusted text. Each regular expression here is either anchored with
bounded repetitions or scans without nested repetition, and every sentence is looked for in a
window of at most `MAX_SENTENCE` characters, so the work is linear in the input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kamervragen.core.model import Asker
from kamervragen.watchers.parsers.common import capitalise, parse_askers, parse_dutch_date, squash

MAX_SENTENCE = 2000  # no real header sentence is longer; longer windows are cut here

_VRAGEN_START = re.compile(
    r"\b(?:(?:Schriftelijke|Mondelinge) vragen|Vra(?:gen|ag)) (?:gesteld )?van "
    r"(?:het lid|de leden|lid|leden) "
)
# In running text: "de vragen van het lid X over ...", "hebben de leden X en Y (P) schriftelijke
# vragen gesteld aan de minister van ... over ...".
_VRAGEN_START_LOWER = re.compile(
    r"\b(?:vra(?:gen|ag) van (?:het lid|de leden) |(?:heeft|hebben) (?:het lid|de leden) )"
)
_GESTELD = re.compile(r" (?:(?:schriftelijke|mondelinge) )?vragen (?:gesteld|ingediend)\b")
_DOUBLED_LID = re.compile(r"^(?:het |de )?(?:lid|leden) ")
_AAN = re.compile(r" aan (?=\S)")
_OVER = re.compile(r" (?:over|inzake|betreffende|omtrent|naar aanleiding van) (?=\S)")
# "Sportover", "overhet": PDF text that lost the space at a line break before or after "over";
# only looked for after " aan " when no " over " stands there.
# A glued "over" ends a capitalised word of a ministry's name ("Sportover"), or starts the
# subject's article ("overhet"); never "hierover", "overeen", nor after a bracket or a number.
_GLUED_OVER = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+?(over) (?=\S)| (over)(?=(?:de|het|hun) )")
_NOT_A_NAME = re.compile(r"[(\d]")
# What ends the subject of a notice's "de vragen van het lid X over Y kunnen niet …": the set's
# zaaknummer in brackets, or the notice's own verb.
_NOTICE_REST = re.compile(
    r"\s?\(\s?\d{4}\s?Z\s?\d{5}\s?\)| (?:kunnen|zullen|zijn|worden) (?:niet |nog niet )?"
    r"(?:binnen|beantwoord|ingetrokken|uitgesteld)\b"
)
_INGEZONDEN = re.compile(r"\(\s?ingezonden\b|\bingezonden op\b")
_ANTWOORD_START = re.compile(
    r"\b(?P<kind>(?:[Nn]ader |[Aa]anvullend )?[Aa]ntwoord|[Mm]ededeling) van (?:de |het )?"
)
_ONTVANGEN = re.compile(r"\(\s?ontvangen\b")
_MEDE_NAMENS = re.compile(r",? ?mede namens ")
_COVER = re.compile(r"\b[Dd]eze vragen (?:werden|zijn) ingezonden op ")
_KENMERK_Z = re.compile(
    r"\b(?:met )?(?:kenmerk|vraagnummer|zaaknummer)\s?:?\s?(\d{4})\s?Z\s?(\d{5})\b"
)
_ZAAK_LINE = re.compile(
    r"^(?:(?:[Zz]aaknummer|[Vv]raagnummer|[Kk]enmerk|[Oo]ns kenmerk|[Uu]w kenmerk)\s?:?\s?)?"
    r"(\d{4})\s?Z\s?(\d{5})\s?$"
)
_AH_LINE = re.compile(r"^AH\s?(\d{1,5})$")


@dataclass
class VragenHeader:
    """The parts of the "Vragen van ..." sentence."""

    askers: list[Asker]
    addressees: list[str]
    subject: str | None
    submitted: dt.date | None


@dataclass
class AntwoordHeader:
    """The parts of the "Antwoord van ..." (or "Mededeling van ...") sentence."""

    kind: str  # "antwoord", "nader" or "mededeling"
    who: str
    on_behalf_of: list[str] = field(default_factory=list)
    received: dt.date | None = None


def parse_vragen_header(text: str, *, onderwerp: bool = False) -> VragenHeader | None:
    """The first "Vragen van het lid ..." sentence in `text` (a header, or a Zaak's onderwerp).

    Paragraphs are separated by newlines; a sentence without "(ingezonden ...)" ends with its
    paragraph. The submission date is taken from the sentence, else from an "(ingezonden ...)"
    anywhere in `text`.
    """
    text = _paragraphs(text)
    match = _VRAGEN_START.search(text)
    lower = match is None and not onderwerp
    if lower:
        match = _VRAGEN_START_LOWER.search(text)
    if match is None:
        return None
    window = text[match.end() : match.end() + MAX_SENTENCE]
    end = _sentence_end(window)
    sentence = window[:end].replace("\n", " ")
    ingezonden = _INGEZONDEN.search(sentence)
    body = sentence[: ingezonden.start()] if ingezonden else sentence
    askers_text, to_text, subject = _split_vragen(body, lower=lower)
    askers_text = _DOUBLED_LID.sub("", askers_text)  # "de leden lid Inge van Dijk": a typo
    submitted = _date_after(sentence, ingezonden.end()) if ingezonden else None
    if submitted is None:
        anywhere = _INGEZONDEN.search(text)
        submitted = _date_after(text, anywhere.end()) if anywhere else None
    if subject:
        subject = capitalise(subject.strip().rstrip(".,;: ").strip()) or None
    askers = parse_askers(askers_text)
    if not askers:
        return None
    return VragenHeader(
        askers=askers,
        addressees=parse_addressees(to_text) if to_text else [],
        subject=subject,
        submitted=submitted,
    )


def _paragraphs(text: str) -> str:
    """Spaces squashed inside each paragraph; paragraphs kept apart by one newline."""
    return "\n".join(squash(p) for p in text.split("\n") if p.strip())


def _sentence_end(window: str) -> int:
    """Where a "Vragen van" sentence that starts `window` ends."""
    ends = []
    ingezonden = _INGEZONDEN.search(window)
    if ingezonden:
        close = window.find(")", ingezonden.end())
        ends.append(close + 1 if close >= 0 else len(window))
    antwoord = _ANTWOORD_START.search(window)
    if antwoord:
        ends.append(antwoord.start())
    if ends:
        return min(ends)
    newline = window.find("\n")
    return newline if newline >= 0 else len(window)


def _split_vragen(body: str, *, lower: bool) -> tuple[str, str, str | None]:
    """ "X (P) aan de Minister van Y over Z" -> ("X (P)", "de Minister van Y", "Z")."""
    gesteld = _GESTELD.search(body) if lower else None
    if gesteld:  # "X en Y (P) schriftelijke vragen gesteld aan ... over ..."
        askers_text = body[: gesteld.start()]
        rest = body[gesteld.end() :].removeprefix(" aan ")
        over = _OVER.search(rest)
        to = rest[: over.start()] if over else rest
        return askers_text, to, rest[over.end() :] if over else None
    aan = _AAN.search(body)
    over = _OVER.search(body, aan.end() if aan else 0)
    if aan and (over is None or aan.start() < over.start()):
        askers = body[: aan.start()]
        to = body[aan.end() : over.start()] if over else body[aan.end() :]
    elif over:
        askers, to = body[: over.start()], ""
    else:
        askers, to = (body, "") if not lower else ("", "")
    subject = body[over.end() :] if over else None
    glued = _GLUED_OVER.search(body, aan.end()) if aan and over is None else None
    if aan and glued and not _NOT_A_NAME.search(body, aan.end(), glued.start()):
        start = glued.start(1) if glued.group(1) else glued.start(2)  # "… Sportover zorg …"
        to, subject = body[aan.end() : start], body[start + len("over") :].lstrip()
    if subject and lower:  # a notice goes on after the subject
        notice = _NOTICE_REST.search(subject)
        subject = subject[: notice.start()] if notice else subject
    return askers, to, subject


def _date_after(text: str, start: int) -> dt.date | None:
    """The date written right after `start` ("18 juli 2019", skipping "(ontvangen" repeats)."""
    return parse_dutch_date(text[start : start + 80])


def parse_antwoord_header(text: str) -> AntwoordHeader | None:
    """The first "Antwoord van ... (ontvangen ...)" or "Mededeling van ..." sentence."""
    text = _paragraphs(text)
    match = _ANTWOORD_START.search(text)
    if match is None:
        return None
    raw_kind = match.group("kind").lower()
    kind = "antwoord"
    if raw_kind.startswith("mededeling"):
        kind = "mededeling"
    elif raw_kind.startswith(("nader", "aanvullend")):
        kind = "nader"
    window = text[match.end() : match.end() + MAX_SENTENCE // 4]
    ontvangen = _ONTVANGEN.search(window)
    if ontvangen:
        sentence = window[: ontvangen.start()]
        received = _date_after(window, ontvangen.end())
    else:
        newline = window.find("\n")
        sentence = window[:newline] if newline >= 0 else window
        received = None
    sentence = sentence.replace("\n", " ")
    namens = _MEDE_NAMENS.search(sentence)
    who_part = sentence[: namens.start()] if namens else sentence
    paren = who_part.find("(")
    who = who_part[:paren] if paren >= 0 else who_part
    who = capitalise(squash(who).rstrip(",. "))
    on_behalf_of = parse_addressees(sentence[namens.end() :]) if namens else []
    return AntwoordHeader(kind=kind, who=who, on_behalf_of=on_behalf_of, received=received)


def parse_addressees(text: str) -> list[str]:
    """Addressed offices: "de Minister van X en de Staatssecretaris van Y" -> two offices."""
    text = squash(text).rstrip(".,")
    parts = re.split(r",\s?(?:en\s)?(?:de|het)\s|\sen\s(?:de|het)\s|\sen\saan\sde\s", text)
    result = []
    for part in parts:
        part = re.sub(r"^(?:aan\s)?(?:de|het)\s", "", part.strip())
        if part:
            result.append(capitalise(part))
    return result


@dataclass
class CoverFacts:
    """What a ministry letter's cover and header lines say about its set."""

    zaaknummer: str | None = None
    submitted: dt.date | None = None
    aanhangsel: int | None = None  # the "AH 604" number


def read_cover(lines: list[str]) -> CoverFacts:
    """Zaaknummer, submission date and Aanhangsel number from a document's header lines.

    A zaaknummer counts only where the header states it as the document's own: a line of its
    own ("2024Z18294", "2024Z 17972", "Zaaknummer: ..."), or "met kenmerk 2019Z15361" in the
    cover sentence; never one inside other text, a footnote or a Toelichting.
    """
    facts = CoverFacts()
    for line in lines:
        stripped = squash(line[:200])
        zaak = _ZAAK_LINE.match(stripped)
        if zaak and facts.zaaknummer is None:
            facts.zaaknummer = f"{zaak.group(1)}Z{zaak.group(2)}"
        ah = _AH_LINE.match(stripped)
        if ah and facts.aanhangsel is None:
            facts.aanhangsel = int(ah.group(1))
    text = _paragraphs("\n".join(lines))
    cover = _COVER.search(text)
    if cover:
        window = text[cover.end() : cover.end() + 200]
        facts.submitted = parse_dutch_date(window[:60])
        kenmerk = _KENMERK_Z.search(window)
        if kenmerk and facts.zaaknummer is None:
            facts.zaaknummer = f"{kenmerk.group(1)}Z{kenmerk.group(2)}"
    return facts
