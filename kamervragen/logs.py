"""Logging set-up shared by every command, and the filter that keeps the bot token out of logs.

The token is part of every Bot API URL, and python-telegram-bot quotes it in some errors
(`InvalidToken: The token ... was rejected`); a Bot API server may echo the request path,
lowercased or URL-encoded. The `httpx` logger stays at WARNING so request lines are never logged,
and a filter on every handler masks the secrets (`kamervragen.core.secrets`, in every case and
encoding) in what is left: messages, their arguments and tracebacks.

At the default level, python-telegram-bot's own report of a failed start (a traceback per try)
is left out: `kamervragen run` says what went wrong in one line.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from kamervragen.core.secrets import MASK, SECRETS, Secrets

__all__ = [
    "MASK",
    "JsonFormatter",
    "TokenFilter",
    "hide_secret",
    "quiet_http_logs",
    "setup_logging",
]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# python-telegram-bot's "Network Retry Loop (Bootstrap Initialize Application): Failed run ..."
_BOOTSTRAP = "Network Retry Loop (Bootstrap"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, and the traceback
    as `exception`. The token filter has masked the message and traceback before this runs."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "WARNING", fmt: str = "text") -> None:
    """Log to standard error at `level` (KAMERVRAGEN_LOG_LEVEL), as text or, with `fmt`
    "json" (KAMERVRAGEN_LOG_FORMAT), as one JSON object a line."""
    logging.basicConfig(level=level.upper(), format=TEXT_FORMAT)
    if fmt == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    quiet_http_logs()


def quiet_http_logs() -> None:
    """Keep request lines (which carry the bot token) out of every log, and python-telegram-bot's
    start-up tracebacks out of the default level."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    network_loop = logging.getLogger("telegram.ext")  # telegram/ext/_utils/networkloop.py
    if not any(isinstance(f, _StartupNoise) for f in network_loop.filters):
        network_loop.addFilter(_StartupNoise())


class _StartupNoise(logging.Filter):
    """Drops python-telegram-bot's failed-start reports unless DEBUG is on (the command prints
    its own one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            return True
        return not record.getMessage().startswith(_BOOTSTRAP)


class TokenFilter(logging.Filter):
    """Masks secrets (in any case and encoding) in log records' messages and tracebacks."""

    def __init__(self, secret: str | None = None, *, secrets: Secrets | None = None) -> None:
        super().__init__()
        self.secrets = secrets if secrets is not None else Secrets()
        if secret:
            self.secrets.add(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the secrets; never drops a record."""
        secrets = self.secrets
        if not secrets:
            return True
        message = record.getMessage()
        if secrets.found_in(message):
            record.msg = secrets.redact(message)
            record.args = ()
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            if secrets.found_in(text):  # the masked text only: no formatter may redo it
                record.exc_text = secrets.redact(text)
                record.exc_info = None
        elif record.exc_text:
            record.exc_text = secrets.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = secrets.redact(record.stack_info)
        return True


def hide_secret(secret: str | None) -> None:
    """Mask `secret` in everything the root logger's handlers write (and wherever the
    process's secrets are masked: error lines, stored errors)."""
    if not secret:
        return
    SECRETS.add(secret)
    root = logging.getLogger()
    if not root.handlers:
        setup_logging(logging.getLevelName(root.level))
    for handler in root.handlers:
        if not any(isinstance(f, TokenFilter) and f.secrets is SECRETS for f in handler.filters):
            handler.addFilter(TokenFilter(secrets=SECRETS))
