"""What every messaging channel does the same way: refuse a request that fails its platform's
check, and post a reply to the platform's API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import aiohttp
from sanic import Blueprint, response
from sanic.request import Request

logger = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10


def refuse_unless(webhook: Blueprint, is_genuine: Callable[[Request], bool], platform: str) -> None:
    """Answer 403 to any POST that fails the check, before the blueprint's own handlers see it."""

    @webhook.middleware("request")
    async def genuine_only(request: Request) -> Any:
        if request.method == "POST" and not is_genuine(request):
            logger.warning(f"Rejected a {platform} webhook request that failed its signature or token check.")
            return response.text("", status=403)
        return None


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
