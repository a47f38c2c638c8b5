"""The REST channel (POST /webhooks/rest/webhook), made safe for what families type.

Requests are read as channels/payloads.py says: only real payloads pass as payloads, and every
family gets its own conversation. If a message cannot be handled (the lock store or database is
down), Rasa logs the family's words at ERROR and answers 200 with no reply; here the answer is 503
with a short explanation, so the widget gives the family their words back and offers to try
again, and the log says only what kind of fault it was.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import rasa_tuning
from channels.payloads import PayloadChecker, SafeRestRequests
from channels.platform import try_again_text, webhook_blueprint

logger = logging.getLogger(__name__)


class PrivateRestInput(SafeRestRequests, RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # same URL as Rasa's own REST channel: /webhooks/rest/webhook

    def __init__(self) -> None:
        self.payloads = PayloadChecker.from_domain()
        if not rasa_tuning.installed():
            logger.warning(
                "Rasa was started without this project's changes (start it with `python -m rasa_tuning run`): "
                "no apology when the action server is down, and a database fault may lose a conversation."
            )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint(f"custom_webhook_{type(self).__name__}")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            message = UserMessage(
                self._extract_message(request),
                collector,
                await self._extract_sender(request),
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - any fault gets the same clear answer
                # The type only: a database error's own text can quote the family's message.
                logger.error(
                    "A message could not be handled (%s); asked the family to try again.", type(error).__name__
                )
                logger.debug("The fault in full.", exc_info=True)
                return response.json({"error": "unavailable", "message": try_again_text()}, status=503)
            return response.json(collector.messages)

        return webhook
