"""The parsed form of a query, and how each part decides one case.

    Node        anything a query is made of; `matches(masks)` decides it for one case
    ├── Term    a word (`cybersurveillance`), a prefix (`cyber*`) or exact words (`"dual use"`)
    ├── Near    plain words written next to each other: all in one sentence (`export control`)
    ├── Filter  `party:`, `member:` or `to:`, on the case's askers and addressees; or a
    │           restriction, `since:`, `until:` or `status:`, on its dates and status
    ├── And     all parts, anywhere in the case
    ├── Or      any part
    └── Not     no match (`NOT x`, `-x`)

Nodes compare by meaning, not spelling: `Cyber` and `cyber` are the same term, so identical
subscriptions are evaluated once. Every node can name its *keys*: strings of which at least one
is present in a case's text or actors whenever the node matches (see `trigger`). The index uses
them to skip subscriptions that cannot match. A restriction has no keys: it only narrows what the
rest of the query finds, so a query of restrictions alone is refused, like one of exclusions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from kamervragen.core.matching.normalise import SHORT, variants

WORD, EXACT, PREFIX = "word", "exact", "prefix"
FILTER_FIELDS = ("party", "member", "to", "since", "until", "status")
RESTRICTIONS = frozenset({"since", "until", "status"})  # narrow a query; never required
STATUSES = ("open", "answered", "postponed", "withdrawn", "late")  # what `status:` takes
LATE_STATUSES = ("open", "postponed")  # late: one of these, and past the stored deadline


class CaseFacts(Protocol):
    """What a filter reads from a case (implemented by `CaseText`)."""

    @property
    def parties(self) -> frozenset[str]:
        """The askers' parties (`party_key`)."""
        ...

    @property
    def members(self) -> frozenset[str]:
        """The askers' names and their last words (`name_key`)."""
        ...

    @property
    def addressees(self) -> str:
        """The addressees' functions (`name_key`), one a line."""
        ...

    @property
    def submitted(self) -> str | None:
        """The submission date, ISO."""
        ...

    @property
    def status(self) -> str | None:
        """open, postponed, answered or withdrawn."""
        ...

    @property
    def late(self) -> bool:
        """Open or postponed past the deadline, as of the day asked."""
        ...


def is_late(status: str | None, deadline: dt.date | None, today: dt.date) -> bool:
    """Open or postponed, and past the deadline (`status:late`)."""
    return status in LATE_STATUSES and deadline is not None and deadline < today


def restriction_holds(facts: CaseFacts, field: str, value: str) -> bool:
    """Does the case pass `since:`, `until:` or `status:` with this (normalised) value?
    A case without a submission date passes neither `since:` nor `until:`."""
    if field == "status":
        return facts.late if value == "late" else facts.status == value
    if facts.submitted is None:
        return False
    return facts.submitted >= value if field == "since" else facts.submitted <= value


class Masks(Protocol):
    """Per-case answers for terms: whether each matches, and in which sentences."""

    @property
    def text(self) -> CaseFacts:
        """The case's facts (parties, members, addressees)."""
        ...

    def any(self, term: Term) -> bool:
        """The term matches somewhere in the case."""
        ...

    def mask(self, term: Term) -> int:
        """Bit i is set if the term matches in sentence i."""
        ...


@dataclass(frozen=True, slots=True)
class Term:
    """A text term; `tokens` are its folded words, `kind` says how they must occur."""

    kind: str
    tokens: tuple[str, ...]
    raw: str = field(compare=False, default="")
    pos: int = field(compare=False, default=0)
    key: str = field(init=False, compare=False, repr=False)
    patterns: tuple[str, ...] = field(init=False, compare=False, repr=False)
    keys: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Shared by every term of the same kind and words: 100,000 subscriptions repeat them.
        key, patterns, keys = _term_parts(self.kind, self.tokens)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "keys", keys)

    def matches(self, masks: Masks) -> bool:
        """The term occurs anywhere in the case."""
        return masks.any(self)


@lru_cache(maxsize=100_000)
def _term_parts(kind: str, tokens: tuple[str, ...]) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """A term's key, the patterns it is looked for as, and its keys (see `Term`)."""
    compact = "".join(tokens)
    joined = " ".join(tokens)
    if kind == WORD:
        patterns = variants(compact)
        keys = frozenset("s:" + p for p in patterns)
    elif kind == EXACT:
        patterns = (f" {joined} ",)
        keys = frozenset({"s:" + compact if len(compact) > SHORT else "w:" + _longest(tokens)})
    else:
        patterns = (f" {joined}",)
        if len(compact) > SHORT:
            keys = frozenset({"s:" + compact})
        elif len(tokens) == 1:
            keys = frozenset({"p:" + compact})
        else:
            keys = frozenset({"w:" + _longest(tokens[:-1])})
    return f"{kind}:{joined}", patterns, keys


@dataclass(frozen=True, slots=True)
class Near:
    """Words that must all occur in one sentence."""

    terms: tuple[Term, ...]

    def matches(self, masks: Masks) -> bool:
        """Some sentence has every term."""
        common = -1
        for term in self.terms:
            common &= masks.mask(term)
            if not common:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Filter:
    """`party:`, `member:`, `to:`, or a restriction (`since:`, `until:`, `status:`), with its
    normalised value (a restriction's date is ISO, its status folded)."""

    field: str
    value: str
    raw: str = dataclasses.field(compare=False, default="")
    pos: int = dataclasses.field(compare=False, default=0)
    keys: frozenset[str] = dataclasses.field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The one key that is present whenever this filter matches (a restriction has none).
        keys = frozenset() if self.restricts else frozenset({f"{self.field}:{self.value}"})
        object.__setattr__(self, "keys", keys)

    @property
    def restricts(self) -> bool:
        """`since:`, `until:` or `status:`: it narrows, and is never found in a text."""
        return self.field in RESTRICTIONS

    def matches(self, masks: Masks) -> bool:
        """Does the case pass the filter? (See `holds`.)"""
        return self.holds(masks.text)

    def holds(self, facts: CaseFacts) -> bool:
        """Party and member compare whole values, `to:` any part of an addressee's function;
        restrictions compare the submission date and the status."""
        if self.restricts:
            return restriction_holds(facts, self.field, self.value)
        if self.field == "party":
            return self.value in facts.parties
        if self.field == "member":
            return self.value in facts.members
        return self.value in facts.addressees


@dataclass(frozen=True, slots=True)
class And:
    """Every item matches somewhere in the case."""

    items: tuple[Node, ...]

    def matches(self, masks: Masks) -> bool:
        """All items match."""
        return all(item.matches(masks) for item in self.items)


@dataclass(frozen=True, slots=True)
class Or:
    """At least one item matches."""

    items: tuple[Node, ...]

    def matches(self, masks: Masks) -> bool:
        """Any item matches."""
        return any(item.matches(masks) for item in self.items)


@dataclass(frozen=True, slots=True)
class Not:
    """The item does not match anywhere in the case."""

    item: Node
    pos: int = field(compare=False, default=0)

    def matches(self, masks: Masks) -> bool:
        """The negation of the item."""
        return not self.item.matches(masks)


Node = Term | Near | Filter | And | Or | Not


@dataclass(frozen=True)
class Query:
    """A parsed query: the text as typed and its tree (queries compare by tree)."""

    text: str = field(compare=False)
    root: Node


def all_keys(node: Node) -> set[str]:
    """The keys of every term and filter in the tree, negated ones included."""
    if isinstance(node, Term | Filter):
        return set(node.keys)
    if isinstance(node, Near):
        return set().union(*(t.keys for t in node.terms))
    if isinstance(node, Not):
        return all_keys(node.item)
    return set().union(*(all_keys(i) for i in node.items))


Trigger = tuple[frozenset[str], ...]


def trigger(node: Node) -> Trigger | None:
    """One or two key sets such that every case the node matches has a present key in each
    set; None if the node can match without any key (a negation, a restriction). AND and
    same-sentence groups give their two cheapest sets, so both must be present; OR gives one."""
    if isinstance(node, Not) or (isinstance(node, Filter) and node.restricts):
        return None
    if isinstance(node, Term | Filter):
        return (node.keys,)
    if isinstance(node, Near):
        return _cheapest_two([t.keys for t in node.terms])
    parts = [trigger(i) for i in node.items]
    if isinstance(node, Or):
        known = [p for p in parts if p is not None]
        if len(known) < len(parts):
            return None
        return (frozenset().union(*(min(p, key=cost) for p in known)),)
    required = [keys for p in parts if p is not None for keys in p]
    return _cheapest_two(required) if required else None


def _cheapest_two(sets: list[frozenset[str]]) -> Trigger:
    return tuple(sorted(set(sets), key=lambda keys: (cost(keys), sorted(keys)))[:2])


@lru_cache(maxsize=50_000)
def cost(keys: frozenset[str]) -> float:
    """A guess of how likely one of the keys is present in a case (lower is rarer)."""
    return sum(_key_cost(k) for k in keys)


_SUBSTRING_COST = {4: 0.9, 5: 0.6, 6: 0.4, 7: 0.25, 8: 0.15}
_OTHER_COST = {"w": 0.5, "p": 0.9, "party": 0.15, "member": 0.02, "to": 0.15}


def _key_cost(key: str) -> float:
    kind, _, value = key.partition(":")
    if kind == "s":
        return _SUBSTRING_COST.get(len(value), 0.1)
    return _OTHER_COST[kind]


def _longest(tokens: tuple[str, ...]) -> str:
    return max(tokens, key=len)
