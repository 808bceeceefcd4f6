"""The two flags of an answer summary: a non-answer (the answer only refers elsewhere) and a
promise (a commitment to inform the Kamer later), from the words of single sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kamervragen.core.summary.cues import MONTHS, has_any, phrase_table, word_set

# --- references (non-answers) ----------------------------------------------------------------

FILLER = phrase_table(
    """
    excuses
    abusievelijk
    onderlinge samenhang
    gezamenlijk beantwoord
    gezamenlijk beantwoorden
    tezamen beantwoord
    in samenhang beantwoord
    in samenhang beantwoorden
    """
)
_REFER_VERB = phrase_table(
    """
    verwijs
    verwijzen naar
    volsta met
    """
)
_ANSWERED_ELSEWHERE = phrase_table(
    """
    beantwoord in
    beantwoord bij
    beantwoord met
    antwoord is opgenomen
    treft u aan
    vindt u in
    """
)
_INFORMED_BY_LETTER = phrase_table(
    """
    heb ik u geïnformeerd
    heb ik uw kamer geïnformeerd
    is uw kamer geïnformeerd
    is de kamer geïnformeerd
    heeft uw kamer ontvangen
    """
)
_NUMBERED = word_set("vraag vragen antwoord antwoorden vraagnummer")


def is_reference(text: str, phrase: str) -> bool:
    """Does the sentence only point elsewhere ("Zie het antwoord op vraag 2", "Ik verwijs u
    naar de brief van ...", "Over ... heb ik u geïnformeerd in de Kamerbrief ...")?"""
    low = phrase.lstrip()
    if low.startswith("zie "):
        return True
    if has_any(phrase, _REFER_VERB) or has_any(phrase, _ANSWERED_ELSEWHERE):
        return True
    return has_any(phrase, _INFORMED_BY_LETTER) and (" brief " in phrase or "brief" in text.lower())


def referred_numbers(text: str) -> list[int]:
    """Question numbers after "vraag", "vragen", "antwoord": "de vragen 6 en 7", "antwoord
    38", "vraag 2, 3 en 5", "vragen 4 tot en met 6"."""
    out: list[int] = []
    tokens = re.findall(r"[^\W_]+", text.lower())  # letters or digits, one class: linear
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i] in _NUMBERED:
            j = i + 1
            while j < n and tokens[j] in ("op", "de", "het", "nummer", "nr"):
                j += 1
            last: int | None = None
            while j < n:
                tok = tokens[j]
                if tok.isdigit() and len(tok) <= 3:
                    value = int(tok)
                    if last is not None and out and out[-1] == -1:
                        out.pop()
                        out.extend(range(last + 1, min(value, last + 50) + 1))
                    else:
                        out.append(value)
                    last = value
                    j += 1
                elif tok in ("en", "of") or tok == "t":
                    j += 1
                elif tok in ("tot", "met", "m") and last is not None:
                    if tok == "met" or tok == "m":
                        out.append(-1)  # a range marker, resolved by the next number
                    j += 1
                else:
                    break
            if out and out[-1] == -1:
                out.pop()
            i = j
        else:
            i += 1
    return unique(v for v in out if v > 0)


def unique(values: Iterable[int]) -> list[int]:
    """The values in first-seen order, each once (a set keeps this linear)."""
    seen: set[int] = set()
    ordered: list[int] = []
    for v in values:
        if v not in seen:
            seen.add(v)
            ordered.append(v)
    return ordered


# --- promises -------------------------------------------------------------------------------

# Verbs of informing, in the infinitive (future with "zal", "ga", "voornemens", "verwacht").
_INFORM_INF = word_set("""
    informeren sturen toesturen versturen opsturen zenden toezenden verzenden delen
    rapporteren berichten ingaan terugkomen aanbieden voorleggen toekomen
    """)
_INFORM_PRESENT = word_set("informeer stuur rapporteer ontvangt zend bied")
_INFORM_PARTICIPLE = word_set("""
    geïnformeerd gestuurd toegestuurd verstuurd gezonden toegezonden gedeeld
    gerapporteerd aangeboden voorgelegd
    """)
_FUTURE = word_set("zal zullen zult ga gaan voornemens verwacht streef streven beoog beogen")
_RECIPIENT = word_set("kamer u uw")
_REPORT_NOUN = ("rapportage", "voortgangsbrief", "brief", "monitor", "verslag", "rapport")
_TIME = (
    word_set("""
    zomer najaar voorjaar winter herfst kerst kwartaal komend komende volgend volgende
    binnenkort jaarlijks halfjaarlijks jaarlijkse eind einde begin medio helft zodra
    """)
    | MONTHS
)
_SELF_SUFFICIENT = word_set("rapporteren rapporteer")
_YEAR = re.compile(r"\b20\d\d\b")
_INFORM_ANY = _INFORM_INF | _INFORM_PARTICIPLE
_GLUE_FORMS = tuple(sorted(w for w in _INFORM_INF | _INFORM_PARTICIPLE if len(w) >= 8))


_PERFECT = word_set("heb hebt heeft hebben had hadden is was zijn waren werd werden")
_FUTURE_AUX = word_set("wordt worden zal zullen")


def _future_participle(words: list[str]) -> bool:
    """A participle of informing in the future passive: "U wordt ... geïnformeerd", "zal ...
    gestuurd worden"; not "heb ik u ... geïnformeerd" (the nearest auxiliary before decides)."""
    for p, w in enumerate(words):
        if w not in _INFORM_PARTICIPLE and not (
            w.startswith("kamer") and w[5:] in _INFORM_PARTICIPLE
        ):
            continue
        if any(x in _FUTURE_AUX for x in words[p + 1 : p + 3]):
            return True
        for x in reversed(words[max(0, p - 15) : p]):
            if x in _PERFECT:
                break
            if x in _FUTURE_AUX:
                return True
    return False


def is_promise(words: list[str], phrase: str, text: str) -> bool:
    """A commitment to inform the Kamer later: "Ik zal uw Kamer voor de zomer informeren",
    "U wordt voor het einde van het jaar geïnformeerd", "In het najaar ontvangt uw Kamer ...",
    "Ik kom hier in de volgende voortgangsrapportage op terug"."""
    ws = set(words)
    for w in words:
        # PDF text that lost a space around "Kamer": "uwkamer", "kamergestuurd".
        if w.endswith("kamer") and w != "kamer":
            ws.add("kamer")
        elif w.startswith("kamer") and w[5:] in _INFORM_ANY:
            ws.update(("kamer", w[5:]))
        else:
            # ... or after a verb: "informerenover", "rapporterenin".
            for v in _GLUE_FORMS:
                if w.startswith(v) and w != v:
                    ws.add(v)
    recipient = bool(ws & _RECIPIENT) or any(n in phrase for n in _REPORT_NOUN)
    if not recipient and not ws & _SELF_SUFFICIENT:
        return False
    future = bool(ws & _FUTURE)
    timed = bool(ws & _TIME) or " korte termijn " in phrase or _YEAR.search(text) is not None
    if ws & _INFORM_INF and future:
        return True
    if "inzichtelijk" in phrase and " maken " in phrase and future:
        return True
    if ws & _INFORM_PARTICIPLE and (future or timed) and _future_participle(words):
        return True
    if ws & _INFORM_PRESENT and timed:
        return True
    return "kom" in ws and "terug" in ws
