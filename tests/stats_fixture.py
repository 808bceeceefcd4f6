"""Nine sets (and a withdrawn one) whose answer times were computed by hand, for the statistics.

Today is 1 June 2025. Buitenlandse Zaken (addressed as "Minister van Buitenlandse Zaken" and as
"minister van BZ"):
  Z001  6 Jan -> 20 Jan: 14 days, first deadline 27 Jan, on time          (VVD)
  Z002  6 Jan -> 21 Feb: 46 days, 25 days late, postponed                 (D66)
  Z003  3 Feb -> 24 Feb: 21 days, on the deadline day: on time            (VVD)
  Z004  3 Mar, open, postponed, deadline 14 Apr: overdue now, late        (SP)
  Z005 20 May, open, deadline 10 Jun: not judged yet                      (VVD)
  Z006 withdrawn: left out
  BZ: asked 5, answered 3, days [14, 21, 46]: median 21, p90 46 (rank ceil(2.7) = 3),
      on time 2 of 4 judged = 50.0 %, postponed 2 of 5 = 40.0 %, open 2, overdue 1.
Financiën ("Minister van Financiën", "Staatssecretaris van Financiën - Fiscaliteit en
Belastingdienst"):
  Z007 10 Jan -> 1 Mar: 50 days, late                                     (D66)
  Z008 13 Jan -> 12 Feb: 30 days, late                                    (VVD)
  Z009 10 Feb -> 20 Feb: 10 days, on time                                 (SP)
  Z010 17 Feb -> 18 Apr: 60 days, late, postponed                         (D66)
  FIN: asked 4, answered 4, days [10, 30, 50, 60]: median 40.0, p90 60 (rank ceil(3.6) = 4),
       on time 1 of 4 = 25.0 %, postponed 1 of 4 = 25.0 %, open 0, overdue 0.
All: asked 9, answered 7, days [10, 14, 21, 30, 46, 50, 60]: median 30, p90 60,
     on time 3 of 8 = 37.5 %, postponed 3 of 9 = 33.3 %, open 2, overdue 1.
"""

from __future__ import annotations

import datetime as dt

from kamervragen.core.model import Asker, Case, DocumentRef, SourceIds
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import Database

TODAY = dt.date(2025, 6, 1)
D = dt.date
BZ, BZ2 = "Minister van Buitenlandse Zaken", "minister van BZ"
FIN, FIN2 = (
    "Minister van Financiën",
    "Staatssecretaris van Financiën - Fiscaliteit en Belastingdienst",
)
NOTICE = DocumentRef("postponement", "syncfeed", SourceIds())
# number, party, addressee, submitted, answered, first deadline, current deadline, status
ROWS = [
    ("2025Z00001", "VVD", BZ, D(2025, 1, 6), D(2025, 1, 20), D(2025, 1, 27), None, "answered"),
    ("2025Z00002", "D66", BZ2, D(2025, 1, 6), D(2025, 2, 21), D(2025, 1, 27), "p", "answered"),
    ("2025Z00003", "VVD", BZ, D(2025, 2, 3), D(2025, 2, 24), D(2025, 2, 24), None, "answered"),
    ("2025Z00004", "SP", BZ2, D(2025, 3, 3), None, D(2025, 3, 24), D(2025, 4, 14), "postponed"),
    ("2025Z00005", "VVD", BZ, D(2025, 5, 20), None, D(2025, 6, 10), None, "open"),
    ("2025Z00006", "SP", BZ, D(2025, 4, 1), None, D(2025, 4, 22), None, "withdrawn"),
    ("2025Z00007", "D66", FIN, D(2025, 1, 10), D(2025, 3, 1), D(2025, 1, 31), None, "answered"),
    ("2025Z00008", "VVD", FIN2, D(2025, 1, 13), D(2025, 2, 12), D(2025, 2, 3), None, "answered"),
    ("2025Z00009", "SP", FIN, D(2025, 2, 10), D(2025, 2, 20), D(2025, 3, 3), None, "answered"),
    ("2025Z00010", "D66", FIN2, D(2025, 2, 17), D(2025, 4, 18), D(2025, 3, 10), "p", "answered"),
]


def save_fixture(db: Database) -> list[Case]:
    """Store the ten sets; the stored cases."""
    stored = []
    for number, party, to, submitted, answered, first, current, status in ROWS:
        postponed = current == "p" or status == "postponed"
        case = Case(
            number,
            title=f"Vragen {number}",
            status=status,
            askers=[Asker(f"Lid {party}", party)],
            addressees=[to],
            submitted=submitted,
            answered=answered,
            first_deadline=first,
            deadline=current if isinstance(current, dt.date) else first,
            documents=[NOTICE] if postponed else [],
        )
        save_case(db, number, case, "2025-06-01T00:00:00+00:00")
        stored.append(case)
    return stored
