"""SMS and WhatsApp through Twilio, with Twilio's signature checked and replies that read well
as text.

Rasa 3.6's Twilio channel does not check `X-Twilio-Signature`, sends each button as its own SMS
with the raw payload ("0: Yes (/affirm)"), and sends with a blocking HTTP client. This channel:
- rejects (403) any request whose signature is missing or wrong, before the assistant sees it;
- numbers the choices in one message ("Reply with a number: 1. Yes  2. No, something else")
  and reads "2", "two" or "the second one" as that choice;
- sends one turn as few SMS as it can: everything the assistant says in reply to one message is
  joined, in order, and split only where it must, at sentence ends, into parts of at most 600
  characters (Rasa sent each message, and each paragraph of it, as its own SMS: 16 for 6 turns);
- sends through Twilio's REST API without blocking other families' conversations.
A message sent from WhatsApp ("whatsapp:+44...") is answered on WhatsApp.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels.choices import read_choice
from channels.payloads import PayloadChecker
from channels.platform import api_address, asking_to_try_again, post_reply, refuse_unless, webhook_blueprint
from channels.text_replies import numbered, sms_parts
from guide.content import load_content

logger = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"


class TwilioTextOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(self, account_sid: str, auth_token: str, number: str, api_base: str, choices_lead: str):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.number = number
        self.api_base = api_base.rstrip("/")
        self.choices_lead = choices_lead
        self.turn: list[str] = []  # what the assistant has said in reply to the message being handled

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # Kept until the turn is over (send_turn), so that the turn goes as few SMS as it can.
        if text.strip():
            self.turn.append(text.strip())

    async def send_turn(self, recipient_id: str) -> None:
        said, self.turn = "\n\n".join(self.turn), []
        for part in sms_parts(said):
            await self._send(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(
            recipient_id, numbered(text, [button["title"] for button in buttons], self.choices_lead)
        )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        logger.warning("The Twilio channel does not send custom JSON messages; one was skipped.")

    async def _send(self, recipient_id: str, body: str) -> None:
        sender = self.number
        if recipient_id.startswith("whatsapp:") and not sender.startswith("whatsapp:"):
            sender = "whatsapp:" + sender
        url = f"{self.api_base}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        await post_reply(
            "Twilio",
            url,
            data={"To": recipient_id, "From": sender, "Body": body},
            auth=aiohttp.BasicAuth(self.account_sid, self.auth_token),
        )


class TwilioTextInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            account_sid=credentials["account_sid"],
            auth_token=credentials["auth_token"],
            number=credentials["twilio_number"],
            webhook_url=credentials.get("webhook_url") or "",
            # Only tests point this elsewhere (a local stand-in for Twilio's API).
            api_base=api_address("TWILIO_API_BASE_URL", TWILIO_API),
        )

    def __init__(
        self, account_sid: str, auth_token: str, number: str, webhook_url: str = "", api_base: str = TWILIO_API
    ):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.number = number
        self.webhook_url = webhook_url
        self.api_base = api_base
        self.validator = RequestValidator(auth_token)
        self.payloads = PayloadChecker.from_domain()
        self.choices_lead = load_content().say("reply_with_number")

    def get_output_channel(self) -> TwilioTextOutput:
        return TwilioTextOutput(self.account_sid, self.auth_token, self.number, self.api_base, self.choices_lead)

    def is_from_twilio(self, request: Request) -> bool:
        """Twilio signs the URL it called and the form it posted with the account's auth token."""
        signature = request.headers.get("X-Twilio-Signature", "")
        form = {key: values[0] for key, values in request.form.items()}
        # Behind a proxy the URL Twilio called is the public one, not the one this server sees.
        return (
            bool(signature)
            and bool(self.auth_token)
            and self.validator.validate(self.webhook_url or request.url, form, signature)
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("twilio_text_webhook")
        on_new_message = asking_to_try_again("Twilio", on_new_message)
        refuse_unless(webhook, self.is_from_twilio, "Twilio")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            sender, text = request.form.get("From"), request.form.get("Body")
            if not sender or text is None:
                return response.text("", status=204)
            text = await read_choice(getattr(request.app.ctx, "agent", None), sender, self.payloads.clean(text))
            output = self.get_output_channel()
            try:
                await on_new_message(UserMessage(text, output, sender, input_channel=self.name()))
            finally:
                await output.send_turn(sender)
            return response.text("", status=204)

        return webhook
