"""The conversation core: one command or button press in, the messages to send out.

Transport-independent: the Telegram handlers (`bot.handlers`) and the terminal console
(`bot.console`) both turn what arrived into an `Incoming` and carry out the `Reply`:

    conversation = Conversation(db, fetch_case=fetch)
    reply = await conversation.handle(Incoming(chat_id=42, text="/case 2019Z15244"))
    reply.messages   # new messages to send (into the same forum topic)
    reply.edit       # the new content of the message whose button was pressed
    reply.toast      # the short answer to a button press (an alert when `alert`)

Button presses are routed by `bot.buttons`; the message layouts come from `bot.views` and
`bot.render`. Nothing here knows about Telegram's API.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kamervragen.bot.conversation import deadlines, guide, lookup, views
from kamervragen.bot.conversation.buttons import press
from kamervragen.bot.conversation.lookup import Finder, SearchResult
from kamervragen.bot.conversation.turn import Incoming, Reply, Turn, say
from kamervragen.bot.rendering.html import Message, clip
from kamervragen.bot.rendering.i18n import language, t
from kamervragen.bot.rendering.status import status_message
from kamervragen.core.matching import QueryError, describe, parse_query
from kamervragen.core.matching.glossary import translations
from kamervragen.core.model import Case
from kamervragen.core.offload import OffloadError, Workers
from kamervragen.core.references import parse_references, zaaknummer_of
from kamervragen.storage import cases as case_store
from kamervragen.storage import chat_state, chats
from kamervragen.storage.db import Database
from kamervragen.storage.search_jobs import Request, Shown

log = logging.getLogger(__name__)

FetchCase = Callable[[str], Awaitable[str | None]]
SEARCH_PAGE = 5  # search results on one page


async def no_fetch(reference: str) -> str | None:
    """The default on-demand fetcher: nothing is fetched, the case is unknown."""
    return None


@dataclass(frozen=True)
class Lookup:
    """A case found for a reference, or the string key that says why not."""

    case: Case | None
    problem: str | None = None
    reference: str = ""


def split_command(text: str) -> tuple[str, str]:
    """("case", "2019Z15244") from "/case@some_bot 2019Z15244"."""
    head, _, rest = text.strip().partition(" ")
    if "\n" in head:
        head, _, more = head.partition("\n")
        rest = f"{more} {rest}".strip()
    return head[1:].split("@", 1)[0].lower(), rest.strip()


class Conversation:
    """Answers every command and button press of every chat; holds no per-chat state."""

    def __init__(
        self,
        db: Database,
        *,
        max_subscriptions: int,
        max_query_length: int,
        fetch_case: FetchCase = no_fetch,
        today: Callable[[], dt.date] = dt.date.today,
        admins: frozenset[int] = frozenset(),
        workers: Workers | None = None,
        bot_username: str | None = None,
        finder: Finder | None = None,
    ) -> None:
        self.db = db
        self.workers = workers or Workers(processes=0)  # CPU work (charts) off the event loop
        self.bot_username = bot_username  # for links that open a case in the bot
        self.finder = finder or Finder(db)  # searches and previews, off the event loop
        self.admins = admins  # the operators' chats: only they have /status
        self.max_subscriptions = max_subscriptions
        self.max_query_length = max_query_length
        self.fetch_case = fetch_case
        self.today = today
        self.searches = lookup.Searches()
        self._commands: dict[str, Callable[[Turn, str], Awaitable[Reply]]] = {
            name: getattr(self, f"cmd_{name}") for name in guide.COMMANDS
        }
        self._commands["status"] = self.cmd_status  # for operators; not in the menu or /help

    async def handle(self, incoming: Incoming) -> Reply:
        """The reply to one command, text or button press."""
        chat = chats.ensure_chat(self.db, incoming.chat_id, incoming.chat_type, incoming.chat_title)
        if not chat.active:  # it blocked or removed the bot once, and now talks to it again
            chat_state.reactivate(self.db, incoming.chat_id, dt.datetime.now(dt.UTC))
            chat = chats.get_chat(self.db, incoming.chat_id) or chat
        turn = Turn(incoming, chat, chat.language or language(incoming.language_code))
        if incoming.callback_data is not None:
            return await press(self, turn, incoming.callback_data)
        text = (incoming.text or "").strip()
        private = incoming.chat_type == "private"
        if text.startswith("/"):
            name, args = split_command(text)
            command = self._commands.get(name)
            if command is not None:
                return await command(turn, args)
            return say(turn, "unknown_command") if private else Reply()
        if private and text:
            if parse_references(text):
                return await self.cmd_case(turn, text)
            return say(turn, "private_hint")
        return Reply()

    # ---------------------------------------------------------------- shared helpers

    async def may_change(self, turn: Turn) -> bool:
        """Private chats and channels always; groups only for their administrators."""
        if turn.incoming.chat_type in ("private", "channel"):
            return True
        check = turn.incoming.is_admin
        return check if isinstance(check, bool) else await check()

    async def find_case(self, text: str) -> Lookup:
        """The case a reference names: stored, else fetched on demand from the sources."""
        references = parse_references(text)
        if not references:
            return Lookup(None, "case.bad_reference", clip(text, 80))
        for reference in references:
            key = case_store.find_case_key(self.db, reference)
            case = case_store.load_case(self.db, key) if key else None
            if case is not None:
                return Lookup(case, reference=reference)
        failed = False
        for reference in references:
            try:
                key = await self.fetch_case(reference)
            except Exception:  # the sources are someone else's servers: any failure is theirs
                log.warning("fetching %s on demand failed", reference, exc_info=True)
                failed = True
                continue
            case = case_store.load_case(self.db, key) if key else None
            if case is not None:
                return Lookup(case, reference=reference)
        return Lookup(None, "case.unavailable" if failed else "case.not_found", references[0])

    def language_for(self, chat_id: int, language_code: str | None) -> str:
        """The language to speak in a chat: its own setting, else the user's."""
        chat = chats.get_chat(self.db, chat_id)
        return (chat.language if chat else None) or language(language_code)

    def load(self, zaaknummer: str) -> Case | None:
        """A stored case by zaaknummer (or case key)."""
        key = case_store.find_case_key(self.db, zaaknummer)
        return case_store.load_case(self.db, key) if key else None

    def is_following(self, chat_id: int, zaaknummer: str) -> bool:
        """Does the chat follow the case?"""
        return any(f.zaaknummer == zaaknummer for f in chats.follows_of(self.db, chat_id))

    def list_view(self, turn: Turn, page: int) -> Message:
        """One page of the chat's subscriptions and follows (only that page's cases loaded)."""
        subscriptions = chats.subscriptions_of(self.db, turn.chat_id)
        follows = chats.follows_of(self.db, turn.chat_id)
        pages = max(1, -(-(len(subscriptions) + len(follows)) // views.LIST_PAGE))
        first = min(max(page, 0), pages - 1) * views.LIST_PAGE
        shown = [*subscriptions, *follows][first : first + views.LIST_PAGE]
        loaded = {
            f.zaaknummer: case
            for f in shown
            if isinstance(f, chats.Follow) and (case := self.load(f.zaaknummer))
        }
        return views.list_page(turn.lang, subscriptions, follows, loaded, first // views.LIST_PAGE)

    async def search_view(self, turn: Turn, token: str, page: int) -> Message | None:
        """One page of a kept search, or None when it expired (or could not be shown)."""
        result = self.searches.get(token)
        if result is None:
            return None
        pages = max(1, -(-len(result.keys) // SEARCH_PAGE))
        page = min(max(page, 0), pages - 1)
        keys = result.keys[page * SEARCH_PAGE : (page + 1) * SEARCH_PAGE]
        try:
            shown = await self.finder.show(result.query, keys, self.today())
        except OffloadError:
            log.warning("showing page %d of a search for %r failed", page, result.query)
            return None
        return self._search_page(turn, token, result, page, shown)

    def _search_page(
        self, turn: Turn, token: str, result: SearchResult, page: int, shown: tuple[Shown, ...]
    ) -> Message:
        return views.search_page(
            turn.lang,
            result.query,
            self.finder.found(shown),
            total=len(result.keys),
            page=page,
            per_page=SEARCH_PAGE,
            token=token,
            more=result.more,
            also=[word for _, dutch in translations(parse_query(result.query)) for word in dutch],
        )

    def case_label(self, case: Case) -> str:
        """2019Z15244 “title”, for sentences about a case."""
        title = clip(case.title, 60) if case.title else ""
        return f"{case.zaaknummer} “{title}”" if title else str(case.zaaknummer)

    # ---------------------------------------------------------------- commands

    async def cmd_start(self, turn: Turn, args: str) -> Reply:
        """What the bot does; a `case_<reference>` deep link opens that case."""
        if args.lower().startswith("case_"):
            return await self.cmd_case(turn, args[5:])
        return Reply((guide.start(turn.lang),))

    async def cmd_help(self, turn: Turn, args: str) -> Reply:
        """Every command with an example."""
        return Reply((guide.help_text(turn.lang),))

    async def cmd_subscribe(self, turn: Turn, args: str) -> Reply:
        """Validate and save a query; show what it finds and would have caught."""
        if not args:
            return say(turn, "usage.subscribe")
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        try:
            query = parse_query(args, max_length=self.max_query_length)
        except QueryError as err:
            return Reply((views.query_error(turn.lang, args, err),))
        text = " ".join(args.split())
        try:
            sub, new = chats.add_subscription(
                self.db,
                turn.chat_id,
                text,
                thread_id=turn.incoming.thread_id,
                limit=self.max_subscriptions,
            )
        except chats.TooManySubscriptions:
            return say(turn, "sub.too_many", limit=self.max_subscriptions)
        try:
            preview = await self.finder.preview(text, self.today())
        except OffloadError:
            log.warning("the preview of %r failed", text, exc_info=True)
            preview = None
        description = describe(query, turn.lang)
        also = [word for _, dutch in translations(query) for word in dutch]
        view = views.subscribed(turn.lang, sub, description, preview, new=new, also=also)
        return Reply((view,))

    async def cmd_unsubscribe(self, turn: Turn, args: str) -> Reply:
        """Without an argument a keyboard of the subscriptions; with one, remove that one."""
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        subscriptions = chats.subscriptions_of(self.db, turn.chat_id)
        if not args:
            return Reply((views.unsubscribe_menu(turn.lang, subscriptions),))
        wanted = " ".join(args.split()).casefold()
        match = next((s for s in subscriptions if s.query.casefold() == wanted), None)
        if match is None and args.strip().lstrip("#").isdigit():
            number = int(args.strip().lstrip("#"))  # the number /list shows
            match = subscriptions[number - 1] if 1 <= number <= len(subscriptions) else None
        if match is None:
            return say(turn, "unsub.not_found", query=clip(args, 200))
        chats.remove_subscription(self.db, turn.chat_id, match.id)
        return say(turn, "unsub.done", query=match.query)

    async def cmd_list(self, turn: Turn, args: str) -> Reply:
        """The chat's subscriptions and followed cases, with remove buttons."""
        return Reply((self.list_view(turn, 0),))

    async def cmd_case(self, turn: Turn, args: str) -> Reply:
        """A case's header and Q-A pairs, paged, with follow and official-text buttons."""
        if not args:
            return say(turn, "usage.case")
        found = await self.find_case(args)
        if found.case is None:
            return say(turn, found.problem or "case.not_found", reference=found.reference)
        z = found.case.zaaknummer
        following = bool(z) and self.is_following(turn.chat_id, z or "")
        view = views.case_view(
            found.case, turn.lang, 0, following=following, bot_username=self.bot_username
        )
        return Reply((view,))

    async def cmd_follow(self, turn: Turn, args: str) -> Reply:
        """Alerts for a case's answer, postponement, further answer and withdrawal."""
        if not args:
            return say(turn, "usage.follow")
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        found = await self.find_case(args)
        case = found.case
        if case is None:
            return say(turn, found.problem or "case.not_found", reference=found.reference)
        if not case.zaaknummer:
            return say(turn, "follow.no_zaaknummer")
        label = self.case_label(case)
        if not chats.follow(self.db, turn.chat_id, case.zaaknummer, turn.incoming.thread_id):
            return say(turn, "follow.already", case=label)
        if case.status in ("open", "postponed"):
            return say(turn, "follow.done", case=label)
        status = t(turn.lang, f"status.{case.status}")
        return say(turn, "follow.done_closed", case=label, status=status)

    async def cmd_unfollow(self, turn: Turn, args: str) -> Reply:
        """No more alerts for a case."""
        if not args:
            return say(turn, "usage.unfollow")
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        zaaknummer = next(filter(None, map(zaaknummer_of, parse_references(args))), None)
        if zaaknummer is None:
            found = await self.find_case(args)
            if found.case is None or not found.case.zaaknummer:
                return say(turn, found.problem or "case.not_found", reference=found.reference)
            zaaknummer = found.case.zaaknummer
        if not chats.unfollow(self.db, turn.chat_id, zaaknummer):
            return say(turn, "unfollow.not_following", case=zaaknummer)
        return say(turn, "unfollow.done", case=zaaknummer)

    async def cmd_search(self, turn: Turn, args: str) -> Reply:
        """The newest stored cases the query matches, five a page."""
        if not args:
            return say(turn, "usage.search")
        try:
            parse_query(args, max_length=self.max_query_length)  # checked here, run in a worker
        except QueryError as err:
            return Reply((views.query_error(turn.lang, args, err),))
        text = " ".join(args.split())
        request = Request(text, self.today(), limit=lookup.MAX_RESULTS, show=SEARCH_PAGE)
        try:
            result = await self.finder.run(request)
        except OffloadError:
            log.warning("the search for %r failed", text, exc_info=True)
            return say(turn, "search.failed")
        token, kept = self.searches.keep(text, result)
        return Reply((self._search_page(turn, token, kept, 0, result.shown),))

    async def cmd_recent(self, turn: Turn, args: str) -> Reply:
        """The latest question sets and answers."""
        asked, answered = lookup.recent_cases(self.db)
        return Reply((views.recent(turn.lang, asked, answered),))

    async def cmd_settings(self, turn: Turn, args: str) -> Reply:
        """Show the settings; `instant`, `digest [HOUR]`, `pause`, `resume`, `language X`."""
        if not args:
            return Reply((self.settings_view(turn),))
        words = args.lower().split()
        changes = _settings_change(words)
        if changes is None:
            key, values = _settings_problem(words, args)
            return say(turn, key, **values)
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        chat = chats.update_chat(self.db, turn.chat_id, **changes)
        turn = Turn(turn.incoming, chat, chat.language or language(turn.incoming.language_code))
        return Reply((self.settings_view(turn),))

    async def cmd_language(self, turn: Turn, args: str) -> Reply:
        """Choose the bot's language for this chat: nl, en or auto."""
        if not args:
            buttons = views.language_buttons(turn.lang, turn.chat.language, "lang")
            return Reply((Message(views.line(turn.lang, "language.choose").text, (buttons,)),))
        words = args.lower().split()
        changes = _settings_change(["language", *words])
        if changes is None:
            if len(words) == 1:
                name = clip(args.strip(), 40)
                return say(turn, "settings.bad_language", language=name, example="/language en")
            return say(turn, "usage.language")
        if not await self.may_change(turn):
            return say(turn, "not_admin")
        chat = chats.update_chat(self.db, turn.chat_id, **changes)
        lang = chat.language or language(turn.incoming.language_code)
        return Reply((views.line(lang, "language.set" if chat.language else "language.auto"),))

    async def cmd_overdue(self, turn: Turn, args: str) -> Reply:
        """Open sets past their deadline, most overdue first; for a ministry, party, member."""
        return await deadlines.overdue(self, turn, args)

    async def cmd_stats(self, turn: Turn, args: str) -> Reply:
        """Answer times per ministry (or party) as a chart with the table."""
        return await deadlines.stats(self, turn, args)

    async def cmd_status(self, turn: Turn, args: str) -> Reply:
        """For the operators' chats: the outbox, sources and texts; others don't know it."""
        if turn.chat_id not in self.admins:
            return say(turn, "unknown_command") if turn.incoming.chat_type == "private" else Reply()
        try:
            data = await self.finder.status()
        except OffloadError:
            log.warning("counting for /status failed", exc_info=True)
            return say(turn, "ops.failed")
        return Reply((status_message(data, turn.lang),))

    def settings_view(self, turn: Turn) -> Message:
        """The settings message for the turn's chat."""
        return views.settings_view(turn.lang, turn.chat, language(turn.incoming.language_code))


_LANGUAGE_NAMES = {
    **dict.fromkeys(("nl", "nederlands", "dutch"), "nl"),
    **dict.fromkeys(("en", "english", "engels"), "en"),
    **dict.fromkeys(("auto", "automatic", "automatisch"), None),
}


def _settings_problem(words: list[str], args: str) -> tuple[str, dict[str, object]]:
    """The string (and its values) saying what is wrong with a `/settings` argument."""
    given = args.split()
    if words and words[0] == "digest":
        return "settings.bad_hour", {"hour": clip(" ".join(given[1:]), 40)}
    if len(words) == 2 and words[0] in ("language", "taal"):
        return "settings.bad_language", {
            "language": clip(given[1], 40),
            "example": "/settings language en",
        }
    if words and (words[0] in _SWITCHES or words[0] == "stats"):
        form = "chart|text" if words[0] == "stats" else "on|off"
        example = form.split("|")[0]
        return "settings.bad_value", {
            "setting": clip(given[0], 20),
            "values": form,
            "example": example,
        }
    return "settings.unknown", {"setting": clip(args.strip(), 40)}


def _settings_change(words: list[str]) -> dict[str, object] | None:
    """The chat settings a `/settings ...` argument asks for, or None if it makes no sense."""
    if words == ["instant"]:
        return {"mode": "instant"}
    if words and words[0] == "digest" and len(words) <= 2:
        if len(words) == 1:
            return {"mode": "digest"}
        hour = words[1].removesuffix(":00").removesuffix("h").removesuffix("u")
        if hour.isdigit() and 0 <= int(hour) <= 23:
            return {"mode": "digest", "digest_hour": int(hour)}
        return None
    if words in (["pause"], ["pauze"]):
        return {"paused": True}
    if words in (["resume"], ["hervat"]):
        return {"paused": False}
    if len(words) == 2 and words[0] in ("language", "taal") and words[1] in _LANGUAGE_NAMES:
        return {"language": _LANGUAGE_NAMES[words[1]]}
    return _deadline_settings(words)


_ON_OFF = {"on": True, "aan": True, "off": False, "uit": False}
_SWITCHES = {
    "deadlines": "deadline_alerts",
    "termijnen": "deadline_alerts",
    "weekly": "weekly",
    "week": "weekly",
    "weekoverzicht": "weekly",
}
_STATS_FORMS = {"text": True, "tekst": True, "chart": False, "grafiek": False}


def _deadline_settings(words: list[str]) -> dict[str, object] | None:
    """`deadlines on|off`, `weekly on|off`, `stats chart|text` (and their Dutch words)."""
    if len(words) != 2:
        return None
    if words[0] in _SWITCHES and words[1] in _ON_OFF:
        return {_SWITCHES[words[0]]: _ON_OFF[words[1]]}
    if words[0] == "stats" and words[1] in _STATS_FORMS:
        return {"stats_text": _STATS_FORMS[words[1]]}
    return None
