"""/start, /help and the command menu: what the bot can do, with examples, in each language."""

from __future__ import annotations

from kamervragen.bot.rendering.html import Message, bold, escape, italic
from kamervragen.bot.rendering.i18n import t

COMMANDS: tuple[str, ...] = (
    "start",
    "help",
    "subscribe",
    "unsubscribe",
    "list",
    "case",
    "follow",
    "unfollow",
    "search",
    "recent",
    "overdue",
    "stats",
    "settings",
    "language",
)
EXAMPLES = {
    "subscribe": "/subscribe export control",
    "unsubscribe": "/unsubscribe export control",
    "case": "/case 2019Z15244",
    "follow": "/follow 2019Z15244",
    "unfollow": "/unfollow 2019Z15244",
    "search": "/search stikstof OR ammoniak",
    "language": "/language nl",
    "overdue": "/overdue BZ",
    "stats": "/stats party 6m",
}
QUERY_EXAMPLES = (
    ("near", "export control"),
    ("phrase", '"predictive policing"'),
    ("prefix", "cyber*"),
    ("or", "stikstof OR ammoniak"),
    ("not", "stikstof -Groningen"),
    ("party", "party:D66"),
)


def command_menu(lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands."""
    return [(name, t(lang, f"cmd.{name}")) for name in COMMANDS]


def start(lang: str) -> Message:
    """What the bot does, and three commands to try."""
    subscribe = "/subscribe exportcontrole" if lang == "nl" else "/subscribe export control"
    examples = [
        (subscribe, "start.example.subscribe"),
        ("/case 2019Z15244", "start.example.case"),
        ("/search stikstof", "start.example.search"),
    ]
    lines = [f"👋 {bold(t(lang, 'start.title'))}", "", escape(t(lang, "start.text")), ""]
    lines.append(escape(t(lang, "start.try")))
    lines += [f"• <code>{escape(cmd)}</code> — {escape(t(lang, key))}" for cmd, key in examples]
    lines += ["", escape(t(lang, "start.dutch")), escape(t(lang, "start.more"))]
    return Message("\n".join(lines))


def help_text(lang: str) -> Message:
    """Every command with an example, and the query language in brief."""
    lines = [bold(t(lang, "help.title"))]
    for name in COMMANDS:
        example = EXAMPLES.get(name, f"/{name}")
        if lang == "nl" and name in ("subscribe", "unsubscribe"):
            example = example.replace("export control", "exportcontrole")
        lines.append(f"<code>{escape(example)}</code> — {escape(t(lang, f'help.{name}'))}")
    lines += ["", bold(t(lang, "help.queries"))]
    lines += [
        f"<code>{escape(q)}</code> — {escape(t(lang, f'help.query.{k}'))}"
        for k, q in QUERY_EXAMPLES
    ]
    lines += ["", escape(t(lang, "start.dutch")), italic(t(lang, "help.groups"))]
    return Message("\n".join(lines))
