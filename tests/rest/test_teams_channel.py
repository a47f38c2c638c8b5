"""Microsoft Teams (Bot Framework): a real Rasa server, activities carrying a token signed like
Microsoft's (by a key the local stand-in for Microsoft's login service publishes), and replies
captured where the activity's serviceUrl points."""

import itertools
import json
import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.servers import TEAMS_TEST_SETTINGS

APP_ID = TEAMS_TEST_SETTINGS["TEAMS_APP_ID"]
USERS = (f"29:user-{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def microsoft(servers):
    """Microsoft's signing key, published where the channel looks for it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    servers.platforms.get_routes["/botframework/openid"] = {"jwks_uri": servers.platforms.url + "/botframework/keys"}
    servers.platforms.get_routes["/botframework/keys"] = {"keys": [{**public, "kid": "test-key"}]}
    return key


def service_url(servers):
    return servers.platforms.url + "/teams/"


def token(key, service, issuer="https://api.botframework.com", audience=APP_ID, kid="test-key"):
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "serviceUrl": service, "nbf": now - 10, "exp": now + 3600}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def activity(servers, user, text):
    return {
        "type": "message",
        "id": "1",
        "text": text,
        "serviceUrl": service_url(servers),
        "channelId": "msteams",
        "from": {"id": user, "name": "A parent"},
        "recipient": {"id": "28:bot", "name": "SEND guide"},
        "conversation": {"id": "conv-" + user},
    }


def replies(servers, user):
    return [r["body"] for r in servers.platforms.sent(f"/teams/v3/conversations/conv-{user}/activities")]


def send(servers, microsoft, user, text, auth=None):
    before = len(replies(servers, user))
    auth = auth or f"Bearer {token(microsoft, service_url(servers))}"
    reply = requests.post(
        servers.webhook("botframework"), json=activity(servers, user, text), headers={"Authorization": auth}, timeout=60
    )
    return reply, replies(servers, user)[before:]


def card_buttons(reply):
    return [
        (b["title"], b["text"], b["type"])
        for a in reply.get("attachments", [])
        for b in a["content"].get("buttons", [])
    ]


def test_a_whole_conversation_in_teams_with_working_buttons(servers, microsoft):
    user = next(USERS)
    status, confirm = send(servers, microsoft, user, "the council refused to assess my son")
    assert status.status_code == 200
    assert card_buttons(confirm[-1]) == [
        ("Yes", "/affirm", "messageBack"),
        ("No, something else", "/deny", "messageBack"),
    ]
    for payload in ("/affirm", "/deny", "/deny"):  # yes; no letter yet; not yet talked to the council
        _, turn = send(servers, microsoft, user, payload)
    assert "Step 1 of" in json.dumps(turn)
    _, turn = send(servers, microsoft, user, "/next_step")
    everything = json.dumps(replies(servers, user))
    assert "Step 2 of" in everything and "0800 064 4488" in everything


def test_replies_carry_the_bots_token_from_microsofts_login(servers, microsoft):
    user = next(USERS)
    send(servers, microsoft, user, "hello")
    sent = servers.platforms.sent(f"/teams/v3/conversations/conv-{user}/activities")
    assert sent and all(r["headers"].get("Authorization") == "Bearer t" for r in sent)


@pytest.mark.parametrize(
    "problem", ["none", "garbage", "other_issuer", "other_bot", "other_service_url", "unknown_key"]
)
def test_requests_without_a_valid_microsoft_token_are_refused(servers, microsoft, problem):
    user = next(USERS)
    unknown_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    auth = {
        "none": "Basic abc",
        "garbage": "Bearer not.a.token",
        "other_issuer": f"Bearer {token(microsoft, service_url(servers), issuer='https://evil.example')}",
        "other_bot": f"Bearer {token(microsoft, service_url(servers), audience='someone-else')}",
        "other_service_url": f"Bearer {token(microsoft, 'https://evil.example/')}",
        "unknown_key": f"Bearer {token(unknown_key, service_url(servers), kid='other')}",
    }[problem]
    status, sent = send(servers, microsoft, user, "hello", auth=auth)
    assert status.status_code == 403 and sent == []
