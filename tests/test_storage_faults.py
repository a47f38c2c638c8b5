"""If the tracker store fails, the message fails with it, rather than Rasa carrying on with an
empty conversation that is never saved (rasa_tuning/storage_faults.py)."""

import asyncio
import logging

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

import rasa_tuning
from rasa_tuning.storage_faults import NoFallbackTrackerStore

DOMAIN = Domain.load("domain.yml")


class DatabaseDown(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("connection refused; statement held 'my son Quillonbrae'")

    async def save(self, tracker):
        raise ConnectionError("connection refused; statement held 'my son Quillonbrae'")


def test_the_agent_wraps_its_store_so_errors_go_up():
    rasa_tuning.install()
    agent = Agent(domain=DOMAIN, tracker_store=InMemoryTrackerStore(DOMAIN))
    assert isinstance(agent.tracker_store, NoFallbackTrackerStore)


@pytest.mark.parametrize("call", ["retrieve", "save"])
def test_a_failing_store_raises_and_logs_only_the_kind_of_error(call, caplog):
    store = NoFallbackTrackerStore(DatabaseDown(DOMAIN))
    tracker = InMemoryTrackerStore(DOMAIN).init_tracker("family")
    tracker.update(UserUttered("my son Quillonbrae"))
    argument = "family" if call == "retrieve" else tracker
    with caplog.at_level(logging.DEBUG), pytest.raises(ConnectionError):
        asyncio.run(getattr(store, call)(argument))
    assert "ConnectionError" in caplog.text
    assert "Quillonbrae" not in caplog.text


def test_a_working_store_is_used_as_it_is():
    inner = InMemoryTrackerStore(DOMAIN)
    store = NoFallbackTrackerStore(inner)
    tracker = inner.init_tracker("family")
    tracker.update(UserUttered("hello"))
    asyncio.run(store.save(tracker))
    assert [e.text for e in asyncio.run(store.retrieve("family")).events if isinstance(e, UserUttered)] == ["hello"]


def test_a_tracker_store_that_cannot_be_loaded_stops_the_server_rather_than_keeping_conversations_in_memory():
    rasa_tuning.install()
    with pytest.raises(RasaException, match="rasa_tuning.tracker_store.LeanSQLTrakerStore"):
        create_tracker_store(
            EndpointConfig(type="rasa_tuning.tracker_store.LeanSQLTrakerStore", dialect="sqlite", db=":memory:"), DOMAIN
        )


def test_our_tracker_store_still_loads_by_its_module_path(tmp_path):
    rasa_tuning.install()
    store = create_tracker_store(
        EndpointConfig(
            type="rasa_tuning.tracker_store.LeanSQLTrackerStore", dialect="sqlite", db=str(tmp_path / "tracker.db")
        ),
        DOMAIN,
    )
    assert type(store).__name__ == "LeanSQLTrackerStore"
