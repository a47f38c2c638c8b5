"""Facebook Messenger, with Meta's signature checked and every choice reachable.

Rasa 3.6's Facebook channel answers a request with a bad signature "not validated" with status
200, lets the request pick the hash, drops all buttons when a message has more than 3 (the
general menu has 10), logs the content of messages it cannot read, and sends with a blocking
HTTP client. This channel:
- rejects (403) any request without a valid `X-Hub-Signature-256` (HMAC-SHA256 with the app
  secret), before anything else;
- numbers the choices in the text and offers the numbers as quick replies (Messenger cuts quick
  reply titles at 20 characters, too short for our choices); typing "2" works too;
- never logs what a family sent, and sends without blocking other conversations.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.choices import read_choice
from channels.payloads import PayloadChecker
from channels.platform import (
    api_address,
    asking_to_try_again,
    matches_secret,
    post_reply,
    refuse_unless,
    webhook_blueprint,
)
from channels.text_replies import numbered
from guide.content import load_content

logger = logging.getLogger(__name__)

GRAPH_API = "https://graph.facebook.com/v19.0"
MAX_QUICK_REPLIES = 13
MESSENGER_TEXT_LIMIT = 2000


class MessengerOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(self, page_access_token: str, api_base: str, choices_lead: str):
        self.page_access_token = page_access_token
        self.api_base = api_base.rstrip("/")
        self.choices_lead = choices_lead

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._send(recipient_id, {"text": part[:MESSENGER_TEXT_LIMIT]})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        body = numbered(text, [b["title"] for b in buttons], self.choices_lead)
        quick = [
            {"content_type": "text", "title": str(n), "payload": b["payload"]}
            for n, b in enumerate(buttons[:MAX_QUICK_REPLIES], start=1)
        ]
        await self._send(recipient_id, {"text": body[:MESSENGER_TEXT_LIMIT], "quick_replies": quick})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        logger.warning("The Messenger channel does not send custom JSON messages; one was skipped.")

    async def _send(self, recipient_id: str, message: dict[str, Any]) -> None:
        payload = {"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message}
        await post_reply(
            "Messenger", f"{self.api_base}/me/messages", params={"access_token": self.page_access_token}, json=payload
        )


class MessengerInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["verify"],
            credentials["secret"],
            credentials["page-access-token"],
            # Only tests point this elsewhere (a local stand-in for the Graph API).
            api_address("FACEBOOK_API_BASE_URL", GRAPH_API),
        )

    def __init__(self, verify: str, secret: str, page_access_token: str, api_base: str = GRAPH_API):
        self.verify = verify
        self.secret = secret
        self.page_access_token = page_access_token
        self.api_base = api_base
        self.payloads = PayloadChecker.from_domain()
        self.choices_lead = load_content().say("reply_with_number")

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.page_access_token, self.api_base, self.choices_lead)

    def is_from_meta(self, request: Request) -> bool:
        signature = request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + hmac.new(self.secret.encode(), request.body, hashlib.sha256).hexdigest()
        return bool(self.secret) and matches_secret(signature, expected)

    @staticmethod
    def _what_was_sent(event: dict[str, Any]) -> tuple[str | None, bool]:
        """The text or payload of one messaging event, and whether it is a payload we sent."""
        message = event.get("message") or {}
        if message.get("is_echo"):
            return None, False
        if (message.get("quick_reply") or {}).get("payload"):
            return message["quick_reply"]["payload"], True
        if (event.get("postback") or {}).get("payload"):
            return event["postback"]["payload"], True
        text = message.get("text")
        return (text, False) if isinstance(text, str) else (None, False)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("messenger_webhook")
        on_new_message = asking_to_try_again("Messenger", on_new_message)

        @webhook.route("/webhook", methods=["GET"])
        async def verification(request: Request) -> HTTPResponse:
            # Meta's one-off check when the webhook is registered.
            if matches_secret(request.args.get("hub.verify_token") or "", self.verify):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("", status=403)

        refuse_unless(webhook, self.is_from_meta, "Messenger")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            agent = getattr(request.app.ctx, "agent", None)
            for entry in body.get("entry") or []:
                for event in entry.get("messaging") or []:
                    sender = str((event.get("sender") or {}).get("id") or "")
                    text, is_payload = self._what_was_sent(event)
                    if not sender or text is None:
                        continue  # stickers, photos, read receipts: nothing to read
                    if not is_payload:
                        text = await read_choice(agent, sender, self.payloads.clean(text))
                    await on_new_message(
                        UserMessage(text, self.get_output_channel(), sender, input_channel=self.name())
                    )
            return response.text("EVENT_RECEIVED")

        return webhook
