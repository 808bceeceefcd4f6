"""The one codec for the records storage keeps as JSON: any dataclass of the model, typed.

    text = dumps(doc)                       # ParsedDocument -> JSON text (dates as ISO strings)
    doc = loads(ParsedDocument, text)       # and back, nested dataclasses and tuples included
    data = to_data(entity)                  # JSON-ready dicts and lists, for SyncFeed records

Decoding follows the dataclass's type hints, so a field added to the model needs no change here.
A case is stored in the stable JSON of the README (`Case.to_json`); `case_from_json` reads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any, TypeVar, Union

from kamervragen.core.dates import iso_date
from kamervragen.core.model import Answer, Asker, Case, DocumentRef, Footnote, Question, SourceIds

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """A dataclass (or list, tuple, date) as JSON-ready data: dicts, lists, ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value


def dumps(value: Any) -> str:
    """A record as JSON text, keys sorted (the same record always gives the same text)."""
    return json.dumps(to_data(value), ensure_ascii=False, sort_keys=True)


def loads(cls: type[T], text: str) -> T:
    """The record of type `cls` that `dumps` wrote."""
    return from_data(cls, json.loads(text))


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass from `to_data` output, following its type hints."""
    hints = _hints(cls)
    values = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.init and f.name in data
    }
    return cls(**values)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_decode(item, v) for v in value]
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_decode(item, v) for v in value)
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_data(hint, value)  # type: ignore[arg-type]
    return value


def case_from_json(data: dict[str, Any]) -> Case:
    """A case from its stored JSON, the README's `Case.to_json()` form."""
    questions = [Question(item["number"], item["question"] or "") for item in data.get("qa", [])]
    answers: dict[str, Answer] = {}
    for group in data.get("answer_groups", []):
        answers[str(group["numbers"])] = Answer(tuple(group["numbers"]), group["text"])
    return Case(
        zaaknummer=data.get("zaaknummer"),
        title=data.get("title"),
        status=data.get("status") or "open",
        askers=[Asker(a["name"], a.get("party")) for a in data.get("askers", [])],
        addressees=list(data.get("addressees", [])),
        answered_by=data.get("answered_by"),
        submitted=iso_date(data.get("submitted")),
        answered=iso_date(data.get("answered")),
        deadline=iso_date(data.get("deadline")),
        related=list(data.get("related", [])),
        questions=[q for q in questions if q.text],
        answers=list(answers.values()),
        footnotes=[
            Footnote(f["number"], f["text"], f.get("url")) for f in data.get("footnotes", [])
        ],
        documents=[
            DocumentRef(
                d["kind"],
                d["format"],
                SourceIds(
                    d.get("tk_guid"),
                    d.get("document_number"),
                    d.get("publication_id"),
                    d.get("source"),
                ),
                d.get("content_hash"),
            )
            for d in data.get("documents", [])
        ],
        warnings=list(data.get("warnings", [])),
        notice=data.get("notice"),
        letter=data.get("letter"),
        first_deadline=iso_date(data.get("first_deadline")),
    )


def load_case_json(text: str) -> Case:
    """A case from the JSON text of a `cases.data` column."""
    return case_from_json(json.loads(text))
