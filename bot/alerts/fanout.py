"""Fan-out: recorded events matched against subscriptions and follows, into the outbox.

New question sets and answers are matched against every subscription (one `SubscriptionIndex`,
kept in step with the subscriptions table before each round); every alerting event goes to the
followers of its case. One delivery per (chat, event): a chat that matches through several
queries gets one naming them all, a chat that follows the case and also matches it gets one.
A subscription or follow only receives events recorded at or after the moment it was made.
The deliveries of a batch of events are stored in the transaction that moves the fan-out
cursor past them, so a crash never loses or doubles one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from kamervragen.core.matching import CaseText, QueryError, SubscriptionIndex
from kamervragen.core.model import Case
from kamervragen.storage import outbox
from kamervragen.storage.cases import load_case
from kamervragen.storage.chats import Chat, Follow, Subscription
from kamervragen.storage.outbox import PlannedDelivery, parse_time

log = logging.getLogger(__name__)

MATCHED_KINDS = frozenset({"question_filed", "answered"})  # also matched against queries
FOLLOWED_KINDS = frozenset(
    {"question_filed", "postponed", "answered", "further_answer", "withdrawn"}
)  # "updated" never alerts


@dataclass(frozen=True)
class Event:
    """A recorded event, as the fan-out reads it."""

    id: int
    case_key: str
    zaaknummer: str | None
    kind: str
    created_at: str


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
        self.subscriptions: dict[int, Subscription] = {}
        self._unusable: set[int] = set()  # stored queries that no longer parse (logged once)

    def sync(self) -> None:
        """Bring the index in step with the active subscriptions of active chats."""
        rows = self.db.execute(
            "SELECT s.id, s.chat_id, s.query, s.thread_id, s.created_at FROM subscriptions s "
            "JOIN chats c ON c.chat_id = s.chat_id WHERE s.active = 1 AND c.active = 1"
        ).fetchall()
        current = {r[0]: Subscription(*r) for r in rows}
        # Ids are reused after a delete: a known id with another query is a new subscription.
        changed = {
            sub_id
            for sub_id, sub in current.items()
            if sub_id in self.subscriptions and self.subscriptions[sub_id].query != sub.query
        }
        for sub_id in (self.subscriptions.keys() - current.keys()) | changed:
            self.index.remove(sub_id)
            self._unusable.discard(sub_id)
        for sub_id in (current.keys() - self.subscriptions.keys()) | changed:
            try:
                self.index.add(sub_id, current[sub_id].query)
            except QueryError as err:
                if sub_id not in self._unusable:
                    log.warning("subscription %s cannot be matched: %s", sub_id, err)
                    self._unusable.add(sub_id)
        self.subscriptions = current

    def pending(self) -> bool:
        """Are there events not fanned out yet?"""
        row = self.db.execute("SELECT max(id) FROM events").fetchone()
        return bool(row and row[0] and row[0] > outbox.fanout_cursor(self.db))

    def run(self) -> int:
        """Fan out every event not fanned out yet, a batch per transaction; new deliveries."""
        created = 0
        synced = False
        while True:
            cursor = outbox.fanout_cursor(self.db)
            rows = self.db.execute(
                "SELECT id, case_key, zaaknummer, kind, created_at FROM events WHERE id > ? "
                "ORDER BY id LIMIT ?",
                [cursor, self.batch],
            ).fetchall()
            if not rows:
                return created
            if not synced:
                self.sync()
                synced = True
            events = [Event(*r) for r in rows]
            planned = self._plan_batch(events)
            created += outbox.save_fanout(self.db, planned, events[-1].id, self.now())

    def _plan_batch(self, events: list[Event]) -> list[PlannedDelivery]:
        cases: dict[str, Case | None] = {}
        planned: list[PlannedDelivery] = []
        for event in events:
            if event.kind not in FOLLOWED_KINDS:
                continue
            if event.case_key not in cases:
                cases[event.case_key] = load_case(self.db, event.case_key)
            case = cases[event.case_key]
            if case is None:
                log.info("event %s: case %s is gone", event.id, event.case_key)
                continue
            matched: list[Subscription] = []
            if event.kind in MATCHED_KINDS and self.subscriptions:
                ids = self.index.match(CaseText.from_case(case))
                matched = [self.subscriptions[i] for i in ids if i in self.subscriptions]
            followers = self._followers(event.zaaknummer or case.zaaknummer)
            chat_ids = {s.chat_id for s in matched} | {f.chat_id for f in followers}
            planned += plan(event, matched, followers, self._chats(chat_ids))
        return planned

    def _chats(self, chat_ids: set[int]) -> dict[int, Chat]:
        found: dict[int, Chat] = {}
        ids = sorted(chat_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(
                "SELECT chat_id, type, title, language, mode, digest_hour, paused, active "
                f"FROM chats WHERE chat_id IN ({marks})",
                chunk,
            ):
                found[row[0]] = Chat(
                    row[0], row[1] or "private", row[2], row[3], row[4], row[5],
                    bool(row[6]), bool(row[7]),
                )  # fmt: skip
        return found

    def _followers(self, zaaknummer: str | None) -> list[Follow]:
        if not zaaknummer:
            return []
        rows = self.db.execute(
            "SELECT chat_id, zaaknummer, thread_id, created_at FROM follows WHERE zaaknummer = ?",
            [zaaknummer],
        ).fetchall()
        return [Follow(*r) for r in rows]
