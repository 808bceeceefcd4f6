"""Text helpers every layer shares: folding for comparison, white space, and markup to plain text.

    fold("Financiën")                      -> "financien"
    squash("  a \n b ")                     -> "a b"
    normalise_title("“Het” bericht!")       -> "het bericht"
    plain_text('<b>Vraag</b> &amp; <a href="u">meer</a>', show_urls=True) -> "Vraag & meer (u)"

Pure functions on strings; none of them raises on odd input.
"""

from __future__ import annotations

import html
import re
import unicodedata

_WHITE_SPACE_RE = re.compile(r"\s+")
_TITLE_WORD_RE = re.compile(r"[0-9a-z]+")
_TAG_RE = re.compile(r"<[^<>]*>")
_LINK_RE = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def fold(text: str) -> str:
    """Lower case without diacritics: "Financiën" -> "financien"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def squash(text: str) -> str:
    """Collapse runs of white space to single spaces and strip."""
    return _WHITE_SPACE_RE.sub(" ", text).strip()


def normalise_title(text: str | None) -> str:
    """A title reduced for comparison: folded, quotes and punctuation gone, spaces collapsed."""
    if not text:
        return ""
    return " ".join(_TITLE_WORD_RE.findall(fold(text)))


def plain_text(markup: str, *, show_urls: bool = False) -> str:
    """What (Telegram) HTML shows, as plain text: tags dropped, entities decoded, outer white
    space stripped; with `show_urls`, a link reads "label (url)" unless the label is the URL.
    Broken markup is read as well as it goes, never refused."""
    if show_urls:

        def _link(match: re.Match[str]) -> str:
            url, label = match.group(1), match.group(2)  # both still escaped
            same = html.unescape(_TAG_RE.sub("", label)) == html.unescape(url)
            return label if same else f"{label} ({url})"

        markup = _LINK_RE.sub(_link, markup)
    return html.unescape(_TAG_RE.sub("", markup)).strip()
