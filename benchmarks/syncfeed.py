"""Benchmark: replay a year of the SyncFeed from a local fake server through `poll --once`.

    python -m benchmarks.syncfeed [--sets 3000] [--unrelated-factor 10]

A child process builds and serves the year (fake SyncFeed and officielebekendmakingen servers on
127.0.0.1): per question set a Zaak, two ZaakActors, the question Document and its version, the
answer Document and its version (and for 60% of the sets a postponement notice), each text
published as XML; plus ten times as many unrelated entities (other Zaken, each with a Document of
another soort, its version and an actor). This process then polls until caught up, in one
`poll_once`, and measures. The naive baseline is feedparser reading the first pages of each
category, as the project's first sketch did (it drops the payload, so it does strictly less
work). Last line:
`entries_per_s=... peak_rss_mb=... seconds=...`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOORTEN_OTHER = ["Motie", "Brief regering", "Verslag", "Amendement", "Kamervraag verwijderd"]


def serve(sets: int, factor: int) -> None:
    """Child process: build the year, serve it, print the two URLs, wait for stdin to close."""
    from tests.fakes.koop_server import KoopServer
    from tests.fakes.syncfeed_server import (
        SyncFeedServer,
        document_xml,
        documentversie_xml,
        zaak_xml,
        zaakactor_xml,
    )
    from tests.watchers.scenario import ANSWER_XML, question_xml

    rng = random.Random(2025)
    feed = SyncFeedServer(page_size=250).start()
    koop = KoopServer().start()
    question = question_xml()

    def guid(kind: int, i: int) -> str:
        return f"{kind:08x}-0000-4000-8000-{i:012x}"

    counter = iter(range(10**9))

    def unrelated(n: int) -> None:
        """`n` unrelated entities: other Zaken with a Document, its version and an actor."""
        for _ in range(n // 4):
            j = next(counter)
            zaak, doc = guid(9, j), guid(10, j)
            feed.add("Zaak", zaak_xml(zaak, nummer=f"2025Z9{j % 10000:04d}", soort="Motie"))
            feed.add(
                "Document", document_xml(doc, zaak_refs=[zaak], soort=rng.choice(SOORTEN_OTHER))
            )
            feed.add("DocumentVersie", documentversie_xml(guid(11, j), document_ref=doc))
            feed.add("ZaakActor", zaakactor_xml(guid(12, j), zaak_ref=zaak))

    first_day = dt.date(2025, 1, 1)
    for i in range(sets):
        nummer = f"2025Z{i:05d}"
        day = (first_day + dt.timedelta(days=i * 365 // sets)).isoformat() + "T00:00:00"
        onderwerp = (
            f"Vragen van het lid Lid{i % 150} (P{i % 15}) aan de Minister van Financiën "
            f"over onderwerp nummer {i}"
        )
        zaak, q, qv, a, av = (guid(k, i) for k in (1, 2, 3, 4, 5))
        feed.add("Zaak", zaak_xml(zaak, nummer=nummer, onderwerp=onderwerp, gestart_op=day))
        feed.add("ZaakActor", zaakactor_xml(guid(6, i), zaak_ref=zaak, actor_fractie="VVD"))
        feed.add(
            "ZaakActor",
            zaakactor_xml(
                guid(7, i), zaak_ref=zaak, relatie="Gericht aan", functie="minister van Financiën"
            ),
        )
        feed.add(
            "Document",
            document_xml(q, zaak_refs=[zaak], huidige_versie_ref=qv, onderwerp=onderwerp),
        )
        feed.add(
            "DocumentVersie",
            documentversie_xml(qv, document_ref=q, externe_identifier=f"kv-tk-{nummer}"),
        )
        koop.add(
            f"kv-tk-{nummer}", xml=question.replace(b"kv-tk-2024Z21590", f"kv-tk-{nummer}".encode())
        )
        if rng.random() < 0.6:
            feed.add(
                "Document",
                document_xml(guid(8, i), zaak_refs=[zaak], soort="Mededeling (uitstel antwoord)"),
            )
        feed.add(
            "Document",
            document_xml(
                a,
                zaak_refs=[zaak],
                soort="Antwoord schriftelijke vragen",
                huidige_versie_ref=av,
                aanhangselnummer=None,
            ),
        )
        pub = f"ah-tk-20242025-{i + 1}"
        feed.add("DocumentVersie", documentversie_xml(av, document_ref=a, externe_identifier=pub))
        koop.add(pub, xml=ANSWER_XML)
        unrelated(8 * factor)
    total = sum(len(feed.entries(c)) for c in ("Zaak", "Document", "DocumentVersie", "ZaakActor"))
    print(feed.base_url, koop.origin, total, flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    feed.stop()
    koop.stop()


def baseline_rate(base_url: str, categories: tuple[str, ...], pages: int = 25) -> float:
    """The naive reader's entries/s: feedparser over the first `pages` pages of each category
    (it reads and stores nothing of the payload, so it does less than the watcher)."""
    import feedparser
    import httpx

    entries = 0
    started = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for category in categories:
            url: str | None = f"{base_url}/Feed?category={category}&skiptoken=0"
            for _ in range(pages):
                if not url:
                    break
                parsed = feedparser.parse(client.get(url).content)
                if not parsed.entries:
                    break
                entries += len(parsed.entries)
                nexts = [link.href for link in parsed.feed.get("links", []) if link.rel == "next"]
                url = nexts[0] if nexts else None
    return entries / (time.perf_counter() - started)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=3000)
    parser.add_argument("--unrelated-factor", type=int, default=10)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.sets, args.unrelated_factor)
        return
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.syncfeed",
            "--serve",
            "--sets",
            str(args.sets),
            "--unrelated-factor",
            str(args.unrelated_factor),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    feed_url, ob_url, total = child.stdout.readline().split()
    print(f"served: {total} entries ({args.sets} question sets)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            TK_SYNCFEED_URL=feed_url,
            OB_URL=ob_url,
            KAMERVRAGEN_DB=str(Path(tmp) / "bench.db"),
            KAMERVRAGEN_BACKFILL_DAYS="100000",
        )
        from kamervragen.cli.watching import sources_of, watching
        from kamervragen.settings import Settings
        from kamervragen.storage.db import open_db
        from kamervragen.watchers.poller import CATEGORIES, poll_once

        settings = Settings.from_env()
        db = open_db(settings.db)

        async def run() -> object:
            async with watching(settings) as (database, fetcher):
                return await poll_once(database, fetcher, sources_of(settings))

        started = time.perf_counter()
        summary = asyncio.run(run())
        seconds = time.perf_counter() - started
        cases = db.execute("SELECT count(*) FROM cases").fetchone()[0]
        events = dict(db.execute("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())
        naive = baseline_rate(feed_url, CATEGORIES)
    child.stdin.close()
    child.wait(timeout=30)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    entries = summary.entries  # type: ignore[attr-defined]
    print(f"pages={summary.pages} entries={entries} cases={cases} events={events}")  # type: ignore[attr-defined]
    print(f"errors={len(summary.errors)}")  # type: ignore[attr-defined]
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in summary.durations.items())  # type: ignore[attr-defined]
    print(f"phases: {phases}")
    rate = entries / seconds
    print(
        f"naive feedparser reader (parses pages, stores nothing): {naive:.0f} entries/s; "
        f"the watcher (parse, store, texts, events) is {rate / naive:.2f} times as fast"
    )
    assert cases == args.sets, f"expected {args.sets} cases, got {cases}"
    print(f"entries_per_s={rate:.0f} peak_rss_mb={peak:.0f} seconds={seconds:.1f}")


if __name__ == "__main__":
    main()
