"""Secrets (the bot token, the webhook secret) masked wherever text leaves the process.

    secrets = Secrets()
    secrets.add("123456:ABC-secret")
    secrets.redact("GET /bot123456%3aabc-SECRET/getMe")     # 'GET /bot<token>/getMe'

A secret is found in any letter case, as it is, URL-encoded (`%3A` or `%3a`, `+` or `%20` for a
space), and the part of a bot token after its colon on its own: servers and libraries echo
request paths lowercased or encoded. The pattern is a plain alternation of literals, linear in the
text. `SECRETS` is the process's own set: the composition root adds the token and the webhook
secret to it, the log filter (kamervragen.logs), the command line's error lines, and storage (for
the errors it keeps from Telegram) mask with it.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote, quote_plus

MASK = "<token>"
MIN_PART = 8  # a token's part after the colon is masked alone when at least this long


class Secrets:
    """A set of secrets and the one pattern that finds any of them in any of their forms."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        """Mask `secret` from now on (None or empty: nothing to mask)."""
        if not secret:
            return
        forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
        _, colon, part = secret.partition(":")
        if colon and len(part) >= MIN_PART:
            forms |= {part, quote(part, safe=""), quote_plus(part)}
        with self._lock:
            self._forms |= forms
            ordered = sorted(self._forms, key=len, reverse=True)  # the longest form first
            self._pattern = re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def redact(self, text: str) -> str:
        """`text` with every form of every secret replaced by MASK."""
        pattern = self._pattern
        return text if pattern is None else pattern.sub(MASK, text)

    def found_in(self, text: str) -> bool:
        """Does `text` hold a secret in any form?"""
        pattern = self._pattern
        return pattern is not None and pattern.search(text) is not None


SECRETS = Secrets()


def redact(text: str) -> str:
    """`text` with the process's secrets masked."""
    return SECRETS.redact(text)
