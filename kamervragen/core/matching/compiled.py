"""Queries compiled to Python functions, to evaluate thousands of them on one case quickly.

`compile_root(root)` turns a query tree into a function of its *shape* and the query's
constants: `shape(A, N, P, M, T, R, K) -> bool`, where A maps a term's key to whether it
matches the case, N(keys) says whether the terms share a sentence, P, M, T are the case's
parties, members and addressees, R((field, value)) says whether the case passes a restriction
(`since:`, `until:`, `status:`), and K holds the query's keys and values. For
`stikstof -boeren party:BBB` it is

    lambda A, N, P, M, T, R, K: (A[K[0]] and (not A[K[1]]) and (K[2] in P))
    K = ('word:stikstof', 'word:boeren', 'bbb')

The source holds only the shape; keys and values travel in K, never as code. Queries of one
shape share one function (an index of 100,000 subscriptions has a few hundred shapes), so a
query costs its constants only. The tree-walking `Node.matches` stays the reference (the naive
path); tests check both agree.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType, FunctionType

from kamervragen.core.matching.query import And, Filter, Near, Node, Not, Or, Term
from kamervragen.core.matching.text import CaseText

Constants = tuple[str | tuple[str, ...], ...]
Compiled = tuple[Callable[..., bool], Constants]  # the shape's function and the query's K
_FACT_NAMES = {"party": "P", "member": "M", "to": "T"}
_SHAPES: dict[str, Callable[..., bool]] = {}  # expression template -> its function


def compile_root(root: Node) -> Compiled:
    """The shape's function and the constants deciding `root` for a case (see the module
    docstring): `shape(*evaluation.args, constants)`. Compiling costs a dictionary lookup
    for all but the first query of a shape."""
    constants: list[str | tuple[str, ...]] = []
    template = _source(root, constants)
    shape = _SHAPES.get(template)
    if shape is None:
        code: CodeType = eval(
            f"lambda A, N, P, M, T, R, K: {template}", {"__builtins__": {}}
        ).__code__
        shape = _SHAPES[template] = FunctionType(code, {"__builtins__": {}}, "query")
    return shape, tuple(constants)


def terms_of(node: Node) -> list[Term]:
    """Every term in the tree, negated ones included."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Near):
        return list(node.terms)
    if isinstance(node, Filter):
        return []
    if isinstance(node, Not):
        return terms_of(node.item)
    return [t for item in node.items for t in terms_of(item)]


def _source(node: Node, constants: list[str | tuple[str, ...]]) -> str:
    """The expression for `node`, its keys and values appended to `constants` as K[i]."""
    if isinstance(node, Filter) and node.restricts:
        constants.append((node.field, node.value))
        return f"R(K[{len(constants) - 1}])"
    if isinstance(node, Term):
        constants.append(node.key)
        return f"A[K[{len(constants) - 1}]]"
    if isinstance(node, Near):
        constants.append(tuple(t.key for t in node.terms))
        return f"N(K[{len(constants) - 1}])"
    if isinstance(node, Filter):
        constants.append(node.value)
        return f"(K[{len(constants) - 1}] in {_FACT_NAMES[node.field]})"
    if isinstance(node, Not):
        return f"(not {_source(node.item, constants)})"
    operator = " and " if isinstance(node, And) else " or "
    assert isinstance(node, And | Or)
    return "(" + operator.join(_source(item, constants) for item in node.items) + ")"


class _Answers(dict[str, bool]):
    """Term key -> does the term match; computed on first use, then a plain dict lookup.
    A term none of whose keys is present is answered without looking at the text."""

    __slots__ = ("present", "terms", "text")

    def __init__(self, text: CaseText, present: set[str], terms: dict[str, Term]) -> None:
        super().__init__()
        self.text = text
        self.present = present
        self.terms = terms

    def __missing__(self, key: str) -> bool:
        term = self.terms[key]
        value = not term.keys.isdisjoint(self.present) and self.text.term_any(term)
        self[key] = value
        return value


class _Masks(dict[str, int]):
    """Term key -> sentence mask; computed on first use (for terms known to match)."""

    __slots__ = ("terms", "text")

    def __init__(self, text: CaseText, terms: dict[str, Term]) -> None:
        super().__init__()
        self.text = text
        self.terms = terms

    def __missing__(self, key: str) -> int:
        value = self.text.term_mask(self.terms[key])
        self[key] = value
        return value


class CaseEvaluation:
    """Compiled queries evaluated on one case, sharing the answers for terms between them."""

    __slots__ = ("_answers", "_masks", "args")

    def __init__(self, text: CaseText, present: set[str], terms: dict[str, Term]) -> None:
        self._answers = _Answers(text, present, terms)
        self._masks = _Masks(text, terms)
        # The arguments every compiled query takes: shape(*evaluation.args, constants).
        self.args = (
            self._answers,
            self._near,
            text.parties,
            text.members,
            text.addressees,
            text.restricts,
        )

    def __call__(self, compiled: Compiled) -> bool:
        """Does the compiled query match this case?"""
        shape, constants = compiled
        return shape(*self.args, constants)

    def _near(self, keys: tuple[str, ...]) -> bool:
        answers = self._answers
        for key in keys:
            if not answers[key]:
                return False
        masks = self._masks
        common = -1
        for key in keys:
            common &= masks[key]
            if not common:
                return False
        return True
