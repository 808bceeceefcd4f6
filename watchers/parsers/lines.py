"""Line-level cleanup of documents rendered to text: page furniture, footnotes, hyphenation.

PDF renderings break words across lines ("emotieher-" / "kenning"), glue footnote markers to
words ("leest»?1"), put footnote blocks ("1 https://...") between paragraphs and add page
furniture. Question pages mark footnotes as " 1)" with a list "1) https://..." at the end.
These functions undo all that on plain lists of lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

from kamervragen.core.model import Footnote

# Page furniture that stands on a line of its own.
_FURNITURE = [
    re.compile(r"^\s{0,20}(?:ah|kv)-tk-\S{1,40}(?:\s{1,5}ISSN.{0,40})?\s{0,20}$"),
    re.compile(r"^\s{0,20}'s-Gravenhage \d{4}\s{0,20}$"),
    re.compile(r"^\s{0,20}Pagina \d{1,4} van \d{1,4}\s{0,20}$", re.I),
    re.compile(r"^\s{0,20}Tweede Kamer der Staten-Generaal\s{0,3}\d{0,3}\s{0,20}$"),
    re.compile(
        r"^\s{0,20}Vergaderjaar \d{4}\s?[–-]\s?\d{4},? Aanhangsel van de Handelingen\s{0,20}$"
    ),
    re.compile(
        r"^\s{0,20}Aanhangsel (?:van de )?Handelingen(?: II)?\s{1,5}\d{4}(?:/\d{2,4})?\b.{0,80}$"
    ),
    re.compile(r"^\s{0,20}Vragen gesteld door de leden der Kamer, met de daarop door de\s{0,20}$"),
    re.compile(r"^\s{0,20}regering gegeven antwoorden\s{0,20}$"),
]
# Page furniture that PDF text glues to the text before or after it: the page footer
# "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1" (its page number glued to a heading:
# "Aanhangsel 1Antwoord 3") and the ISSN line "ISSN 0921 - 7398’s-Gravenhage 2024".
_GLUED_FURNITURE = re.compile(
    r"(?:(?:Tweede|Eerste) Kamer,? vergaderjaar \d{4}\s?[–-]\s?\d{4},?\s{1,3}[Aa]anhangsel"
    r"(?:\s{0,3}\d{1,4})?|ISSN\s?\d{4}\s?[-–]\s?\d{3}[\dX]|[’']s-Gravenhage \d{4})"
)
_PAGE_NUMBER = re.compile(r"^\s{0,20}\d{1,4}\s{0,20}$")
# A line of footnote markers only, as PDF text puts them: "1" or "2 3".
_MARKER_LINE = re.compile(r"^\s{0,20}\d{1,2}(?:\s{1,3}\d{1,2}){0,5}\s{0,20}$")

# A footnote line: "1 https://..." (PDF) or "1) https://..." (question page, DOCX rendering).
_NOTE_LINE = re.compile(r"^\s{0,20}(?P<num>\d{1,3})(?P<paren>\))?\s{1,5}(?P<text>\S.*)$")
# A footnote number glued to its text: "1NOS, 22 oktober 2024", "32024Z15585/2024D37938".
_GLUED_NOTE_TEXT = re.compile(r"(?:[A-Z][\w'’.]|\d{4}|«|\(|https?://|www\.)")
_URL_START = re.compile(r"^(?:https?://|www\.)", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
# A marker glued to a word or closing punctuation: "leest»?1", "organisaties2".
_GLUED_MARKER = re.compile(r"(?<=[A-Za-zÀ-ÿ»”’\"?!.)\]])(\d{1,3})(?=\s|$|[,;:])")
# A marker standing apart as on the question page: "leest’? 1)".
_PAREN_MARKER = re.compile(r"\s(\d{1,3})\)(?=\s|$|[,;:.?])")


PAGE_BREAK = "\f"  # where page furniture was: a footnote block ends there


def strip_furniture(lines: Iterable[str]) -> list[str]:
    """Replace page furniture by `PAGE_BREAK`: lines of their own, and footers glued to text."""
    kept: list[str] = []
    for line in lines:
        parts = _unglue(line)
        if len(parts) != 1 or parts[0] is not line:
            kept.append(PAGE_BREAK)
        for part in parts:
            if any(p.match(part) for p in _FURNITURE):
                kept.append(PAGE_BREAK)
            else:
                kept.append(part)
    return kept


def _unglue(line: str) -> list[str]:
    """The text of `line` around glued page footers, as separate lines."""
    if "Aanhangsel" not in line and "ISSN" not in line and "Gravenhage" not in line:
        return [line]
    parts = _GLUED_FURNITURE.split(line)
    if len(parts) == 1:
        return [line]
    return [p for p in parts if p.strip()]


def marker_numbers(line: str) -> list[int] | None:
    """The footnote numbers of a line that holds nothing else ("2 3"), else None."""
    if not _MARKER_LINE.match(line):
        return None
    return [int(n) for n in line.split()]


def extract_footnotes(
    lines: list[str],
    *,
    is_heading: Callable[[str], bool] = lambda line: False,
    drop_numbers: bool = False,
) -> tuple[list[str], list[Footnote]]:
    """Take footnote blocks out of `lines`; return the remaining lines and the footnotes.

    A line "N text", "N) text" or "Ntext" (PDF text glues the number to the note) is a footnote
    when N is the next footnote number and either the text is a URL or a marker N was seen in
    the running text before. A note goes on over the following lines up to the next note, page
    break or heading; a URL broken over lines is joined back without a space. Lines holding only
    numbers are footnote markers or page numbers: with `drop_numbers` they are dropped.
    `PAGE_BREAK` lines are dropped.
    """
    kept: list[str] = []
    notes: list[Footnote] = []
    seen_markers: set[int] = set()
    expected = 1
    current: list[str] | None = None
    current_num = 0
    break_ahead = _break_before_heading(lines, is_heading)

    def close() -> None:
        nonlocal current
        if current is not None:
            text = _join_note(current)
            url_match = _URL.search(text)
            url = url_match.group(0).rstrip(".,;)") if url_match else None
            notes.append(Footnote(current_num, text, url))
        current = None

    for index, line in enumerate(lines):
        if line == PAGE_BREAK:
            close()
            continue
        stripped = line.strip()
        note = _note_start(stripped, expected, seen_markers)
        if current is not None:
            goes_on = not is_heading(line) and _continues_note(
                current, stripped, break_ahead[index]
            )
            if note is None and stripped and goes_on:
                current.append(stripped)
                continue
            if note is None and not stripped:
                continue
            close()
        if note is not None:
            current, current_num = [note], expected
            expected += 1
            continue
        markers = marker_numbers(line)
        if markers is not None:
            seen_markers.update(markers)
            if drop_numbers:
                continue
        kept.append(line)
        for m in _GLUED_MARKER.finditer(line):
            seen_markers.add(int(m.group(1)))
        for m in _PAREN_MARKER.finditer(line):
            seen_markers.add(int(m.group(1)))
    close()
    return kept, notes


def _note_start(line: str, expected: int, seen_markers: set[int]) -> str | None:
    """The text of footnote `expected` when `line` starts it, else None."""
    prefix = str(expected)
    if not line.startswith(prefix):
        return None
    match = _NOTE_LINE.match(line)
    if match and int(match.group("num")) == expected:
        text = match.group("text").strip()
        if _URL_START.match(text) or expected in seen_markers:
            return text
        return None
    rest = line[len(prefix) :]
    if expected in seen_markers and _GLUED_NOTE_TEXT.match(rest):
        return rest.strip()
    return None


def _break_before_heading(lines: list[str], is_heading: Callable[[str], bool]) -> list[bool]:
    """For each line: does a page break (or the end) come before the next heading?"""
    ahead = [True] * len(lines)
    state = True
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line == PAGE_BREAK:
            state = True
        elif is_heading(line):
            state = False
        ahead[index] = state
    return ahead


def _continues_note(parts: list[str], line: str, break_ahead: bool) -> bool:
    """A note goes on up to a page break; a URL cut at the line end goes on in any case."""
    if break_ahead:
        return True
    if " " in line:
        return False
    last = parts[-1].split()[-1] if parts[-1].split() else ""
    url_like = "http" in last or "www." in last or last.endswith(("/", "-"))
    return url_like and not line[:1].isupper()


def _join_note(parts: list[str]) -> str:
    """One note from its lines: a URL goes on without a space and keeps its hyphens."""
    pieces = [parts[0]]
    for part in parts[1:]:
        last = pieces[-1].split()[-1] if pieces[-1].split() else ""
        in_url = "http" in last or "www." in last
        if in_url and (last.endswith(("/", "-", ".", "_")) or " " not in part):
            pieces.append(part)
        elif last.endswith("-") and part[:1].islower():
            pieces[-1] = pieces[-1][:-1]
            pieces.append(part)
        else:
            pieces.append(" " + part)
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


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
        self.words: set[str] = set()
        # "dual-use" -> {"dual": {"use"}}: the parts a document writes with a hyphen.
        self.hyphenated: dict[str, set[str]] = {}
        for token in re.findall(r"[\w-]+", text.lower()):
            if "-" not in token:
                self.words.add(token)
                continue
            parts = token.split("-")
            self.words.update(p for p in parts if p)
            for left, right in itertools.pairwise(parts):
                if left and right:
                    self.hyphenated.setdefault(left, set()).add(right)

    def writes_hyphenated(self, left: str, right: str) -> bool:
        """True when the document writes `left`-`right...` somewhere ("dual-useverordening")."""
        seconds = self.hyphenated.get(left)
        if not seconds:
            return False
        return right in seconds or any(
            s.startswith(right) for _, s in zip(range(_MAX_SECONDS), seconds, strict=False)
        )


_MAX_SECONDS = 64  # hyphenated forms looked at per word: bounded work on hostile text


def join_hyphenated(left_line: str, right_line: str, vocab: Vocabulary) -> str | None:
    """Join two lines when the first ends in a hyphen; None when it does not."""
    joint = hyphen_joint(left_line, right_line, vocab)
    if joint is None:
        return None
    head, tail = left_line.rstrip(), right_line.lstrip()
    return (head[:-1] if joint == DROP_HYPHEN else head) + joint.strip("-") + tail


DROP_HYPHEN = "-"


def hyphen_joint(left_line: str, right_line: str, vocab: Vocabulary) -> str | None:
    """How a line ending in a hyphen joins the next: "" keeps the hyphen ("EU-" "landen"),
    `DROP_HYPHEN` drops it ("emotieher-" "kenning"), " " before a conjunction ("interceptie-"
    "en"); None when `left_line` does not end in a hyphen. Looks only at the words at the joint.
    """
    head = left_line[-_MAX_WORD:].rstrip()
    if not head.endswith("-"):
        return None
    left_match = _WORD_AT_END.search(head)
    right_match = _WORD_AT_START.match(right_line[:_MAX_WORD].lstrip())
    if not left_match or not right_match:
        return None
    left_part = left_match.group(1).rsplit("-", 1)[-1]
    right_word = right_match.group(1)
    if right_word.lower() in CONJUNCTIONS:
        return " "  # "interceptie- en monitoringsystemen"
    if _keeps_hyphen(left_part, right_word, vocab):
        return ""
    return DROP_HYPHEN


_MAX_WORD = 80  # a word at a line end is looked for in this many characters


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
    if vocab.writes_hyphenated(low_left, low_right):
        return (low_left + low_right) not in vocab.words
    return False


_SENTENCE_END_CHARS = frozenset('.?!:;»”")')


def ends_sentence(text: str) -> bool:
    """True when `text` ends with sentence-ending punctuation."""
    return text.rstrip()[-1:] in _SENTENCE_END_CHARS


def join_lines(lines: list[str], vocab: Vocabulary) -> list[str]:
    """Join wrapped lines into paragraphs, undoing line-break hyphenation.

    A blank line ends a paragraph only after sentence-ending punctuation (PDF renderings put blank
    lines at page breaks mid-sentence); a short line ending a sentence ends one too.
    """
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    full_width = max(widths) if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []  # the lines of the paragraph, joined at its end
    pending_break = False
    for raw in lines:
        line = raw.strip()
        if not line:
            if current and ends_sentence(current[-1]):
                pending_break = True
            continue
        if pending_break and current:
            paragraphs.append("".join(current))
            current = []
        pending_break = False
        if not current:
            current.append(line)
        else:
            joint = hyphen_joint(current[-1], line, vocab)
            if joint is None:
                current.append(" " + line)
            elif joint == DROP_HYPHEN:
                current[-1] = current[-1].rstrip()[:-1]
                current.append(line)
            else:
                current[-1] = current[-1].rstrip()
                current.append(joint + line)
        if ends_sentence(line) and full_width and len(raw.rstrip()) < 0.8 * full_width:
            pending_break = True
    if current:
        paragraphs.append("".join(current))
    return [re.sub(r"[ \t]+", " ", p).strip() for p in paragraphs if p.strip()]
