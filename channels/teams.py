"""Microsoft Teams through Azure Bot Service (Rasa's "botframework" channel), with Microsoft's
token checked fully and choices as working buttons.

Rasa 3.6's Bot Framework channel checks the token's signature and audience but not its issuer
or that the `serviceUrl` it names is where replies go, sends buttons without the `type` Teams
needs (so they do nothing), fetches Microsoft's keys at start-up (so with no network the server
cannot start) and sends with a blocking HTTP client. This channel:
- rejects (403) any request whose token is not signed by Microsoft's current keys, issued by
  https://api.botframework.com, for this bot's app id, and for the activity's serviceUrl;
- shows choices on a hero card as messageBack buttons: the family sees the title as their
  reply, the assistant receives the payload;
- fetches keys when first needed, daily, and when a token names a key not seen yet (Microsoft
  has rotated its keys), at most once a minute, and fetches and sends without blocking other
  conversations;
- reads typed "/..." text as words, as the REST channel does.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BEARER_REGEX, BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.payloads import PayloadChecker
from channels.platform import (
    SEND_TIMEOUT_SECONDS,
    api_address,
    asking_to_try_again,
    post_reply,
    refuse_unless,
    webhook_blueprint,
)

logger = logging.getLogger(__name__)

OPENID_CONFIG = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
ISSUER = "https://api.botframework.com"
KEYS_MAX_AGE = datetime.timedelta(days=1)
KEY_FETCH_INTERVAL = datetime.timedelta(minutes=1)
KEY_FETCH_TIMEOUT_SECONDS = 10


def _settings() -> tuple[str, str]:
    # Only tests point these elsewhere (a local stand-in for Microsoft's login service).
    return api_address("BOTFRAMEWORK_OPENID_URL", OPENID_CONFIG), api_address("BOTFRAMEWORK_TOKEN_URL", TOKEN_URL)


class TeamsOutput(BotFramework):
    _token: str | None = None
    _token_expires = datetime.datetime.min

    async def _get_headers(self) -> dict[str, Any] | None:
        if TeamsOutput._token is None or TeamsOutput._token_expires < datetime.datetime.now():
            form = {
                "client_id": self.app_id,
                "client_secret": self.app_password,
                "grant_type": "client_credentials",
                "scope": "https://api.botframework.com/.default",
            }
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=SEND_TIMEOUT_SECONDS)) as session:
                async with session.post(_settings()[1], data=form) as reply:
                    if reply.status != 200:
                        logger.error(f"Could not get a Bot Framework token (HTTP {reply.status}).")
                        return None
                    token = await reply.json(content_type=None)
            TeamsOutput._token = token["access_token"]
            TeamsOutput._token_expires = datetime.datetime.now() + datetime.timedelta(
                seconds=int(token["expires_in"]) - 60
            )
        return {"content-type": "application/json", "Authorization": f"Bearer {TeamsOutput._token}"}

    async def send(self, message_data: dict[str, Any]) -> None:
        try:
            headers = await self._get_headers()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error(f"Could not get a Bot Framework token: {type(error).__name__}.")
            return
        if headers is not None:
            url = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
            await post_reply("the Bot Framework", url, headers=headers, data=json.dumps(message_data))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        card_buttons = [
            {"type": "messageBack", "title": b["title"], "displayText": b["title"], "text": b["payload"]}
            for b in buttons
        ]
        card = {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"text": text, "buttons": card_buttons},
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))


class TeamsInput(BotFrameworkInput):
    @classmethod
    def name(cls) -> str:
        return "botframework"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials["app_id"], credentials["app_password"])

    def __init__(self, app_id: str, app_password: str):
        # Not BotFrameworkInput.__init__: it fetches Microsoft's keys at once, and fails with no network.
        self.app_id = app_id
        self.app_password = app_password
        self.jwt_keys: dict[str, Any] = {}
        self.jwt_update_time = datetime.datetime.fromtimestamp(0)
        self.last_key_fetch = datetime.datetime.fromtimestamp(0)
        self.key_fetch_lock = asyncio.Lock()
        self.payloads = PayloadChecker.from_domain()

    async def _fetch_keys(self) -> None:
        # Without blocking: every other conversation on this server goes on while this waits.
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=KEY_FETCH_TIMEOUT_SECONDS)) as session:
            async with session.get(_settings()[0]) as reply:
                reply.raise_for_status()
                config = await reply.json(content_type=None)
            async with session.get(config["jwks_uri"]) as reply:
                reply.raise_for_status()
                keys = await reply.json(content_type=None)
        self.jwt_keys = {key["kid"]: key for key in keys["keys"]}
        self.jwt_update_time = datetime.datetime.now()

    async def _key(self, key_id: str | None) -> dict[str, Any] | None:
        """Microsoft's signing key with this id. The keys are fetched again once a day, and sooner
        for an id not seen yet (a new key); at most once a minute, so a stream of made-up ids or
        an unreachable Microsoft does not mean a fetch for every request."""
        async with self.key_fetch_lock:
            now = datetime.datetime.now()
            wanted = key_id not in self.jwt_keys or now - self.jwt_update_time > KEYS_MAX_AGE
            if wanted and now - self.last_key_fetch > KEY_FETCH_INTERVAL:
                self.last_key_fetch = now
                try:
                    await self._fetch_keys()
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError, TypeError):
                    logger.warning("Could not fetch the Bot Framework's signing keys.")
        return self.jwt_keys.get(key_id)

    async def token_claims(self, auth_header: str) -> dict[str, Any] | None:
        """The token's claims if Microsoft signed it for this bot; None otherwise."""
        match = BEARER_REGEX.match(auth_header or "")
        if not match:
            return None
        try:
            token = match.group(1)
            key = await self._key(jwt.get_unverified_header(token).get("kid"))
            if key is None:
                return None
            return jwt.decode(
                token, key=RSAAlgorithm.from_jwk(key), algorithms=["RS256"], audience=self.app_id, issuer=ISSUER
            )
        except jwt.PyJWTError:
            return None

    async def is_from_microsoft(self, request: Request) -> bool:
        claims = await self.token_claims(request.headers.get("Authorization", ""))
        activity = request.json if isinstance(request.json, dict) else {}
        # Replies go to serviceUrl with the bot's own token: it must be the one Microsoft vouched for.
        return (
            claims is not None
            and bool(activity.get("serviceUrl"))
            and claims.get("serviceUrl") == activity["serviceUrl"]
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("teams_webhook")
        on_new_message = asking_to_try_again("Teams", on_new_message)

        refuse_unless(webhook, self.is_from_microsoft, "Bot Framework")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            activity = request.json if isinstance(request.json, dict) else {}
            text = activity.get("text")
            if activity.get("type") != "message" or not isinstance(text, str) or not activity.get("from", {}).get("id"):
                return response.text("")  # typing indicators, members added, reactions: nothing to read
            output = TeamsOutput(
                self.app_id, self.app_password, activity["conversation"], activity["recipient"], activity["serviceUrl"]
            )
            await on_new_message(
                UserMessage(self.payloads.clean(text), output, activity["from"]["id"], input_channel=self.name())
            )
            return response.text("")

        return webhook
