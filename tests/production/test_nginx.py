"""The containers' nginx configuration (deploy/nginx/), run for real in front of both servers: the
page and widget come from nginx, conversations pass through to either server, one server down
is not noticed, and nothing of Rasa but the webhooks can be reached."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.production.conftest import reply_texts
from tests.production.test_replicas import LADDER


def chat(nginx, sender: str, message: str) -> requests.Response:
    return requests.post(nginx.url + "/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)


def test_the_page_and_the_widget_come_from_nginx_with_strict_headers(nginx):
    page = requests.get(nginx.url + "/", timeout=10)
    assert page.status_code == 200
    assert 'data-server-url=""' in page.text  # the widget posts to nginx itself: no CORS needed
    assert "connect-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    widget = requests.get(nginx.url + "/chat/widget.js", timeout=10)
    assert widget.status_code == 200 and "Content-Security-Policy" in widget.headers


def test_a_conversation_through_nginx_is_shared_between_both_servers(nginx, cluster):
    sender = "nginx-" + uuid.uuid4().hex
    before = len(nginx.upstreams())
    for message in LADDER:
        response = chat(nginx, sender, message)
        assert response.status_code == 200 and response.json()
    assert "Step 2 of 4" in "\n".join(reply_texts(response.json()))
    answered_by = set(nginx.upstreams()[before:])
    assert answered_by == {f"127.0.0.1:{port}" for port in cluster.ports}


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/webhooks/rest/"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("PUT", "/model"),
        ("GET", "/conversations/rest:someone/tracker"),
        ("POST", "/conversations/rest:someone/messages"),
        ("POST", "/webhooks/unknown/webhook"),
        ("GET", "/webhooks/twilio/webhook"),
    ],
)
def test_nothing_else_of_rasa_can_be_reached(nginx, method, path):
    response = requests.request(method, nginx.url + path, timeout=10)
    assert response.status_code in (403, 404), response.status_code
    assert "rasa" not in response.text.lower()


def test_an_oversized_message_is_refused_before_rasa(nginx):
    before = len(nginx.upstreams())
    response = requests.post(
        nginx.url + "/webhooks/rest/webhook", json={"sender": "big", "message": "x" * 70_000}, timeout=10
    )
    assert response.status_code == 413
    assert len(nginx.upstreams()) == before


def test_with_one_server_stopped_families_do_not_notice(nginx, cluster):
    sender = "one-down-" + uuid.uuid4().hex
    assert chat(nginx, sender, LADDER[0]).status_code == 200
    cluster.stop_replica(1)
    try:
        for message in LADDER[1:]:
            response = chat(nginx, sender, message)
            assert response.status_code == 200 and response.json(), message
        assert "Step 2 of 4" in "\n".join(reply_texts(response.json()))
    finally:
        cluster.start_replica(1)
