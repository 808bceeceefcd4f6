"""officielebekendmakingen as a second source: `kamervragen poll --once` against the fake SyncFeed
and the fake officielebekendmakingen (publications, SRU search, RSS), built from the real
formats. Events are once across sources, whichever sees a change first."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from kamervragen.cli import main
from kamervragen.storage import publications
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.watchers.http import Fetcher, make_client
from kamervragen.watchers.publications import (
    SEARCH,
    PublicationSources,
    PublicationWatcher,
    rss_feed_url,
    search_query,
)
from tests.conftest import DATA
from tests.fakes.koop_server import KoopServer
from tests.watchers import scenario
from tests.watchers.commands import case_json, events, poll
from tests.watchers.scenario import Sources

METADATA = (DATA / "koop" / "metadata_ah-tk.xml").read_bytes()  # vraagnummer 2024Z21590
ANSWER_DOC_ID = f"pub:{scenario.ANSWER_PUB}#xml"


@pytest.fixture(autouse=True)
def watch_publications(monkeypatch: pytest.MonkeyPatch) -> None:
    """The officielebekendmakingen watcher on (the `sources` fixture points it at the fake)."""
    monkeypatch.setenv("KAMERVRAGEN_OB_WATCH", "1")


def publish_answer_at_ob(src: Sources, *, metadata: bool = True) -> None:
    """The answer appears at officielebekendmakingen only (the SyncFeed has not got it)."""
    src.koop.add(
        scenario.ANSWER_PUB, xml=scenario.ANSWER_XML, metadata=METADATA if metadata else None
    )


def test_an_answer_seen_first_at_ob_is_answered_once_and_the_syncfeed_adds_nothing(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """The question (both sources) gives one question_filed; the answer at officielebekendmakingen
    gives `answered` once; the same answer later from the SyncFeed adds its document and no
    event."""
    scenario.publish_question(sources)
    code, out = poll(capsys)
    assert code == 0, out
    assert "events: question_filed 1" in out and "events: none" in out, out  # one per source

    publish_answer_at_ob(sources)
    code, out = poll(capsys)
    assert code == 0 and "listed (1 new) by sru" in out and "events: answered 1" in out, out
    (answered,) = [e for e in events(capsys) if e["kind"] == "answered"]
    assert (answered["zaaknummer"], answered["document"]) == (scenario.ZAAK, ANSWER_DOC_ID)
    assert answered["detail"]["source"] == "officielebekendmakingen"
    case = case_json(capsys)
    assert case["status"] == "answered" and case["answered"] == "2025-02-04"
    assert case["qa"][0]["answer"].startswith("De Rijksoverheid is inderdaad significant")

    code, out = poll(capsys)
    assert code == 0 and "events: answered" not in out, out

    scenario.publish_answer(sources)  # now the SyncFeed has it too
    code, out = poll(capsys)
    assert code == 0 and "answered" not in out, out
    assert [e["kind"] for e in events(capsys)] == ["question_filed", "answered"]
    guids = {d["tk_guid"] for d in case_json(capsys)["documents"]}
    assert scenario.ANSWER_DOC in guids  # the SyncFeed's answer document joined the case
    sources.koop.assert_no_errors()


def test_both_sources_in_one_poll_give_each_event_once(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """Question and answer published at both sources before one poll: one question_filed and
    one answered, recorded by the SyncFeed (read first); officielebekendmakingen adds none."""
    scenario.publish_question(sources)
    scenario.publish_answer(sources)
    sources.koop.add(scenario.ANSWER_PUB, xml=scenario.ANSWER_XML, metadata=METADATA)
    code, out = poll(capsys)
    assert code == 0, out
    assert "events: answered 1, question_filed 1" in out, out
    assert "2 listed (2 new) by sru; 2 fetched, 0 waiting; events: none" in out, out
    found = events(capsys)
    assert sorted(e["kind"] for e in found) == ["answered", "question_filed"]
    assert {e["document"] for e in found} == {scenario.QUESTION_DOC, scenario.ANSWER_DOC}


def test_with_the_syncfeed_down_ob_still_makes_the_case_and_its_events(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """The SyncFeed answers 503 throughout: the question and the answer at
    officielebekendmakingen still become the case, with question_filed and answered; the
    poll exits 1 and says the SyncFeed failed."""
    sources.feed.fail_next(10_000, status=503, prefix="/SyncFeed")
    sources.koop.add(scenario.QUESTION_PUB, xml=scenario.question_xml())
    publish_answer_at_ob(sources)
    code, out = poll(capsys)
    assert code == 1 and "503" in out, out
    assert "events: answered 1, question_filed 1" in out, out
    case = case_json(capsys)
    assert case["status"] == "answered" and len(case["qa"]) == 4
    assert case["askers"][0]["name"].endswith("Erkens")
    assert main(["status", "--json"]) == 0
    status = {s["source"]: s for s in json.loads(capsys.readouterr().out)["sources"]}
    assert status["syncfeed"]["failing_since"] is not None
    assert status[SEARCH]["failing_since"] is None and status[SEARCH]["last_success"]
    assert main(["status"]) == 0
    assert "officielebekendmakingen: searched 1 times" in capsys.readouterr().out


def test_an_answer_without_vraagnummer_links_by_title_askers_and_date(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """No metadata and no vraagnummer in the listing: the answer joins the SyncFeed's case by
    its title, asker and submission date, and raises `answered` there."""
    scenario.publish_question(sources)
    poll(capsys)
    publish_answer_at_ob(sources, metadata=False)
    code, out = poll(capsys)
    assert code == 0 and "events: answered 1" in out, out
    (answered,) = [e for e in events(capsys) if e["kind"] == "answered"]
    assert answered["zaaknummer"] == scenario.ZAAK


def test_an_answer_before_its_question_waits_for_its_case(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """An answer without vraagnummer that arrives before its question waits under a provisional
    key with no event; when the question comes, it joins the case and `answered` is recorded
    once."""
    publish_answer_at_ob(sources, metadata=False)
    code, out = poll(capsys)
    assert code == 0 and "1 fetched" in out and "events: none" in out, out
    assert events(capsys) == []

    scenario.publish_question(sources)
    code, out = poll(capsys)
    assert code == 0, out
    assert sorted(e["kind"] for e in events(capsys)) == ["answered", "question_filed"]
    assert case_json(capsys)["status"] == "answered"


def test_a_failing_search_falls_back_to_the_rss_feed(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """The search answers 503 on every attempt: the RSS feed lists the answer, which is
    fetched and answered; the search is noted as failing (exit 1)."""
    scenario.publish_question(sources, with_text=False)
    sources.koop.add(scenario.QUESTION_PUB, xml=scenario.question_xml(), listed=False)
    publish_answer_at_ob(sources)
    sources.koop.fail_next(4, status=503, prefix="/sru")
    code, out = poll(capsys)
    assert code == 1 and "(RSS used)" in out and "by rss" in out, out
    assert "answered 1" in out, out
    assert any(r.path == "/rss" for r in sources.koop.requests)
    assert main(["status", "--json"]) == 0
    status = {s["source"]: s for s in json.loads(capsys.readouterr().out)["sources"]}
    assert status[SEARCH]["failing_since"] is not None
    assert status["officielebekendmakingen-rss"]["last_success"] is not None


def test_search_and_feed_failing_back_off(sources: Sources, capsys: pytest.CaptureFixture) -> None:
    """Both the search and the feed fail: the error is reported, the next poll waits for the
    backoff without asking the service, and the cursor stays where it was."""
    sources.koop.fail_next(4, status=503, prefix="/sru")
    sources.koop.fail_next(4, status=500, prefix="/rss")
    code, out = poll(capsys)
    assert code == 1 and "next search" in out and "RSS:" in out, out
    asked = len(sources.koop.requests)
    code, out = poll(capsys)
    assert "search waits until" in out, out
    assert len(sources.koop.requests) == asked  # nothing asked during the backoff
    db = open_db(sources_db())
    assert publications.cursor(db).since is None and publications.cursor(db).failures == 1


def sources_db() -> Path:
    """The database the `sources` fixture set in KAMERVRAGEN_DB."""
    import os

    return Path(os.environ["KAMERVRAGEN_DB"])


def test_a_search_the_service_refuses_is_an_error(
    sources: Sources, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SRU diagnostic (here: the fake refuses a search URL without a query) is reported as
    the search's error, and the RSS feed is used."""
    monkeypatch.setenv("OB_SRU_URL", sources.koop.sru_url + "?operation=explain&x=")
    code, out = poll(capsys)
    assert code == 1 and "search refused" in out and "(RSS used)" in out, out


def test_the_query_names_both_publications_and_the_date() -> None:
    """The CQL query searches answers and questions modified on or after the cursor; the RSS
    feed's query names both publications."""
    query = search_query(dt.date(2025, 2, 9))
    assert query == (
        'c.product-area==officielepublicaties and (w.publicatienaam=="Kamervragen (Aanhangsel)"'
        ' or w.publicatienaam=="Kamervragen zonder antwoord") and dt.modified>=2025-02-09'
    )
    assert rss_feed_url("https://x/rss").startswith(
        "https://x/rss?q=(c.product-area==%22officielepublicaties%22)and("
    )


async def test_a_publication_listed_before_it_is_readable_is_retried_later(
    tmp_path: Path,
) -> None:
    """Listed but 404: it waits 5 minutes (not asked again before), then it is fetched; the
    search cursor moves to two days before the newest listed date, paging follows
    nextRecordPosition, and the listing's vraagnummer names the case."""
    clock = [dt.datetime(2025, 2, 12, 9, 0, tzinfo=dt.UTC)]
    database = DatabaseThread(tmp_path / "k.db")
    with KoopServer() as koop:
        for number in range(1, 4):  # three pages of one
            koop.add(
                f"ah-tk-20242025-{number}",
                xml=scenario.ANSWER_XML,
                modified="2025-02-10",
                vraagnummer=scenario.ZAAK,  # from the listing: no metadata.xml here
            )
        koop.add(scenario.ANSWER_PUB, listed=True, modified="2025-02-11")  # no XML yet
        sources = PublicationSources(koop.origin, koop.sru_url, None, page_size=1)
        async with make_client(timeout=2) as client:
            fetcher = Fetcher(client, base_delay=0)
            watcher = PublicationWatcher(database, fetcher, sources, now=lambda: clock[0])
            try:
                first = await watcher.poll()
                assert (first.listed, first.fetched, first.retrying) == (4, 3, 1)
                pages = [r.query["startRecord"] for r in koop.requests if r.path == "/sru"]
                assert pages == ["1", "2", "3", "4"]
                koop.add(scenario.ANSWER_PUB, xml=scenario.ANSWER_XML)
                clock[0] += dt.timedelta(minutes=4)
                assert (await watcher.poll()).fetched == 0
                clock[0] += dt.timedelta(minutes=2)
                assert (await watcher.poll()).fetched == 1
                cursor = await database.run(publications.cursor)
                assert cursor.since == "2025-02-09"
                assert await database.run(publications.counts) == {"done": 4}
            finally:
                await database.close()
        assert [r.path for r in koop.requests].count(f"/{scenario.ANSWER_PUB}.xml") == 2


def test_a_question_publication_names_its_case_by_its_id(
    sources: Sources, capsys: pytest.CaptureFixture
) -> None:
    """A kv-tk publication whose XML names no metadata record, without metadata.xml: its id
    (kv-tk-<zaaknummer>) names the case; one question_filed."""
    root = etree.fromstring(scenario.question_xml())
    for element in root.findall("metadata"):
        root.remove(element)
    sources.koop.add(scenario.QUESTION_PUB, xml=etree.tostring(root))
    code, out = poll(capsys)
    assert code == 0 and "events: question_filed 1" in out, out
    case = case_json(capsys)
    assert case["status"] == "open" and [q["number"] for q in case["qa"]] == [1, 2, 3, 4]


async def test_an_unreadable_publication_is_given_up_and_a_failing_metadata_left_out(
    tmp_path: Path,
) -> None:
    """A listed publication whose XML is no Kamervragen (a Gemeenteblad) is retried with
    backoff and given up after 12 tries, said in the summary; a metadata record that answers
    500 is left out and the publication still stored."""
    clock = [dt.datetime(2025, 2, 12, 9, 0, tzinfo=dt.UTC)]
    database = DatabaseThread(tmp_path / "k.db")
    with KoopServer() as koop:
        koop.add("ah-tk-20242025-5", xml=(DATA / "koop" / "REAL_op_gmb.xml").read_bytes())
        koop.add(scenario.ANSWER_PUB, xml=scenario.ANSWER_XML, vraagnummer=scenario.ZAAK)
        koop.fail_next(2, status=500, prefix=f"/{scenario.ANSWER_PUB}/metadata.xml")
        sources = PublicationSources(koop.origin, koop.sru_url, None)
        async with make_client(timeout=2) as client:
            watcher = PublicationWatcher(
                database, Fetcher(client, attempts=2, base_delay=0), sources, now=lambda: clock[0]
            )
            try:
                first = await watcher.poll()
                assert (first.fetched, first.retrying, first.events["answered"]) == (1, 1, 1)
                summaries = []
                for _ in range(11):
                    clock[0] += dt.timedelta(hours=7)  # past every backoff
                    summaries.append(await watcher.poll())
                assert any("ah-tk-20242025-5: gave up" in e for e in summaries[-1].errors)
                assert await database.run(publications.counts) == {"done": 1, "gave_up": 1}
            finally:
                await database.close()
