"""SQLite through sqlite-utils: every table and SQL statement of the project (see the README's
Code map).

sqlite-utils imports numpy when it is installed (matplotlib brings it, for the /stats chart),
only to store numpy values, which this project never does; that costs every process 15 MB and a
tenth of a second. So numpy is hidden while sqlite-utils loads (every storage module imports it
after this package), and stays importable afterwards for the chart.
"""

import sys


def _load_sqlite_utils_without_numpy() -> None:
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" fails while set
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_load_sqlite_utils_without_numpy()
