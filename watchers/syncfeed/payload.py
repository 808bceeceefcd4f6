"""Read a tkData payload element (the entity inside an entry's <content>) into an entity.

Only the children an entity needs are touched, found by namespace URI and local name through
per-category tag tables (qualified and namespace-stripped tags alike). Nil or empty values are
None; numbers and booleans that do not read are None too, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kamervragen.watchers.syncfeed.entities import (
    Document,
    DocumentVersie,
    Entity,
    Zaak,
    ZaakActor,
    parse_timestamp,
)

TK = "http://www.tweedekamer.nl/xsd/tkData/v1-0"


def payload_attr(element: Any, name: str) -> str | None:
    """A tkData attribute, qualified (tk:, ns1:, any prefix) or not."""
    value = element.get(_QUALIFIED[name])
    return element.get(name) if value is None else value


_QUALIFIED = {
    name: f"{{{TK}}}{name}" for name in ("bijgewerkt", "verwijderd", "contentType", "contentLength")
}


def local_name(tag: Any) -> str:
    """The local name of a tkData (or unqualified) tag; "" for other namespaces."""
    if not isinstance(tag, str):
        return ""
    if not tag.startswith("{"):
        return tag
    ns, _, name = tag[1:].partition("}")
    return name if ns == TK else ""


def payload_soort(payload: Any) -> str | None:
    """The text of the payload's <soort>, found without reading the other fields."""
    for child in payload.iterchildren(f"{{{TK}}}soort", "soort"):
        return child.text
    return None


def _fields(
    payload: Any, table: Mapping[str, tuple[str, bool]]
) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """The children `table` names: texts (nil or empty: None) and relation refs, by local name."""
    texts: dict[str, str | None] = {}
    refs: dict[str, list[str]] = {}
    for child in payload:
        spec = table.get(child.tag)
        if spec is None:
            continue
        name, is_ref = spec
        if is_ref:
            ref = child.get("ref")
            if ref:
                refs.setdefault(name, []).append(ref)
        else:
            text = child.text
            texts[name] = (text.strip() or None) if text else None
    return texts, refs


def _table(relations: tuple[str, ...], texts: tuple[str, ...]) -> dict[str, tuple[str, bool]]:
    """Tag -> (local name, is relation) for the tkData namespace and for stripped tags."""
    specs = [(name, True) for name in relations] + [(name, False) for name in texts]
    return {tag: spec for spec in specs for tag in (f"{{{TK}}}{spec[0]}", spec[0])}


_ZAAK_FIELDS = _table(
    (),
    ("nummer", "soort", "onderwerp", "titel", "gestartOp", "termijn", "vergaderjaar",
     "afgedaan", "status"),
)  # fmt: skip
_DOCUMENT_FIELDS = _table(
    ("zaak", "huidigeDocumentVersie"),
    ("soort", "documentNummer", "titel", "onderwerp", "datum", "vergaderjaar",
     "aanhangselnummer", "datumOntvangst"),
)  # fmt: skip
_DOCUMENTVERSIE_FIELDS = _table(
    ("document",),
    ("versienummer", "extensie", "externeidentifier", "externeIdentifier", "datum",
     "bestandsgrootte", "status"),
)  # fmt: skip
_ZAAKACTOR_FIELDS = _table(("zaak", "persoon"), ("actorNaam", "actorFractie", "functie", "relatie"))


def _first_ref(refs: dict[str, list[str]], name: str) -> str | None:
    values = refs.get(name)
    return values[0] if values else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def to_bool(value: str | None) -> bool | None:
    """True for "true" or "1", False for "false" or "0", None otherwise (nil included)."""
    if value is None:
        return None
    lowered = value.strip().lower()
    return True if lowered in ("true", "1") else False if lowered in ("false", "0") else None


def _zaak(payload: Any, guid: str, _enclosure: Any, skiptoken: Any, updated: Any) -> Zaak:
    t, _refs = _fields(payload, _ZAAK_FIELDS)
    return Zaak(
        guid,
        nummer=t.get("nummer"),
        soort=t.get("soort"),
        onderwerp=t.get("onderwerp"),
        titel=t.get("titel"),
        gestart_op=parse_timestamp(t.get("gestartOp")),
        termijn=parse_timestamp(t.get("termijn")),
        vergaderjaar=t.get("vergaderjaar"),
        afgedaan=to_bool(t.get("afgedaan")),
        status=t.get("status"),
        bijgewerkt=parse_timestamp(payload_attr(payload, "bijgewerkt")),
        skiptoken=skiptoken,
        updated=updated,
    )


def _document(payload: Any, guid: str, enclosure: Any, skiptoken: Any, updated: Any) -> Document:
    t, refs = _fields(payload, _DOCUMENT_FIELDS)
    return Document(
        guid,
        zaak_refs=refs.get("zaak", []),
        soort=t.get("soort"),
        document_nummer=t.get("documentNummer"),
        titel=t.get("titel"),
        onderwerp=t.get("onderwerp"),
        datum=parse_timestamp(t.get("datum")),
        vergaderjaar=t.get("vergaderjaar"),
        aanhangselnummer=t.get("aanhangselnummer"),
        huidige_versie_ref=_first_ref(refs, "huidigeDocumentVersie"),
        content_type=payload_attr(payload, "contentType") or None,
        content_length=_int(payload_attr(payload, "contentLength")),
        enclosure_url=enclosure,
        datum_ontvangst=parse_timestamp(t.get("datumOntvangst")),
        bijgewerkt=parse_timestamp(payload_attr(payload, "bijgewerkt")),
        skiptoken=skiptoken,
        updated=updated,
    )


def _documentversie(
    payload: Any, guid: str, _enclosure: Any, skiptoken: Any, updated: Any
) -> DocumentVersie:
    t, refs = _fields(payload, _DOCUMENTVERSIE_FIELDS)
    return DocumentVersie(
        guid,
        document_ref=_first_ref(refs, "document"),
        versienummer=_int(t.get("versienummer")),
        extensie=t.get("extensie"),
        externe_identifier=t.get("externeidentifier") or t.get("externeIdentifier"),
        datum=parse_timestamp(t.get("datum")),
        bestandsgrootte=_int(t.get("bestandsgrootte")),
        status=t.get("status"),
        bijgewerkt=parse_timestamp(payload_attr(payload, "bijgewerkt")),
        skiptoken=skiptoken,
        updated=updated,
    )


def _zaakactor(payload: Any, guid: str, _enclosure: Any, skiptoken: Any, updated: Any) -> ZaakActor:
    t, refs = _fields(payload, _ZAAKACTOR_FIELDS)
    return ZaakActor(
        guid,
        zaak_ref=_first_ref(refs, "zaak"),
        persoon_ref=_first_ref(refs, "persoon"),
        actor_naam=t.get("actorNaam"),
        actor_fractie=t.get("actorFractie"),
        functie=t.get("functie"),
        relatie=t.get("relatie"),
        bijgewerkt=parse_timestamp(payload_attr(payload, "bijgewerkt")),
        skiptoken=skiptoken,
        updated=updated,
    )


# Category term (lower case) -> reader(payload, guid, enclosure, skiptoken, updated) -> entity.
READERS: dict[str, Callable[..., Entity]] = {
    "zaak": _zaak,
    "document": _document,
    "documentversie": _documentversie,
    "zaakactor": _zaakactor,
}


def is_true(value: str | None) -> bool:
    """True for an attribute or text that says "true" (or "1")."""
    return to_bool(value) is True


def parse_entity(data: bytes) -> Entity:
    """One entity as `/Entiteiten/<guid>` serves it: its payload element alone, read like a
    feed entry's (entities and DTDs refused). Raises FeedError for anything else."""
    from kamervragen.watchers.parsers.errors import ParseError
    from kamervragen.watchers.parsers.xmlsafe import parse_xml
    from kamervragen.watchers.syncfeed.errors import FeedError

    try:
        root = parse_xml(data)
    except ParseError as exc:
        raise FeedError(f"entity: {exc}") from None
    reader = READERS.get(local_name(root.tag).lower())
    if reader is None:
        raise FeedError(f"entity is <{root.tag}>, not a Zaak, Document, version or actor")
    return reader(root, root.get("id") or "", None, None, None)
