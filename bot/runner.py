"""The entry points of `kamervragen run` and `kamervragen console`."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import TextIO

from bot.app import ALLOWED_UPDATES, ExtraJobs, build_application
from bot.console import repl
from bot.core import Conversation, FetchCase, no_fetch
from bot.i18n import language, t
from kamervragen.config import Settings
from storage.db import open_db


def run(
    settings: Settings, *, fetch_case: FetchCase = no_fetch, extra_jobs: ExtraJobs | None = None
) -> int:
    """Run the bot with long polling until SIGINT or SIGTERM; 0 after a clean stop."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22: timedeltas, no deprecation warnings
    application = build_application(settings, fetch_case=fetch_case, extra_jobs=extra_jobs)
    application.run_polling(
        allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=False,
        stop_signals=(signal.SIGINT, signal.SIGTERM),
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
