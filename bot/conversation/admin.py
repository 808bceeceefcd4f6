"""Who may change a group's subscriptions: its administrators, asked with getChatMember and
remembered for a few minutes so a busy group does not cost a Bot API call per command."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

log = logging.getLogger(__name__)

ADMIN_TTL = 300.0  # seconds an answer of getChatMember is trusted
MAX_ENTRIES = 10_000  # remembered (chat, user) answers; the oldest are dropped first
ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})

MemberStatus = Callable[[int, int], Awaitable[str]]


class AdminCache:
    """Answers "is this user an administrator of this chat?", cached for `ttl` seconds."""

    def __init__(
        self,
        member_status: MemberStatus,
        *,
        ttl: float = ADMIN_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._member_status = member_status
        self._ttl = ttl
        self._clock = clock
        self._answers: dict[tuple[int, int], tuple[bool, float]] = {}

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        """True for the chat's creator and administrators; False when Telegram will not say."""
        now = self._clock()
        cached = self._answers.get((chat_id, user_id))
        if cached is not None and now - cached[1] < self._ttl:
            return cached[0]
        try:
            status = await self._member_status(chat_id, user_id)
        except TelegramError as exc:
            log.warning("getChatMember failed for chat %s: %s", chat_id, exc)
            return False  # not remembered: the next command asks again
        answer = status in ADMIN_STATUSES
        if len(self._answers) >= MAX_ENTRIES:
            self._answers.pop(next(iter(self._answers)))
        self._answers[(chat_id, user_id)] = (answer, now)
        return answer

    def forget(self, chat_id: int) -> None:
        """Drop what is remembered about one chat (e.g. after its administrators changed)."""
        for key in [k for k in self._answers if k[0] == chat_id]:
            del self._answers[key]


def telegram_member_status(bot: Bot) -> MemberStatus:
    """getChatMember through `bot`, reduced to the member's status."""

    async def status(chat_id: int, user_id: int) -> str:
        member = await bot.get_chat_member(chat_id, user_id)
        return str(member.status)

    return status
