"""Kamervragen as published by KOOP (officielebekendmakingen.nl): publication XML and metadata.xml.

`parse_publication_xml` reads an `<officiele-publicatie>` with a `<kamervragen>` body (kv-tk
questions, ah-tk answers, postponements, further answers) and the older `<vraagdoc>` shape;
`parse_metadata_xml` reads a `<metadata_gegevens>` record; `parse_koop_xml` picks one by the root.
Elements are matched by local name, case-insensitively, and an unknown layout never crashes: the
parser returns what it found and says in `warnings` what it could not find.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from lxml import etree

from kamervragen.core.model import Answer, Asker, Footnote, ParsedDocument, Question, SourceIds
from kamervragen.watchers.parsers.common import (
    ZAAKNUMMER_RE,
    capitalise,
    parse_dutch_date,
    parse_number_list,
    squash,
)
from kamervragen.watchers.parsers.errors import NotADocument
from kamervragen.watchers.parsers.notices import classify_notice, letter_date, letter_reference
from kamervragen.watchers.parsers.sentences import (
    AntwoordHeader,
    VragenHeader,
    parse_antwoord_header,
    parse_vragen_header,
)
from kamervragen.watchers.parsers.xmlsafe import parse_xml

PUBLICATION_ROOTS = frozenset({"officiele-publicatie", "vraagdoc", "kamervragen"})
METADATA_ROOTS = frozenset({"metadata_gegevens"})

_HEADERS = frozenset({"kamervraagomschrijving", "omschr", "omschrijving"})
_QUESTIONS = frozenset({"vraag"})
_ANSWERS = frozenset({"antwoord", "reactie"})
_REMARKS = frozenset({"kamervraagopmerking", "opmerking", "mededeling"})
_NUMBERS = frozenset({"nr", "nummer", "vraagnummer", "antwoordnummer"})
_DOC_NUMBERS = frozenset({"kamervraagnummer", "vraagnummer", "nummer"})
# Footnotes and references to them: cut out of the running text.
NOTES = frozenset({"noot", "noot.nr", "noot.al", "nootnr", "noot.ref", "nootref"})
_KAMERVRAGEN_PARTS = _HEADERS | _QUESTIONS | _ANSWERS | _REMARKS | {"kamervragen"}

_URL_RE = re.compile(r"https?://[^\s<>\"«»]+")
_METADATA_URL_RE = re.compile(r"/([^/?#]+)/metadata\.xml\b")
_KV_TK_RE = re.compile(r"^kv-tk-(\d{4}Z\d{5})$")
_TITLE_SUBJECT_RE = re.compile(
    r"\bvragen\s+(?:gesteld\s+)?van\s+(?:het\s+lid|de\s+leden|lid|leden)\s+.+?\s+over\s+"
    r"(?P<subject>.+)$",
    re.I | re.S,
)
ANSWER_PUBLICATION_NAME = "Kamervragen (Aanhangsel)"


def local_name(element: etree._Element) -> str:
    """The element's tag without namespace, lower case; "" for comments and PIs."""
    if not isinstance(element.tag, str):
        return ""
    return etree.QName(element).localname.lower()


def element_text(element: etree._Element, skip: frozenset[str] = NOTES) -> str:
    """All text under `element`, white space squashed, leaving out subtrees named in `skip`."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            name = local_name(child)
            if name and name not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return squash("".join(parts))


def parse_publication_xml(data: bytes) -> ParsedDocument:
    """A Kamervragen publication (kv-tk question, ah-tk answer or notice) from its XML bytes."""
    return _publication(parse_xml(data), data)


def parse_metadata_xml(data: bytes) -> ParsedDocument:
    """A KOOP `metadata_gegevens` record (metadata.xml) from its bytes."""
    root = parse_xml(data)
    if local_name(root) not in METADATA_ROOTS:
        raise NotADocument(f"XML root <{local_name(root)}> is not a KOOP metadata record")
    return _metadata(root, _sha256(data))


def parse_koop_xml(data: bytes) -> ParsedDocument:
    """Either kind of KOOP XML, chosen by its root element."""
    root = parse_xml(data)
    name = local_name(root)
    if name in PUBLICATION_ROOTS:
        return _publication(root, data)
    if name in METADATA_ROOTS:
        return _metadata(root, _sha256(data))
    raise NotADocument(f"XML root <{name}> is not a Kamervragen publication or metadata record")


def _sha256(data: bytes) -> str:
    """The document's content hash: sha256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def _named(root: etree._Element, names: frozenset[str]) -> Iterator[etree._Element]:
    """Descendants (and root) whose local name is in `names`, in document order."""
    return (el for el in root.iter() if local_name(el) in names)


def _inside(element: etree._Element, names: frozenset[str], stop: etree._Element) -> bool:
    """Whether an ancestor of `element` below `stop` has a local name in `names`."""
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if local_name(parent) in names:
            return True
        parent = parent.getparent()
    return False


def _check_is_kamervragen(root: etree._Element) -> None:
    """Refuse an officiele-publicatie of another kind (Gemeenteblad, Staatscourant, ...)."""
    name = local_name(root)
    if name not in PUBLICATION_ROOTS:
        raise NotADocument(f"XML root <{name}> is not a Kamervragen publication")
    if name != "officiele-publicatie" or any(True for _ in _named(root, _KAMERVRAGEN_PARTS)):
        return
    bodies = [local_name(c) for c in root if local_name(c) not in {"", "metadata", "meta", "kop"}]
    body = bodies[0] if bodies else "nothing"
    raise NotADocument(f"XML <officiele-publicatie> holds <{body}>, not Kamervragen")


def _publication(root: etree._Element, data: bytes) -> ParsedDocument:
    """Everything a publication tells, from its parsed root."""
    _check_is_kamervragen(root)
    meta = _meta_values(root)
    doc = ParsedDocument(format="xml", content_hash=_sha256(data))
    doc.ids = SourceIds(publication_id=_publication_id(meta))
    doc.zaaknummer = _zaaknummer(root, meta, doc.ids.publication_id)

    vragen, antwoord = _headers(root, doc.warnings)
    if vragen is not None:
        doc.askers = list(vragen.askers)
        doc.addressees = list(vragen.addressees)
        doc.title = vragen.subject
        doc.submitted = vragen.submitted
    if doc.title is None:
        subject = next(_named(root, frozenset({"kamervraagonderwerp"})), None)
        doc.title = capitalise(element_text(subject)) if subject is not None else None
    if antwoord is not None:
        doc.received = antwoord.received

    doc.questions = _questions(root, doc.warnings)
    doc.answers = _answers(root, doc.warnings)
    doc.footnotes = _footnotes(root)
    remarks = [element_text(el) for el in _named(root, _REMARKS)]
    remarks = [r for r in remarks if r]
    for remark in remarks:
        for number in ZAAKNUMMER_RE.findall(remark):
            if number not in doc.related and number != doc.zaaknummer:
                doc.related.append(number)

    doc.kind = _kind(doc, antwoord, remarks)
    if doc.kind in ("answer", "further_answer", "answered_by_letter") and antwoord is not None:
        doc.answered_by = antwoord.who or None
        doc.answered = antwoord.received
    if doc.kind in ("postponement", "withdrawal", "answered_by_letter"):
        doc.notice = "\n\n".join(remarks)
    if doc.kind == "answered_by_letter":
        doc.letter = letter_reference(doc.notice)
        doc.answered = doc.answered or letter_date(doc.notice)
    _check_gaps(doc, vragen, antwoord)
    return doc


def _publication_id(meta: dict[str, list[str]]) -> str | None:
    """The KOOP id, from the metadata record URL or a DC.identifier."""
    urls = (_METADATA_URL_RE.search(u) for u in meta.get("overheidop.externmetadatarecord", []))
    found = next((match.group(1) for match in urls if match), None)
    return found or next(iter(meta.get("dc.identifier", [])), None)


def _zaaknummer(root: etree._Element, meta: dict[str, list[str]], pub_id: str | None) -> str | None:
    """The case number: vraagnummer metadata, a kv-tk id, or a document-level number element."""
    for value in meta.get("overheidop.vraagnummer", []):
        match = ZAAKNUMMER_RE.search(value)
        if match:
            return match.group(1)
    match = _KV_TK_RE.match(pub_id or "")
    if match:
        return match.group(1)
    for el in _named(root, _DOC_NUMBERS):
        if not _inside(el, _QUESTIONS | _ANSWERS | {"noot"}, root):
            found = ZAAKNUMMER_RE.search(element_text(el))
            if found:
                return found.group(1)
    return None


def _headers(
    root: etree._Element, warnings: list[str]
) -> tuple[VragenHeader | None, AntwoordHeader | None]:
    """The "Vragen van ..." and "Antwoord van ..." (or "Mededeling van ...") headers."""
    vragen: VragenHeader | None = None
    antwoord: AntwoordHeader | None = None
    for el in _named(root, _HEADERS):
        text, kind = element_text(el), (el.get("type") or "").lower()
        dates = [d.get("isodatum") for d in _named(el, frozenset({"datum"})) if d.get("isodatum")]
        found_v = parse_vragen_header(text) if kind != "antwoord" and not vragen else None
        found_a = None
        if kind != "vraag" and not antwoord:
            found_a = parse_antwoord_header(text)
        if found_a is None and kind == "antwoord" and not antwoord:
            warnings.append(f"answer header not understood: {text[:80]}")
            found_a = AntwoordHeader("antwoord", "", [], None)
        # The <datum isodatum> is exact; it belongs to the one header this element holds.
        iso = parse_dutch_date(dates[0]) if len(dates) == 1 else None
        if iso and found_v and not found_a:
            found_v.submitted = iso
        if iso and found_a and not found_v:
            found_a.received = iso
        vragen, antwoord = vragen or found_v, antwoord or found_a
    return vragen, antwoord


def _numbers(element: etree._Element) -> tuple[int, ...]:
    """The numbers an element gives itself: attribute nr/nummer or child nr/nummer."""
    for attribute in ("nr", "nummer"):
        numbers = parse_number_list(element.get(attribute) or "")
        if numbers:
            return numbers
    for child in element:
        if local_name(child) in _NUMBERS:
            numbers = parse_number_list(element_text(child))
            if numbers:
                return numbers
    return ()


def _paragraphs(element: etree._Element) -> list[str]:
    """The outermost <al> paragraphs (notes left out), or the whole text when there are none."""
    paragraphs = [
        element_text(al)
        for al in _named(element, frozenset({"al"}))
        if al is not element and not _inside(al, frozenset({"al", "noot"}), element)
    ]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        return paragraphs
    text = element_text(element, skip=_NUMBERS)
    return [text] if text else []


def _numbered(
    root: etree._Element, names: frozenset[str], what: str, warnings: list[str]
) -> Iterator[tuple[tuple[int, ...], list[str]]]:
    """(numbers, paragraphs) for each question or answer element, numbering unnumbered ones."""
    last = 0
    for el in _named(root, names):
        if _inside(el, names | {"noot"}, root):
            continue
        numbers = _numbers(el)
        if not numbers:
            numbers = (last + 1,)
            warnings.append(f"{what} without a number after {what} {last}; taken as {last + 1}")
        last = max(numbers)
        yield numbers, _paragraphs(el)


def _questions(root: etree._Element, warnings: list[str]) -> list[Question]:
    """Questions by number; "Vraag 3 en 4" gives each number its own paragraph if it can."""
    questions: list[Question] = []
    for numbers, paragraphs in _numbered(root, _QUESTIONS, "question", warnings):
        if len(numbers) > 1 and len(paragraphs) == len(numbers):
            questions.extend(Question(n, p) for n, p in zip(numbers, paragraphs, strict=True))
        else:
            questions.extend(Question(n, "\n\n".join(paragraphs)) for n in numbers)
    return questions


def _answers(root: etree._Element, warnings: list[str]) -> list[Answer]:
    """Answers; a merged answer keeps all the numbers it answers."""
    return [
        Answer(numbers, "\n\n".join(paragraphs))
        for numbers, paragraphs in _numbered(root, _ANSWERS, "answer", warnings)
    ]


def _footnotes(root: etree._Element) -> list[Footnote]:
    """Every <noot>, numbered as printed, with the URL it cites."""
    notes: list[Footnote] = []
    for position, note in enumerate(_named(root, frozenset({"noot"})), start=1):
        number_el = next(_named(note, frozenset({"noot.nr", "nootnr"})), None)
        raw = element_text(number_el, skip=frozenset()) if number_el is not None else ""
        digits = re.search(r"\d+", raw or note.get("nr") or "") or re.search(
            r"\d+", note.get("id") or ""
        )
        number = int(digits.group()) if digits else position
        body_names = frozenset({"noot.al", "al"})
        bodies = [b for b in _named(note, body_names) if not _inside(b, body_names, note)]
        if bodies:
            text = squash(" ".join(element_text(b, skip=frozenset()) for b in bodies))
        else:
            text = element_text(note, skip=frozenset({"noot.nr", "nootnr"}))
        notes.append(Footnote(number, text, _note_url(note, text)))
    return notes


def _note_url(note: etree._Element, text: str) -> str | None:
    """The URL a note cites: an extref of soort URL, else an http(s) address in its text."""
    for ref in _named(note, frozenset({"extref"})):
        target = (ref.get("doc") or "").strip() or element_text(ref)
        if (ref.get("soort") or "").lower() == "url" or target.startswith(("http://", "https://")):
            return target
    match = _URL_RE.search(text)
    return match.group().rstrip(".,;:)") if match else None


def _kind(doc: ParsedDocument, antwoord: AntwoordHeader | None, remarks: list[str]) -> str:
    """What the publication is to its case."""
    nader = antwoord is not None and antwoord.kind == "nader"
    if doc.answers:
        return "further_answer" if nader else "answer"
    notice_kind = classify_notice("\n".join(remarks))
    if notice_kind:
        return notice_kind
    if antwoord is not None and antwoord.kind != "mededeling":
        return "further_answer" if nader else "answer"
    if doc.questions:
        return "question"
    return "unknown"


def _check_gaps(doc: ParsedDocument, vragen: VragenHeader | None, antwoord: object) -> None:
    """Warnings for what a document of its kind should have said and did not."""
    if vragen is None:
        doc.warnings.append("no 'Vragen van ...' sentence found")
    if doc.kind in ("question", "answer", "unknown") and not doc.questions:
        doc.warnings.append("no questions found")
    if doc.kind in ("answer", "further_answer") and antwoord is None:
        doc.warnings.append("no 'Antwoord van ...' sentence found")
    if doc.kind == "answer" and not doc.answers:
        doc.warnings.append("no answers found")
    if doc.kind != "answer" or not doc.answers:
        return
    answered = {n for a in doc.answers for n in a.numbers}
    asked = {q.number for q in doc.questions}
    doc.warnings.extend(f"question {n} has no answer" for n in sorted(asked - answered))
    if asked:
        doc.warnings.extend(f"answer {n} has no question" for n in sorted(answered - asked))


def _meta_values(root: etree._Element) -> dict[str, list[str]]:
    """Every <meta>/<metadata name=.. content=..> value by lower-cased name, in order."""
    values: dict[str, list[str]] = {}
    for el in _named(root, frozenset({"meta", "metadata"})):
        name, content = el.get("name"), el.get("content")
        if name and content is not None and content.strip():
            values.setdefault(name.strip().lower(), []).append(squash(content))
    return values


def _title_subject(title: str) -> str:
    """ "Antwoord op vragen van het lid X over Y" -> "Y"; any other title as it is."""
    match = _TITLE_SUBJECT_RE.search(squash(title))
    subject = match.group("subject") if match else squash(title)
    return capitalise(subject.rstrip(". "))


def _metadata(root: etree._Element, content_hash: str) -> ParsedDocument:
    """What a metadata_gegevens record tells about its case."""
    meta = _meta_values(root)

    def first(name: str) -> str | None:
        found = meta.get(name.lower())
        return found[0] if found else None

    doc = ParsedDocument(kind="metadata", format="metadata", content_hash=content_hash)
    doc.ids = SourceIds(publication_id=first("DC.identifier"))
    doc.zaaknummer = _zaaknummer(root, meta, doc.ids.publication_id)
    doc.submitted = parse_dutch_date(first("OVERHEIDop.datumIndiening"))
    publication_name = first("OVERHEIDop.publicationName")
    if publication_name == ANSWER_PUBLICATION_NAME:
        doc.answered = parse_dutch_date(first("OVERHEIDop.datumOntvangst"))
    title = first("DC.title")
    doc.title = _title_subject(title) if title else None
    for value in meta.get("overheidop.indiener", []):
        doc.askers.extend(Asker(name.strip()) for name in value.split(";") if name.strip())
    if publication_name and "kamervragen" not in publication_name.lower():
        doc.warnings.append(f"publication {publication_name!r} is not a Kamervragen publication")
    if doc.zaaknummer is None:
        doc.warnings.append("no OVERHEIDop.vraagnummer (zaaknummer) found")
    return doc
