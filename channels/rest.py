"""The REST channel (POST /webhooks/rest/webhook), made safe for what families type.

Rasa reads any message starting with "/" as a button payload ("/intent{...}"). When the rest is
not a payload it knows, it logs the family's words as a warning. So only payloads naming a
domain intent (with known entities) pass as they are; any other "/..." message is read as words.
If a message cannot be handled (the lock store or database is down), Rasa logs the family's
words at ERROR and answers 200 with no reply; here the answer is 503 with a short explanation,
so the widget gives the family their words back and offers to try again, and the log says only
what kind of fault it was.
A request without a sender id gets a fresh random one: Rasa's fallback, a shared "default"
conversation, would let one family see another's. Sender ids are kept apart from other channels'
by a "rest:" prefix, so nobody can reach an SMS or Telegram conversation through this webhook.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.constants import DEFAULT_INTENTS
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import rasa_tuning
from channels.platform import try_again_text, webhook_blueprint

# Rasa imports this module whenever it starts a server with our credentials.yml.
rasa_tuning.install()

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?", re.DOTALL)
MAX_SENDER_LENGTH = 128

logger = logging.getLogger(__name__)


class PayloadChecker:
    def __init__(self, intents: set[str], entities: set[str]):
        self.intents = intents
        self.entities = entities

    @classmethod
    def from_domain(cls, path: Path = DOMAIN) -> PayloadChecker:
        domain = yaml.safe_load(path.read_text())
        return cls(set(domain.get("intents", [])) | set(DEFAULT_INTENTS), set(domain.get("entities", [])))

    def is_payload(self, text: str) -> bool:
        match = PAYLOAD.fullmatch(text)
        if not match or match["intent"] not in self.intents:
            return False
        if match["entities"] is None:
            return True
        try:
            entities = json.loads(match["entities"])
        except ValueError:
            return False
        return isinstance(entities, dict) and set(entities) <= self.entities and all(isinstance(v, str) for v in entities.values())

    def clean(self, text: str) -> str:
        stripped = text.strip()
        if not stripped.startswith("/") or self.is_payload(stripped):
            return text
        return stripped.lstrip("/").strip()


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json
    except Exception:  # a body that is not JSON at all
        return {}
    return body if isinstance(body, dict) else {}


class SafeRestRequests:
    """How the REST and callback channels read a request: only real payloads pass as payloads,
    and a request without a sender id gets its own new conversation."""

    payloads: PayloadChecker

    async def _extract_sender(self, request: Request) -> str:
        # Prefixed with the channel's name: these webhooks take any sender id, so without it a
        # caller who knew a family's phone number could open their SMS conversation here.
        sender = _body(request).get("sender")
        if isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_LENGTH:
            return f"{self.name()}:{sender}"
        return f"{self.name()}:anonymous-" + uuid.uuid4().hex

    def _extract_message(self, request: Request) -> str:
        text = _body(request).get("message")
        return self.payloads.clean(text) if isinstance(text, str) else ""

    def _extract_input_channel(self, request: Request) -> str:
        channel = _body(request).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None


class PrivateRestInput(SafeRestRequests, RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # same URL as Rasa's own REST channel: /webhooks/rest/webhook

    def __init__(self) -> None:
        self.payloads = PayloadChecker.from_domain()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint(f"custom_webhook_{type(self).__name__}")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            message = UserMessage(self._extract_message(request), collector, await self._extract_sender(request),
                                  input_channel=self._extract_input_channel(request), metadata=self.get_metadata(request))
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - any fault gets the same clear answer
                # The type only: a database error's own text can quote the family's message.
                logger.error("A message could not be handled (%s); asked the family to try again.", type(error).__name__)
                logger.debug("The fault in full.", exc_info=True)
                return response.json({"error": "unavailable", "message": try_again_text()}, status=503)
            return response.json(collector.messages)

        return webhook
