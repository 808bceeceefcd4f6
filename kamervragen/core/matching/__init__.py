"""Subscription queries and the Dutch-aware engine that decides which ones a case concerns.

    query = parse_query('export control party:D66')      # QueryError on a bad query
    text = CaseText.from_case(case)                      # once per case
    evaluate(query, text)                                # one query (the naive path)
    index = SubscriptionIndex(); index.add(7, query)     # many queries
    index.match(text)                                    # -> {7}
    highlight(query, case)                               # -> ["exportcontrole", ...]
    snippet(query, case).plain()                         # -> "… de [exportcontrole] van …"
    describe(query, lang="nl")                           # -> 'vragen met “export control” ...'

The query language and the matching rules are described in `README.md` beside this file.
"""

from kamervragen.core.matching.describe import describe
from kamervragen.core.matching.evaluate import Hit, evaluate, highlight, search
from kamervragen.core.matching.index import SubscriptionIndex
from kamervragen.core.matching.parser import QueryError, parse_query
from kamervragen.core.matching.query import Query
from kamervragen.core.matching.snippet import Snippet, snippet
from kamervragen.core.matching.text import CaseText

__all__ = [
    "CaseText",
    "Hit",
    "Query",
    "QueryError",
    "Snippet",
    "SubscriptionIndex",
    "describe",
    "evaluate",
    "highlight",
    "parse_query",
    "search",
    "snippet",
]
