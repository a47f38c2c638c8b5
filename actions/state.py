"""Carry the guide's State between turns in Rasa slots, and send a Turn through the dispatcher."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from guide.conversation import State, Turn

# Slot names are the State's field names (see domain.yml).
STATE_SLOTS = [field.name for field in fields(State)]


def state_from_tracker(tracker: Tracker) -> State:
    values: dict[str, Any] = {name: tracker.get_slot(name) for name in STATE_SLOTS}
    values["candidates"] = tuple(values["candidates"] or ())
    if values["rung"] is not None:
        values["rung"] = int(values["rung"])
    return State(**values)


def send(turn: Turn, dispatcher: CollectingDispatcher) -> None:
    for message in turn.messages:
        buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)


def slot_events(before: State, after: State) -> list[SlotSet]:
    events = []
    for name in STATE_SLOTS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            events.append(SlotSet(name, list(new) if isinstance(new, tuple) else new))
    return events
