"""Facebook Messenger: a real Rasa server, Meta's webhook format signed with the app secret, and
a local stand-in for the Graph API that records what the family's Messenger would show."""

import hashlib
import hmac
import itertools
import json

import requests

from tests.servers import FACEBOOK_TEST_SETTINGS

PSIDS = (str(n) for n in itertools.count(7000000001))


def signed(body: bytes, secret=FACEBOOK_TEST_SETTINGS["FACEBOOK_APP_SECRET"]):
    return {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
    }


def event(psid, text=None, quick_reply=None):
    message = {"mid": "m1", "text": text or "1"}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    return json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": "page",
                    "time": 1,
                    "messaging": [
                        {"sender": {"id": psid}, "recipient": {"id": "page"}, "timestamp": 1, "message": message}
                    ],
                }
            ],
        }
    ).encode()


def sent_to(servers, psid):
    return [
        r["body"]["message"]
        for r in servers.platforms.sent("/graph/me/messages")
        if r["body"]["recipient"]["id"] == psid
    ]


def send(servers, psid, body, headers=None):
    before = len(sent_to(servers, psid))
    reply = requests.post(servers.webhook("facebook"), data=body, headers=headers or signed(body), timeout=60)
    assert reply.status_code == 200
    return sent_to(servers, psid)[before:]


def test_a_whole_conversation_in_messenger_with_numbered_quick_replies(servers):
    psid = next(PSIDS)
    confirm = send(servers, psid, event(psid, "the council refused to assess my son"))
    assert "Reply with a number:\n1. Yes\n2. No, something else" in confirm[-1]["text"]
    assert [(q["title"], q["payload"]) for q in confirm[-1]["quick_replies"]] == [("1", "/affirm"), ("2", "/deny")]

    send(servers, psid, event(psid, "1", quick_reply="/affirm"))  # tapped
    send(servers, psid, event(psid, "1"))  # typed: "I don't have a letter yet"
    first_rung = send(servers, psid, event(psid, "no"))
    assert "Step 1 of" in json.dumps(first_rung)
    next_step = next(q for q in first_rung[-1]["quick_replies"] if q["payload"] == "/next_step")
    send(servers, psid, event(psid, next_step["title"], quick_reply="/next_step"))
    everything = json.dumps(sent_to(servers, psid))
    assert "Step 2 of" in everything and "0800 064 4488" in everything


def test_the_ten_choice_menu_keeps_every_choice(servers):
    psid = next(PSIDS)
    menu = send(servers, psid, event(psid, "hello"))[-1]
    assert len(menu["quick_replies"]) == 10 and "10. " in menu["text"]
    assert all(len(q["title"]) <= 20 for q in menu["quick_replies"])


def test_unsigned_and_wrongly_signed_requests_are_refused(servers):
    psid = next(PSIDS)
    body = event(psid, "hello")
    for headers in (
        {"Content-Type": "application/json"},
        signed(body, secret="wrong"),
        {"Content-Type": "application/json", "X-Hub-Signature": "md5=" + hashlib.md5(body).hexdigest()},
    ):
        assert requests.post(servers.webhook("facebook"), data=body, headers=headers, timeout=30).status_code == 403
    assert sent_to(servers, psid) == []


def test_webhook_registration_needs_the_verify_token(servers):
    ok = requests.get(
        servers.webhook("facebook"),
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": FACEBOOK_TEST_SETTINGS["FACEBOOK_VERIFY_TOKEN"],
            "hub.challenge": "42",
        },
        timeout=30,
    )
    assert ok.status_code == 200 and ok.text == "42"
    wrong = requests.get(
        servers.webhook("facebook"),
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "42"},
        timeout=30,
    )
    assert wrong.status_code == 403
