"""Telegram, with the webhook's secret token checked and choices as real buttons.

Rasa 3.6's Telegram channel "verifies" an update by asking Telegram for the bot's name on every
message (network on every message, and anyone who knows the name passes), registers the webhook
each time the channel is built, and puts all buttons in one row. This channel:
- rejects (403) any update without the secret token Telegram sends in the
  `X-Telegram-Bot-Api-Secret-Token` header (set when the webhook is registered: see README);
- makes no call to Telegram at start-up or to check an update;
- shows each choice as its own button, one under another, readable on a phone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.payloads import PayloadChecker
from channels.platform import (
    SendFailuresLogged,
    api_address,
    asking_to_try_again,
    matches_secret,
    refuse_unless,
    webhook_blueprint,
)

logger = logging.getLogger(__name__)

TELEGRAM_API = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramButtonsOutput(SendFailuresLogged, TelegramOutput):
    platform = "Telegram"

    def __init__(self, access_token: str, api_base: str = TELEGRAM_API):
        # TelegramOutput's own __init__ passes only the token; the API address is passed here too.
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_base))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        keyboard = InlineKeyboardMarkup()
        for button in buttons:
            keyboard.row(InlineKeyboardButton(button["title"], callback_data=button["payload"]))
        await self.send_message(recipient_id, text, reply_markup=keyboard)


class TelegramSecretInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            access_token=credentials["access_token"],
            secret_token=credentials["secret_token"],
            # Only tests point this elsewhere (a local stand-in for Telegram's API).
            api_base=api_address("TELEGRAM_API_BASE_URL", TELEGRAM_API),
        )

    def __init__(self, access_token: str, secret_token: str, api_base: str = TELEGRAM_API):
        self.access_token = access_token
        self.secret_token = secret_token
        self.api_base = api_base
        self.payloads = PayloadChecker.from_domain()

    def get_output_channel(self) -> OutputChannel:
        return TelegramButtonsOutput(self.access_token, self.api_base)

    def is_from_telegram(self, request: Request) -> bool:
        return matches_secret(request.headers.get(SECRET_HEADER, ""), self.secret_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("telegram_secret_webhook")
        on_new_message = asking_to_try_again("Telegram", on_new_message)
        refuse_unless(webhook, self.is_from_telegram, "Telegram")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            try:
                update = Update(**(request.json or {}))
            except Exception:
                return response.text("")
            if update.callback_query is not None and update.callback_query.message is not None:
                chat, text = update.callback_query.message.chat, update.callback_query.data  # a button: its payload
            else:
                message = update.message or update.edited_message
                if message is None or message.text is None:
                    return response.text("")  # photos, stickers, locations: nothing to read
                chat, text = message.chat, self.payloads.clean(message.text)  # /start, /help: COMMANDS
            output = self.get_output_channel()
            try:
                await on_new_message(UserMessage(text, output, str(chat.id), input_channel=self.name()))
            finally:
                await output.close()
            return response.text("")

        return webhook
