"""`kamervragen doctor`: the operator's first command on a new machine.

It checks, against the real services of the settings (never a fake of its own):

    database                  opens (created and migrated), takes a write, WAL, free disk
    syncfeed <Category>       a feed page of each category parses, and names Kamervragen
    syncfeed zaak             a Kamervragen Zaak is read by its GUID (/Entiteiten/<guid>)
    officielebekendmakingen   a known publication is fetched and parses into Q-A pairs
    ... metadata              its metadata.xml names its zaaknummer
    ... search, ... RSS       the search service and the RSS feed answer and parse
    bot api                   getMe accepts the token; getWebhookInfo, and what it says

One line per check, OK or what is wrong and what to do; exit 0 only when every check passes;
`--json` for a machine. The bot token never appears in its output.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from kamervragen.cli import KNOWN_PUBLICATION
from kamervragen.core.secrets import Secrets
from kamervragen.settings import Settings, settings_or_report

if TYPE_CHECKING:
    import httpx

MIN_FREE_BYTES = 200 * 1024 * 1024
PAGES_TO_LOOK = 3  # feed pages read from the start before "no Kamervragen here" is a failure


@dataclass(frozen=True)
class Finding:
    """One check's result."""

    check: str
    ok: bool
    detail: str
    fix: str | None = None

    def line(self) -> str:
        """The finding as one line of text."""
        text = f"{'OK' if self.ok else 'FAIL':<4}  {self.check}: {self.detail}"
        return text + (f"; to do: {self.fix}" if self.fix and not self.ok else "")


def cmd_doctor(args: argparse.Namespace) -> int:
    """Run every check; 0 when all pass, 1 otherwise, 2 for unusable settings."""
    settings = settings_or_report(args.db)
    if settings is None:
        return 2
    if logging.getLogger().level >= logging.WARNING:  # each failure is in its finding
        logging.getLogger("kamervragen.watchers.http").setLevel(logging.ERROR)
    findings = asyncio.run(run_checks(settings, publication=args.publication))
    if args.json:
        data = [asdict(f) for f in findings]
        print(redact(json.dumps(data, ensure_ascii=False, indent=2), settings))
    else:
        for finding in findings:
            print(redact(finding.line(), settings))
        failed = sum(not f.ok for f in findings)
        print(f"{len(findings) - failed} of {len(findings)} checks passed")
    return 0 if all(f.ok for f in findings) else 1


def redact(text: str, settings: Settings) -> str:
    """`text` without the bot token or the webhook secret, in any case or encoding."""
    secrets = Secrets()
    for secret in (settings.token, settings.webhook_secret):
        if secret:
            secrets.add(secret)
    return secrets.redact(text)


async def run_checks(settings: Settings, *, publication: str = KNOWN_PUBLICATION) -> list[Finding]:
    """Every check, in the order of the module's docstring."""
    from kamervragen.storage.health import database_health
    from kamervragen.watchers.http import Fetcher, make_client

    health = await asyncio.to_thread(database_health, settings.db)
    findings = [database_finding(health)]
    async with (
        make_client(timeout=settings.http_timeout) as client,
        make_client(timeout=settings.ob_search_timeout) as search_client,
    ):
        fetcher = Fetcher(client, attempts=2, base_delay=settings.http_retry_delay)
        search_fetcher = Fetcher(search_client, attempts=2, base_delay=settings.http_retry_delay)
        parts = await asyncio.gather(
            check_syncfeed(fetcher, settings, health.stored_zaak_guid),
            check_publications(fetcher, search_fetcher, settings, publication),
            check_bot_api(client, settings),
        )
    for part in parts:
        findings.extend(part)
    return findings


def database_finding(health: Any) -> Finding:
    """The database's line."""
    name = f"database {health.path}"
    if health.error:
        return Finding(
            name, False, health.error, "check the path (KAMERVRAGEN_DB or --db) and its rights"
        )
    problems, fixes = [], []
    if health.migrations_applied < health.migrations_known:
        problems.append("migrations missing")
        fixes.append("start `kamervragen run` once (it migrates)")
    if health.journal_mode != "wal":
        problems.append(f"journal mode {health.journal_mode}, not WAL")
        fixes.append("put the database on a local disk (WAL needs shared memory)")
    free = health.free_bytes
    if free is not None and free < MIN_FREE_BYTES:
        problems.append(f"only {free / 2**20:.0f} MB free")
        fixes.append("free disk space (a catch-up needs room)")
    free_text = f"{free / 2**30:.1f} GB free" if free is not None else "free space unknown"
    detail = (
        f"writable, {health.migrations_applied} of {health.migrations_known} migrations, "
        f"{(health.journal_mode or '?').upper()}, {free_text}"
    )
    if problems:
        return Finding(name, False, f"{detail}: " + "; ".join(problems), "; ".join(fixes))
    return Finding(name, True, detail)


async def _guarded(check: str, fix: str, probe: Callable[[], Awaitable[Finding]]) -> Finding:
    """Run one probe; a fetch or parse failure becomes a failed finding with `fix`."""
    from kamervragen.watchers.http import FetchError
    from kamervragen.watchers.parsers.errors import ParseError
    from kamervragen.watchers.syncfeed.errors import SyncFeedError

    try:
        return await probe()
    except (FetchError, ParseError, SyncFeedError) as exc:
        return Finding(check, False, str(exc).splitlines()[0][:300], fix)


async def check_syncfeed(
    fetcher: Any, settings: Settings, stored_guid: str | None
) -> list[Finding]:
    """A page of each category parses and names Kamervragen; a Kamervragen Zaak reads."""
    from kamervragen.watchers.poller import CATEGORIES, fetch_page
    from kamervragen.watchers.syncfeed.entities import Document, DocumentVersie, Zaak, ZaakActor
    from kamervragen.watchers.syncfeed.payload import parse_entity

    kinds = {"Zaak": Zaak, "Document": Document, "DocumentVersie": DocumentVersie}
    kinds["ZaakActor"] = ZaakActor  # the others come back as Other (or Deleted)

    base = settings.syncfeed_url
    fix = f"check TK_SYNCFEED_URL ({base}) and this machine's access to it"
    found: dict[str, str] = {}  # a Kamervragen Zaak's GUID

    def probe_category(category: str) -> Callable[[], Awaitable[Finding]]:
        async def probe() -> Finding:
            token, entries, wanted = None, 0, 0
            for _ in range(PAGES_TO_LOOK):
                page = await fetch_page(fetcher, base, category, token)
                entries += len(page.entries)
                kept = [e for e in page.entries if isinstance(e, kinds[category])]
                wanted += len(kept)
                zaken = [e for e in kept if isinstance(e, Zaak)]
                if zaken:
                    found.setdefault("zaak", zaken[0].guid)
                if wanted or page.caught_up or page.last_skiptoken in (None, token):
                    break
                token = page.last_skiptoken
            name = f"syncfeed {category}"
            if not entries:
                return Finding(name, False, "the feed has no entries", fix)
            if not wanted:
                others = "Kamervragen" if category in ("Zaak", "Document") else category
                return Finding(
                    name,
                    False,
                    f"{entries} entries read, none is a {others} entity",
                    "the SyncFeed's format may have changed: report it with this output",
                )
            what = "Kamervragen" if category in ("Zaak", "Document") else "readable"
            return Finding(name, True, f"page parses: {wanted} {what} of {entries} entries")

        return probe

    findings = [
        await _guarded(f"syncfeed {category}", fix, probe_category(category))
        for category in CATEGORIES
    ]

    async def probe_zaak() -> Finding:
        guid = stored_guid or found.get("zaak")
        if guid is None:
            return Finding("syncfeed zaak", False, "no Kamervragen Zaak known to read", fix)
        response = await fetcher.get(f"{base}/Entiteiten/{guid}")
        entity = await asyncio.to_thread(parse_entity, response.content)
        if not isinstance(entity, Zaak) or not entity.nummer:
            return Finding(
                "syncfeed zaak",
                False,
                f"{guid} did not read as a Zaak with a nummer",
                "the SyncFeed's format may have changed: report it with this output",
            )
        return Finding("syncfeed zaak", True, f"{entity.nummer} ({entity.soort}) reads by its GUID")

    findings.append(await _guarded("syncfeed zaak", fix, probe_zaak))
    return findings


async def check_publications(
    fetcher: Any, search_fetcher: Any, settings: Settings, publication: str
) -> list[Finding]:
    """A known publication parses into Q-A pairs; its metadata; the search and the feed."""
    from kamervragen.watchers.parsers.koop_xml import parse_koop_xml
    from kamervragen.watchers.parsers.ob_listing import parse_rss, parse_sru_response
    from kamervragen.watchers.publications import rss_feed_url, search_query, sru_page_url

    ob = settings.ob_url
    name = "officielebekendmakingen"
    fix = f"check OB_URL ({ob}) and this machine's access to it"

    async def probe_text() -> Finding:
        response = await fetcher.get(f"{ob}/{publication}.xml")
        doc = await asyncio.to_thread(parse_koop_xml, response.content)
        pairs = [p for p in doc.to_json()["qa"] if p["question"] and p["answer"]]
        if not pairs:
            return Finding(
                name,
                False,
                f"{publication} parses as {doc.kind} but gives no question-answer pairs",
                "the publication format may have changed: report it with this output",
            )
        return Finding(name, True, f"{publication}: {doc.kind}, {len(pairs)} Q-A pairs")

    async def probe_metadata() -> Finding:
        response = await fetcher.get(f"{ob}/{publication}/metadata.xml")
        doc = await asyncio.to_thread(parse_koop_xml, response.content)
        if not doc.zaaknummer:
            return Finding(
                f"{name} metadata",
                False,
                f"{publication}/metadata.xml names no zaaknummer (OVERHEIDop.vraagnummer)",
                "answers will link by title, askers and date only: report it",
            )
        return Finding(f"{name} metadata", True, f"{publication} is zaak {doc.zaaknummer}")

    findings = [
        await _guarded(name, fix, probe_text),
        await _guarded(f"{name} metadata", fix, probe_metadata),
    ]
    if not settings.ob_watch:
        findings.append(Finding(f"{name} watcher", True, "off (KAMERVRAGEN_OB_WATCH=0)"))
        return findings

    async def probe_search() -> Finding:
        assert settings.ob_sru_url
        since = dt.date.today() - dt.timedelta(days=settings.backfill_days)
        url = sru_page_url(settings.ob_sru_url, search_query(since), 1, 1)
        page = await asyncio.to_thread(parse_sru_response, (await search_fetcher.get(url)).content)
        return Finding(
            f"{name} search", True, f"{page.total or 0} Kamervragen publications since {since}"
        )

    async def probe_rss() -> Finding:
        assert settings.ob_rss_url
        response = await fetcher.get(rss_feed_url(settings.ob_rss_url))
        listing = await asyncio.to_thread(parse_rss, response.content)
        return Finding(f"{name} RSS", True, f"{len(listing.publications)} publications listed")

    for label, url, probe, variable in (
        ("search", settings.ob_sru_url, probe_search, "OB_SRU_URL"),
        ("RSS", settings.ob_rss_url, probe_rss, "OB_RSS_URL"),
    ):
        check = f"{name} {label}"
        if url is None:
            findings.append(Finding(check, True, f"off ({variable} is empty)"))
        else:
            findings.append(await _guarded(check, f"check {variable} ({url})", probe))
    return findings


async def check_bot_api(client: httpx.AsyncClient, settings: Settings) -> list[Finding]:
    """getMe accepts the token; getWebhookInfo matches the settings and reports no error."""
    import httpx

    name = "bot api"
    if not settings.token:
        return [
            Finding(
                name,
                False,
                "TELEGRAM_BOT_TOKEN is not set",
                "get a token from @BotFather and set it (`kamervragen console` needs none)",
            )
        ]
    fix = f"check TELEGRAM_API_URL ({settings.api_url}) and this machine's access to it"
    try:
        me = await _bot_call(client, settings, "getMe")
        hook = await _bot_call(client, settings, "getWebhookInfo")
    except _BotApiRefused as exc:
        if exc.code == 401:
            return [
                Finding(
                    name,
                    False,
                    "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)",
                    "check the token @BotFather gave you",
                )
            ]
        return [Finding(name, False, str(exc), fix)]
    except (httpx.HTTPError, ValueError) as exc:
        return [Finding(name, False, f"cannot reach the Bot API: {type(exc).__name__}", fix)]
    findings = [Finding(name, True, f"the token is @{me.get('username')}'s")]
    findings.append(_webhook_finding(hook, settings))
    return findings


def _webhook_finding(hook: dict[str, Any], settings: Settings) -> Finding:
    name = "bot api webhook"
    url, error = hook.get("url") or "", hook.get("last_error_message")
    pending = hook.get("pending_update_count", 0)
    if settings.webhook_url:
        if error:
            return Finding(
                name,
                False,
                f"Telegram could not deliver to {url or settings.webhook_url}: {error}",
                "make TELEGRAM_WEBHOOK_URL reach this machine's TELEGRAM_WEBHOOK_PORT",
            )
        state = "set as configured" if url == settings.webhook_url else "set by `run` at start"
        return Finding(name, True, f"webhook {state}; {pending} updates waiting")
    if url:
        return Finding(
            name, True, f"a webhook is set ({url}); `run` removes it and uses long polling"
        )
    return Finding(name, True, f"no webhook: long polling; {pending} updates waiting")


class _BotApiRefused(Exception):
    """The Bot API answered ok=false."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"the Bot API refused: {code} {description}")
        self.code = code


async def _bot_call(client: httpx.AsyncClient, settings: Settings, method: str) -> dict[str, Any]:
    """One Bot API call; its result, or _BotApiRefused (the URL, with the token, is never
    part of an error)."""
    response = await client.post(f"{settings.api_url}/bot{settings.token}/{method}")
    data = response.json()
    if not isinstance(data, dict) or not data.get("ok"):
        code = data.get("error_code", response.status_code) if isinstance(data, dict) else 0
        description = data.get("description", "") if isinstance(data, dict) else ""
        raise _BotApiRefused(int(code), str(description))
    result = data.get("result")
    return result if isinstance(result, dict) else {}
