"""Slack, with Slack's signing secret checked and every choice shown as a button.

Rasa 3.6's Slack channel checks the signature (kept here) but answers a bad one with 400 after
parsing the request; here a request without a valid signature gets 403 before anything else.
Rasa also drops every button when a message has more than 5 (the general menu has 10), leaving
a family with no way to choose; here the buttons go in rows of at most 5.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from channels.payloads import PayloadChecker
from channels.platform import SendFailuresLogged, api_address, asking_to_try_again, refuse_unless

SLACK_API = "https://www.slack.com/api/"
BUTTONS_PER_ROW = 5


class SlackButtonsOutput(SendFailuresLogged, SlackBot):
    platform = "Slack"

    def __init__(self, token: str, slack_channel: str | None, thread_id: str | None, proxy: str | None, api_base: str):
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_base)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": text}}]
        blocks += [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": b["title"]}, "value": b["payload"]}
                    for b in row
                ],
            }
            for row in rows
        ]
        await self._post_message(channel=self.slack_channel or recipient_id, text=text, blocks=blocks)


class SlackSignedInput(SlackInput):
    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.payloads = PayloadChecker.from_domain()
        # Only tests point this elsewhere (a local stand-in for Slack's Web API).
        self.api_base = api_address("SLACK_API_BASE_URL", SLACK_API)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackButtonsOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_base)

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        # Button values are payloads and pass as they are; typed "/..." text is read as words.
        return await super().process_message(
            request, on_new_message, self.payloads.clean(text or ""), sender_id, metadata
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(asking_to_try_again("Slack", on_new_message))
        refuse_unless(webhook, self.is_request_from_slack_authentic, "Slack")
        return webhook
