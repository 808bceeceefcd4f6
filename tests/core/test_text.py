"""The text helpers of kamervragen.core.text: folding, white space, markup to plain text."""

from __future__ import annotations

from kamervragen.core.text import fold, normalise_title, plain_text, squash


def test_plain_text_keeps_links_readable() -> None:
    """Tags go, entities are decoded, a link shows its URL unless the label is the URL."""
    markup = (
        "<b>Vraag 1</b> &amp; <i>meer</i>\n"
        '🔗 <a href="https://x.nl/?a=1&amp;b=2">Officiële tekst</a>\n'
        '<a href="https://y.nl/">https://y.nl/</a> &lt;b&gt;'
    )
    assert plain_text(markup, show_urls=True) == (
        "Vraag 1 & meer\n🔗 Officiële tekst (https://x.nl/?a=1&b=2)\nhttps://y.nl/ <b>"
    )


def test_plain_text_without_urls_and_of_broken_markup() -> None:
    """Without `show_urls` a link is its label; a stray `<` or `&` is kept, never refused."""
    assert plain_text('  <a href="https://x.nl/">tekst</a> &amp; meer  ') == "tekst & meer"
    assert plain_text("<b>a < b & c</b>") == "a < b & c"


def test_fold_squash_and_titles() -> None:
    """Diacritics and case go; white space collapses; titles lose quotes and punctuation."""
    assert fold("Financiën") == "financien"
    assert squash("  a \n\t b ") == "a b"
    assert normalise_title("“Het” bericht: Ë-test!") == "het bericht e test"
    assert normalise_title(None) == ""
