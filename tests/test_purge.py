"""`make purge` deletes conversations nobody has written in for the retention period, whole, and
keeps the rest, whole."""

import asyncio
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from rasa_tuning.tracker_store import LeanSQLTrackerStore
from scripts.purge import open_store, purge

DAY = 86400
NOW = time.time()


def conversation(store, sender, *days_ago):
    tracker = store.init_tracker(sender)  # no events yet: each one gets the time given here
    for ago in days_ago:
        tracker.update(
            UserUttered(
                "the council refused to assess my son", {"name": "refused_assessment"}, timestamp=NOW - ago * DAY
            )
        )
        tracker.update(ActionExecuted("action_understand", timestamp=NOW - ago * DAY + 1))
        tracker.update(BotUttered("It sounds like ...", timestamp=NOW - ago * DAY + 2))
    asyncio.run(store.save(tracker))


def senders(store):
    return set(asyncio.run(store.keys()))


def test_old_conversations_go_and_recent_ones_stay_whole(tmp_path):
    store = LeanSQLTrackerStore(domain=Domain.load("domain.yml"), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    conversation(store, "old", 45, 40)
    conversation(store, "recent", 2)
    conversation(store, "started-long-ago-but-still-going", 60, 1)
    before = len(asyncio.run(store.retrieve_full_tracker("started-long-ago-but-still-going")).events)

    assert purge(store, days=30, dry_run=True, now=NOW)[0] == 1
    assert senders(store) == {"old", "recent", "started-long-ago-but-still-going"}  # a dry run deletes nothing

    conversations, events = purge(store, days=30, now=NOW)
    assert conversations == 1 and events > 0
    assert senders(store) == {"recent", "started-long-ago-but-still-going"}
    assert len(asyncio.run(store.retrieve_full_tracker("started-long-ago-but-still-going")).events) == before


def test_the_store_comes_from_endpoints_yml(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'tracker_store:\n  type: rasa_tuning.tracker_store.LeanSQLTrackerStore\n  dialect: "sqlite"\n  db: '
        f'"{tmp_path / "t.db"}"\n'
    )
    store = open_store(endpoints)
    conversation(store, "someone", 100)
    conversation(store, "someone-recent", 1)
    assert purge(store, days=30, now=NOW + 100 * DAY) == (2, 6)  # every event of both


def test_a_retention_of_zero_days_is_refused(tmp_path):
    import pytest

    store = LeanSQLTrackerStore(domain=Domain.load("domain.yml"), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    with pytest.raises(ValueError):
        purge(store, days=0)
