"""Throwaway PostgreSQL and Redis servers on loopback, for the production-shape tests and
`make bench-scale`: each gets its own data folder and a free port, and is gone afterwards.

They use the machine's own servers (Debian's `postgresql` and `redis-server` packages; `.ci/run`
installs them). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the
Debian package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import redis

from tests.servers import free_port, stop_process

MISSING = "{what} is not installed. On Debian or Ubuntu: sudo apt-get install {package}"


def _postgres_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(MISSING.format(what="PostgreSQL", package="postgresql"))
    return found


class PostgresServer:
    """A PostgreSQL cluster with one database and a password-protected user, as in production."""

    def __init__(self, database: str = "send_guide", user: str = "send_guide", password: str = "test-db-password"):
        self.database, self.user, self.password = database, user, password
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="send-guide-postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.run_as = "postgres" if os.geteuid() == 0 else None
        if self.run_as:
            try:
                pwd.getpwnam(self.run_as)
            except KeyError:
                raise RuntimeError(
                    "Running as root needs the 'postgres' user that Debian's postgresql package creates."
                ) from None

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        subprocess.run(
            prefix + list(command),
            cwd=self.root,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def start(self) -> PostgresServer:
        password_file = self.root / "password"
        password_file.write_text(self.password)
        if self.run_as:
            shutil.chown(self.root, self.run_as)
            shutil.chown(password_file, self.run_as)
        self._run(
            _postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            f"--pwfile={password_file}",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        password_file.unlink()
        self._pg_ctl("start")
        connection = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname="postgres"
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.database}"')
        connection.close()
        return self

    def _pg_ctl(self, verb: str) -> None:
        # As in production (docker-compose.yml): failing statements, which quote what families typed,
        # stay out of the log.
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c log_min_error_statement=panic"
        self._run(
            _postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-m", "fast", verb
        )

    def stop_server(self) -> None:
        """Shut down, keeping the data: "fast" cuts open connections, as a real restart does."""
        self._pg_ctl("stop")

    def start_server(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        """Shut down for good and delete the data."""
        if self.data.exists():
            try:
                self._pg_ctl("stop")
            except subprocess.CalledProcessError:
                pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self) -> dict[str, str]:
        """The settings endpoints.production.yml reads."""
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_NAME": self.database,
            "DB_USER": self.user,
            "DB_PASSWORD": self.password,
        }

    def query(self, sql: str, *parameters) -> list[tuple]:
        with (
            psycopg2.connect(
                host="127.0.0.1", port=self.port, user=self.user, password=self.password, dbname=self.database
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
        connection.close()
        return rows


class RedisServer:
    """A Redis with a password and no persistence: the lock store only holds short-lived locks."""

    def __init__(self, password: str = "test-redis-password"):
        if not shutil.which("redis-server"):
            raise RuntimeError(MISSING.format(what="Redis", package="redis-server"))
        self.password = password
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="send-guide-redis-"))
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--requirepass",
                self.password,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=open(self.root / "redis.log", "ab"),
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password, socket_timeout=1)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("Redis did not start")

    def pause(self) -> None:
        """Stop answering without closing connections: a hung Redis."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused Redis cannot act on the stop
        stop_process(self.process)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self) -> dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port), "REDIS_PASSWORD": self.password}
