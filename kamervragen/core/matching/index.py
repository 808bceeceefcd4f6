"""Match one case against every subscription without evaluating every subscription.

How: each distinct query is stored once (identical subscriptions share it) and posted under
its *trigger* (see `query.trigger`): one or two sets of keys such that any case it matches has
a present key in each set. A query with two sets is posted under pairs of keys and becomes a
candidate only when both are present (`stikstof party:BBB` is not evaluated for every case
that mentions stikstof). For a case, one pass finds which registered keys are present:
- text keys ("s:" + a folded word) with an Aho-Corasick automaton (pyahocorasick) over the
  case's compact text, plus a short list of keys added since the automaton was last made;
- whole-token, prefix, party and member keys by set intersection with `CaseText.keys`;
- `to:` values by a substring test on the case's addressees (there are few distinct values).
Only queries posted under a present key are evaluated, each compiled to one Python function
(`compiled.py`) that shares the per-case answers for terms; a term none of whose keys is
present is known not to match without searching. The result equals evaluating every
subscription on its own.

Subscribing and unsubscribing touch only that subscription's keys: a new text key waits in a
pending list (searched directly) until `pending_limit` of them have gathered, then they are
added to the automaton's trie and its links remade; a key no longer used stays in the
automaton, ignored, until a later fold finds such dead keys outnumbering the live ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick

from kamervragen.core.matching.compiled import CaseEvaluation, Constants, compile_root, terms_of
from kamervragen.core.matching.evaluate import as_query
from kamervragen.core.matching.query import Node, Query, Term, Trigger, all_keys, trigger
from kamervragen.core.matching.text import CaseText


@dataclass(slots=True)
class _Entry:
    """One distinct query and the subscriptions that hold it; what else the index keeps of
    it (postings, keys, terms) is derived from its tree when it is added or removed, to keep
    100,000 subscriptions small."""

    qid: int
    root: Node
    shape: Callable[..., bool]  # compiled: shape(*evaluation.args, constants)
    constants: Constants
    subs: list[int] = field(default_factory=list)  # a list: most queries have one

    @property
    def postings(self) -> list[tuple[str, str | None]]:
        """(key, None) or a pair of keys, for each place the query is posted."""
        found = trigger(self.root)
        assert found is not None  # checked when it was added
        return _postings(found)

    @property
    def keys(self) -> set[str]:
        """Every key of the query's terms and filters."""
        return all_keys(self.root)

    @property
    def terms(self) -> list[Term]:
        """Every term of the query."""
        return terms_of(self.root)


class _TextKeys:
    """Folded words to find inside case texts: an automaton plus a pending list."""

    def __init__(self, pending_limit: int) -> None:
        self._count: dict[str, int] = {}
        self._built: set[str] = set()  # words in the automaton, live or dead
        self._pending: set[str] = set()
        self._pending_limit = pending_limit
        self._automaton = ahocorasick.Automaton()
        self.builds = 0  # how often the automaton's links were made

    def __len__(self) -> int:
        return len(self._count)

    @property
    def pending(self) -> int:
        """Words not yet in the automaton."""
        return len(self._pending)

    def add(self, word: str) -> None:
        """Count one more user of `word`."""
        count = self._count.get(word, 0)
        self._count[word] = count + 1
        if count == 0 and word not in self._built:
            self._pending.add(word)

    def remove(self, word: str) -> None:
        """Count one user fewer of `word`."""
        count = self._count[word] - 1
        if count:
            self._count[word] = count
            return
        del self._count[word]
        self._pending.discard(word)

    def present(self, compact: str) -> set[str]:
        """The live words that occur in `compact`, as "s:" keys."""
        if len(self._pending) > self._pending_limit:
            self._fold_pending()
        found: set[str] = set()
        if self._built:
            found = {key for _, key in self._automaton.iter(compact)}
            dead = len(self._built) - (len(self._count) - len(self._pending))
            if dead:
                found = {k for k in found if k[2:] in self._count}
        found.update("s:" + w for w in self._pending if w in compact)
        return found

    def _fold_pending(self) -> None:
        """Move pending words into the automaton (or remake it when dead words dominate)."""
        if len(self._built) > 2 * len(self._count):
            self._automaton = ahocorasick.Automaton()
            self._built = set()
            self._pending = set(self._count)
        for word in self._pending:
            self._automaton.add_word(word, "s:" + word)
            self._built.add(word)
        self._pending = set()
        self._automaton.make_automaton()
        self.builds += 1


class SubscriptionIndex:
    """Subscriptions (id -> query) indexed by their terms; `match` gives the ids that match."""

    def __init__(self, pending_limit: int = 64) -> None:
        self._subs: dict[int, _Entry] = {}
        self._entries: dict[Node, _Entry] = {}
        self._by_qid: dict[int, _Entry] = {}
        self._singles: dict[str, set[int]] = {}  # key -> queries posted under it alone
        self._pairs: dict[str, dict[str, set[int]]] = {}  # key -> key -> queries
        self._terms: dict[str, Term] = {}  # term key -> term, for the compiled queries
        self._term_count: dict[str, int] = {}
        self._static: dict[str, int] = {}  # token, prefix, party and member keys in use
        self._to: dict[str, int] = {}  # to: values in use
        self._text = _TextKeys(pending_limit)
        self._next_qid = 0

    def __len__(self) -> int:
        return len(self._subs)

    def __contains__(self, sub_id: object) -> bool:
        return sub_id in self._subs

    @property
    def stats(self) -> dict[str, int]:
        """Sizes, for tests and monitoring: distinct queries, text keys, pending keys, builds."""
        return {
            "subscriptions": len(self._subs),
            "queries": len(self._entries),
            "text_keys": len(self._text),
            "pending_keys": self._text.pending,
            "automaton_builds": self._text.builds,
        }

    def add(self, sub_id: int, query: Query | str) -> Query:
        """Index subscription `sub_id` (replacing its earlier query, if any); returns the query."""
        parsed = as_query(query)
        if sub_id in self._subs:
            self.remove(sub_id)
        entry = self._entries.get(parsed.root)
        if entry is None:
            if trigger(parsed.root) is None:
                raise ValueError("a query that only excludes cannot be indexed")
            entry = _Entry(self._next_qid, parsed.root, *compile_root(parsed.root))
            self._next_qid += 1
            self._register(entry)
        entry.subs.append(sub_id)  # not there yet: it was removed above if it was
        self._subs[sub_id] = entry
        return parsed

    def remove(self, sub_id: int) -> bool:
        """Forget subscription `sub_id`; False if it was not indexed."""
        entry = self._subs.pop(sub_id, None)
        if entry is None:
            return False
        entry.subs.remove(sub_id)
        if not entry.subs:
            self._unregister(entry)
        return True

    def match(self, text: CaseText) -> set[int]:
        """The ids of the subscriptions whose query matches the case."""
        present = self._text.present(text.compact)
        static = self._static.keys() & text.keys
        present.update(static)
        present.update("to:" + v for v in self._to if v in text.addressees)
        singles, pairs = self._singles, self._pairs
        candidates = set().union(*(singles[k] for k in present if k in singles))
        for key in present:
            inner = pairs.get(key)
            if inner:
                for other in inner.keys() & present:
                    candidates |= inner[other]
        args = CaseEvaluation(text, present, self._terms).args
        by_qid = self._by_qid
        matched = [
            entry.subs for qid in candidates if (entry := by_qid[qid]).shape(*args, entry.constants)
        ]
        return set().union(*matched)

    def _register(self, entry: _Entry) -> None:
        self._entries[entry.root] = entry
        self._by_qid[entry.qid] = entry
        for key, other in entry.postings:
            if other is None:
                self._singles.setdefault(key, set()).add(entry.qid)
            else:
                self._pairs.setdefault(key, {}).setdefault(other, set()).add(entry.qid)
        for term in entry.terms:
            self._terms[term.key] = term
            self._term_count[term.key] = self._term_count.get(term.key, 0) + 1
        for key in entry.keys:
            kind, _, value = key.partition(":")
            if kind == "s":
                self._text.add(value)
            elif kind == "to":
                self._to[value] = self._to.get(value, 0) + 1
            else:
                self._static[key] = self._static.get(key, 0) + 1

    def _unregister(self, entry: _Entry) -> None:
        del self._entries[entry.root]
        del self._by_qid[entry.qid]
        for key, other in entry.postings:
            if other is None:
                _discard(self._singles, key, entry.qid)
            else:
                _discard(self._pairs[key], other, entry.qid)
                if not self._pairs[key]:
                    del self._pairs[key]
        for term in entry.terms:
            self._term_count[term.key] -= 1
            if not self._term_count[term.key]:
                del self._term_count[term.key]
                del self._terms[term.key]
        for key in entry.keys:
            kind, _, value = key.partition(":")
            if kind == "s":
                self._text.remove(value)
            else:
                counts = self._to if kind == "to" else self._static
                name = value if kind == "to" else key
                counts[name] -= 1
                if not counts[name]:
                    del counts[name]


MAX_PAIRS = 16  # a two-set trigger with more key pairs than this is posted under one set


def _postings(found: Trigger) -> list[tuple[str, str | None]]:
    """Where to post a query: under each key of its trigger, or under each pair of keys."""
    if len(found) == 2 and len(found[0]) * len(found[1]) <= MAX_PAIRS:
        return [(a, b) for a in sorted(found[0]) for b in sorted(found[1])]
    return [(key, None) for key in sorted(found[0])]


def _discard(postings: dict[str, set[int]], key: str, qid: int) -> None:
    posted = postings[key]
    posted.discard(qid)
    if not posted:
        del postings[key]
