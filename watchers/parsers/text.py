"""Parse Kamervragen documents in text form: answer documents rendered from PDF, question pages.

`parse_text(text)` finds the header sentences ("Vragen van het lid ...", "Antwoord van ..."),
the numbered questions and answers under their headings ("Vraag 4, 5", "Antwoord op vraag 2",
or "1." .. "10." on a question page), footnotes, and the notice of a postponement or withdrawal.
An unknown layout never raises: the result says in `warnings` what could not be found.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

from kamervragen.core.model import Answer, Asker, ParsedDocument, Question, SourceIds
from kamervragen.watchers.parsers import common, lines

_NUMS = common.NUMBER_LIST_RE.pattern
_HEADING = re.compile(
    r"^\s*(?P<word>Vra(?:ag|gen)|Antwoord(?:en)?(?:\s+op\s+(?:de\s+)?vra(?:ag|gen))?)"
    rf"\s+(?P<nums>{_NUMS})\s*(?P<sep>[:.)])?\s*(?P<rest>.*?)\s*$"
)
_BARE_ANSWER = re.compile(r"^\s*Antwoord\s*[:.]?\s*$")
_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,2})(?P<sep>[.)])?(?:\s+(?P<rest>\S.*?))?\s*$")
_TAIL_SECTIONS = re.compile(
    r"^\s*(?P<name>Toelichting|Indiener|Medeindiener|Gericht|Publicatiedatum|Gerelateerd|"
    r"Access|Keywords|Onderwerpen|Contact:|©)\b:?",
)
_ZAAKNUMMER_LINE = re.compile(
    r"^\s*(?:Zaaknummer|Vraagnummer|Kenmerk)\s*:?\s*(\d{4}Z\d{5})\b", re.I
)
_BARE_ZAAKNUMMER = re.compile(r"^\s*(\d{4}Z\d{5})\s*$")
_POSTPONED = re.compile(
    r"niet\s+binnen\s+de\s+(?:gebruikelijke\s+|gestelde\s+)?termijn|uitstel", re.I
)
_WITHDRAWN = re.compile(r"\bingetrokken\b|\bintrekken\b|\bintrekking\b", re.I)


@dataclass
class _Block:
    """A heading and the lines under it."""

    kind: str  # "question" or "answer"
    numbers: tuple[int, ...]
    lines: list[str] = field(default_factory=list)


def parse_text(text: str, *, fmt: str = "txt", source: str | None = None) -> ParsedDocument:
    """Parse a Kamervragen document given as plain text."""
    doc = ParsedDocument(format=fmt)
    doc.content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.ids = SourceIds(source=source)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    has_vraag_headings = any(_HEADING.match(line) for line in raw_lines)
    cleaned = lines.strip_furniture(raw_lines, drop_page_numbers=has_vraag_headings)
    body, notes = lines.extract_footnotes(cleaned)
    numbers = {n.number for n in notes}
    body = [lines.remove_markers(line, numbers) for line in body]
    doc.footnotes = notes
    vocab = lines.Vocabulary("\n".join(body))

    body, tail = _split_tail(body)
    header, blocks = _split_blocks(body, has_vraag_headings)
    header_text = " ".join(lines.join_lines(header, vocab))
    header_kind = _read_header(doc, header, header_text)
    _read_tail(doc, tail)
    _read_blocks(doc, blocks, vocab)
    _decide_kind(doc, header_kind, header, vocab)
    _warn_gaps(doc)
    return doc


def _split_tail(body: list[str]) -> tuple[list[str], list[str]]:
    """Cut off the question page's trailing sections (Toelichting, Indiener, ...).

    They are looked for only after the first question, so that a "Keywords:" line above the
    questions stays in the header.
    """
    start = next((i for i, line in enumerate(body) if _is_first_question(line)), len(body))
    for i in range(start, len(body)):
        if _TAIL_SECTIONS.match(body[i]):
            return body[:i], body[i:]
    return body, []


def _is_first_question(line: str) -> bool:
    heading = _HEADING.match(line)
    if heading:
        return common.parse_number_list(heading.group("nums"))[:1] == (1,)
    numbered = _NUMBERED.match(line)
    return bool(numbered and numbered.group("num") == "1")


def _split_blocks(body: list[str], vraag_layout: bool) -> tuple[list[str], list[_Block]]:
    header: list[str] = []
    blocks: list[_Block] = []
    last_question = 0
    for line in body:
        block = _heading(line, vraag_layout, last_question, blocks)
        if block is not None:
            blocks.append(block)
            if block.kind == "question":
                last_question = max(block.numbers)
            continue
        if blocks:
            blocks[-1].lines.append(line)
        else:
            header.append(line)
    return header, blocks


def _heading(
    line: str, vraag_layout: bool, last_question: int, blocks: list[_Block]
) -> _Block | None:
    """The block a heading line opens, or None when the line is text."""
    if vraag_layout:
        match = _HEADING.match(line)
        if match:
            numbers = common.parse_number_list(match.group("nums"))
            rest = match.group("rest")
            if not numbers or (rest and not match.group("sep") and not rest[:1].isupper()):
                return None
            kind = "question" if match.group("word").startswith("Vra") else "answer"
            if kind == "question" and numbers[0] <= last_question:
                return None  # "Vraag 2 ..." quoted inside a text, not a new heading
            return _Block(kind, numbers, [rest] if rest else [])
        if _BARE_ANSWER.match(line) and blocks and blocks[-1].kind == "question":
            return _Block("answer", blocks[-1].numbers)
        return None
    match = _NUMBERED.match(line)
    if match and int(match.group("num")) == last_question + 1:
        rest = match.group("rest")
        if (
            rest is None
            or match.group("sep") == "."
            or (match.group("sep") is None and rest is None)
        ):
            return _Block("question", (int(match.group("num")),), [rest] if rest else [])
    return None


def _read_header(doc: ParsedDocument, header: list[str], header_text: str) -> str | None:
    """Fill the header fields; return the kind of the "Antwoord/Mededeling van" sentence."""
    for line in header:
        match = _ZAAKNUMMER_LINE.match(line) or _BARE_ZAAKNUMMER.match(line)
        if match and not doc.zaaknummer:
            doc.zaaknummer = match.group(1)
    vragen = common.parse_vragen_header(header_text)
    if vragen:
        doc.askers = vragen.askers
        doc.addressees = vragen.addressees
        doc.title = vragen.subject
        doc.submitted = vragen.submitted
    else:
        doc.warnings.append("no 'Vragen van ... (ingezonden ...)' sentence found")
    antwoord = common.parse_antwoord_header(header_text)
    if antwoord:
        doc.answered_by = antwoord.who
        doc.answered = antwoord.received
        return antwoord.kind
    return None


def _read_tail(doc: ParsedDocument, tail: list[str]) -> None:
    """Toelichting (related sets), Indiener and Publicatiedatum of a question page."""
    section = None
    for line in tail:
        match = _TAIL_SECTIONS.match(line)
        if match:
            section = match.group("name")
            line = line[match.end() :]
        if section == "Toelichting":
            for number in common.ZAAKNUMMER_RE.findall(line):
                if number != doc.zaaknummer and number not in doc.related:
                    doc.related.append(number)
        elif section == "Indiener" and not doc.askers and line.strip():
            doc.askers = common.parse_askers(line)
        elif section == "Publicatiedatum" and not doc.submitted:
            doc.submitted = common.parse_dutch_date(line)


def _read_blocks(doc: ParsedDocument, blocks: list[_Block], vocab: lines.Vocabulary) -> None:
    questions: dict[int, str] = {}
    answers: list[Answer] = []
    for block in blocks:
        if block.kind == "answer":
            text = "\n\n".join(lines.join_lines(block.lines, vocab))
            if text:
                answers.append(Answer(block.numbers, text))
            continue
        for number, text in _split_merged(block, vocab, doc.warnings):
            if text and number not in questions:
                questions[number] = text
    doc.questions = [Question(n, questions[n]) for n in sorted(questions)]
    doc.answers = answers


def _split_merged(
    block: _Block, vocab: lines.Vocabulary, warnings: list[str]
) -> list[tuple[int, str]]:
    """Give each number of a merged heading ("Vraag 4, 5") its own question where the text allows.

    The questions of a merged block follow each other; a question ends with "?" at the end of a
    paragraph, or at the end of a line followed by a line that starts a new sentence. The block
    is split only when exactly one such place separates each pair of numbers.
    """
    numbers = block.numbers
    paragraphs = lines.join_lines(block.lines, vocab)
    if len(numbers) == 1:
        return [(numbers[0], "\n\n".join(paragraphs))]
    ends = [i for i, p in enumerate(paragraphs[:-1]) if p.rstrip().endswith("?")]
    if len(ends) == len(numbers) - 1:
        groups, start = [], 0
        for end in [*ends, len(paragraphs) - 1]:
            groups.append("\n\n".join(paragraphs[start : end + 1]))
            start = end + 1
        return list(zip(numbers, groups, strict=True))
    content = [line for line in block.lines if line.strip()]
    cuts = [
        i + 1
        for i in range(len(content) - 1)
        if content[i].rstrip().endswith("?") and content[i + 1].lstrip()[:1].isupper()
    ]
    if len(cuts) == len(numbers) - 1:
        bounds = [0, *cuts, len(content)]
        groups = [
            "\n\n".join(lines.join_lines(content[a:b], vocab))
            for a, b in itertools.pairwise(bounds)
        ]
        return list(zip(numbers, groups, strict=True))
    label = ", ".join(map(str, numbers))
    warnings.append(f"questions {label} share one text that could not be split")
    text = "\n\n".join(paragraphs)
    return [(n, text) for n in numbers]


def _decide_kind(
    doc: ParsedDocument, header_kind: str | None, header: list[str], vocab: lines.Vocabulary
) -> None:
    if header_kind == "mededeling" or (not doc.answers and not doc.questions and header_kind):
        notice = _notice_text(header, vocab)
        doc.notice = notice
        # A notice is no answer: its sender and date say nothing about when the answer came.
        doc.answered = None
        doc.answered_by = None
        if notice and _WITHDRAWN.search(notice):
            doc.kind = "withdrawal"
        elif notice and _POSTPONED.search(notice):
            doc.kind = "postponement"
        else:
            doc.kind = "unknown"
            doc.warnings.append("a notice that is neither a postponement nor a withdrawal")
    elif doc.answers or header_kind in ("antwoord", "nader"):
        doc.kind = "further_answer" if header_kind == "nader" else "answer"
    elif doc.questions:
        doc.kind = "question"
    else:
        doc.kind = "unknown"


def _notice_text(header: list[str], vocab: lines.Vocabulary) -> str | None:
    """The text of a notice: what follows the "(ontvangen ...)" of its header sentence."""
    paragraphs = lines.join_lines(header, vocab)
    text = "\n\n".join(paragraphs)
    match = re.search(r"\(\s*ontvangen[^)]*\)\.?", text)
    if match:
        text = text[match.end() :]
    text = text.strip()
    return text or None


def _warn_gaps(doc: ParsedDocument) -> None:
    if doc.kind in ("postponement", "withdrawal"):
        return
    if not doc.questions:
        doc.warnings.append("no numbered questions found")
    asked = {q.number for q in doc.questions}
    answered = {n for a in doc.answers for n in a.numbers}
    if doc.kind in ("answer", "further_answer"):
        if not doc.answers:
            doc.warnings.append("no answers found")
        missing = sorted(asked - answered)
        if missing and doc.kind == "answer":
            doc.warnings.append("no answer to question " + ", ".join(map(str, missing)))
    extra = sorted(answered - asked)
    if extra and asked:
        doc.warnings.append("answer to question " + ", ".join(map(str, extra)) + " not asked here")


def askers_text(askers: list[Asker]) -> str:
    """ "Sjoerdsma (D66), Diks (GroenLinks)" for messages and warnings."""
    return ", ".join(f"{a.name} ({a.party})" if a.party else a.name for a in askers)
