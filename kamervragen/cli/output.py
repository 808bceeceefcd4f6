"""What the command line prints about failures: one line each, safe to show in a terminal.

    fail("ingest: ...")                  # "error: ingest: ..." on standard error
    printable("evil\\x1b[2Jname\\n.txt")  # 'evil\\x1b[2Jname\\n.txt', escaped, one line

A file name (or any text from outside) can hold a newline or a terminal escape sequence; printed
raw it would forge lines or take over the terminal. `printable` escapes every character that is
not printable, and `fail` masks the process's secrets (`kamervragen.core.secrets`) as well.
"""

from __future__ import annotations

import sys

from kamervragen.core.secrets import redact

EXIT_FAILED = 1  # a file, a source or a category failed; the rest was done
EXIT_USAGE = 2  # a usage or configuration error
EXIT_STORAGE = 3  # the database cannot be used: in use, read-only, full, busy, not a database


def printable(text: str) -> str:
    """`text` on one line, with control characters (and undecodable bytes) escaped."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape", "backslashreplace").decode()
        for char in text
    )


def fail(message: str) -> None:
    """One error line on standard error: `error: message`, made printable, secrets masked."""
    print(f"error: {printable(redact(message))}", file=sys.stderr)
