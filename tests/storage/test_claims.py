"""Claims on outbox deliveries: one dispatcher at a time sends a delivery's next part."""

from __future__ import annotations

import datetime as dt

from kamervragen.storage import chats, outbox
from kamervragen.storage.db import open_db

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=5)


def _one_delivery():  # type: ignore[no-untyped-def]
    db = open_db(memory=True)
    chats.ensure_chat(db, 5, "private")
    delivery_id = outbox.enqueue_message(db, 5, "op.test", {}, NOW)
    return db, delivery_id


def test_only_one_owner_holds_a_claim_until_it_expires() -> None:
    """A claims; B is refused while A's lease runs and gets it once it expired; A renews."""
    db, delivery = _one_delivery()
    assert outbox.claim(db, delivery, 0, "A", NOW, LEASE)
    assert outbox.claim(db, delivery, 0, "A", NOW + dt.timedelta(minutes=1), LEASE)  # renewed
    assert not outbox.claim(db, delivery, 0, "B", NOW + dt.timedelta(minutes=5), LEASE)
    assert outbox.claim(db, delivery, 0, "B", NOW + dt.timedelta(minutes=7), LEASE)


def test_a_claim_needs_the_part_it_was_read_at_and_a_pending_delivery() -> None:
    """A part sent since the delivery was read, or a delivery no longer pending: no claim."""
    db, delivery = _one_delivery()
    outbox.mark_part_sent(db, delivery, 1, False, NOW)
    assert not outbox.claim(db, delivery, 0, "A", NOW, LEASE)
    assert outbox.claim(db, delivery, 1, "A", NOW, LEASE)
    outbox.mark_part_sent(db, delivery, 2, True, NOW)
    assert not outbox.claim(db, delivery, 2, "B", NOW, LEASE)
    row = db.execute("SELECT status, claimed_by FROM deliveries").fetchone()
    assert row == ("sent", None)  # finishing released the claim


def test_a_retry_and_a_release_free_the_delivery() -> None:
    """retry_later releases the claim; release_claims frees one owner's, or all."""
    db, delivery = _one_delivery()
    assert outbox.claim(db, delivery, 0, "A", NOW, LEASE)
    outbox.retry_later(db, delivery, "network", NOW)
    assert outbox.claim(db, delivery, 0, "B", NOW, LEASE)
    assert outbox.release_claims(db, "A") == 0
    assert outbox.release_claims(db, "B") == 1
    assert outbox.claim(db, delivery, 0, "C", NOW, LEASE)
    assert outbox.release_claims(db) == 1
