"""When PostgreSQL, Redis or the action server fails, families get a clear answer quickly, the
servers recover by themselves, and no stored conversation is lost. None of the family's words go
into the logs on the way."""

from __future__ import annotations

import time
import uuid

import requests
from twilio.request_validator import RequestValidator

from guide.content import load_content
from tests.backing_services import PostgresServer
from tests.cluster import PRODUCTION_ENDPOINTS
from tests.production.conftest import TWILIO_WEBHOOK_URL, reply_texts, stored_conversation
from tests.production.test_replicas import LADDER
from tests.rest.test_telegram_channel import typed
from tests.servers import (
    TELEGRAM_TEST_SETTINGS,
    TWILIO_TEST_SETTINGS,
    free_port,
    launch_rasa,
    stop_process,
    wait_until_answering,
)

UNAVAILABLE = 503
TRY_AGAIN = load_content().say("try_again")
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
        assert response.json()["message"] == TRY_AGAIN
    finally:
        postgres.start_server()

    # Every later message succeeds first time, on both servers: no stale connection fails.
    for turn in range(3, len(LADDER)):
        for i, sender in enumerate(families):
            response = cluster.send(i + turn, sender, LADDER[turn])
            assert response.status_code == 200 and response.json(), (sender, turn)
    after = postgres.query("SELECT id, sender_id, data FROM events ORDER BY id")
    assert after[: len(before)] == before  # everything stored before the restart is still there
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
    assert response.json()["message"] == TRY_AGAIN
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
    assert response.status_code == 200 and "Sorry, something has gone wrong" not in "\n".join(
        reply_texts(response.json())
    )
    assert MARKER not in cluster.logs()


def test_on_sms_and_telegram_a_storage_fault_gets_a_send_it_again_message_not_silence(cluster, redis_server, platforms):
    phone, chat = "+447700900555", 5559001
    sms = {
        "From": phone,
        "To": TWILIO_TEST_SETTINGS["TWILIO_NUMBER"],
        "Body": f"{LADDER[1]} {MARKER}",
        "MessageSid": "SM1",
        "NumMedia": "0",
    }
    signature = RequestValidator(TWILIO_TEST_SETTINGS["TWILIO_AUTH_TOKEN"]).compute_signature(TWILIO_WEBHOOK_URL, sms)
    update = typed(chat, f"{LADDER[1]} {MARKER}")
    redis_server.stop()
    try:
        by_sms = requests.post(
            cluster.url(0).replace("/rest/", "/twilio/"),
            data=sms,
            headers={"X-Twilio-Signature": signature},
            timeout=30,
        )
        by_telegram = requests.post(
            cluster.url(1).replace("/rest/", "/telegram/"),
            json=update,
            timeout=30,
            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_TEST_SETTINGS["TELEGRAM_SECRET_TOKEN"]},
        )
    finally:
        redis_server.start()
    # The platforms hear "received", so they do not send the message again later on their own.
    assert by_sms.status_code == 204 and by_telegram.status_code == 200
    assert [r["body"]["Body"] for r in platforms.sent("/Messages.json", To=phone)] == [TRY_AGAIN]
    assert [r["body"]["text"] for r in platforms.sent("/sendMessage", chat_id=str(chat))] == [TRY_AGAIN]
    assert MARKER not in cluster.logs()


def test_a_server_started_before_postgresql_waits_for_it_then_works(cluster, redis_server, tmp_path):
    late = PostgresServer(database="late_start").start()  # a new database: no table yet
    late.stop_server()
    env = {**cluster.env, **late.env()}
    port = free_port()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    server = launch_rasa(port, PRODUCTION_ENDPOINTS, cluster.credentials, env, tmp_path / "rasa-late.log")
    try:
        time.sleep(15)
        assert server.poll() is None  # still waiting, not crashed and not started without a table
        late.start_server()
        wait_until_answering(url, [(server, tmp_path / "rasa-late.log")], timeout=120)
        sender = "late-" + uuid.uuid4().hex
        assert requests.post(url, json={"sender": sender, "message": LADDER[1]}, timeout=60).status_code == 200
        assert late.query("SELECT count(*) FROM events WHERE sender_id = %s", f"rest:{sender}")[0][0] > 0
    finally:
        stop_process(server)
        late.stop()
