"""Parse Kamervragen documents in text form: Aanhangsel PDFs, ministry letters, question pages.

`parse_text(text)` reads the header sentences ("Vragen van het lid ...", "Antwoord van ..."), the
numbered questions and answers under their headings (see `headings`), footnotes, and notices
(postponement, withdrawal, answer by letter) wherever their text stands. An unknown layout
never raises: the result says in `warnings` what could not be found.

Questions and answers pair up by the numbers of their headings; a bare "Antwoord" answers the
question blocks since the previous answer. After a merged block ("Vraag 4, 5, 7 en 8") the
headings of the numbers it skipped ("Vraag 6") still open their own blocks.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

from kamervragen.core.model import Answer, Asker, ParsedDocument, Question, SourceIds
from kamervragen.watchers.parsers import common, lines, notices, sentences
from kamervragen.watchers.parsers.headings import Heading, is_heading, read_heading

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)
_TOELICHTING_ABOUT_SETS = re.compile(r"\b(?:vragen|vraagnummer|\d{4}Z\d{5})\b", re.I)
_GLUED_QUESTION_END = re.compile(r"\?(?=[A-Z«‘“])")
# Text flattened to long lines (whitespace collapsed) keeps its headings inside the running
# text: "... afspreekt? Antwoord 1 Ja. Vraag 2 en 3 Herinnert u ...". They get a line again.
_FLAT_LINE = 400
_INLINE_HEADING = re.compile(
    r"(?<=[\s.?!»”)\]\d])\s?"
    r"(?=(?:Vraag|Vragen|Antwoord|Antwoorden)(?: op)?(?: vraag| vragen)? \d{1,3}\b"
    r"|(?<=[?.] )Antwoord:? (?=[A-Z])|Mededeling\s(?=[A-Z]))"
)


@dataclass
class _Block:
    """A heading and the lines under it."""

    kind: str  # "question", "answer" or "notice"
    numbers: tuple[int, ...]
    lines: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    """The document cut at its headings."""

    header: list[str]
    blocks: list[_Block]
    tail: list[str]
    unnumbered_headings: bool = False


def parse_text(text: str, *, fmt: str = "txt", source: str | None = None) -> ParsedDocument:
    """Parse a Kamervragen document given as plain text."""
    doc = ParsedDocument(format=fmt)
    doc.content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.ids = SourceIds(source=source)
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = _reflow(text.replace("\u00a0", " ").replace("\t", " ").split("\n"))
    headings = [read_heading(line) for line in raw_lines]
    vraag_layout = any(h is not None and h.kind == "question" for h in headings)
    cleaned = lines.strip_furniture(raw_lines)
    body, notes = lines.extract_footnotes(cleaned, is_heading=is_heading, drop_numbers=vraag_layout)
    numbers = {n.number for n in notes}
    body = [lines.remove_markers(line, numbers) for line in body]
    doc.footnotes = notes
    vocab = lines.Vocabulary("\n".join(body))

    layout = _cut(body, vraag_layout)
    header_paragraphs = lines.join_lines(layout.header, vocab)
    header_text = "\n".join(header_paragraphs)
    antwoord = _read_header(doc, layout.header, header_text)
    _read_tail(doc, layout.tail)
    if not layout.blocks and antwoord is None:
        layout.blocks, preamble = _unnumbered_questions(layout.header, doc.warnings)
        if layout.blocks:  # the sentence ends with its paragraph, not in the first question
            vragen = sentences.parse_vragen_header("\n".join(lines.join_lines(preamble, vocab)))
            doc.title = vragen.subject if vragen and vragen.subject else doc.title
    _read_blocks(doc, layout.blocks, vocab)
    if layout.unnumbered_headings:
        doc.warnings.append("question headings without numbers; numbered in order")
    notice = _notice(layout, header_paragraphs, antwoord, vocab)
    _decide_kind(doc, antwoord, notice)
    _warn_gaps(doc)
    return doc


def _reflow(raw_lines: list[str]) -> list[str]:
    """Long lines broken again before the headings inside them."""
    if all(len(line) <= _FLAT_LINE for line in raw_lines):
        return raw_lines
    result: list[str] = []
    for line in raw_lines:
        if len(line) > _FLAT_LINE:
            result.extend(_INLINE_HEADING.split(line))
        else:
            result.append(line)
    return result


def _cut(body: list[str], vraag_layout: bool) -> _Layout:
    """Cut the body at its headings into header, question/answer/notice blocks and tail."""
    headings = [read_heading(line) for line in body]
    tail_start = _tail_start(body, headings, vraag_layout)
    layout = _Layout(header=[], blocks=[], tail=body[tail_start:])
    asked: set[int] = set()
    pending: list[_Block] = []  # question blocks since the last answer
    bare_numbers = _bare_numbering(headings, vraag_layout)
    for index in range(tail_start):
        line, heading = body[index], headings[index]
        block = None
        if heading is not None:
            block = _open(heading, vraag_layout, bare_numbers, asked, pending, layout)
            if (
                block is not None
                and block.kind == "question"
                and not vraag_layout
                and layout.blocks
                and layout.blocks[-1].kind == "answer"
                and not _asks(body, headings, index, tail_start)
            ):
                block = None  # "4. ..." inside an answer: a list, not a question
        if block is None:
            (layout.blocks[-1].lines if layout.blocks else layout.header).append(line)
            continue
        layout.blocks.append(block)
        if block.kind == "question":
            asked.update(block.numbers)
            pending.append(block)
        elif block.kind == "answer":
            pending.clear()
    return layout


def _open(
    heading: Heading,
    vraag_layout: bool,
    bare_numbers: bool,
    asked: set[int],
    pending: list[_Block],
    layout: _Layout,
) -> _Block | None:
    """The block `heading` opens in its place, or None when it is text there."""
    rest = [heading.rest] if heading.rest else []
    following = max(asked, default=0) + 1
    if heading.kind == "question":
        if asked.isdisjoint(heading.numbers):
            return _Block("question", heading.numbers, rest)
        return None  # "Vraag 2" again: quoted in a text
    if heading.kind == "bare_question":
        layout.unnumbered_headings = True
        return _Block("question", (following,), rest)
    if heading.kind == "answer":
        return _Block("answer", heading.numbers, rest)
    if heading.kind == "bare_answer":
        if not pending:
            return None
        numbers = tuple(sorted({n for block in pending for n in block.numbers}))
        return _Block("answer", numbers, rest)
    if heading.kind == "notice":
        return _Block("notice", (), rest)
    if vraag_layout or heading.numbers != (following,):
        return None
    if heading.kind == "numbered" or (heading.kind == "bare_number" and bare_numbers):
        return _Block("question", heading.numbers, rest)
    return None


def _bare_numbering(headings: list[Heading | None], vraag_layout: bool) -> bool:
    """Questions numbered "1" on a line of their own: only where no "1." numbering is used
    and both a "1" and a "2" line are there."""
    if vraag_layout or any(h is not None and h.kind == "numbered" for h in headings):
        return False
    bare = {h.numbers[0] for h in headings if h is not None and h.kind == "bare_number"}
    return {1, 2} <= bare


def _asks(body: list[str], headings: list[Heading | None], index: int, end: int) -> bool:
    """True when the paragraph from `index` up to the next heading or blank line asks ("?")."""
    for position in range(index, end):
        if position > index and (not body[position].strip() or headings[position] is not None):
            return False
        if "?" in body[position]:
            return True
    return False


def _tail_start(body: list[str], headings: list[Heading | None], vraag_layout: bool) -> int:
    """Where the trailing sections of a question page begin (len(body) when there are none).

    Only after the last heading of a question or answer: a "Toelichting:" among the answers is
    part of an answer. After answers, a Toelichting counts only when it speaks of question sets.
    """
    last = -1
    has_answers = False
    for index, heading in enumerate(headings):
        if heading is None or heading.kind == "tail":
            continue
        if heading.kind in ("numbered", "bare_number") and vraag_layout:
            continue
        last = index
        has_answers = has_answers or heading.kind in ("answer", "bare_answer")
    if last < 0:
        return len(body)
    for index in range(last + 1, len(body)):
        heading = headings[index]
        if heading is None or heading.kind != "tail":
            continue
        if heading.name == "Toelichting" and has_answers:
            about = " ".join([heading.rest, *body[index + 1 : index + 4]])
            if not _TOELICHTING_ABOUT_SETS.search(about):
                continue
        return index
    return len(body)


def _read_header(
    doc: ParsedDocument, header: list[str], header_text: str
) -> sentences.AntwoordHeader | None:
    """Fill the header fields; return the "Antwoord/Mededeling van" sentence, if any."""
    cover = sentences.read_cover(header)
    doc.zaaknummer = cover.zaaknummer
    vragen = sentences.parse_vragen_header(header_text)
    if vragen:
        doc.askers = vragen.askers
        doc.addressees = vragen.addressees
        doc.title = vragen.subject
        doc.submitted = vragen.submitted
    doc.submitted = doc.submitted or cover.submitted
    if not vragen:
        doc.warnings.append("no 'Vragen van ... (ingezonden ...)' sentence found")
    antwoord = sentences.parse_antwoord_header(header_text)
    if antwoord:
        doc.received = antwoord.received
    return antwoord


def _read_tail(doc: ParsedDocument, tail: list[str]) -> None:
    """Toelichting (related sets), Indiener and Publicatiedatum of a question page."""
    section = None
    for line in tail:
        heading = read_heading(line)
        if heading is not None and heading.kind == "tail":
            section = heading.name
            line = heading.rest
        if section == "Toelichting":
            for number in common.ZAAKNUMMER_RE.findall(line):
                if number != doc.zaaknummer and number not in doc.related:
                    doc.related.append(number)
        elif section == "Indiener" and not doc.askers and line.strip():
            doc.askers = common.parse_askers(line)
        elif section == "Publicatiedatum" and not doc.submitted:
            doc.submitted = common.parse_dutch_date(line)


def _unnumbered_questions(header: list[str], warnings: list[str]) -> tuple[list[_Block], list[str]]:
    """A question document whose questions carry no numbers: each asking paragraph after the
    "Vragen van" sentence is one question (with the paragraphs of context before it); and the
    lines up to that sentence's paragraph.

    Paragraphs are the groups of lines between blank lines, as a DOCX gives them.
    """
    groups = [
        list(g)
        for blank, g in itertools.groupby(header, lambda line: not line.strip())
        if not blank
    ]
    start = next(
        (i + 1 for i, g in enumerate(groups) if sentences.parse_vragen_header("\n".join(g))), None
    )
    if start is None:
        return [], []
    blocks: list[_Block] = []
    context: list[str] = []
    for group in groups[start:]:
        context.extend([*group, ""])
        if any("?" in line for line in group):
            blocks.append(_Block("question", (len(blocks) + 1,), context))
            context = []
    if blocks and context:
        blocks[-1].lines.extend(context)
    if blocks:
        warnings.append("questions are not numbered; numbered in order")
    return blocks, [line for group in groups[:start] for line in [*group, ""]]


def _read_blocks(doc: ParsedDocument, blocks: list[_Block], vocab: lines.Vocabulary) -> None:
    questions: dict[int, str] = {}
    answers: list[Answer] = []
    for block in blocks:
        if block.kind == "answer":
            text = "\n\n".join(lines.join_lines(block.lines, vocab))
            if text:
                answers.append(Answer(block.numbers, text))
        elif block.kind == "question":
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
    paragraph; else at the end of a line followed by a line that starts a new sentence; else
    (PDF text glues lines) at a "?" glued to the capital that starts the next question. The block
    is split only where exactly one such place separates each pair of numbers.
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
    text = "\n\n".join(paragraphs)
    glued = [m.end() for m in _GLUED_QUESTION_END.finditer(text)]
    if len(glued) == len(numbers) - 1:
        bounds = [0, *glued, len(text)]
        groups = [text[a:b].strip() for a, b in itertools.pairwise(bounds)]
        return list(zip(numbers, groups, strict=True))
    label = ", ".join(map(str, numbers))
    warnings.append(f"questions {label} share one text that could not be split")
    return [(n, text) for n in numbers]


def _notice(
    layout: _Layout,
    header_paragraphs: list[str],
    antwoord: sentences.AntwoordHeader | None,
    vocab: lines.Vocabulary,
) -> str | None:
    """The text of the document's notice: its "Mededeling" section, the header text after a
    "Mededeling van ... (ontvangen ...)", or a letter's paragraph that says what happened."""
    sections = [b for b in layout.blocks if b.kind == "notice"]
    if sections:
        text = "\n\n".join(p for b in sections for p in lines.join_lines(b.lines, vocab))
        return text or None
    text = "\n\n".join(header_paragraphs)
    if antwoord is not None and antwoord.kind == "mededeling":
        match = re.search(r"\(\s?ontvangen[^)]{0,80}\)\.?", text)
        if match:
            text = text[match.end() :]
        return text.strip() or None
    if any(b.kind in ("question", "answer") for b in layout.blocks):
        return None
    for index, paragraph in enumerate(header_paragraphs):
        if notices.classify_notice(paragraph):
            return "\n\n".join(header_paragraphs[index : index + 3])
    return None


def _decide_kind(
    doc: ParsedDocument, antwoord: sentences.AntwoordHeader | None, notice: str | None
) -> None:
    header_kind = antwoord.kind if antwoord else None
    notice_kind = notices.classify_notice(notice)
    if doc.answers:
        doc.kind = "further_answer" if header_kind == "nader" else "answer"
    elif notice_kind:
        doc.kind = notice_kind
    elif header_kind == "mededeling" or (notice and not doc.questions):
        doc.kind = "unknown"
        doc.warnings.append("a notice that says neither postponement, withdrawal nor answer")
    elif header_kind in ("antwoord", "nader"):
        doc.kind = "further_answer" if header_kind == "nader" else "answer"
    elif doc.questions or doc.askers:  # a question document, even one without question text
        doc.kind = "question"
    else:
        doc.kind = "unknown"
    if notice_kind or header_kind == "mededeling":
        doc.notice = notice
        own = notices.notice_zaaknummer(notice, doc.askers)
        doc.zaaknummer = doc.zaaknummer or own
    if doc.kind in ("answer", "further_answer", "answered_by_letter") and antwoord:
        doc.answered = antwoord.received
        doc.answered_by = antwoord.who or None
    if doc.kind == "answered_by_letter":
        doc.letter = notices.letter_reference(notice)
        doc.answered = doc.answered or notices.letter_date(notice)


def _warn_gaps(doc: ParsedDocument) -> None:
    if doc.kind in ("postponement", "withdrawal", "answered_by_letter"):
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
