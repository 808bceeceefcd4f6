"""The optional Prometheus endpoint (`KAMERVRAGEN_METRICS_PORT`): what the running bot is doing.

    kamervragen_outbox_pending                      messages waiting to be sent
    kamervragen_outbox_failed                       deliveries that failed for good
    kamervragen_outbox_deliveries{status}           every delivery by status
    kamervragen_deliveries_sent_total               deliveries sent by this process
    kamervragen_messages_sent_total                 messages (parts) sent by this process
    kamervragen_telegram_429_total                  429 Too Many Requests answered to it
    kamervragen_source_last_success_timestamp_seconds{source}   the last success of a source
    kamervragen_source_last_success_age_seconds{source}         and how long ago it was
    kamervragen_source_failing{source}              1 while a source is failing
    kamervragen_events_total{kind}                  events recorded, by kind
    kamervragen_texts_pending                       texts still to be fetched
    kamervragen_publications_pending                officielebekendmakingen publications to fetch
    kamervragen_cases                               cases stored

The database figures are read at each scrape on a read-only connection of the scrape's own
thread; the sending figures come from the dispatcher of this process.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from kamervragen.storage.figures import read_figures

Counts = Callable[[], Mapping[str, int]]


class FiguresCollector(Collector):
    """Reads the figures when Prometheus scrapes."""

    def __init__(
        self,
        db_path: str,
        counts: Counts | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.db_path = db_path
        self.counts = counts or dict
        self.clock = clock

    def collect(self) -> Iterator[Any]:
        """Every metric of the module's docstring."""
        figures = read_figures(self.db_path)
        deliveries = figures.deliveries
        yield _gauge("outbox_pending", "Messages to send", deliveries.get("pending", 0))
        yield _gauge("outbox_failed", "Deliveries failed for good", deliveries.get("failed", 0))
        by_status = GaugeMetricFamily(
            "kamervragen_outbox_deliveries", "Deliveries by status", labels=["status"]
        )
        for status, n in sorted(deliveries.items()):
            by_status.add_metric([status], n)
        yield by_status
        counts = self.counts()
        for name, key, text in (
            ("deliveries_sent", "sent", "Deliveries sent by this process"),
            ("messages_sent", "messages", "Messages (parts) sent by this process"),
            ("telegram_429", "retry_after", "429 Too Many Requests answers from Telegram"),
        ):
            yield CounterMetricFamily(f"kamervragen_{name}", text, value=counts.get(key, 0))
        stamp = GaugeMetricFamily(
            "kamervragen_source_last_success_timestamp_seconds",
            "When a source last worked (Unix time)",
            labels=["source"],
        )
        age = GaugeMetricFamily(
            "kamervragen_source_last_success_age_seconds",
            "Seconds since a source last worked",
            labels=["source"],
        )
        failing = GaugeMetricFamily(
            "kamervragen_source_failing", "1 while a source is failing", labels=["source"]
        )
        now = self.clock()
        for source, last_success, is_failing in figures.sources:
            failing.add_metric([source], 1 if is_failing else 0)
            if last_success:
                moment = dt.datetime.fromisoformat(last_success)
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=dt.UTC)
                stamp.add_metric([source], moment.timestamp())
                age.add_metric([source], max(0.0, (now - moment).total_seconds()))
        yield from (stamp, age, failing)
        events = CounterMetricFamily(
            "kamervragen_events", "Events recorded, by kind", labels=["kind"]
        )
        for kind, n in sorted(figures.events.items()):
            events.add_metric([kind], n)
        yield events
        yield _gauge("texts_pending", "Texts still to be fetched", figures.texts_pending)
        yield _gauge(
            "publications_pending",
            "officielebekendmakingen publications still to be fetched",
            figures.publications_pending,
        )
        yield _gauge("cases", "Cases stored", figures.cases)


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"kamervragen_{name}", text, value=value)


@dataclass
class MetricsServer:
    """The endpoint's HTTP server, on its own thread; `close()` stops it."""

    server: Any
    thread: threading.Thread

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server.server_address[1])

    def close(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_metrics(
    port: int, listen: str, db_path: str, counts: Counts | None = None
) -> MetricsServer:
    """Serve /metrics on `listen`:`port` with the figures of the database at `db_path`."""
    registry = CollectorRegistry()
    registry.register(FiguresCollector(db_path, counts))
    server, thread = start_http_server(port, addr=listen, registry=registry)
    return MetricsServer(server, thread)
