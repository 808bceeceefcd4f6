"""The composition root: builds the Application, opens the database in post_init, closes it in
post_shutdown, and registers every handler in one place.

The Bot API server is `settings.api_url` (Telegram's, or a self-hosted or fake one): requests go
to `{api_url}/bot<token>/<method>`. The token is part of every such URL, so the `httpx` logger
stays at WARNING and never writes a request line.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from kamervragen.bot.conversation import guide, handlers
from kamervragen.bot.conversation.admin import AdminCache, telegram_member_status
from kamervragen.bot.conversation.core import Conversation, FetchCase, no_fetch
from kamervragen.bot.rendering.i18n import DEFAULT_LANGUAGE, LANGUAGES
from kamervragen.settings import Settings
from kamervragen.storage import chat_state
from kamervragen.storage.db import open_db

log = logging.getLogger(__name__)

# Called in post_init; may return a coroutine function that post_shutdown awaits (to close
# what the jobs opened).
ExtraJobs = Callable[[Application], Callable[[], Awaitable[None]] | None]
ALLOWED_UPDATES = ("message", "channel_post", "callback_query")


class MissingToken(ValueError):
    """The bot cannot start without TELEGRAM_BOT_TOKEN."""


def quiet_http_logs() -> None:
    """Keep request lines (which carry the bot token) out of every log."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


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


def register_handlers(application: Application) -> None:
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
    application.add_error_handler(handlers.on_error)


def build_application(
    settings: Settings,
    *,
    fetch_case: FetchCase = no_fetch,
    extra_jobs: ExtraJobs | None = None,
) -> Application:
    """The Application, ready for run_polling; `extra_jobs` is called in post_init (after the
    database is open, in `bot_data["db"]`) to schedule more work on the JobQueue."""
    if not settings.token:
        raise MissingToken("TELEGRAM_BOT_TOKEN is not set")
    quiet_http_logs()

    async def post_init(application: Application) -> None:
        db = open_db(settings.db)
        application.bot_data["db"] = db
        application.bot_data["conversation"] = Conversation(
            db,
            max_subscriptions=settings.max_subscriptions,
            max_query_length=settings.max_query_length,
            fetch_case=fetch_case,
            admins=settings.admins,
        )
        application.bot_data["admins"] = AdminCache(telegram_member_status(application.bot))
        await set_command_menus(application.bot)
        if extra_jobs is not None:
            application.bot_data["cleanup"] = extra_jobs(application)
        log.info("bot @%s ready, database %s", application.bot.username, settings.db)

    async def post_shutdown(application: Application) -> None:
        cleanup = application.bot_data.pop("cleanup", None)
        if cleanup is not None:
            await cleanup()
        db = application.bot_data.pop("db", None)
        if db is not None:
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
