"""What a family types stays in its own conversation and out of the logs."""

import requests

from tests.rest.conftest import Family

MARKER = "Zebedee7731"  # a word no log line would contain by chance


def test_requests_without_a_sender_do_not_share_a_conversation(servers):
    first = requests.post(
        servers.url, json={"message": '/choose_type{"route_choice":"plan_ceasing"}'}, timeout=60
    ).json()
    assert "2 months" in " ".join(r["text"] for r in first)
    second = requests.post(servers.url, json={"message": "/next_step"}, timeout=60).json()
    assert "First, tell me what the disagreement is about" in " ".join(r["text"] for r in second)


def test_a_body_that_is_not_json_gets_a_kind_reply(servers):
    for body in (b"not json at all", b"[1, 2, 3]", b'{"sender": 5, "message": ["a"]}'):
        response = requests.post(servers.url, data=body, headers={"Content-Type": "application/json"}, timeout=60)
        assert response.status_code == 200
        assert "empty" in " ".join(r["text"] for r in response.json())


def test_no_typed_text_reaches_the_logs(servers):
    family = Family(servers)
    for message in (
        f"my son {MARKER} needs help at school",
        f"/{MARKER} is my son",
        f'/choose_type{{"route_choice": "{MARKER}"',
        f"/nonexistent_{MARKER}",
        f'/inform_date{{"{MARKER}":"1"}}',
    ):
        assert family.says(message)
    logs = servers.rasa_log.read_text() + servers.action_log.read_text()
    assert MARKER not in logs


def test_only_the_councils_own_site_may_call_from_a_browser(servers):
    def preflight(origin):
        return requests.options(
            servers.url, headers={"Origin": origin, "Access-Control-Request-Method": "POST"}, timeout=10
        )

    allowed = preflight(f"http://127.0.0.1:{servers.web_port}")
    assert allowed.headers.get("Access-Control-Allow-Origin") == f"http://127.0.0.1:{servers.web_port}"
    refused = preflight("https://evil.example")
    assert "Access-Control-Allow-Origin" not in refused.headers
