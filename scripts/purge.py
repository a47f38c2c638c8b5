"""Delete conversations nobody has written in for more than N days (default 30) from the SQL
tracker store named in endpoints.yml (SQLite for `make run`, PostgreSQL in production).

A conversation is every event stored under one sender id; it goes when its newest event is older
than the cut-off, so a conversation still in use is never cut in half. Run it daily (cron or a
Kubernetes CronJob; see README, "Privacy").

    python scripts/purge.py [--days 30] [--endpoints endpoints.yml] [--dry-run]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def open_store(endpoints: Path):
    from rasa.core.utils import AvailableEndpoints

    from rasa_tuning.tracker_store import LeanSQLTrackerStore

    settings = AvailableEndpoints.read_endpoints(str(endpoints)).tracker_store
    if settings is None:
        raise SystemExit(f"{endpoints} names no tracker store: nothing to purge.")
    return LeanSQLTrackerStore(
        domain=None, host=settings.url, **{k: v for k, v in settings.kwargs.items() if k != "type"}
    )


def purge(store, days: float, dry_run: bool = False, now: float | None = None) -> tuple[int, int]:
    """Delete (or with dry_run, count) old conversations; return (conversations, events)."""
    if days <= 0:
        raise ValueError("The retention period must be more than 0 days.")
    cutoff = (now if now is not None else time.time()) - days * 86400
    events = store.SQLEvent.__table__
    old = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
    with store.engine.begin() as connection:
        conversations = len(connection.execute(old).fetchall())
        if dry_run:
            count = connection.execute(
                sa.select(sa.func.count()).select_from(events).where(events.c.sender_id.in_(old))
            ).scalar()
            return conversations, count
        # One statement: a family who writes again while this runs keeps their conversation.
        deleted = connection.execute(events.delete().where(events.c.sender_id.in_(old.scalar_subquery()))).rowcount
    return conversations, deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", 30)))
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    args = parser.parse_args()
    if args.days <= 0:
        parser.error("--days must be more than 0 (0 would delete every conversation).")
    conversations, events = purge(open_store(args.endpoints), args.days, args.dry_run)
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {conversations} conversations ({events} events) with no activity for {args.days:g} days.")


if __name__ == "__main__":
    main()
