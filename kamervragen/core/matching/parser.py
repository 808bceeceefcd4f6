"""Parse a subscription query into a `Query`, or say precisely what is wrong and where.

Grammar (OR binds weaker than AND; AND is implicit between terms):

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary (["AND"] unary)*
    unary    := ("NOT" | "-") unary | "(" or_expr ")" | PHRASE | FILTER | WORD | PREFIX

Plain words (and prefixes) written next to each other without an explicit AND form one
`Near` group: they must occur in one sentence. Operators are upper case; "or" is a word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kamervragen.core.matching.glossary import expand_group
from kamervragen.core.matching.normalise import SHORT, name_key, party_key, tokens
from kamervragen.core.matching.query import (
    EXACT,
    FILTER_FIELDS,
    PREFIX,
    STATUSES,
    WORD,
    And,
    Filter,
    Near,
    Node,
    Not,
    Or,
    Query,
    Term,
)

OPEN_QUOTES = '"“„'
CLOSE_QUOTES = '"”“'
MAX_DEPTH = 10  # parentheses inside parentheses
_CHUNK_RE = re.compile(r'[^\s()"“”„]+')
_CLOSE_RE = re.compile(r'["”“]')
_FILTER_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILTER_HINT = "use party:, member:, to:, since:, until:, status:"


class QueryError(ValueError):
    """A query that cannot be parsed; `position` is where the problem is (0-based; 0 when the
    problem is the whole query, as for "empty query" and "query too long"). `message` is one
    English line; `code` and `params` name the problem for messages in other languages (the
    bot's `query.<code>` strings)."""

    def __init__(
        self,
        what: str,
        position: int | None = None,
        hint: str = "",
        *,
        code: str = "",
        **params: object,
    ) -> None:
        where = "" if position is None else f" at position {position}"
        message = f"{what}{where}{hint and f' ({hint})'}"
        super().__init__(message)
        self.message = message
        self.position = 0 if position is None else position
        self.code = code
        self.params = params


@dataclass(frozen=True)
class _Token:
    kind: str  # ( ) AND OR NOT - PHRASE WORD PREFIX FILTER
    pos: int
    text: str = ""
    value: str = ""  # a filter's field


def parse_query(text: str, max_length: int | None = None) -> Query:
    """Parse `text`; raise QueryError with a one-line message if it is not a valid query.

    `max_length` is the limit a person's new query must keep to (the settings'
    KAMERVRAGEN_MAX_QUERY_LENGTH); a stored query is parsed again without one."""
    return _parse(text, max_length)


@lru_cache(maxsize=10_000)  # popular queries are common; a Query is immutable
def _parse(text: str, max_length: int | None) -> Query:
    if max_length is not None and len(text) > max_length:
        raise QueryError(
            f"query too long: {len(text)} characters (limit {max_length})",
            code="too_long",
            length=len(text),
            limit=max_length,
        )
    if not text.strip():
        raise QueryError("empty query", code="empty")
    parser = _Parser(_lex(text))
    root = parser.or_expr()
    leftover = parser.peek()
    if leftover is not None:
        raise QueryError('unmatched ")"', leftover.pos, code="unmatched_close")
    _require_positive(root, 0)
    return Query(text, root)


def _lex(text: str) -> list[_Token]:
    result: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            result.append(_Token(char, i))
            i += 1
        elif char in OPEN_QUOTES or char in CLOSE_QUOTES:
            content, end = _quoted(text, i)
            result.append(_Token("PHRASE", i, content))
            i = end
        elif char == "-":
            if i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError('"-" needs a term right after it', i, code="minus_needs_term")
            result.append(_Token("-", i))
            i += 1
        else:
            end = _CHUNK_RE.match(text, i).end()  # type: ignore[union-attr]
            token = _chunk(text, i, end)
            if token.kind == "FILTER" and not token.text:
                content, end = _filter_value(text, end, token)
                token = _Token("FILTER", i, content, token.value)
            result.append(token)
            i = end
    return result


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text between a quote at `start` and its closing quote, and the index after it."""
    closing = _CLOSE_RE.search(text, start + 1)
    if closing is None:
        raise QueryError("unclosed quote", start, code="unclosed_quote")
    return text[start + 1 : closing.start()], closing.end()


def _chunk(text: str, start: int, end: int) -> _Token:
    chunk = text[start:end]
    if chunk in ("AND", "OR", "NOT"):
        return _Token(chunk, start)
    match = _FILTER_RE.match(chunk)
    if match:
        field = match.group(1).lower()
        if field not in FILTER_FIELDS:
            raise QueryError(
                f'unknown filter "{match.group(1)}:"',
                start,
                _FILTER_HINT,
                code="unknown_filter",
                name=match.group(1),
            )
        return _Token("FILTER", start, chunk[match.end() :], field)
    star = chunk.find("*")
    if star >= 0 and (star != len(chunk) - 1 or star == 0):
        raise QueryError('"*" can only end a word', start + star, code="star_position")
    return _Token("PREFIX" if star >= 0 else "WORD", start, chunk.rstrip("*"))


def _filter_value(text: str, end: int, token: _Token) -> tuple[str, int]:
    """A filter value given in quotes right after the colon (`to:"Buitenlandse Handel"`)."""
    if end < len(text) and text[end] in OPEN_QUOTES:
        return _quoted(text, end)
    raise QueryError(
        f"{token.value}: needs a value", token.pos, code="filter_needs_value", field=token.value
    )


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        self.i += 1
        return self.tokens[self.i - 1]

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if _ends_term(self.peek()):
                raise QueryError(
                    "OR needs a term on both sides",
                    token.pos,
                    code="operator_needs_terms",
                    operator="OR",
                )
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        first = self.peek()
        if first is not None and first.kind in ("OR", "AND"):
            raise QueryError(
                f"{first.kind} needs a term on both sides",
                first.pos,
                code="operator_needs_terms",
                operator=first.kind,
            )
        items: list[Node] = []
        group: list[Term] = []
        while not _ends_term(token := self.peek()):
            assert token is not None
            if token.kind == "AND":
                self.take()
                if _ends_term(self.peek()) or self.peek().kind == "AND":  # type: ignore[union-attr]
                    raise QueryError(
                        "AND needs a term on both sides",
                        token.pos,
                        code="operator_needs_terms",
                        operator="AND",
                    )
                items.extend(_close(group))
                group = []
                continue
            node = self.unary()
            if isinstance(node, Term) and token.kind in ("WORD", "PREFIX"):
                group.append(node)
            else:
                items.extend(_close(group))
                group = []
                items.append(node)
        items.extend(_close(group))
        if not items:  # only reached on a ")" where a term should start
            raise QueryError(
                'unmatched ")"',
                self.peek().pos,  # type: ignore[union-attr]
                code="unmatched_close",
            )
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        token = self.take()
        if token.kind in ("NOT", "-"):
            following = self.peek()
            if _ends_term(following) or following.kind == "AND":  # type: ignore[union-attr]
                name = "NOT" if token.kind == "NOT" else '"-"'
                raise QueryError(
                    f"{name} needs a term after it",
                    token.pos,
                    code="not_needs_term",
                    operator="NOT" if token.kind == "NOT" else "-",
                )
            item = self.unary()
            if isinstance(item, Term) and following is not None and following.kind == "WORD":
                item = expand_group([item])  # -nitrogen excludes "stikstof" too
            return item.item if isinstance(item, Not) else Not(item, token.pos)
        if token.kind == "(":
            following = self.peek()
            if following is None:
                raise QueryError("unclosed parenthesis", token.pos, code="unclosed_parenthesis")
            if following.kind == ")":
                raise QueryError("empty parentheses", token.pos, code="empty_parentheses")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(
                    f"parentheses nested deeper than {MAX_DEPTH}",
                    token.pos,
                    code="too_deep",
                    depth=MAX_DEPTH,
                )
            node = self.or_expr()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError("unclosed parenthesis", token.pos, code="unclosed_parenthesis")
            self.take()
            return node
        if token.kind == "FILTER":
            return _filter(token)
        return _term(token)


def _ends_term(token: _Token | None) -> bool:
    """Nothing can start here: end of query, ")" or OR."""
    return token is None or token.kind in (")", "OR")


def _close(group: list[Term]) -> list[Node]:
    """Plain words written together: one node, with the Dutch forms of English terms."""
    return [expand_group(group)] if group else []


def _term(token: _Token) -> Term:
    words = tokens(token.text)
    if not words:
        if token.kind == "PHRASE":
            raise QueryError(
                "quotes with no letters or digits inside", token.pos, code="empty_quotes"
            )
        raise QueryError(
            f'"{token.text}" has no letters or digits',
            token.pos,
            code="no_letters",
            text=token.text,
        )
    if token.kind == "PHRASE":
        kind = EXACT
    elif token.kind == "PREFIX":
        kind = PREFIX
    elif len("".join(words)) > SHORT:
        kind, words = WORD, ("".join(words),)  # hyphens do not matter inside compounds
    else:
        kind = EXACT
    return Term(kind, words, token.text, token.pos)


def _filter(token: _Token) -> Filter:
    if token.value in ("since", "until"):
        value = _date(token)
    elif token.value == "status":
        value = name_key(token.text)
        if value not in STATUSES:
            shown = token.text.strip()[:40]
            raise QueryError(
                f'unknown status "{shown}"',
                token.pos,
                "use " + ", ".join(STATUSES),
                code="unknown_status",
                status=shown,
                statuses=", ".join(STATUSES),
            )
    else:
        value = party_key(token.text) if token.value == "party" else name_key(token.text)
    if not value:
        raise QueryError(
            f"{token.value}: needs a value with letters or digits",
            token.pos,
            code="filter_needs_letters",
            field=token.value,
        )
    return Filter(token.value, value, token.text, token.pos)


def _date(token: _Token) -> str:
    """The ISO date of `since:` or `until:`; a value that is not one is a one-line error."""
    text = token.text.strip()
    try:
        if _DATE_RE.fullmatch(text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise QueryError(
        f'bad date "{text[:40]}" for {token.value}:',
        token.pos,
        "use YYYY-MM-DD, e.g. 2024-01-31",
        code="bad_date",
        date=text[:40],
        field=token.value,
    )


def _require_positive(node: Node, pos: int) -> None:
    """Refuse a query (or an OR branch) that would match cases without any of its terms."""
    if isinstance(node, Or):
        for item in node.items:
            _require_positive(item, _position(item, pos))
    elif _matches_without_keys(node):
        only_not = _has_not(node)
        raise QueryError(
            "only excluded terms" if only_not else "since:, until: and status: only narrow a query",
            _position(node, pos),
            "add a word, phrase or filter that must occur",
            code="only_excluded" if only_not else "only_restrictions",
        )


def _matches_without_keys(node: Node) -> bool:
    """Could the node match a case that has none of its words or actors? (`query.trigger`
    is None exactly then.)"""
    if isinstance(node, Not) or (isinstance(node, Filter) and node.restricts):
        return True
    if isinstance(node, And):
        return all(_matches_without_keys(i) for i in node.items)
    if isinstance(node, Or):
        return any(_matches_without_keys(i) for i in node.items)
    return False


def _has_not(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    return isinstance(node, And | Or) and any(_has_not(i) for i in node.items)


def _position(node: Node, default: int) -> int:
    if isinstance(node, Term | Filter | Not):
        return node.pos
    if isinstance(node, Near):
        return node.terms[0].pos
    if isinstance(node, And | Or):
        return _position(node.items[0], default)
    return default
