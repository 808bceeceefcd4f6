"""What the poll refuses to store: pages whose entries or next link go back, or that hold
entries nobody can read; and what the feed parser says about such entries."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from kamervragen.watchers.poller import page_problem
from kamervragen.watchers.syncfeed.entities import Other
from kamervragen.watchers.syncfeed.feed import FeedPage, parse_feed_page
from tests.fakes.syncfeed_server import ATOM, TK, zaak_xml

NEXT = "https://x/SyncFeed/2.0/Feed?category=Zaak&skiptoken={}"


def _page(tokens: list[int], following: int | None, unreadable: tuple[str, ...] = ()) -> FeedPage:
    entries = [Other(f"g{t}", "zaak", skiptoken=t) for t in tokens]
    url = NEXT.format(following) if following is not None else None
    return FeedPage(entries, url, following, unreadable=unreadable)


@pytest.mark.parametrize(
    ("tokens", "following", "problem"),
    [
        ([1003, 1004], 1004, None),  # the ordinary page
        ([1003, 1004], None, None),  # the last page: no next link
        ([], 1001, None),  # empty: caught up, whatever its link says (the cursor stays)
        ([1003, 1004], 1001, "the next link goes back to skiptoken 1001, not after 1002"),
        ([1003, 1004], 1002, "the next link goes back to skiptoken 1002, not after 1002"),
        ([1003, 1006], 1005, "the next link goes back to skiptoken 1005, before the page's"),
        ([1001, 1004], 1004, "entry skiptoken 1001 is not after 1002"),
        ([1004, 1003], 1004, "entry skiptoken 1003 is not after 1004"),
    ],
)
def test_page_problems(tokens: list[int], following: int | None, problem: str | None) -> None:
    """A page asked after 1002: its entries and next link must lie after it, in order."""
    found = page_problem(_page(tokens, following), 1002)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found


def test_unreadable_entries_are_a_problem_even_beside_good_ones() -> None:
    """One unreadable entry among readable ones refuses the whole page."""
    found = page_problem(_page([1003], 1003, ("entry X has no payload",)), 1002)
    assert found == "1 entry not understood (entry X has no payload); nothing of the page is stored"


def _feed(*entries: str) -> bytes:
    return (f'<feed xmlns="{ATOM}">' + "".join(entries) + "</feed>").encode()


def _entry(content: str, *, ns: str | None = None) -> str:
    head = f'<entry xmlns="{ns}">' if ns else "<entry>"
    return (
        f'{head}<title>g</title><category term="zaak"/>'
        f'<link rel="next" href="{escape(NEXT.format(7))}"/>{content}</entry>'
    )


def test_the_parser_names_what_it_cannot_read() -> None:
    """An entry in a foreign namespace, a payload in an unknown tkData namespace and an entry
    without a payload are listed as unreadable; the readable entry is read."""
    good = zaak_xml("a1")
    page = parse_feed_page(
        _feed(
            _entry(f'<content type="application/xml">{good}</content>'),
            _entry(f'<content type="application/xml">{good}</content>', ns="urn:x"),
            _entry(
                '<content type="application/xml">'
                + good.replace(TK, "http://www.tweedekamer.nl/xsd/tkData/v2-0")
                + "</content>"
            ),
            _entry('<content type="application/xml"/>'),
        )
    )
    assert [e.guid for e in page.entries] == ["a1"]
    assert sorted(page.unreadable) == [
        "an entry in namespace 'urn:x', not Atom's",
        "entry g has its payload in namespace 'http://www.tweedekamer.nl/xsd/tkData/v2-0'",
        "entry g has no payload",
    ]
