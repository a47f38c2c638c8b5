"""`make purge` on the PostgreSQL tracker store the servers share: old conversations go whole,
recent ones stay."""

from __future__ import annotations

import subprocess
import uuid

from tests.cluster import PRODUCTION_ENDPOINTS
from tests.production.conftest import stored_conversation
from tests.production.test_replicas import LADDER
from tests.servers import BIN, ROOT


def test_purge_deletes_old_conversations_from_postgresql_and_keeps_recent_ones(cluster, postgres):
    old, recent = "old-" + uuid.uuid4().hex, "recent-" + uuid.uuid4().hex
    for sender in (old, recent):
        for turn, message in enumerate(LADDER[:3]):
            assert cluster.send(turn, sender, message).status_code == 200
    postgres.query("UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = %s", f"rest:{old}")

    purge = subprocess.run(
        [str(BIN / "python"), "scripts/purge.py", "--endpoints", str(PRODUCTION_ENDPOINTS), "--days", "30"],
        cwd=ROOT,
        env=cluster.env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert purge.returncode == 0, purge.stderr[-2000:]
    assert purge.stdout.startswith("Deleted ")
    assert stored_conversation(postgres, old) == ([], [])
    assert stored_conversation(postgres, recent)[0] == LADDER[:3]
    # The servers carry on with the recent conversation, and the purged family simply starts afresh.
    assert cluster.send(1, recent, LADDER[3]).status_code == 200
    assert stored_conversation(postgres, recent)[0] == LADDER[:4]
    assert "Hello" in cluster.send(0, old, "hello").json()[0]["text"]
