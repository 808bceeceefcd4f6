"""Dutch sentence splitting for answer summaries, in one linear pass over the text.

    sentences("Ja. Dit geldt o.a. voor art. 3.")   -> ["Ja.", "Dit geldt o.a. voor art. 3."]
    split_sentences(text)                           -> [(start, end), ...]

A sentence ends at ".", "?", "!" or "…" (with closing quotes or brackets) followed by white space
and a capital, a digit or an opening mark, unless the word before the full stop is an
abbreviation, an initial or a list number; a blank line always ends one; PDF text that lost its
space ("aan.Voor") is split too. Every span is trimmed and indexes the text it came from.
"""

from __future__ import annotations

from kamervragen.core.summary.cues import word_set

_CLOSERS = frozenset(")]\"'»”’")
_OPENERS = frozenset("(\"'«“‘[–-•")
_ENDS = frozenset(".?!…")

# Abbreviations after which a full stop does not end a sentence (lower case, with the dot).
_ABBREV = word_set("""
    a.d.h.v. aanv. afd. al. alg. art. artt. bijv. bv. blz. bijl. ca. cf. d.d. d.m.v. d.w.z.
    dhr. dr. drs. e.e.a. excl. fig. hfd. hfst. i.c. i.h.k.v. i.o.m. i.p.v. i.s.m. i.t.t.
    i.v.m. i.z.m. ibid. incl. ing. ir. jo. jr. kst. m.a.w. m.b.t. m.b.v. m.i. m.i.v. max.
    mevr. min. mld. mln. mr. mrd. mw. nl. nr. nrs. o.a. o.b.v. o.g.v. o.i.d. o.l.v. ong. p.
    pag. par. pp. prof. red. resp. sr. st. stb. stcrt. t.a.v. t.b.v. t.g.v. t.o.v. t.w.
    t.z.t. vgl. vs. z.g. zgn. z.s.m. jan. feb. febr. mrt. apr. jun. jul. aug. sep. sept.
    okt. nov. dec. kamerstuk. no. vol. ed. e.v. i.e. e.g. mio. nrs. lid. sub. onderd.
    """)
# Abbreviations that often close a sentence: split after them before a capital letter.
_FINAL_ABBREV = word_set("jl. etc. enz. e.d. e.a. a.s. c.s. e.v.")
_MAX_WORD = 24  # how far back a full stop's word is looked for (keeps the scan linear)


def _word_before(text: str, end: int, floor: int) -> str:
    """The non-space run ending at `end` (exclusive, dot included), at most `_MAX_WORD` long."""
    start = end
    lo = max(floor, end - _MAX_WORD)
    while start > lo and not text[start - 1].isspace():
        start -= 1
    word = text[start:end]
    while word and word[0] in _OPENERS:
        word = word[1:]
    return word


def _is_boundary(text: str, i: int, j: int, k: int, sent_start: int) -> bool:
    """Does the terminator at `i` (closers up to `j`, next text at `k`) end a sentence?"""
    nxt = text[k]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if text[i] != ".":
        return True
    word = _word_before(text, i + 1, sent_start)
    low = word.lower()
    if low in _FINAL_ABBREV:
        return nxt.isupper()
    if low in _ABBREV:
        return False
    core = word[:-1]
    if len(core) == 1 and core.isalpha():  # an initial: "A. de Vries", "a. het eerste"
        return False
    if "." in core and len(core) <= 8 and core.replace(".", "").isalpha():
        return False  # "o.a.", "d.w.z." and other dotted short forms not in the list
    # a numbered list item "2. Meerjarige afspraken" is not a sentence of its own
    return not (core.isdigit() and i - len(core) <= sent_start)


def _glued(text: str, i: int, j: int, sent_start: int) -> bool:
    """A full stop right between a lower-case word and a capitalised word ("aan.Voor")."""
    if text[i] != "." or j != i + 1 or j + 1 >= len(text):
        return False
    if not (text[j].isupper() and text[j + 1].islower()):
        return False
    if i < 2 or not (text[i - 1].islower() and text[i - 2].islower()):
        return False
    word = _word_before(text, i + 1, sent_start).lower()
    # not after a web address or a dotted abbreviation
    return not ("." in word[:-1] or "/" in word or "@" in word or word in _ABBREV)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`, whitespace trimmed, in one linear pass.

    A sentence ends at ".", "?", "!" or "…" (with any closing quotes or brackets) followed by
    whitespace and a capital, a digit or an opening mark, unless the word before the full stop
    is an abbreviation or an initial; a blank line always ends a sentence.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)

    def emit(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))

    start = 0
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            # A blank line (two newlines with only spaces between) ends a sentence.
            j = i + 1
            while j < n and text[j] in " \t\r":
                j += 1
            if j < n and text[j] == "\n":
                emit(start, i)
                while j < n and text[j].isspace():
                    j += 1
                start = i = j
                continue
            i += 1
            continue
        if ch in _ENDS:
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in _CLOSERS):
                j += 1
            if j >= n:
                break
            if _glued(text, i, j, start):
                # PDF text that lost the space: "excuses aan.Voor de beantwoording"
                emit(start, j)
                start = i = j
                continue
            if text[j].isspace():
                k = j
                while k < n and text[k] in " \t\r":
                    k += 1
                if k < n and text[k] == "\n":
                    # Newline after a terminator: let the newline logic or the next char decide.
                    k2 = k + 1
                    while k2 < n and text[k2] in " \t\r":
                        k2 += 1
                    k = k2 if k2 < n and text[k2] != "\n" else k
                if k < n and not text[k].isspace() and _is_boundary(text, i, j, k, start):
                    emit(start, j)
                    start = i = k
                    continue
            i = j
            continue
        i += 1
    emit(start, n)
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of `text`, verbatim (whitespace trimmed at both ends)."""
    return [text[a:b] for a, b in split_sentences(text)]
