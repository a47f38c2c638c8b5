"""Rasa's Redis lock store, made safe for several Rasa servers.

The lock store lets only one server at a time handle a conversation's message. Rasa's Redis lock
store reads the conversation's lock, changes it, and writes it back in separate steps, so two
servers taking messages of the same conversation at the same moment (a double tap, a platform
re-sending) can both be given the first ticket, or one can wipe out the other's. Here each change
is one Redis transaction (WATCH/MULTI, retried if another server changed the lock in between).

Two more changes:
- Every lock key expires (two minutes after the longest a ticket can live). Rasa's keys stay for
  ever if a server stops mid-message, and a key names the conversation: on SMS, a phone number.
- If Redis fails after the message was handled and saved, releasing the ticket only logs the
  kind of error. Rasa raised it, so the family was told to try again and would have sent the
  same message twice.

Use it in endpoints.yml with `type: rasa_tuning.lock_store.AtomicRedisLockStore` and the same
settings as `type: redis`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

KEY_EXPIRY_SECONDS = int(LOCK_LIFETIME) + 120
Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **settings: Any) -> None:
        # Rasa builds a lock store named by module path from its endpoint settings.
        if endpoint_config is not None:
            settings = {"host": endpoint_config.url, **endpoint_config.kwargs, **settings}
        super().__init__(**settings)

    def _change(
        self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, Result]]
    ) -> Result:
        """Read the lock, change it and write it back (or delete it, for None) as one transaction."""
        key = self.key_prefix + conversation_id

        def attempt(pipe: Any) -> Result:
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else None
            changed, result = change(lock)
            pipe.multi()
            if changed is None or not changed.is_someone_waiting():
                pipe.delete(key)
            else:
                pipe.set(key, changed.dumps(), ex=KEY_EXPIRY_SECONDS)
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=KEY_EXPIRY_SECONDS)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock ({type(error).__name__}).") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def release(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, release)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # One transaction: the lock goes when its last ticket does (see _change).
        try:
            self.finish_serving(conversation_id, ticket_number)
        except Exception as error:  # noqa: BLE001 - the message was handled; its ticket expires
            logger.error("Could not release a conversation's lock (%s); it expires by itself.", type(error).__name__)
