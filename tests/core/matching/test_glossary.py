"""The English-Dutch glossary: its data, its evidence, and how queries use it in matching."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.core.matching import CaseText, SubscriptionIndex, describe, evaluate, parse_query
from kamervragen.core.matching.glossary import (
    MAX_ALTERNATIVES,
    Translated,
    dutch_term,
    lookup_key,
    parse_glossary,
    translations,
)
from kamervragen.core.matching.normalise import tokens
from kamervragen.core.matching.query import EXACT, WORD
from tests.conftest import ROOT

ENTRIES = parse_glossary(
    resources.files("kamervragen.core.matching").joinpath("glossary.tsv").read_text("utf-8")
)
EVIDENCE = [
    line.split("\t")
    for line in (ROOT / "tests/data/glossary/evidence.tsv").read_text("utf-8").splitlines()[1:]
]
# Dutch words with another common meaning, or so short that they occur inside other words:
# each is left out or matched only as a whole word (the glossary README says why).
AMBIGUOUS = [
    "huren",
    "stemming",
    "belasting",
    "uitlevering",
    "chips",
    "vee",
    "leger",
    "ai",
    "crypto",
    "corona",
    "eu",
    "vn",
    "woo",
    "brp",
    "mbo",
    "glb",
    "ondermijning",
]
SOURCES = ("own translation", "common usage", "FreeDict", "bilingual", "same word in Dutch")
SOURCES_EN = ("Tweede Kamer EN site", "government.nl EN page")


def squash(text: str) -> str:
    """Lower case, white space squashed."""
    return " ".join(text.lower().split())


@cache
def document_text(where: str) -> str:
    """The text of a repository document (a PDF's text layer through pypdf), squashed."""
    path = ROOT / where.removesuffix(" (text layer)")
    if path.suffix == ".pdf":
        return squash(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
    return squash(path.read_text(encoding="utf-8"))


def test_every_entry_parses_into_query_terms() -> None:
    """551 entries (at least 300 asked for), each with Dutch forms that are valid terms."""
    assert len(ENTRIES) >= 300
    for entry in ENTRIES:
        for form in entry.dutch:
            term = dutch_term(form)
            assert term.tokens, form
            whole = form.startswith('"') or " " in form or len("".join(term.tokens)) <= 3
            assert term.kind == (EXACT if whole else WORD), form


def test_no_english_term_twice() -> None:
    """No English term is listed twice, also not as its singular or plural."""
    keys = Counter(lookup_key(tokens(entry.english)) for entry in ENTRIES)
    assert [key for key, count in keys.items() if count > 1] == []


def test_every_source_is_named() -> None:
    """Each entry says where its translation comes from, from the README's list."""
    for entry in ENTRIES:
        assert entry.source.startswith(SOURCES + SOURCES_EN), entry


def test_every_dutch_form_occurs_in_its_evidence_quote() -> None:
    """For every Dutch form a quote of real Dutch text holds it (as a word or a compound's
    start for a plain form; as whole words for a quoted one or a phrase)."""
    quotes: dict[tuple[str, str], list[str]] = {}
    for english, dutch, quote, where in EVIDENCE:
        assert len(quote) <= 200 and where
        quotes.setdefault((english, dutch), []).append(squash(quote))
    for entry in ENTRIES:
        for form in entry.dutch:
            word = form.strip('"')
            end = r"(?!\w)" if word != form or " " in word else ""
            pattern = re.compile(r"(?<!\w)" + re.escape(word.lower()) + end)
            found = quotes.get((entry.english, word), [])
            assert any(pattern.search(q) for q in found), (entry.english, form)


def test_evidence_from_the_repository_is_in_the_file_it_names() -> None:
    """A quote from tests/data/real/ or seeds/ is text of that very file."""
    local = [row for row in EVIDENCE if row[3].startswith(("tests/", "seeds/"))]
    assert len(local) >= 300
    for english, _, quote, where in local:
        assert squash(quote) in document_text(where), (english, where)


def test_ambiguous_words_are_left_out_or_whole_words_only() -> None:
    """huren, stemming, belasting, chips, leger, …: never matched inside other words."""
    for entry in ENTRIES:
        for form in entry.dutch:
            word = form.strip('"')
            if word in AMBIGUOUS:
                assert dutch_term(form).kind == EXACT, (entry.english, form)
    forms = {f.strip('"') for entry in ENTRIES for f in entry.dutch}
    assert not {"huren", "chips", "ondermijning"} & forms


def test_english_words_also_search_their_dutch_forms() -> None:
    """`human rights` finds "mensenrechten", `nitrogen` "stikstofdepositie", and the preview
    can name what else is searched; the description stays as typed."""
    text = CaseText(["Het kabinet hecht aan mensenrechten en aan minder stikstofdepositie."])
    for query in ("human rights", "nitrogen", "export control OR nitrogen", "farmer OR nitrogen"):
        assert evaluate(query, text), query
    assert translations(parse_query("human rights nitrogen")) == [
        ("human rights", ("mensenrechten",)),
        ("nitrogen", ("stikstof",)),
    ]
    assert describe("human rights", "en") == "cases mentioning “human rights” in one sentence"


def test_quoted_words_prefixes_and_dutch_words_are_not_translated() -> None:
    """Quotes search exactly what they hold; prefixes and Dutch words stay as typed."""
    for query in ('"human rights"', "human*", "mensenrechten", "stikstof boeren"):
        assert translations(parse_query(query)) == [], query
    assert not evaluate('"human rights"', CaseText(["Over mensenrechten."]))


def test_a_negated_english_word_excludes_its_dutch_forms() -> None:
    """`boeren -nitrogen` excludes a case about stikstof."""
    assert not evaluate("boeren -nitrogen", CaseText(["De boeren en de stikstof."]))
    assert evaluate("boeren -nitrogen", CaseText(["De boeren en het water."]))


def test_a_group_keeps_its_sentence_and_its_size() -> None:
    """The Dutch form takes the English term's place in the same-sentence group; a group of
    many English terms stays within MAX_ALTERNATIVES parts."""
    assert evaluate("human rights china", CaseText(["China schendt mensenrechten."]))
    assert not evaluate("human rights china", CaseText(["Over China. En mensenrechten."]))
    root = parse_query("human rights nitrogen tax farmers police").root
    assert isinstance(root, Translated) and len(root.items) <= MAX_ALTERNATIVES


ENGLISH = st.sampled_from([e for e in ENTRIES if not any(f.startswith('"') for f in e.dutch)])


@settings(max_examples=150, deadline=None)
@given(entry=ENGLISH, index=st.integers(0, 5), noise=st.sampled_from(["", " Verder niets."]))
def test_the_index_and_the_naive_path_agree_on_translated_queries(
    entry, index: int, noise: str
) -> None:
    """Any English term matches a text with one of its Dutch forms, the same way in the
    subscription index (the fan-out) as on the naive path."""
    form = entry.dutch[index % len(entry.dutch)]
    text = CaseText([f"Het gaat hier over {form} in Nederland.{noise}"])
    subscriptions = SubscriptionIndex()
    subscriptions.add(1, entry.english)
    assert evaluate(entry.english, text)
    assert subscriptions.match(text) == {1}


@pytest.mark.parametrize("where", sorted({row[3] for row in EVIDENCE if row[3][:6] == "tests/"}))
def test_named_documents_exist(where: str) -> None:
    """Every repository document the evidence names is in the repository."""
    assert Path(ROOT / where.removesuffix(" (text layer)")).is_file()
