"""When the action server cannot be reached, the family still gets a reply.

Rasa 3.6 logs the failure and carries on with no events, so the family sees nothing at all.
Here a custom action that fails to reach the action server (refused, reset, timed out, or an
error status) answers instead with a short apology and the contacts that help without the
assistant, from content/: safety first (999, the NSPCC, Childline), then the mediation provider,
the council's SEND team and SENDIASS. Rejections the
action server sends on purpose are left to Rasa, as before.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered
from rasa.shared.exceptions import RasaException

from guide.content import load_content
from guide.replies import contacts_block

logger = logging.getLogger(__name__)

_rasas_run = RemoteAction.run
REPLACES = [(RemoteAction, "run")]


@lru_cache(maxsize=1)
def apology() -> str:
    content = load_content()
    return "\n".join(
        [
            content.say("action_server_down"),
            content.say("action_server_down_safety"),
            contacts_block(content, ["emergency", "nspcc", "childline"]),
            content.say("action_server_down_help"),
            contacts_block(content, ["mediation_provider", "send_team", "sendiass"]),
        ]
    )


async def run_or_apologise(self: RemoteAction, *args: Any, **kwargs: Any) -> list:
    try:
        return await _rasas_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise
    except (RasaException, asyncio.TimeoutError) as error:
        logger.error(
            f"The action server did not answer for '{self.name()}' ({type(error).__name__}); sent the apology."
        )
        return [BotUttered(apology())]


def install() -> None:
    RemoteAction.run = run_or_apologise
