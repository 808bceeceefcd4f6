"""Logging set-up shared by every command, and the filter that keeps the bot token out of logs.

The token is part of every Bot API URL, and python-telegram-bot quotes it in some errors
(`InvalidToken: The token ... was rejected`). The `httpx` logger stays at WARNING so request
lines are never logged, and a filter on every handler masks the token in what is left.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

MASK = "<token>"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
    """Keep request lines (which carry the bot token) out of every log."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


class TokenFilter(logging.Filter):
    """Replaces a secret in log records' messages and tracebacks."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the secret; never drops a record."""
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, MASK)
            record.args = ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = text.replace(self.secret, MASK)
            record.exc_info = None
        elif record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, MASK)
        return True


def hide_secret(secret: str | None) -> None:
    """Mask `secret` in everything the root logger's handlers write."""
    if not secret:
        return
    root = logging.getLogger()
    if not root.handlers:
        setup_logging(logging.getLevelName(root.level))
    for handler in root.handlers:
        if not any(isinstance(f, TokenFilter) and f.secret == secret for f in handler.filters):
            handler.addFilter(TokenFilter(secret))
