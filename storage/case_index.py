"""The matching index: each case's text as the engine reads it, stored, and a trigram index.

Searching must give exactly what the subscription engine matches, over every stored case, fast.
So each case keeps, beside its JSON (written in the same transaction, `index_case`):

- `case_match`: one row per case with what the engine needs to decide a query without
  rebuilding the case's text: the submission date, status and deadline (for restrictions),
  the askers' parties and names and the addressees as the engine compares them, and the
  normalised text (`compact` and `fine`, plain, so that SQL can look for words in them) with
  its word and sentence layout (a blob of integers; `CaseText.layout()`);
- `case_grams`: an FTS5 trigram index (contentless, no positions) over the case's compact text
  with its spaces removed, followed by a line of its one- and two-letter words (" ai eu "). A
  word, phrase or prefix the engine finds in a case has all its trigrams there, so the index
  narrows candidates without ever losing one (`storage.finder` builds those conditions).

A contentless FTS5 table forgets its text: deleting a row needs the same text again, which
`index_text` rebuilds from the stored columns.
"""

from __future__ import annotations

import array
import struct
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from kamervragen.core.matching import CaseText
from kamervragen.core.matching.text import Layout
from kamervragen.core.model import Case
from kamervragen.storage.codec import load_case_json

FORMAT = 1  # the blob's layout; a change needs a migration that calls `rebuild`
SHORT = 2  # words this long or shorter are listed apart: a trigram cannot hold them
_HEADER = struct.Struct("<BII")  # format, words, sentences


@dataclass(frozen=True)
class StoredText:
    """One `case_match` row, decoded: the case's key, its facts and its text layout."""

    id: int
    case_key: str
    submitted: str | None
    status: str | None
    deadline: str | None
    parties: frozenset[str]
    members: frozenset[str]
    addressees: str
    layout: Layout

    def text(self, late: bool) -> CaseText:
        """The case text for matching (`late` as of the day asked)."""
        return CaseText.from_layout(
            self.layout,
            parties=self.parties,
            members=self.members,
            addressees=self.addressees,
            submitted=self.submitted,
            status=self.status,
            late=late,
        )


def pack(layout: Layout) -> bytes:
    """The layout's word and sentence positions as one blob (its texts are stored apart)."""
    header = _HEADER.pack(FORMAT, len(layout.word_starts), len(layout.sentence_starts))
    arrays = [
        _ints(layout.word_starts),
        _ints(layout.word_ends),
        _ints(layout.sentence_starts),
        _ints(layout.fine_sentences),
    ]
    return b"".join([header, *arrays])


def unpack(compact: str, fine: str, blob: bytes) -> Layout:
    """The layout of `pack`, with its texts."""
    version, words, sentences = _HEADER.unpack_from(blob)
    if version != FORMAT:
        raise ValueError(f"case_match blob of format {version}, expected {FORMAT}")
    at = _HEADER.size
    found = []
    for count in (words, words, sentences, sentences):
        values = array.array("I")
        values.frombytes(blob[at : at + 4 * count])
        if sys.byteorder == "big":
            values.byteswap()
        found.append(values)
        at += 4 * count
    return Layout(compact, fine, *found)


def _ints(values: Sequence[int]) -> bytes:
    packed = array.array("I", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def index_text(compact: str, fine: str) -> str:
    """What the trigram index holds for a case: the compact text without spaces, then its
    short words, each between spaces."""
    shorts = sorted({token for token in fine.split() if len(token) <= SHORT})
    return compact.replace(" ", "") + "\n " + " ".join(shorts) + " "


def _lines(values: frozenset[str]) -> str:
    """Values one a line, with a line break before and after: `instr` finds "\\nvalue\\n"."""
    return "\n" + "".join(f"{v}\n" for v in sorted(values) if v)


def index_case(db: Database, case_key: str, case: Case) -> None:
    """Write (or rewrite) the case's row and trigrams (inside the caller's transaction)."""
    text = CaseText.from_case(case)
    layout = text.layout()
    unindex_case(db, case_key)
    cursor = db.execute(
        "INSERT INTO case_match (case_key, submitted, status, deadline, parties, members, "
        "addressees, compact, fine, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            case_key,
            text.submitted,
            case.status,
            case.deadline.isoformat() if case.deadline else None,
            _lines(text.parties),
            _lines(text.members),
            text.addressees,
            layout.compact,
            layout.fine,
            pack(layout),
        ],
    )
    db.execute(
        "INSERT INTO case_grams (rowid, text) VALUES (?, ?)",
        [cursor.lastrowid, index_text(layout.compact, layout.fine)],
    )


def unindex_case(db: Database, case_key: str) -> None:
    """Remove the case's row and trigrams, if it has them."""
    row = db.execute(
        "SELECT id, compact, fine FROM case_match WHERE case_key = ?", [case_key]
    ).fetchone()
    if row is None:
        return
    db.execute(
        "INSERT INTO case_grams (case_grams, rowid, text) VALUES ('delete', ?, ?)",
        [row[0], index_text(row[1], row[2])],
    )
    db.execute("DELETE FROM case_match WHERE id = ?", [row[0]])


def rebuild(db: Database) -> int:
    """Index every stored case again (a migration's backfill); how many."""
    done = 0
    for case_key, data in db.execute("SELECT case_key, data FROM cases").fetchall():
        index_case(db, case_key, load_case_json(data))
        done += 1
    return done


_COLUMNS = (
    "id, case_key, submitted, status, deadline, parties, members, addressees, compact, fine, layout"
)


def stored_texts(db: Database, ids: Sequence[int]) -> Iterator[StoredText]:
    """The rows with these ids, decoded, in the order given."""
    if not ids:
        return
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(f"SELECT {_COLUMNS} FROM case_match WHERE id IN ({marks})", list(ids))
    by_id = {row[0]: row for row in rows}
    for row_id in ids:
        row = by_id.get(row_id)
        if row is not None:
            yield _stored(row)


def _stored(row: Sequence) -> StoredText:  # type: ignore[type-arg]
    return StoredText(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        frozenset(row[5].split("\n")) - {""},
        frozenset(row[6].split("\n")) - {""},
        row[7],
        unpack(row[8], row[9], row[10]),
    )
