"""The cues the answer summariser looks for: words, stop words, and phrase tables for the
cabinet's stance, direct answers, conclusions, background and citations.

A sentence is looked at as its lower-case words joined by single spaces and padded with a space
at both ends (`padded`), so a phrase of the tables (also padded) is found with `in` as whole
words. Every lookup is a fixed phrase or a set membership: linear in the sentence.
"""

from __future__ import annotations

import re


def word_set(spec: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(spec.split())


# --- words ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")  # a run of letters: one character class, linear

# Dutch function words, plus the words every written question uses ("Bent u bekend met het
# bericht ...", "Kunt u aangeven ...", "Deelt u de mening ...") that say nothing about the topic.
_STOP = word_set("""
    aan al alle alleen als alsnog altijd ander andere anders ben bent bij bijvoorbeeld binnen
    daar daarbij daarin daarmee daarna daarom daarvan dan dat de deze die dit door dus een
    eens eerder en enige enkel er ervan even evenals geen gaat gaan geweest had heb hebben
    heeft hem het hier hij hoe hoeveel hun ik in is je jij kan kon kunnen kunt maar me meer
    met mij mijn moet moeten na naar niet nog nu of om omdat ons onze ook op over reeds sinds
    te tegen ten ter tot toe tussen u uit uw van veel voor waar waarom wanneer want waren was
    wat we welk welke werd werden wie wij wil willen wordt worden zal ze zelf zich zij zijn zo
    zou zouden zoals zulke
    bekend bericht berichten berichtgeving artikel artikelen mening deelt delen deel vindt
    vind klopt kloppen bereid aangeven toelichten toelichting antwoord antwoorden vraag vragen
    beantwoorden reactie reageren beoordeelt oordeel kennisgenomen kennis genomen gelezen
    erkent herkent onderschrijft zien ziet kijkt nee ja zo ja nee graag afzonderlijk
    mogelijk manier wijze welke hoe heer mevrouw minister staatssecretaris kabinet regering
    doen doet gedaan komen komt gekomen maken maakt gemaakt geven geeft gegeven nemen neemt
    genomen krijgen krijgt gekregen staan staat houden houdt laten laat gaan gaat hebben
    zeggen zegt gezegd weten weet willen kunnen moeten zullen daar hier dergelijke deze
    hiervan hierover hiermee waarin waarbij waarvan waarop daarover namelijk echter wel
    """)


def word_list(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _key(word: str) -> str:
    """Compounds share their head: "vergunningplicht" and "vergunningaanvragen" both key
    "vergu"; words of five letters or more are compared on their first five."""
    return word[:5]


def content_keys(words: list[str]) -> set[str]:
    return {_key(w) for w in words if len(w) >= 3 and w not in _STOP}


def padded(words: list[str]) -> str:
    """Words joined by single spaces and padded, for whole-phrase lookups with `in`."""
    return " " + " ".join(words) + " "


def has_any(text: str, phrases: tuple[str, ...]) -> bool:
    return any(p in text for p in phrases)


def count_of(text: str, phrases: tuple[str, ...]) -> int:
    return sum(1 for p in phrases if p in text)


def phrase_table(spec: str) -> tuple[str, ...]:
    """One phrase per line, padded with spaces so that it matches whole words only."""
    return tuple(" " + line.strip() + " " for line in spec.strip().splitlines() if line.strip())


# --- stance, answers, background -------------------------------------------------------------

# The cabinet's (or the minister's) own position.
STANCE = phrase_table(
    """
    het kabinet
    dit kabinet
    de regering
    ik vind
    vind ik
    van mening
    ik deel
    deel ik
    deelt het kabinet
    het kabinet deelt
    onderschrijf
    onderschrijft
    ik acht
    acht ik
    acht het kabinet
    wij achten
    achten wij
    nederland steunt
    steunt nederland
    steunt het kabinet
    zet zich in
    zet nederland zich
    zet het kabinet zich
    zet ik mij
    voorstander
    tegenstander
    geen aanleiding
    ik ben bereid
    niet bereid
    onwenselijk
    niet wenselijk
    ik hecht
    ik herken
    herken ik
    ik erken
    ik begrijp
    ik ga niet
    ik zie
    zie ik
    ik wil
    respecteert
    respecteer
    is het aan
    is aan
    niet aan mij
    niet aan het kabinet
    ik ben van plan
    niet van plan
    standpunt
    baart mij zorgen
    zorgelijk
    ik snap
    ik besef
    ik hoop
    zelf verantwoordelijk
    primair verantwoordelijk
    verantwoordelijkheid ligt
    geen inhoudelijke uitspraken
    geen uitspraken
    niet ingaan
    ga niet in
    kan niet ingaan
    """
)
# Words that draw the conclusion.
CONCLUDE = phrase_table(
    """
    daarom
    dat betekent
    dit betekent
    kortom
    derhalve
    dus
    daarmee
    """
)
# A direct answer to what was asked: a fact confirmed or denied, a number not available.
DIRECT = phrase_table(
    """
    dat klopt
    klopt niet
    klopt het
    is niet juist
    is onjuist
    is juist
    dat is niet
    inderdaad
    niet bekend
    niet precies
    geen zicht
    geen inzicht
    niet beschikbaar
    niet mogelijk
    niet inzichtelijk
    kan ik niet
    kan niet
    geen signalen
    geen sprake
    er is geen
    er zijn geen
    wel degelijk
    niet gelukt
    heeft besloten
    is besloten
    nog niet
    nog geen
    niet openbaar
    vertrouwelijk
    """
)
# Openings of background sentences: what a letter, an article or the past said.
BACKGROUND_START = (
    "in de brief",
    "in mijn brief",
    "in de kamerbrief",
    "in het artikel",
    "in het bericht",
    "in het rapport",
    "in het advies",
    "in het regeerprogramma",
    "in het hoofdlijnenakkoord",
    "het artikel",
    "de berichtgeving",
    "in het kader van",
    "op grond van",
    "conform",
    "sinds",
    "destijds",
    "eerder",
    "al in",
    "tijdens",
)
MONTHS = word_set(
    "januari februari maart april mei juni juli augustus september oktober november december"
)
CITATION = phrase_table(
    """
    kamerstuk
    kamerstukken
    nr
    ecli
    aanhangsel
    handelingen
    bijlage
    kenmerk
    https
    http
    www
    """
)


_AWARE = phrase_table(
    """
    bekend met
    mee bekend
    mij bekend
    ons bekend
    kennisgenomen
    kennis genomen
    """
)


def is_awareness(words: list[str], phrase: str) -> bool:
    """ "Ja, daar ben ik mee bekend.", "Berichten over dergelijke plannen zijn mij bekend.":
    an acknowledgement, not a position (a "niet bekend" is a real answer)."""
    return (
        len(words) <= 14
        and has_any(phrase, _AWARE)
        and " niet " not in phrase
        and " geen " not in phrase
    )


def opens_with_date(text: str) -> bool:
    """ "In 2022 is ...", "Op 18 september jl. ...", "Per 2027 wordt ...", "Sinds 2022 ..."."""
    head = text[:40].lower().split()
    if len(head) < 2 or head[0] not in ("in", "op", "per", "sinds", "vanaf", "tot"):
        return False
    nxt = head[1].strip(",.")
    return nxt.isdigit() and (len(nxt) == 4 or (len(head) > 2 and head[2] in MONTHS))


def mostly_dates(words: list[str]) -> bool:
    """Short sentences made of little but dates ("Op 18 september jl. ...")."""
    if not words:
        return False
    months = sum(1 for w in words if w in MONTHS)
    return months >= 1 and len(words) <= 8
