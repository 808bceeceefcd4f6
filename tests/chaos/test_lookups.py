"""Point 10 of the reliability issue: a case that is not stored is looked up at the sources, and
the bot tells apart "the sources do not know it" from "the sources could not be reached"; a
document number (2019D...) is looked up too, through the OData API's Zaak of that document."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.rendering.i18n import t
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.watchers.http import FetchLimits, make_client, make_fetcher
from kamervragen.watchers.poller import Sources
from kamervragen.watchers.service import WatcherService
from tests.bot.conftest import say, seed_database, text_of
from tests.chaos.conftest import UNREACHABLE
from tests.watchers import scenario


@asynccontextmanager
async def bot_on(tmp_path: Path, syncfeed: str, ob: str) -> AsyncIterator[Conversation]:
    """The conversation core with on-demand lookups at the given sources, as `run` wires it."""
    path = tmp_path / "k.db"
    seed_database(path).close()
    database = DatabaseThread(path)
    db = open_db(path)
    async with make_client(timeout=2) as client:
        service = WatcherService(
            database, make_fetcher(client, FetchLimits(retry_delay=0)), Sources(syncfeed, ob)
        )
        try:
            yield Conversation(
                db, max_subscriptions=50, max_query_length=200, fetch_case=service.fetch_case
            )
        finally:
            await database.close()
            db.close()


@pytest.mark.parametrize("reference", ["2099Z00001", "2024D50001", "ah-tk-20242025-1028"])
async def test_unreachable_sources_are_said_to_be_unreachable(
    tmp_path: Path, reference: str
) -> None:
    """With every source refusing connections, /case of a case not stored says the sources
    could not be reached, try again later; never that the case does not exist."""
    async with bot_on(tmp_path, f"{UNREACHABLE}/SyncFeed/2.0", UNREACHABLE) as bot:
        reply = await say(bot, f"/case {reference}")
    assert text_of(reply) == t("en", "case.unavailable", reference=reference)


async def test_document_numbers_are_looked_up_and_unknown_cases_not_found(
    tmp_path: Path,
) -> None:
    """With the sources up: /case 2024D50001 finds its Zaak at the OData API and shows the case
    it fetched; a number the sources do not know is "not found"."""
    src = scenario.start_sources()
    try:
        scenario.publish_question(src)
        async with bot_on(tmp_path, src.feed.base_url, src.koop.origin) as bot:
            found = await say(bot, "/case 2024D50001")
            missing = await say(bot, "/case 2099Z00001")
    finally:
        src.feed.stop()
        src.koop.stop()
    assert text_of(found).startswith(f"📄 {scenario.ZAAK}")
    assert text_of(missing) == t("en", "case.not_found", reference="2099Z00001")
