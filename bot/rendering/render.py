"""Telegram HTML messages for a case and for the events of a case: pure functions. The alert
for an answer has a module of its own, `answer_alert`.

Each `render_*` takes a `Case` (and a language, a Telegram code is fine) and returns a list of
`Message`s, each within Telegram's limits (4096 visible characters, 100 entities), split between
questions and never inside a tag; the buttons go on the last message. Every string that comes
from data is escaped here.

`Message` and `Button` (and `inline_keyboard`, to turn one into PTB reply markup) live in
`bot.html`. Callback data the bot must handle (at most 64 bytes, checked when a Button is made):
`follow:<zaaknummer>`, `case:<zaaknummer>` (the case in full), `case:<zaaknummer>:<page>` (one
page of it), `full:<zaaknummer>` (every question and answer in full), `unsub:<subscription id>`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import quote, quote_plus

import pysbd

from kamervragen.bot.rendering import leads
from kamervragen.bot.rendering.callbacks import (
    Follow,
    OpenCase,
    Unsubscribe,
    deep_link,
    encode,
)
from kamervragen.bot.rendering.html import (
    MAX_CHARS,
    MAX_ENTITIES,
    Button,
    Message,
    bold,
    clip,
    distinct_labels,
    escape,
    italic,
    link,
    measure,
    pack,
)
from kamervragen.bot.rendering.i18n import format_date, join_list, t
from kamervragen.bot.rendering.quotes import (
    COLLAPSED_CHARS,
    MARGIN,
    QUESTIONS,
    VISIBLE_CHARS,
    lines_shown,
    water_level,
    with_quotes,
)
from kamervragen.core.dates import deadline_for
from kamervragen.core.model import Answer, Case
from kamervragen.core.references import question_publication_id
from kamervragen.core.text import squash

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{}.html"
SEARCH_URL = "https://www.tweedekamer.nl/zoeken?qry={}"
PAGE_RESERVE = 40  # characters kept free on every page of a case for "Part 2 of 3"
LONG_QUESTION = 200  # a question longer than this is cut to its first sentence in notifications
SUMMARY_CHARS = 320  # an answer summary takes a second sentence only within this length
HARD_CUT = 400  # no sentence of a summary is shown longer than this
MATCHED_CHARS = 240  # the matched queries of an alert take at most this much of its line
QUERY_CHARS = 60  # one matched query is cut to this in that line
_SEGMENT_HEAD = 1200  # sentences are only looked for in the head of a long text

_SEGMENTER = pysbd.Segmenter(language="nl", clean=False)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Match(NamedTuple):
    """A subscription of the chat whose query matched; a plain (id, query) tuple works too."""

    subscription_id: int | str
    query: str


# ---------------------------------------------------------------- public renderers


def render_case(
    case: Case, lang: str, page: int | None = None, *, bot_username: str | None = None
) -> list[Message]:
    """The whole case: header, every question with its answer, footnotes, the official text;
    related cases are links that open them in the bot when `bot_username` is known.

    With `page` (0-based, clamped) only that message is returned, with "Part n of m" and
    previous/next buttons (`case:<zaaknummer>:<page>`)."""
    blocks = [_header(case, lang, bot_username=bot_username)]
    blocks += [_full_group(case, lang, group) for group in answer_groups(case)]
    if case.footnotes:
        blocks.append(_footnotes(case, lang))
    blocks.append("🔗 " + link(official_url(case), t(lang, "official_text")))
    texts = pack(blocks, max_chars=MAX_CHARS - PAGE_RESERVE, max_entities=MAX_ENTITIES - 1)
    buttons: list[tuple[Button, ...]] = []
    if case.status in ("open", "postponed") and case.zaaknummer:
        buttons.append((Button(t(lang, "button.follow"), encode(Follow(case.zaaknummer))),))
    if page is None:
        return _messages(texts, buttons)
    index = min(max(page, 0), len(texts) - 1)
    text = texts[index]
    if len(texts) > 1:
        text += "\n\n" + italic(t(lang, "page", page=index + 1, pages=len(texts)))
        if case.zaaknummer:
            nav = []
            if index > 0:
                nav.append(
                    Button(t(lang, "button.previous"), encode(OpenCase(case.zaaknummer, index - 1)))
                )
            if index < len(texts) - 1:
                nav.append(
                    Button(t(lang, "button.next"), encode(OpenCase(case.zaaknummer, index + 1)))
                )
            buttons.insert(0, tuple(nav))
    return [Message(text, tuple(buttons))]


def render_new_question_set(
    case: Case,
    matched_queries: Sequence[Match | tuple[int | str, str] | str],
    lang: str,
    *,
    heading: str = "new_questions",
) -> list[Message]:
    """A new set of questions for a chat whose queries matched: the lead (who asks whom about
    what), the deadline, the questions on one screen (each cut to fit, a long one to its first
    sentence) and, when anything was cut, every question in full in a collapsed quotation;
    buttons to follow the answer, open the case and unsubscribe each matched query (plain
    strings get no unsubscribe button). `heading` is the key of the heading's string."""
    head = [_title_line("🆕" if heading == "new_questions" else "📄", t(lang, heading), case)]
    head.append(escape(leads.lead(case, "question_filed", lang)))
    head += [escape(t(lang, "deadline", date=format_date(lang, d))) for d in [_deadline(case)] if d]
    queries = [m if isinstance(m, str) else m[1] for m in matched_queries]
    if queries:
        head.append(escape(matched_line(lang, queries)))
    footer = "🔗 " + link(official_url(case, ("question",)), t(lang, "official_text"))
    texts = _question_screen(case, lang, head, footer)
    buttons: list[tuple[Button, ...]] = []
    if case.zaaknummer:
        buttons.append(
            (
                Button(t(lang, "button.follow"), encode(Follow(case.zaaknummer))),
                Button(t(lang, "button.case"), encode(OpenCase(case.zaaknummer))),
            )
        )
    removable = [m for m in matched_queries if not isinstance(m, str)]
    labels = distinct_labels([m[1] for m in removable], 24)
    for match, short in zip(removable, labels, strict=True):
        label = t(lang, "button.unsubscribe", query=short)
        buttons.append((Button(label, encode(Unsubscribe(int(match[0])))),))
    return [Message(text, tuple(buttons) if i == 0 else ()) for i, text in enumerate(texts)]


def render_postponed(case: Case, lang: str) -> list[Message]:
    """The answer was postponed: the lead, the new deadline and the notice's first sentences."""
    lines = []
    deadline = _deadline(case)
    if deadline:
        lines.append(escape(t(lang, "new_deadline", date=format_date(lang, deadline))))
    prefer = ("postponement", "question")
    return _event(case, lang, "⏳", t(lang, "postponed_heading"), lines, prefer, "postponed")


def render_withdrawn(case: Case, lang: str) -> list[Message]:
    """The member withdrew the questions."""
    prefer = ("withdrawal", "question")
    return _event(case, lang, "🚫", t(lang, "withdrawn_heading"), [], prefer, "withdrawn")


def official_url(case: Case, prefer: Sequence[str] = ("answer", "question")) -> str:
    """The official text: the newest document of the first preferred kind with a publication
    id, else the question (kv-tk-<zaaknummer>), else a Tweede Kamer search."""
    for kind in prefer:
        for document in reversed(case.documents):
            if document.kind == kind and document.ids.publication_id:
                return OFFICIAL_URL.format(quote(document.ids.publication_id, safe="-_."))
    if case.zaaknummer:
        return OFFICIAL_URL.format(quote(question_publication_id(case.zaaknummer), safe="-_."))
    return SEARCH_URL.format(quote_plus(case.title or ""))


def summarise(text: str, sentences: int = 2) -> str:
    """The first one or two sentences of a text (a second only if short enough), with an
    ellipsis when anything was left out."""
    parts = _sentences(text)
    if not parts:
        return ""
    chosen = parts[0]
    if sentences > 1 and len(parts) > 1 and len(chosen) + 1 + len(parts[1]) <= SUMMARY_CHARS:
        chosen += " " + parts[1]
    complete = chosen == _squash(text)
    if len(chosen) > HARD_CUT:
        chosen, complete = _clip(chosen, HARD_CUT), True  # _clip adds its own ellipsis
    return chosen if complete else chosen + " …"


# ---------------------------------------------------------------- building blocks


def _event(
    case: Case,
    lang: str,
    icon: str,
    heading: str,
    lines: list[str],
    prefer: Sequence[str],
    kind: str,
) -> list[Message]:
    text_lines = [_title_line(icon, heading, case), escape(leads.lead(case, kind, lang))]
    text_lines += lines
    if case.notice:
        text_lines.append(italic(summarise(case.notice)))
    text_lines.append("🔗 " + link(official_url(case, prefer), t(lang, "official_text")))
    buttons: list[tuple[Button, ...]] = []
    if case.zaaknummer:
        buttons.append((Button(t(lang, "button.case"), encode(OpenCase(case.zaaknummer))),))
    return _messages(pack(["\n".join(text_lines)]), buttons)


def _question_screen(case: Case, lang: str, head: list[str], footer: str) -> list[str]:
    """The head, one line per question within VISIBLE_CHARS (a line saying how many more when
    not all fit), the footer; the questions in full in collapsed quotations if any was cut."""
    if not case.questions:
        return pack(["\n".join(head), footer])
    shorts = [short_question(q.text) for q in case.questions]
    full = [_squash(clean_text(q.text)) for q in case.questions]
    labels = [f"{q.number}. " for q in case.questions]
    size = measure("\n".join(head) + "\n\n" + footer)
    room = VISIBLE_CHARS - size.chars - 2 - MARGIN
    whole = sum(len(x) + len(y) + 1 for x, y in zip(labels, full, strict=True))
    if whole <= room and size.entities + len(labels) < MAX_ENTITIES:  # a bold number each
        lines = [f"{bold(x.strip())} {escape(y)}" for x, y in zip(labels, full, strict=True)]
        return with_quotes("\n".join(head) + "\n\n" + "\n".join(lines), footer, [], lang, None)
    room -= COLLAPSED_CHARS + 1
    shown = lines_shown(labels, room)
    more = len(labels) - shown
    if more:
        room -= len(t(lang, "alert.more_questions", count=more)) + 3
    cap = water_level(
        [len(x) for x in shorts[:shown]], room - sum(len(x) + 1 for x in labels[:shown])
    )
    pairs = zip(labels[:shown], shorts[:shown], strict=True)
    lines = [f"{bold(x.strip())} {escape(clip(y, cap))}" for x, y in pairs]
    if more:
        lines.append(italic(t(lang, "alert.more_questions", count=more)))
    blocks = [
        f"{bold(t(lang, 'question', number=q.number))}\n{escape(text)}"
        for q, text in zip(case.questions, full, strict=True)
    ]
    top = "\n".join(head) + "\n\n" + "\n".join(lines)
    return with_quotes(top, footer, blocks, lang, case.zaaknummer, QUESTIONS)


def _title_line(icon: str, heading: str | None, case: Case) -> str:
    parts = [bold(heading)] if heading else []
    if case.zaaknummer:
        parts.append(bold(case.zaaknummer) if not heading else escape(case.zaaknummer))
    return f"{icon} " + " · ".join(parts)


def _header(case: Case, lang: str, *, bot_username: str | None = None) -> str:
    """The head of a case: zaaknummer and status, title, who asked whom, dates, answerer,
    letter and related cases."""
    known = case.status in ("open", "postponed", "answered", "withdrawn")
    status = t(lang, f"status.{case.status}") if known else case.status
    lines = [_title_line("📄", None, case) + " · " + escape(status)]
    if case.title:
        lines.append(bold(case.title))
    if case.askers:
        askers = [f"{a.name} ({a.party})" if a.party else a.name for a in case.askers]
        lines.append(escape(t(lang, "asked_by", askers=join_list(lang, askers))))
    if case.addressees:
        lines.append(escape(t(lang, "addressed_to", addressees=join_list(lang, case.addressees))))
    if case.submitted:
        lines.append(escape(t(lang, "submitted", date=format_date(lang, case.submitted))))
    lines += [escape(line) for line in _progress(case, lang)]
    if case.answered_by:
        lines.append(escape(t(lang, "answered_by", name=case.answered_by)))
    if case.letter:
        lines.append(escape(t(lang, "answered_by_letter", letter=case.letter)))
    if case.related:
        lines.append(related_line(case, lang, bot_username))
    return "\n".join(lines)


def matched_line(lang: str, queries: Sequence[str]) -> str:
    """ "Gevonden met: “china”, “export*”" (plain text), within MATCHED_CHARS: each query cut
    to QUERY_CHARS, and "en nog 12" for the queries that do not fit."""
    shown: list[str] = []
    used = 0
    for query in queries:
        quoted = f"“{clip(' '.join(query.split()), QUERY_CHARS)}”"
        if shown and used + len(quoted) + 2 > MATCHED_CHARS:
            break
        shown.append(quoted)
        used += len(quoted) + 2
    text = ", ".join(shown)
    if len(shown) < len(queries):
        text = t(lang, "matched_more", queries=text, count=len(queries) - len(shown))
    return t(lang, "matched", queries=text)


def related_line(case: Case, lang: str, bot_username: str | None) -> str:
    """ "Zie ook: 2019Z15131" with each case a deep link that opens it in the bot (plain text
    when the bot's username is unknown, as in the console)."""
    links = []
    for zaaknummer in case.related:
        url = deep_link(bot_username, zaaknummer)
        links.append(link(url, zaaknummer) if url else escape(zaaknummer))
    return escape(t(lang, "related", cases="\0")).replace("\0", ", ".join(links))


def _progress(case: Case, lang: str) -> list[str]:
    if case.status in ("open", "postponed"):
        deadline = _deadline(case)
        return [t(lang, "deadline", date=format_date(lang, deadline))] if deadline else []
    if case.status != "answered":
        return []
    days = case.days_taken()
    if days is not None and case.answered:
        key = "answered_after_one" if days == 1 else "answered_after"
        return [t(lang, key, days=days, date=format_date(lang, case.answered))]
    if case.answered:
        return [t(lang, "answered_on", date=format_date(lang, case.answered))]
    return []


def _deadline(case: Case) -> dt.date | None:
    """The deadline as recorded, else three weeks after submission (six when postponed)."""
    if case.deadline or not case.submitted:
        return case.deadline
    return deadline_for(case.submitted, case.status == "postponed")


def answer_groups(case: Case) -> list[tuple[list[int], list[Answer]]]:
    """Question numbers in order, grouped so that a merged answer follows its last question."""
    numbers = sorted(
        {q.number for q in case.questions} | {n for a in case.answers for n in a.numbers}
    )
    closing: dict[int, list[Answer]] = {}
    for answer in case.answers:
        if answer.numbers:
            closing.setdefault(max(answer.numbers), []).append(answer)
    groups: list[tuple[list[int], list[Answer]]] = []
    current: tuple[list[int], list[Answer]] = ([], [])
    for number in numbers:
        current[0].append(number)
        current[1].extend(closing.get(number, []))
        pending = any(min(a.numbers) <= number < max(a.numbers) for a in case.answers if a.numbers)
        if not pending:
            groups.append(current)
            current = ([], [])
    if current[0]:
        groups.append(current)
    return groups


def _answer_label(lang: str, answer: Answer) -> str:
    return t(lang, "answer", numbers=", ".join(str(n) for n in answer.numbers))


def _full_group(case: Case, lang: str, group: tuple[list[int], list[Answer]]) -> str:
    texts = {q.number: q.text for q in case.questions}
    pieces = [
        f"{bold(t(lang, 'question', number=n))}\n{escape(clean_text(texts[n]))}"
        for n in group[0]
        if n in texts
    ]
    pieces += [f"{bold(_answer_label(lang, a))}\n{escape(clean_text(a.text))}" for a in group[1]]
    return "\n\n".join(pieces)


def _footnotes(case: Case, lang: str) -> str:
    lines = [bold(t(lang, "footnotes"))]
    for note in case.footnotes:
        text = _squash(note.text)
        if note.url and re.match(r"https?://", note.url):
            label = _without_url(text, note.url) or _short_url(note.url)
            lines.append(f"{note.number}. {link(note.url, label)}")
        else:
            lines.append(f"{note.number}. {escape(text)}")
    return "\n".join(lines)


def _without_url(text: str, url: str) -> str:
    """A footnote's text without the URL it links to: "Pointer, 17 november 2024, Titel." for
    "Pointer, 17 november 2024, Titel (https://…)."."""
    text = text.replace(f"({url})", "").replace(url, "")
    label = re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split())).strip(" ,;:")
    return label if re.search(r"\w", label) else ""  # "." or "( )" is no label


def _messages(texts: list[str], buttons: list[tuple[Button, ...]]) -> list[Message]:
    rows = tuple(row for row in buttons if row)
    return [Message(text, rows if i == len(texts) - 1 else ()) for i, text in enumerate(texts)]


# ---------------------------------------------------------------- text helpers


def clean_text(text: str) -> str:
    """Control characters gone, lines trimmed, at most one blank line in a row."""
    text = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _squash(text: str) -> str:
    """White space squashed, control characters gone."""
    return squash(_CONTROL_RE.sub("", text))


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, control characters gone, cut at a word, with an ellipsis."""
    return clip(_squash(text), limit)


def short_question(text: str) -> str:
    """A question as is when short, else its first sentence with an ellipsis."""
    squashed = _squash(text)
    return squashed if len(squashed) <= LONG_QUESTION else summarise(squashed, sentences=1)


def _short_url(url: str) -> str:
    return _clip(re.sub(r"^https?://(www\.)?", "", url), 60)


def _sentences(text: str) -> tuple[str, ...]:
    """The sentences of the head of a text (pysbd, Dutch rules); a cut-off last one dropped."""
    squashed = _squash(text)
    parts = _segment(squashed[:_SEGMENT_HEAD])
    if len(squashed) > _SEGMENT_HEAD and len(parts) > 1:
        parts = parts[:-1]
    return parts


@functools.lru_cache(maxsize=1024)
def _segment(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _SEGMENTER.segment(text) if s.strip())
