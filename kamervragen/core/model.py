"""The domain: a case (one set of written questions), its questions, answers and documents.

Plain dataclasses; parsers produce `ParsedDocument`s, `kamervragen.core.merge` folds the documents
of one set into a `Case`, storage keeps both. `Case.to_json()` is the stable JSON of the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from kamervragen.core.dates import iso

Status = Literal["open", "postponed", "answered", "withdrawn"]
STATUSES: tuple[str, ...] = get_args(Status)

# What a document is to its case. `metadata` is a record about a publication (metadata.xml),
# `zaak` the Tweede Kamer's own registration of the case (SyncFeed).
DocumentKind = Literal[
    "question",
    "answer",
    "further_answer",
    "answered_by_letter",
    "postponement",
    "withdrawal",
    "metadata",
    "zaak",
    "unknown",
]
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)


@dataclass(frozen=True)
class Asker:
    """A member of parliament who asked the questions."""

    name: str
    party: str | None = None


@dataclass(frozen=True)
class Question:
    """One numbered question."""

    number: int
    text: str


@dataclass(frozen=True)
class Answer:
    """One answer; a merged answer ("Antwoord 4, 5") answers several question numbers."""

    numbers: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class Footnote:
    """A footnote, kept out of the running text, with the URL it cites if any."""

    number: int
    text: str
    url: str | None = None


@dataclass(frozen=True)
class SourceIds:
    """Every identifier a source gives a document; any of them may be unknown."""

    tk_guid: str | None = None  # Tweede Kamer Document GUID (SyncFeed)
    document_number: str | None = None  # 2019D30185
    publication_id: str | None = None  # ah-tk-20182019-3985, kv-tk-2019Z15244
    source: str | None = None  # URL or file name it was read from


@dataclass
class ParsedDocument:
    """What one document tells about its case, as far as it tells it."""

    kind: str = "unknown"
    format: str = "txt"  # txt, xml, pdf, docx, metadata, syncfeed
    zaaknummer: str | None = None
    title: str | None = None
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    answered_by: str | None = None
    submitted: dt.date | None = None
    answered: dt.date | None = None  # the date an answer (or answer by letter) came in
    received: dt.date | None = None  # "(ontvangen ...)": when this document came in, any kind
    deadline: dt.date | None = None
    related: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    notice: str | None = None  # the text of a notice (postponement, withdrawal, by letter)
    letter: str | None = None  # the letter that answered: "brief van ..., Kamerstuk ..."
    ids: SourceIds = field(default_factory=SourceIds)
    content_hash: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The README's case fields as far as this document tells them, plus kind and ids."""
        data = _case_fields(self, status=None)
        data["kind"] = self.kind
        data["format"] = self.format
        data["received"] = iso(self.received)
        data["notice"] = self.notice
        data["letter"] = self.letter
        data["ids"] = asdict(self.ids)
        data["content_hash"] = self.content_hash
        return data


@dataclass(frozen=True)
class DocumentRef:
    """A document a case came from."""

    kind: str
    format: str
    ids: SourceIds
    content_hash: str | None = None


@dataclass
class Case:
    """One set of written questions, merged from all its documents."""

    zaaknummer: str | None
    title: str | None = None
    status: str = "open"
    askers: list[Asker] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    answered_by: str | None = None
    submitted: dt.date | None = None
    answered: dt.date | None = None
    deadline: dt.date | None = None  # the current one: after a postponement, the new one
    related: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notice: str | None = None
    letter: str | None = None  # set when the questions were answered by letter
    first_deadline: dt.date | None = None  # before any postponement (core.deadlines)

    def answer_for(self, number: int) -> Answer | None:
        """The answer that answers question `number`, if any."""
        return next((a for a in self.answers if number in a.numbers), None)

    def qa(self) -> list[dict[str, Any]]:
        """One item per question number, in order; a merged answer repeats for each number."""
        return qa_pairs(self.questions, self.answers)

    def days_taken(self) -> int | None:
        """Days from submission to answer, when both are known."""
        if self.submitted and self.answered:
            return (self.answered - self.submitted).days
        return None

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form documented in the README."""
        data = _case_fields(self, status=self.status)
        data["first_deadline"] = iso(self.first_deadline)
        if self.notice:  # the text of its postponement, withdrawal or answer-by-letter notice
            data["notice"] = self.notice
        if self.letter:
            data["letter"] = self.letter
        data["documents"] = [
            {"kind": d.kind, "format": d.format, **asdict(d.ids), "content_hash": d.content_hash}
            for d in self.documents
        ]
        return data


def qa_pairs(questions: list[Question], answers: list[Answer]) -> list[dict[str, Any]]:
    """Pair questions and answers by number; numbers only an answer names are included too."""
    texts = {q.number: q.text for q in questions}
    by_number: dict[int, Answer] = {}
    for answer in answers:
        for number in answer.numbers:
            by_number.setdefault(number, answer)
    numbers = sorted(set(texts) | set(by_number))
    return [
        {
            "number": n,
            "question": texts.get(n),
            "answer": by_number[n].text if n in by_number else None,
        }
        for n in numbers
    ]


def _case_fields(item: ParsedDocument | Case, *, status: str | None) -> dict[str, Any]:
    """The case fields of the README, from a case or a single document."""
    return {
        "zaaknummer": item.zaaknummer,
        "title": item.title,
        "status": status,
        "askers": [{"name": a.name, "party": a.party} for a in item.askers],
        "addressees": list(item.addressees),
        "answered_by": item.answered_by,
        "submitted": iso(item.submitted),
        "answered": iso(item.answered),
        "deadline": iso(item.deadline),
        "related": list(item.related),
        "qa": qa_pairs(item.questions, item.answers),
        "answer_groups": [{"numbers": list(a.numbers), "text": a.text} for a in item.answers],
        "footnotes": [{"number": f.number, "text": f.text, "url": f.url} for f in item.footnotes],
        "warnings": list(item.warnings),
    }
