"""What every channel needs to read a request safely, with no side effects on import.

PayloadChecker: Rasa reads any message starting with "/" as a button payload ("/intent{...}").
When the rest is not a payload it knows, it logs the family's words as a warning. So only payloads
naming a domain intent (with known entities) pass as they are; any other "/..." message is read as
words. The domain is read once, whichever channels are on.

SafeRestRequests: how the REST and callback channels read a request body. A request without a
sender id gets a fresh random one (Rasa's fallback, a shared "default" conversation, would let one
family see another's), and sender ids get the channel's name as a prefix, so nobody can reach an
SMS or Telegram conversation through these webhooks.
"""

from __future__ import annotations

import json
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa.shared.core.constants import DEFAULT_INTENTS
from sanic.request import Request

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_]+)(?P<entities>\{.*\})?", re.DOTALL)
MAX_SENDER_LENGTH = 128
# Commands messaging apps suggest, typed in any channel: what each means here. /start (Telegram's
# "Start" button) greets without forgetting where the family was, so "carry on" still works. So does
# Rasa's /session_start (chat widgets send it when they open), which would otherwise wipe the
# family's place without a word: Rasa starts sessions itself.
COMMANDS = {"/start": "/greet", "/help": "/ask_help", "/stop": "/goodbye", "/session_start": "/greet"}


class PayloadChecker:
    def __init__(self, intents: set[str], entities: set[str]):
        self.intents = intents
        self.entities = entities

    @classmethod
    def from_domain(cls) -> PayloadChecker:
        return _domain_payloads()

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
        return (
            isinstance(entities, dict)
            and set(entities) <= self.entities
            and all(isinstance(v, str) for v in entities.values())
        )

    def clean(self, text: str) -> str:
        stripped = text.strip()
        if stripped.lower() in COMMANDS:
            return COMMANDS[stripped.lower()]
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


@cache
def _domain_payloads() -> PayloadChecker:
    domain = yaml.safe_load(DOMAIN.read_text())
    return PayloadChecker(set(domain.get("intents", [])) | set(DEFAULT_INTENTS), set(domain.get("entities", [])))
