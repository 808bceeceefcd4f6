"""`kamervragen console`: chat with the bot in a terminal, without Telegram and without a token.

The same conversation core and rendering as on Telegram: type a command (`/case 2019Z15244`)
or a case reference, and the bot's messages are shown as plain text; the buttons of the last
answer are numbered, and typing a number presses one. `/quit` (or end of input) leaves.
"""

from __future__ import annotations

import dataclasses
from typing import TextIO

from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.turn import Incoming, Photo, Reply
from kamervragen.bot.rendering.html import Button, Message
from kamervragen.bot.rendering.i18n import t
from kamervragen.core.text import plain_text

CONSOLE_CHAT = 1  # the console is one private chat with one user
PROMPT = "> "
QUIT = frozenset({"/quit", "/exit", "quit", "exit"})


def show(message: Message, buttons: list[Button], out: TextIO) -> None:
    """Print one message and its buttons, numbering them after those already listed."""
    out.write(plain_text(message.text, show_urls=True) + "\n")
    for row in message.buttons:
        labels = []
        for button in row:
            buttons.append(button)
            target = f" → {button.url}" if button.url else ""
            labels.append(f"[{len(buttons)}] {button.label}{target}")
        out.write("    " + "   ".join(labels) + "\n")


def photo_line(photo: Photo, lang: str) -> str:
    """[chart: a 800×480 pixel PNG, 14028 bytes]"""
    width = int.from_bytes(photo.png[16:20], "big")  # the PNG's IHDR chunk
    height = int.from_bytes(photo.png[20:24], "big")
    return t(lang, "console.photo", width=width, height=height, size=len(photo.png))


def show_reply(reply: Reply, lang: str, out: TextIO) -> list[Button]:
    """Print a reply (toast, edited message, new messages); the buttons now pressable."""
    buttons: list[Button] = []
    if reply.toast:
        out.write(f"» {reply.toast}\n")
    if reply.photo is not None:  # a terminal shows the caption and what the picture is
        out.write(photo_line(reply.photo, lang) + "\n")
        if reply.photo.caption:
            out.write(plain_text(reply.photo.caption) + "\n\n")
    if reply.edit is not None:
        out.write(f"{t(lang, 'console.updated')}\n")
        show(reply.edit, buttons, out)
    for index, message in enumerate(reply.messages):
        if index or reply.edit is not None:
            out.write("\n")
        show(message, buttons, out)
    return buttons


async def repl(
    conversation: Conversation, stdin: TextIO, stdout: TextIO, *, language_code: str = "en"
) -> None:
    """Read commands and numbers from stdin until /quit or end of input; answer on stdout."""
    lang = conversation.language_for(CONSOLE_CHAT, language_code)
    stdout.write(t(lang, "console.welcome") + "\n")
    buttons: list[Button] = []
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            return
        line = line.strip()
        if line.lower() in QUIT:
            return
        if not line:
            continue
        incoming = Incoming(CONSOLE_CHAT, user_id=CONSOLE_CHAT, language_code=language_code)
        if line.isdigit() and buttons:
            number = int(line)
            if not 1 <= number <= len(buttons):
                stdout.write(t(lang, "console.no_button", count=len(buttons)) + "\n")
                continue
            button = buttons[number - 1]
            if button.url:
                stdout.write(f"{button.url}\n")
                continue
            incoming = dataclasses.replace(incoming, callback_data=button.callback_data)
        else:
            incoming = dataclasses.replace(incoming, text=line)
        reply = await conversation.handle(incoming)
        lang = conversation.language_for(CONSOLE_CHAT, language_code)
        shown = show_reply(reply, lang, stdout)
        if shown or reply.edit is not None or reply.messages:
            buttons = shown
