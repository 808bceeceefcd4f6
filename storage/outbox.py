"""The outbox: one delivery per (chat, event), from fan-out until Telegram accepted every part.

A delivery's life: `pending` (to send now; `digest` when the chat gets a daily digest, then
`bundled` into a digest delivery), then `sent`, `failed` (Telegram refused it for good) or
`dropped` (the chat paused, left, or the case is gone). `parts_sent` counts the messages of a
delivery Telegram accepted; it is written right after each one, so a restart resumes with the
next part. Times are UTC ISO strings with milliseconds, which sort as they compare.

A dispatcher `claim`s a delivery before it sends a part of it (`claimed_by`, `claimed_until`):
the claim is one conditional UPDATE, so of two dispatchers on one database only one sends each
part, and the other leaves the chat alone until the claim is released or has expired. Errors
kept from Telegram are stored with the process's secrets masked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kamervragen.core.secrets import redact
from kamervragen.storage.db import Database, Row, row_of, rows_of

FANOUT_CURSOR = "fanout_event_id"
CHUNK = 500  # deliveries stored per transaction: other writers wait at most this long
OPEN = ("pending", "digest")  # not yet sent, failed, bundled or dropped
_FIELDS = (
    "d.id, d.chat_id, d.thread_id, d.event_id, d.case_key, d.kind, d.matched, d.payload, "
    "d.parts_sent, d.plain_from, d.attempts, d.created_at, d.next_attempt_at, "
    "c.type AS chat_type, c.language AS chat_language, l.language_code AS locale, "
    "coalesce(c.active, 1) AS active, coalesce(c.paused, 0) AS paused, d.status"
)
_FROM = (
    "FROM deliveries d LEFT JOIN chats c ON c.chat_id = d.chat_id "
    "LEFT JOIN chat_locales l ON l.chat_id = d.chat_id"
)


def iso(moment: dt.datetime) -> str:
    """A moment as stored: UTC, ISO 8601, milliseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def parse_time(text: str) -> dt.datetime:
    """A stored time (with or without offset; naive is UTC) as an aware datetime."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class PlannedDelivery:
    """A delivery the fan-out decided on, before it is stored."""

    chat_id: int
    thread_id: int | None
    event_id: int
    case_key: str
    kind: str
    matched: tuple[tuple[int, str], ...] = ()
    status: str = "pending"


@dataclass(frozen=True)
class Delivery:
    """A stored delivery with what sending it needs to know about its chat."""

    id: int
    chat_id: int
    thread_id: int | None
    event_id: int | None
    case_key: str | None
    kind: str
    matched: tuple[tuple[int, str], ...]
    payload: dict[str, Any]
    parts_sent: int
    plain_from: int | None
    attempts: int
    created_at: str
    next_attempt_at: str | None
    chat_type: str | None
    chat_language: str | None  # the chat's own setting
    locale: str | None  # the language of the last person who wrote there
    active: bool
    paused: bool
    status: str = "pending"

    @property
    def is_group(self) -> bool:
        """Groups, supergroups and channels (negative ids when the chat is unknown)."""
        if self.chat_type:
            return self.chat_type != "private"
        return self.chat_id < 0


def _delivery(row: Row) -> Delivery:
    return Delivery(
        id=row["id"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        event_id=row["event_id"],
        case_key=row["case_key"],
        kind=row["kind"],
        matched=tuple((int(s), str(q)) for s, q in json.loads(row["matched"] or "[]")),
        payload=json.loads(row["payload"] or "{}"),
        parts_sent=row["parts_sent"],
        plain_from=row["plain_from"],
        attempts=row["attempts"],
        created_at=row["created_at"],
        next_attempt_at=row["next_attempt_at"],
        chat_type=row["chat_type"],
        chat_language=row["chat_language"],
        locale=row["locale"],
        active=bool(row["active"]),
        paused=bool(row["paused"]),
        status=row["status"],
    )


# ---------------------------------------------------------------- fan-out


def fanout_cursor(db: Database) -> int:
    """The id of the last event fanned out."""
    row = row_of(db, "SELECT value FROM outbox_state WHERE name = ?", [FANOUT_CURSOR])
    return int(row["value"]) if row else 0


def any_pending(db: Database) -> bool:
    """Is any delivery waiting to be sent?"""
    return row_of(db, "SELECT 1 FROM deliveries WHERE status = 'pending' LIMIT 1") is not None


def save_fanout(
    db: Database, planned: Iterable[PlannedDelivery], cursor: int, now: dt.datetime
) -> int:
    """Store deliveries (a (chat, event) already stored is kept) in transactions of at most
    CHUNK, and move the cursor in the last; returns how many were new."""
    rows = list(planned)
    chunks = [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)] or [[]]
    last = len(chunks) - 1
    return sum(
        _save_chunk(db, chunk, cursor if i == last else None, now) for i, chunk in enumerate(chunks)
    )


def _save_chunk(
    db: Database, planned: list[PlannedDelivery], cursor: int | None, now: dt.datetime
) -> int:
    new, stamp = 0, iso(now)
    with db.atomic():
        for p in planned:
            finished = stamp if p.status == "dropped" else None
            error = "paused" if p.status == "dropped" else None
            cursor_ = db.execute(
                "INSERT OR IGNORE INTO deliveries (chat_id, thread_id, event_id, case_key, kind, "
                "matched, status, last_error, created_at, finished_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    p.chat_id,
                    p.thread_id,
                    p.event_id,
                    p.case_key,
                    p.kind,
                    json.dumps([list(m) for m in p.matched], ensure_ascii=False),
                    p.status,
                    error,
                    stamp,
                    finished,
                ],
            )
            new += cursor_.rowcount
        if cursor is not None:
            db.execute(
                "INSERT INTO outbox_state (name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [FANOUT_CURSOR, cursor],
            )
    return new


def enqueue_message(
    db: Database,
    chat_id: int,
    key: str,
    args: dict[str, Any],
    now: dt.datetime,
    kind: str = "operator",
) -> int:
    """A message that is not about an event (a string key and its arguments); its id."""
    cursor = db.execute(
        "INSERT INTO deliveries (chat_id, kind, payload, status, created_at) "
        "VALUES (?, ?, ?, 'pending', ?)",
        [chat_id, kind, json.dumps({"key": key, "args": args}, ensure_ascii=False), iso(now)],
    )
    return int(cursor.lastrowid or 0)


# ---------------------------------------------------------------- sending


def next_due(db: Database, now: dt.datetime, limit: int = 1000) -> list[Delivery]:
    """The first pending delivery of each chat, if it is due, oldest first."""
    rows = rows_of(
        db,
        f"SELECT {_FIELDS} {_FROM} JOIN (SELECT min(id) AS first FROM deliveries "
        "WHERE status = 'pending' GROUP BY chat_id) h ON h.first = d.id "
        "WHERE d.next_attempt_at IS NULL OR d.next_attempt_at <= ? ORDER BY d.id LIMIT ?",
        [iso(now), limit],
    )
    return [_delivery(r) for r in rows]


def next_for_chat(db: Database, chat_id: int) -> Delivery | None:
    """The chat's first pending delivery (due or not)."""
    row = row_of(
        db,
        f"SELECT {_FIELDS} {_FROM} WHERE d.chat_id = ? AND d.status = 'pending' "
        "ORDER BY d.id LIMIT 1",
        [chat_id],
    )
    return _delivery(row) if row else None


def get_delivery(db: Database, delivery_id: int) -> Delivery | None:
    """One delivery by id."""
    row = row_of(db, f"SELECT {_FIELDS} {_FROM} WHERE d.id = ?", [delivery_id])
    return _delivery(row) if row else None


def claim(
    db: Database,
    delivery_id: int,
    parts_sent: int,
    owner: str,
    now: dt.datetime,
    lease: dt.timedelta,
) -> bool:
    """Claim a pending delivery for `owner` until `now + lease`, if nobody else holds it and
    no part was sent since `parts_sent` was read; True when `owner` now holds it."""
    cursor = db.execute(
        "UPDATE deliveries SET claimed_by = ?, claimed_until = ? WHERE id = ? "
        "AND status = 'pending' AND parts_sent = ? "
        "AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)",
        [owner, iso(now + lease), delivery_id, parts_sent, owner, iso(now)],
    )
    return cursor.rowcount == 1


def release_claims(db: Database, owner: str | None = None) -> int:
    """Release the claims of `owner` (None: every claim; only for the one process that holds
    the database's instance lock, when it starts). How many were released."""
    if owner is None:
        sql, params = "claimed_by IS NOT NULL", []
    else:
        sql, params = "claimed_by = ?", [owner]
    cursor = db.execute(
        f"UPDATE deliveries SET claimed_by = NULL, claimed_until = NULL WHERE {sql}", params
    )
    return cursor.rowcount


def mark_part_sent(
    db: Database, delivery_id: int, parts_sent: int, done: bool, now: dt.datetime
) -> None:
    """Telegram accepted a part: count it, and finish the delivery after its last part
    (committed before this returns)."""
    if done:
        db.execute(
            "UPDATE deliveries SET parts_sent = ?, status = 'sent', finished_at = ?, "
            "next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            [parts_sent, iso(now), delivery_id],
        )
    else:
        db.execute("UPDATE deliveries SET parts_sent = ? WHERE id = ?", [parts_sent, delivery_id])


def retry_later(db: Database, delivery_id: int, error: str, at: dt.datetime) -> None:
    """A failed attempt that will be tried again at `at` (by whichever dispatcher then)."""
    db.execute(
        "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
        "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
        [redact(error)[:500], iso(at), delivery_id],
    )


def finish(
    db: Database, delivery_id: int, status: str, error: str | None, now: dt.datetime
) -> None:
    """End a delivery as `failed` or `dropped` (or `sent`), with the reason."""
    db.execute(
        "UPDATE deliveries SET status = ?, last_error = ?, finished_at = ?, "
        "attempts = attempts + (? = 'failed'), claimed_by = NULL, claimed_until = NULL "
        "WHERE id = ?",
        [status, redact(error)[:500] if error else None, iso(now), status, delivery_id],
    )


def set_plain(db: Database, delivery_id: int, plain_from: int) -> None:
    """From part `plain_from` on, the delivery is sent as plain text."""
    db.execute("UPDATE deliveries SET plain_from = ? WHERE id = ?", [plain_from, delivery_id])


def set_thread(db: Database, delivery_id: int, thread_id: int | None) -> None:
    """Send the delivery into another forum topic (None: the chat's general topic)."""
    db.execute("UPDATE deliveries SET thread_id = ? WHERE id = ?", [thread_id, delivery_id])


# ---------------------------------------------------------------- digests and status


def bundled(db: Database, digest_id: int) -> list[Delivery]:
    """The deliveries a digest carries, oldest first."""
    rows = rows_of(db, f"SELECT {_FIELDS} {_FROM} WHERE d.digest_id = ? ORDER BY d.id", [digest_id])
    return [_delivery(r) for r in rows]


def stats(db: Database, now: dt.datetime) -> dict[str, int]:
    """The outbox for operators: waiting, held for digests, sent and failed in the last 24 h,
    inactive chats."""
    since = iso(now - dt.timedelta(hours=24))
    waiting = rows_of(
        db,
        "SELECT status, count(*) AS n FROM deliveries WHERE status IN ('pending', 'digest') "
        "GROUP BY status",
    )
    finished = rows_of(
        db,
        "SELECT status, count(*) AS n FROM deliveries WHERE status IN ('sent', 'failed') "
        "AND finished_at >= ? GROUP BY status",
        [since],
    )
    counts = {row["status"]: row["n"] for row in waiting}
    recent = {row["status"]: row["n"] for row in finished}
    row = row_of(db, "SELECT count(*) AS n FROM chats WHERE active = 0")
    inactive = row["n"] if row else 0
    return {
        "pending": counts.get("pending", 0),
        "held_for_digest": counts.get("digest", 0),
        "sent_24h": recent.get("sent", 0),
        "failed_24h": recent.get("failed", 0),
        "inactive_chats": inactive,
    }
