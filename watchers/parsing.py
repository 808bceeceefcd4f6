"""Parsing fetched documents where a hostile one cannot stall the bot: in a worker process,
with a time limit per document.

    parser = DocumentParser(Workers(processes=1), ParseLimits(), timeout=60)
    parsed = await parser.parse(data, "2019D30185.pdf")     # ParsedDocument, or raises
    parsed = await parser.parse_publication(xml)           # an officielebekendmakingen XML

A document whose parsing runs past `timeout` seconds (`KAMERVRAGEN_PARSE_TIMEOUT`) has its worker
killed and raises `ParseTimedOut`; one whose worker dies raises `ParserDied`. Documents wait
their turn for a free worker before their time starts, so a queue of texts fetched together
never eats into one document's limit. Both are
ParseErrors with a one-line reason, kept with the text (`status` shows it). The event loop and
the interpreter lock of the bot stay free meanwhile: the parse runs in another process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from kamervragen.core.model import ParsedDocument
from kamervragen.core.offload import WorkerDied, Workers, WorkTimeout
from kamervragen.watchers.parsers.dispatch import ParseLimits, parse_bytes
from kamervragen.watchers.parsers.errors import ParseError
from kamervragen.watchers.parsers.koop_xml import parse_koop_xml

DEFAULT_TIMEOUT = 60.0


class ParseTimedOut(ParseError):
    """Parsing the document took longer than its time limit; its worker was killed."""


class ParserDied(ParseError):
    """The worker process parsing the document died (out of memory, a crash)."""


class DocumentParser:
    """Fetched documents parsed by `parse_bytes` in worker processes, each within a limit."""

    def __init__(
        self,
        workers: Workers,
        limits: ParseLimits | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.workers = workers
        self.limits = limits or ParseLimits()
        self.timeout = timeout
        self._turns = asyncio.Semaphore(max(1, workers.processes))  # one document a worker

    async def parse(self, data: bytes, name: str) -> ParsedDocument:
        """A document file of any format (its name hints the format); a ParseError
        (ParseTimedOut, ParserDied among them) if it cannot be read."""
        return await self._run(parse_bytes, data, name, self.limits)

    async def parse_publication(self, data: bytes) -> ParsedDocument:
        """An officielebekendmakingen publication (XML); a ParseError if it cannot be read."""
        return await self._run(_publication, data, self.limits)

    async def _run(self, function: Callable[..., ParsedDocument], *args: Any) -> ParsedDocument:
        try:
            async with self._turns:
                return await self.workers.run(function, *args, timeout=self.timeout)
        except WorkTimeout:
            raise ParseTimedOut(
                f"parsing gave up after {self.timeout:g} s (KAMERVRAGEN_PARSE_TIMEOUT)"
            ) from None
        except WorkerDied as exc:
            raise ParserDied(f"the parser process died ({exc})") from None


def _publication(data: bytes, limits: ParseLimits) -> ParsedDocument:
    """An officielebekendmakingen XML within the limits (run in a worker)."""
    limits.check_text(len(data))
    return parse_koop_xml(data)


def in_threads(
    limits: ParseLimits | None = None, timeout: float = DEFAULT_TIMEOUT
) -> DocumentParser:
    """A parser on threads instead of processes (tests, and callers without a pool)."""
    return DocumentParser(Workers(processes=0), limits, timeout=timeout)
