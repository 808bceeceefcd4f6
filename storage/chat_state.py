"""What delivering teaches about chats: refusals (and deactivation after repeated ones), a group
that became a supergroup with a new id, and the language of the people who write there."""

from __future__ import annotations

import datetime as dt

from kamervragen.core.secrets import redact
from kamervragen.storage.db import Database

FAILURES_TO_DEACTIVATE = 3
FAILURE_WINDOW = dt.timedelta(hours=24)


def _ms(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _seconds(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")  # as storage.chats writes


def record_failure(db: Database, chat_id: int, error: str, now: dt.datetime) -> int:
    """Note that Telegram refused a chat (blocked, kicked, not found); the refusals in the last
    24 h, this one included."""
    db.execute(
        "INSERT INTO chat_failures (chat_id, at, error) VALUES (?, ?, ?)",
        [chat_id, _ms(now), redact(error)[:300]],
    )
    return db.execute(
        "SELECT count(*) FROM chat_failures WHERE chat_id = ? AND at > ?",
        [chat_id, _ms(now - FAILURE_WINDOW)],
    ).fetchone()[0]


def deactivate(db: Database, chat_id: int, reason: str, now: dt.datetime) -> int:
    """Stop sending to a chat: it and its subscriptions become inactive, its open deliveries
    are dropped. Returns how many deliveries were dropped."""
    with db.atomic():
        db.execute(
            "UPDATE chats SET active = 0, updated_at = ? WHERE chat_id = ?",
            [_seconds(now), chat_id],
        )
        db.execute("UPDATE subscriptions SET active = 0 WHERE chat_id = ?", [chat_id])
        cursor = db.execute(
            "UPDATE deliveries SET status = 'dropped', last_error = ?, finished_at = ? "
            "WHERE chat_id = ? AND status IN ('pending', 'digest')",
            [redact(reason)[:300], _ms(now), chat_id],
        )
    return cursor.rowcount


def rekey(db: Database, old: int, new: int, now: dt.datetime) -> None:
    """A group became a supergroup: move the chat, its settings, subscriptions, follows and
    open deliveries to the new id. What the new id already has wins; the rest is dropped."""
    with db.atomic():
        if db.execute("SELECT 1 FROM chats WHERE chat_id = ?", [new]).fetchone():
            db.execute("DELETE FROM chats WHERE chat_id = ?", [old])
        else:
            db.execute(
                "UPDATE chats SET chat_id = ?, type = 'supergroup', updated_at = ? "
                "WHERE chat_id = ?",
                [new, _seconds(now), old],
            )
        for table in ("subscriptions", "follows", "chat_locales", "digests"):
            db.execute(f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?", [new, old])
            db.execute(f"DELETE FROM {table} WHERE chat_id = ?", [old])
        db.execute(
            "UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ? "
            "AND status IN ('pending', 'digest')",
            [new, old],
        )
        db.execute(
            "UPDATE deliveries SET status = 'dropped', last_error = 'chat migrated', "
            "finished_at = ? WHERE chat_id = ? AND status IN ('pending', 'digest')",
            [_ms(now), old],
        )
        db.execute("DELETE FROM chat_failures WHERE chat_id = ?", [old])


def remember_language(db: Database, chat_id: int, language_code: str, now: dt.datetime) -> None:
    """The Telegram language of the person who last wrote in a chat."""
    db.execute(
        "INSERT INTO chat_locales (chat_id, language_code, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(chat_id) DO UPDATE SET language_code = excluded.language_code, "
        "updated_at = excluded.updated_at WHERE chat_locales.language_code "
        "IS NOT excluded.language_code",
        [chat_id, language_code, _seconds(now)],
    )


def reactivate(db: Database, chat_id: int, now: dt.datetime) -> None:
    """A chat that was deactivated talks to the bot again: it and its subscriptions come back."""
    with db.atomic():
        db.execute(
            "UPDATE chats SET active = 1, updated_at = ? WHERE chat_id = ?",
            [_seconds(now), chat_id],
        )
        db.execute("UPDATE subscriptions SET active = 1 WHERE chat_id = ?", [chat_id])
