"""/stats as messages: the table (a photo's caption when it fits Telegram's 1,024 characters,
else a message of its own) and the chart, a PNG drawn with matplotlib's Agg backend.

`chart_png` is CPU work (a quarter of a second, and a second to import matplotlib the first
time): the conversation runs it in a worker (`core.offload.Workers`), never on the event loop.
It takes plain data so it can be sent to a worker process. matplotlib is imported inside it:
`kamervragen --help` and the bot's start do not pay for it.

The chart: one horizontal bar per group, the slowest median on top (the order of the table),
red when the median is past the 21-day term and blue when within it, a dashed line at 21 days,
and each group's on-time share written beside its bar. Its size is `chart_size(n)` pixels.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from kamervragen.bot.rendering.html import Message, bold, escape, italic, utf16_len, visible_text
from kamervragen.bot.rendering.i18n import format_date, t
from kamervragen.core.dates import ANSWER_DAYS
from kamervragen.core.ministries import MINISTRIES, OTHER
from kamervragen.core.stats import Figures

CAPTION_CHARS = 1024  # Telegram's limit for a photo's caption
WIDTH, ROW, MARGIN, DPI = 800, 36, 120, 100  # pixels: width, per bar, title and axis
LATE_COLOUR, ON_TIME_COLOUR = "#c0392b", "#2e86c1"


@dataclass(frozen=True)
class StatsReport:
    """Figures of a period: all sets, and per group (slowest first)."""

    since: dt.date
    until: dt.date  # the last day included
    total: Figures
    groups: Sequence[tuple[str, Figures]]
    scope_label: str = ""


def _days(lang: str, value: float | None) -> str:
    if value is None:
        return t(lang, "stats.unknown")
    number = f"{value:.1f}".removesuffix(".0")
    return t(lang, "stats.days", days=number)


def _pct(lang: str, value: float | None) -> str:
    return t(lang, "stats.unknown") if value is None else f"{value:.0f}%"


def _facts(lang: str, key: str, found: Figures) -> str:
    return t(
        lang,
        key,
        asked=found.asked,
        answered=found.answered,
        median=_days(lang, found.median_days),
        p90=_days(lang, found.p90_days),
        on_time=_pct(lang, found.on_time_pct),
        postponed=_pct(lang, found.postponed_pct),
        open=found.open,
        overdue=found.overdue,
    )


def group_label(lang: str, group: str) -> str:
    """A ministry's code with its name, a party as it is, "other" for the rest."""
    if group == OTHER:
        return t(lang, "stats.other")
    ministry = MINISTRIES.get(group)
    return f"{group} · {ministry.name}" if ministry else group


def title(lang: str, report: StatsReport) -> str:
    """ "📊 Answer times 1 June 2024 to 31 May 2025" (and the scope)."""
    since, until = format_date(lang, report.since), format_date(lang, report.until)
    if report.scope_label:
        return t(lang, "stats.title_scope", since=since, until=until, scope=report.scope_label)
    return t(lang, "stats.title", since=since, until=until)


def stats_table(lang: str, report: StatsReport) -> str:
    """The title, the totals and the figures of every group (HTML)."""
    lines = [bold(title(lang, report))]
    if report.total.asked == 0:
        return "\n".join([*lines, escape(t(lang, "stats.none"))])
    lines.append(escape(_facts(lang, "stats.total", report.total)))
    for group, found in report.groups:
        lines.append("")
        lines.append(bold(group_label(lang, group)))
        lines.append(escape(_facts(lang, "stats.group", found)))
    return "\n".join(lines)


def stats_messages(lang: str, report: StatsReport, *, chart: bool) -> tuple[str, list[Message]]:
    """The caption for the chart (HTML) and the messages to send with it: the table in the
    caption when it fits, else the totals there and the table as a message. Without a chart:
    no caption, the table as messages."""
    table = stats_table(lang, report)
    if not chart:
        return "", [Message(table)]
    if utf16_len(visible_text(table)) <= CAPTION_CHARS:
        return table, []
    head = "\n".join(
        [
            bold(title(lang, report)),
            escape(_facts(lang, "stats.total", report.total)),
            italic(t(lang, "stats.below")),
        ]
    )
    return head, [Message(table)]


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class ChartBar:
    """One bar: its label, the median days (None: no answer yet) and the on-time text."""

    label: str
    median: float | None
    note: str


def chart_bars(lang: str, report: StatsReport) -> list[ChartBar]:
    """The bars of a report's chart, in the table's order (slowest first)."""
    bars = []
    for group, found in report.groups:
        label = t(lang, "stats.other") if group == OTHER else group
        if found.median_days is None:
            note = t(lang, "stats.chart_none")
        else:
            note = t(lang, "stats.chart_on_time", pct=_pct(lang, found.on_time_pct))
        bars.append(ChartBar(label, found.median_days, note))
    return bars


def chart_size(bars: int) -> tuple[int, int]:
    """The chart's size in pixels for a number of bars."""
    return WIDTH, MARGIN + ROW * max(bars, 1)


def chart_png(bars: Sequence[ChartBar], heading: str, term_label: str) -> bytes:
    """The chart as PNG bytes (matplotlib, Agg backend; imported here, on first use)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = chart_size(len(bars))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.2, 60 / height, 0.72, 1 - 100 / height))
    positions = list(range(len(bars)))
    values = [bar.median or 0 for bar in bars]
    colours = [LATE_COLOUR if v > ANSWER_DAYS else ON_TIME_COLOUR for v in values]
    axes.barh(positions, values, color=colours, height=0.6)
    axes.set_yticks(positions, [bar.label for bar in bars])
    axes.invert_yaxis()  # the first (slowest) group on top
    longest = max([ANSWER_DAYS, *values])
    axes.set_xlim(0, longest * 1.35)
    axes.axvline(ANSWER_DAYS, color="#333333", linestyle="--", linewidth=1, label=term_label)
    for position, value, bar in zip(positions, values, bars, strict=True):
        axes.text(value + longest * 0.02, position, bar.note, va="center", fontsize=8)
    axes.set_title(heading, fontsize=11)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
