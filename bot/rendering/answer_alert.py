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

from kamervragen.bot.rendering import leads
from kamervragen.bot.rendering.callbacks import FullCase, OpenCase, encode
from kamervragen.bot.rendering.html import Button, Message, bold, escape, italic, link, measure
from kamervragen.bot.rendering.i18n import format_date, language, t
from kamervragen.bot.rendering.quotes import (
    COLLAPSED_CHARS,
    MARGIN,
    MAX_MESSAGES,
    VISIBLE_CHARS,
    lines_shown,
    water_level,
    with_quotes,
)
from kamervragen.bot.rendering.render import (
    Match,
    answer_groups,
    clean_text,
    matched_line,
    official_url,
    related_line,
)
from kamervragen.core.merge import FURTHER_MARK, FURTHER_PREFIX
from kamervragen.core.model import Answer, Case
from kamervragen.core.summary import AnswerSummary, excerpt, summarise_answer
from kamervragen.core.summary.excerpt import ELLIPSIS

__all__ = ["COLLAPSED_CHARS", "MAX_MESSAGES", "VISIBLE_CHARS", "render_answer"]

SUMMARY_CHARS = 220  # the summariser's budget per answer, as benchmarked
UNCUT = 10_000  # a cap no answer line reaches
_MARKERS = {"refers": "↪", "promise": "📌"}


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
    head = [_heading(case, lang, "✅", "answered_heading"), escape(lead(case, lang))]
    if case.letter:
        head.append(escape(t(lang, "answered_by_letter", letter=case.letter)))
    queries = [m if isinstance(m, str) else m[1] for m in matched_queries]
    if queries:
        head.append(escape(matched_line(lang, queries)))
    answers = [answer for _, group in answer_groups(case) if group for answer in group]
    footer = _footer(case, lang, bot_username, ("answer", "question"))
    button = None
    if case.zaaknummer:
        button = Button(t(lang, "button.case"), encode(OpenCase(case.zaaknummer)))
    return _alert(case, lang, head, answers, footer, button)


def render_further_answer(
    case: Case, lang: str, *, bot_username: str | None = None
) -> list[Message]:
    """The alert for a further answer (nader antwoord) to a case the chat follows: heading,
    lead, one line per answer it gives, those answers in full in collapsed quotations, and a
    button that shows every question and answer in full."""
    lang = language(lang)
    head = [
        _heading(case, lang, "➕", "further_heading", dated=False),
        escape(leads.lead(case, "further_answer", lang)),
    ]
    footer = _footer(case, lang, bot_username, ("further_answer", "answer", "question"))
    button = None
    if case.zaaknummer:
        button = Button(t(lang, "button.full"), encode(FullCase(case.zaaknummer)))
    return _alert(case, lang, head, further_answers(case), footer, button)


def further_answers(case: Case) -> list[Answer]:
    """What the further answers of a case say: the part of each merged answer after its
    "Nader antwoord:" mark, and the answers that are a further answer as a whole."""
    found = []
    for answer in case.answers:
        if answer.text.startswith(FURTHER_PREFIX):
            found.append(Answer(answer.numbers, answer.text.removeprefix(FURTHER_PREFIX)))
        elif FURTHER_MARK in answer.text:
            found.append(Answer(answer.numbers, answer.text.split(FURTHER_MARK, 1)[1]))
    return found


def lead(case: Case, lang: str) -> str:
    """Who answered whom about what, after how long: "Minister Kaag beantwoordde na 54 dagen
    (33 dagen te laat) de 10 vragen van Sjoerdsma (D66) over het bericht ‘…’."."""
    return leads.lead(case, "answered", lang)


def _alert(
    case: Case,
    lang: str,
    head: list[str],
    answers: list[Answer],
    footer: str,
    button: Button | None,
) -> list[Message]:
    if answers:
        head = [*head, "", italic(t(lang, "alert.quoted"))]
    quotes = [_full_block(lang, answer) for answer in answers]
    fixed = measure("\n".join(head) + "\n\n" + footer).chars + 2
    if quotes:
        fixed += COLLAPSED_CHARS + 1
    lines = _answer_lines(case, lang, answers, fixed)
    top = "\n".join(head) + ("\n" + "\n".join(lines) if lines else "")
    texts = with_quotes(top, footer, quotes, lang, case.zaaknummer)
    buttons = ((button,),) if button else ()
    return [Message(text, buttons if i == 0 else ()) for i, text in enumerate(texts)]


def numbers_label(numbers: Sequence[int]) -> str:
    """ "4–5", "1–3", "4, 6": the numbers an answer answers."""
    ordered = sorted(set(numbers))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


# ---------------------------------------------------------------- the answer lines


def _answer_lines(case: Case, lang: str, answers: list[Answer], fixed: int) -> list[str]:
    """One line per answer, within what is left of VISIBLE_CHARS after `fixed` characters;
    when not every answer can have MIN_LINE_CHARS, the first ones and a line saying how many
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
    shown = lines_shown(labels, room)
    more = len(answers) - shown
    if more:
        room -= len(t(lang, "alert.more_answers", count=more)) + 3
    pairs = list(zip(summaries[:shown], answers[:shown], strict=True))
    wanted = [measure(_line(s, a.text, lang, UNCUT)).chars for s, a in pairs]
    cap = water_level(wanted, room - sum(len(x) + 1 for x in labels[:shown]))
    lines = [
        f"{bold(label.strip())} {_line(summary, answer.text, lang, cap)}"
        for label, (summary, answer) in zip(labels, pairs, strict=False)
    ]
    if more:
        lines.append(italic(t(lang, "alert.more_answers", count=more)))
    return lines


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


def _heading(case: Case, lang: str, icon: str, key: str, *, dated: bool = True) -> str:
    parts = [bold(t(lang, key))]
    if case.zaaknummer:
        parts.append(escape(case.zaaknummer))
    if dated and case.answered:
        parts.append(escape(format_date(lang, case.answered)))
    return f"{icon} " + " · ".join(parts)


def _footer(case: Case, lang: str, bot_username: str | None, prefer: Sequence[str]) -> str:
    line = "🔗 " + link(official_url(case, prefer), t(lang, "full_text"))
    return line + (" · " + related_line(case, lang, bot_username) if case.related else "")


def _full_block(lang: str, answer: Answer) -> str:
    label = t(lang, "answer", numbers=", ".join(map(str, answer.numbers)))
    return f"{bold(label)}\n{escape(clean_text(answer.text))}"
