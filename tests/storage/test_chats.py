"""Chats, subscriptions and follows in storage."""

from __future__ import annotations

import pytest

from kamervragen.storage import chats
from kamervragen.storage.db import open_db


def test_subscription_lifecycle() -> None:
    """A query is saved once per chat, listed, and removed only by its own chat."""
    db = open_db(memory=True)
    chats.ensure_chat(db, 1)
    sub, new = chats.add_subscription(db, 1, "export control", thread_id=7)
    assert new and sub.query == "export control" and sub.thread_id == 7
    again, new_again = chats.add_subscription(db, 1, "export control")
    assert again.id == sub.id and not new_again
    assert [s.id for s in chats.subscriptions_of(db, 1)] == [sub.id]
    assert chats.remove_subscription(db, 2, sub.id) is None  # another chat cannot remove it
    assert chats.remove_subscription(db, 1, sub.id) == sub
    assert chats.subscriptions_of(db, 1) == []


def test_subscription_limit() -> None:
    """The limit of subscriptions per chat is enforced."""
    db = open_db(memory=True)
    chats.ensure_chat(db, 1)
    for i in range(3):
        chats.add_subscription(db, 1, f"term{i}", limit=3)
    with pytest.raises(chats.TooManySubscriptions, match="limit of 3"):
        chats.add_subscription(db, 1, "one more", limit=3)


def test_follows_and_inactive_chats() -> None:
    """Followers of a case are the active chats that follow it."""
    db = open_db(memory=True)
    for chat_id in (1, 2):
        chats.ensure_chat(db, chat_id)
        assert chats.follow(db, chat_id, "2019Z15244")
    assert not chats.follow(db, 1, "2019Z15244")
    chats.update_chat(db, 2, active=0)
    assert [f.chat_id for f in chats.followers_of(db, "2019Z15244")] == [1]
    assert chats.unfollow(db, 1, "2019Z15244") and not chats.unfollow(db, 1, "2019Z15244")
    assert chats.follows_of(db, 1) == []


def test_chat_settings() -> None:
    """Chat settings change one by one; unknown settings are refused."""
    db = open_db(memory=True)
    chat = chats.ensure_chat(db, -100, "supergroup", "Werkgroep")
    assert (chat.mode, chat.digest_hour, chat.paused, chat.language) == ("instant", 8, False, None)
    chat = chats.update_chat(db, -100, mode="digest", digest_hour=7, language="en", paused=1)
    assert (chat.mode, chat.digest_hour, chat.paused, chat.language) == ("digest", 7, True, "en")
    with pytest.raises(ValueError, match="unknown chat setting"):
        chats.update_chat(db, -100, colour="red")
