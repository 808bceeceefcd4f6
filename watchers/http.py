"""HTTP for the watchers: one configured httpx client, and a polite fetcher that retries.

    FetchError                 a URL that could not be fetched
    ├── SourceUnavailable      5xx, 429, timeouts or connection errors, still after every attempt
    ├── NotFound               404 or 410, or a redirect to an error page (a 404 in disguise)
    ├── TruncatedDownload      the body is not as long as the source said it would be
    └── UnexpectedStatus       any other 4xx (or 3xx left over); not retried

The fetcher allows at most `per_host` requests in flight per host, backs off exponentially with
full jitter (or as long as `Retry-After` says, capped), and keeps per-host health figures for
`status` output. Its `sleep` is injectable so tests retry instantly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import math
import random
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/kamervragen/kamervragen"
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_ERROR_PAGE_RE = re.compile(r"error|fout|404|not[-_]?found|niet[-_]?gevonden", re.IGNORECASE)


class FetchError(Exception):
    """A URL that could not be fetched."""

    def __init__(
        self, message: str, *, url: str, status: int | None = None, attempts: int = 1
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.attempts = attempts


class SourceUnavailable(FetchError):
    """The source kept failing (5xx, 429, timeouts, connection errors) through every attempt."""


class NotFound(FetchError):
    """The source has no such document (404, 410, or a redirect to an error page)."""


class TruncatedDownload(FetchError):
    """The body's length differs from the length the source announced."""


class UnexpectedStatus(FetchError):
    """The source answered a status we do not retry and cannot use."""


def default_user_agent() -> str:
    """kamervragen/<version> (+project URL)."""
    try:
        ours = version("kamervragen")
    except PackageNotFoundError:
        ours = "0"
    return f"kamervragen/{ours} (+{PROJECT_URL})"


def make_client(
    user_agent: str | None = None,
    timeout: float = 30,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient with explicit timeouts, redirects followed and our User-Agent; close it."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        headers={"User-Agent": user_agent or default_user_agent()},
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        transport=transport,
    )


@dataclass
class HostStats:
    """How one host has been doing, for `status` output."""

    host: str
    requests: int = 0
    last_success: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    consecutive_failures: int = 0  # failed attempts since the last 2xx


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Fetcher:
    """GETs through one AsyncClient: per-host concurrency limit, retries, named errors."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        per_host: int = 2,
        attempts: int = 4,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        retry_after_cap: float = 300.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
        clock: Callable[[], dt.datetime] = _utcnow,
    ) -> None:
        self.client = client
        self.per_host = per_host
        self.attempts = max(1, attempts)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.retry_after_cap = retry_after_cap
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock
        self._limits: dict[str, asyncio.Semaphore] = {}
        self.hosts: dict[str, HostStats] = {}

    def stats(self, url_or_host: str) -> HostStats:
        """The figures of the host of `url_or_host` (created empty when unknown)."""
        host = urlsplit(url_or_host).netloc if "//" in url_or_host else url_or_host
        return self.hosts.setdefault(host, HostStats(host))

    async def get(
        self,
        url: str,
        *,
        expect_length: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """GET `url` (2xx or 304), retrying what is worth retrying; raises a FetchError."""
        host = urlsplit(url).netloc
        stats = self.stats(host)
        limit = self._limits.setdefault(host, asyncio.Semaphore(self.per_host))
        where = _where(url)
        for attempt in range(1, self.attempts + 1):
            stats.requests += 1
            try:
                async with limit:
                    response = await self.client.get(url, headers=headers)
            except _RETRYABLE_ERRORS as exc:
                reason = type(exc).__name__
                delay = self._backoff(attempt)
            except httpx.HTTPError as exc:
                self._failed(stats, type(exc).__name__)
                raise FetchError(f"{where}: {type(exc).__name__}", url=url) from None
            else:
                if response.status_code in RETRYABLE_STATUS:
                    reason = f"HTTP {response.status_code}"
                    asked = self._retry_after(response)
                    delay = self._backoff(attempt) if asked is None else asked
                else:
                    return self._accept(response, url, expect_length, stats, attempt)
            self._failed(stats, reason)
            if attempt == self.attempts:
                raise SourceUnavailable(
                    f"{where}: {reason} after {attempt} attempts", url=url, attempts=attempt
                )
            log.warning("%s: %s; retry %d in %.1f s", where, reason, attempt, delay)
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _accept(
        self,
        response: httpx.Response,
        url: str,
        expect_length: int | None,
        stats: HostStats,
        attempt: int,
    ) -> httpx.Response:
        """Turn a final (non-retryable) response into the response or a named error."""
        status = response.status_code
        where = _where(url)
        if status in (404, 410):
            raise NotFound(f"{where}: not found (HTTP {status})", url=url, status=status)
        if status == 200 and _is_error_page(url, response):
            landed = response.url.path
            raise NotFound(f"{where}: not found (redirected to {landed})", url=url, status=404)
        if not (200 <= status < 300 or status == 304):
            self._failed(stats, f"HTTP {status}")
            raise UnexpectedStatus(f"{where}: HTTP {status}", url=url, status=status)
        if expect_length is not None and status != 304 and len(response.content) != expect_length:
            self._failed(stats, "truncated download")
            raise TruncatedDownload(
                f"{where}: got {len(response.content)} bytes, expected {expect_length}",
                url=url,
                status=status,
                attempts=attempt,
            )
        stats.last_success = self._clock()
        stats.consecutive_failures = 0
        log.debug("%s: HTTP %d, %d bytes", where, status, len(response.content))
        return response

    def _failed(self, stats: HostStats, reason: str) -> None:
        stats.last_error = reason
        stats.last_error_at = self._clock()
        stats.consecutive_failures += 1

    def _backoff(self, attempt: int) -> float:
        """Full jitter: a random delay up to base * 2^(attempt-1), capped at max_delay."""
        return self._jitter() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))

    def _retry_after(self, response: httpx.Response) -> float | None:
        """The Retry-After delay in seconds (capped), or None when absent or unreadable."""
        seconds = retry_after_seconds(response.headers.get("Retry-After"), self._clock())
        return None if seconds is None else min(seconds, self.retry_after_cap)


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """A Retry-After header (delta seconds or HTTP date) as seconds from `now`; None if bad."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - now).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _is_error_page(url: str, response: httpx.Response) -> bool:
    """A redirect that lands on an error page while the URL asked for was no error page."""
    if not response.history:
        return False
    landed = response.url.path
    return bool(_ERROR_PAGE_RE.search(landed)) and not _ERROR_PAGE_RE.search(urlsplit(url).path)


def _where(url: str) -> str:
    """Host and path of a URL, for messages and logs (no query string)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
