"""The entry points of `kamervragen run` (long polling or a webhook) and `kamervragen console`."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from kamervragen.app import ALLOWED_UPDATES, ExtraJobs, build_application
from kamervragen.bot.conversation.console import repl
from kamervragen.bot.conversation.core import Conversation, FetchCase, no_fetch
from kamervragen.bot.rendering.i18n import language, t
from kamervragen.logs import hide_secret
from kamervragen.settings import Settings
from kamervragen.storage.db import open_db


def combine_jobs(*jobs: ExtraJobs) -> ExtraJobs:
    """Several `extra_jobs` as one: each is scheduled in order, their cleanups run in reverse."""

    def schedule(application: Application) -> Callable[[], Awaitable[None]]:
        cleanups = [cleanup for job in jobs if (cleanup := job(application)) is not None]

        async def cleanup_all() -> None:
            for cleanup in reversed(cleanups):
                await cleanup()

        return cleanup_all

    return schedule


def webhook_path(url: str) -> str:
    """The path the webhook listens on: the path of TELEGRAM_WEBHOOK_URL ("" for the root)."""
    return urlsplit(url).path.strip("/")


def run(
    settings: Settings, *, fetch_case: FetchCase = no_fetch, extra_jobs: ExtraJobs | None = None
) -> int:
    """Run the bot until SIGINT or SIGTERM: long polling, or a webhook when
    TELEGRAM_WEBHOOK_URL is set; 0 after a clean stop."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22: timedeltas, no deprecation warnings
    hide_secret(settings.token)
    hide_secret(settings.webhook_secret)
    application = build_application(settings, fetch_case=fetch_case, extra_jobs=extra_jobs)
    try:
        return _serve(application, settings)
    except InvalidToken:  # its message holds the token: never print it
        print(
            "error: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); "
            "check the token @BotFather gave you",
            file=sys.stderr,
        )
        return 2
    except (NetworkError, TelegramError) as exc:
        print(
            f"error: cannot start the bot at {settings.api_url}: {redact(str(exc), settings)}",
            file=sys.stderr,
        )
        return 1


def redact(text: str, settings: Settings) -> str:
    """`text` without the bot token (error messages of the Bot API client may quote it)."""
    return text.replace(settings.token, "<token>") if settings.token else text


def _serve(application: Application, settings: Settings) -> int:
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=webhook_path(settings.webhook_url),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=list(ALLOWED_UPDATES),
            drop_pending_updates=False,
            stop_signals=stop_signals,
        )
        return 0
    application.run_polling(
        allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=False,
        stop_signals=stop_signals,
    )
    return 0


def console(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    language_code: str | None = None,
    fetch_case: FetchCase = no_fetch,
) -> int:
    """Chat with the bot in the terminal (no Telegram, no token) until /quit or end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    code = language(language_code or os.environ.get("LANG", "").split(".")[0])
    db = open_db(settings.db)
    try:
        if not db.execute("SELECT 1 FROM cases LIMIT 1").fetchone():
            stdout.write(t(code, "console.no_cases") + "\n")
        conversation = Conversation(
            db,
            max_subscriptions=settings.max_subscriptions,
            max_query_length=settings.max_query_length,
            fetch_case=fetch_case,
        )
        asyncio.run(repl(conversation, stdin, stdout, language_code=code))
    finally:
        db.close()
    return 0
