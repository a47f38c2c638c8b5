"""The lean SQL tracker store stores and reads back exactly what Rasa's SQL tracker store does."""

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from rasa_tuning.tracker_store import LeanSQLTrackerStore

DOMAIN = Domain.load("domain.yml")


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def stores(tmp_path):
    db = str(tmp_path / "tracker.db")
    return LeanSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db), SQLTrackerStore(
        domain=DOMAIN, dialect="sqlite", db=db
    )


def family_turn(tracker, text, intent, timestamp):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 0.9}, timestamp=timestamp))
    tracker.update(ActionExecuted("action_guide", timestamp=timestamp + 0.1))
    tracker.update(BotUttered("You can ask the council to look again.", timestamp=timestamp + 0.2))
    tracker.update(SlotSet("route", "refused_assessment", timestamp=timestamp + 0.3))
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp + 0.4))


def as_dicts(tracker):
    return [event.as_dict() for event in tracker.events]


def test_both_stores_read_the_same_conversation(stores):
    lean, rasas = stores
    tracker = run(lean.get_or_create_tracker("family-1"))
    family_turn(tracker, "the council refused to assess my son", "refused_assessment", 1000.0)
    run(lean.save(tracker))
    family_turn(tracker, "yes", "affirm", 1010.0)
    run(lean.save(tracker))  # only the new events are added

    expected = as_dicts(tracker)
    assert as_dicts(run(lean.retrieve("family-1"))) == expected
    assert as_dicts(run(rasas.retrieve("family-1"))) == expected
    assert run(lean.retrieve("family-1")).get_slot("route") == "refused_assessment"


def test_saving_twice_adds_nothing(stores):
    lean, rasas = stores
    tracker = run(lean.get_or_create_tracker("family-2"))
    family_turn(tracker, "hello", "greet", 1000.0)
    run(lean.save(tracker))
    run(lean.save(tracker))
    assert len(run(rasas.retrieve("family-2")).events) == len(tracker.events)


def test_reads_what_rasas_store_wrote_and_keeps_families_apart(stores):
    lean, rasas = stores
    for sender, text in (
        ("family-a", "my daughter's school won't help"),
        ("family-b", "the NHS part of the plan is wrong"),
    ):
        tracker = run(rasas.get_or_create_tracker(sender))
        family_turn(tracker, text, "school_not_meeting_needs", 1000.0)
        run(rasas.save(tracker))
    assert run(lean.retrieve("family-a")).latest_message.text == "my daughter's school won't help"
    assert run(lean.retrieve("family-b")).latest_message.text == "the NHS part of the plan is wrong"
    assert run(lean.retrieve("nobody")) is None


def test_only_the_latest_session_is_loaded_but_all_are_kept(stores):
    lean, rasas = stores
    tracker = run(lean.get_or_create_tracker("family-3"))
    family_turn(tracker, "first visit", "greet", 1000.0)
    run(lean.save(tracker))
    tracker.update(SessionStarted(timestamp=5000.0))
    tracker.update(ActionExecuted("action_listen", timestamp=5000.1))
    family_turn(tracker, "second visit", "greet", 5001.0)
    run(lean.save(tracker))

    latest = run(lean.retrieve("family-3"))
    assert as_dicts(latest) == as_dicts(run(rasas.retrieve("family-3")))
    assert latest.latest_message.text == "second visit"
    assert all(event.get("text") != "first visit" for event in as_dicts(latest))
    assert len(run(lean.retrieve_full_tracker("family-3")).events) == len(tracker.events)


def test_a_loaded_conversation_saves_only_its_new_events(stores):
    lean, rasas = stores
    tracker = run(lean.get_or_create_tracker("family-4"))
    family_turn(tracker, "the council refused to assess my son", "refused_assessment", 1000.0)
    run(lean.save(tracker))

    # A later message, perhaps on another server: load, add a turn, save.
    later = run(lean.retrieve("family-4"))
    family_turn(later, "yes", "affirm", 1010.0)
    run(lean.save(later))
    family_turn(later, "what next", "next_step", 1020.0)
    run(lean.save(later))

    assert as_dicts(run(rasas.retrieve("family-4"))) == as_dicts(later)


def test_a_failing_save_names_the_error_but_never_what_the_family_typed(stores):
    lean, _ = stores
    tracker = lean.init_tracker("family-secret")
    family_turn(tracker, "hello", "greet", 1000.0)
    run(lean.save(tracker))
    family_turn(tracker, "my son Quillonbrae has autism", "refused_assessment", 1001.0)
    with lean.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE events")  # the insert fails, as on a broken database
    with pytest.raises(Exception) as failure:
        run(lean.save(tracker))
    assert "Quillonbrae" not in str(failure.value)
