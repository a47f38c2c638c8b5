"""Conversations can hold details about a child's needs: at the default log level, no server
writes what a family typed."""

from __future__ import annotations

import uuid

from tests.production.test_replicas import LADDER

MARKER = "Brindlewick"


def test_no_message_text_in_the_rasa_or_action_server_logs(cluster):
    sender = "logs-" + uuid.uuid4().hex
    messages = [
        f"hello, my son {MARKER} is 7",
        f"the council refused to assess {MARKER}",
        "yes",
        f"/{MARKER}",
        f'/greet{{"{MARKER}": 1}}',
        *LADDER[3:],
    ]
    for turn, message in enumerate(messages):
        assert cluster.send(turn, sender, message).status_code == 200
    logs = cluster.logs()
    assert "INFO" in logs  # the logs are there, at the default level
    assert MARKER not in logs
