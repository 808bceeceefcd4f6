"""How case texts and query words are normalised: folding, joiners, words, sentences, variants.

The same rules apply to both sides, so a query word and the text it should find agree:
- Fold: lower case without diacritics ("Financiën" -> "financien").
- A hyphen between letters joins ("cyber-surveillance" is one word, "cybersurveillance"), but
  its parts stay separate tokens for exact matching ("cyber", "surveillance").
- A hyphen followed by white space is a line break or a PDF break ("dual- useverordening",
  "emotieher-\\nkenning"): it joins without leaving a token boundary.
- An apostrophe inside a word joins ("camera’s" -> "cameras").
- A sentence ends at ".", "!" or "?" followed by white space, and at a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kamervragen.core.text import fold

# A word: letters and digits (and "_"), possibly joined by hyphens (also "- " and "-\n") or
# apostrophes.
WORD_RE = re.compile(r"\w+(?:(?:-\s*|['’‘`])\w+)*")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n[ \t]*\n")
_SOFT_JOIN_RE = re.compile(r"-\s+|['’‘`]")

# Hyphen look-alikes become "-", the soft hyphen disappears.
_HYPHENS = (("\u2010", "-"), ("\u2011", "-"), ("\u00ad", ""))
SHORT = 3  # a word of this many letters or fewer only matches as a whole word
MIN_STEM = 5  # an inflection is stripped only if at least this much of the word remains


def prepare(text: str) -> str:
    """Composed Unicode with hyphen look-alikes unified and soft hyphens removed."""
    text = unicodedata.normalize("NFC", text)
    for char, replacement in _HYPHENS:
        if char in text:  # cheaper than str.translate on long texts
            text = text.replace(char, replacement)
    return text


def sentences(text: str) -> list[str]:
    """Split prepared text into sentences (non-empty, white space kept inside)."""
    return [s for s in _SENTENCE_END_RE.split(text) if s and not s.isspace()]


@lru_cache(maxsize=200_000)
def word_tokens(surface: str) -> tuple[str, ...]:
    """The folded tokens of one word: "Cyber-Surveillance" -> (cyber, surveillance)."""
    joined = _SOFT_JOIN_RE.sub("", surface)
    return tuple(fold(part) for part in joined.split("-") if part)


@lru_cache(maxsize=200_000)
def word_forms(surface: str) -> tuple[str, str]:
    """A word's compact form and its spaced tokens: ("cybersurveillance", "cyber surveillance")."""
    parts = word_tokens(surface)
    return "".join(parts), " ".join(parts)


@lru_cache(maxsize=20_000)
def tokens(text: str) -> tuple[str, ...]:
    """All folded tokens of a short text, in order ("dual-use" -> ("dual", "use"))."""
    result: list[str] = []
    for match in WORD_RE.finditer(prepare(text)):
        result.extend(word_tokens(match.group()))
    return tuple(t for t in result if t)


def name_key(text: str) -> str:
    """A name or function for comparison: folded tokens joined by single spaces."""
    return " ".join(tokens(text))


def party_key(text: str) -> str:
    """A party for comparison: folded letters and digits ("GroenLinks-PvdA" -> "groenlinkspvda")."""
    return "".join(tokens(text))


# English endings with their Dutch counterparts; the first that fits is used.
_ENGLISH_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ical", ("isch", "iek")),
    ("tion", ("tie",)),
    ("sion", ("sie",)),
    ("ity", ("iteit",)),
    ("ance", ("antie",)),
    ("ence", ("entie",)),
    ("ive", ("ief",)),
    ("ary", ("air",)),
    ("ize", ("ise",)),
    ("ic", ("isch", "iek")),
    ("al", ("aal",)),
    ("y", ("ie",)),
)
# Dutch (and English) inflections, tried in this order; one is stripped at most.
_INFLECTIONS = ("en", "s", "e")
_VOWELS = "aeiou"


@lru_cache(maxsize=20_000)
def variants(word: str) -> tuple[str, ...]:
    """The forms a folded word of 4+ letters also matches as: the word, its stem, its Dutch form.

    - An inflection "-en", "-s" or "-e" is stripped if 5+ letters remain ("mensenrechten" ->
      "mensenrecht", "controles" -> "controle"); after "-en" a stem ending in "v" also gets its
      "f" form, a doubled consonant its single one and a consonant-vowel-consonant ending its
      long vowel ("bedrijven" -> "bedrijf", "gevallen" -> "geval", "problemen" -> "probleem").
    - An English ending gets its Dutch form ("information" -> "informatie", "technology" ->
      "technologie", "capacity" -> "capaciteit", "digital" -> "digitaal").
    Because words of 4+ letters match anywhere inside a word, "control" already finds
    "exportcontrole": variants only add what containment cannot.
    """
    forms = [word]
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            if ending == "s" and stem.endswith("s"):
                break  # "process" is not a plural
            forms.append(stem)
            if ending == "en":
                forms.extend(_open_syllable_forms(stem))
            break
    for ending, dutch in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            if ending == "y" and base[-1] in _VOWELS:
                break  # "policy" -> "policie", but not "survey" -> "surveie"
            forms.extend(base + d for d in dutch)
            break
    return tuple(dict.fromkeys(f for f in forms if len(f) > SHORT))


def _open_syllable_forms(stem: str) -> list[str]:
    """Singular spellings of a plural stem ("bedrijv" -> "bedrijf", "problem" -> "probleem")."""
    forms = []
    if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        forms.append(stem[:-1])  # "gevall" -> "geval"
    elif stem.endswith("v"):
        forms.append(stem[:-1] + "f")
    elif stem.endswith("z"):
        forms.append(stem[:-1] + "s")
    if (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in _VOWELS
        and stem[-3] not in _VOWELS
        and stem[-2] != "i"
    ):
        forms.append(stem[:-1] + stem[-2] + stem[-1])
    return forms
