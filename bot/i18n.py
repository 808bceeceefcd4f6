"""The bot's strings in Dutch and English, and language codes mapped to them.

`t(lang, key, **kwargs)` formats a plain-text template (no HTML: the renderer escapes the result).
A Telegram language code ("nl", "nl-NL", "nl_BE", "en-GB") maps to its primary language; any
language without strings falls back to English, and so does a key missing in a language.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_LANGUAGE = "en"

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "status.open": "open",
        "status.postponed": "uitgesteld",
        "status.answered": "beantwoord",
        "status.withdrawn": "ingetrokken",
        "asked_by": "Vragen van: {askers}",
        "addressed_to": "Gericht aan: {addressees}",
        "submitted": "Ingezonden: {date}",
        "deadline": "Uiterste antwoorddatum: {date}",
        "answered_after": "Beantwoord na {days} dagen ({date})",
        "answered_after_one": "Beantwoord na 1 dag ({date})",
        "answered_on": "Beantwoord op {date}",
        "answered_by": "Antwoord van: {name}",
        "related": "Zie ook: {cases}",
        "question": "Vraag {number}",
        "answer": "Antwoord {numbers}",
        "no_answer_yet": "Nog geen antwoord.",
        "footnotes": "Voetnoten",
        "official_text": "Officiële tekst",
        "full_text": "Volledige tekst",
        "page": "Deel {page} van {pages}",
        "matched": "Gevonden met: {queries}",
        "new_questions": "Nieuwe Kamervragen",
        "answered_heading": "Beantwoord",
        "postponed_heading": "Uitstel",
        "postponed_text": "De beantwoording van deze vragen is uitgesteld.",
        "new_deadline": "Nieuwe uiterste antwoorddatum: {date}",
        "further_heading": "Aanvullend antwoord",
        "further_text": "Op deze vragen is een aanvullend antwoord gegeven.",
        "further_text_dated": "Op deze vragen is een aanvullend antwoord gegeven ({date}).",
        "withdrawn_heading": "Ingetrokken",
        "withdrawn_text": "De vragensteller heeft deze vragen ingetrokken.",
        "button.follow": "🔔 Volg antwoord",
        "button.case": "📄 Zaak",
        "button.unsubscribe": "🔕 Stop “{query}”",
        "button.full": "📖 Alles volledig",
        "button.previous": "‹ Vorige",
        "button.next": "Volgende ›",
    },
    "en": {
        "status.open": "open",
        "status.postponed": "postponed",
        "status.answered": "answered",
        "status.withdrawn": "withdrawn",
        "asked_by": "Asked by: {askers}",
        "addressed_to": "Addressed to: {addressees}",
        "submitted": "Submitted: {date}",
        "deadline": "Deadline: {date}",
        "answered_after": "Answered after {days} days ({date})",
        "answered_after_one": "Answered after 1 day ({date})",
        "answered_on": "Answered on {date}",
        "answered_by": "Answered by: {name}",
        "related": "Related: {cases}",
        "question": "Question {number}",
        "answer": "Answer {numbers}",
        "no_answer_yet": "No answer yet.",
        "footnotes": "Footnotes",
        "official_text": "Official text",
        "full_text": "Full text",
        "page": "Part {page} of {pages}",
        "matched": "Matched: {queries}",
        "new_questions": "New parliamentary questions",
        "answered_heading": "Answered",
        "postponed_heading": "Postponed",
        "postponed_text": "The answer to these questions has been postponed.",
        "new_deadline": "New deadline: {date}",
        "further_heading": "Further answer",
        "further_text": "A further answer to these questions has been given.",
        "further_text_dated": "A further answer to these questions has been given ({date}).",
        "withdrawn_heading": "Withdrawn",
        "withdrawn_text": "The member has withdrawn these questions.",
        "button.follow": "🔔 Follow answer",
        "button.case": "📄 Case",
        "button.unsubscribe": "🔕 Unsubscribe “{query}”",
        "button.full": "📖 Show all in full",
        "button.previous": "‹ Previous",
        "button.next": "Next ›",
    },
}

LANGUAGES: tuple[str, ...] = tuple(STRINGS)


class UnknownStringKey(KeyError):
    """No language has a string with this key."""


def language(code: str | None) -> str:
    """The supported language for a Telegram language code ("nl-NL" -> "nl", "fr" -> "en")."""
    primary = (code or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in STRINGS else DEFAULT_LANGUAGE


def t(lang: str | None, key: str, **kwargs: object) -> str:
    """The string `key` in language `lang` (a Telegram code is fine), formatted with kwargs."""
    template = STRINGS[language(lang)].get(key) or STRINGS[DEFAULT_LANGUAGE].get(key)
    if template is None:
        raise UnknownStringKey(key)
    return template.format(**kwargs)


def format_date(lang: str | None, date: dt.date) -> str:
    """A date written out: "18 juli 2019", "18 July 2019"."""
    months = MONTHS.get(language(lang), MONTHS[DEFAULT_LANGUAGE])
    return f"{date.day} {months[date.month - 1]} {date.year}"


def join_list(lang: str | None, items: list[str]) -> str:
    """Items joined for a sentence: "A, B en C" / "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    conjunction = " en " if language(lang) == "nl" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]
