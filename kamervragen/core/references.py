"""The identifiers of Kamervragen, in one place: their patterns, and what a user may type to name a
case, reduced to the references storage understands.

    2019Z15244                       a zaaknummer (the case itself)
    2019D30185                       a document number (a document of the case)
    ah-tk-20182019-3985              an answer's publication id (officielebekendmakingen.nl)
    kv-tk-2019Z15244                 a question's publication id
    https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2019Z15244&did=2019D30185
    https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.html   (.pdf, .xml, /metadata.xml)

Pure functions: text in, references out; nothing here touches the database or the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

ZAAKNUMMER = r"\d{4}Z\d{5}"
DOCUMENTNUMMER = r"\d{4}D\d{5}"
QUESTION_PREFIX = "kv-tk-"
ANSWER_PREFIX = "ah-tk-"

# Found inside running text (the parsers): the first group is the identifier.
ZAAKNUMMER_RE = re.compile(rf"\b({ZAAKNUMMER})\b")
DOCUMENTNUMMER_RE = re.compile(rf"\b({DOCUMENTNUMMER})\b")
PUBLICATION_ID_RE = re.compile(r"\b((?:ah|kv)-tk-\d{4,8}(?:Z\d{5}|-\d+)(?:-[a-z0-9]+)?)\b")

# A whole reference, as a user types it (any case).
ZAAK_RE = re.compile(rf"^{ZAAKNUMMER}$", re.IGNORECASE)
DOCNR_RE = re.compile(rf"^{DOCUMENTNUMMER}$", re.IGNORECASE)
_PUBLICATION = rf"(?:ah-tk-\d{{8}}-\d{{1,6}}|kv-tk-{ZAAKNUMMER}|kv-{ZAAKNUMMER})"
_ANY_RE = re.compile(
    rf"(?<![\w-])({ZAAKNUMMER}|{DOCUMENTNUMMER}|{_PUBLICATION})(?![\w])", re.IGNORECASE
)
_HOSTS = ("tweedekamer.nl", "officielebekendmakingen.nl", "officiele-overheidspublicaties.nl")
MAX_REFERENCE_LENGTH = 500  # anything longer is not a reference


def is_zaaknummer(text: str) -> bool:
    """Is `text` exactly a zaaknummer (2019Z15244, any case)?"""
    return ZAAK_RE.match(text) is not None


def question_publication_id(zaaknummer: str) -> str:
    """The publication id of a set of questions: kv-tk-2019Z15244."""
    return f"{QUESTION_PREFIX}{zaaknummer}"


@dataclass(frozen=True)
class StoredReference:
    """What a reference names in the database: the column to look in and the value."""

    column: str  # zaaknummer, document_number, publication_id or case_key
    value: str


def stored_reference(reference: str) -> StoredReference:
    """Where to look for a zaaknummer, document number, publication id or case key."""
    ref = reference.strip()
    if ZAAK_RE.match(ref):
        return StoredReference("zaaknummer", ref.upper())
    if DOCNR_RE.match(ref):
        return StoredReference("document_number", ref.upper())
    if ref.lower().startswith(QUESTION_PREFIX):
        return stored_reference(ref[len(QUESTION_PREFIX) :])
    if ref.lower().startswith(ANSWER_PREFIX):
        return StoredReference("publication_id", ref.lower())
    return StoredReference("case_key", ref)


def publication_to_look_up(reference: str) -> str | None:
    """The publication at officielebekendmakingen that tells about a case not stored yet: a
    zaaknummer's questions, a kv-tk- or ah-tk- id as given; None for what only the SyncFeed
    knows (a document number)."""
    ref = reference.strip()
    if ZAAK_RE.match(ref):
        return question_publication_id(ref.upper())
    if ref.lower().startswith(QUESTION_PREFIX) and ZAAK_RE.match(ref[6:]):
        return question_publication_id(ref[6:].upper())
    if ref.lower().startswith(ANSWER_PREFIX):
        return ref.lower()
    return None


def normalise(reference: str) -> str:
    """One reference in the spelling storage uses: 2019Z15244, 2019D30185, ah-tk-..., kv-tk-..."""
    ref = reference.strip()
    if ZAAK_RE.match(ref) or DOCNR_RE.match(ref):
        return ref.upper()
    lower = ref.lower()
    if lower.startswith("kv-tk-"):
        return "kv-tk-" + ref[6:].upper()
    if lower.startswith("kv-") and ZAAK_RE.match(ref[3:]):
        return "kv-tk-" + ref[3:].upper()  # the old spelling of question publications
    return lower


def parse_references(text: str) -> list[str]:
    """The case references in `text`, best first (a link's zaaknummer before its document
    number); empty when the text names no case."""
    text = text.strip()
    if not text or len(text) > MAX_REFERENCE_LENGTH or len(text.split()) > 1:
        return []
    found: list[str] = []
    if "://" in text or text.lower().startswith(("www.", "zoek.")) or "/" in text:
        found = _from_url(text)
    elif _ANY_RE.fullmatch(text):
        found = [text]
    return list(dict.fromkeys(normalise(ref) for ref in found))


def zaaknummer_of(reference: str) -> str | None:
    """The zaaknummer a reference spells out by itself (2019Z15244, kv-tk-2019Z15244)."""
    ref = normalise(reference)
    if ref.startswith("kv-tk-"):
        ref = ref[6:]
    return ref if ZAAK_RE.match(ref) else None


def _from_url(text: str) -> list[str]:
    url = text if "://" in text else "https://" + text
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    host = (parts.hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in _HOSTS):
        return []
    found: list[str] = []
    query = parse_qs(parts.query)
    for key in ("id", "zaak", "did", "documentId"):  # tweedekamer.nl: id=zaak, did=document
        for value in query.get(key, []):
            if _ANY_RE.fullmatch(value.strip()):
                found.append(value.strip())
    for segment in unquote(parts.path).split("/"):
        stem = re.sub(r"\.(html?|pdf|xml|odt|docx?)$", "", segment, flags=re.IGNORECASE)
        if _ANY_RE.fullmatch(stem):
            found.append(stem)
    return found
