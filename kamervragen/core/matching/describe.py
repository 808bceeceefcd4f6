"""A one-line description of what a query matches, in English or Dutch (for /subscribe replies).

export control party:D66   ->  cases mentioning “export control” in one sentence, asked by D66
                           ->  vragen met “export control” in één zin, gesteld door D66
"""

from __future__ import annotations

from kamervragen.core.matching.evaluate import as_query
from kamervragen.core.matching.glossary import typed
from kamervragen.core.matching.query import EXACT, PREFIX, And, Filter, Near, Node, Not, Query, Term

_WORDS = {
    "en": {
        "cases": "cases",
        "mentioning": "mentioning",
        "not mentioning": "not mentioning",
        "party": "asked by",
        "not party": "not asked by",
        "member": "asked by",
        "not member": "not asked by",
        "to": "addressed to",
        "not to": "not addressed to",
        "and": "and",
        "or": "or",
        "not": "not",
        "sentence": "in one sentence",
        "exact": "exactly",
        "prefix": "words starting with",
        "since": "submitted on or after",
        "not since": "not submitted on or after",
        "until": "submitted on or before",
        "not until": "not submitted on or before",
        "status": "that are",
        "not status": "that are not",
        "status.open": "open",
        "status.answered": "answered",
        "status.postponed": "postponed",
        "status.withdrawn": "withdrawn",
        "status.late": "late (open past their deadline)",
    },
    "nl": {
        "cases": "vragen",
        "mentioning": "met",
        "not mentioning": "zonder",
        "party": "gesteld door",
        "not party": "niet gesteld door",
        "member": "gesteld door",
        "not member": "niet gesteld door",
        "to": "gericht aan",
        "not to": "niet gericht aan",
        "and": "en",
        "or": "of",
        "not": "niet",
        "sentence": "in één zin",
        "exact": "precies",
        "prefix": "woorden die beginnen met",
        "since": "ingezonden op of na",
        "not since": "niet ingezonden op of na",
        "until": "ingezonden op of voor",
        "not until": "niet ingezonden op of voor",
        "status": "die",
        "not status": "die niet",
        "status.open": "open zijn",
        "status.answered": "beantwoord zijn",
        "status.postponed": "uitgesteld zijn",
        "status.withdrawn": "ingetrokken zijn",
        "status.late": "te laat zijn (open na de uiterste antwoorddatum)",
    },
}

# A condition: (head, body). Conditions with the same head merge: "mentioning "a" and "b"".
# A head of None marks a condition that is complete in itself.
_Cond = tuple[str | None, str]


def describe(query: Query | str, lang: str = "en") -> str:
    """One line saying what `query` matches; `lang` is "en" or "nl"."""
    if lang not in _WORDS:
        raise ValueError(f'unknown language "{lang}" (use "en" or "nl")')
    words = _WORDS[lang]
    head, body = _cond(as_query(query).root, words, negated=False)
    return f"{words['cases']} {body if head is None else f'{head} {body}'}"


def _cond(node: Node, words: dict[str, str], negated: bool) -> _Cond:
    node = typed(node)  # described as typed; the preview names the Dutch forms apart
    mention = words["not mentioning" if negated else "mentioning"]
    if isinstance(node, Term):
        return mention, _term(node, words)
    if isinstance(node, Near):
        phrase = " ".join(t.raw + ("*" if t.kind == PREFIX else "") for t in node.terms)
        return mention, f"“{phrase}” {words['sentence']}"
    if isinstance(node, Filter):
        field = words[("not " if negated else "") + node.field]
        if node.field == "status":
            return field, words[f"status.{node.value}"]
        return field, node.value if node.restricts else node.raw
    if isinstance(node, Not):
        item = typed(node.item)
        if isinstance(item, Term | Near | Filter | Not):
            return _cond(item, words, not negated)
        head, body = _cond(item, words, negated=False)
        inner = body if head is None else f"{head} {body}"
        if not (inner.startswith("(") and inner.endswith(")")):
            inner = f"({inner})"
        return None, f"{words['not']} {inner}"
    conds = [_cond(item, words, negated) for item in node.items]
    if isinstance(node, And):
        conds.sort(key=lambda c: _order(c, words))
        return None, ", ".join(_merge(conds, words["and"]))
    merged = _merge(conds, words["or"])
    joined = f" {words['or']} ".join(merged)
    return None, joined if len(merged) == 1 else f"({joined})"


def _term(term: Term, words: dict[str, str]) -> str:
    if term.kind == EXACT:
        return f"{words['exact']} “{term.raw}”"
    if term.kind == PREFIX:
        return f"{words['prefix']} “{term.raw}”"
    return f"“{term.raw}”"


def _merge(conds: list[_Cond], conjunction: str) -> list[str]:
    """Join neighbours with the same head: [(h, a), (h, b)] -> ["h a and b"]."""
    result: list[str] = []
    last_head: str | None = None
    for head, body in conds:
        if head is not None and head == last_head:
            result[-1] = f"{result[-1]} {conjunction} {body}"
        else:
            result.append(body if head is None else f"{head} {body}")
        last_head = head
    return result


def _order(cond: _Cond, words: dict[str, str]) -> int:
    """Text conditions first, then exclusions, then filters, then compound ones."""
    head = cond[0]
    if head == words["mentioning"]:
        return 0
    if head == words["not mentioning"]:
        return 1
    return 2 if head is not None else 3
