"""Chats, their settings, their subscriptions (saved queries) and the cases they follow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kamervragen.storage.db import Database, Row, row_of, rows_of


@dataclass(frozen=True)
class Chat:
    """A private chat, group or channel the bot talks to."""

    chat_id: int
    type: str = "private"
    title: str | None = None
    language: str | None = None  # set by /language; None: the user's Telegram language
    mode: str = "instant"  # or "digest"
    digest_hour: int = 8
    paused: bool = False
    active: bool = True
    deadline_alerts: bool = False  # deadline events of sets its subscriptions match, too
    weekly: bool = False  # the Monday overview
    stats_text: bool = False  # /stats as a text table instead of a chart


@dataclass(frozen=True)
class Subscription:
    """A chat's saved query."""

    id: int
    chat_id: int
    query: str
    thread_id: int | None
    created_at: str


@dataclass(frozen=True)
class Follow:
    """A chat following one case."""

    chat_id: int
    zaaknummer: str
    thread_id: int | None
    created_at: str


class TooManySubscriptions(ValueError):
    """The chat has reached its limit of subscriptions."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ensure_chat(
    db: Database, chat_id: int, type_: str = "private", title: str | None = None
) -> Chat:
    """The chat, created with default settings on first contact (settings are kept after)."""
    if row_of(db, "SELECT 1 FROM chats WHERE chat_id = ?", [chat_id]) is None:
        now = _now()
        db.table("chats").insert(
            {
                "chat_id": chat_id,
                "type": type_,
                "title": title,
                "created_at": now,
                "updated_at": now,
            }
        )
    return get_chat(db, chat_id)  # type: ignore[return-value]


def get_chat(db: Database, chat_id: int) -> Chat | None:
    """The stored chat."""
    row = row_of(db, "SELECT * FROM chats WHERE chat_id = ?", [chat_id])
    return _chat(row) if row else None


def _chat(row: Row) -> Chat:
    return Chat(
        chat_id=row["chat_id"],
        type=row["type"] or "private",
        title=row["title"],
        language=row["language"],
        mode=row["mode"],
        digest_hour=row["digest_hour"],
        paused=bool(row["paused"]),
        active=bool(row["active"]),
        deadline_alerts=bool(row["deadline_alerts"]),
        weekly=bool(row["weekly"]),
        stats_text=bool(row["stats_text"]),
    )


def update_chat(db: Database, chat_id: int, **changes: object) -> Chat:
    """Change chat settings (language, mode, digest_hour, paused, active, deadline_alerts,
    weekly, stats_text)."""
    allowed = {"language", "mode", "digest_hour", "paused", "active", "title", "type"}
    allowed |= {"deadline_alerts", "weekly", "stats_text"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown chat setting: {', '.join(sorted(unknown))}")
    ensure_chat(db, chat_id)
    db.table("chats").update(chat_id, {**changes, "updated_at": _now()})
    return get_chat(db, chat_id)  # type: ignore[return-value]


def add_subscription(
    db: Database,
    chat_id: int,
    query: str,
    *,
    thread_id: int | None = None,
    limit: int | None = None,
) -> tuple[Subscription, bool]:
    """Save a query for a chat; returns it and whether it is new. Raises TooManySubscriptions
    when the chat has `limit` already (the settings' KAMERVRAGEN_MAX_SUBSCRIPTIONS)."""
    existing = list(
        db.table("subscriptions").rows_where(
            "chat_id = ? AND query = ? AND active = 1", [chat_id, query]
        )
    )
    if existing:
        return _subscription(existing[0]), False
    row = row_of(
        db, "SELECT count(*) AS n FROM subscriptions WHERE chat_id = ? AND active = 1", [chat_id]
    )
    count = row["n"] if row else 0
    if limit is not None and count >= limit:
        raise TooManySubscriptions(f"limit of {limit} subscriptions reached")
    with db.atomic():
        db.execute(
            "DELETE FROM subscriptions WHERE chat_id = ? AND query = ? AND active = 0",
            [chat_id, query],
        )
        sub_id = (
            db.table("subscriptions")
            .insert(
                {
                    "chat_id": chat_id,
                    "thread_id": thread_id,
                    "query": query,
                    "created_at": _now(),
                    "active": 1,
                }
            )
            .last_pk
        )
    return get_subscription(db, sub_id), True  # type: ignore[arg-type,return-value]


def get_subscription(db: Database, sub_id: int) -> Subscription | None:
    """One subscription by id."""
    rows = list(db.table("subscriptions").rows_where("id = ? AND active = 1", [sub_id]))
    return _subscription(rows[0]) if rows else None


def subscriptions_of(db: Database, chat_id: int) -> list[Subscription]:
    """A chat's active subscriptions, oldest first."""
    return [
        _subscription(r)
        for r in db.table("subscriptions").rows_where(
            "chat_id = ? AND active = 1", [chat_id], order_by="id"
        )
    ]


def all_subscriptions(db: Database) -> list[Subscription]:
    """Every active subscription of every active chat."""
    rows = rows_of(
        db,
        "SELECT s.* FROM subscriptions s JOIN chats c ON c.chat_id = s.chat_id "
        "WHERE s.active = 1 AND c.active = 1 ORDER BY s.id",
    )
    return [_subscription(row) for row in rows]


def active_queries(db: Database) -> dict[int, str]:
    """The query of every active subscription of every active chat, by subscription id."""
    cursor = db.execute(
        "SELECT s.id, s.query FROM subscriptions s JOIN chats c ON c.chat_id = s.chat_id "
        "WHERE s.active = 1 AND c.active = 1"
    )
    return dict(cursor.fetchall())


def subscriptions_by_id(db: Database, ids: set[int]) -> list[Subscription]:
    """The active subscriptions of active chats among these ids."""
    found: list[Subscription] = []
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = rows_of(
            db,
            "SELECT s.* FROM subscriptions s JOIN chats c ON c.chat_id = s.chat_id "
            f"WHERE s.active = 1 AND c.active = 1 AND s.id IN ({marks})",
            chunk,
        )
        found += [_subscription(row) for row in rows]
    return found


def chats_by_id(db: Database, chat_ids: set[int]) -> dict[int, Chat]:
    """The stored chats among these ids."""
    found: dict[int, Chat] = {}
    ids = sorted(chat_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in rows_of(db, f"SELECT * FROM chats WHERE chat_id IN ({marks})", chunk):
            found[row["chat_id"]] = _chat(row)
    return found


def remove_subscription(db: Database, chat_id: int, sub_id: int) -> Subscription | None:
    """Remove one of the chat's subscriptions; returns it, or None if the chat has no such one."""
    sub = get_subscription(db, sub_id)
    if sub is None or sub.chat_id != chat_id:
        return None
    db.execute("DELETE FROM subscriptions WHERE id = ?", [sub_id])
    return sub


def _subscription(row: Row) -> Subscription:
    return Subscription(
        id=row["id"],
        chat_id=row["chat_id"],
        query=row["query"],
        thread_id=row["thread_id"],
        created_at=row["created_at"],
    )


def follow(db: Database, chat_id: int, zaaknummer: str, thread_id: int | None = None) -> bool:
    """Follow a case; False if the chat already did."""
    if row_of(
        db, "SELECT 1 FROM follows WHERE chat_id = ? AND zaaknummer = ?", [chat_id, zaaknummer]
    ):
        return False
    db.table("follows").insert(
        {"chat_id": chat_id, "zaaknummer": zaaknummer, "thread_id": thread_id, "created_at": _now()}
    )
    return True


def unfollow(db: Database, chat_id: int, zaaknummer: str) -> bool:
    """Stop following a case; False if the chat did not follow it."""
    cursor = db.execute(
        "DELETE FROM follows WHERE chat_id = ? AND zaaknummer = ?", [chat_id, zaaknummer]
    )
    return cursor.rowcount > 0


def follows_of(db: Database, chat_id: int) -> list[Follow]:
    """The cases a chat follows, oldest first."""
    return [
        Follow(r["chat_id"], r["zaaknummer"], r["thread_id"], r["created_at"])
        for r in db.table("follows").rows_where(
            "chat_id = ?", [chat_id], order_by="created_at, zaaknummer"
        )
    ]


def follows_of_case(db: Database, zaaknummer: str) -> list[Follow]:
    """Every follow of a case (the fan-out checks the chats)."""
    rows = rows_of(
        db,
        "SELECT chat_id, zaaknummer, thread_id, created_at FROM follows WHERE zaaknummer = ?",
        [zaaknummer],
    )
    return [Follow(r["chat_id"], r["zaaknummer"], r["thread_id"], r["created_at"]) for r in rows]


def followers_of(db: Database, zaaknummer: str) -> list[Follow]:
    """The active chats following a case."""
    rows = rows_of(
        db,
        "SELECT f.chat_id, f.zaaknummer, f.thread_id, f.created_at FROM follows f "
        "JOIN chats c ON c.chat_id = f.chat_id WHERE f.zaaknummer = ? AND c.active = 1",
        [zaaknummer],
    )
    return [Follow(r["chat_id"], r["zaaknummer"], r["thread_id"], r["created_at"]) for r in rows]
