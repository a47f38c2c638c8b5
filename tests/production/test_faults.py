"""When PostgreSQL, Redis or the action server fails, families get a clear answer quickly, the
servers recover by themselves, and no stored conversation is lost. None of the family's words go
into the logs on the way."""

from __future__ import annotations

import time
import uuid

from tests.production.conftest import reply_texts, stored_conversation
from tests.production.test_replicas import LADDER
from tests.servers import wait_until_answering

UNAVAILABLE = 503
# Words no reply or log line would hold unless a family's message was written there.
MARKER = "Quillonbrae"


def timed_send(cluster, replica: int, sender: str, message: str):
    start = time.monotonic()
    response = cluster.send(replica, sender, message, timeout=60)
    return response, time.monotonic() - start


def test_after_postgresql_restarts_families_carry_on_and_history_is_intact(cluster, postgres):
    families = ["restart-" + uuid.uuid4().hex for _ in range(10)]
    for turn in range(3):
        for i, sender in enumerate(families):
            assert cluster.send(i + turn, sender, LADDER[turn]).status_code == 200
    before = postgres.query("SELECT id, sender_id, data FROM events ORDER BY id")

    postgres.stop_server()
    try:
        response, seconds = timed_send(cluster, 0, families[0], f"{LADDER[3]} {MARKER}")
        assert response.status_code == UNAVAILABLE and seconds < 10  # a clear error, not a hang
        assert "try again" in response.json()["message"]
    finally:
        postgres.start_server()

    # Every later message succeeds first time, on both servers: no stale connection fails.
    for turn in range(3, len(LADDER)):
        for i, sender in enumerate(families):
            response = cluster.send(i + turn, sender, LADDER[turn])
            assert response.status_code == 200 and response.json(), (sender, turn)
    after = postgres.query("SELECT id, sender_id, data FROM events ORDER BY id")
    assert after[:len(before)] == before  # everything stored before the restart is still there
    for sender in families:
        assert stored_conversation(postgres, sender)[0] == LADDER  # the failed attempt left nothing
    assert MARKER not in cluster.logs()


def test_a_hung_redis_gets_a_clear_error_within_seconds_then_recovers(cluster, redis_server, postgres):
    sender = "redis-hung-" + uuid.uuid4().hex
    assert cluster.send(0, sender, LADDER[0]).status_code == 200
    redis_server.pause()
    try:
        response, seconds = timed_send(cluster, 1, sender, f"{LADDER[1]} {MARKER}")
    finally:
        redis_server.resume()
    assert response.status_code == UNAVAILABLE and seconds < 8, seconds  # the lock store gives up after 2 s
    assert "try again" in response.json()["message"]
    assert cluster.send(0, sender, LADDER[1]).status_code == 200
    assert stored_conversation(postgres, sender)[0] == LADDER[:2]
    assert MARKER not in cluster.logs()


def test_a_stopped_redis_gets_a_clear_error_at_once_then_recovers(cluster, redis_server, postgres):
    sender = "redis-down-" + uuid.uuid4().hex
    assert cluster.send(0, sender, LADDER[0]).status_code == 200
    redis_server.stop()
    try:
        for replica in (0, 1):
            response, seconds = timed_send(cluster, replica, sender, f"{LADDER[1]} {MARKER}")
            assert response.status_code == UNAVAILABLE and seconds < 5, seconds
    finally:
        redis_server.start()
    assert cluster.send(1, sender, LADDER[1]).status_code == 200
    assert stored_conversation(postgres, sender)[0] == LADDER[:2]
    assert MARKER not in cluster.logs()


def test_with_the_action_server_stopped_families_get_the_apology_and_contacts(cluster):
    sender = "actions-down-" + uuid.uuid4().hex
    assert cluster.send(0, sender, LADDER[0]).status_code == 200
    cluster.stop_actions()
    try:
        for replica in (0, 1):
            response = cluster.send(replica, sender, f"{LADDER[1]} {MARKER}")
            assert response.status_code == 200
            text = "\n".join(reply_texts(response.json()))
            assert "Sorry, something has gone wrong" in text and "0800 064 4488" in text
    finally:
        cluster.start_actions()
        wait_until_answering(cluster.url(0), [(cluster.actions, cluster.action_log)])
    response = cluster.send(1, sender, "start again")
    assert response.status_code == 200 and "Sorry, something has gone wrong" not in "\n".join(reply_texts(response.json()))
    assert MARKER not in cluster.logs()
