"""The matching index: each case's text as the engine reads it, stored, and a trigram index.

Searching must give exactly what the subscription engine matches, over every stored case, fast.
So each case keeps, beside its JSON (written in the same transaction, `index_case`):

- `case_match`: a small row per case with what filters read: the submission date, status and
  deadline, and the askers' parties and names and the addressees as the engine compares them;
- `case_match_text`: the normalised text, spaced (`fine`; the `compact` text is stored only
  when it is not `fine` without its spaces), and its word and sentence positions (a compressed
  blob; `CaseText.layout()`), read only for the candidates a search must look into;
- `case_grams`: an FTS5 trigram index over the compact text with its spaces removed, followed
  by a line of the case's one- and two-letter words (" ai eu "). A phrase query there finds
  exactly the cases whose compact text holds a string, so a word of the engine (which looks
  inside compounds and across a compound written apart) is never missed.

A contentless FTS5 table forgets its text: deleting a row needs the same text again, which
`index_text` rebuilds from the stored columns.
"""

from __future__ import annotations

import array
import datetime as dt
import struct
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kamervragen.core.matching import CaseText
from kamervragen.core.matching.query import is_late
from kamervragen.core.matching.text import Layout
from kamervragen.core.model import Case
from kamervragen.storage.codec import load_case_json
from kamervragen.storage.db import Database

FORMAT = 1  # the blob's layout; a change needs a migration that calls `rebuild`
SHORT = 2  # words this long or shorter are listed apart: a trigram cannot hold them
_HEADER = struct.Struct("<BII")  # format, words, sentences
if array.array("I").itemsize != 4:  # every platform CPython runs on; the blob depends on it
    raise ImportError("storage.case_index needs 4-byte unsigned ints in `array`")


@dataclass(frozen=True)
class Facts:
    """One `case_match` row: a case's key and what filters read of it (`CaseFacts`)."""

    id: int
    case_key: str
    submitted: str | None
    status: str | None
    deadline: str | None
    parties: frozenset[str]
    members: frozenset[str]
    addressees: str
    late: bool

    def text(self, layout: Layout) -> CaseText:
        """The case text for matching, with these facts."""
        return CaseText.from_layout(
            layout,
            parties=self.parties,
            members=self.members,
            addressees=self.addressees,
            submitted=self.submitted,
            status=self.status,
            late=self.late,
        )


def pack(layout: Layout) -> bytes:
    """The layout's word and sentence positions as one compressed blob (its texts are stored
    apart)."""
    header = _HEADER.pack(FORMAT, len(layout.word_starts), len(layout.sentence_starts))
    arrays = [
        _ints(layout.word_starts),
        _ints(layout.word_ends),
        _ints(layout.sentence_starts),
        _ints(layout.fine_sentences),
    ]
    return zlib.compress(b"".join([header, *arrays]), 1)


def unpack(compact: str, fine: str, blob: bytes) -> Layout:
    """The layout of `pack`, with its texts."""
    blob = zlib.decompress(blob)
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
        "addressees) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            case_key,
            text.submitted,
            case.status,
            case.deadline.isoformat() if case.deadline else None,
            _lines(text.parties),
            _lines(text.members),
            text.addressees,
        ],
    )
    derived = layout.fine.replace(" ", "") == layout.compact
    db.execute(
        "INSERT INTO case_match_text (id, fine, compact, layout) VALUES (?, ?, ?, ?)",
        [cursor.lastrowid, layout.fine, None if derived else layout.compact, pack(layout)],
    )
    db.execute(
        "INSERT INTO case_grams (rowid, text) VALUES (?, ?)",
        [cursor.lastrowid, index_text(layout.compact, layout.fine)],
    )


def unindex_case(db: Database, case_key: str) -> None:
    """Remove the case's rows and trigrams, if it has them."""
    row = db.execute(
        "SELECT m.id, t.fine, t.compact FROM case_match m JOIN case_match_text t ON t.id = m.id "
        "WHERE m.case_key = ?",
        [case_key],
    ).fetchone()
    if row is None:
        return
    row_id, fine, compact = row
    db.execute(
        "INSERT INTO case_grams (case_grams, rowid, text) VALUES ('delete', ?, ?)",
        [row_id, index_text(_compact(fine, compact), fine)],
    )
    db.execute("DELETE FROM case_match_text WHERE id = ?", [row_id])
    db.execute("DELETE FROM case_match WHERE id = ?", [row_id])


def _compact(fine: str, compact: str | None) -> str:
    """The stored compact text, or (as almost always) the fine text without its spaces."""
    return fine.replace(" ", "") if compact is None else compact


def rebuild(db: Database) -> int:
    """Index every stored case again (a migration's backfill); how many."""
    done = 0
    for case_key, data in db.execute("SELECT case_key, data FROM cases").fetchall():
        index_case(db, case_key, load_case_json(data))
        done += 1
    return done


FACTS = "m.id, m.case_key, m.submitted, m.status, m.deadline, m.parties, m.members, m.addressees"


def facts_of(row: Sequence, today: dt.date) -> Facts:  # type: ignore[type-arg]
    """The facts of a row that starts with the `FACTS` columns; late as of `today`."""
    deadline = row[4]
    late = is_late(row[3], dt.date.fromisoformat(deadline) if deadline else None, today)
    return Facts(
        row[0],
        row[1],
        row[2],
        row[3],
        deadline,
        frozenset(row[5].split("\n")) - {""},
        frozenset(row[6].split("\n")) - {""},
        row[7],
        late,
    )


def fine_texts(db: Database, ids: Sequence[int]) -> dict[int, str]:
    """The fine (spaced) text of each of these rows."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(f"SELECT id, fine FROM case_match_text WHERE id IN ({marks})", list(ids))
    return dict(rows.fetchall())


def layouts(db: Database, ids: Sequence[int]) -> Iterator[tuple[int, Layout]]:
    """The layout of each of these rows, with its texts."""
    if not ids:
        return
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(
        f"SELECT id, fine, compact, layout FROM case_match_text WHERE id IN ({marks})", list(ids)
    )
    for row_id, fine, compact, blob in rows:
        yield row_id, unpack(_compact(fine, compact), fine, blob)
