"""A verbatim window of a sentence that is too long to show whole, around its position.

    excerpt("Zoals eerder aangegeven in antwoorden op vragen van het lid Ploumen (…) ziet het "
            "kabinet risico’s voor de fundamentele vrijheden …", 90)
    -> "… ziet het kabinet risico’s voor de fundamentele vrijheden, privacy en …"

The text between the ellipses is a substring of the input: nothing is reworded. The window starts
at the first cue of a position ("het kabinet", "ik deel", "niet bekend", …; a verb written just
before "het kabinet" is kept with it, as are up to five words before "nog niet" in its clause),
or earlier when the rest of the sentence leaves room (from the start of its clause when that
fits), else at the start; it ends at a word boundary. Linear in
the text: one lower-casing and one `find` per cue.
"""

from __future__ import annotations

from kamervragen.core.summary.cues import DIRECT, STANCE

ELLIPSIS = "…"
_ANCHORS = tuple(dict.fromkeys(p.strip() for p in (*STANCE, *DIRECT)))
_SUBJECTS = ("het ", "de ", "dit ", "ik ", "wij ", "nederland ")
_LEAD_WORDS = 5  # words before a cue that are kept with it (its verb and subject)
_EARLY = 0.25  # a cue this far into the window is reached from the start anyway


def excerpt(text: str, limit: int) -> str:
    """`text` whole when it has at most `limit` characters, else a window of it with "…" where
    it was cut (the result has at most `limit` characters, `limit` at least 8)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    limit = max(limit, 8)
    start = _anchor(text)
    if start <= _EARLY * limit:
        start = 0
    elif len(text) - start < limit - 2:
        # The rest fits: start at its clause when that fits too, else fill the room with the
        # words that lead up to the cue (what is judged often comes first: "X acht het kabinet
        # onwenselijk").
        clause = max(text.rfind(", ", 0, start), text.rfind("; ", 0, start))
        clause = 0 if clause < 0 else clause + 2
        if len(text) - clause <= limit - (2 if clause else 0):
            start = clause
        else:
            space = text.find(" ", len(text) - (limit - 4) - 1, start)
            start = space + 1 if space >= 0 else start
    head = f"{ELLIPSIS} " if start else ""
    room = limit - len(head) - 2  # " …" at the end
    window = text[start : start + room + 1]
    if start + len(window) < len(text) or len(window) > room:
        cut = window.rfind(" ", 0, room + 1)
        window = window[: cut if cut > room // 2 else room].rstrip(" ,;:")
        return f"{head}{window} {ELLIPSIS}"
    return f"{head}{window}"


def _anchor(text: str) -> int:
    """Where the window starts: at the first cue of a position, with the verb before an
    inverted subject ("ziet het kabinet") or the words that lead up to it in its clause
    ("beschik ik op dit moment nog niet"); 0 when there is no cue."""
    low = text.lower()
    best, found = len(text), ""
    for cue in _ANCHORS:
        at = low.find(cue)
        while at > 0 and low[at - 1].isalnum():  # inside a word: look further
            at = low.find(cue, at + 1)
        if 0 <= at < best:
            best, found = at, cue
    if not found:
        return 0
    if found.startswith(_SUBJECTS):
        return low.rfind(" ", 0, best - 1) + 1  # "... ziet het kabinet": start at "ziet"
    if f"{found} ".partition(" ")[2].startswith(_SUBJECTS):
        return best  # the cue has its verb: "acht het kabinet", "deel ik"
    clause = max(low.rfind(", ", 0, best), low.rfind("; ", 0, best))
    start = best
    for _ in range(_LEAD_WORDS):
        previous = low.rfind(" ", 0, start - 1) + 1
        if start <= 1 or previous <= clause + 1:
            return clause + 2 if clause >= 0 else previous
        start = previous
    return start
