"""If the action server is down, a family still gets a reply: a short apology and who can help.
Its own servers, so stopping the action server does not disturb the other tests."""

import time
import uuid

import pytest

from tests.servers import Servers, stop_process


@pytest.fixture(scope="module")
def servers_without_actions(tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp("action-server-down"))
    servers.start_actions()
    try:
        servers.start_rasa()
        stop_process(servers.actions)
        yield servers
    finally:
        servers.stop()


def test_the_family_gets_an_apology_and_contacts_not_silence(servers_without_actions):
    replies = servers_without_actions.send("family-" + uuid.uuid4().hex, "the council refused to assess my son")
    text = " ".join(r.get("text", "") for r in replies)
    assert "something has gone wrong on our side" in text
    assert "0800 064 4488" in text  # Global Mediation
    assert "Traceback" not in text and "action_" not in text


def test_a_message_about_a_child_at_risk_still_gets_999_nspcc_and_childline(servers_without_actions):
    replies = servers_without_actions.send("family-" + uuid.uuid4().hex, "URGENT my son has taken a load of tablets")
    text = " ".join(r.get("text", "") for r in replies)
    assert "something has gone wrong on our side" in text
    assert "phone 999" in text and "0808 800 5000" in text and "0800 1111" in text
    assert text.index("999") < text.index("0800 064 4488")  # safety before the disagreement contacts


def test_the_conversation_carries_on_when_the_action_server_is_back(servers_without_actions):
    family = "family-" + uuid.uuid4().hex
    servers_without_actions.send(family, "hello")
    servers_without_actions.start_actions()
    for _ in range(60):
        replies = servers_without_actions.send(family, "the council refused to assess my son")
        if "Is that right?" in " ".join(r.get("text", "") for r in replies):
            break
        time.sleep(1)
    else:
        pytest.fail("the assistant did not recover after the action server came back")
    assert [b["title"] for b in replies[-1]["buttons"]] == ["Yes", "No, something else"]
