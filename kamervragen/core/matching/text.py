"""The normalised text of one case, built once and matched against any number of queries.

Two renderings of the same words, sentence by sentence (sentences separated by a newline):
- `compact`: every word with its hyphens removed, words run together ("cyber-surveillance
  goederen" -> "cybersurveillancegoederen"). Words of 4+ letters are looked for here, so they
  match inside compounds and across a compound written apart.
- `fine`: the tokens separated by single spaces (" cyber surveillance goederen "). Exact words,
  short words and prefixes are looked for here, so they respect word boundaries.

A match that crosses from one word into the next in `compact` counts only if it covers at
least 3 letters of every word it touches: "cyber surveillance" is "cybersurveillance", but
"waren te" is not "rente" and "de elektriciteit" is not "deel".

A text also carries the facts filters read: askers' parties and names, addressees, the
submission date, the status and whether the case is late. `layout()` gives what matching
needs, to store; `from_layout` rebuilds a text for matching from it, without the words as
written (so it cannot highlight).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from kamervragen.core.matching.normalise import (
    WORD_RE,
    name_key,
    party_key,
    prepare,
    sentences,
    word_forms,
)
from kamervragen.core.matching.query import WORD, Term, is_late, restriction_holds
from kamervragen.core.model import Asker, Case

MIN_PIECE = 3  # letters a cross-word match must cover in each word it touches


@dataclass(frozen=True)
class Layout:
    """The normalised text as matching reads it: both renderings, where each word of `compact`
    starts and ends, and where each sentence starts in `compact` and in `fine`."""

    compact: str
    fine: str
    word_starts: Sequence[int]
    word_ends: Sequence[int]
    sentence_starts: Sequence[int]
    fine_sentences: Sequence[int]


class CaseText:
    """A case's title, questions and answers (normalised) and its askers and addressees."""

    __slots__ = (
        "_fine_sentences",
        "_keys",
        "_sentence_starts",
        "_sentence_words",
        "_sentences",
        "_tokens",
        "_word_ends",
        "_word_starts",
        "addressees",
        "compact",
        "fine",
        "late",
        "members",
        "parties",
        "status",
        "submitted",
        "surfaces",
    )

    compact: str
    fine: str
    surfaces: list[str]
    parties: frozenset[str]
    members: frozenset[str]
    addressees: str
    submitted: str | None
    status: str | None
    late: bool
    _word_starts: Sequence[int]
    _word_ends: Sequence[int]
    _sentence_starts: Sequence[int]
    _fine_sentences: Sequence[int]

    def __init__(
        self,
        blocks: Iterable[str],
        askers: Iterable[Asker] = (),
        addressees: Iterable[str] = (),
        *,
        submitted: dt.date | None = None,
        status: str | None = None,
        late: bool = False,
    ) -> None:
        compact: list[str] = []
        fine: list[str] = []
        cpos = fpos = 0
        self.surfaces = []  # each word as written, for highlighting
        word_starts: list[int] = []
        word_ends: list[int] = []
        sentence_starts: list[int] = []
        fine_sentences: list[int] = []
        self._sentence_words: list[int] = []  # index of each sentence's first word
        self._sentences: list[str] = []  # each sentence as written, for snippets
        for block in blocks:
            for sentence in sentences(prepare(block or "")):
                found = WORD_RE.findall(sentence)
                forms = [word_forms(w) for w in found]
                compacts = [f[0] for f in forms]
                sentence_starts.append(cpos)
                fine_sentences.append(fpos)
                self._sentence_words.append(len(self.surfaces))
                self._sentences.append(sentence)
                self.surfaces += found
                bounds = list(accumulate(map(len, compacts), initial=cpos))
                word_starts += bounds[:-1]
                word_ends += bounds[1:]
                sentence_compact = "".join(compacts)
                sentence_fine = " " + "".join(f[1] + " " for f in forms)
                compact.append(sentence_compact)
                fine.append(sentence_fine)
                cpos += len(sentence_compact) + 1
                fpos += len(sentence_fine) + 1
        self.compact = "\n".join(compact) + "\n"
        self.fine = "\n".join(fine) + "\n"
        self._word_starts, self._word_ends = word_starts, word_ends
        self._sentence_starts, self._fine_sentences = sentence_starts, fine_sentences
        askers = list(askers)
        self.parties = frozenset(party_key(a.party) for a in askers if a.party)
        self.members = frozenset(tail for a in askers for tail in _name_tails(a.name))
        self.addressees = "\n".join(name_key(a) for a in addressees)
        self.submitted = submitted.isoformat() if submitted else None
        self.status = status
        self.late = late
        self._keys: frozenset[str] | None = None
        self._tokens: tuple[list[int], list[int]] | None = None

    @classmethod
    def from_case(cls, case: Case, today: dt.date | None = None) -> CaseText:
        """Title, questions and answers of `case`, with its askers, addressees, submission
        date and status; late or not as of `today` (default: the date now)."""
        blocks = [case.title or ""]
        blocks.extend(q.text for q in case.questions)
        blocks.extend(a.text for a in case.answers)
        late = is_late(case.status, case.deadline, today or dt.date.today())
        return cls(
            blocks,
            case.askers,
            case.addressees,
            submitted=case.submitted,
            status=case.status,
            late=late,
        )

    @classmethod
    def from_layout(
        cls,
        layout: Layout,
        *,
        parties: frozenset[str],
        members: frozenset[str],
        addressees: str,
        submitted: str | None,
        status: str | None,
        late: bool,
    ) -> CaseText:
        """A text rebuilt from a stored `layout()` and its facts, for matching only: it has no
        words as written, so `occurrences` (highlighting, snippets) needs `from_case`."""
        text = cls.__new__(cls)
        text.compact, text.fine = layout.compact, layout.fine
        text._word_starts, text._word_ends = layout.word_starts, layout.word_ends
        text._sentence_starts = layout.sentence_starts
        text._fine_sentences = layout.fine_sentences
        text.surfaces, text._sentence_words, text._sentences = [], [], []
        text.parties, text.members, text.addressees = parties, members, addressees
        text.submitted, text.status, text.late = submitted, status, late
        text._keys = None
        text._tokens = None
        return text

    def layout(self) -> Layout:
        """What matching needs of the text, to store (`from_layout` rebuilds it)."""
        return Layout(
            self.compact,
            self.fine,
            self._word_starts,
            self._word_ends,
            self._sentence_starts,
            self._fine_sentences,
        )

    def restricts(self, restriction: tuple[str, str]) -> bool:
        """Does the case pass this (field, value) restriction (`since:`, `until:`, `status:`)?"""
        return restriction_holds(self, *restriction)

    def sentence(self, index: int) -> tuple[str, int]:
        """Sentence `index` as written (white space kept), and the index of its first word."""
        return self._sentences[index], self._sentence_words[index]

    @property
    def keys(self) -> frozenset[str]:
        """Whole tokens ("w:"), token prefixes of up to 3 letters ("p:"), parties and members."""
        if self._keys is None:
            tokens = set(self.fine.split())
            keys = {"w:" + t for t in tokens}
            keys.update("p:" + t[:n] for t in tokens for n in range(1, min(len(t), 3) + 1))
            keys.update("party:" + p for p in self.parties)
            keys.update("member:" + m for m in self.members)
            self._keys = frozenset(keys)
        return self._keys

    def term_any(self, term: Term) -> bool:
        """Does `term` match anywhere? (Stops at the first match.)"""
        if term.kind != WORD:
            return term.patterns[0] in self.fine
        compact = self.compact
        for pattern in term.patterns:
            start = compact.find(pattern)
            if start < 0:
                continue
            word = bisect_right(self._word_starts, start) - 1
            if self._word_ends[word] >= start + len(pattern):
                return True  # the first occurrence lies inside one word, the usual case
            for _ in self._compact_hits(pattern):
                return True
        return False

    def term_mask(self, term: Term) -> int:
        """Bit i set if `term` matches in sentence i."""
        mask = 0
        if term.kind == WORD:
            starts = self._sentence_starts
            for pattern in term.patterns:
                for start in self._compact_hits(pattern):
                    mask |= 1 << (bisect_right(starts, start) - 1)
        else:
            starts = self._fine_sentences
            for start in _find_all(self.fine, term.patterns[0]):
                mask |= 1 << (bisect_right(starts, start) - 1)
        return mask

    def occurrences(self, term: Term) -> Iterator[tuple[int, int, int]]:
        """(sentence, first word, last word) of each place `term` matches."""
        if term.kind == WORD:
            for pattern in term.patterns:
                for start in self._compact_hits(pattern):
                    end = start + len(pattern) - 1
                    yield (
                        bisect_right(self._sentence_starts, start) - 1,
                        bisect_right(self._word_starts, start) - 1,
                        bisect_right(self._word_starts, end) - 1,
                    )
            return
        pattern = term.patterns[0]
        token_starts, token_words = self._token_map()
        for start in _find_all(self.fine, pattern):
            first = bisect_right(token_starts, start + 1) - 1
            last = bisect_right(token_starts, start + len(pattern.rstrip()) - 1) - 1
            yield (
                bisect_right(self._fine_sentences, start) - 1,
                token_words[first],
                token_words[last],
            )

    def _token_map(self) -> tuple[list[int], list[int]]:
        """Start of each token in `fine`, and the word it belongs to (built on first use)."""
        if self._tokens is None:
            starts: list[int] = []
            words: list[int] = []
            bounds = [*self._sentence_words, len(self.surfaces)]
            for sentence, pos in enumerate(self._fine_sentences):
                pos += 1
                for word in range(bounds[sentence], bounds[sentence + 1]):
                    for token in word_forms(self.surfaces[word])[1].split(" "):
                        starts.append(pos)
                        words.append(word)
                        pos += len(token) + 1
            self._tokens = (starts, words)
        return self._tokens

    def _compact_hits(self, pattern: str) -> Iterator[int]:
        """Starts of `pattern` in `compact` that obey the cross-word rule."""
        starts, ends = self._word_starts, self._word_ends
        end_offset = len(pattern) - 1
        for start in _find_all(self.compact, pattern):
            first = bisect_right(starts, start) - 1
            if ends[first] > start + end_offset:
                yield start  # inside one word, the usual case
                continue
            last = bisect_right(starts, start + end_offset) - 1
            if (
                ends[first] - start >= MIN_PIECE
                and start + end_offset + 1 - starts[last] >= MIN_PIECE
            ) and all(ends[w] - starts[w] >= MIN_PIECE for w in range(first + 1, last)):
                yield start


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    """Every start of `needle` in `haystack`, overlapping ones included."""
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + 1)


def _name_tails(name: str) -> list[str]:
    """A name and its last words: "Van Ojik" -> ["van ojik", "ojik"]."""
    words = name_key(name).split()
    return [" ".join(words[i:]) for i in range(len(words))]
