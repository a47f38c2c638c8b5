"""The Redis lock store the Rasa servers share (rasa_tuning/lock_store.py), on a real Redis: two
servers taking messages of one conversation at the same moment get different tickets, every key
expires, and a Redis that fails after a message was handled does not fail the message."""

from __future__ import annotations

import uuid

from rasa.core.lock_store import RedisLockStore

from rasa_tuning.lock_store import KEY_EXPIRY_SECONDS, AtomicRedisLockStore


def settings(redis_server) -> dict:
    return {
        "host": "127.0.0.1",
        "port": redis_server.port,
        "password": redis_server.password,
        "db": 1,
        "socket_timeout": 2,
    }


def other_server_issues_a_ticket_meanwhile(store, other, conversation_id):
    """Between reading the lock and writing it back, the other server issues its own ticket."""
    create_lock = store.create_lock
    other_tickets = []

    def create_and_interfere(cid):
        if not other_tickets:
            other_tickets.append(other.issue_ticket(cid))
        return create_lock(cid)

    store.create_lock = create_and_interfere
    return other_tickets


def test_two_servers_issuing_tickets_at_the_same_moment_get_different_ones(redis_server):
    ours, other = AtomicRedisLockStore(**settings(redis_server)), AtomicRedisLockStore(**settings(redis_server))
    conversation = "conversation-" + uuid.uuid4().hex
    other_tickets = other_server_issues_a_ticket_meanwhile(ours, other, conversation)
    mine = ours.issue_ticket(conversation)
    assert other_tickets == [0] and mine == 1
    assert [t.number for t in ours.get_lock(conversation).tickets] == [0, 1]  # both queued, in order


def test_rasas_own_redis_store_gives_both_servers_the_same_ticket(redis_server):
    """Why rasa_tuning/lock_store.py exists: with Rasa's store both servers would handle at once."""
    rasas, other = RedisLockStore(**settings(redis_server)), RedisLockStore(**settings(redis_server))
    conversation = "conversation-" + uuid.uuid4().hex
    other_tickets = other_server_issues_a_ticket_meanwhile(rasas, other, conversation)
    assert rasas.issue_ticket(conversation) == other_tickets[0] == 0


def test_lock_keys_expire_and_go_when_the_last_ticket_does(redis_server):
    store = AtomicRedisLockStore(**settings(redis_server))
    conversation = "+447700900123"  # on SMS the conversation id is a phone number
    first, second = store.issue_ticket(conversation), store.issue_ticket(conversation)
    key = store.key_prefix + conversation
    assert 0 < store.red.ttl(key) <= KEY_EXPIRY_SECONDS
    store.cleanup(conversation, first)
    assert [t.number for t in store.get_lock(conversation).tickets] == [second]
    store.cleanup(conversation, second)
    assert not store.red.exists(key)


def test_a_redis_failure_while_releasing_a_ticket_is_logged_not_raised(redis_server, caplog):
    store = AtomicRedisLockStore(**settings(redis_server))
    conversation = "conversation-" + uuid.uuid4().hex
    ticket = store.issue_ticket(conversation)
    redis_server.stop()
    try:
        store.cleanup(conversation, ticket)  # the message was handled and saved: no "try again"
    finally:
        redis_server.start()
    assert "Could not release a conversation's lock (ConnectionError)" in caplog.text
    assert conversation not in caplog.text
