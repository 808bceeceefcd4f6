"""Find where a category's feed reaches a date, without reading it from skiptoken 0.

Skiptokens grow with time, so the entries' `updated` is (nearly) monotone in the skiptoken. We
probe single pages: first at `low`, then exponentially further ahead until a page is empty or
starts at or after the date (an upper bound), then bisect. A probe page whose entries straddle
the date answers exactly. With skiptokens up to ~25,000,000 this takes about 30 probes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from kamervragen.watchers.syncfeed.entities import AMSTERDAM
from kamervragen.watchers.syncfeed.errors import BisectError
from kamervragen.watchers.syncfeed.feed import FeedPage

FetchPage = Callable[[int], Awaitable[FeedPage]]


async def find_skiptoken_for(
    when: dt.date | dt.datetime,
    fetch_page: FetchPage,
    *,
    low: int = 0,
    high: int | None = None,
    first_step: int = 1 << 20,
    max_probes: int = 64,
) -> int:
    """The skiptoken to read from so that the first entry is the first updated at/after `when`.

    `fetch_page(skiptoken)` returns the page of entries after `skiptoken`. A date (or a naive
    datetime) is taken at Amsterdam time. `high`, when known, is a skiptoken past the date.
    Raises `BisectError` when `max_probes` pages did not settle it.
    """
    target = _aware(when)
    probes = 0

    async def probe(token: int) -> tuple[str, int]:
        nonlocal probes
        probes += 1
        if probes > max_probes:
            raise BisectError(f"no skiptoken for {target.isoformat()} after {max_probes} probes")
        return _classify(await fetch_page(token), target)

    verdict, token = await probe(low)
    if verdict != "before":
        return low if verdict == "after" else token
    lo = token
    if high is None:
        step = max(1, first_step)
        while True:
            candidate = lo + step
            verdict, token = await probe(candidate)
            if verdict == "after":
                high = candidate
                break
            if verdict == "found":
                return token
            lo = token
            step *= 2
    hi = max(high, lo)
    # Invariant: every entry at or before `lo` is older than the target; every entry after
    # `hi` is not. The answer lies in [lo, hi].
    while lo < hi:
        mid = (lo + hi) // 2
        verdict, token = await probe(mid)
        if verdict == "after":
            hi = mid
        elif verdict == "found":
            return token
        else:
            lo = token
    return lo


def _classify(page: FeedPage, target: dt.datetime) -> tuple[str, int]:
    """("after", 0): nothing on the page is older; ("before", last token): all of it is;
    ("found", token): the page straddles the target, and `token` is the last older entry."""
    last_older: int | None = None
    for entry in page.entries:
        if entry.skiptoken is None:
            continue
        if entry.updated is not None and entry.updated >= target:
            return ("after", 0) if last_older is None else ("found", last_older)
        last_older = entry.skiptoken
    if last_older is None:
        return ("after", 0)
    return ("before", last_older)


def _aware(when: dt.date | dt.datetime) -> dt.datetime:
    """A date or naive datetime at Amsterdam time; an aware datetime as is."""
    if not isinstance(when, dt.datetime):
        return dt.datetime(when.year, when.month, when.day, tzinfo=AMSTERDAM)
    return when if when.tzinfo is not None else when.replace(tzinfo=AMSTERDAM)
