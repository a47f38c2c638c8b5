"""Rasa's SQL tracker store, with the same tables and queries but lighter reads and writes.

`SQLTrackerStore` loads every event of the conversation as a full ORM object just to read its
JSON, counts stored events through a sub-select, and saves new events one ORM object at a time.
With 20 families that was about 40% of the Rasa server's CPU. This store reads only the JSON
column, inserts new events in one statement, and counts stored events only when it must: a
tracker it loaded remembers how many events the store held (the lock store lets one server at a
time handle a conversation, so nothing else adds events between loading and saving). The table, the
order of events (by id) and what counts as the current session are Rasa's own, so a database
written by either store can be read by the other. Use it with `type: rasa_tuning.tracker_store.
LeanSQLTrackerStore` in endpoints.yml and the same settings as `type: SQL`.

On a database server (PostgreSQL) it also checks each pooled connection before using it: after
the database restarts, Rasa's own store fails the first message on every stale connection. And
database errors never quote the values of a statement, which hold what families typed. If the
database is not up when the server starts, it waits for it: Rasa's store gives up on creating its
table at once and starts anyway, and then every message fails.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# Set on a tracker this store loaded or saved: how many of its events are in the database.
EVENTS_STORED = "_events_stored"
# How long a server starting up waits for the database before it gives up (and is restarted).
TABLE_ATTEMPTS, TABLE_RETRY_SECONDS = 60, 5

logger = logging.getLogger(__name__)


class LeanSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A SQLite file in a folder that does not exist yet (var/ in a fresh clone, started with a
        # bare `rasa run`): make the folder, or Rasa waits for a database that can never open.
        if kwargs.get("dialect") == "sqlite" and kwargs.get("db"):
            Path(kwargs["db"]).expanduser().parent.mkdir(parents=True, exist_ok=True)
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, hide_parameters=True, pool_pre_ping=self.engine.dialect.name != "sqlite", **create_engine_kwargs(url)
        )
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._ensure_table()

    def _ensure_table(self) -> None:
        for attempt in range(1, TABLE_ATTEMPTS + 1):
            try:
                self.Base.metadata.create_all(self.engine)  # does nothing if the table is there
                return
            except (sa.exc.OperationalError, sa.exc.ProgrammingError) as error:
                if attempt == TABLE_ATTEMPTS:
                    raise
                logger.warning(
                    "The database is not ready (%s); trying again in %d seconds.",
                    type(error).__name__,
                    TABLE_RETRY_SECONDS,
                )
                time.sleep(TABLE_RETRY_SECONDS)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not events or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:  # Rasa counts only the latest session's events
            setattr(tracker, EVENTS_STORED, len(events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        events = list(tracker.events)
        with self.session_scope() as session:
            stored = getattr(tracker, EVENTS_STORED, None)
            if stored is None:
                stored = self._stored_event_count(session, tracker.sender_id)
            rows = [self._row(tracker.sender_id, event) for event in events[stored:]]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()
        setattr(tracker, EVENTS_STORED, len(events))

    def _stored_event_count(self, session: Any, sender_id: str) -> int:
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        # order_by(None): an aggregate with ORDER BY id is an error in PostgreSQL.
        return query.with_entities(sa.func.count(self.SQLEvent.id)).order_by(None).scalar() or 0

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict[str, Any]:
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
