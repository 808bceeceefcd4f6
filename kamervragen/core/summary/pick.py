"""Pick the sentence(s) of an answer that carry its position, and flag it.

`summarise_answer(question, answer)` splits the answer into sentences, sets aside debris
(footnote numbers, URL lines), and then:
1. a non-answer: every sentence is a reference or filler -> the reference, and the question
   numbers it points to;
2. a bare "Ja." / "Nee." first -> with the next sentence (the reason);
3. else the best-scoring sentence (question overlap, stance, direct answer, conclusion, position,
   minus background, citations, figures, references, filler, length), plus the opening sentence
   or a close second when they fit within `max_chars`.
A promise to inform the Kamer is looked for in every sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kamervragen.core.summary.cues import (
    BACKGROUND_START,
    CITATION,
    CONCLUDE,
    DIRECT,
    STANCE,
    content_keys,
    count_of,
    has_any,
    is_awareness,
    mostly_dates,
    opens_with_date,
    padded,
    word_list,
)
from kamervragen.core.summary.flags import (
    FILLER,
    is_promise,
    is_reference,
    referred_numbers,
    unique,
)
from kamervragen.core.summary.sentences import split_sentences


@dataclass(frozen=True)
class AnswerSummary:
    """What an answer alert shows for one answer.

    sentences:  1-2 sentences copied verbatim from the answer, in their order in the answer
    non_answer: the answer only refers elsewhere (another answer, a letter)
    promise:    the sentence that promises to inform the Kamer later, verbatim, if any
    refers_to:  question numbers a non-answer points to
    key:        which of `sentences` to keep when only one fits (a bare "Ja."/"Nee." comes
                with its reason all the same)
    """

    sentences: tuple[str, ...]
    non_answer: bool
    promise: str | None
    refers_to: tuple[int, ...]
    key: int = 0


# --- scoring --------------------------------------------------------------------------------


@dataclass
class _Sentence:
    index: int
    text: str
    words: list[str]
    phrase: str
    junk: bool
    reference: bool
    filler: bool


def _analyse(text: str, index: int) -> _Sentence:
    words = word_list(text)
    phrase = padded(words)
    letters = sum(len(w) for w in words)
    low = text.lower()
    web = "http" in low or "www." in low
    junk = not _is_yes_no(words) and (len(words) < 2 or letters < 4 or (web and len(words) < 12))
    return _Sentence(
        index=index,
        text=text,
        words=words,
        phrase=phrase,
        junk=junk,
        reference=is_reference(text, phrase),
        filler=has_any(phrase, FILLER),
    )


def _is_yes_no(words: list[str]) -> bool:
    return bool(words) and words[0] in ("ja", "nee")


def _is_bare_yes_no(s: _Sentence) -> bool:
    return _is_yes_no(s.words) and len(s.words) == 1


def _overlap_weights(question: str | None, sents: list[_Sentence]) -> dict[str, float]:
    """Question content keys, weighted by how few sentences of the answer contain them."""
    if not question:
        return {}
    qkeys = content_keys(word_list(question))
    if not qkeys:
        return {}
    df: dict[str, int] = {}
    for s in sents:
        for k in content_keys(s.words) & qkeys:
            df[k] = df.get(k, 0) + 1
    n = max(1, len(sents))
    return {k: math.log(1.0 + n / d) for k, d in df.items()}


# The weights of the scoring, set by hand and checked on one half of the labelled answers.
WEIGHTS: dict[str, float] = {
    "overlap": 1.2,  # times the square root of the weighted question-word overlap
    "stance": 2.0,  # per stance marker, at most two
    "conclude": 0.8,  # "daarom", "dat betekent", "kortom"
    "direct": 2.0,  # a fact confirmed or denied, "niet bekend", "nog niet"
    "yes_no": 3.0,  # a leading "Ja, ..." / "Nee, ..."
    "first": 1.5,  # position bonus of the first sentence
    "second": 0.6,
    "third": 0.2,
    "last": 0.0,  # the closing sentence, which often concludes
    "aware": 2.0,  # penalty: "Ja, daar ben ik mee bekend" when more follows
    "background": 1.5,  # penalty: "In de brief van ...", "In 2022 is ...", "Sinds ..."
    "citation": 0.8,  # penalty per citation mark (Kamerstuk, nr., ECLI, URL), at most 3
    "digits": 1.0,  # penalty: a sentence full of figures and dates
    "reference": 2.5,  # penalty: "Zie het antwoord op vraag 2" inside a real answer
    "filler": 3.0,  # penalty: apologies, "gezamenlijk beantwoord"
    "length": 1.5,  # penalty per max_chars beyond max_chars
}


def _score(
    s: _Sentence, position: int, last: bool, weights: dict[str, float], max_chars: int
) -> float:
    w = WEIGHTS
    phrase = s.phrase
    score = 0.0
    if weights:
        matched = content_keys(s.words) & weights.keys()
        overlap = sum(weights[k] for k in matched)
        score += w["overlap"] * math.sqrt(overlap / math.sqrt(1.0 + len(s.words) / 12.0))
    score += w["stance"] * min(2, count_of(phrase, STANCE))
    score += w["conclude"] * min(1, count_of(phrase, CONCLUDE))
    score += w["direct"] * min(1, count_of(phrase, DIRECT))
    if _is_yes_no(s.words):
        score += w["yes_no"]
    score += (w["first"], w["second"], w["third"])[position] if position < 3 else 0.0
    if last and position > 0:
        score += w["last"]
    if is_awareness(s.words, phrase):
        score -= w["aware"]
    low = phrase.lstrip()
    if any(low.startswith(b + " ") for b in BACKGROUND_START) or opens_with_date(s.text):
        score -= w["background"]
    score -= w["citation"] * min(3, count_of(phrase, CITATION))
    digits = sum(ch.isdigit() for ch in s.text)
    if digits > 0.08 * len(s.text) and not has_any(phrase, DIRECT):
        score -= w["digits"]
    if mostly_dates(s.words):
        score -= w["digits"]
    if s.reference:
        score -= w["reference"]
    if s.filler:
        score -= w["filler"]
    if len(s.text) > max_chars:
        score -= w["length"] * (len(s.text) / max_chars - 1.0)
    return score


# --- the summary ----------------------------------------------------------------------------


def summarise_answer(question: str | None, answer: str, *, max_chars: int = 220) -> AnswerSummary:
    """Pick the sentence(s) of `answer` that carry its position, and flag a non-answer and a
    promise. `question` is the text of the question(s) answered, if known."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    spans = split_sentences(answer)
    sents = [_analyse(answer[a:b], i) for i, (a, b) in enumerate(spans)]
    if not sents:
        return AnswerSummary((), False, None, ())
    body = [s for s in sents if not s.junk] or sents

    promise = next((s.text for s in body if is_promise(s.words, s.phrase, s.text)), None)

    references = [s for s in body if s.reference]
    if references and all(s.reference or s.filler for s in body):
        numbers = unique(v for s in references for v in referred_numbers(s.text))
        chosen = _fit(references[:2], max_chars)
        return AnswerSummary(tuple(s.text for s in chosen), True, promise, tuple(numbers))

    first = body[0]
    if _is_bare_yes_no(first):
        # "Ja." / "Nee." is kept with the sentence after it, which gives the reason.
        rest = [s for s in body[1:] if not s.filler]
        chosen = [first]
        if rest and len(first.text) < max_chars and len(rest[0].text) <= 2 * max_chars:
            chosen.append(rest[0])
        return AnswerSummary(tuple(s.text for s in chosen), False, promise, ())

    weights = _overlap_weights(question, body)
    scored = [
        (_score(s, pos, pos == len(body) - 1, weights, max_chars), s) for pos, s in enumerate(body)
    ]
    best_score, best = max(scored, key=lambda p: (p[0], -p[1].index))
    chosen = [best]
    room = max_chars - len(best.text) - 1
    lead_score, lead = scored[0]
    if (
        lead is not best
        and len(lead.text) <= room
        and not (lead.reference or lead.filler or is_awareness(lead.words, lead.phrase))
        and lead_score >= 0.0
    ):
        # The opening sentence often states the position too: keep it when there is room.
        chosen.append(lead)
    else:
        seconds = [
            (sc, s)
            for sc, s in scored
            if s is not best and len(s.text) <= room and sc >= max(1.0, 0.6 * best_score)
        ]
        if seconds:
            chosen.append(max(seconds, key=lambda p: (p[0], -p[1].index))[1])
    chosen.sort(key=lambda s: s.index)
    key = chosen.index(best)
    return AnswerSummary(tuple(s.text for s in chosen), False, promise, (), key)


def _fit(chosen: list[_Sentence], max_chars: int) -> list[_Sentence]:
    """The first sentence always; the next ones while the total stays within `max_chars`."""
    out = chosen[:1]
    total = len(out[0].text)
    for s in chosen[1:]:
        if total + 1 + len(s.text) > max_chars:
            break
        out.append(s)
        total += 1 + len(s.text)
    return out
