"""The production shape on one machine: several Rasa servers started with endpoints.production.yml,
sharing one PostgreSQL tracker store and one Redis lock store, and one action server. Used by the
tests in tests/production/ and by `make bench-scale`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import requests

from channels.credentials import write_active_credentials
from tests.backing_services import PostgresServer, RedisServer
from tests.servers import ROOT, free_port, launch_actions, launch_rasa, stop_process, wait_until_answering

PRODUCTION_ENDPOINTS = ROOT / "endpoints.production.yml"


class Cluster:
    def __init__(
        self,
        workdir: Path,
        postgres: PostgresServer,
        redis: RedisServer,
        replicas: int = 2,
        extra_env: dict[str, str] | None = None,
    ):
        self.workdir = workdir
        self.postgres, self.redis = postgres, redis
        self.action_port = free_port()
        self.ports = [free_port() for _ in range(replicas)]
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **postgres.env(),
            **redis.env(),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            **(extra_env or {}),
        }
        self.credentials = workdir / "credentials.yml"
        self.action_log = workdir / "actions.log"
        self.rasa_logs = [workdir / f"rasa-{i + 1}.log" for i in range(replicas)]
        self.actions: subprocess.Popen | None = None
        self.replicas: list[subprocess.Popen | None] = []

    def url(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.ports[replica % len(self.ports)]}/webhooks/rest/webhook"

    def start(self) -> Cluster:
        write_active_credentials(ROOT / "channels.yml", self.credentials, self.env)
        self.start_actions()
        # One after another: the first creates the tables, as the first replica to start would.
        self.replicas = [None] * len(self.ports)
        for replica in range(len(self.ports)):
            self.start_replica(replica)
        return self

    def stop_replica(self, replica: int) -> None:
        stop_process(self.replicas[replica])

    def start_replica(self, replica: int) -> None:
        port, log = self.ports[replica], self.rasa_logs[replica]
        self.replicas[replica] = launch_rasa(port, PRODUCTION_ENDPOINTS, self.credentials, self.env, log)
        wait_until_answering(self.url(replica), [(self.replicas[replica], log), (self.actions, self.action_log)])

    def start_actions(self) -> None:
        self.actions = launch_actions(self.action_port, self.env, self.action_log)

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def stop(self) -> None:
        for process in self.replicas + [self.actions]:
            stop_process(process)

    def send(self, replica: int, sender: str, message: str, timeout: float = 60) -> requests.Response:
        return requests.post(self.url(replica), json={"sender": sender, "message": message}, timeout=timeout)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in self.rasa_logs + [self.action_log] if path.exists()
        )
