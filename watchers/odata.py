"""The Tweede Kamer's OData API, for what the SyncFeed cannot answer by itself: which Zaak a
document number (2019D30185) belongs to, when a user asks for a case that is not stored yet.

    url = document_query_url(odata_url, "2019D30185")
    zaken = parse_document_zaken(response_bytes)      # ["2019Z15244"]

`parse_document_zaken` is pure: bytes in, zaaknummers out; an answer that is not the JSON the API
gives raises `ODataError`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from kamervragen.core.references import DOCNR_RE, ZAAK_RE


class ODataError(Exception):
    """The OData API answered something that is not a list of documents."""


def odata_url_for(syncfeed_url: str) -> str:
    """The OData API beside a SyncFeed URL (.../SyncFeed/2.0 -> .../OData/v4/2.0)."""
    root, found, _ = syncfeed_url.rstrip("/").rpartition("/SyncFeed/")
    return f"{root}/OData/v4/2.0" if found else f"{syncfeed_url.rstrip('/')}/OData/v4/2.0"


def document_query_url(odata_url: str, document_number: str) -> str:
    """The query for a document by its number, with the numbers of its Zaken."""
    if not DOCNR_RE.match(document_number):
        raise ValueError(f"not a document number: {document_number!r}")
    wanted = f"DocumentNummer eq '{document_number.upper()}' and Verwijderd eq false"
    query = (
        f"$filter={quote(wanted)}&$select=Id,DocumentNummer&$expand={quote('Zaak($select=Nummer)')}"
    )
    return f"{odata_url.rstrip('/')}/Document?{query}"


def parse_document_zaken(data: bytes) -> list[str]:
    """The zaaknummers of the documents in an OData answer, in order, each once."""
    try:
        answer = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ODataError(f"the OData answer is not JSON: {exc}") from None
    documents = answer.get("value") if isinstance(answer, dict) else None
    if not isinstance(documents, list):
        raise ODataError("the OData answer holds no list of documents")
    found: list[str] = []
    for document in documents:
        zaken = document.get("Zaak") if isinstance(document, dict) else None
        for zaak in zaken if isinstance(zaken, list) else []:
            nummer = zaak.get("Nummer") if isinstance(zaak, dict) else None
            if isinstance(nummer, str) and ZAAK_RE.match(nummer.strip()):
                found.append(nummer.strip().upper())
    return list(dict.fromkeys(found))
