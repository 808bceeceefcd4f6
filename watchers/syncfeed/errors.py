"""Errors of the SyncFeed reader. Each message is one line a person can act on.

SyncFeedError            anything the SyncFeed reader cannot do
├── FeedError            a page that cannot be read: not XML, truncated, not an Atom feed
│   └── UnsafeFeed       a page with a DTD or entity declarations (refused, never expanded)
└── BisectError          the skiptoken search did not converge within its probe budget
"""


class SyncFeedError(Exception):
    """Something the SyncFeed reader cannot do."""


class FeedError(SyncFeedError):
    """A feed page that cannot be read; nothing of it is returned."""


class UnsafeFeed(FeedError):
    """A feed page that declares a DTD or entities; refused rather than expanded."""


class BisectError(SyncFeedError):
    """The search for a skiptoken by date gave up."""
