"""A family's conversation through the REST channel."""

from __future__ import annotations

import uuid

import pytest

from tests.servers import Servers


class Family:
    """One family's conversation through the REST channel."""

    def __init__(self, servers: Servers):
        self.servers = servers
        self.sender = "family-" + uuid.uuid4().hex
        self.replies: list[dict] = []

    def says(self, message: str) -> str:
        self.replies = self.servers.send(self.sender, message)
        return "\n".join(r.get("text", "") for r in self.replies)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        return [(b["title"], b["payload"]) for r in self.replies for b in r.get("buttons", [])]


@pytest.fixture
def family(servers):
    return Family(servers)
