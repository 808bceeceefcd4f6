"""Escaping, measuring and splitting Telegram HTML (bot/html.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamervragen.bot.rendering.html import (
    MarkupError,
    bold,
    escape,
    link,
    measure,
    pack,
    split_markup,
    visible_text,
)
from tests.fakes.botapi import parse_html, utf16_len


def test_measure_counts_visible_utf16_and_tags() -> None:
    """Tags are free, an entity is one character, an emoji two, outer white space nothing."""
    size = measure(f"  {bold('a&b')} 😀 {link('https://x.nl/?a&b', 'l')}\n")
    assert (size.chars, size.entities) == (8, 2)
    assert visible_text(bold("<x>")) == "<x>"


def test_stray_markup_is_refused() -> None:
    """A bare < or & is not bot markup."""
    with pytest.raises(MarkupError):
        measure("a < b")
    with pytest.raises(MarkupError):
        split_markup("a & b", 10)


def test_split_prefers_paragraphs_then_sentences() -> None:
    """Cuts fall after a blank line, else after a sentence; white space at a cut is dropped."""
    paragraph = "Een. " * 10 + "\n\n" + "Twee. " * 10
    assert split_markup(paragraph, 70) == ["Een. " * 9 + "Een.", ("Twee. " * 10).strip()]
    sentences = "Dit is een zin. " * 10
    parts = split_markup(sentences, 50)
    assert all(p.endswith("zin.") for p in parts)


def test_split_closes_and_reopens_tags() -> None:
    """A cut inside <b><a> closes both and opens them again with the same attributes."""
    markup = '<b>vet <a href="https://x.nl/?a&amp;b">' + "woord " * 20 + "</a></b>"
    parts = split_markup(markup, 40)
    assert len(parts) > 2
    for part in parts:
        parsed = parse_html(part)
        assert utf16_len(parsed.text) <= 40
    assert parts[1].startswith('<b><a href="https://x.nl/?a&amp;b">')
    assert parts[0].endswith("</a></b>")


def test_split_never_cuts_an_entity_or_a_surrogate_pair() -> None:
    """Hard cuts fall between characters: &amp; and emoji stay whole."""
    markup = escape("&😀") * 50
    parts = split_markup(markup, 7)
    assert "".join(parse_html(p).text for p in parts) == "&😀" * 50


def test_pack_keeps_blocks_whole_and_splits_only_oversized_ones() -> None:
    """Blocks that fit are never cut; greedy packing; an oversized block is split."""
    blocks = [bold(str(n)) + " " + "x" * 1500 for n in range(5)]
    messages = pack(blocks)
    assert [m.count("<b>") for m in messages] == [2, 2, 1]
    assert pack(["y" * 9000]) == ["y" * 4096, "y" * 4096, "y" * 808]
    assert pack([bold("x")] * 150, separator=" ") == [
        " ".join([bold("x")] * 100),
        " ".join([bold("x")] * 50),
    ]


MARKUP_PIECE = st.one_of(
    st.text(st.sampled_from(list("ab .!?\n\t😀é")), max_size=30).map(escape),
    st.text(max_size=10).map(bold),
    st.tuples(st.text(max_size=10), st.text(min_size=1, max_size=10)).map(
        lambda p: link("https://x.nl/" + p[0], p[1])
    ),
    st.text(max_size=10).map(lambda s: f"<i>{escape(s)}<b>{escape(s)}</b></i>"),
)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(MARKUP_PIECE, max_size=40),
    max_chars=st.integers(2, 120),
    max_entities=st.integers(3, 8),
)
def test_split_property(pieces: list[str], max_chars: int, max_entities: int) -> None:
    """Any split: each part valid and within limits, nothing but white space lost."""
    markup = "".join(pieces)
    parts = split_markup(markup, max_chars, max_entities)
    for part in parts:
        parsed = parse_html(part)
        assert utf16_len(parsed.text) <= max_chars
        assert len(parsed.entities) <= max_entities
    before = "".join(visible_text(markup).split())
    assert "".join("".join(parse_html(p).text.split()) for p in parts) == before
