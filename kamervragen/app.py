"""The composition root: builds the settings' services, registers every handler and job in one
place, opens the services in post_init and closes them in post_shutdown; and the entry points
of `kamervragen run` (long polling or a webhook) and `kamervragen console`.

    run             takes the database's instance lock (one process per database) and opens
                    the database, each failing in one line, before anything else starts
    post_init       the database, the one HTTP client for the sources (with its Fetcher) and
                    one with a longer timeout for the slow search of officielebekendmakingen,
                    the watchers' database thread, the worker processes (searches and counts;
                    the fan-out, which keeps its subscription index; fetched documents;
                    charts), the conversation core, the administrator cache, the command
                    menus, and the jobs: warm-up, the SyncFeed poll, the officielebekendmakingen
                    poll, dispatch, digests, deadline events (hourly and at the start), weekly
                    overviews, source alerts and, with KAMERVRAGEN_METRICS_PORT, the Prometheus
                    endpoint
    post_shutdown   a fan-out still running, the endpoint, the HTTP clients, the worker
                    processes, the watchers' database thread, the database

The Bot API server is `settings.api_url` (Telegram's, or a self-hosted or fake one): requests go
to `{api_url}/bot<token>/<method>`. The token is part of every such URL, so the `httpx` logger
stays at WARNING and never writes a request line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import sys
from typing import TextIO
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from kamervragen.bot.alerts.jobs import AlertJobs
from kamervragen.bot.alerts.limits import Clock
from kamervragen.bot.conversation import guide, handlers
from kamervragen.bot.conversation.admin import AdminCache, telegram_member_status
from kamervragen.bot.conversation.console import repl
from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.lookup import Finder
from kamervragen.bot.rendering.i18n import DEFAULT_LANGUAGE, LANGUAGES, language, t
from kamervragen.core.offload import Workers
from kamervragen.core.secrets import Secrets
from kamervragen.logs import hide_secret, quiet_http_logs
from kamervragen.settings import Settings
from kamervragen.storage import cases, chat_state, outbox
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.storage.lock import instance_lock
from kamervragen.watchers.http import make_client, make_fetcher
from kamervragen.watchers.parsing import DocumentParser
from kamervragen.watchers.publications import PublicationWatcher
from kamervragen.watchers.service import WatcherService

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "channel_post", "callback_query", "inline_query")
DIGEST_CHECK = 60  # seconds between looks for digests that are due
BOT_CACHE_MB = 8  # SQLite page cache of the bot's connection (chats, outbox, single cases)
WATCHER_CACHE_MB = 32  # ... of the watchers' connection (a catch-up; freed after each poll)
SOURCE_CHECK = 60  # seconds between looks at the sources' health, for the operators
DEADLINE_CHECK = 3600  # seconds between looks for deadline events (and one at the start)
WEEKLY_CHECK = 600  # seconds between looks for weekly overviews that are due
REPEATING = {"max_instances": 1, "coalesce": True}  # a slow run is never run twice at once


class MissingToken(ValueError):
    """The bot cannot start without TELEGRAM_BOT_TOKEN."""


class MetricsUnavailable(OSError):
    """The Prometheus endpoint cannot listen where KAMERVRAGEN_METRICS_PORT says."""


async def set_command_menus(bot: Bot) -> None:
    """The command menu in Dutch and English, and English for every other language."""
    for lang in LANGUAGES:
        menu = [BotCommand(name, text) for name, text in guide.command_menu(lang)]
        await bot.set_my_commands(menu, language_code=lang)
    default = [BotCommand(name, text) for name, text in guide.command_menu(DEFAULT_LANGUAGE)]
    await bot.set_my_commands(default)


async def remember_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Note the writer's Telegram language for the chat (alerts to chats on "auto" use it)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or not user.language_code or user.is_bot:
        return
    now = dt.datetime.now(dt.UTC)
    chat_state.remember_language(context.bot_data["db"], chat.id, user.language_code, now)


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Every handler of the bot, in one place."""
    application.add_handler(TypeHandler(Update, remember_language), group=-1)
    commands = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    application.add_handler(CommandHandler(list(guide.COMMANDS), handlers.on_message, commands))
    # Operators only (KAMERVRAGEN_ADMINS); kept out of the command menu.
    application.add_handler(CommandHandler("status", handlers.on_message, commands))
    # Anything else a person writes to the bot in private: a case reference, or a hint.
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT,
            handlers.on_message,
        )
    )
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    # `@bot stikstof` in any chat (inline mode, switched on with @BotFather's /setinline).
    application.add_handler(InlineQueryHandler(handlers.on_inline_query))
    application.add_error_handler(handlers.on_error)


def register_jobs(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    watchers: WatcherService,
    alerts: AlertJobs,
) -> None:
    """Every job of the bot, in one place: the poll, the dispatcher, digests, deadline events,
    weekly overviews, source alerts."""
    queue = application.job_queue
    assert queue is not None, "python-telegram-bot[job-queue] is required"

    async def poll(context: ContextTypes.DEFAULT_TYPE) -> None:
        await watchers.poll()

    async def poll_publications(context: ContextTypes.DEFAULT_TYPE) -> None:
        await watchers.poll_publications()

    queue.run_repeating(
        poll, interval=settings.poll_interval, first=1, name="poll", job_kwargs=REPEATING
    )
    if settings.ob_watch:
        queue.run_repeating(
            poll_publications,
            interval=settings.ob_poll_interval,
            first=2,
            name="publications",
            job_kwargs=REPEATING,
        )
    queue.run_once(warm_up, when=0, name="warm-up")
    queue.run_once(alerts.dispatch_job, when=0, name="dispatch")
    queue.run_repeating(
        alerts.digest_job, interval=DIGEST_CHECK, first=1, name="digests", job_kwargs=REPEATING
    )
    queue.run_repeating(
        alerts.deadline_job,
        interval=DEADLINE_CHECK,
        first=2,
        name="deadlines",
        job_kwargs=REPEATING,
    )
    queue.run_repeating(
        alerts.weekly_job, interval=WEEKLY_CHECK, first=3, name="weekly", job_kwargs=REPEATING
    )
    if settings.admins:
        queue.run_repeating(
            alerts.source_job,
            interval=SOURCE_CHECK,
            first=SOURCE_CHECK,
            name="source-alerts",
            job_kwargs=REPEATING,
        )


def build_application(settings: Settings, *, clock: Clock | None = None) -> Application:  # type: ignore[type-arg]
    """The Application, ready for run_polling or run_webhook; its services open in post_init."""
    if not settings.token:
        raise MissingToken("TELEGRAM_BOT_TOKEN is not set")
    quiet_http_logs()

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        # The bot's own connection reads chats, the outbox and single cases: a small cache.
        db = open_db(settings.db, busy_timeout=settings.busy_timeout, cache_mb=BOT_CACHE_MB)
        # This process holds the instance lock (`run`): no other dispatcher is alive, so the
        # claims left by one that was killed are free again.
        released = outbox.release_claims(db)
        if released:
            log.info("released %d delivery claims of an earlier run", released)
        client = make_client(timeout=settings.http_timeout)
        database = DatabaseThread(
            settings.db, busy_timeout=settings.busy_timeout, cache_mb=WATCHER_CACHE_MB
        )
        fetcher = make_fetcher(client, settings.fetch_limits())
        sources = settings.sources()
        chart_workers = Workers(processes=1)  # charts (/stats) in a process of their own
        parse_workers = Workers(processes=1)  # fetched documents, each within its time limit
        parser = DocumentParser(parse_workers, sources.limits, timeout=settings.parse_timeout)
        publications = None
        if settings.ob_watch:
            search_client = make_client(timeout=settings.ob_search_timeout)
            application.bot_data["search_client"] = search_client
            publications = PublicationWatcher(
                database,
                fetcher,
                settings.publication_sources(),
                search_fetcher=make_fetcher(search_client, settings.fetch_limits()),
                parser=parser,
            )
        watchers = WatcherService(
            database, fetcher, sources, parser, publications, odata_url=settings.odata_url
        )
        searching, fanning_out = Workers(processes=1), Workers(processes=1)
        alerts = AlertJobs(
            db,
            application.bot,
            rate_scale=settings.rate_scale,
            send_retry_delay=settings.send_retry_delay,
            admins=settings.admins,
            clock=clock,
            workers=fanning_out,
        )
        application.bot_data.update(
            db=db,
            http_client=client,
            database_thread=database,
            workers=(searching, fanning_out, parse_workers, chart_workers),
            alerts=alerts,
            conversation=Conversation(
                db,
                max_subscriptions=settings.max_subscriptions,
                max_query_length=settings.max_query_length,
                fetch_case=watchers.fetch_case,
                admins=settings.admins,
                workers=chart_workers,
                bot_username=application.bot.username,
                finder=Finder(db, searching),
            ),
            admins=AdminCache(telegram_member_status(application.bot)),
        )
        if settings.metrics_port is not None:
            from kamervragen.metrics import start_metrics

            try:
                application.bot_data["metrics"] = start_metrics(
                    settings.metrics_port,
                    settings.metrics_listen,
                    settings.db,
                    counts=lambda: alerts.dispatcher.counts,
                )
            except OSError as exc:
                raise MetricsUnavailable(
                    f"cannot serve metrics on {settings.metrics_listen}:{settings.metrics_port} "
                    f"(KAMERVRAGEN_METRICS_PORT): {exc.strerror or exc}"
                ) from None
        await set_command_menus(application.bot)
        register_jobs(application, settings, watchers, alerts)
        log.info("bot @%s ready, database %s", application.bot.username, settings.db)

    async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
        data = application.bot_data
        if (alerts := data.pop("alerts", None)) is not None:
            await alerts.close()
        if (metrics := data.pop("metrics", None)) is not None:
            metrics.close()
        for name in ("http_client", "search_client"):
            if (client := data.pop(name, None)) is not None:
                await client.aclose()
        for workers in data.pop("workers", ()):
            await asyncio.to_thread(workers.close)
        if (database := data.pop("database_thread", None)) is not None:
            await database.close()
        if (db := data.pop("db", None)) is not None:
            db.close()

    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    register_handlers(application)
    return application


async def warm_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start the workers as the bot starts, not at the first search and the first event: the
    search worker loads its code, the fan-out worker indexes the subscriptions."""
    data = context.application.bot_data
    await asyncio.gather(data["conversation"].finder.warm_up(), data["alerts"].prepare())


def webhook_path(url: str) -> str:
    """The path the webhook listens on: the path of TELEGRAM_WEBHOOK_URL ("" for the root)."""
    return urlsplit(url).path.strip("/")


def run(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM: long polling, or a webhook when
    TELEGRAM_WEBHOOK_URL is set; 0 after a clean stop. A database that is in use by another
    process, or cannot be opened, raises StorageError (one line, from the command line)."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22: timedeltas, no deprecation warnings
    hide_secret(settings.token)
    hide_secret(settings.webhook_secret)
    with instance_lock(settings.db, "run"):
        open_db(settings.db, busy_timeout=settings.busy_timeout).close()  # created, migrated
        return _run_locked(settings)


def _run_locked(settings: Settings) -> int:
    application = build_application(settings)
    try:
        return _serve(application, settings)
    except MetricsUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
    """`text` without the bot token or the webhook secret, in any case or encoding (error
    messages of the Bot API client, and servers, may quote them)."""
    secrets = Secrets()
    secrets.add(settings.token)
    secrets.add(settings.webhook_secret)
    return secrets.redact(text)


def _serve(application: Application, settings: Settings) -> int:  # type: ignore[type-arg]
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
) -> int:
    """Chat with the bot in the terminal (no Telegram, no token) until /quit or end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    code = language(language_code or os.environ.get("LANG", "").split(".")[0])
    db = open_db(settings.db)
    try:
        if not cases.any_stored(db):
            stdout.write(t(code, "console.no_cases") + "\n")
        conversation = Conversation(
            db,
            max_subscriptions=settings.max_subscriptions,
            max_query_length=settings.max_query_length,
        )
        asyncio.run(repl(conversation, stdin, stdout, language_code=code))
    finally:
        db.close()
    return 0
