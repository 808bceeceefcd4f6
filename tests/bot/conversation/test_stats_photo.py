"""/stats through a real python-telegram-bot Application against the fake Bot API: the chart
is drawn in the composition root's worker process and uploaded with sendPhoto (multipart)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from PIL import Image
from telegram import Update
from telegram.ext import Application

from kamervragen.app import build_application
from kamervragen.bot.rendering.stats import chart_size
from kamervragen.settings import Settings
from kamervragen.storage.db import open_db
from tests.fakes.botapi import FakeBotApi
from tests.stats_fixture import save_fixture

pytestmark = pytest.mark.slow  # a worker process that imports matplotlib


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """The fake Bot API server."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def app(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Application]:
    """The bot's Application past post_init, on a database holding the statistics fixture."""
    path = tmp_path / "bot.db"
    db = open_db(path)
    save_fixture(db)
    db.close()
    settings = Settings(db=str(path), token=api.token, api_url=api.url)
    application = build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    yield application
    assert application.post_shutdown is not None
    await application.post_shutdown(application)
    await application.shutdown()


async def test_stats_uploads_a_png_with_the_table_as_caption(
    app: Application, api: FakeBotApi
) -> None:
    """One sendPhoto: a PNG of the chart's size, its caption the table, as HTML."""
    update = api.inject_message(42, "/stats 2025", language_code="en")
    await app.process_update(Update.de_json(update, app.bot))
    (photo,) = api.sent_messages(42)
    assert photo.photo is not None and photo.parse_mode == "HTML"
    assert Image.open(io.BytesIO(photo.photo)).size == chart_size(2)
    assert photo.text.startswith("📊 Answer times 1 January 2025 to 31 December 2025")
    assert "FIN · Financiën" in photo.text
    assert [c.method for c in api.calls if c.method.startswith("send")] == ["sendPhoto"]
