"""The sentence a query matched best, cut to a snippet with the matched words marked.

    found = snippet("export control", case)
    found.plain()        # "… voert Nederland op dit moment [exportcontrole] uit op …"
    found.parts          # (("… valt onder de ", False), ("exportcontrole", True), ...)

The sentence chosen is the one where the most of the query's required terms matched (the
first of those); a long sentence is cut around its first marked word. Renderers escape each
part themselves (Telegram HTML in the bot, brackets on the command line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamervragen.core.matching.evaluate import as_query, matched_words
from kamervragen.core.matching.normalise import WORD_RE
from kamervragen.core.matching.query import Query
from kamervragen.core.matching.text import CaseText
from kamervragen.core.model import Case

WIDTH = 180  # characters of a sentence shown at most
BEFORE = 50  # ... of which this many before the first marked word, when it is cut
ELLIPSIS = "…"
_SPACE_RE = re.compile(r"\s+")
_BROKEN_WORD_RE = re.compile(r"(?<=\w)-\n[ \t]*(?=\w)")  # a PDF's line-break hyphenation


@dataclass(frozen=True)
class Snippet:
    """A piece of one sentence: (text, marked) parts, in order."""

    parts: tuple[tuple[str, bool], ...]

    def plain(self, start: str = "[", end: str = "]") -> str:
        """The snippet as text, marked words between `start` and `end`."""
        return "".join(f"{start}{text}{end}" if marked else text for text, marked in self.parts)

    @property
    def marked(self) -> list[str]:
        """The marked words, in order."""
        return [text for text, marked in self.parts if marked]


def snippet(query: Query | str, case: Case | CaseText, width: int = WIDTH) -> Snippet | None:
    """The best-matching sentence of the case with the matched words marked; None when the
    query matched no words (only filters)."""
    text = case if isinstance(case, CaseText) else CaseText.from_case(case)
    found = matched_words(as_query(query), text)
    if not found:
        return None
    best = max(sorted(found), key=lambda s: len(found[s][1]))  # the first of the most terms
    sentence, first_word = text.sentence(best)
    spans = [m.span() for m in WORD_RE.finditer(sentence)]
    marks = _merge([spans[w - first_word] for w in sorted(found[best][0])], sentence)
    start, end = _window(sentence, marks[0][0], width)
    parts: list[tuple[str, bool]] = [(ELLIPSIS + " ", False)] if start > 0 else []
    at = start
    for mark_start, mark_end in marks:
        if mark_end > end:
            break
        parts += [(sentence[at:mark_start], False), (sentence[mark_start:mark_end], True)]
        at = mark_end
    parts.append((sentence[at:end], False))
    if end < len(sentence):
        parts.append((" " + ELLIPSIS, False))
    return Snippet(_tidy(parts))


def _merge(spans: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """Marked words next to each other (only white space or a hyphen between) as one mark."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not sentence[merged[-1][1] : start].strip(" \t\n-"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _window(sentence: str, first_mark: int, width: int) -> tuple[int, int]:
    """The part of the sentence to show: all of it, or `width` characters around the first
    mark, cut at white space."""
    if len(sentence) <= width:
        return 0, len(sentence)
    start = max(0, min(first_mark - BEFORE, len(sentence) - width))
    if start > 0:
        space = sentence.find(" ", start, first_mark)
        start = space + 1 if space >= 0 else first_mark
    end = min(len(sentence), start + width)
    if end < len(sentence):
        space = sentence.rfind(" ", first_mark, end)
        end = space if space > first_mark else end
    return start, end


def _tidy(parts: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """White space runs as one space, PDF line-break hyphens joined, the ends stripped."""
    tidy = [(_SPACE_RE.sub(" ", _BROKEN_WORD_RE.sub("", text)), marked) for text, marked in parts]
    if tidy:
        tidy[0] = (tidy[0][0].lstrip(), tidy[0][1])
        tidy[-1] = (tidy[-1][0].rstrip(), tidy[-1][1])
    return tuple((text, marked) for text, marked in tidy if text)
