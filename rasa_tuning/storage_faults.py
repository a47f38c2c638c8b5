"""When the tracker store fails (the database is down or restarting), the message fails too.

Rasa wraps every tracker store in `FailSafeTrackerStore`, which on an error carries on with an
empty in-memory conversation: the family's message is read as the start of a new conversation,
the reply makes no sense to them, and that turn is never saved. Its log line also quotes the
database error, which can hold the family's words. Here the error goes up instead, so the
channel answers with a clear "try again" (503 on the web, see channels/rest.py) and nothing is
half-saved; the log names only the kind of error.

The same at start-up: a tracker store named by module path (ours, in endpoints.yml) that cannot
be loaded stops the server. Rasa warned and kept conversations in memory instead, so nothing was
stored and servers sharing the work could not see each other's conversations.
"""

from __future__ import annotations

import logging
from typing import Any

import rasa.core.tracker_store
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.common import class_from_module_path
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)


class NoFallbackTrackerStore(FailSafeTrackerStore):
    # Every method of FailSafeTrackerStore that falls back is replaced, so its error callbacks
    # are never called.

    async def retrieve(self, sender_id: str) -> Any:
        return await self._call("retrieve", sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> Any:
        return await self._call("retrieve_full_tracker", sender_id)

    async def keys(self) -> Any:
        return await self._call("keys")

    async def save(self, tracker: Any) -> None:
        await self._call("save", tracker)

    async def _call(self, method: str, *args: Any) -> Any:
        try:
            return await getattr(self._tracker_store, method)(*args)
        except Exception as error:
            logger.error("The tracker store failed (%s); this message was not handled.", type(error).__name__)
            raise


def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    if store is None:
        store = InMemoryTrackerStore(domain)
    store.domain = domain
    return NoFallbackTrackerStore(store)


def _load_named_tracker_store(domain: Domain, store: EndpointConfig, event_broker: Any = None) -> TrackerStore:
    try:
        store_class = class_from_module_path(store.type)
    except (AttributeError, ImportError) as error:
        raise RasaException(
            f"The tracker store '{store.type}' in the endpoints file cannot be loaded ({type(error).__name__})."
        ) from error
    return store_class(host=store.url, domain=domain, event_broker=event_broker, **store.kwargs)


REPLACES = [(Agent, "_create_tracker_store"), (rasa.core.tracker_store, "_load_from_module_name_in_endpoint_config")]


def install() -> None:
    Agent._create_tracker_store = staticmethod(_create_tracker_store)
    rasa.core.tracker_store._load_from_module_name_in_endpoint_config = _load_named_tracker_store
