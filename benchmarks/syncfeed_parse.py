"""Benchmark: parse a synthetic year of the SyncFeed (not a test; run it by hand).

    python -m benchmarks.syncfeed_parse --sets 3000 --unrelated 300000

Builds pages of 250 entries with the fake's payload builders (per question set a Zaak, three
Documents, three DocumentVersies and three ZaakActors, plus unrelated Zaken and Documents of
other soorten and their versions and actors), then parses every page with and without the
question-soort filter. Prints entries/s and MB/s (and lxml's bare parse speed as the floor),
and, each in a fresh process, the peak RSS growth while parsing one huge page with
`parse_feed_page` (iterparse + clear) versus building the whole tree.
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import tempfile
import time
import uuid

from lxml import etree

from kamervragen.watchers.syncfeed import (
    QUESTION_DOCUMENT_SOORTEN,
    QUESTION_ZAAK_SOORTEN,
    parse_feed_page,
)
from tests.fakes.httpserver import Request
from tests.fakes.syncfeed_server import (
    SyncFeedServer,
    document_xml,
    documentversie_xml,
    zaak_xml,
    zaakactor_xml,
)

REAL_BASE = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
SOORTEN = {"zaak": QUESTION_ZAAK_SOORTEN, "document": QUESTION_DOCUMENT_SOORTEN}
OTHER_DOCS = ["Brief regering", "Motie", "Amendement", "Verslag", "Agenda"]
OTHER_ZAKEN = ["Brief regering", "Motie", "Wetgeving", "Amendement"]


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_payloads(sets: int, unrelated: int, seed: int = 1) -> dict[str, list[str]]:
    """Payloads per feed category for `sets` question sets and `unrelated` other entities."""
    rng = random.Random(seed)
    feeds: dict[str, list[str]] = {
        "Zaak": [],
        "Document": [],
        "DocumentVersie": [],
        "ZaakActor": [],
    }
    for n in range(sets):
        zaak = _guid(rng)
        feeds["Zaak"].append(zaak_xml(zaak, nummer=f"2025Z{n:05d}"))
        for soort in ("Schriftelijke vragen", "Antwoord schriftelijke vragen", "Mededeling"):
            doc, versie = _guid(rng), _guid(rng)
            feeds["Document"].append(
                document_xml(doc, zaak_refs=[zaak], soort=soort, huidige_versie_ref=versie,
                             aanhangselnummer="242501028", content_length=120345)
            )  # fmt: skip
            feeds["DocumentVersie"].append(
                documentversie_xml(versie, document_ref=doc, externe_identifier="ah-tk-x")
            )
            feeds["ZaakActor"].append(zaakactor_xml(_guid(rng), zaak_ref=zaak, persoon_ref=zaak))
    for _ in range(unrelated):
        pick = rng.random()
        if pick < 0.25:
            feeds["Zaak"].append(zaak_xml(_guid(rng), soort=rng.choice(OTHER_ZAKEN)))
        elif pick < 0.60:
            feeds["Document"].append(
                document_xml(_guid(rng), zaak_refs=[_guid(rng)], soort=rng.choice(OTHER_DOCS))
            )
        elif pick < 0.85:
            feeds["DocumentVersie"].append(documentversie_xml(_guid(rng), document_ref=_guid(rng)))
        else:
            feeds["ZaakActor"].append(zaakactor_xml(_guid(rng), zaak_ref=_guid(rng)))
    return feeds


def build_pages(feeds: dict[str, list[str]], page_size: int = 250) -> list[bytes]:
    """Atom pages of `page_size` entries, rendered by the fake server's own envelope code."""
    server = SyncFeedServer(page_size=page_size, link_base=REAL_BASE)  # never started
    pages: list[bytes] = []
    for category, payloads in feeds.items():
        for payload in payloads:
            server.add(category, payload)
        token = 0
        while True:
            body = _render(server, category, token)
            page = parse_feed_page(body)
            if page.caught_up:
                break
            pages.append(body)
            token = page.last_skiptoken or 0
    return pages


def _render(server: SyncFeedServer, category: str, token: int) -> bytes:
    """The page the fake would serve, without starting it."""
    query = {"category": category, "skiptoken": str(token)}
    return server.route(Request("GET", "/SyncFeed/2.0/Feed", query, {})).body


def throughput(pages: list[bytes]) -> None:
    """Parse every page with and without the soort filter; print entries/s and MB/s."""
    size = sum(len(p) for p in pages)
    for label, soorten in (("all fields", None), ("question soorten only", SOORTEN)):
        gc.collect()
        start = time.perf_counter()
        count = 0
        for body in pages:
            count += len(parse_feed_page(body, soorten=soorten).entries)
        elapsed = time.perf_counter() - start
        print(
            f"{label}: {count} entries in {elapsed:.2f} s = {count / elapsed:,.0f} entries/s, "
            f"{size / 1e6 / elapsed:.0f} MB/s"
        )
    start = time.perf_counter()
    for body in pages:
        etree.fromstring(body)
    elapsed = time.perf_counter() - start
    print(f"(floor: lxml fromstring alone, no Python walk: {count / elapsed:,.0f} entries/s)")


def memory(path: str, how: str) -> None:
    """Print the peak RSS growth of parsing the page in `path` ("iterparse" or "fromstring")."""
    with open(path, "rb") as file:
        data = file.read()
    gc.collect()
    before = _reset_peak_rss_mb()
    if how == "iterparse":
        entries = len(parse_feed_page(data, soorten=SOORTEN).entries)
    else:
        entries = len(etree.fromstring(data))
    print(f"{how}: {entries} entries, {len(data) / 1e6:.0f} MB page, "
          f"peak RSS +{_peak_rss_mb() - before:.0f} MB")  # fmt: skip


def _reset_peak_rss_mb() -> float:
    """Reset the kernel's peak-RSS mark (Linux: clear_refs 5); return the current RSS in MB."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    return _status_mb("VmRSS")


def _peak_rss_mb() -> float:
    return _status_mb("VmHWM")


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def main() -> None:
    """Build the synthetic year, parse it, then measure memory on one huge page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=3000)
    parser.add_argument("--unrelated", type=int, default=300_000)
    parser.add_argument("--memory", nargs=2, metavar=("PAGE", "HOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        memory(*args.memory)
        return
    t0 = time.perf_counter()
    pages = build_pages(build_payloads(args.sets, args.unrelated))
    size = sum(len(p) for p in pages)
    print(f"built {len(pages)} pages, {size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s")
    throughput(pages)
    with tempfile.NamedTemporaryFile(suffix=".xml") as big:
        big.write(_render_big(60_000))
        big.flush()
        for how in ("iterparse", "fromstring"):
            command = [
                sys.executable,
                "-m",
                "benchmarks.syncfeed_parse",
                "--memory",
                big.name,
                how,
            ]
            subprocess.run(command, check=True)


def _render_big(count: int) -> bytes:
    """One page of `count` Document entries, a third of them question documents."""
    rng = random.Random(2)
    server = SyncFeedServer(page_size=count, link_base=REAL_BASE)
    for n in range(count):
        soort = "Schriftelijke vragen" if n % 3 == 0 else rng.choice(OTHER_DOCS)
        server.add("Document", document_xml(_guid(rng), zaak_refs=[_guid(rng)], soort=soort))
    return _render(server, "Document", 0)


if __name__ == "__main__":
    main()
