"""The bot's sub-commands, `run` and `console`, for the `kamervragen` command line.

`kamervragen.cli` adds them with `add_bot_commands(subparsers)`; `python -m kamervragen.bot_cli
[--db PATH] run|console` runs them on their own (the end-to-end test does).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kamervragen.config import ConfigError, Settings
from kamervragen.logs import setup_logging

os.environ.setdefault("PTB_TIMEDELTA", "1")  # before python-telegram-bot is first used

NO_TOKEN = (
    "error: TELEGRAM_BOT_TOKEN is not set; "
    "to try the bot without Telegram, run: kamervragen console"
)


def add_bot_commands(subparsers: argparse._SubParsersAction) -> None:
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


def _settings(args: argparse.Namespace) -> Settings | None:
    try:
        return Settings.from_env(getattr(args, "db", None))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot; without a token, one line that points to the console, and exit 2."""
    settings = _settings(args)
    if settings is None:
        return 2
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.alerting import AlertService  # imports python-telegram-bot: only when needed
    from bot.runner import combine_jobs, run
    from watchers.service import WatcherService

    watchers = WatcherService(settings)
    alerts = AlertService(settings)
    jobs = combine_jobs(watchers.schedule, alerts.schedule)
    return run(settings, fetch_case=watchers.fetch_case, extra_jobs=jobs)


def cmd_console(args: argparse.Namespace) -> int:
    """Chat with the bot in the terminal."""
    settings = _settings(args)
    if settings is None:
        return 2
    from bot.runner import console

    return console(settings, language_code=getattr(args, "language", None))


def build_parser() -> argparse.ArgumentParser:
    """A parser with just the bot's commands and --db."""
    parser = argparse.ArgumentParser(prog="kamervragen", description="The Kamervragen bot.")
    parser.add_argument(
        "--db", metavar="PATH", help="SQLite database (default: $KAMERVRAGEN_DB or kamervragen.db)"
    )
    add_bot_commands(parser.add_subparsers(title="commands", metavar="COMMAND"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `run` or `console`; returns the exit code."""
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
