"""The faster check of action server replies accepts and rejects exactly what Rasa's own check does."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import rasa_tuning
from rasa_tuning import action_validation

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "route", "value": "refused_assessment"}],
     "responses": [{"text": "Call Global Mediation on 0800 064 4488.", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
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
