"""Rendering cases and events as Telegram HTML messages (bot/render.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, InlineKeyboardMarkup

from benchmarks.fidelity import real_documents
from benchmarks.summaries import REAL
from kamervragen.bot.rendering.answer_alert import render_answer, render_further_answer
from kamervragen.bot.rendering.callbacks import CallbackError
from kamervragen.bot.rendering.html import Button, CallbackDataTooLong, inline_keyboard
from kamervragen.bot.rendering.quotes import VISIBLE_CHARS
from kamervragen.bot.rendering.render import (
    Match,
    official_url,
    render_case,
    render_new_question_set,
    render_postponed,
    render_withdrawn,
    summarise,
)
from kamervragen.core.merge import FURTHER_MARK, FURTHER_PREFIX, merge_documents
from kamervragen.core.model import Answer, Asker, Case, Footnote, Question
from kamervragen.core.text import squash
from kamervragen.watchers.parsers.dispatch import parse_bytes
from tests.bot.rendering.screens import check_limits, open_case, quoted, visible
from tests.bot.seed_case import ANSWER_PUBLICATION, FOOTNOTES, seed_case
from tests.fakes.botapi import FakeBotApi, parse_html

OB = "https://zoek.officielebekendmakingen.nl/"


def test_seed_case_in_dutch() -> None:
    """The seed case: header, merged answers once after their last question, footnotes, link."""
    messages = render_case(seed_case(), "nl")
    check_limits(messages)
    html = "\n".join(m.text for m in messages)
    assert html.startswith("📄 <b>2019Z15244</b> · beantwoord\n<b>Het bericht ‘Berucht")
    for line in (
        "Vragen van: Sjoerdsma (D66)",
        "Gericht aan: Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
        "Ingezonden: 18 juli 2019",
        "Beantwoord na 54 dagen (10 september 2019)",
        "Zie ook: 2019Z15131",
    ):
        assert f"\n{line}\n" in html
    order = [
        "Vraag 3",
        "Antwoord 3",
        "Vraag 4",
        "Vraag 5",
        "Antwoord 4, 5",
        "Vraag 6",
        "Vraag 9",
        "Vraag 10",
        "Antwoord 9, 10",
        "Voetnoten",
    ]
    positions = [html.index(f"<b>{label}</b>") for label in order]
    assert positions == sorted(positions)
    assert html.count("Antwoord 4, 5") == 1 and "<b>Antwoord 4</b>" not in html
    assert "Uiterste antwoorddatum" not in html
    for number, url in enumerate(FOOTNOTES, start=1):
        assert f'{number}. <a href="{url}">' in html
    assert html.endswith(f'🔗 <a href="{OB}{ANSWER_PUBLICATION}.html">Officiële tekst</a>')
    assert messages[-1].buttons == ()  # answered: nothing left to follow


def test_seed_case_in_english() -> None:
    """The English rendering uses English labels, months and the same structure."""
    messages = render_case(seed_case(), "en-GB")
    texts = check_limits(messages)
    visible = "\n".join(texts)
    assert "Asked by: Sjoerdsma (D66)" in visible
    assert "Submitted: 18 July 2019" in visible
    assert "Answered after 54 days (10 September 2019)" in visible
    assert visible.index("Question 10") < visible.index("Answer 9, 10") < visible.index("Footnotes")
    assert "Official text" in visible and "Vraag" not in visible


def test_seed_case_split_only_between_question_groups() -> None:
    """Every message after the first starts with a question; no pair spans two messages."""
    messages = render_case(seed_case(), "nl")
    assert len(messages) > 1
    for message in messages[1:]:
        assert message.text.startswith("<b>Vraag ")
    for message in messages:
        for number in range(1, 11):
            if f"<b>Vraag {number}</b>" in message.text and number not in (4, 9):
                label = {5: "4, 5", 10: "9, 10"}.get(number, str(number))
                assert f"<b>Antwoord {label}</b>" in message.text


def test_official_url_fallbacks() -> None:
    """Answer publication first, then kv-tk-<zaaknummer>, then a Tweede Kamer search."""
    assert official_url(seed_case()) == f"{OB}{ANSWER_PUBLICATION}.html"
    assert official_url(seed_case(with_documents=False)) == f"{OB}kv-tk-2019Z15244.html"
    nameless = dataclasses.replace(seed_case(with_documents=False), zaaknummer=None, title="A & B")
    assert official_url(nameless) == "https://www.tweedekamer.nl/zoeken?qry=A+%26+B"


def test_open_and_postponed_cases_show_the_deadline() -> None:
    """Open: recorded deadline and a follow button; postponed without one: six weeks."""
    [message] = render_case(dataclasses.replace(open_case(), questions=[]), "nl")
    assert "Uiterste antwoorddatum: 8 augustus 2019" in message.text
    assert message.buttons == ((Button("🔔 Volg antwoord", "follow:2019Z15244"),),)
    postponed = dataclasses.replace(open_case(), status="postponed", deadline=None, questions=[])
    [message] = render_case(postponed, "en")
    assert "2019Z15244</b> · postponed" in message.text
    assert "Deadline: 29 August 2019" in message.text  # 18 July + 42 days


def test_case_pages() -> None:
    """A page comes alone, numbered, with previous/next buttons; out-of-range pages clamp."""
    pages = len(render_case(seed_case(), "nl"))
    [middle] = render_case(seed_case(), "nl", page=1)
    assert middle.text.endswith(f"<i>Deel 2 van {pages}</i>")
    assert [b.callback_data for b in middle.buttons[0]] == [
        "case:2019Z15244:0",
        "case:2019Z15244:2",
    ]
    [last] = render_case(seed_case(), "en", page=99)
    assert last.text.endswith(f"<i>Part {pages} of {pages}</i>")
    assert [b.callback_data for b in last.buttons[0]] == [f"case:2019Z15244:{pages - 2}"]
    check_limits([middle])
    check_limits([last])


def test_new_question_set() -> None:
    """The lead (who asks whom about what), deadline, matched queries, one line per question
    within the one-screen budget, every question in full in a collapsed quotation, buttons."""
    messages = render_new_question_set(open_case(), [Match(7, "china"), (8, "<export>")], "nl")
    [text] = check_limits(messages)
    assert text.startswith(
        "🆕 Nieuwe Kamervragen · 2019Z15244\n"
        "Sjoerdsma (D66) stelde 10 vragen aan de minister voor Buitenlandse Handel en "
        "Ontwikkelingssamenwerking over het bericht ‘Berucht Chinees veiligheidsministerie "
        "gebruikt Nederlandse software die emoties leest’.\n"
        "Uiterste antwoorddatum: 8 augustus 2019\n"
        "Gevonden met: “china”, “<export>”\n\n1. Bent u bekend met het bericht"
    )
    assert "\n2. Klopt het dat twee Nederlandse technologiebedrijven" in text
    html = parse_html(messages[0].text)
    assert visible(html) <= VISIBLE_CHARS
    full = quoted(html)
    assert full.startswith("Alle vragen volledig\nVraag 1\n")
    for question in open_case().questions:  # every question whole, in the quotation
        assert " ".join(question.text.split()) in " ".join(full.split())
    assert "&lt;export&gt;" in messages[0].text
    assert [[b.callback_data for b in row] for row in messages[0].buttons] == [
        ["follow:2019Z15244", "case:2019Z15244"],
        ["unsub:7"],
        ["unsub:8"],
    ]
    assert messages[0].buttons[2][0].label == "🔕 Opzeggen: “<export>”"
    [english] = render_new_question_set(open_case(), ["china"], "en")
    assert "\nMatched: “china”\n" in english.text and len(english.buttons) == 1
    assert "Sjoerdsma (D66) asked the Minister voor Buitenlandse Handel en " in english.text


def test_a_short_set_shows_its_questions_whole_without_a_quotation() -> None:
    """Two short questions fit on the screen as they are: nothing is cut, nothing quoted."""
    case = open_case(questions=open_case().questions[:1] + open_case().questions[6:7])
    [message] = render_new_question_set(case, [], "en")
    html = parse_html(message.text)
    assert not [e for e in html.entities if e["type"] == "expandable_blockquote"]
    assert "…" not in html.text
    assert "Sjoerdsma (D66) asked the Minister voor Buitenlandse Handel en " in html.text
    assert " 2 questions about “Het bericht" in html.text
    assert "\n1. Bent u bekend met het bericht" in html.text
    assert "\n7. Hebben Nederlandse technologiebedrijven" in html.text


def test_a_long_set_counts_the_questions_it_cannot_show() -> None:
    """Forty long questions: the first ones on the screen, a line saying how many more follow
    in full, and the quotations carry them over the following messages."""
    long = "Hoe beoordeelt u de gevolgen van dit besluit voor de betrokken gemeenten? " * 6
    case = open_case(questions=[Question(n, f"{n}: {long}") for n in range(1, 41)])
    messages = render_new_question_set(case, [], "nl")
    check_limits(messages)
    first = parse_html(messages[0].text)
    assert visible(first) <= VISIBLE_CHARS
    more = re.search(r"en nog (\d+) vragen, hieronder volledig", first.text)
    assert more and 0 < int(more.group(1)) < 40
    assert len(messages) <= 3 and messages[0].buttons
    assert len(messages) > 1
    assert messages[1].text.startswith("📖 <b>2019Z15244</b> · <i>alle vragen volledig")


def test_summarise_takes_one_or_two_sentences() -> None:
    """A short second sentence is kept, a long one left out; a complete text has no ellipsis."""
    assert summarise("Ja.") == "Ja."
    assert summarise("Nee. Dat is zo. Verder niets.") == "Nee. Dat is zo. …"
    assert summarise("Ja, d.w.z. art. 3 geldt. " + "Lang " * 80 + ".") == (
        "Ja, d.w.z. art. 3 geldt. …"
    )


def test_many_long_matched_queries_keep_the_alert_within_telegram_limits() -> None:
    """Fifty matched queries of 200 characters (the defaults allow it): the matched line is
    cut ("en nog 47"), every message stays within 4,096 characters and one screen."""
    matched = [(i, f"zoekterm{i} " + "a" * 185) for i in range(50)]
    for messages in (
        render_new_question_set(open_case(), matched, "nl"),
        render_answer(seed_case(), "nl", matched),
    ):
        [first, *_] = check_limits(messages)
        assert visible(parse_html(messages[0].text)) <= VISIBLE_CHARS
        line = next(x for x in first.split("\n") if x.startswith("Gevonden met: "))
        assert re.search(r" en nog \d+$", line) and len(line) < 300


def test_a_set_of_many_short_questions_stays_within_the_entity_limit() -> None:
    """120 questions of one word fit the screen by characters, not by entities: the lines go
    and every question is quoted instead."""
    case = open_case(questions=[Question(n, "Ja?") for n in range(1, 121)])
    messages = render_new_question_set(case, [], "en")
    check_limits(messages)
    assert "expandable_blockquote" in {e["type"] for e in parse_html(messages[0].text).entities}


def test_event_messages() -> None:
    """Postponed, further answer and withdrawn: a lead that says what happened, the notice,
    link and one button."""
    case = open_case(
        status="postponed",
        deadline=dt.date(2019, 8, 29),
        notice="De beantwoording vergt meer tijd. Afstemming is nodig. Meer.",
    )
    [postponed] = render_postponed(case, "nl")
    assert postponed.text.startswith(
        "⏳ <b>Uitstel</b> · 2019Z15244\n"
        "De minister voor Buitenlandse Handel en Ontwikkelingssamenwerking stelde de "
        "beantwoording van de 10 vragen van Sjoerdsma (D66) over het bericht ‘Berucht Chinees "
        "veiligheidsministerie gebruikt Nederlandse software die emoties leest’ uit.\n"
        "Nieuwe uiterste antwoorddatum: 29 augustus 2019\n"
    )
    assert "<i>De beantwoording vergt meer tijd. Afstemming is nodig. …</i>" in postponed.text
    assert postponed.buttons[0][0].callback_data == "case:2019Z15244"
    [withdrawn] = render_withdrawn(open_case(status="withdrawn", notice=None), "en")
    assert withdrawn.text.startswith(
        "🚫 <b>Withdrawn</b> · 2019Z15244\n"
        "Sjoerdsma (D66) withdrew the 10 questions to the Minister voor Buitenlandse Handel en "
        "Ontwikkelingssamenwerking about “Het bericht ‘Berucht"
    )
    assert f"{OB}kv-tk-2019Z15244.html" in withdrawn.text
    for message in (postponed, withdrawn):
        check_limits([message])


def test_further_answer_alert_summarises_what_the_further_answer_says() -> None:
    """A nader antwoord to question 7: the lead, a line for question 7 with what the further
    answer says (not the first answer), that answer in full in a quotation, the full button."""
    merged = seed_case()
    extra = "Nee. Inmiddels is besloten dat de vergunningplicht ook voor deze software geldt."
    answers = [
        dataclasses.replace(a, text=a.text + FURTHER_MARK + extra) if 7 in a.numbers else a
        for a in merged.answers
    ]
    case = dataclasses.replace(merged, answers=answers)
    [further] = render_further_answer(case, "nl")
    [text] = check_limits([further])
    assert text.startswith(
        "➕ Aanvullend antwoord · 2019Z15244\n"
        "Minister Kaag gaf een aanvullend antwoord op de 10 vragen van Sjoerdsma (D66) over het "
        "bericht ‘Berucht Chinees"
    )
    assert "\n7. Nee. Inmiddels is besloten dat de vergunningplicht" in text
    assert "\n1. " not in text  # only what the further answer says
    assert quoted(parse_html(further.text)) == f"Alle antwoorden volledig\nAntwoord 7\n{extra}"
    assert further.buttons[0][0].callback_data == "full:2019Z15244"
    [english] = render_further_answer(seed_case(), "en")  # no further part found: the lead
    assert english.text.startswith("➕ <b>Further answer</b> · 2019Z15244\nMinister Kaag gave")
    later = dataclasses.replace(
        merged, answers=[*merged.answers, Answer((11,), f"{FURTHER_PREFIX}Vraag 11 volgt nu.")]
    )
    [text] = check_limits(render_further_answer(later, "en"))
    assert "\n11. Vraag 11 volgt nu.\n" in text  # a further answer to what was left open


HOSTILE = '<script>alert("x")</script> & "quotes" &amp; <b>'


@pytest.mark.parametrize(
    "render",
    [
        lambda c: render_case(c, "nl"),
        lambda c: render_answer(c, "nl", [Match(1, HOSTILE)]),
        lambda c: render_new_question_set(c, [HOSTILE], "en"),
        lambda c: render_postponed(c, "nl"),
        lambda c: render_further_answer(c, "en"),
        lambda c: render_withdrawn(c, "nl"),
    ],
)
def test_everything_interpolated_is_escaped(render) -> None:
    """Hostile title, names, texts and URLs come out escaped and the validator accepts them."""
    case = dataclasses.replace(
        seed_case(),
        title=HOSTILE,
        askers=[Asker(HOSTILE, "<PVV>")],
        addressees=[HOSTILE],
        questions=[Question(1, HOSTILE)],
        answers=[Answer((1,), HOSTILE)],
        notice=HOSTILE,
        footnotes=[Footnote(1, HOSTILE, 'https://x.nl/?a=1&b="2"<>')],
    )
    messages = render(case)
    check_limits(messages)
    html = "\n".join(m.text for m in messages)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp;amp;" in html  # the literal "&amp;" of the title stays literal
    visible = "\n".join(parse_html(m.text).text for m in messages)
    assert HOSTILE.strip() in visible


def test_footnote_url_survives_escaping() -> None:
    """A footnote URL with & and quotes becomes an entity with exactly that URL."""
    url = 'https://x.nl/?a=1&b="2"'
    case = dataclasses.replace(seed_case(), footnotes=[Footnote(1, url, url)])
    last = render_case(case, "nl")[-1]
    urls = [e["url"] for e in parse_html(last.text).entities if e["type"] == "text_link"]
    assert url in urls


def test_a_footnote_link_is_labelled_without_its_url() -> None:
    """A footnote that prints its URL (as real documents do) links its words, not the URL
    twice; a footnote that is only a URL is labelled with the URL's host and path."""
    url = "https://pointer.kro-ncrv.nl/berucht-escortbureau"
    notes = [
        Footnote(1, f"Pointer, 17 november 2024, Berucht escortbureau ({url}).", url),
        Footnote(2, url, url),
    ]
    last = render_case(dataclasses.replace(seed_case(), footnotes=notes), "nl")[-1]
    html = parse_html(last.text)
    links = {
        html.text[e["offset"] : e["offset"] + e["length"]]: e["url"]
        for e in html.entities
        if e["type"] == "text_link"
    }
    assert links["Pointer, 17 november 2024, Berucht escortbureau."] == url
    assert links["pointer.kro-ncrv.nl/berucht-escortbureau"] == url
    for leftover in (f"{url}.", f"( {url} )", f"Zie: {url}"):  # nothing left to label with
        notes = [Footnote(1, leftover, url)]
        last = render_case(dataclasses.replace(seed_case(), footnotes=notes), "en")[-1]
        html = parse_html(last.text)
        [entity] = [e for e in html.entities if e.get("url") == url]
        label = html.text[entity["offset"] : entity["offset"] + entity["length"]]
        assert label in ("pointer.kro-ncrv.nl/berucht-escortbureau", "Zie"), leftover


def long_text(number: int, sentences: int) -> str:
    """A Dutch-looking text of many sentences, with markup characters in it."""
    return " ".join(
        f"Zin {number}.{i} over export & <controle> van één café." for i in range(sentences)
    )


def test_forty_long_questions_split_at_question_boundaries() -> None:
    """40 long question/answer pairs: many messages, each within limits, pairs never split."""
    case = Case(
        zaaknummer="2024Z00001",
        title="Veel vragen",
        status="answered",
        questions=[Question(n, long_text(n, 12)) for n in range(1, 41)],
        answers=[Answer((n,), long_text(n, 14)) for n in range(1, 41)],
    )
    messages = render_case(case, "nl")
    texts = check_limits(messages)
    assert len(messages) >= 10
    for text, message in zip(texts, messages, strict=True):
        questions = [n for n in range(1, 41) if f"\nVraag {n}\n" in f"\n{text}\n"]
        answers = [n for n in range(1, 41) if f"\nAntwoord {n}\n" in f"\n{text}\n"]
        assert questions == answers  # each message holds whole pairs
        assert message is messages[0] or message.text.startswith("<b>Vraag ")
    assert sum(t.count("\nVraag ") + t.startswith("Vraag ") for t in texts) == 40


def test_many_short_pairs_respect_the_entity_limit() -> None:
    """150 one-word pairs make 300 bold labels: split by entities, not characters."""
    case = Case(
        zaaknummer="2024Z00002",
        questions=[Question(n, "Waarom?") for n in range(1, 151)],
        answers=[Answer((n,), "Daarom.") for n in range(1, 151)],
    )
    messages = render_case(case, "en")
    check_limits(messages)
    assert len(messages) >= 4
    assert max(len(parse_html(m.text).entities) for m in messages) >= 90


@pytest.mark.parametrize(
    "answer",
    [
        "\n\n".join(long_text(p, 8) for p in range(30)),  # paragraphs
        long_text(1, 220),  # sentences only
        "&<>é😀" * 2000,  # no boundary at all, every character an entity or a surrogate pair
    ],
)
def test_ten_thousand_character_answer_is_split_safely(answer: str) -> None:
    """A single answer over 10,000 characters is split within limits, losing nothing."""
    assert len(answer) >= 10_000
    case = Case(
        zaaknummer="2024Z00003", questions=[Question(1, "Hoe?")], answers=[Answer((1,), answer)]
    )
    messages = render_case(case, "nl")
    texts = check_limits(messages)
    assert len(messages) >= 3
    joined = "".join(texts)
    assert "".join(answer.split()) in "".join(joined.split())
    assert joined.count("Antwoord 1") == 1


def test_callback_data_over_64_bytes_is_refused() -> None:
    """A Button refuses 65 bytes of callback data, and the callback codec refuses a subscription
    id no database gives (it could not be decoded again)."""
    Button("ok", "x" * 64)
    with pytest.raises(CallbackDataTooLong):
        Button("too long", "é" * 33)
    with pytest.raises(CallbackError):
        render_new_question_set(open_case(), [Match("9" * 60, "china")], "nl")


async def test_rendered_messages_are_accepted_by_the_fake_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sent through a real PTB Bot, every rendered seed message is accepted as is."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    case_messages = render_case(seed_case(), "nl")
    messages = case_messages + render_answer(seed_case(), "en")
    with FakeBotApi() as api:
        async with Bot(api.token, base_url=api.base_url) as bot:
            for message in messages:
                markup = inline_keyboard(message)
                assert markup is None or isinstance(markup, InlineKeyboardMarkup)
                await bot.send_message(
                    42,
                    message.text,
                    parse_mode="HTML",
                    reply_markup=markup,
                    disable_web_page_preview=message.disable_preview,
                )
        sent = api.sent_messages(42)
    assert [s.html for s in sent] == [m.text for m in messages]
    assert sent[len(case_messages)].callback_data() == ["case:2019Z15244"]


# ---------------------------------------------------------------- property test

TRICKY = st.sampled_from(
    [
        *"<>&\"'; \n\n.?!…«»‘’ ",
        "&amp;",
        "&lt;",
        "</b>",
        "<b>",
        "😀",
        "👍🏽",
        "é",
        "ë",
        "ĳ",
        "Ü",
        "€",
        "\u200d",
        "\t",
        "\r\n",
        "http://x.nl/?a=1&b=2",
    ]
)
TEXT = st.lists(TRICKY | st.characters(exclude_categories=("Cs",)), max_size=200).map("".join)
# Long texts come from repeating a random one, so that splitting is exercised often.
LONG_TEXT = st.one_of(
    TEXT, st.builds(lambda t, n: (t + " ") * n, TEXT, st.sampled_from([5, 20, 60, 150]))
)


@st.composite
def random_cases(draw: st.DrawFn) -> Case:
    """Cases with random texts, numbering and merged answers."""
    count = draw(st.sampled_from([0, 1, 3, 12, 40]))
    questions = [Question(n, draw(LONG_TEXT)) for n in range(1, count + 1)]
    answers, number = [], 1
    while number <= count and draw(st.booleans()):
        width = draw(st.integers(1, 3))
        numbers = tuple(range(number, min(number + width, count + 1)))
        answers.append(Answer(numbers, draw(LONG_TEXT)))
        number += width
    return Case(
        zaaknummer=draw(st.sampled_from(["2019Z15244", None])),
        title=draw(st.none() | TEXT),
        status=draw(st.sampled_from(["open", "postponed", "answered", "withdrawn", "weird"])),
        askers=[Asker(draw(TEXT), draw(st.none() | TEXT)) for _ in range(draw(st.integers(0, 3)))],
        addressees=draw(st.lists(TEXT, max_size=3)),
        answered_by=draw(st.none() | TEXT),
        submitted=draw(st.none() | st.dates()),
        answered=draw(st.none() | st.dates()),
        deadline=draw(st.none() | st.dates()),
        related=draw(st.lists(TEXT, max_size=2)),
        questions=questions,
        answers=answers,
        footnotes=[
            Footnote(n, draw(TEXT), draw(st.none() | st.just("https://x.nl/") | TEXT))
            for n in range(1, draw(st.integers(0, 4)))
        ],
        notice=draw(st.none() | LONG_TEXT),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=random_cases(),
    lang=st.sampled_from(["nl", "en", "fr", None]),
    matched=st.lists(st.tuples(st.integers(1, 10**12), TEXT), max_size=3),
)
def test_every_rendering_of_random_cases_is_valid(case: Case, lang: str, matched: list) -> None:
    """Random texts (markup, emoji, diacritics): every message valid and within the limits."""
    renderings = [
        render_case(case, lang),
        render_case(case, lang, page=1),
        render_answer(case, lang, matched),
        render_new_question_set(case, matched, lang),
        render_postponed(case, lang),
        render_further_answer(case, lang),
        render_withdrawn(case, lang),
    ]
    for messages in renderings:
        assert messages
        check_limits(messages)


def question_documents() -> list[Path]:
    """Every real question document (by its ground truth's kind), in the repository and shared."""
    kinds = ("question", "questions")
    return [d.path for d in real_documents(REAL) if d.expected.get("kind") in kinds]


@pytest.mark.parametrize("path", question_documents(), ids=lambda p: Path(p).name[:3])
def test_every_real_question_document(path: Path) -> None:
    """Each real question document as a new-set alert: valid HTML for Telegram in both
    languages, a lead naming its askers, one screen, and every question whole in the alert."""
    document = parse_bytes(path.read_bytes(), path.name)
    case = merge_documents(document.zaaknummer, [document])
    for lang in ("nl", "en"):
        messages = render_new_question_set(case, [(1, "stikstof OR ammoniak")], lang)
        check_limits(messages)
        first = parse_html(messages[0].text)
        assert visible(first) <= VISIBLE_CHARS
        lead_line = first.text.split("\n")[1]
        named = case.askers if len(case.askers) <= 3 else case.askers[:1]
        assert all(asker.name in lead_line for asker in named)
        shown = " ".join("\n".join(parse_html(m.text).text for m in messages).split())
        whole = [squash(q.text) in shown for q in case.questions]
        if not all(whole):  # only a set too long for three messages, cut at the end
            assert "staan in de hele zaak" in shown or "are in the whole case" in shown
            assert whole.index(False) > 10 and not any(whole[whole.index(False) + 1 :])
