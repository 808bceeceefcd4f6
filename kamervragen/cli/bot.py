"""The bot's sub-commands, `run` and `console`, for the `kamervragen` command line.

`kamervragen.cli` adds them with `add_bot_commands(subparsers)`.
"""

from __future__ import annotations

import argparse
import os
import sys

from kamervragen.settings import settings_or_report

os.environ.setdefault("PTB_TIMEDELTA", "1")  # before python-telegram-bot is first used

NO_TOKEN = (
    "error: TELEGRAM_BOT_TOKEN is not set; "
    "to try the bot without Telegram, run: kamervragen console"
)


def add_bot_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `run` and `console` (both use the global --db)."""
    p = subparsers.add_parser(
        "run", help="run the Telegram bot (long polling or webhook), the watchers and the alerts"
    )
    p.set_defaults(func=cmd_run)
    p = subparsers.add_parser("console", help="chat with the bot in the terminal, no Telegram")
    p.add_argument(
        "--language", choices=("nl", "en"), help="the language you 'write' in (default: $LANG)"
    )
    p.set_defaults(func=cmd_console)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot; without a token, one line that points to the console, and exit 2."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from kamervragen.app import run  # imports python-telegram-bot: only when needed

    return run(settings)


def cmd_console(args: argparse.Namespace) -> int:
    """Chat with the bot in the terminal."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    from kamervragen.app import console

    return console(settings, language_code=getattr(args, "language", None))
