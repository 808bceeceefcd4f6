"""One screen, then the full text: the budget of what an alert shows at first, and the
expandable quotations that carry the rest in the same message (and the next ones).

    cap = water_level([len(line) for line in lines], room)    # one cap for every line
    texts = with_quotes(top, footer, blocks, lang, zaaknummer, QUESTIONS)  # or ANSWERS

An alert shows at most VISIBLE_CHARS with its quotations collapsed (COLLAPSED_CHARS each, what
Telegram shows of a collapsed quotation). The quotations go in the first message as far as
Telegram's 4,096 characters allow and continue in the messages after it, at most MAX_MESSAGES
in all; a set too long for that says where the rest is.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamervragen.bot.rendering.html import (
    MAX_CHARS,
    MAX_ENTITIES,
    bold,
    italic,
    measure,
    split_markup,
)
from kamervragen.bot.rendering.i18n import t

VISIBLE_CHARS = 1500  # what one alert shows before any quotation is expanded
COLLAPSED_CHARS = 150  # what a collapsed quotation shows at most (its first three lines)
MARGIN = 10  # characters of VISIBLE_CHARS kept free for rounding
MIN_LINE_CHARS = 60  # below this a line says too little: fewer lines are shown
MAX_MESSAGES = 3  # an alert is at most this many messages; what does not fit: "Hele zaak"
MIN_QUOTE_CHARS = 300  # less room than this left in the first message: the quotations follow it
QUOTE_OPEN, QUOTE_CLOSE = "<blockquote expandable>", "</blockquote>"


@dataclass(frozen=True)
class QuoteLabels:
    """The string keys of the quotations' title, of a continuation's title and of the note
    that the rest is in the whole case."""

    title: str = "alert.full_answers"
    continued: str = "alert.continued"
    truncated: str = "alert.truncated"


ANSWERS = QuoteLabels()
QUESTIONS = QuoteLabels("alert.full_questions", "alert.questions_continued", "alert.truncated_q")


def water_level(wanted: list[int], room: int, floor: int = MIN_LINE_CHARS) -> int:
    """The largest cap such that the wanted lengths, each cut to the cap, fit in `room` (never
    below `floor`)."""
    if sum(wanted) <= room:
        return max(wanted, default=floor)
    level, rest = floor, room
    for index, size in enumerate(sorted(wanted)):
        share = rest // (len(wanted) - index)
        if size > share:
            return max(level, share)
        rest -= size
        level = size
    return max(level, floor)


def lines_shown(labels: list[str], room: int, floor: int = MIN_LINE_CHARS) -> int:
    """How many lines, each its label and at least `floor` characters, fit in `room`."""
    shown = len(labels)
    while shown and sum(len(x) + 1 for x in labels[:shown]) + shown * floor > room:
        shown -= 1
    return shown


def with_quotes(
    top: str,
    footer: str,
    blocks: list[str],
    lang: str,
    zaaknummer: str | None,
    labels: QuoteLabels = ANSWERS,
) -> list[str]:
    """The first message (top, quotations as far as they fit, footer) and the continuations
    (quotations only), each within Telegram's limits; a block too long for the room left is
    cut between paragraphs, sentences or words and goes on in the next message."""
    if not blocks:
        return [f"{top}\n\n{footer}"]
    stream = "\n\n".join(blocks)
    start = f"{top}\n\n{QUOTE_OPEN}{italic(t(lang, labels.title))}\n"
    used = measure(start + QUOTE_CLOSE + "\n" + footer, strip=False)
    room = MAX_CHARS - used.chars - 2
    first, rest = "", stream
    if room >= MIN_QUOTE_CHARS:
        first, *more = split_markup(stream, room, MAX_ENTITIES - used.entities - 1)
        rest = "\n\n".join(more)
    texts = [f"{start}{first}{QUOTE_CLOSE}\n{footer}" if first else f"{top}\n\n{footer}"]
    heading = "📖 " + italic(t(lang, labels.continued))
    if zaaknummer:
        heading = f"📖 {bold(zaaknummer)} · " + italic(t(lang, labels.continued))
    note = italic(t(lang, labels.truncated))
    budget = MAX_CHARS - measure(heading).chars - measure(note).chars - 6
    chunks = split_markup(rest, budget, MAX_ENTITIES - 4) if rest else []
    more = [f"{heading}\n{QUOTE_OPEN}{chunk}{QUOTE_CLOSE}" for chunk in chunks]
    if len(more) >= MAX_MESSAGES:
        more = more[: MAX_MESSAGES - 1]
        more[-1] += "\n" + note
    return texts + more
