"""The callback channel: a council's own system posts a message and gets the replies, as JSON, at
its own URL (here a local listener). Without the council's token, nothing happens."""

import uuid

import requests

from tests.servers import CALLBACK_TEST_TOKEN

TOKEN = {"Authorization": f"Bearer {CALLBACK_TEST_TOKEN}"}


def delivered(servers, sender):
    return [
        r["body"]
        for r in servers.platforms.sent("/council-system")
        if r["body"].get("recipient_id") == "callback:" + sender
    ]


def send(servers, sender, message, headers=TOKEN):
    before = len(delivered(servers, sender))
    reply = requests.post(
        servers.webhook("callback"), json={"sender": sender, "message": message}, headers=headers, timeout=60
    )
    return reply, delivered(servers, sender)[before:]


def test_replies_are_delivered_to_the_councils_system_with_their_buttons(servers):
    sender = "council-case-" + uuid.uuid4().hex
    reply, messages = send(servers, sender, "the council refused to assess my son")
    assert reply.status_code == 200
    assert [(b["title"], b["payload"]) for b in messages[-1]["buttons"]] == [
        ("Yes", "/affirm"),
        ("No, something else", "/deny"),
    ]
    send(servers, sender, "/affirm")
    send(servers, sender, "/deny")
    _, first_rung = send(servers, sender, "/deny")
    assert "Step 1 of" in " ".join(m.get("text", "") for m in first_rung)
    _, second_rung = send(servers, sender, "/next_step")
    assert "0800 064 4488" in " ".join(m.get("text", "") for m in delivered(servers, sender))


def test_requests_without_the_councils_token_are_refused(servers):
    sender = "council-case-" + uuid.uuid4().hex
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": CALLBACK_TEST_TOKEN}):
        reply, messages = send(servers, sender, "hello", headers=headers)
        assert reply.status_code == 403 and messages == []
