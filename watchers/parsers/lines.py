"""Line-level cleanup of documents rendered to text: page furniture, footnotes, hyphenation.

PDF renderings break words across lines ("emotieher-" / "kenning"), glue footnote markers to
words ("leest»?1"), put footnote blocks ("1 https://...") between paragraphs and add page
furniture. Question pages mark footnotes as " 1)" with a list "1) https://..." at the end.
These functions undo all that on plain lists of lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kamervragen.core.model import Footnote

_FURNITURE = [
    re.compile(
        r"^\s*(?:Tweede|Eerste) Kamer,? vergaderjaar \d{4}\s*[–-]\s*\d{4},?\s+[Aa]anhangsel\b"
    ),
    re.compile(r"^\s*Aanhangsel (?:van de )?Handelingen(?: II)?\s+\d{4}(?:/\d{2,4})?\b.*$"),
    re.compile(r"^\s*(?:ah|kv)-tk-\S+(?:\s+ISSN.*)?\s*$"),
    re.compile(r"^\s*ISSN \d{4}-\d{3}[\dX]\b.*$"),
    re.compile(r"^\s*'s-Gravenhage \d{4}\s*$"),
    re.compile(r"^\s*Pagina \d+ van \d+\s*$", re.I),
]
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")

# A footnote line: "1 https://..." (PDF) or "1) https://..." (question page, DOCX rendering).
_NOTE_LINE = re.compile(r"^\s*(?P<num>\d{1,3})(?P<paren>\))?\s+(?P<text>\S.*?)\s*$")
_URL_START = re.compile(r"^(?:https?://|www\.)", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
# A marker glued to a word or closing punctuation: "leest»?1", "organisaties2".
_GLUED_MARKER = re.compile(r"(?<=[A-Za-zÀ-ÿ»”’\"?!.)\]])(\d{1,3})(?=\s|$|[,;:])")
# A marker standing apart as on the question page: "leest’? 1)".
_PAREN_MARKER = re.compile(r"\s(\d{1,3})\)(?=\s|$|[,;:.?])")


def is_furniture(line: str, drop_page_numbers: bool) -> bool:
    """True for page headers and footers that are not part of the text."""
    if drop_page_numbers and _PAGE_NUMBER.match(line):
        return True
    return any(p.match(line) for p in _FURNITURE)


def strip_furniture(lines: Iterable[str], drop_page_numbers: bool) -> list[str]:
    """Remove page furniture lines."""
    return [line for line in lines if not is_furniture(line, drop_page_numbers)]


def extract_footnotes(lines: list[str]) -> tuple[list[str], list[Footnote]]:
    """Take footnote blocks out of `lines`; return the remaining lines and the footnotes.

    A line "N text" or "N) text" is a footnote when N is the next footnote number and either the
    text is a URL or a marker N was seen earlier in the running text. URL notes broken over lines
    are joined back without a space (the hyphen of a broken URL is part of the URL).
    """
    kept: list[str] = []
    notes: list[Footnote] = []
    seen_markers: set[int] = set()
    expected = 1
    current: list[str] | None = None
    current_num = 0

    def close() -> None:
        nonlocal current
        if current is not None:
            text = _join_note(current)
            url_match = _URL.search(text)
            url = url_match.group(0).rstrip(".,;)") if url_match else None
            notes.append(Footnote(current_num, text, url))
        current = None

    for line in lines:
        stripped = line.strip()
        if current is not None:
            if _continues_note(current, stripped):
                current.append(stripped)
                continue
            close()
        match = _NOTE_LINE.match(line)
        if match and int(match.group("num")) == expected:
            text = match.group("text")
            number = int(match.group("num"))
            if _URL_START.match(text) or number in seen_markers:
                current = [text]
                current_num = number
                expected += 1
                continue
        kept.append(line)
        for m in _GLUED_MARKER.finditer(line):
            seen_markers.add(int(m.group(1)))
        for m in _PAREN_MARKER.finditer(line):
            seen_markers.add(int(m.group(1)))
    close()
    return kept, notes


def _continues_note(parts: list[str], line: str) -> bool:
    """A URL cut at the line end continues on the next line as one token without spaces."""
    if not line or " " in line:
        return False
    last = parts[-1]
    return bool(_URL.search(last.split()[-1])) and not line[:1].isupper()


def _join_note(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text += part  # URL continuation: no space, keep the hyphen
    return re.sub(r"\s+", " ", text).strip()


def remove_markers(text: str, numbers: set[int]) -> str:
    """Delete footnote markers whose number is a known footnote from running text."""
    if not numbers:
        return text

    def glued(m: re.Match[str]) -> str:
        return "" if int(m.group(1)) in numbers else m.group(0)

    def paren(m: re.Match[str]) -> str:
        return "" if int(m.group(1)) in numbers else m.group(0)

    text = _PAREN_MARKER.sub(paren, text)
    return _GLUED_MARKER.sub(glued, text)


# Prefixes that keep their hyphen before a lower-case word ("dual-use", "ex-minister").
HYPHEN_PREFIXES = {"dual", "ex", "oud", "vice", "niet", "non", "e"}
# Vowel pairs that a Dutch compound separates with a hyphen ("zee-eend", "mede-eigenaar").
VOWEL_CLASH = {"aa", "ee", "oo", "uu", "ie", "ei", "eu", "ui", "oe", "ou", "au", "ij", "ae", "oi"}
CONJUNCTIONS = {"en", "of", "tot", "en/of", "noch"}
_WORD_AT_END = re.compile(r"([\w]+(?:-[\w]+)*)-$")
_WORD_AT_START = re.compile(r"^([\w/]+)")


class Vocabulary:
    """The words of one document, to decide whether a hyphen at a line end is real."""

    def __init__(self, text: str):
        self.hyphenated = {w.lower() for w in re.findall(r"\w+-\w+", text)}
        self.words = {w.lower() for w in re.findall(r"\w+", text)}


def join_hyphenated(left_line: str, right_line: str, vocab: Vocabulary) -> str | None:
    """Join two lines when the first ends in a hyphen; None when it does not."""
    left_match = _WORD_AT_END.search(left_line.rstrip())
    right_match = _WORD_AT_START.match(right_line.lstrip())
    if not left_match or not right_match:
        return None
    left_word = left_match.group(1)
    left_part = left_word.rsplit("-", 1)[-1]
    right_word = right_match.group(1)
    head = left_line.rstrip()
    tail = right_line.lstrip()
    if right_word.lower() in CONJUNCTIONS:
        return head + " " + tail  # "interceptie- en monitoringsystemen"
    if _keeps_hyphen(left_part, right_word, vocab):
        return head + tail
    return head[:-1] + tail


def _keeps_hyphen(left: str, right: str, vocab: Vocabulary) -> bool:
    if not left or not right:
        return True
    if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
        return True  # "Noord-Holland", "EU-landen", "F-35"
    if sum(c.isupper() for c in left) >= 2:
        return True  # an abbreviation: "NOx-beleid", "EU-landen"
    low_left, low_right = left.lower(), right.lower()
    if low_left in HYPHEN_PREFIXES:
        return True
    if (low_left[-1] + low_right[0]) in VOWEL_CLASH:
        return True
    hyphen_form = f"{low_left}-{low_right}"
    joined = low_left + low_right
    if any(h.startswith(hyphen_form) or h == hyphen_form for h in vocab.hyphenated):
        return joined not in vocab.words
    return False


_SENTENCE_END = re.compile(r"[.?!:;»”\")]\s*$")


def join_lines(lines: list[str], vocab: Vocabulary) -> list[str]:
    """Join wrapped lines into paragraphs, undoing line-break hyphenation.

    A blank line ends a paragraph only after sentence-ending punctuation (PDF renderings put blank
    lines at page breaks mid-sentence); a short line ending a sentence ends one too.
    """
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    full_width = max(widths) if widths else 0
    paragraphs: list[str] = []
    current = ""
    pending_break = False
    for raw in lines:
        line = raw.strip()
        if not line:
            if current and _SENTENCE_END.search(current):
                pending_break = True
            continue
        if pending_break and current:
            paragraphs.append(current)
            current = ""
        pending_break = False
        if not current:
            current = line
        else:
            joined = join_hyphenated(current, line, vocab)
            current = joined if joined is not None else current + " " + line
        if _SENTENCE_END.search(line) and full_width and len(raw.rstrip()) < 0.8 * full_width:
            pending_break = True
    if current:
        paragraphs.append(current)
    return [re.sub(r"[ \t]+", " ", p).strip() for p in paragraphs if p.strip()]
