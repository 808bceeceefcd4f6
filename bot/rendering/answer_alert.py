"""The alert for an answered case, made to be read on a phone: one screen, then the full text.

    ✅ Beantwoord · 2019Z15244 · 10 september 2019
    Minister Kaag beantwoordde na 54 dagen (33 dagen te laat) de 10 vragen van Sjoerdsma (D66)
    over het bericht ‘Berucht Chinees veiligheidsministerie …’.
    Gevonden met: “china”

    De kern van elk antwoord, letterlijk:
    1. Ja.
    4–5. … ziet het kabinet risico’s voor de fundamentele vrijheden, privacy en …
    7. Nee.
    8. ↪ verwijst alleen naar het antwoord op vraag 7            (a non-answer)
    9. 📌 Toezegging: Ik informeer uw Kamer voor de zomer …        (a promise)
    ▸ Alle antwoorden volledig             <- an expandable quotation, collapsed
    🔗 Volledige tekst · Zie ook: 2019Z15131                       (a deep link)

The lead says who answered whom, about what, after how many days and how late. Each answer gets
the sentence(s) that carry its position (`kamervragen.core.summary`), verbatim, cut to a window
around the position when the screen has no room for all of it; an answer that only refers
elsewhere and an answer that promises to inform the Kamer are marked as such. What shows with
the quotations collapsed stays within `VISIBLE_CHARS`. The quotations hold every answer in full
(the questions are in the whole case): in the same message as far as Telegram's
4,096 characters allow, the rest in the messages right after it, at most MAX_MESSAGES in all
(a set too long for that says where the rest is: the whole case). The button that opens the
whole case goes on the first message; link previews stay off.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamervragen.bot.rendering.callbacks import OpenCase, encode
from kamervragen.bot.rendering.html import (
    MAX_CHARS,
    MAX_ENTITIES,
    Button,
    Message,
    bold,
    clip,
    escape,
    italic,
    link,
    measure,
    split_markup,
)
from kamervragen.bot.rendering.i18n import format_date, join_list, language, t
from kamervragen.bot.rendering.render import (
    Match,
    answer_groups,
    clean_text,
    official_url,
    related_line,
)
from kamervragen.core.deadlines import answer_timing
from kamervragen.core.model import Answer, Case
from kamervragen.core.summary import AnswerSummary, excerpt, summarise_answer
from kamervragen.core.summary.excerpt import ELLIPSIS

VISIBLE_CHARS = 1500  # what one alert shows before any quotation is expanded
COLLAPSED_CHARS = 150  # what a collapsed quotation shows at most (its first three lines)
SUMMARY_CHARS = 220  # the summariser's budget per answer, as benchmarked
UNCUT = 10_000  # a cap no answer line reaches
MARGIN = 10  # characters of VISIBLE_CHARS kept free for rounding
MIN_ANSWER_CHARS = 60  # below this an answer line says too little: fewer lines are shown
TITLE_CHARS = 160  # the title in the lead is cut to this
MAX_MESSAGES = 3  # an alert is at most this many messages; what does not fit: "Hele zaak"
MIN_QUOTE_CHARS = 300  # less room than this left in the first message: the quotations follow it
QUOTE_OPEN, QUOTE_CLOSE = "<blockquote expandable>", "</blockquote>"
_MARKERS = {"refers": "↪", "promise": "📌"}
_ARTICLES = ("Het ", "De ", "Een ", "Dit ", "Deze ")


def render_answer(
    case: Case,
    lang: str,
    matched_queries: Sequence[Match | tuple[int | str, str] | str] = (),
    *,
    bot_username: str | None = None,
) -> list[Message]:
    """The answered alert: heading, lead, one line per answer, the answers in full in
    collapsed quotations, the official text and related cases (deep links with
    `bot_username`), and a button that opens the whole case."""
    lang = language(lang)
    head = [_heading(case, lang), escape(lead(case, lang))]
    if case.letter:
        head.append(escape(t(lang, "answered_by_letter", letter=case.letter)))
    queries = [m if isinstance(m, str) else m[1] for m in matched_queries]
    if queries:
        head.append(escape(t(lang, "matched", queries=", ".join(f"“{q}”" for q in queries))))
    if case.answers:
        head += ["", italic(t(lang, "alert.quoted"))]
    footer = _footer(case, lang, bot_username)
    groups = [group for group in answer_groups(case) if group[1]]
    quotes = [_full_block(lang, answer) for _, answers in groups for answer in answers]
    fixed = measure("\n".join(head) + "\n\n" + footer).chars + 2
    if quotes:
        fixed += COLLAPSED_CHARS + 1
    lines = _answer_lines(case, lang, [a for _, answers in groups for a in answers], fixed)
    top = "\n".join(head) + ("\n" + "\n".join(lines) if lines else "")
    texts = _with_quotes(top, footer, quotes, lang, case.zaaknummer)
    buttons: tuple[tuple[Button, ...], ...] = ()
    if case.zaaknummer:
        buttons = ((Button(t(lang, "button.case"), encode(OpenCase(case.zaaknummer))),),)
    return [Message(text, buttons if i == 0 else ()) for i, text in enumerate(texts)]


def lead(case: Case, lang: str) -> str:
    """Who answered whom about what, after how long: "Minister Kaag beantwoordde na 54 dagen
    (33 dagen te laat) de 10 vragen van Sjoerdsma (D66) over het bericht ‘…’."."""
    who = case.answered_by or (case.addressees[0] if case.addressees else t(lang, "lead.cabinet"))
    count = len({q.number for q in case.questions} | {n for a in case.answers for n in a.numbers})
    what = t(lang, "lead.questions", count=count) if count > 1 else t(lang, "lead.question")
    if case.askers:
        names = [f"{a.name} ({a.party})" if a.party else a.name for a in case.askers]
        if len(names) > 3:
            names = [t(lang, "lead.others", first=names[0], count=len(names) - 1)]
        what += t(lang, "lead.from", askers=join_list(lang, names))
    if case.title:
        title = clip(case.title, TITLE_CHARS)
        if lang == "nl" and title.startswith(_ARTICLES):
            title = title[0].lower() + title[1:]
        what += t(lang, "lead.about", title=title if lang == "nl" else f"“{title}”")
    sentence = t(lang, "lead.answered", who=who, what=what, after=timing_phrase(case, lang))
    return sentence.replace("….", "…")  # a cut title ends the sentence


def timing_phrase(case: Case, lang: str) -> str:
    """ " na 54 dagen (33 dagen te laat)", " after 15 days (on time)", or "" when unknown."""
    timing = answer_timing(case)
    days = timing.days_taken
    if days is None or days < 0:
        return ""
    phrase = t(lang, "lead.after_one" if days == 1 else "lead.after", days=days)
    if timing.on_time:
        return phrase + t(lang, "lead.on_time")
    if timing.days_late is None:
        return phrase
    key = "lead.late_one" if timing.days_late == 1 else "lead.late"
    return phrase + t(lang, key, days=timing.days_late)


def numbers_label(numbers: Sequence[int]) -> str:
    """ "4–5", "1–3", "4, 6": the numbers an answer answers."""
    ordered = sorted(set(numbers))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


# ---------------------------------------------------------------- the answer lines


def _answer_lines(case: Case, lang: str, answers: list[Answer], fixed: int) -> list[str]:
    """One line per answer, within what is left of VISIBLE_CHARS after `fixed` characters;
    when not every answer can have MIN_ANSWER_CHARS, the first ones and a line saying how many
    more follow in full."""
    questions = {q.number: q.text for q in case.questions}
    summaries = [
        summarise_answer(
            " ".join(questions[n] for n in a.numbers if n in questions) or None,
            a.text,
            max_chars=SUMMARY_CHARS,
        )
        for a in answers
    ]
    labels = [f"{numbers_label(a.numbers)}. " for a in answers]
    room = VISIBLE_CHARS - fixed - MARGIN
    shown = len(answers)
    while shown and sum(len(x) + 1 for x in labels[:shown]) + shown * MIN_ANSWER_CHARS > room:
        shown -= 1
    more = len(answers) - shown
    if more:
        room -= len(t(lang, "alert.more_answers", count=more)) + 3
    pairs = list(zip(summaries[:shown], answers[:shown], strict=True))
    wanted = [measure(_line(s, a.text, lang, UNCUT)).chars for s, a in pairs]
    cap = _water_level(wanted, room - sum(len(x) + 1 for x in labels[:shown]))
    lines = [
        f"{bold(label.strip())} {_line(summary, answer.text, lang, cap)}"
        for label, (summary, answer) in zip(labels, pairs, strict=False)
    ]
    if more:
        lines.append(italic(t(lang, "alert.more_answers", count=more)))
    return lines


def _water_level(wanted: list[int], room: int) -> int:
    """The largest cap such that the wanted lengths, each cut to the cap, fit in `room`."""
    if sum(wanted) <= room:
        return max(wanted, default=MIN_ANSWER_CHARS)
    level, rest = MIN_ANSWER_CHARS, room
    for index, size in enumerate(sorted(wanted)):
        share = rest // (len(wanted) - index)
        if size > share:
            return max(level, share)
        rest -= size
        level = size
    return max(level, MIN_ANSWER_CHARS)


def _line(summary: AnswerSummary, answer: str, lang: str, cap: int) -> str:
    """An answer's line as HTML, at most `cap` visible characters (plus its indent): what it
    says, verbatim but for "…" where it is cut; a non-answer says where it points; a promise
    is marked, and one made in another sentence follows on a line of its own."""
    if summary.non_answer:
        if summary.refers_to:
            key = "alert.refers_many" if len(summary.refers_to) > 1 else "alert.refers"
            said = t(lang, key, numbers=", ".join(map(str, summary.refers_to)))
        else:
            said = t(lang, "alert.refers_elsewhere") + " " + " ".join(summary.sentences)
        return f"{_MARKERS['refers']} {italic(excerpt(said, cap - 2))}"
    label = f"{_MARKERS['promise']} {t(lang, 'alert.promise')}"
    promise = summary.promise
    apart = promise is not None and promise not in summary.sentences
    main_cap = cap - len(label) - 1 if promise is not None and not apart else cap
    if apart:
        main_cap = max(cap // 2, cap - len(label) - len(promise or "") - 5)
    text = escape(_said(summary, answer, main_cap))
    if promise is None:
        return text
    if not apart:
        return f"{italic(label)} {text}"
    room = max(cap - measure(text).chars - len(label) - 5, 20)
    return f"{text}\n   {italic(label)} {escape(excerpt(promise, room))}"


def _said(summary: AnswerSummary, answer: str, cap: int) -> str:
    """The summary's sentences within `cap`: both, else the key one (a bare "Ja."/"Nee." with
    its reason cut), cut to a window around its position when it is still too long. Sentences
    that are not next to each other in the answer are joined by "…"."""
    sentences = summary.sentences
    if len(sentences) > 1:
        together = " ".join(" ".join(sentences).split()) in " ".join(answer.split())
        joiner = " " if together else f" {ELLIPSIS} "
        chosen = joiner.join(sentences)
        if len(chosen) <= cap:
            return " ".join(chosen.split())
        first = sentences[0]
        if len(first) <= 4 and first[:2].lower() in ("ja", "ne"):  # "Ja." with its reason
            return f"{first}{joiner}{excerpt(sentences[1], cap - len(first) - len(joiner))}"
        return excerpt(sentences[summary.key], cap)
    return excerpt(" ".join(sentences), cap)


# ---------------------------------------------------------------- heading, footer, quotations


def _heading(case: Case, lang: str) -> str:
    parts = [bold(t(lang, "answered_heading"))]
    if case.zaaknummer:
        parts.append(escape(case.zaaknummer))
    if case.answered:
        parts.append(escape(format_date(lang, case.answered)))
    return "✅ " + " · ".join(parts)


def _footer(case: Case, lang: str, bot_username: str | None) -> str:
    line = "🔗 " + link(official_url(case), t(lang, "full_text"))
    return line + (" · " + related_line(case, lang, bot_username) if case.related else "")


def _full_block(lang: str, answer: Answer) -> str:
    label = t(lang, "answer", numbers=", ".join(map(str, answer.numbers)))
    return f"{bold(label)}\n{escape(clean_text(answer.text))}"


def _with_quotes(
    top: str, footer: str, blocks: list[str], lang: str, zaaknummer: str | None
) -> list[str]:
    """The first message (top, quotations as far as they fit, footer) and the continuations
    (quotations only), each within Telegram's limits; an answer too long for the room left is
    cut between paragraphs, sentences or words and goes on in the next message."""
    if not blocks:
        return [f"{top}\n\n{footer}"]
    stream = "\n\n".join(blocks)
    start = f"{top}\n\n{QUOTE_OPEN}{italic(t(lang, 'alert.full_answers'))}\n"
    used = measure(start + QUOTE_CLOSE + "\n" + footer, strip=False)
    room = MAX_CHARS - used.chars - 2
    first, rest = "", stream
    if room >= MIN_QUOTE_CHARS:
        first, *more = split_markup(stream, room, MAX_ENTITIES - used.entities - 1)
        rest = "\n\n".join(more)
    texts = [f"{start}{first}{QUOTE_CLOSE}\n{footer}" if first else f"{top}\n\n{footer}"]
    heading = "📖 " + italic(t(lang, "alert.continued"))
    if zaaknummer:
        heading = f"📖 {bold(zaaknummer)} · " + italic(t(lang, "alert.continued"))
    note = italic(t(lang, "alert.truncated"))
    budget = MAX_CHARS - measure(heading).chars - measure(note).chars - 6
    chunks = split_markup(rest, budget, MAX_ENTITIES - 4) if rest else []
    more = [f"{heading}\n{QUOTE_OPEN}{chunk}{QUOTE_CLOSE}" for chunk in chunks]
    if len(more) >= MAX_MESSAGES:
        more = more[: MAX_MESSAGES - 1]
        more[-1] += "\n" + note
    return texts + more
