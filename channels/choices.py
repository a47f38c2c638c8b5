"""On channels without buttons the assistant numbers its choices; read a family's "2" as the
choice it names. The choices are the buttons on the assistant's last message in this
conversation, read from the tracker store, so they are right whichever server sent them."""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered

from channels.text_replies import choice_number
from guide.dates import parse_date, today_in_england

NO_CHOICE_WAITING = "/number_without_choice"

logger = logging.getLogger(__name__)


async def waiting_choices(agent: Any, sender_id: str) -> list[dict[str, Any]]:
    """The buttons of the assistant's latest reply, if the family has not answered it yet."""
    if agent is None or getattr(agent, "tracker_store", None) is None:
        return []
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None or not tracker.events:
        return []
    session = agent.domain.session_config.session_expiration_time if agent.domain else 0
    if session and time.time() - tracker.events[-1].timestamp > session * 60:
        return []  # the conversation has timed out: its old choices no longer stand
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered):  # only the very last message's choices stand
            return list(event.data.get("buttons") or [])
    return []


async def read_choice(agent: Any, sender_id: str, text: str) -> str:
    """The payload of the choice a reply like "2" names; the text itself if it names none."""
    number = choice_number(text)
    if number is None or parse_date(text, today_in_england()) is not None:
        return text  # "the 3rd" may be the date on a letter: the guide reads dates in context
    try:
        choices = await waiting_choices(agent, sender_id)
    except Exception as error:  # noqa: BLE001 - the store is down: handling the message fails too, and says so
        logger.error(f"Could not read the choices waiting for a reply ({type(error).__name__}).")
        return text
    if 1 <= number <= len(choices):
        return choices[number - 1]["payload"]
    return NO_CHOICE_WAITING
