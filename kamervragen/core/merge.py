"""Fold the documents of one set of written questions into one `Case`.

The result depends only on the set of documents, never on the order they arrived in: documents
are ranked by what they are (a question document knows the questions best, an answer document
the answers) and by format (the official XML before a PDF rendering), and each field is taken
from the best document that has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from kamervragen.core.deadlines import Postponement, case_deadlines, notice_term
from kamervragen.core.model import (
    Answer,
    Case,
    DocumentRef,
    Footnote,
    ParsedDocument,
    Question,
)

T = TypeVar("T")

# Who knows the case's header fields best, first to last.
_HEADER_RANK = [
    "zaak",
    "question",
    "answer",
    "further_answer",
    "answered_by_letter",
    "postponement",
    "withdrawal",
    "metadata",
    "unknown",
]
FURTHER_PREFIX = "Nader antwoord: "  # what a further answer starts with in a merged case
FURTHER_MARK = f"\n\n{FURTHER_PREFIX}"  # a further answer, added to the answer it completes
_QUESTION_RANK = ["question", "answer", "further_answer", "zaak", "unknown"]
_FORMAT_RANK = ["syncfeed", "xml", "docx", "pdf", "txt", "metadata"]
_ANSWER_KINDS = ("answer", "further_answer", "answered_by_letter")


def _rank(doc: ParsedDocument, kinds: list[str]) -> tuple[int, int, str]:
    kind = kinds.index(doc.kind) if doc.kind in kinds else len(kinds)
    fmt = _FORMAT_RANK.index(doc.format) if doc.format in _FORMAT_RANK else len(_FORMAT_RANK)
    return (kind, fmt, doc.content_hash or "")


def merge_documents(zaaknummer: str | None, docs: list[ParsedDocument]) -> Case:
    """The case told by `docs` together."""
    by_header = sorted(docs, key=lambda d: _rank(d, _HEADER_RANK))
    case = Case(zaaknummer=zaaknummer)
    case.title = _first(d.title for d in by_header)
    case.askers = _first_list(d.askers for d in by_header)
    case.addressees = _first_list(d.addressees for d in by_header)
    case.submitted = _first(d.submitted for d in by_header)
    case.questions = _merge_questions(docs)
    case.answers = _merge_answers(docs)
    answer_docs = [d for d in by_header if d.kind in _ANSWER_KINDS]
    case.answered_by = _first(d.answered_by for d in answer_docs if d.kind == "answer") or _first(
        d.answered_by for d in answer_docs
    )
    case.letter = _first(d.letter for d in answer_docs if d.kind == "answered_by_letter")
    received = [d.answered for d in answer_docs if d.answered]
    received += [d.answered for d in docs if d.kind == "metadata" and d.answered]
    case.answered = min(received) if received else None
    kinds = {d.kind for d in docs}
    postponed = "postponement" in kinds
    if "withdrawal" in kinds:
        case.status = "withdrawn"
    elif kinds & set(_ANSWER_KINDS) or case.answers:
        case.status = "answered"
    elif postponed:
        case.status = "postponed"
    else:
        case.status = "open"
    case.first_deadline, case.deadline = _deadlines(case, by_header)
    case.related = sorted({r for d in docs for r in d.related if r != zaaknummer})
    case.footnotes = _merge_footnotes(docs)
    notice_kinds = ("withdrawal", "answered_by_letter", "postponement")
    case.notice = _first(d.notice for d in by_header if d.kind in notice_kinds)
    case.documents = sorted(
        (DocumentRef(d.kind, d.format, d.ids, d.content_hash) for d in docs),
        key=lambda r: (
            _HEADER_RANK.index(r.kind) if r.kind in _HEADER_RANK else 99,
            r.format,
            r.content_hash or "",
        ),
    )
    case.warnings = _merge_warnings(case, by_header)
    return case


def _deadlines(case: Case, docs: list[ParsedDocument]) -> tuple[dt.date | None, dt.date | None]:
    """The first and current deadline: the source's termijn, postponement notices, the rule."""
    termijn = max(
        (d.deadline for d in docs if d.deadline and d.kind != "postponement"), default=None
    )
    postponements = [
        Postponement(d.received, d.deadline or notice_term(d.notice, d.received))
        for d in docs
        if d.kind == "postponement"
    ]
    found = case_deadlines(case.submitted, termijn, postponements)
    return found.first, found.current


def _first(values: Iterable[T | None]) -> T | None:
    """The first value that is set."""
    return next((v for v in values if v), None)


def _first_list(values: Iterable[list[T]]) -> list[T]:
    """A copy of the first list that is not empty."""
    return list(next((v for v in values if v), []))


def _merge_questions(docs: list[ParsedDocument]) -> list[Question]:
    texts: dict[int, str] = {}
    for doc in sorted(docs, key=lambda d: _rank(d, _QUESTION_RANK)):
        for question in doc.questions:
            texts.setdefault(question.number, question.text)
    return [Question(n, texts[n]) for n in sorted(texts)]


def _merge_answers(docs: list[ParsedDocument]) -> list[Answer]:
    """Answers of the answer documents; a further answer adds to what they said."""
    first = sorted((d for d in docs if d.kind == "answer"), key=lambda d: _rank(d, _HEADER_RANK))
    answers: list[Answer] = []
    answered: set[int] = set()
    for doc in first:
        for answer in doc.answers:
            if not answered & set(answer.numbers):
                answers.append(answer)
                answered.update(answer.numbers)
    further = sorted(
        (d for d in docs if d.kind == "further_answer"), key=lambda d: _rank(d, _HEADER_RANK)
    )
    for doc in further[:1]:  # one rendering of the further answer: the best one
        for extra in doc.answers:
            overlap = [a for a in answers if set(a.numbers) & set(extra.numbers)]
            if not overlap:  # what the answer left open, marked as answered later
                answers.append(Answer(extra.numbers, f"{FURTHER_PREFIX}{extra.text}"))
                continue
            for old in overlap:
                answers[answers.index(old)] = Answer(
                    old.numbers, f"{old.text}{FURTHER_MARK}{extra.text}"
                )
    return sorted(answers, key=lambda a: a.numbers)


def _merge_footnotes(docs: list[ParsedDocument]) -> list[Footnote]:
    """Footnotes of all documents, the same note (by URL or text) once, numbers kept if free."""
    result: list[Footnote] = []
    seen: set[str] = set()
    for doc in sorted(docs, key=lambda d: _rank(d, _QUESTION_RANK)):
        for note in doc.footnotes:
            key = note.url or note.text
            if key in seen:
                continue
            seen.add(key)
            used = {n.number for n in result}
            number = note.number if note.number not in used else max(used) + 1
            result.append(Footnote(number, note.text, note.url))
    return sorted(result, key=lambda n: n.number)


def _merge_warnings(case: Case, docs: list[ParsedDocument]) -> list[str]:
    warnings: list[str] = []
    for doc in docs:
        for warning in doc.warnings:
            if warning not in warnings and not _answered_elsewhere(warning, case):
                warnings.append(warning)
    if case.status == "answered":
        missing = [q.number for q in case.questions if case.answer_for(q.number) is None]
        if missing:
            warnings.append("no answer to question " + ", ".join(map(str, missing)))
    return warnings


def _answered_elsewhere(warning: str, case: Case) -> bool:
    """Drop a document's warning that the merged case makes moot."""
    if warning.startswith("no answer to question"):
        return True  # recomputed on the merged case
    if warning == "no numbered questions found":
        return bool(case.questions)
    if warning.startswith("no 'Vragen van"):
        return bool(case.askers and case.submitted)
    return False
