"""The answered alert (bot/rendering/answer_alert.py): one screen, a grounded line per answer,
flags, the full answers in expandable quotations, valid Telegram HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from benchmarks.summaries import answer_documents
from kamervragen.bot.rendering.answer_alert import (
    MAX_MESSAGES,
    VISIBLE_CHARS,
    lead,
    numbers_label,
    render_answer,
)
from kamervragen.bot.rendering.html import Message
from kamervragen.bot.rendering.leads import timing_phrase
from kamervragen.core.merge import merge_documents
from kamervragen.core.model import Answer, Asker, Case, Question
from kamervragen.watchers.parsers.dispatch import parse_bytes
from tests.bot.rendering.screens import quoted, visible
from tests.bot.seed_case import seed_case
from tests.fakes.botapi import BOT_USERNAME, ParsedHtml, parse_html, utf16_len


def parsed(messages: list[Message]) -> list[ParsedHtml]:
    """Every message through the fake Bot API's parser, checked against Telegram's limits."""
    result = []
    for message in messages:
        html = parse_html(message.text)
        assert utf16_len(html.text) <= 4096 and len(html.entities) <= 100
        assert message.disable_preview  # link previews off
        result.append(html)
    assert 1 <= len(messages) <= MAX_MESSAGES
    assert all(not m.buttons for m in messages[1:])
    return result


def answer_lines(html: ParsedHtml) -> dict[str, str]:
    """The lines of the visible list, by their numbers ("4–5": "… ziet het kabinet …")."""
    head = html.text.split("\n\n", 2)[1]  # after the lead, before the quotations
    lines = {}
    for line in head.split("\n")[1:]:
        label, _, text = line.partition(". ")
        lines[label.strip()] = text
    return lines


def squash(text: str) -> str:
    """White space squashed."""
    return " ".join(text.split())


def test_seed_alert_in_dutch() -> None:
    """The seed: a lead saying who answered whom about what and how late, one line per
    answer (4/5 the cabinet's position, 7 "Nee."), within 1,500 visible characters."""
    messages = render_answer(seed_case(), "nl", [(3, "china")], bot_username=BOT_USERNAME)
    first, *rest = parsed(messages)
    assert first.text.startswith(
        "✅ Beantwoord · 2019Z15244 · 10 september 2019\n"
        "Minister Kaag beantwoordde na 54 dagen (33 dagen te laat) de 10 vragen van Sjoerdsma "
        "(D66) over het bericht ‘Berucht Chinees veiligheidsministerie gebruikt Nederlandse "
        "software die emoties leest’.\nGevonden met: “china”\n\nDe kern van elk antwoord, "
        "letterlijk:\n1. Ja.\n"
    )
    lines = answer_lines(first)
    assert list(lines) == ["1", "2", "3", "4–5", "6", "7", "8", "9–10"]
    assert lines["4–5"].startswith("… ziet het kabinet risico’s voor de fundamentele vrijheden")
    assert "Berichten over dergelijke plannen" not in lines["4–5"]
    assert lines["7"] == "Nee."
    assert lines["9–10"].startswith("Nederland steunt de uitbreiding van exportcontrole")
    assert visible(first) <= VISIBLE_CHARS
    assert all(visible(html) <= 250 for html in rest)  # continuations: collapsed quotations
    assert messages[0].buttons[0][0].callback_data == "case:2019Z15244"


def test_seed_alert_in_english() -> None:
    """English: the same lines, English labels, the timing, and that the documents are Dutch."""
    first = parsed(render_answer(seed_case(), "en-GB"))[0]
    assert (
        "Minister Kaag answered the 10 questions from Sjoerdsma (D66) about “Het bericht "
        "‘Berucht Chinees veiligheidsministerie gebruikt Nederlandse software die emoties "
        "leest’” after 54 days (33 days late)." in first.text
    )
    assert "The gist of each answer, verbatim (the documents are in Dutch):" in first.text
    assert answer_lines(first)["7"] == "Nee."
    assert visible(first) <= VISIBLE_CHARS
    assert "Every answer in full" in quoted(first)


def test_the_full_answers_travel_in_expandable_quotations() -> None:
    """Every answer of the seed, whole, inside expandable quotations: the first in the alert
    itself, the rest in the messages right after it."""
    case = seed_case()
    messages = render_answer(case, "nl")
    html = parsed(messages)
    assert "<blockquote expandable>" in messages[0].text
    inside = squash(" ".join(quoted(h) for h in html))
    for answer in case.answers:
        assert squash(answer.text) in inside
    for message in messages[1:]:
        assert message.text.startswith("📖 <b>2019Z15244</b> · <i>alle antwoorden volledig")


def test_lines_are_verbatim_from_their_answers() -> None:
    """Every piece of every line, between the ellipses, is text of that answer."""
    case = seed_case()
    lines = answer_lines(parsed(render_answer(case, "nl"))[0])
    for answer in case.answers:
        text = squash(answer.text)
        for piece in lines[numbers_label(answer.numbers)].split("…"):
            assert piece.strip() in text


def test_related_cases_are_deep_links() -> None:
    """ "Zie ook: 2019Z15131" opens that case in the bot (?start=case_…, within 64 characters)."""
    first = parsed(render_answer(seed_case(), "nl", bot_username=BOT_USERNAME))[0]
    links = [e["url"] for e in first.entities if e["type"] == "text_link"]
    assert f"https://t.me/{BOT_USERNAME}?start=case_2019Z15131" in links
    assert first.text.endswith("Zie ook: 2019Z15131")
    plain = render_answer(seed_case(), "nl")[0].text  # no username (the console): plain text
    assert "Zie ook: 2019Z15131" in plain and "t.me" not in plain


FLAGGED = Case(
    "2024Z00010",
    title="Het bericht over de regeling",
    status="answered",
    askers=[Asker("Jansen", "CDA")],
    answered_by="Minister De Vries",
    submitted=dt.date(2024, 1, 2),
    answered=dt.date(2024, 1, 23),
    deadline=dt.date(2024, 1, 23),
    questions=[Question(n, f"Vraag over de regeling {n}?") for n in range(1, 5)],
    answers=[
        Answer((1,), "Nee. Het kabinet ziet geen aanleiding de regeling aan te passen."),
        Answer((2,), "Zie het antwoord op vraag 1."),
        Answer((3,), "Ik informeer uw Kamer voor de zomer over de uitkomsten."),
        Answer(
            (4,),
            "Het kabinet steunt het voorstel. In het najaar ontvangt uw Kamer de evaluatie.",
        ),
    ],
)


def test_non_answers_and_promises_are_flagged() -> None:
    """A mere reference says where it points; a promise is marked "Toezegging", in the line
    or on a line of its own when another sentence carries the answer."""
    first = parsed(render_answer(FLAGGED, "nl"))[0]
    text = first.text
    assert "\n1. Nee. Het kabinet ziet geen aanleiding de regeling aan te passen.\n" in text
    assert "\n2. ↪ verwijst alleen naar het antwoord op vraag 1\n" in text
    assert "\n3. 📌 Toezegging: Ik informeer uw Kamer voor de zomer over de uitkomsten.\n" in text
    assert (
        "\n4. Het kabinet steunt het voorstel.\n"
        "   📌 Toezegging: In het najaar ontvangt uw Kamer de evaluatie.\n" in text
    )
    assert "beantwoordde na 21 dagen (op tijd) de 4 vragen van Jansen (CDA)" in text
    english = parsed(render_answer(FLAGGED, "en"))[0].text
    assert "\n2. ↪ only refers to the answer to question 1\n" in english
    assert "📌 Commitment: In het najaar ontvangt uw Kamer de evaluatie." in english


def test_timing_phrases() -> None:
    """On time, one day late, many days late, and nothing without dates; without a stored
    deadline the rule's own (three weeks after submission) judges it."""
    late = dataclasses.replace(FLAGGED, answered=dt.date(2024, 1, 24))
    assert timing_phrase(FLAGGED, "nl") == " na 21 dagen (op tijd)"
    assert timing_phrase(late, "nl") == " na 22 dagen (1 dag te laat)"
    assert timing_phrase(late, "en") == " after 22 days (1 day late)"
    assert timing_phrase(seed_case(), "en") == " after 54 days (33 days late)"
    no_deadline = dataclasses.replace(FLAGGED, deadline=None)
    assert timing_phrase(no_deadline, "en") == " after 21 days (on time)"
    assert timing_phrase(dataclasses.replace(no_deadline, status="open"), "en") == ""
    assert timing_phrase(dataclasses.replace(FLAGGED, submitted=None), "nl") == ""


def test_lead_without_an_answerer_or_with_many_askers() -> None:
    """The addressee answers when the answerer is unknown; more than three askers are counted."""
    case = dataclasses.replace(
        FLAGGED,
        answered_by=None,
        addressees=["Minister van Financiën"],
        askers=[Asker(f"Lid{n}", "VVD") for n in range(5)],
        questions=FLAGGED.questions[:1],
        answers=FLAGGED.answers[:1],
    )
    assert lead(case, "nl") == (
        "De minister van Financiën beantwoordde na 21 dagen (op tijd) de vraag van Lid0 (VVD) en "
        "4 anderen over het bericht over de regeling."
    )


def test_answer_by_letter_alert_names_the_letter() -> None:
    """A case answered by letter says so, with the letter, in both languages."""
    case = dataclasses.replace(
        seed_case(), answers=[], letter="brief van 5 juni 2024, Kamerstuk 25 295, nr. 249"
    )
    dutch = parsed(render_answer(case, "nl"))[0].text
    english = parsed(render_answer(case, "en"))[0].text
    assert "Beantwoord per brief: brief van 5 juni 2024, Kamerstuk 25 295, nr. 249" in dutch
    assert "Answered by letter: brief van 5 juni 2024" in english


def test_a_long_ten_question_set_keeps_to_one_screen() -> None:
    """Ten long answers of long sentences: still 1,500 visible characters, nothing lost."""
    sentence = "Het kabinet vindt dat de regeling voor {n} zorgvuldig moet worden uitgevoerd " * 3
    answers = [Answer((n,), (sentence.format(n=n).strip() + ". ") * 12) for n in range(1, 11)]
    case = dataclasses.replace(
        FLAGGED, questions=[Question(n, "Waarom? " * 40) for n in range(1, 11)], answers=answers
    )
    html = parsed(render_answer(case, "nl", [(1, "regeling " * 20)]))
    assert visible(html[0]) <= VISIBLE_CHARS
    assert len(answer_lines(html[0])) == 10


def test_beyond_what_one_screen_holds_the_rest_is_counted() -> None:
    """Sixty answers: the first lines, then how many more follow in full."""
    case = dataclasses.replace(
        FLAGGED,
        questions=[Question(n, "Waarom?") for n in range(1, 61)],
        answers=[
            Answer((n,), f"Het kabinet vindt {n} een goed getal voor de regeling.")
            for n in range(1, 61)
        ],
    )
    first = parsed(render_answer(case, "nl"))[0]
    assert visible(first) <= VISIBLE_CHARS
    assert "en nog " in first.text and " antwoorden, hieronder volledig" in first.text


@pytest.mark.parametrize("path", answer_documents(), ids=lambda p: Path(p).name[:3])
def test_every_real_answer_document(path: Path) -> None:
    """Each real answer document, merged into a case: valid HTML for Telegram in both
    languages, one screen, and every line verbatim from its answer."""
    document = parse_bytes(path.read_bytes(), path.name)
    case = merge_documents(document.zaaknummer, [document])
    for lang in ("nl", "en"):
        first = parsed(render_answer(case, lang, [(1, "stikstof OR ammoniak")]))[0]
        assert visible(first) <= VISIBLE_CHARS
    texts = {numbers_label(a.numbers): squash(a.text) for a in case.answers}
    for label, line in answer_lines(first).items():
        if label in texts and not line.startswith("↪"):
            said = line.split("\n")[0].removeprefix("📌 Commitment: ")
            assert all(piece.strip() in texts[label] for piece in said.split("…"))
