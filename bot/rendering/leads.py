"""The lead of every alert: one sentence that says who asked whom about what, and what happened.

    answered      Minister Kaag beantwoordde na 54 dagen (33 dagen te laat) de 10 vragen van
                  Sjoerdsma (D66) over het bericht ‘…’.
    question_filed
                  Sjoerdsma (D66) stelde 10 vragen aan de minister voor Buitenlandse Handel en
                  Ontwikkelingssamenwerking over het bericht ‘…’.
    postponed     De minister voor … stelde de beantwoording van de 10 vragen van Sjoerdsma (D66)
                  over het bericht ‘…’ uit.
    further_answer
                  Minister Kaag gaf een aanvullend antwoord op de 10 vragen van …
    withdrawn     Sjoerdsma (D66) trok de 10 vragen aan de minister voor … over … in.
    due_soon      De minister voor … moet de 10 vragen van … uiterlijk 14 augustus 2019
                  beantwoorden.
    overdue       De minister voor … had de 10 vragen van … uiterlijk 14 augustus 2019 moeten
                  beantwoorden; er is geen antwoord en geen uitstelbericht.

Plain text: the renderer escapes it. Who answers is the minister who answered, else the first
addressee, else "the government"; an office ("Minister van Financiën") takes an article in the
middle of a sentence ("aan de minister van Financiën"), a person ("Minister Kaag") does not.
"""

from __future__ import annotations

import datetime as dt

from kamervragen.bot.rendering.html import clip
from kamervragen.bot.rendering.i18n import format_date, join_list, t
from kamervragen.core.deadlines import answer_timing
from kamervragen.core.model import Case

TITLE_CHARS = 160  # the title in a lead is cut to this
MAX_NAMES = 3  # more askers than this: "Sjoerdsma (D66) en 4 anderen"
_ARTICLES = ("Het ", "De ", "Een ", "Dit ", "Deze ")
_OFFICES = frozenset(
    {
        "minister",
        "staatssecretaris",
        "staatsecretaris",  # as real documents misspell it
        "minister-president",
        "vice-minister-president",
    }
)
_PLURAL_OFFICES = frozenset({"ministers", "staatssecretarissen", "staatsecretarissen"})
_OFFICE_LINKS = ("van", "voor", "en")  # "Minister van …", "Minister en Staatssecretaris van …"
_LEADING_ARTICLES = ("de ", "het ", "the ")
# The leads whose subject is who answers, by event kind; "_many" when that is more than one.
_MINISTER_LEADS = {
    "postponed": "lead.postponed",
    "further_answer": "lead.further",
    "due_soon": "lead.due_soon",
    "overdue": "lead.overdue",
    "overdue_after_postponement": "lead.overdue_postponed",
}


def lead(case: Case, kind: str, lang: str, deadline: dt.date | None = None) -> str:
    """The lead sentence of an alert of `kind` (an event kind); `deadline` for the deadline
    alerts (else the case's own)."""
    deadline = deadline or case.deadline
    date = format_date(lang, deadline) if deadline else ""
    if kind in ("question_filed", "withdrawn"):  # the member did it
        name = "filed" if kind == "question_filed" else "withdrawn"
        return _sentence(
            lang,
            f"lead.{name}_many" if len(case.askers) > 1 else f"lead.{name}",
            askers=_askers(case, lang) or t(lang, "lead.member"),
            count=_count(case, lang, definite=kind == "withdrawn"),
            to=_minister(case, lang, start=False),
            about=_about(case, lang),
        )
    who, what = _minister(case, lang, start=True), subject(case, lang)
    if kind == "answered":
        return _sentence(lang, "lead.answered", who=who, what=what, after=timing_phrase(case, lang))
    key = _MINISTER_LEADS.get(kind, "lead.open")
    if kind in ("due_soon", "overdue", "overdue_after_postponement") and not date:
        key = "lead.open"
    plural = _is_plural(who)
    return _sentence(lang, f"{key}_many" if plural else key, who=who, what=what, date=date)


def subject(case: Case, lang: str) -> str:
    """ "de 10 vragen van Sjoerdsma (D66) over het bericht ‘…’"."""
    what = _count(case, lang, definite=True)
    askers = _askers(case, lang)
    if askers:
        what += t(lang, "lead.from", askers=askers)
    return what + _about(case, lang)


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


def _sentence(lang: str, key: str, **parts: str) -> str:
    sentence = " ".join(t(lang, key, **parts).split())  # names and titles on one line
    for mark in ("…", "?", "!"):  # a title that ends the sentence ends it with its own mark
        sentence = sentence.replace(f"{mark}.", mark)
    return sentence[0].upper() + sentence[1:]


def _count(case: Case, lang: str, *, definite: bool) -> str:
    count = len({q.number for q in case.questions} | {n for a in case.answers for n in a.numbers})
    article = "definite" if definite else "indefinite"
    if count > 1:
        return t(lang, f"lead.questions_{article}", count=count)
    if count == 0:  # a set whose questions are not known (yet)
        return t(lang, f"lead.some_questions_{article}")
    return t(lang, f"lead.question_{article}")


def _askers(case: Case, lang: str) -> str:
    names = [f"{a.name} ({a.party})" if a.party else a.name for a in case.askers]
    if len(names) > MAX_NAMES:
        names = [t(lang, "lead.others", first=names[0], count=len(names) - 1)]
    return join_list(lang, names)


def _about(case: Case, lang: str) -> str:
    title = " ".join((case.title or "").split()).rstrip(". ")
    if not any(c.isalnum() for c in title):  # blank, or only punctuation
        return ""
    title = clip(title, TITLE_CHARS)
    if lang == "nl" and title.startswith(_ARTICLES):
        title = title[0].lower() + title[1:]
    return t(lang, "lead.about", title=title if lang == "nl" else f"“{title}”")


def _minister(case: Case, lang: str, *, start: bool) -> str:
    """Who answers: "Minister Kaag", "De minister van Financiën", "De minister-president" at
    the start of a sentence, "minister Kaag", "de minister van Financiën" inside one."""
    who = " ".join((case.answered_by or (case.addressees[0] if case.addressees else "")).split())
    if who.lower().startswith(_LEADING_ARTICLES):  # "De minister van …": the article is ours
        who = who.split(" ", 1)[1]
    if not who:
        return t(lang, "lead.cabinet" if start else "lead.cabinet_inside")
    words = who.split()
    office = words[0].lower() in _OFFICES | _PLURAL_OFFICES
    if office and (len(words) == 1 or words[1].lower() in _OFFICE_LINKS):
        article = t(lang, "lead.the")
        office_words = [words[0].lower() if lang == "nl" else words[0], *words[1:]]
        who = " ".join([article, *office_words])
    elif office and lang == "nl" and not start:
        who = who[0].lower() + who[1:]
    return who[0].upper() + who[1:] if start else who


def _is_plural(who: str) -> bool:
    """ "De ministers van …", "De minister en de staatssecretaris van …": more than one."""
    words = [w.lower() for w in who.split()]
    offices = [w for w in words if w in _OFFICES or w in _PLURAL_OFFICES]
    return bool(set(words) & _PLURAL_OFFICES) or (len(offices) > 1 and "en" in words)
