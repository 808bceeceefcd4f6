"""Settings: the one source of limits, paths and variables, read from the environment.

Every variable is listed in the README; this is the only module that reads them. The composition
root (`kamervragen.app`) and the command line build a `Settings` and hand plain values from it to
the watchers, the bot and storage, which read no environment of their own.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamervragen.watchers.http import FetchLimits
    from kamervragen.watchers.poller import Sources
    from kamervragen.watchers.publications import PublicationSources

from kamervragen.watchers.odata import odata_url_for


class ConfigError(ValueError):
    """A configuration variable has a value we cannot use."""


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, not {value}")
    return value


def _positive(name: str, default: float) -> float:
    value = _float(name, default)
    if value == 0:
        raise ConfigError(f"{name} must be more than 0")
    return value


def _ids(name: str) -> frozenset[int]:
    raw = os.environ.get(name, "")
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(
                f"{name} must list chat ids separated by commas, not {part!r}"
            ) from None
    return frozenset(ids)


def _switch(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (on or off), not {raw!r}")


def _url_or_off(name: str, default: str) -> str | None:
    """A URL; unset gives the default, set to "" or "off" turns the feature off (None)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    return None if raw in ("", "off") else raw.rstrip("/")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = (os.environ.get(name) or "").strip().lower() or default
    if raw not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def _port(name: str) -> int | None:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return None
    port = _int(name, 0, minimum=1)
    if port > 65535:
        raise ConfigError(f"{name} must be a port number (1 to 65535), not {port}")
    return port


DEFAULT_DB = "kamervragen.db"
DEFAULT_LOG_LEVEL = "WARNING"
DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
DEFAULT_RSS_URL = "https://zoek.officielebekendmakingen.nl/rss"
LOG_FORMATS = ("text", "json")
DEFAULT_SYNCFEED_URL = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Everything the running service reads from its environment."""

    db: str = DEFAULT_DB
    token: str | None = field(default=None, repr=False)  # never printed
    api_url: str = "https://api.telegram.org"
    syncfeed_url: str = DEFAULT_SYNCFEED_URL
    odata_url: str = odata_url_for(DEFAULT_SYNCFEED_URL)  # document numbers are looked up here
    ob_url: str = "https://zoek.officielebekendmakingen.nl"
    backfill_days: int = 30
    poll_interval: int = 60
    max_subscriptions: int = 50
    max_query_length: int = 200
    admins: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    http_timeout: float = 30.0
    http_retry_delay: float = 1.0
    http_deadline: float = 120.0  # one request to a source, retries and waits included
    retry_after_cap: float = 60.0  # a source asking to wait longer is tried at the next poll
    max_page_bytes: int = 20 * MB  # a feed page (or API answer) over this is refused
    max_resource_bytes: int = 50 * MB  # a document file over this is refused
    parse_timeout: float = 60.0  # parsing one fetched document, in a worker process
    busy_timeout: float = 30.0  # a statement waits this long for another process's lock
    rate_scale: float = 1.0  # Telegram's sending limits times this (tests go faster)
    send_retry_delay: float = 1.0  # the first backoff after a network error or 5xx
    max_pdf_pages: int = 300  # a PDF with more pages is refused
    max_text_bytes: int = 10 * 1024 * 1024  # a document with more text is refused
    log_level: str = DEFAULT_LOG_LEVEL
    log_format: str = "text"  # or "json": one JSON object a line
    ob_watch: bool = True  # officielebekendmakingen as a second source
    ob_poll_interval: int = 300
    ob_sru_url: str | None = DEFAULT_SRU_URL  # None: no search (the RSS feed only)
    ob_rss_url: str | None = DEFAULT_RSS_URL  # None: no RSS fallback
    ob_search_timeout: float = 120.0  # the search service takes 20 to 120 s a query
    metrics_port: int | None = None  # None: no Prometheus endpoint
    metrics_listen: str = "127.0.0.1"

    @classmethod
    def from_env(cls, db: str | None = None) -> Settings:
        """Read the settings from the environment; `db` (from --db) wins over KAMERVRAGEN_DB."""
        env = os.environ.get
        syncfeed_url = (env("TK_SYNCFEED_URL") or DEFAULT_SYNCFEED_URL).rstrip("/")
        return cls(
            db=cls.database_path(db),
            token=env("TELEGRAM_BOT_TOKEN") or None,
            api_url=(env("TELEGRAM_API_URL") or "https://api.telegram.org").rstrip("/"),
            syncfeed_url=syncfeed_url,
            odata_url=(env("TK_ODATA_URL") or odata_url_for(syncfeed_url)).rstrip("/"),
            ob_url=(env("OB_URL") or "https://zoek.officielebekendmakingen.nl").rstrip("/"),
            backfill_days=_int("KAMERVRAGEN_BACKFILL_DAYS", 30),
            poll_interval=_int("POLL_INTERVAL", 60, minimum=1),
            max_subscriptions=_int("KAMERVRAGEN_MAX_SUBSCRIPTIONS", 50, minimum=1),
            max_query_length=_int("KAMERVRAGEN_MAX_QUERY_LENGTH", 200, minimum=10),
            admins=_ids("KAMERVRAGEN_ADMINS"),
            webhook_url=env("TELEGRAM_WEBHOOK_URL") or None,
            webhook_listen=env("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_int("TELEGRAM_WEBHOOK_PORT", 8443, minimum=1),
            webhook_secret=env("TELEGRAM_WEBHOOK_SECRET") or None,
            http_timeout=_float("KAMERVRAGEN_HTTP_TIMEOUT", 30.0),
            http_retry_delay=_float("KAMERVRAGEN_HTTP_RETRY_DELAY", 1.0),
            http_deadline=_positive("KAMERVRAGEN_HTTP_DEADLINE", 120.0),
            retry_after_cap=_float("KAMERVRAGEN_RETRY_AFTER_CAP", 60.0),
            max_page_bytes=_int("KAMERVRAGEN_MAX_PAGE_BYTES", 20 * MB, minimum=1024),
            max_resource_bytes=_int("KAMERVRAGEN_MAX_RESOURCE_BYTES", 50 * MB, minimum=1024),
            parse_timeout=_positive("KAMERVRAGEN_PARSE_TIMEOUT", 60.0),
            busy_timeout=_float("KAMERVRAGEN_DB_BUSY_TIMEOUT", 30.0),
            rate_scale=_positive("KAMERVRAGEN_RATE_SCALE", 1.0),
            send_retry_delay=_float("KAMERVRAGEN_SEND_RETRY_DELAY", 1.0),
            max_pdf_pages=_int("KAMERVRAGEN_MAX_PDF_PAGES", 300, minimum=1),
            max_text_bytes=_int("KAMERVRAGEN_MAX_TEXT_BYTES", 10 * 1024 * 1024, minimum=1024),
            log_level=cls.log_level_from_env(),
            log_format=cls.log_format_from_env(),
            ob_watch=_switch("KAMERVRAGEN_OB_WATCH", True),
            ob_poll_interval=_int("KAMERVRAGEN_OB_POLL_INTERVAL", 300, minimum=1),
            ob_sru_url=_url_or_off("OB_SRU_URL", DEFAULT_SRU_URL),
            ob_rss_url=_url_or_off("OB_RSS_URL", DEFAULT_RSS_URL),
            ob_search_timeout=_positive("KAMERVRAGEN_OB_SEARCH_TIMEOUT", 120.0),
            metrics_port=_port("KAMERVRAGEN_METRICS_PORT"),
            metrics_listen=env("KAMERVRAGEN_METRICS_LISTEN") or "127.0.0.1",
        )

    def publication_sources(self) -> PublicationSources:
        """Where the officielebekendmakingen watcher reads, from these settings."""
        from kamervragen.watchers.parsers.dispatch import ParseLimits
        from kamervragen.watchers.publications import PublicationSources

        return PublicationSources(
            self.ob_url,
            self.ob_sru_url,
            self.ob_rss_url,
            self.backfill_days,
            ParseLimits(self.max_pdf_pages, self.max_text_bytes),
        )

    def sources(self) -> Sources:
        """Where the watchers read, and the limits of what they parse."""
        from kamervragen.watchers.parsers.dispatch import ParseLimits
        from kamervragen.watchers.poller import Sources

        return Sources(
            self.syncfeed_url,
            self.ob_url,
            self.backfill_days,
            ParseLimits(self.max_pdf_pages, self.max_text_bytes),
        )

    def fetch_limits(self) -> FetchLimits:
        """How long and how much a request to a source may take."""
        from kamervragen.watchers.http import FetchLimits  # httpx: only for those that fetch

        return FetchLimits(
            retry_delay=self.http_retry_delay,
            deadline=self.http_deadline,
            retry_after_cap=self.retry_after_cap,
            max_page_bytes=self.max_page_bytes,
            max_resource_bytes=self.max_resource_bytes,
        )

    @staticmethod
    def database_path(db: str | None = None) -> str:
        """Only the database: `db` (from --db), else KAMERVRAGEN_DB, else kamervragen.db; for the
        commands that need nothing else (an unusable unrelated variable does not stop them)."""
        return db or os.environ.get("KAMERVRAGEN_DB") or DEFAULT_DB

    @staticmethod
    def log_format_from_env() -> str:
        """KAMERVRAGEN_LOG_FORMAT: "text" (default) or "json"; read before anything else."""
        return _choice("KAMERVRAGEN_LOG_FORMAT", "text", LOG_FORMATS)

    @staticmethod
    def secrets_from_env() -> tuple[str | None, ...]:
        """The secrets in the environment (the bot token, the webhook secret), to be masked in
        everything the process prints, whatever the command; read before anything else."""
        return (os.environ.get("TELEGRAM_BOT_TOKEN"), os.environ.get("TELEGRAM_WEBHOOK_SECRET"))

    @staticmethod
    def log_level_from_env() -> str:
        """KAMERVRAGEN_LOG_LEVEL, upper case (WARNING by default); read before anything else."""
        return (os.environ.get("KAMERVRAGEN_LOG_LEVEL") or DEFAULT_LOG_LEVEL).upper()


def settings_or_report(db: str | None = None) -> Settings | None:
    """The settings for a command; on an unusable variable, one line on stderr and None."""
    try:
        return Settings.from_env(db)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
