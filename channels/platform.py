"""What every messaging channel does the same way: refuse a request that fails its platform's
check, post a reply to the platform's API, carry on when the platform refuses a reply, and ask
the family to send their message again when it cannot be handled."""

from __future__ import annotations

import asyncio
import hmac
import inspect
import logging
import os
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

import aiohttp
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from guide.content import load_content

logger = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10


def webhook_blueprint(name: str) -> Blueprint:
    """A channel's routes, starting with the health check every Rasa channel answers
    (GET /webhooks/<channel>/)."""
    webhook = Blueprint(name)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook


def refuse_unless(webhook: Blueprint, is_genuine: Callable[[Request], bool | Awaitable[bool]], platform: str) -> None:
    """Every channel's signature or token check goes through here: a POST that fails it gets 403,
    before the blueprint's own handlers see it. The check may be a coroutine (Teams fetches keys)."""

    @webhook.middleware("request")
    async def genuine_only(request: Request) -> Any:
        if request.method != "POST":
            return None
        genuine = is_genuine(request)
        if inspect.isawaitable(genuine):
            genuine = await genuine
        if not genuine:
            logger.warning(f"Rejected a {platform} webhook request that failed its signature or token check.")
            return response.text("", status=403)
        return None


def api_address(variable: str, real: str) -> str:
    """A platform's API address: the real one, unless the environment variable names another
    (the tests point every channel at a local stand-in, tests/fake_platforms.py)."""
    return os.environ.get(variable) or real


def matches_secret(given: str, secret: str) -> bool:
    """A shared secret, compared in constant time; an unset secret matches nothing."""
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


async def post_reply(platform: str, url: str, **request: Any) -> None:
    """POST one reply without blocking other conversations; log the status or error type only,
    never the reply (a platform's error text can quote the message)."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=SEND_TIMEOUT_SECONDS)) as session:
            async with session.post(url, **request) as reply:
                if reply.status >= 300:
                    logger.error(f"{platform} refused a message (HTTP {reply.status}).")
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        logger.error(f"Could not reach {platform} to send a message: {type(error).__name__}.")


class SendFailuresLogged:
    """For an output channel whose platform client raises when a send fails (Telegram, Slack).
    Raised, the error goes up through Rasa, which then does not save the turn: the family's next
    message would land in a conversation that has forgotten this one. Logged here instead, by
    type only (a platform's error text can quote the message), and the conversation goes on."""

    platform = "The platform"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        try:
            await super().send_response(recipient_id, message)
        except Exception as error:  # noqa: BLE001 - any refusal is logged the same way
            logger.error(f"{self.platform} did not take a message: {type(error).__name__}.")


@lru_cache(maxsize=1)
def try_again_text() -> str:
    return load_content().say("try_again")


def asking_to_try_again(
    platform: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[None]]:
    """Rasa's message handler, for a channel that answers its platform at once: if the message
    cannot be handled (the database or lock store is down), the family is told through the same
    channel to send it again, and the platform still gets its "received" answer. Otherwise the
    family would hear nothing, and some platforms would send the message again later, by which
    time the family may have moved on. The log says only what kind of fault it was."""

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - any fault gets the same answer
            logger.error(
                f"Could not handle a {platform} message ({type(error).__name__}); asked the family to send it again."
            )
            try:
                await message.output_channel.send_text_message(message.sender_id, try_again_text())
            except Exception as send_error:  # noqa: BLE001
                logger.error(f"Could not tell the family on {platform} to try again: {type(send_error).__name__}.")

    return handle
