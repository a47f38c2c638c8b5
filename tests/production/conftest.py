"""The production shape, for real: two Rasa servers started with endpoints.production.yml, sharing
a PostgreSQL tracker store and a Redis lock store, and one action server. Started once for every
test in this folder."""

from __future__ import annotations

import json

import pytest

from tests.backing_services import PostgresServer, RedisServer
from tests.cluster import Cluster
from tests.fake_platforms import FakePlatformApi
from tests.nginx_server import NginxServer
from tests.servers import MODEL, channel_test_env, free_port


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def platforms():
    """A local stand-in for the messaging platforms' APIs (tests/fake_platforms.py)."""
    api = FakePlatformApi(free_port())
    yield api
    api.stop()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory, postgres, redis_server, platforms):
    if not MODEL.exists():
        pytest.fail("No trained model: run `make train` first (`make test` does this for you).")
    channels = {**channel_test_env(platforms.url), "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK_URL}
    cluster = Cluster(tmp_path_factory.mktemp("cluster"), postgres, redis_server, replicas=2, extra_env=channels)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def nginx(cluster):
    """The containers' nginx configuration in front of both servers (tests/nginx_server.py)."""
    server = NginxServer(cluster.ports).start()
    yield server
    server.stop()


# The address Twilio would call (it signs it): the load balancer's, the same for both servers.
TWILIO_WEBHOOK_URL = "https://assistant.example.gov.uk/webhooks/twilio/webhook"


def stored_conversation(postgres: PostgresServer, sender: str) -> tuple[list[str], list[str]]:
    """What PostgreSQL holds for one REST conversation, in order: the family's messages and the
    assistant's replies (one bot event each)."""
    rows = postgres.query("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", f"rest:{sender}")
    events = [(kind, json.loads(data)) for kind, data in rows]
    return ([e["text"] for kind, e in events if kind == "user"], [e["text"] for kind, e in events if kind == "bot"])


def as_sent(bot_replies: list[str]) -> list[str]:
    """Replies as the REST channel sends them: each cut into messages at blank lines."""
    return [part for text in bot_replies for part in text.strip().split("\n\n")]


def reply_texts(replies: list[dict]) -> list[str]:
    return [reply["text"] for reply in replies]
