"""Slack: a real Rasa server, Slack's event and button formats signed with the signing secret, and
a local stand-in for Slack's Web API that records what the family's direct messages would show."""

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import urlencode

import requests

from tests.servers import SLACK_TEST_SETTINGS

USERS = (f"U{n:08d}" for n in itertools.count(1))


def signed(body: bytes, secret=SLACK_TEST_SETTINGS["SLACK_SIGNING_SECRET"], timestamp=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def typed(user, text):
    event = {
        "type": "event_callback",
        "authorizations": [{"user_id": "UBOT"}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": "D" + user,
            "user": user,
            "text": text,
            "ts": str(time.time()),
        },
    }
    body = json.dumps(event).encode()
    return body, {"Content-Type": "application/json", **signed(body)}


def pressed(user, payload):
    action = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": "D" + user},
        "message": {"ts": str(time.time())},
        "actions": [{"type": "button", "value": payload}],
    }
    body = urlencode({"payload": json.dumps(action)}).encode()
    return body, {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}


def posts_to(servers, user):
    return [r["body"] for r in servers.platforms.sent("chat.postMessage") if r["body"].get("channel") == "D" + user]


def send(servers, user, request):
    before = len(posts_to(servers, user))
    body, headers = request
    assert requests.post(servers.webhook("slack"), data=body, headers=headers, timeout=60).status_code == 200
    for _ in range(100):  # Slack's channel answers in the background, after acknowledging
        time.sleep(0.1)
        replies = posts_to(servers, user)[before:]
        if replies and replies[-1].get("blocks"):
            return replies
    return posts_to(servers, user)[before:]


def buttons(post):
    return [
        (e["text"]["text"], e["value"])
        for block in post.get("blocks", [])
        if block["type"] == "actions"
        for e in block["elements"]
    ]


def test_a_whole_conversation_in_slack_with_real_buttons(servers):
    user = next(USERS)
    confirm = send(servers, user, typed(user, "the council refused to assess my daughter"))
    assert buttons(confirm[-1]) == [("Yes", "/affirm"), ("No, something else", "/deny")]
    send(servers, user, pressed(user, "/affirm"))
    send(servers, user, pressed(user, "/deny"))  # no letter yet
    first_rung = send(servers, user, pressed(user, "/deny"))  # not yet talked to the council
    assert ("What next?", "/next_step") in buttons(first_rung[-1])
    send(servers, user, pressed(user, "/next_step"))
    everything = json.dumps(posts_to(servers, user))
    assert "Step 2 of" in everything and "0800 064 4488" in everything


def test_the_ten_choice_menu_keeps_all_its_buttons(servers):
    user = next(USERS)
    menu = send(servers, user, typed(user, "hello"))
    choices = buttons(menu[-1])
    assert len(choices) == 10  # Rasa's own Slack channel drops them all above 5
    assert all(len(block["elements"]) <= 5 for block in menu[-1]["blocks"] if block["type"] == "actions")


def test_unsigned_wrongly_signed_and_replayed_requests_are_refused(servers):
    user = next(USERS)
    body, headers = typed(user, "hello")
    assert (
        requests.post(
            servers.webhook("slack"), data=body, headers={"Content-Type": "application/json"}, timeout=30
        ).status_code
        == 403
    )
    wrong = {"Content-Type": "application/json", **signed(body, secret="not-the-secret")}
    assert requests.post(servers.webhook("slack"), data=body, headers=wrong, timeout=30).status_code == 403
    old = {"Content-Type": "application/json", **signed(body, timestamp=int(time.time()) - 3600)}
    assert requests.post(servers.webhook("slack"), data=body, headers=old, timeout=30).status_code == 403
    time.sleep(1)
    assert posts_to(servers, user) == []


def test_a_reply_slack_refuses_does_not_lose_the_conversation(servers):
    user = next(USERS)
    servers.platforms.failing.add("chat.postMessage")
    try:
        tried = send(servers, user, typed(user, "the council refused to assess my daughter"))
    finally:
        servers.platforms.failing.discard("chat.postMessage")
    assert tried  # the reply was tried, and refused
    # The turn was kept: "Yes" confirms the refused assessment and the guide asks for the letter's date.
    asked = send(servers, user, pressed(user, "/affirm"))
    assert "What date is on the decision letter" in json.dumps(asked)
