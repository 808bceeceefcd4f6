"""The Telegram handlers: each turns an update into an `Incoming`, lets the conversation core
answer, and carries the `Reply` out with the Bot API. They hold no logic of their own."""

from __future__ import annotations

import contextlib
import logging

from telegram import (
    Bot,
    CallbackQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from kamervragen.bot.conversation.admin import AdminCache
from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.inline import CACHE_SECONDS, inline_cards
from kamervragen.bot.conversation.turn import AdminCheck, Incoming, Photo, Reply
from kamervragen.bot.rendering.html import Message as BotMessage
from kamervragen.bot.rendering.html import escape, inline_keyboard
from kamervragen.bot.rendering.i18n import language, t

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def conversation_of(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    """The conversation core, made in post_init."""
    return context.bot_data["conversation"]


def admins_of(context: ContextTypes.DEFAULT_TYPE) -> AdminCache:
    """The administrator cache, made in post_init."""
    return context.bot_data["admins"]


def thread_of(message: Message | None) -> int | None:
    """The forum topic a message is in (None outside forum topics)."""
    if message is None or message.message_thread_id is None:
        return None
    return message.message_thread_id if message.is_topic_message or message.chat.is_forum else None


def incoming_from(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    text: str | None = None,
    callback_data: str | None = None,
    message: Message | None = None,
) -> Incoming:
    """The transport-independent form of an update."""
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None  # every update routed here has a chat
    is_admin: bool | AdminCheck = False
    sender_chat = message.sender_chat if message is not None else None
    if sender_chat is not None and sender_chat.id == chat.id:
        is_admin = True  # an anonymous administrator writes as the group itself
    elif user is not None and chat.type in ("group", "supergroup"):
        admins, chat_id, user_id = admins_of(context), chat.id, user.id

        async def ask_telegram() -> bool:
            return await admins.is_admin(chat_id, user_id)

        is_admin = ask_telegram  # asked only if the command changes something
    return Incoming(
        chat_id=chat.id,
        chat_type=chat.type,
        user_id=user.id if user else None,
        language_code=user.language_code if user else None,
        thread_id=thread_of(message),
        text=text,
        callback_data=callback_data,
        is_admin=is_admin,
        chat_title=chat.title,
    )


async def send(
    bot: Bot, chat_id: int, thread_id: int | None, messages: tuple[BotMessage, ...]
) -> None:
    """Send messages in order, HTML, without link previews, into the forum topic if any."""
    for message in messages:
        await bot.send_message(
            chat_id=chat_id,
            text=message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=inline_keyboard(message),
            link_preview_options=NO_PREVIEW if message.disable_preview else None,
            message_thread_id=thread_id,
        )


async def send_photo(bot: Bot, chat_id: int, thread_id: int | None, photo: Photo) -> None:
    """Upload a picture with its HTML caption, into the forum topic if any."""
    await bot.send_photo(
        chat_id=chat_id,
        photo=photo.png,
        caption=photo.caption or None,
        parse_mode=ParseMode.HTML,
        message_thread_id=thread_id,
    )


async def edit(query: CallbackQuery, message: BotMessage) -> None:
    """Replace the pressed message's text and buttons (an unchanged message is fine)."""
    try:
        await query.edit_message_text(
            text=message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=inline_keyboard(message),
            link_preview_options=NO_PREVIEW if message.disable_preview else None,
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise  # a double press redraws the same content: nothing to do


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command (in any chat or channel) or plain text (in a private chat)."""
    message = update.effective_message
    if message is None or not message.text or update.effective_chat is None:
        return
    incoming = incoming_from(update, context, text=message.text, message=message)
    reply = await conversation_of(context).handle(incoming)
    if reply.photo is not None:
        await send_photo(context.bot, incoming.chat_id, incoming.thread_id, reply.photo)
    await send(context.bot, incoming.chat_id, incoming.thread_id, reply.messages)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: the toast first, then the edit and any new messages."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    message = query.message if isinstance(query.message, Message) else None
    incoming = incoming_from(update, context, callback_data=query.data or "", message=message)
    reply: Reply = await conversation_of(context).handle(incoming)
    await query.answer(reply.toast, show_alert=reply.alert)
    if reply.edit is not None and message is not None:
        await edit(query, reply.edit)
    await send(context.bot, incoming.chat_id, incoming.thread_id, reply.messages)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot 2019Z15244` or `@bot stikstof` in any chat: case cards to send there."""
    query = update.inline_query
    if query is None:
        return
    conversation = conversation_of(context)
    lang = language(query.from_user.language_code)
    cards = await inline_cards(
        conversation.db,
        conversation.finder,
        query.query,
        lang,
        conversation.today(),
        bot_username=conversation.bot_username,
    )
    results = [
        InlineQueryResultArticle(
            id=card.id,
            title=card.title,
            description=card.description,
            input_message_content=InputTextMessageContent(
                card.message.text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            ),
            reply_markup=inline_keyboard(card.message),
        )
        for card in cards
    ]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first; then, for a message, tell the chat that something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    text = t(language(user.language_code if user else None), "error.generic")
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # already answered or too old: it is logged
            await update.callback_query.answer(text, show_alert=True)
        return
    try:
        thread = thread_of(update.effective_message)
        await send(context.bot, update.effective_chat.id, thread, (BotMessage(escape(text)),))
    except TelegramError as exc:
        log.warning("could not report the failure to chat %s: %s", update.effective_chat.id, exc)
