"""Find an event's class by its type name from a table, instead of walking every Event subclass.

Rasa 3.6 turns each stored event back into an object by listing all subclasses of `Event`
(recursively, checking each for abstract methods) and comparing type names, for every event of
every conversation it loads. With 20 families that was about 14% of the Rasa server's CPU once
action replies were fast. The table is built on first use, in the same order, so the first
match wins as before; a name not in it goes to Rasa's own lookup, which also handles defaults.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_rasas_lookup = Event.resolve_by_type
REPLACES = [(Event, "resolve_by_type")]
_classes_by_name: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    if not _classes_by_name:
        for event_class in all_subclasses(Event):
            _classes_by_name.setdefault(event_class.type_name, event_class)
    found = _classes_by_name.get(type_name)
    if found is not None:
        return found
    return _rasas_lookup(type_name, default)


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
