"""English query words with their Dutch equivalents: the documents are Dutch, so
`human rights` also searches "mensenrechten", `nitrogen` also "stikstof".

    expand_group(terms)          # plain words of a query -> the same, OR their Dutch forms
    translations(query)          # [("human rights", ("mensenrechten",))] for the preview

`glossary.tsv` beside this file holds one English term a line (lower case) with its Dutch forms
(`a | b`) and where the translation comes from. A Dutch form is matched as the query language
would match it written plainly: one word matches inside compounds and with its variants; a form
in double quotes (`"leger"`) and a form of several words (`wet open overheid`) only as whole
words, in that order. Ambiguous forms are quoted or left out (see the README).

A run of plain words in a query (a same-sentence group, or one word) is looked up from the left,
longest English term first; a final "s" does not matter ("farmer" finds "farmers"). The group
becomes an OR of itself and of the group with each term's Dutch forms in its place, at most
`MAX_ALTERNATIVES` in all (the terms furthest right keep only their English when there would
be more). Quoted phrases, prefixes and filters are never translated: quoting a word is how to
search for exactly that word.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kamervragen.core.matching.normalise import SHORT, tokens
from kamervragen.core.matching.query import (
    EXACT,
    PREFIX,
    WORD,
    And,
    Near,
    Node,
    Not,
    Or,
    Query,
    Term,
)

MAX_TERM_WORDS = 5  # the longest English term, in words
MAX_ALTERNATIVES = 16  # a group with its translations is an OR of at most this many parts


@dataclass(frozen=True)
class Entry:
    """One line of the glossary: an English term, its Dutch forms, and their source."""

    english: str
    dutch: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Translated(Or):
    """Plain words of a query OR'ed with their Dutch forms; `items[0]` is what was typed."""

    translations: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)


class GlossaryError(ValueError):
    """A line of the glossary file that cannot be used."""


def parse_glossary(text: str) -> list[Entry]:
    """The entries of a glossary file (tab-separated `en`, `nl`, `source`, with a header)."""
    entries = []
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise GlossaryError(f"line {number}: want three tab-separated fields")
        english, dutch, source = (p.strip() for p in parts)
        forms = tuple(f.strip() for f in dutch.split(" | "))
        if english != english.lower() or not all(forms):
            raise GlossaryError(f"line {number}: English in lower case, no empty Dutch form")
        entries.append(Entry(english, forms, source))
    return entries


def dutch_term(form: str) -> Term:
    """The query term for a Dutch form: a word (compounds and variants count), or whole words
    for a quoted form or one of several words."""
    quoted = form.startswith('"') and form.endswith('"') and len(form) > 2
    words = tokens(form.strip('"'))
    if not words:
        raise GlossaryError(f"no letters or digits in {form!r}")
    compact = "".join(words)
    if quoted or " " in form.strip('"') or len(compact) <= SHORT:
        return Term(EXACT, words, form.strip('"'))
    return Term(WORD, (compact,), form)


def lookup_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """English words as looked up: folded, a final "s" dropped from words of 4+ letters."""
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@cache
def glossary() -> dict[tuple[str, ...], tuple[str, tuple[Term, ...]]]:
    """The glossary shipped with the package: lookup key -> (English term, Dutch terms)."""
    text = resources.files(__package__).joinpath("glossary.tsv").read_text(encoding="utf-8")
    return {
        lookup_key(tokens(e.english)): (e.english, tuple(dutch_term(f) for f in e.dutch))
        for e in parse_glossary(text)
    }


def expand_group(terms: list[Term]) -> Node:
    """Plain words written next to each other (one word, or a same-sentence group), with the
    Dutch forms of the English terms among them as alternatives."""
    original: Node = terms[0] if len(terms) == 1 else Near(tuple(terms))
    spans = _spans(terms)
    if not spans:
        return original
    options: list[list[tuple[Term, ...]]] = []  # per position: the ways to say it
    found: list[tuple[str, tuple[str, ...]]] = []
    position, budget = 0, MAX_ALTERNATIVES
    for start, end, english, dutch in spans:
        options += [[(t,)] for t in terms[position:start]]
        typed = tuple(terms[start:end])
        as_typed = "".join(w for term in typed for w in term.tokens)
        new = [d for d in dutch if "".join(d.tokens) != as_typed]
        if new and budget // (len(new) + 1) >= 1:
            budget //= len(new) + 1
            options.append([typed, *((d,) for d in new)])
            found.append((english, tuple(d.raw for d in new)))
        else:
            options.append([typed])
        position = end
    options += [[(t,)] for t in terms[position:]]
    if not found:
        return original
    alternatives: list[Node] = []
    for choice in itertools.product(*options):
        chosen = tuple(t for part in choice for t in part)
        node: Node = chosen[0] if len(chosen) == 1 else Near(chosen)
        if node not in alternatives:
            alternatives.append(node)
    return Translated(tuple(alternatives), tuple(found))


def _spans(terms: list[Term]) -> list[tuple[int, int, str, tuple[Term, ...]]]:
    """(start, end, English term, Dutch terms) for each English term among the words, found
    from the left, longest first; prefixes are never part of one."""
    table = glossary()
    words = [tokens(t.raw) if t.kind != PREFIX else () for t in terms]
    spans = []
    i = 0
    while i < len(terms):
        for end in range(min(len(terms), i + MAX_TERM_WORDS), i, -1):
            if not all(words[i:end]):
                continue
            key = lookup_key(tuple(w for ws in words[i:end] for w in ws))
            if key in table:
                english, dutch = table[key]
                spans.append((i, end, english, dutch))
                i = end
                break
        else:
            i += 1
    return spans


def translations(query: Query) -> list[tuple[str, tuple[str, ...]]]:
    """Every English term of the query with the Dutch forms also searched, in query order."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def walk(node: Node) -> None:
        if isinstance(node, Translated):
            found.extend(node.translations)
        elif isinstance(node, And | Or):
            for item in node.items:
                walk(item)
        elif isinstance(node, Not):
            walk(node.item)

    walk(query.root)
    return list(dict.fromkeys(found))


def typed(node: Node) -> Node:
    """What was typed in place of a translated group (the node itself otherwise)."""
    return node.items[0] if isinstance(node, Translated) else node
