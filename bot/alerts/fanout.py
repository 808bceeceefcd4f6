"""Fan-out: recorded events matched against subscriptions and follows, into the outbox.

New question sets and answers are matched against every subscription (one `SubscriptionIndex`,
kept in step with the subscriptions table before each round); every alerting event goes to the
followers of its case. One delivery per (chat, event): a chat that matches through several
queries gets one naming them all, a chat that follows the case and also matches it gets one.
A subscription or follow only receives events recorded at or after the moment it was made.
The deliveries of a batch of events are stored in transactions of at most `outbox.CHUNK` rows,
the last of which moves the fan-out cursor past them: a crash never loses one, and one stored
twice is refused by the (chat, event) key; other writers never wait long for the database.
The deliveries of one event are stored in a random order (fixed per event), so no chat is
always the last to get its message.

The running bot fans out in a worker process (`fan_out_on_file`), which keeps the index
between rounds: building it for 100,000 subscriptions takes seconds of pure Python.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping

from kamervragen.core.deadlines import DEADLINE_KINDS
from kamervragen.core.matching import CaseText, QueryError, SubscriptionIndex
from kamervragen.core.model import Case
from kamervragen.storage import chats, events, outbox
from kamervragen.storage.cases import load_case
from kamervragen.storage.chats import Chat, Follow, Subscription
from kamervragen.storage.db import Database, open_db
from kamervragen.storage.events import Event
from kamervragen.storage.outbox import PlannedDelivery, parse_time

log = logging.getLogger(__name__)

# Also matched against queries; deadline events only for chats that opted in (/settings).
MATCHED_KINDS = frozenset({"question_filed", "answered"}) | DEADLINE_KINDS
FOLLOWED_KINDS = (
    frozenset({"question_filed", "postponed", "answered", "further_answer", "withdrawn"})
    | DEADLINE_KINDS
)  # "updated" never alerts


def plan(
    event: Event,
    matched: Iterable[Subscription],
    followers: Iterable[Follow],
    chats: Mapping[int, Chat],
) -> list[PlannedDelivery]:
    """The deliveries of one event: one per active chat, naming the chat's matched queries
    (oldest subscription first; its forum topic wins), held for a digest or dropped (paused)
    as the chat's settings say."""
    if event.kind not in FOLLOWED_KINDS:
        return []
    at = parse_time(event.created_at)
    queries: dict[int, list[Subscription]] = {}
    if event.kind in MATCHED_KINDS:
        for sub in sorted(matched, key=lambda s: s.id):
            if event.kind in DEADLINE_KINDS and not _wants_deadlines(chats.get(sub.chat_id)):
                continue
            if parse_time(sub.created_at) <= at:
                queries.setdefault(sub.chat_id, []).append(sub)
    threads = {chat_id: subs[0].thread_id for chat_id, subs in queries.items()}
    for follow in followers:
        if parse_time(follow.created_at) <= at and follow.chat_id not in threads:
            threads[follow.chat_id] = follow.thread_id
    planned = []
    for chat_id, thread_id in threads.items():
        chat = chats.get(chat_id)
        if chat is None or not chat.active:
            continue
        status = "dropped" if chat.paused else "digest" if chat.mode == "digest" else "pending"
        matched_queries = tuple((s.id, s.query) for s in queries.get(chat_id, ()))
        planned.append(
            PlannedDelivery(
                chat_id, thread_id, event.id, event.case_key, event.kind, matched_queries, status
            )
        )
    return sorted(planned, key=lambda p: p.chat_id)


def _wants_deadlines(chat: Chat | None) -> bool:
    return chat is not None and chat.deadline_alerts


def fair_order(planned: list[PlannedDelivery], event_id: int) -> list[PlannedDelivery]:
    """The deliveries of one event in a random order of its own (the same every time it is
    planned), so that no chat is always served last."""
    shuffled = list(planned)
    random.Random(event_id).shuffle(shuffled)
    return shuffled


class FanOut:
    """Turns new events into deliveries; holds the subscription index of the running bot."""

    def __init__(
        self,
        db: Database,
        *,
        batch: int = 100,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.db = db
        self.batch = batch
        self.now = now
        self.index = SubscriptionIndex()
        self.queries: dict[int, str] = {}  # what the index holds (only the text: memory)
        self._unusable: set[int] = set()  # stored queries that no longer parse (logged once)

    def sync(self) -> None:
        """Bring the index in step with the active subscriptions of active chats."""
        current = chats.active_queries(self.db)
        # Ids are reused after a delete: a known id with another query is a new subscription.
        known = self.queries
        changed = {i for i, query in current.items() if i in known and known[i] != query}
        for sub_id in (known.keys() - current.keys()) | changed:
            self.index.remove(sub_id)
            self._unusable.discard(sub_id)
        for sub_id in (current.keys() - known.keys()) | changed:
            try:
                self.index.add(sub_id, current[sub_id])
            except QueryError as err:
                if sub_id not in self._unusable:
                    log.warning("subscription %s cannot be matched: %s", sub_id, err)
                    self._unusable.add(sub_id)
        self.queries = current

    def pending(self) -> bool:
        """Are there events not fanned out yet?"""
        return events.last_event_id(self.db) > outbox.fanout_cursor(self.db)

    def run(self, budget: float | None = None) -> int:
        """Fan out every event not fanned out yet, a batch at a time (after `budget` seconds,
        the rest is left for the next run); new deliveries."""
        created = 0
        synced = False
        stop = None if budget is None else time.monotonic() + budget
        while stop is None or time.monotonic() < stop:
            batch = events.events_after(self.db, outbox.fanout_cursor(self.db), self.batch)
            if not batch:
                return created
            if not synced:
                self.sync()
                synced = True
            planned = self._plan_batch(batch)
            created += outbox.save_fanout(self.db, planned, batch[-1].id, self.now())
        return created

    def _plan_batch(self, batch: list[Event]) -> list[PlannedDelivery]:
        cases: dict[str, Case | None] = {}
        planned: list[PlannedDelivery] = []
        for event in batch:
            if event.kind not in FOLLOWED_KINDS:
                continue
            if event.case_key not in cases:
                cases[event.case_key] = load_case(self.db, event.case_key)
            case = cases[event.case_key]
            if case is None:
                log.info("event %s: case %s is gone", event.id, event.case_key)
                continue
            matched: list[Subscription] = []
            if event.kind in MATCHED_KINDS and self.queries:
                ids = self.index.match(CaseText.from_case(case, self.now().date()))
                matched = chats.subscriptions_by_id(self.db, ids)
            followers = self._followers(event.zaaknummer or case.zaaknummer)
            chat_ids = {s.chat_id for s in matched} | {f.chat_id for f in followers}
            planned += fair_order(plan(event, matched, followers, self._chats(chat_ids)), event.id)
        return planned

    def _chats(self, chat_ids: set[int]) -> dict[int, Chat]:
        return chats.chats_by_id(self.db, chat_ids)

    def _followers(self, zaaknummer: str | None) -> list[Follow]:
        return chats.follows_of_case(self.db, zaaknummer) if zaaknummer else []


_FANOUTS: dict[str, FanOut] = {}  # per database file, in the worker process that runs them
WORKER_CACHE_MB = 8  # the worker's page cache: it reads little, and keeps its memory small


def prepare_on_file(path: str) -> int:
    """Build the subscription index for the database file at `path` in this worker, before
    the first event needs it; how many subscriptions it holds."""
    db = open_db(path, cache_mb=WORKER_CACHE_MB)
    try:
        fanout = _FANOUTS.get(path) or _FANOUTS.setdefault(path, FanOut(db))
        fanout.db = db
        fanout.sync()
        return len(fanout.index)
    finally:
        db.close()


def fan_out_on_file(path: str, now: dt.datetime, budget: float | None = None) -> int:
    """Fan out on the database file at `path` (a worker's job; see `FanOut.run`); the new
    deliveries. The worker keeps the subscription index for the next round; the connection
    is its own."""
    db = open_db(path, cache_mb=WORKER_CACHE_MB)
    try:
        fanout = _FANOUTS.get(path)
        if fanout is None:
            fanout = _FANOUTS[path] = FanOut(db)
        fanout.db = db
        fanout.now = lambda: now
        return fanout.run(budget)
    finally:
        db.close()
