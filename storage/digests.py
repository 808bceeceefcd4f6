"""Digests in the outbox: deliveries held for chats in digest mode, bundled once a day into one
`digest` delivery that the dispatcher sends like any other."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kamervragen.storage.db import Database, row_of, rows_of
from kamervragen.storage.outbox import iso


@dataclass(frozen=True)
class HeldFor:
    """A chat with deliveries held for its digest: its hour, and the day of its last digest."""

    chat_id: int
    digest_hour: int
    last_on: str | None


def release_held(db: Database) -> int:
    """Deliveries held for chats that left digest mode become instant; how many."""
    cursor = db.execute(
        "UPDATE deliveries SET status = 'pending' WHERE status = 'digest' AND chat_id IN "
        "(SELECT chat_id FROM chats WHERE mode != 'digest')"
    )
    return cursor.rowcount


def held(db: Database) -> list[HeldFor]:
    """Every chat that has deliveries held for its digest."""
    rows = rows_of(
        db,
        "SELECT d.chat_id, c.digest_hour, g.last_on FROM deliveries d "
        "JOIN chats c ON c.chat_id = d.chat_id LEFT JOIN digests g ON g.chat_id = d.chat_id "
        "WHERE d.status = 'digest' GROUP BY d.chat_id ORDER BY d.chat_id",
    )
    return [HeldFor(r["chat_id"], r["digest_hour"], r["last_on"]) for r in rows]


def bundle(db: Database, chat_id: int, before: str, today: dt.date, now: dt.datetime) -> int | None:
    """Bundle the chat's deliveries held before `before` into one digest delivery, in one
    transaction; its id, or None when nothing was held before then."""
    with db.atomic():
        first = row_of(
            db,
            "SELECT thread_id FROM deliveries WHERE chat_id = ? AND status = 'digest' "
            "AND created_at < ? ORDER BY id LIMIT 1",
            [chat_id, before],
        )
        if first is None:
            return None  # everything held came after today's hour: tomorrow's digest
        digest_id = db.execute(
            "INSERT INTO deliveries (chat_id, thread_id, kind, payload, status, created_at) "
            "VALUES (?, ?, 'digest', ?, 'pending', ?)",
            [chat_id, first["thread_id"], json.dumps({"day": today.isoformat()}), iso(now)],
        ).lastrowid
        db.execute(
            "UPDATE deliveries SET status = 'bundled', digest_id = ?, finished_at = ? "
            "WHERE chat_id = ? AND status = 'digest' AND created_at < ?",
            [digest_id, iso(now), chat_id, before],
        )
        db.execute(
            "INSERT INTO digests (chat_id, last_on) VALUES (?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET last_on = excluded.last_on",
            [chat_id, today.isoformat()],
        )
    return int(digest_id or 0)
