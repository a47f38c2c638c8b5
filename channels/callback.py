"""The callback channel, for a council's own system: it posts a family's message to
/webhooks/callback/webhook and receives the replies, as JSON, at its own URL.

Rasa 3.6's callback channel accepts a message from anyone who can reach the URL and then sends
the replies to the council's system, so a stranger could start conversations in the council's
name. Here every request must carry `Authorization: Bearer <CALLBACK_TOKEN>` (403 otherwise),
and messages are read as safely as on the REST channel.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.callback import CallbackInput
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.utils.endpoints import EndpointConfig
from sanic import Blueprint
from sanic.request import Request

from channels.payloads import PayloadChecker, SafeRestRequests
from channels.platform import asking_to_try_again, matches_secret, refuse_unless


class PrivateCallbackInput(SafeRestRequests, CallbackInput):
    @classmethod
    def name(cls) -> str:
        return "callback"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(EndpointConfig(credentials["url"]), credentials["token"])

    def __init__(self, endpoint: EndpointConfig, token: str):
        super().__init__(endpoint)
        self.token = token
        self.payloads = PayloadChecker.from_domain()

    def is_from_council_system(self, request: Request) -> bool:
        return bool(self.token) and matches_secret(request.headers.get("Authorization", ""), f"Bearer {self.token}")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(asking_to_try_again("callback", on_new_message))
        refuse_unless(webhook, self.is_from_council_system, "callback")
        return webhook
