"""The faster check of action server replies accepts and rejects exactly what Rasa's own check does."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import rasa_tuning
from rasa_tuning import action_validation

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "route", "value": "refused_assessment"}],
        "responses": [
            {"text": "Call Global Mediation on 0800 064 4488.", "buttons": [{"title": "Yes", "payload": "/affirm"}]}
        ],
    },
    {"events": [{"event": "restart"}, {"event": "action", "name": "action_listen"}], "responses": []},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"no_event_key": True}]},
    {"events": [{"event": "slot"}]},  # a slot event needs a name
    {"responses": "hello"},
    [],
]


@pytest.fixture
def action():
    rasa_tuning.install()
    return RemoteAction("action_guide", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_install_replaces_rasas_check():
    rasa_tuning.install()
    assert RemoteAction._validate_action_result is action_validation.validate_action_result


@pytest.mark.parametrize("reply", VALID)
def test_valid_replies_pass_as_with_rasa(action, reply):
    jsonschema.validate(reply, RemoteAction.action_response_format_spec())  # Rasa's way accepts it too
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_replies_fail_as_with_rasa(action, reply):
    with pytest.raises(jsonschema.ValidationError) as rasas:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as ours:
        action._validate_action_result(reply)
    assert ours.value.message.startswith(rasas.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_every_event_type_resolves_to_the_class_rasa_would_pick():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    rasa_tuning.install()
    names = {event_class.type_name for event_class in all_subclasses(Event)}
    assert len(names) > 15
    for name in names:
        rasas_pick = next(c for c in all_subclasses(Event) if c.type_name == name)
        assert Event.resolve_by_type(name) is rasas_pick


def test_unknown_event_types_behave_as_in_rasa():
    from rasa.shared.core.events import Event, UserUttered

    rasa_tuning.install()
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_stored_events_come_back_the_same():
    from rasa.shared.core.events import Event

    rasa_tuning.install()
    stored = [
        {
            "event": "user",
            "text": "the council refused to assess",
            "parse_data": {"intent": {"name": "refused_assessment", "confidence": 0.9}},
        },
        {"event": "bot", "text": "I am sorry to hear that."},
        {"event": "slot", "name": "route", "value": "refused_assessment"},
        {"event": "action", "name": "action_listen"},
        {"event": "session_started"},
    ]
    assert [Event.from_parameters(event).as_dict()["event"] for event in stored] == [e["event"] for e in stored]


def test_an_unreachable_action_server_gives_the_apology_but_rejections_stay_rejections(action, monkeypatch):
    import asyncio

    from rasa.core.actions.action import ActionExecutionRejection
    from rasa.shared.core.events import BotUttered
    from rasa.shared.exceptions import RasaException

    from rasa_tuning import action_server_down

    async def unreachable(*args, **kwargs):
        raise RasaException("Failed to execute custom action 'action_guide'. Couldn't connect")

    async def rejected(*args, **kwargs):
        raise ActionExecutionRejection("action_guide")

    monkeypatch.setattr(action_server_down, "_rasas_run", unreachable)
    events = asyncio.run(action.run(None, None, None, None))
    assert len(events) == 1 and isinstance(events[0], BotUttered)
    assert "0800 064 4488" in events[0].text and "something has gone wrong" in events[0].text

    monkeypatch.setattr(action_server_down, "_rasas_run", rejected)
    with pytest.raises(ActionExecutionRejection):
        asyncio.run(action.run(None, None, None, None))
