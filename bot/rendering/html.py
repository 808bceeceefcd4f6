"""Telegram messages as the bot builds them: the Message and Button shapes, HTML escaping,
measuring, and splitting to Telegram's limits.

Telegram counts a message's length after entity parsing (the visible text) in UTF-16 code
units, at most 4096, and honours at most 100 entities (formatting tags) a message. The
functions here work on markup the bot built itself: every tag balanced, every `<`, `>` and `&`
of user text escaped. They split only between tags and entities, closing the tags open at a cut
and reopening them in the next part.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from kamervragen.core.text import plain_text

MAX_CHARS = 4096
MAX_ENTITIES = 100
MAX_CALLBACK_BYTES = 64

_ENTITY = r"&(?:lt|gt|amp|quot|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});"
_TOKEN_RE = re.compile(rf"<[^<>]*>|{_ENTITY}|[^<&]+")
_TAG_RE = re.compile(r"<[^<>]*>")
_BARE_AMP_RE = re.compile(rf"&(?!{_ENTITY[1:]})")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
CHAR, OPEN, CLOSE = 0, 1, 2


class RenderError(ValueError):
    """A message could not be built as asked."""


class MarkupError(RenderError):
    """The markup is not well-formed bot HTML (a stray `<` or `&`, or an unbalanced tag)."""


class CallbackDataTooLong(RenderError):
    """callback_data over Telegram's 64 bytes."""


@dataclass(frozen=True)
class Button:
    """An inline button: either callback data (at most 64 bytes) or a URL."""

    label: str
    callback_data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.callback_data is None) == (self.url is None):
            raise RenderError(f"button {self.label!r} needs exactly one of callback_data, url")
        if self.callback_data is not None:
            size = len(self.callback_data.encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_BYTES:
                raise CallbackDataTooLong(f"{self.callback_data!r} is {size} bytes")


@dataclass(frozen=True)
class Message:
    """One Telegram message: HTML text, rows of buttons, link previews off by default."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    disable_preview: bool = True


def inline_keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """The message's buttons as python-telegram-bot reply markup (None without buttons)."""
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.callback_data, url=b.url) for b in row]
            for row in message.buttons
        ]
    )


def escape(text: str) -> str:
    """Text made safe for Telegram HTML (`<`, `>`, `&`)."""
    return html.escape(text, quote=False)


def escape_attr(text: str) -> str:
    """Text made safe for a double-quoted attribute value."""
    return html.escape(text, quote=True)


def bold(text: str) -> str:
    """Plain text in bold."""
    return f"<b>{escape(text)}</b>"


def italic(text: str) -> str:
    """Plain text in italics."""
    return f"<i>{escape(text)}</i>"


def link(url: str, label: str) -> str:
    """A link with a plain-text label."""
    return f'<a href="{escape_attr(url)}">{escape(label)}</a>'


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


# A unit is one token: (raw markup, kind, visible character, UTF-16 width); tags have no
# character, an entity's character is the one it stands for.
_Unit = tuple[str, int, str, int]


def _units(markup: str) -> list[_Unit]:
    units: list[_Unit] = []
    position = 0
    for match in _TOKEN_RE.finditer(markup):
        if match.start() != position:
            break
        raw = match.group()
        position = match.end()
        if raw[0] == "<":
            units.append((raw, CLOSE if raw.startswith("</") else OPEN, "", 0))
        elif raw[0] == "&":
            char = html.unescape(raw)
            units.append((raw, CHAR, char, utf16_len(char)))
        else:
            units.extend((c, CHAR, c, 2 if ord(c) > 0xFFFF else 1) for c in raw)
    if position != len(markup):
        raise MarkupError(f"stray markup at {position}: {markup[position : position + 20]!r}")
    return units


def _text(markup: str) -> str:
    """The visible text, unstripped; raises MarkupError on a stray <, > inside text, or &."""
    rest = _TAG_RE.sub("", markup)
    if "<" in rest or _BARE_AMP_RE.search(rest):
        raise MarkupError(f"stray markup in {rest[:40]!r}")
    return html.unescape(rest)


def visible_text(markup: str) -> str:
    """The text Telegram shows: tags removed, entities decoded, outer white space stripped;
    raises MarkupError for markup that is not well-formed bot HTML."""
    _text(markup)
    return plain_text(markup)


@dataclass(frozen=True)
class Size:
    """What counts against Telegram's limits."""

    chars: int
    entities: int

    def fits(self, max_chars: int = MAX_CHARS, max_entities: int = MAX_ENTITIES) -> bool:
        """Within both limits."""
        return self.chars <= max_chars and self.entities <= max_entities


def measure(markup: str, *, strip: bool = True) -> Size:
    """Visible UTF-16 length (after Telegram's strip, unless `strip` is false) and number of
    tags (each opening tag is an entity)."""
    text = _text(markup)
    tags = _TAG_RE.findall(markup)
    return Size(utf16_len(text.strip() if strip else text), sum(1 for t in tags if t[1] != "/"))


def _closing(open_tag: str) -> str:
    match = _TAG_NAME_RE.match(open_tag)
    assert match is not None
    return f"</{match.group(1)}>"


def _is_space(unit: _Unit) -> bool:
    return unit[1] == CHAR and unit[2].isspace()


def split_markup(
    markup: str, max_chars: int = MAX_CHARS, max_entities: int = MAX_ENTITIES
) -> list[str]:
    """Cut markup into parts within the limits: at paragraphs, then lines, sentences, words,
    and only then anywhere, never inside a tag or an entity; open tags are closed and reopened."""
    if max_chars < 2 or max_entities < 1:
        raise ValueError("limits too small to split")
    units = _units(markup)
    parts: list[str] = []
    stack: list[str] = []  # open tags at `start`
    start = 0
    while start < len(units):
        end = max(_fill(units, start, len(stack), max_chars, max_entities), start + 1)
        if end < len(units):
            end = _best_cut(units, start, end, max_chars)
        stop = end
        while stop > start and _is_space(units[stop - 1]):
            stop -= 1  # the white space at a cut belongs to neither part
        state = _replay(units, start, stop, stack)
        if any(u[1] == CHAR and not u[2].isspace() for u in units[start:stop]):
            body = "".join(stack) + "".join(u[0] for u in units[start:stop])
            parts.append(body + "".join(_closing(tag) for tag in reversed(state)))
        stack = _replay(units, stop, end, state)
        start = end
        while start < len(units) and _is_space(units[start]):
            start += 1
    return parts


def _replay(units: list[_Unit], start: int, end: int, stack: list[str]) -> list[str]:
    """The open tags after units[start:end], given those open before."""
    state = list(stack)
    for raw, kind, _, _ in units[start:end]:
        if kind == OPEN:
            state.append(raw)
        elif kind == CLOSE:
            if not state:
                raise MarkupError(f"unbalanced closing tag {raw}")
            state.pop()
    return state


def _fill(units: list[_Unit], start: int, depth: int, max_chars: int, max_entities: int) -> int:
    """The furthest index reachable from `start` within the limits (`depth` tags reopened)."""
    chars, entities = 0, depth
    index = start
    for _, kind, _, width in units[start:]:
        if kind == OPEN:
            if entities + 1 > max_entities:
                break
            entities += 1
        elif chars + width > max_chars:
            break
        chars += width
        index += 1
    return index


# Where a cut may fall, best first: after a blank line, a line, a sentence, a word.
_BOUNDARIES = tuple(
    re.compile(rf"(?s).*({pattern})")  # greedy: the last match
    for pattern in (r"\n\n", r"\n", r"[.!?…][\"')\]»”’]*\s", r"\s")
)


def _best_cut(units: list[_Unit], start: int, end: int, max_chars: int) -> int:
    """The best place to cut in (start, end]: the best kind of boundary that keeps the part at
    least half full, else the hard limit; never right after an opening tag."""
    chars = [i for i in range(start, end) if units[i][1] == CHAR]
    total = sum(units[i][3] for i in chars)
    lo, filled = len(chars), 0
    for k, i in enumerate(chars):
        filled += units[i][3]
        if filled * 2 >= min(max_chars, total):
            lo = k
            break
    text = "".join(units[i][2] for i in chars[lo:])
    cut = end
    for boundary in _BOUNDARIES:
        match = boundary.match(text)
        if match:
            cut = chars[lo + match.end(1) - 1] + 1
            break
    while cut - 1 > start and units[cut - 1][1] == OPEN:
        cut -= 1
    while cut < end and units[cut][1] == CLOSE:
        cut += 1
    if not any(units[i][3] for i in range(start, cut)):  # nothing visible before the cut
        cut = end
    return cut


def pack(
    blocks: list[str],
    *,
    separator: str = "\n\n",
    max_chars: int = MAX_CHARS,
    max_entities: int = MAX_ENTITIES,
) -> list[str]:
    """Join blocks into as few messages as the limits allow. A block that fits in a message
    is never cut; one that does not is split with `split_markup`, starting in the message
    being filled."""
    messages: list[str] = []
    current, size = "", Size(0, 0)
    gap = utf16_len(separator)
    for block in blocks:
        block_size = measure(block, strip=False)  # unstripped: the sizes are added up
        if not block_size.chars:
            continue
        if not block_size.fits(max_chars, max_entities):
            combined = current + separator + block if current else block
            *full, current = split_markup(combined, max_chars, max_entities)
            messages += full
            size = measure(current, strip=False)
            continue
        joined = Size(size.chars + gap + block_size.chars, size.entities + block_size.entities)
        if current and joined.fits(max_chars, max_entities):
            current, size = current + separator + block, joined
        else:
            if current:
                messages.append(current)
            current, size = block, block_size
    if current:
        messages.append(current)
    return messages


def clip(text: str, limit: int) -> str:
    """At most `limit` characters on one line, cut at a word where possible, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def distinct_labels(texts: list[str], limit: int) -> list[str]:
    """Each text cut to `limit` characters as `clip` does, but no two alike: texts whose cut
    ends agree keep their start and their end ("stikstof OR ammoniak OR … OR Groningen"), and
    any still alike get their position ("… #2")."""
    labels = [clip(text, limit) for text in texts]
    seen = {label: labels.count(label) for label in labels}
    for i, text in enumerate(texts):
        if seen[labels[i]] > 1:
            squashed = " ".join(text.split())
            half = (limit - 3) // 2
            labels[i] = f"{squashed[:half].rstrip()} … {squashed[-half:].lstrip()}"
    for i, label in enumerate(labels):
        if labels.count(label) > 1:
            labels[i] = f"{clip(label, limit - 4)} #{i + 1}"
    return labels
