"""HTTP for the watchers: one configured httpx client, and a polite fetcher that retries.

    FetchError                 a URL that could not be fetched
    ├── SourceUnavailable      5xx, 429, timeouts or connection errors, still after every attempt;
    │                          a Retry-After over the cap; no complete answer within the deadline
    ├── NotFound               404 or 410, or a redirect to an error page (a 404 in disguise)
    ├── TruncatedDownload      the body is not as long as the source said it would be
    ├── TooLargeDownload       the body is longer than allowed (a feed page, a document file)
    └── UnexpectedStatus       any other 4xx (or 3xx left over); not retried

The fetcher allows at most `per_host` requests in flight per host, backs off exponentially with
full jitter (or as long as `Retry-After` says), and keeps per-host health figures for `status`
output. Its `sleep` is injectable so tests retry instantly.

Nothing a source does holds a request for long: each `get` ends within `deadline` seconds,
retries and waits included (`KAMERVRAGEN_HTTP_DEADLINE`), however slowly the body drips in; a
`Retry-After` longer than `retry_after_cap` is not waited for (`KAMERVRAGEN_RETRY_AFTER_CAP`: the
next poll tries again); and the body is read as a stream and refused as soon as it passes its cap
(`KAMERVRAGEN_MAX_PAGE_BYTES`, or `KAMERVRAGEN_MAX_RESOURCE_BYTES` for documents), so a huge
file is never held in memory.
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
# Headers that described the body as it travelled, not the decoded body we keep.
_TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
MB = 1024 * 1024


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


class TooLargeDownload(FetchError):
    """The body is longer than the cap for its kind (a feed page, a document file)."""


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


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much one request to a source may take (from the settings)."""

    retry_delay: float = 1.0  # the first backoff; it doubles
    deadline: float = 120.0  # one request, retries and waits included
    retry_after_cap: float = 60.0  # a longer Retry-After is not waited for
    max_page_bytes: int = 20 * MB  # a feed page or an API answer
    max_resource_bytes: int = 50 * MB  # a document file


def make_fetcher(client: httpx.AsyncClient, limits: FetchLimits) -> Fetcher:
    """A Fetcher on `client` that keeps to `limits`."""
    return Fetcher(
        client,
        base_delay=limits.retry_delay,
        deadline=limits.deadline,
        retry_after_cap=limits.retry_after_cap,
        max_bytes=limits.max_page_bytes,
        max_document_bytes=limits.max_resource_bytes,
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
        retry_after_cap: float = 60.0,
        deadline: float = 120.0,
        max_bytes: int = 20 * MB,
        max_document_bytes: int = 50 * MB,
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
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_document_bytes = max_document_bytes
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
        document: bool = False,
    ) -> httpx.Response:
        """GET `url` (2xx or 304) within the deadline, retrying what is worth retrying; the body
        capped at `max_bytes` (`max_document_bytes` for a `document`); raises a FetchError."""
        stats = self.stats(urlsplit(url).netloc)
        try:
            async with asyncio.timeout(self.deadline):
                return await self._get(url, expect_length, headers, document, stats)
        except TimeoutError:
            self._failed(stats, "deadline")
            raise SourceUnavailable(
                f"{_where(url)}: no complete answer within {self.deadline:g} s "
                "(KAMERVRAGEN_HTTP_DEADLINE)",
                url=url,
            ) from None

    async def _get(
        self,
        url: str,
        expect_length: int | None,
        headers: Mapping[str, str] | None,
        document: bool,
        stats: HostStats,
    ) -> httpx.Response:
        host = urlsplit(url).netloc
        limit = self._limits.setdefault(host, asyncio.Semaphore(self.per_host))
        where = _where(url)
        ends_at = asyncio.get_running_loop().time() + self.deadline
        for attempt in range(1, self.attempts + 1):
            stats.requests += 1
            try:
                async with limit:
                    response = await self._request(url, headers, document)
            except _RETRYABLE_ERRORS as exc:
                reason = type(exc).__name__
                delay = self._backoff(attempt)
            except TooLargeDownload:
                self._failed(stats, "too large")
                raise
            except httpx.HTTPError as exc:
                self._failed(stats, type(exc).__name__)
                raise FetchError(f"{where}: {type(exc).__name__}", url=url) from None
            else:
                if response.status_code in RETRYABLE_STATUS:
                    reason = f"HTTP {response.status_code}"
                    asked = self._retry_after(response)
                    if asked is not None and asked > self.retry_after_cap:
                        self._failed(stats, reason)
                        raise SourceUnavailable(
                            f"{where}: {reason}, asked to wait {asked:g} s, over the "
                            f"{self.retry_after_cap:g} s cap (KAMERVRAGEN_RETRY_AFTER_CAP); "
                            "tried again at the next poll",
                            url=url,
                            status=response.status_code,
                            attempts=attempt,
                        )
                    delay = self._backoff(attempt) if asked is None else asked
                else:
                    return self._accept(response, url, expect_length, stats, attempt)
            self._failed(stats, reason)
            if attempt == self.attempts:
                raise SourceUnavailable(
                    f"{where}: {reason} after {attempt} attempts", url=url, attempts=attempt
                )
            if asyncio.get_running_loop().time() + delay > ends_at:
                raise SourceUnavailable(
                    f"{where}: {reason}; no time for another try within {self.deadline:g} s "
                    "(KAMERVRAGEN_HTTP_DEADLINE)",
                    url=url,
                    attempts=attempt,
                )
            log.warning("%s: %s; retry %d in %.1f s", where, reason, attempt, delay)
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request(
        self, url: str, headers: Mapping[str, str] | None, document: bool
    ) -> httpx.Response:
        """One GET, its body read as a stream up to the cap: a response holding the body (or,
        for a status worth retrying, only its status and headers)."""
        cap = self.max_document_bytes if document else self.max_bytes
        variable = "KAMERVRAGEN_MAX_RESOURCE_BYTES" if document else "KAMERVRAGEN_MAX_PAGE_BYTES"
        async with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code in RETRYABLE_STATUS:
                return response
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > cap:
                raise _too_large(url, f"announces {int(declared):,} bytes", cap, variable)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise _too_large(url, f"passed {cap:,} bytes", cap, variable)
                chunks.append(chunk)
        kept = [(k, v) for k, v in response.headers.multi_items() if k not in _TRANSFER_HEADERS]
        return httpx.Response(
            response.status_code,
            headers=kept,
            content=b"".join(chunks),
            request=response.request,
            history=response.history,
        )

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
        """The Retry-After delay in seconds, or None when absent or unreadable."""
        return retry_after_seconds(response.headers.get("Retry-After"), self._clock())


def _too_large(url: str, what: str, cap: int, variable: str) -> TooLargeDownload:
    return TooLargeDownload(
        f"{_where(url)}: refused, the body {what}, over the limit of {cap / MB:.1f} MB "
        f"({variable})",
        url=url,
    )


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
