"""What a user may type to name a case, reduced to the references storage understands.

    2019Z15244                       a zaaknummer (the case itself)
    2019D30185                       a document number (a document of the case)
    ah-tk-20182019-3985              an answer's publication id (officielebekendmakingen.nl)
    kv-tk-2019Z15244                 a question's publication id
    https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2019Z15244&did=2019D30185
    https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.html   (.pdf, .xml, /metadata.xml)

Pure functions: text in, references out; nothing here touches the database.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

ZAAK_RE = re.compile(r"^\d{4}Z\d{5}$", re.IGNORECASE)
_ZAAK = r"\d{4}Z\d{5}"
_DOCNR = r"\d{4}D\d{5}"
_PUBLICATION = r"(?:ah-tk-\d{8}-\d{1,6}|kv-tk-\d{4}Z\d{5}|kv-\d{4}Z\d{5})"
_ANY_RE = re.compile(rf"(?<![\w-])({_ZAAK}|{_DOCNR}|{_PUBLICATION})(?![\w])", re.IGNORECASE)
_HOSTS = ("tweedekamer.nl", "officielebekendmakingen.nl", "officiele-overheidspublicaties.nl")
MAX_REFERENCE_LENGTH = 500  # anything longer is not a reference


def normalise(reference: str) -> str:
    """One reference in the spelling storage uses: 2019Z15244, 2019D30185, ah-tk-..., kv-tk-..."""
    ref = reference.strip()
    if re.fullmatch(_ZAAK, ref, re.IGNORECASE) or re.fullmatch(_DOCNR, ref, re.IGNORECASE):
        return ref.upper()
    lower = ref.lower()
    if lower.startswith("kv-tk-"):
        return "kv-tk-" + ref[6:].upper()
    if lower.startswith("kv-") and re.fullmatch(_ZAAK, ref[3:], re.IGNORECASE):
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
